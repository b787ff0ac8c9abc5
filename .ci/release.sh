#!/usr/bin/env bash
# The release artefacts, built by the one documented command (deploy/release.sh) and used
# as an administrator would: the Debian package installs (user, state folder, units,
# configuration) and `mokuhyo --version` runs, then it is purged; the tarball's binary runs
# and its install.sh parses; the zip holds the exe and the service configuration.
# Called by .ci/run before .ci/windows.sh, which runs the release exe built here.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

bash deploy/release.sh
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
tarball=dist/mokuhyo-$version-linux-x86_64.tar.gz
deb=dist/mokuhyo_$version-1_amd64.deb
zip=dist/mokuhyo-$version-windows-x86_64.zip
for artefact in "$tarball" "$deb" "$zip"; do
  [ -s "$artefact" ] || { echo "FAIL: $artefact was not built"; exit 1; }
done

echo "== release check: the Debian package"
if dpkg-query -W mokuhyo >/dev/null 2>&1; then
  echo "FAIL: a mokuhyo package is installed on this machine already"
  exit 1
fi
user_existed=no
getent passwd mokuhyo >/dev/null && user_existed=yes
cleanup() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq mokuhyo >/dev/null 2>&1 || true
  if [ "$user_existed" = no ]; then
    "${as_root[@]}" userdel mokuhyo 2>/dev/null || true
    "${as_root[@]}" groupdel mokuhyo 2>/dev/null || true
    "${as_root[@]}" rm -rf /var/lib/mokuhyo
  fi
}
trap cleanup EXIT
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
/usr/bin/mokuhyo --version
[ "$(/usr/bin/mokuhyo --version)" = "mokuhyo $version" ] || { echo "FAIL: version"; exit 1; }
getent passwd mokuhyo >/dev/null || { echo "FAIL: no user mokuhyo"; exit 1; }
[ "$(stat -c %U /var/lib/mokuhyo)" = mokuhyo ] || { echo "FAIL: /var/lib/mokuhyo not the daemon's"; exit 1; }
grep -q '^ExecStart=/usr/bin/mokuhyo run' /lib/systemd/system/mokuhyo.service \
  || { echo "FAIL: the unit does not start /usr/bin/mokuhyo"; exit 1; }
[ -f /lib/systemd/system/mokuhyo-check.timer ] || { echo "FAIL: no check timer"; exit 1; }
[ "$(stat -c '%G %a' /etc/mokuhyo/mokuhyo.toml)" = "mokuhyo 640" ] \
  || { echo "FAIL: /etc/mokuhyo/mokuhyo.toml: $(stat -c '%G %a' /etc/mokuhyo/mokuhyo.toml)"; exit 1; }
# The configuration as installed, with the share an administrator sets in folder.path
# (config check also checks that the folder is there and the outputs can be written).
share=$(mktemp -d)
cp examples/shared-folder/* "$share/"
chmod -R a+rX "$share"
(cd /var/lib/mokuhyo && MOKUHYO__FOLDER__PATH="$share" /usr/bin/mokuhyo config check --config /etc/mokuhyo/mokuhyo.toml >/dev/null)
rm -rf "$share"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq mokuhyo >/dev/null
[ ! -e /usr/bin/mokuhyo ] || { echo "FAIL: /usr/bin/mokuhyo left after purge"; exit 1; }

echo "== release check: the Linux tarball"
unpacked=$(mktemp -d)
tar -C "$unpacked" -xzf "$tarball"
top=$unpacked/mokuhyo-$version-linux-x86_64
for file in mokuhyo install.sh mokuhyo.toml systemd/mokuhyo.service systemd/mokuhyo-check.timer \
  config/dictionary.toml templates/mail/reminder.body.txt README.md; do
  [ -e "$top/$file" ] || { echo "FAIL: $file missing from the tarball"; exit 1; }
done
"$top/mokuhyo" --version
sh -n "$top/install.sh"
rm -rf "$unpacked"

echo "== release check: the Windows zip"
python3 - "$zip" "mokuhyo-$version-windows-x86_64" <<'EOF'
import sys, zipfile
path, top = sys.argv[1:]
names = set(zipfile.ZipFile(path).namelist())
wanted = ["mokuhyo.exe", "mokuhyo-service.xml", "mokuhyo.toml", "config/dictionary.toml",
          "templates/mail/reminder.body.txt", "README.md"]
missing = [w for w in wanted if f"{top}/{w}" not in names]
if missing:
    sys.exit(f"FAIL: missing from the zip: {missing}")
print(f"{path}: {len(names)} files")
EOF
echo "== release check passed"
