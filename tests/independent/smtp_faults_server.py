"""An SMTP server for the fault checks, on aiosmtpd: refuses every recipient
whose address starts with a given local part (550), stores each message it
takes as NNN.eml with the recipients it accepted in NNN.rcpt, and holds its
reply to the end of a message back for as many seconds as the file `delay`
in the output folder says (read at each message).

Usage: smtp_faults_server.py PORT OUTDIR REFUSED_LOCAL_PART
"""
import asyncio
import os
import sys
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, out, refused):
        self.out = out
        self.refused = refused
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0] == self.refused:
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
        try:
            with open(os.path.join(self.out, "delay")) as f:
                delay = float(f.read().strip() or 0)
        except FileNotFoundError:
            delay = 0
        await asyncio.sleep(delay)
        return "250 Message accepted for delivery"


def main(port, out, refused):
    os.makedirs(out, exist_ok=True)
    controller = Controller(Handler(out, refused), hostname="127.0.0.1", port=int(port))
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
