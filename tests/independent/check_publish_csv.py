"""Reads the publish CSV of the fy2026 scenario with Python's csv module, as a
city's site tooling would: UTF-8 with a byte order mark, one row per item of
the workbook's 全庁一覧, the configured columns, and no cell a spreadsheet
would evaluate as a formula."""
import csv
import sys

path = sys.argv[1]
with open(path, "rb") as raw:
    assert raw.read(3) == b"\xef\xbb\xbf", "no UTF-8 byte order mark"
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
assert header == ["年度", "部局", "担当課", "目標", "取組", "期限", "中間報告", "期末報告", "達成度", "状態"], header
assert len(body) == 58, f"{len(body)} rows, expected 58"
assert {r[0] for r in body} == {"令和8年度"}, {r[0] for r in body}
assert {r[1] for r in body} == {"総務部", "企画部", "市民生活部", "健康福祉部", "建設部"}
for r in body:
    assert len(r) == len(header), r
    for cell in r:
        assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r"), f"a formula-looking cell: {cell!r}"
print(f"publish CSV: {len(body)} rows read back")
