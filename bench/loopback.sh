# Sourced by the benchmark scripts: serves a folder over HTTP on 127.0.0.1 (python3's
# http.server, a port the kernel picks) and sets SERVER_PID and PORT. The caller stops it
# (kill "$SERVER_PID") when done.
#   start_loopback_server FOLDER LOGFILE
start_loopback_server() {
  local folder="$1" log="$2"
  (cd "$folder" && exec /usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1) >"$log" 2>&1 &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 100); do
    # The server says which port on its first line.
    PORT="$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$log" | head -n1)"
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "bench: the HTTP server did not start:" >&2
  cat "$log" >&2
  return 1
}
