"""Fills a generated department workbook with openpyxl, or checks the
consolidated workbook for what was filled.

  fill FILE          writes an interim report into every item row of every
                     goal sheet of FILE (the 中間報告 column, as a person would)
  check BOOK empty   every 市民生活部 row of 全庁一覧 has an empty 中間報告
  check BOOK filled  every 市民生活部 row shows the text `fill` wrote
"""
import os
import sys
import tempfile

import openpyxl

DEPARTMENT = "市民生活部"


def report_text(sheet, row):
    return f"順調に進捗（{sheet} {row}行目）"


def fill(path):
    wb = openpyxl.load_workbook(path)
    written = 0
    for ws in wb.worksheets:
        header = None
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("中間報告"):
                    header = cell
                    break
            if header:
                break
        if header is None:
            continue
        for r in range(header.row + 1, ws.max_row + 1):
            number = ws.cell(r, 1).value
            item = ws.cell(r, 2).value
            if number is None or item is None or str(number).startswith("特記"):
                break
            target = ws.cell(r, header.column)
            assert not target.protection.locked, f"{ws.title}!{target.coordinate} is locked"
            target.value = report_text(ws.title, r)
            written += 1
    assert written > 0, "no item rows found"
    # Saved the way Excel does: a new file, then renamed over the old one.
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix="~tmp", suffix="")
    os.close(fd)
    wb.save(temp)
    os.replace(temp, path)
    print(f"{path}: {written} interim reports written")


def check(book, want):
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = list(wb["全庁一覧"].iter_rows(values_only=True))
    header = rows[0]
    dept, interim = header.index("部局"), header.index("中間報告")
    mine = [r for r in rows[1:] if r[dept] == DEPARTMENT]
    assert mine, f"no {DEPARTMENT} rows"
    values = [r[interim] for r in mine]
    if want == "empty":
        assert all(v in (None, "") for v in values), values
    else:
        assert all(isinstance(v, str) and v.startswith("順調に進捗") for v in values), values
    print(f"{book}: {len(mine)} {DEPARTMENT} rows, interim reports {want}")


if __name__ == "__main__":
    if sys.argv[1] == "fill":
        fill(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3])
