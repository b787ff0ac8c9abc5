#!/usr/bin/env bash
# Cargo's runner for the Windows test binaries: each runs under Wine once the
# wineserver of the one before has ended. A wineserver stays a few seconds after
# its last client; a binary started just then meets it going ("wine client
# error:0: recvmsg: Connection reset by peer"). Waiting costs those seconds per
# binary and leaves no server running past the suite (whose services would hold
# the suite's output open).
set -euo pipefail
wineserver -w
exec wine "$@"
