#!/usr/bin/env bash
# mokuhyo's release artefacts, for servers that have no Rust toolchain and no internet:
#   dist/mokuhyo-VERSION-linux-x86_64.tar.gz   binary, configuration, templates, systemd units,
#                                               install.sh (creates the user, installs the units)
#   dist/mokuhyo_VERSION-1_amd64.deb           the Debian package (cargo-deb)
#   dist/mokuhyo-VERSION-windows-x86_64.zip    mokuhyo.exe, configuration, templates, the
#                                               Windows service configuration
# Usage, on Debian 12 (x86-64) with Rust and access to crates.io and Debian's mirrors:
#   bash deploy/release.sh
# Installs cargo-deb and the Windows cross toolchain (deploy/windows/cross-env.sh) when
# missing. Each archive unpacks to one folder named like the archive.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
dist=$root/dist
rm -rf "$dist"
mkdir -p "$dist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# What every archive holds besides the program.
common_files() {
  mkdir -p "$1/config" "$1/templates"
  cp config/mokuhyo.toml "$1/mokuhyo.toml"
  cp config/dictionary.toml config/grades.toml config/roster.example.csv "$1/config/"
  cp -R templates/mail templates/workbook "$1/templates/"
  cp README.md "$1/"
}

echo "== release: Linux binary"
cargo build --release --locked
"$root/target/release/mokuhyo" --version

echo "== release: Linux tarball"
name=mokuhyo-$version-linux-x86_64
mkdir -p "$stage/$name/systemd"
install -m 755 target/release/mokuhyo "$stage/$name/mokuhyo"
common_files "$stage/$name"
cp deploy/mokuhyo.service deploy/mokuhyo-check.service deploy/mokuhyo-check.timer \
  "$stage/$name/systemd/"
cp deploy/zabbix_agentd.mokuhyo.conf "$stage/$name/"
install -m 755 deploy/install.sh "$stage/$name/install.sh"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$dist/$name.tar.gz" "$name"

echo "== release: Debian package"
if ! cargo deb --version >/dev/null 2>&1; then
  cargo install cargo-deb --locked --version '^3'
fi
# The package's units start /usr/bin/mokuhyo.
mkdir -p target/deb-units
for unit in mokuhyo.service mokuhyo-check.service mokuhyo-check.timer; do
  sed 's|/usr/local/bin/mokuhyo|/usr/bin/mokuhyo|g' "deploy/$unit" >"target/deb-units/$unit"
done
cargo deb --no-build --locked --output "$dist/"

echo "== release: Windows zip"
# shellcheck source=windows/cross-env.sh
. deploy/windows/cross-env.sh
nice -n 10 cargo build "${win_args[@]}" --release
name=mokuhyo-$version-windows-x86_64
mkdir -p "$stage/$name"
cp "$CARGO_TARGET_DIR/$win_target/release/mokuhyo.exe" "$stage/$name/"
common_files "$stage/$name"
cp deploy/windows/mokuhyo-service.xml "$stage/$name/"
python3 - "$stage" "$name" "$dist/$name.zip" <<'EOF'
import os, sys, zipfile
stage, name, target = sys.argv[1:]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(os.path.join(stage, name))):
        for file in sorted(files):
            path = os.path.join(folder, file)
            archive.write(path, os.path.relpath(path, stage))
EOF

echo "== release: dist/"
ls -l "$dist"
