#!/usr/bin/env bash
# `mokuhyo mail test` and `mail.smtp.ca_file` against an SMTP server and a
# TLS stack independent of ours: aiosmtpd with Python's ssl (OpenSSL) on
# loopback, requiring STARTTLS and AUTH, with a server certificate from a CA
# the openssl command line makes here. Without ca_file the handshake fails
# and the presented certificate is shown; with it each step passes; a wrong
# password fails at AUTH, a refused recipient at RCPT TO; `config check`
# shows the CA; the password is never printed; no ledger is written.
# Python's email package reads what arrived.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/independent/common.bash

echo "-- a CA and a server certificate for 127.0.0.1 (openssl)"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/O=Example City/CN=Example City Internal CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=relay.test.example.jp" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 825 -extfile "$work/ext.cnf" -out "$work/server.pem" 2>/dev/null

export MAIL_TEST_PASSWORD="Indep-Pa55-word-9"
port="$(free_port)"
python3 tests/independent/mail_test_server.py "$port" "$work/mail" "$work/server.pem" "$work/server.key" &
server=$!
wait_for_port "$port"

# A configuration; $1: its name, $2: extra [mail.smtp] lines.
config() {
  cat > "$work/$1.toml" <<TOML
[folder]
path = "$work/share"
[state]
database = "$work/state.sqlite"
[mail]
from = "mokuhyo@city.example.jp"
transport = "smtp"
[mail.smtp]
host = "127.0.0.1"
port = $port
security = "starttls"
username = "mokuhyo"
password_env = "MOKUHYO_SMTP_PASSWORD"
timeout_secs = 20
$2
TOML
}
# The shared folder there, so that `config check` finds the machine ready.
mkdir -p "$work/share"
config plain ""
config with-ca "ca_file = \"$work/ca.pem\""

# Runs `mail test`; $1: expected exit code, $2: configuration, $3: password, the rest: --to addresses.
mail_test() {
  local want="$1" cfg="$2" password="$3"
  shift 3
  local args=()
  for to in "$@"; do args+=(--to "$to"); done
  set +e
  env -u SSL_CERT_FILE -u SSL_CERT_DIR MOKUHYO_SMTP_PASSWORD="$password" \
    "$bin" mail test --config "$work/$cfg.toml" "${args[@]}" > "$work/out.txt" 2>&1
  local got=$?
  set -e
  cat "$work/out.txt"
  [ "$got" -eq "$want" ] || { echo "FAIL: exit $got, expected $want"; exit 1; }
  if grep -q -- "$password" "$work/out.txt"; then echo "FAIL: the password was printed"; exit 1; fi
}
expect() {
  grep -qF -- "$1" "$work/out.txt" || { echo "FAIL: expected: $1"; exit 1; }
}

echo "-- config check shows the CA"
"$bin" config check --config "$work/with-ca.toml" > "$work/out.txt"
expect "#   subject O=Example City, CN=Example City Internal CA, issuer O=Example City, CN=Example City Internal CA, valid until "

echo "-- the system's store alone: STARTTLS fails, the presented certificate is shown"
mail_test 1 plain "$MAIL_TEST_PASSWORD" kikakuka@city.example.jp
expect "FAILED at STARTTLS: "
expect "the server presented: subject CN=relay.test.example.jp, issuer O=Example City, CN=Example City Internal CA"

echo "-- with ca_file: every step"
mail_test 0 with-ca "$MAIL_TEST_PASSWORD" kikakuka@city.example.jp
expect "STARTTLS   ok  server certificate subject CN=relay.test.example.jp, issuer O=Example City, CN=Example City Internal CA"
expect "AUTH       ok  accepted the configured username and password"
expect "RCPT TO    ok  accepted kikakuka@city.example.jp"
expect "test mail sent to kikakuka@city.example.jp"

echo "-- a wrong password: AUTH"
mail_test 1 with-ca "not-the-password-77" kikakuka@city.example.jp
expect "FAILED at AUTH: "

echo "-- a refused recipient: RCPT TO"
mail_test 1 with-ca "$MAIL_TEST_PASSWORD" kikakuka@city.example.jp nobody@city.example.jp
expect "refused nobody@city.example.jp: permanent error (550)"
expect "FAILED at RCPT TO: 1 recipient(s) refused"

[ ! -e "$work/state.sqlite" ] || { echo "FAIL: mail test wrote a ledger"; exit 1; }
python3 tests/independent/check_mail_test.py "$work/mail" kikakuka@city.example.jp
