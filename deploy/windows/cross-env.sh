# Sourced (not run) by .ci/windows.sh and deploy/release.sh: prepares this Debian machine
# to build mokuhyo for Windows (x86_64-pc-windows-gnu) and run it under Wine. Installs what
# is missing from Debian — rustc-web 1.96 with the standard library's source (rustup's
# compiler cannot build that source), mingw-w64, Wine — and exports the environment the
# build needs; defines win_target and win_args (the cargo arguments of a Windows build).
# cargo then reaches crates.io: -Zbuild-std fetches the standard library's dependencies.

win_packages=(rustc-web cargo-web rust-web-src rust-web-clippy
  gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev wine64 wine)
win_missing=()
for package in "${win_packages[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)" = "ii " ] \
    || win_missing+=("$package")
done
if [ "${#win_missing[@]}" -gt 0 ]; then
  win_as_root=()
  [ "$(id -u)" -eq 0 ] || win_as_root=(sudo)
  DEBIAN_FRONTEND=noninteractive "${win_as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${win_as_root[@]}" \
    apt-get install -y -qq --no-install-recommends "${win_missing[@]}" >/dev/null
fi

# Debian's cargo, rustc and clippy in /usr/bin, ahead of rustup's proxies.
export PATH="/usr/bin:$PATH"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
# -Zbuild-std on Debian's stable compiler.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# The C parts (SQLite, mimalloc, ring) through the cc crate.
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
# Apart from the host's build, which it shares nothing with.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_WINDOWS:-$PWD/target/windows}"
# No debug information in the test build: the tests link faster and the folder stays a
# fraction of its 8 GB with it. A clean machine builds once: no incremental data either.
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_INCREMENTAL=0
win_target=x86_64-pc-windows-gnu
win_args=(--locked -Zbuild-std=std,panic_abort --target "$win_target")
