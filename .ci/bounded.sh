#!/usr/bin/env bash
# Runs a test command within a bound of time, so that a test that never ends fails
# the run with its name instead of holding it until the CI's own limit.
#   bash .ci/bounded.sh SECONDS COMMAND [ARG ...]
# The command's output goes through as it comes and is kept. When the bound is
# reached the command and everything it started are stopped, and the last lines
# say so, naming each test the test harness reported as running for over 60
# seconds and that never ended. Exit code: the command's, or 124 past the bound.
set -uo pipefail

bound=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT

timeout --kill-after=30 "$bound" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "== FAIL: stopped after its bound of $bound s: $*"
  # libtest: "test NAME has been running for over 60 seconds", then
  # "test NAME ... ok" (or FAILED) when it ends.
  long=$(sed -n 's/^test \(.*\) has been running for over 60 seconds$/\1/p' "$log" | sort -u)
  unfinished=0
  for test in $long; do
    if ! grep -qE "^test $test \.\.\. " "$log"; then
      echo "   still running when stopped: $test"
      unfinished=$((unfinished + 1))
    fi
  done
  [ "$unfinished" -gt 0 ] || echo "   no test was reported as running for over 60 seconds"
  echo "   the last lines before the stop:"
  tail -n 5 "$log" | sed 's/^/   | /'
  exit 124
fi
exit "$status"
