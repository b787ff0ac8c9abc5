"""Reads the messages the `mail test` server stored with Python's email
package: exactly one test mail, to the accepted address, its subject and
Japanese body decoded.

Usage: check_mail_test.py OUTDIR ADDRESS
"""
import email
import email.policy
import glob
import sys


def main(out, address):
    stored = sorted(glob.glob(out + "/*.eml"))
    assert len(stored) == 2, stored  # the successful test and the one with a refused recipient
    for path in stored:
        with open(path, "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
        with open(path[: -len(".eml")] + ".rcpt") as f:
            assert f.read().split("\n") == [address]
        assert message["Subject"] == "【mokuhyo】送信テスト", message["Subject"]
        body = message.get_body(("plain",)).get_content()
        assert "mokuhyo の送信テストです" in body, body
        assert message["Message-ID"], "no Message-ID"
    print("%s: ok (%d test mails to %s, subject and body decoded)" % (out, len(stored), address))


if __name__ == "__main__":
    main(*sys.argv[1:3])
