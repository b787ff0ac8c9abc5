"""Checks what the fault server stored (smtp_faults_server.py).

refused OUTDIR REFUSED DEPUTY: every overdue notice reached its department and
the deputy planning address although the server refused REFUSED, and `status`
(on standard input) names the refused address with the server's reply.

resent OUTDIR ADDRESS: the mail to ADDRESS arrived twice (the sender died
waiting for the reply to the first), both with the same Message-ID.
"""
import email
import glob
import os
import sys
from email.header import decode_header, make_header
from email.policy import default


def stored(out):
    mails = []
    for path in sorted(glob.glob(os.path.join(out, "*.eml"))):
        with open(path, "rb") as f:
            message = email.message_from_bytes(f.read(), policy=default)
        with open(path[: -len(".eml")] + ".rcpt") as f:
            rcpt = f.read().split("\n")
        mails.append((message, rcpt))
    return mails


def refused(out, refused_address, deputy):
    status = sys.stdin.read()
    notices = [
        (m, rcpt)
        for m, rcpt in stored(out)
        if "提出遅れ" in str(make_header(decode_header(m["Subject"])))
    ]
    departments = sorted(rcpt[0] for _, rcpt in notices)
    assert departments == ["kensetsu@city.example.jp", "shimin@city.example.jp"], departments
    for message, rcpt in notices:
        assert rcpt[1:] == [deputy], rcpt
        assert refused_address in str(message["Cc"]), message["Cc"]
    lines = [l for l in status.splitlines() if refused_address in l and "550" in l]
    assert len(lines) >= 2, status
    print("%s: ok (%d notices delivered, %s refused and shown)" % (out, len(notices), refused_address))


def resent(out, address):
    copies = [m for m, rcpt in stored(out) if address in rcpt]
    assert len(copies) == 2, "expected the mail twice, got %d" % len(copies)
    ids = {str(m["Message-ID"]) for m in copies}
    assert len(ids) == 1, ids
    print("%s: ok (sent again after the lost reply, same Message-ID %s)" % (out, ids.pop()))


if __name__ == "__main__":
    if sys.argv[1] == "refused":
        refused(*sys.argv[2:5])
    else:
        resent(*sys.argv[2:4])
