"""Sends the planning digest after the edits of check_history.py to aiosmtpd
and checks its section on the changes since the last digest (the week
before, for the first): 建設部's counts and the line of the last fill, with
its cell and who saved it.

The digest goes out on its weekday, on business days: the weekday is taken
from the first day from today on which `remind --dry-run` plans a digest."""
import datetime
import email
import mailbox
import subprocess
import sys
from email.policy import default

binary, work, port = sys.argv[1:4]
config = f"{work}/digest.toml"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def write_config(weekday):
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"""[folder]
path = "{work}/share"
[output]
dir = "{work}/out"
[state]
database = "{work}/state.sqlite"
[reminders]
enabled = false
[digest]
enabled = true
schedule = "0 0 9 * * {weekday}"
attach_consolidated = false
[mail]
from = "mokuhyo@city.example.jp"
planning = ["kikakuka@city.example.jp"]
transport = "smtp"
[mail.smtp]
host = "127.0.0.1"
port = {port}
security = "none"
timeout_secs = 20
""")


def remind(*args):
    done = subprocess.run([binary, "--config", config, "remind", *args], capture_output=True, text=True)
    assert done.returncode == 0, f"remind {args}: {done.stderr}"
    return done.stdout


japan = datetime.timezone(datetime.timedelta(hours=9))
today = datetime.datetime.now(japan).date()
send_day = None
for offset in range(7):
    day = today + datetime.timedelta(days=offset)
    write_config(DAYS[day.weekday()])
    if "=== digest/planning/" in remind("--dry-run", "--today", day.isoformat()):
        send_day = day
        break
assert send_day is not None, "no business day within a week"
print(remind("--today", send_day.isoformat()))

box = mailbox.Maildir(f"{work}/maildir", factory=None, create=False)
mails = [email.message_from_bytes(box.get_bytes(k), policy=default) for k in box.keys()]
assert len(mails) == 1, f"{len(mails)} mails"
digest = mails[0]
assert "kikakuka@city.example.jp" in str(digest["To"]), digest["To"]
body = digest.get_body(preferencelist=("plain",)).get_content()
assert "■ この1週間の変更" in body, body
assert "建設部: 報告の記入 2 件 / 書き換え 0 件 / 空欄化 1 件 / 期限の変更 0 件" in body, body
fill = [line for line in body.splitlines() if "中間報告 記入:" in line and "用地交渉中。" in line]
assert len(fill) == 1, body
assert "建設部.xlsx " in fill[0] and "!" in fill[0] and "［建設課 openpyxl］" in fill[0], fill[0]
html = digest.get_body(preferencelist=("html",)).get_content()
assert "用地交渉中。" in html, html
print(f"digest of {send_day}: ok")
