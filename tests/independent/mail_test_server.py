"""An SMTP server for the `mail test` check, on aiosmtpd with Python's ssl
(OpenSSL): STARTTLS required, with the certificate and key given; AUTH
PLAIN/LOGIN (after STARTTLS) accepts user `mokuhyo` with the password in the
environment variable MAIL_TEST_PASSWORD; recipients whose local part is
`nobody` are refused (550); each message taken is stored as NNN.eml with its
accepted recipients in NNN.rcpt.

Usage: mail_test_server.py PORT OUTDIR CERT KEY
"""
import logging
import os
import ssl
import sys
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0] == "nobody":
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out, "%03d" % self.count)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"mokuhyo"
        and auth_data.password == os.environ["MAIL_TEST_PASSWORD"].encode()
    )
    # handled=False: aiosmtpd itself replies 535 to a failure.
    return AuthResult(success=ok, handled=False)


def main(port, out, cert, key):
    os.makedirs(out, exist_ok=True)
    # A refused handshake is expected here: not logged with its traceback.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore", DeprecationWarning)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Handler(out),
        hostname="127.0.0.1",
        port=int(port),
        server_hostname="relay.test.example.jp",
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main(*sys.argv[1:5])
