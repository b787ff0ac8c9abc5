"""Goal-sheet structures written by openpyxl, a writer independent of ours,
and what `mokuhyo check --json` must read from them (also from the copies
LibreOffice saves as .xls and .ods).

    structures.py write DIR          writes the workbooks into DIR
    structures.py assert NAME JSON   checks the parse of workbook NAME
"""
import json
import sys

import openpyxl
from openpyxl.styles import Alignment

TITLE = "令和8年度　税務部　業務改善取組表"
HEADER = ["No", "取組項目", "期限", "第1四半期", "第2四半期", "第3四半期", "第4四半期"]
DEADLINES = ["9月末", "12月末", "年度末"]
DUE_2026 = ["2026-09-30", "2026-12-31", "2027-03-31"]
MONTHS = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]
ITEMS = 120


def write_long_sheet(path):
    """120 items under quarter progress columns; every 40 items a printed
    page repeats the title line and the header row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = 1
    for n in range(1, ITEMS + 1):
        if (n - 1) % 40 == 0:
            if n > 1:
                r += 1
            ws.cell(r, 1, TITLE)
            for c, h in enumerate(HEADER, start=1):
                ws.cell(r + 1, c, h)
            r += 2
        values = [str(n), f"取組{n}", DEADLINES[n % 3], "着手",
                  "実施中" if n % 2 == 0 else None, None, "完了" if n % 5 == 0 else None]
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
        r += 1
    wb.save(path)


def write_schedule(path):
    """One schedule grid per fiscal year, each on a sheet named for its
    year: スケジュール merged over twelve month columns, marks (an arrow
    merged across months), a legend row under the grid."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in ["令和6年度", "令和7年度"]:
        ws = wb.create_sheet(sheet)
        ws.cell(1, 1, "部局名")
        ws.cell(1, 2, "環境部")
        ws.cell(3, 1, "取組項目")
        ws.cell(3, 2, "担当課")
        ws.cell(3, 3, "スケジュール")
        ws.merge_cells(start_row=3, start_column=3, end_row=3, end_column=14)
        for i, m in enumerate(MONTHS):
            ws.cell(4, 3 + i, m)
        ws.cell(5, 1, "ごみ減量の啓発")
        ws.cell(5, 2, "環境政策課")
        for c in (3, 4, 5):
            ws.cell(5, c, "●")
        ws.cell(6, 1, "公園の再整備")
        ws.cell(6, 2, "公園緑地課")
        ws.cell(6, 6, "→")
        ws.merge_cells(start_row=6, start_column=6, end_row=6, end_column=11)
        ws.cell(6, 6).alignment = Alignment(horizontal="center")
        ws.cell(7, 1, "省エネ診断")
        ws.cell(7, 2, "環境政策課")
        ws.cell(7, 12, "○")
        ws.cell(7, 14, "○")
        ws.cell(8, 1, "●：実施　○：予定")
        ws.cell(8, 2, "→：継続")
    wb.save(path)


def sheets_of(doc):
    [file] = doc["files"]
    assert file["status"] == "ok", file
    return file["sheets"]


def items_of(sheet):
    return [item for goal in sheet["goals"] for item in goal["items"]]


def status(report):
    return report["status"]


def assert_long_sheet(doc):
    [sheet] = sheets_of(doc)
    assert sheet["fiscal_year"] == 2026, sheet["fiscal_year"]
    assert sheet["department"] == "税務部", sheet["department"]
    for part in ("repeated_headers", "progress_periods"):
        assert part in sheet["layout"], sheet["layout"]
    items = items_of(sheet)
    assert len(items) == ITEMS, f"{len(items)} items, expected {ITEMS}"
    for n, item in enumerate(items, start=1):
        expected = (
            f"取組{n}",
            [DUE_2026[n % 3]],
            "filled" if n % 2 == 0 else "empty",
            "filled" if n % 5 == 0 else "empty",
        )
        got = (item["title"], item["due"], status(item["interim"]), status(item["year_end"]))
        assert got == expected, f"item {n}: {got} != {expected}"
    assert sheet["warnings"] == [], sheet["warnings"]
    assert sheet["coverage"]["not_used_in_items"] == [], sheet["coverage"]
    return f"{len(items)} items"


def assert_schedule(doc):
    sheets = sheets_of(doc)
    got_years = [(s["sheet"], s["fiscal_year"], s["fiscal_year_from"]["kind"]) for s in sheets]
    assert got_years == [("令和6年度", 2024, "sheet_name"), ("令和7年度", 2025, "sheet_name")], got_years
    for sheet in sheets:
        fy = sheet["fiscal_year"]
        assert sheet["department"] == "環境部", sheet["department"]
        assert "schedule_grid" in sheet["layout"], sheet["layout"]
        got = [(i["title"], i["due"], i["deadline_text"], i["owners"]) for i in items_of(sheet)]
        expected = [
            ("ごみ減量の啓発", [f"{fy}-06-30"], "4月～6月", ["環境政策課"]),
            ("公園の再整備", [f"{fy}-12-31"], "7月～12月", ["公園緑地課"]),
            ("省エネ診断", [f"{fy + 1}-03-31"], "1月、3月", ["環境政策課"]),
        ]
        assert got == expected, f"{sheet['sheet']}: {got}"
        assert sheet["coverage"]["not_used_in_items"] == [], sheet["coverage"]
    return f"{len(sheets)} fiscal years"


WORKBOOKS = {
    "業務改善取組表": (write_long_sheet, assert_long_sheet),
    "工程表": (write_schedule, assert_schedule),
}

if __name__ == "__main__":
    if sys.argv[1] == "write":
        for name, (write, _) in WORKBOOKS.items():
            write(f"{sys.argv[2]}/{name}.xlsx")
    else:
        name, path = sys.argv[2], sys.argv[3]
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        print(f"{path}: ok ({WORKBOOKS[name][1](doc)})")
