#!/usr/bin/env bash
# The Windows build of mokuhyo (x86_64-pc-windows-gnu), built and run on this
# Linux machine: Debian's rustc-web (1.96) builds the standard library from its
# source (rust-web-src) for the target, mingw-w64 links, Wine runs the result.
# Called by .ci/run on a clean clone after .ci/release.sh (whose Windows release
# exe it runs); installs what it needs from Debian, and reaches crates.io
# (build-std fetches the standard library's dependencies).
#
# Steps: Windows clippy with -D warnings; the test suite built for Windows and
# run under Wine; the release exe built and run as an administrator would run
# it (config check, check, consolidate, run seeing a saved workbook, status
# --check, mokuhyo stop, Ctrl-C). Each step's time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

declare -a timings=()
step_started=$SECONDS
step() {
  local now=$SECONDS
  [ -z "${step_name:-}" ] || timings+=("$step_name: $((now - step_started)) s")
  step_name=$1
  step_started=$now
  echo "== windows: $1"
}

step "packages (Debian's rustc-web with the std source, mingw-w64, wine)"
# Installs what is missing and exports the build's environment (win_target, win_args).
# shellcheck source=../deploy/windows/cross-env.sh
. deploy/windows/cross-env.sh
target=$win_target
rustc --version
cargo --version
x86_64-w64-mingw32-gcc --version | head -n 1
wine --version

step "wine prefix with the bcryptprimitives.dll stand-in"
work=$(mktemp -d)
cleanup() {
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" \
  .ci/windows/bcryptprimitives.c -ladvapi32
wine wineboot --init >/dev/null 2>&1 || true
wineserver -w
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

step "clippy for Windows (-D warnings)"
nice -n 10 cargo clippy "${win_args[@]}" --all-targets -- -D warnings

step "test suite built for Windows"
nice -n 10 cargo test "${win_args[@]}" --no-run

step "test suite under wine"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$root/.ci/windows/runner.sh" nice -n 10 \
  bash .ci/bounded.sh 1800 cargo test "${win_args[@]}" --no-fail-fast

step "release exe"
# Already built by .ci/release.sh for the zip when that ran first (the same
# target folder, deploy/windows/cross-env.sh): cargo then finds it up to date.
nice -n 10 cargo build "${win_args[@]}" --release
exe="$CARGO_TARGET_DIR/$target/release/mokuhyo.exe"
ls -l "$exe"

step "smoke run of the release exe"
bash .ci/windows/smoke.sh "$exe" "$work/smoke"

step "done"
echo "== windows: time per step"
printf '   %s\n' "${timings[@]}"
echo "== windows: passed in $SECONDS s"
