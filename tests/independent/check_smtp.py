"""Reads the mails aiosmtpd stored and checks them against the fy2026 scenario.

Expected: one reminder each to 市民生活部 (5 empty 中間報告 cells) and 建設部 (4),
sent once although `remind` ran twice that day; then one overdue notice each,
copied to the planning section.
"""
import mailbox
import sys
from email.header import decode_header, make_header
from email.policy import default


def text_of(message):
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def main(maildir):
    box = mailbox.Maildir(maildir, factory=None, create=False)
    mails = []
    for key in box.keys():
        raw = box.get_bytes(key)
        mails.append(__import__("email").message_from_bytes(raw, policy=default))
    summary = sorted(
        (str(m["To"]), str(m.get("Cc", "")), str(make_header(decode_header(m["Subject"]))))
        for m in mails
    )
    for line in summary:
        print(line)
    assert len(mails) == 4, f"expected 4 mails (2 reminders, 2 overdue notices), got {len(mails)}"

    def pick(to, cc_wanted):
        found = [m for m in mails if to in str(m["To"]) and bool(m.get("Cc")) == cc_wanted]
        assert len(found) == 1, f"{to} (cc={cc_wanted}): {len(found)} mails"
        return found[0]

    for to, department, empty in (
        ("shimin@city.example.jp", "市民生活部", 5),
        ("kensetsu@city.example.jp", "建設部", 4),
    ):
        reminder = pick(to, False)
        subject = str(make_header(decode_header(reminder["Subject"])))
        assert department in subject or department in text_of(reminder), subject
        body = text_of(reminder)
        cells = [line for line in body.splitlines() if line.strip().startswith("記入するセル:")]
        assert len(cells) == empty, f"{department}: {len(cells)} cells listed, want {empty}:\n{body}"
        assert all("!" in line for line in cells), cells
        assert f"次の{empty}件の中間報告欄がまだ空欄となっております" in body, body
        assert f"{department} ご担当者様" in body, body
        assert "共有フォルダのファイルに直接記入して保存してください（このメールへの返信は不要です）" in body, body
        assert "問い合わせ先: " in body, body
        overdue = pick(to, True)
        assert "kikakuka@city.example.jp" in str(overdue["Cc"]), overdue["Cc"]
        overdue_subject = str(make_header(decode_header(overdue["Subject"])))
        assert "提出遅れ" in overdue_subject, overdue_subject
        assert reminder["Message-ID"] != overdue["Message-ID"]
        assert reminder["From"] is not None and "mokuhyo@city.example.jp" in str(reminder["From"])
    print(f"{maildir}: ok ({len(mails)} mails through aiosmtpd)")


if __name__ == "__main__":
    main(sys.argv[1])
