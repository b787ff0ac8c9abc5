"""Opens a consolidated workbook with openpyxl and checks it against the
fy2026 scenario: every item of every department, the empty interim cells in
未提出, hyperlinks to the source cells, strings never turned into formulas."""
import sys

import openpyxl

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
names = wb.sheetnames
for expected in ["概要", "全庁一覧", "期限一覧", "未提出", "取込エラー"]:
    assert expected in names, f"sheet {expected} missing: {names}"

items = wb["全庁一覧"]
header = [c.value for c in items[1]]
rows = [r for r in items.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
assert len(rows) == 58, f"全庁一覧 has {len(rows)} rows, expected 58"
dept_col = header.index("部局")
departments = {r[dept_col] for r in rows}
assert departments == {"総務部", "企画部", "市民生活部", "健康福祉部", "建設部"}, departments
assert items.freeze_panes is not None, "header row not frozen"
assert items.auto_filter.ref, "no autofilter"

links = [
    (c.hyperlink.target, c.hyperlink.location)
    for row in items.iter_rows(min_row=2)
    for c in row
    if c.hyperlink is not None
]
assert len(links) == 58, f"{len(links)} hyperlinks"
for target, location in links:
    assert target.startswith("/") and target.endswith(".xlsx"), f"not an absolute workbook path: {target}"
    assert location and "!" in location, f"no cell anchor: {location}"
assert any(t.endswith("令和8年度重点目標管理シート_総務部.xlsx") and l == "'重点目標管理シート1'!B9" for t, l in links), links[:3]

for row in items.iter_rows(min_row=2):
    for c in row:
        if isinstance(c.value, str):
            assert c.data_type != "f", f"{c.coordinate} is a formula"

missing = wb["未提出"]
text = "\n".join(str(v) for r in missing.iter_rows(values_only=True) for v in r if v is not None)
for dept, count in [("市民生活部", 5), ("建設部", 4)]:
    assert dept in text, f"{dept} not in 未提出"
for dept in ["総務部", "企画部", "健康福祉部"]:
    assert f"{dept}（" not in text and f"{dept} (" not in text, f"{dept} listed in 未提出"
print(f"{path}: ok ({len(rows)} items, {len(links)} links)")
