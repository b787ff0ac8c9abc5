# Sourced by the independent checks that run the binary against a server on
# loopback, from the repository root: builds the debug binary ($bin), makes a
# work folder ($work) and removes it, and stops the server ($server), at exit.
cargo build --quiet
# The checks read the binary's English messages, whatever the machine's locale.
export MOKUHYO__UI__LANGUAGE=en
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
bin="$target_dir/debug/mokuhyo"
work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A TCP port on loopback nothing listens on.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (up to ten seconds) until something accepts connections on port $1.
wait_for_port() {
  for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0
    sleep 0.2
  done
}

# Starts aiosmtpd on a free port, storing what it receives in the Maildir $1;
# sets $port and $server.
start_aiosmtpd() {
  port="$(free_port)"
  python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$1" &
  server=$!
  wait_for_port "$port"
}
