"""The recipient roster written by openpyxl as a person would, and what
mokuhyo made of it.

    write PATH          the roster: 使い方 sheet, then 名簿 with the April switch
    mails MAILDIR WHEN  the reminders aiosmtpd received so far (march / april)
    checks MARCH APRIL  the output of `roster check` on both days
    break PATH          a later save with a bad address in 名簿!C6
    broken CHECK DRY    `roster check` and `remind --dry-run` after that save
"""
import datetime
import email
import mailbox
import sys
from email.policy import default

import openpyxl
from openpyxl.styles import Alignment, Font


def write(path):
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "使い方"
    guide["A1"] = "宛先名簿の使い方"
    guide["A2"] = "名簿シートに部・課ごとに1行。4月の異動は有効開始日を入れて前もって追加する。"
    ws = wb.create_sheet("名簿")
    ws["A1"] = "令和8年度 目標管理 宛先名簿（企画課）"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["名称", "別名", "宛先（To）", "CC", "有効開始日", "有効終了日", "上位部局"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    wareki = '[$-ja-JP-x-gannen]ggge"年"m"月"d"日";@'
    rows = [
        ["総務部", "総務部総務課", "somu@city.example.jp", None, None, None, None],
        ["市民生活部", None, "shimin@city.example.jp", None, None, "令和9年3月31日", None],
        ["市民部", "市民生活部、市民課", "shimin-new@city.example.jp",
         "shimin-kacho@city.example.jp", datetime.datetime(2027, 4, 1), None, None],
        ["建設部", None, "kensetsu@city.example.jp", None, None, datetime.datetime(2027, 3, 31), None],
        ["建設部", None, "kensetsu-new@city.example.jp", None, datetime.datetime(2027, 4, 1), None, None],
        ["道路課", None, None, None, None, None, "建設部"],
    ]
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=4, min_col=5, max_col=6):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = wareki
    for column, width in zip("ABCDEFG", (14, 22, 30, 30, 16, 16, 12)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A4"
    wb.save(path)


def received(maildir):
    box = mailbox.Maildir(maildir, factory=None, create=False)
    return [email.message_from_bytes(box.get_bytes(k), policy=default) for k in box.keys()]


def mails(maildir, when):
    got = received(maildir)
    rcpts = sorted(str(m["X-RcptTo"]) for m in got)
    print(when, rcpts)
    if when == "march":
        assert any("shimin@city.example.jp" == r for r in rcpts), rcpts
        assert any("kensetsu@city.example.jp" == r for r in rcpts), rcpts
        assert not any("-new@" in r for r in rcpts), rcpts
        assert not any("toml-shimin" in r for r in rcpts), "the roster overrides the TOML section"
        return
    april = [m for m in got if "-new@" in str(m["X-RcptTo"])]
    shimin = [m for m in april if "shimin-new@city.example.jp" in str(m["X-RcptTo"])]
    assert len(shimin) == 1, [str(m["X-RcptTo"]) for m in april]
    assert "shimin-kacho@city.example.jp" in str(shimin[0]["X-RcptTo"])
    assert "市民部" in str(shimin[0]["Subject"]) or "市民部" in shimin[0].get_body(
        preferencelist=("plain",)).get_content()
    assert any(str(m["X-RcptTo"]) == "kensetsu-new@city.example.jp" for m in april), \
        "建設部 reached at its new address"
    assert len(got) == 6, f"3 mails on each day, got {len(got)}: {rcpts}"


def checks(march, april):
    march = open(march, encoding="utf-8").read()
    april = open(april, encoding="utf-8").read()
    print(march)
    print(april)
    assert "市民生活部  To shimin@city.example.jp  [名簿!A5]" in march, march
    assert "next switch: 2027-04-01" in march, march
    assert "~ 建設部: To kensetsu@city.example.jp → To kensetsu-new@city.example.jp" in march
    assert "市民部  To shimin-new@city.example.jp; CC shimin-kacho@city.example.jp" in april
    assert "市民生活部" not in april.split("recipients on")[1].split("\n")[1], april


def break_roster(path):
    wb = openpyxl.load_workbook(path)
    wb["名簿"]["C6"] = "shimin-new＠city.example.jp"
    wb.save(path)


def broken(check, dry):
    check = open(check, encoding="utf-8").read()
    dry = open(dry, encoding="utf-8").read()
    print(check)
    assert "problem: 名簿!C6: not a mail address" in check, check
    assert "the last good roster" in check, check
    assert "市民部  To shimin-new@city.example.jp" in check, check
    assert "名簿!C6" in dry, dry


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {
        "write": write,
        "mails": mails,
        "checks": checks,
        "break": break_roster,
        "broken": broken,
    }[command](*args)
