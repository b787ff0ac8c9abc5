#!/usr/bin/env python3
"""Independent check of workbooks written by `mokuhyo template`.

openpyxl (not the crate's own reader) loads every file given and checks the
sheet names, sheet protection (no password by default), locked label cells
and unlocked input cells, and the data validations each layout defines.
Usage: check_template.py ueda|ogori FILE...
"""
import sys

import openpyxl


def fail(path, message):
    print(f"FAIL {path}: {message}")
    sys.exit(1)


def check_protection(path, ws):
    if not ws.protection.sheet:
        fail(path, f"{ws.title}: sheet not protected")
    if ws.protection.password:
        fail(path, f"{ws.title}: protected with a password")


def validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng] = dv
    return out


def check_ueda(path, wb):
    names = wb.sheetnames
    if names[0] != "重点目標":
        fail(path, f"first sheet is {names[0]}")
    goal_sheets = names[1:]
    if not goal_sheets or any(n != f"重点目標管理シート{i}" for i, n in enumerate(goal_sheets, 1)):
        fail(path, f"goal sheets are {goal_sheets}")
    for ws in wb.worksheets:
        check_protection(path, ws)
        if ws.page_setup.paperSize not in (9, "9") or ws.page_setup.orientation != "landscape":
            fail(path, f"{ws.title}: not A4 landscape")
        if not ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.fitToWidth not in (1, None):
            fail(path, f"{ws.title}: not fitted to the page width")
    for name in goal_sheets:
        ws = wb[name]
        if not str(ws["A1"].value).endswith("年度 重点目標管理シート"):
            fail(path, f"{name}!A1 = {ws['A1'].value!r}")
        if ws["B8"].value != "取組項目及び方法・手段（何をどのように）":
            fail(path, f"{name}!B8 = {ws['B8'].value!r}")
        if ws["A3"].value != "重点目標" or not ws["A3"].protection.locked:
            fail(path, f"{name}!A3 is not a locked label")
        if ws["B3"].protection.locked:
            fail(path, f"{name}!B3 (重点目標) is locked")
        merged = {str(r) for r in ws.merged_cells.ranges}
        for rng in ("A1:G1", "B3:C3", "B6:G6", "B7:G7", "F8:G8"):
            if rng not in merged:
                fail(path, f"{name}: {rng} not merged")
        widths = [ws.column_dimensions[c].width for c in "ABCDEFG"]
        if widths != [10.5, 42.0, 16.0, 30.0, 44.0, 40.0, 6.0]:
            # rust_xlsxwriter stores widths with padding; allow its rounding.
            if any(abs(w - e) > 1.0 for w, e in zip(widths, [10.5, 42.0, 16.0, 30.0, 44.0, 40.0, 6.0])):
                fail(path, f"{name}: column widths {widths}")
        row = 9
        while ws.cell(row, 1).value not in (None, "特記事項"):
            for col in (2, 3, 4, 5, 6):
                if ws.cell(row, col).protection.locked:
                    fail(path, f"{name}: input cell {ws.cell(row, col).coordinate} is locked")
            if not ws.cell(row, 1).protection.locked:
                fail(path, f"{name}: item number {ws.cell(row, 1).coordinate} is not locked")
            dvs = validations(ws)
            for col in "EF":
                ref = f"{col}{row}" if col == "E" else f"F{row}:G{row}"
                dv = dvs.get(ref)
                if dv is None or not dv.prompt:
                    fail(path, f"{name}: no input message on {ref}")
            row += 1
        if ws.cell(row, 1).value != "特記事項":
            fail(path, f"{name}: no 特記事項 row after the items (row {row})")


def check_ogori(path, wb):
    if wb.sheetnames != ["実施項目"]:
        fail(path, f"sheets are {wb.sheetnames}")
    ws = wb["実施項目"]
    check_protection(path, ws)
    if ws.page_setup.orientation != "portrait":
        fail(path, "not portrait")
    blocks = [c.row for c in ws["A"] if c.value == "項目番号"]
    if not blocks:
        fail(path, "no item block")
    dvs = validations(ws)
    for top in blocks:
        rate = f"F{top + 4}"
        dv = dvs.get(rate)
        if dv is None or dv.type != "list" or "100%" not in (dv.formula1 or ""):
            fail(path, f"no 達成度 list on {rate}")
        if ws[rate].protection.locked:
            fail(path, f"{rate} is locked")
        if not str(ws[f"A{top + 4}"].value).endswith("年度実績"):
            fail(path, f"A{top + 4} = {ws[f'A{top + 4}'].value!r}")


def main():
    layout, paths = sys.argv[1], sys.argv[2:]
    if not paths:
        fail("-", "no file given")
    for path in paths:
        wb = openpyxl.load_workbook(path)
        {"ueda": check_ueda, "ogori": check_ogori}[layout](path, wb)
        print(f"ok {path}: {', '.join(wb.sheetnames)}")


if __name__ == "__main__":
    main()
