"""Compares a consolidated workbook with the copy LibreOffice saved of it:
the same sheets, and in 全庁一覧 the same rows with the same texts, so
LibreOffice read every cell we wrote."""
import sys

import openpyxl


def rows(ws):
    return [
        r
        for r in ws.iter_rows(values_only=True)
        if any(v is not None and v != "" for v in r)
    ]


original_path, resaved_path = sys.argv[1], sys.argv[2]
original = openpyxl.load_workbook(original_path)
resaved = openpyxl.load_workbook(resaved_path)
assert resaved.sheetnames == original.sheetnames, (resaved.sheetnames, original.sheetnames)

ours, theirs = rows(original["全庁一覧"]), rows(resaved["全庁一覧"])
assert len(ours) == 59, f"全庁一覧 has {len(ours)} rows with the header, expected 59"
assert len(theirs) == len(ours), f"LibreOffice kept {len(theirs)} of {len(ours)} rows of 全庁一覧"
texts = 0
for n, (a, b) in enumerate(zip(ours, theirs), start=1):
    for col, (x, y) in enumerate(zip(a, b), start=1):
        if isinstance(x, str):
            texts += 1
            assert x == y, f"全庁一覧 row {n} column {col}: {x!r} became {y!r}"
for name in original.sheetnames:
    assert len(rows(resaved[name])) == len(rows(original[name])), f"{name}: row count changed"
print(f"{resaved_path}: ok ({len(theirs) - 1} items, {texts} texts as written)")
