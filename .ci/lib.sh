# Shared by .ci/run and the suites in .ci/suites/: start the release binary on a free port.
# Usage: start_server VAR_PREFIX [ENV=VALUE ...]; sets ${VAR_PREFIX}_ADDR and ${VAR_PREFIX}_PID.
# The binary is $HOJOKIN_BIN (built once by .ci/run); its JSON log goes to $CI_TMP/<prefix>.log.
start_server() {
  local name=$1; shift
  local log="$CI_TMP/$name.log"
  env HOJOKIN_PORT=0 HOJOKIN_LOG_FORMAT=json RUST_LOG=warn,hojokin=info "$@" "$HOJOKIN_BIN" >"$log" 2>&1 &
  local pid=$!
  local addr=""
  for _ in $(seq 1 200); do
    addr=$(grep -o '"address":"[^"]*"' "$log" | head -n1 | cut -d'"' -f4 || true)
    [ -n "$addr" ] && break
    sleep 0.05
  done
  [ -n "$addr" ] || { cat "$log"; echo "server $name did not start"; return 1; }
  printf -v "${name}_ADDR" '%s' "$addr"
  printf -v "${name}_PID" '%s' "$pid"
  CI_PIDS="${CI_PIDS:-} $pid"
}

stop_servers() {
  for p in ${CI_PIDS:-}; do kill "$p" 2>/dev/null || true; done
  for p in ${CI_PIDS:-}; do wait "$p" 2>/dev/null || true; done
  CI_PIDS=""
}
