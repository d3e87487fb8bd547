#!/usr/bin/env bash
# Two replicas behind a real load balancer: Debian's haproxy in front of two hojokin instances,
# health-checked with GET /readyz (haproxy's default check is OPTIONS /). Under a bounded wrk load
# of POST /v1/calculations, one instance gets SIGTERM and is started again. Prints the failed
# requests (non-2xx answers and socket errors; the target is 0: shutdown is graceful and the
# balancer retries) and the throughput before, during and after, with haproxy's retry counts.
# Options (environment): PHASE (seconds per phase, default 8), CONNECTIONS (16), HOJOKIN_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE=${PHASE:-8}
CONNECTIONS=${CONNECTIONS:-16}

for tool in haproxy wrk curl; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq haproxy wrk curl >/dev/null; }
done
if [ -z "${HOJOKIN_BIN:-}" ]; then
  cargo build --release --locked --quiet
  HOJOKIN_BIN=target/release/hojokin
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT_A=$(free_port); PORT_B=$(free_port); PORT_LB=$(free_port); PORT_STATS=$(free_port)

start() { # name port → pid in ${name}_PID
  HOJOKIN_PORT=$2 HOJOKIN_WORKERS=1 HOJOKIN_SHUTDOWN_GRACE_SECS=10 HOJOKIN_LOG_FORMAT=json RUST_LOG=warn,hojokin=info \
    "$HOJOKIN_BIN" >>"$WORK/$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  printf -v "${1}_PID" '%s' "$pid"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$2/readyz" >/dev/null && return 0; sleep 0.05; done
  echo "$1 did not start"; cat "$WORK/$1.log"; exit 1
}
start a "$PORT_A"
start b "$PORT_B"

cat > "$WORK/haproxy.cfg" <<CFG
global
  maxconn 1024
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  # A request that found a closing or refused connection is sent again, to the other server.
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
  # Buffer bodies so that a POST can be retried.
  option http-buffer-request
frontend api
  bind 127.0.0.1:$PORT_LB
  default_backend hojokin
frontend stats
  bind 127.0.0.1:$PORT_STATS
  stats enable
  stats uri /stats
backend hojokin
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz
  http-check expect status 200
  default-server inter 250ms fall 2 rise 2
  server a 127.0.0.1:$PORT_A check
  server b 127.0.0.1:$PORT_B check
CFG
haproxy -c -q -f "$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT_LB/readyz" >/dev/null && break; sleep 0.05; done
sleep 1  # both servers up in the balancer

cat > "$WORK/calc.json" <<'JSON'
{"program_id":"denshi-karte-kyoyu","frame_id":"3bunsho-daikibo","as_of":"2025-12-25","facility":{"facility_type":"hospital","beds":250,"operator_type":"medical_corporation","prefecture":"13","introduced":["online_eligibility","e_prescription","health_checkup_system"],"intends":[],"previous_grants":[]},"expenses":[{"category":"ehr_standardization","amount_yen":18000000},{"category":"checkup_integration","amount_yen":2000000}]}
JSON
cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY_FILE"), "r")
wrk.body = f:read("*a")
f:close()
LUA

# One wrk run: "name req/s requests non2xx socket_errors p99".
phase() {
  BODY_FILE="$WORK/calc.json" wrk -t1 -c"$CONNECTIONS" -d"${PHASE}s" --latency -s "$WORK/post.lua" \
    "http://127.0.0.1:$PORT_LB/v1/calculations" >"$WORK/$1.wrk"
  python3 - "$1" "$WORK/$1.wrk" <<'PY'
import re, sys
t = open(sys.argv[2]).read()
rps = re.search(r"Requests/sec:\s+([0-9.]+)", t).group(1)
total = re.search(r"(\d+) requests in", t).group(1)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
p99 = re.search(r"99%\s+(\S+)", t).group(1)
errs = sum(int(x) for x in sock.groups()) if sock else 0
print(sys.argv[1], rps, total, non2xx.group(1) if non2xx else 0, errs, p99)
PY
}

stats() { # backend retries and redispatches
  curl -sf "http://127.0.0.1:$PORT_STATS/stats;csv" | python3 -c '
import csv, sys
rows = list(csv.DictReader(l.lstrip("# ") for l in sys.stdin))
be = next(r for r in rows if r["pxname"] == "hojokin" and r["svname"] == "BACKEND")
print(be["wretr"] or 0, be["wredis"] or 0)'
}

echo "machine: $(nproc) cores; $(date -u +%FT%RZ); wrk 1 thread, $CONNECTIONS connections, ${PHASE}s per phase; haproxy $(haproxy -v | head -n1 | awk '{print $3}')"
before=$(phase before)
# During: SIGTERM to a after 1 s; a drains and exits; started again 3 s later.
( sleep 1; kill -TERM "$a_PID"; wait_start=$SECONDS
  while kill -0 "$a_PID" 2>/dev/null; do sleep 0.05; done
  echo "a exited $((SECONDS - wait_start)) s after SIGTERM" >"$WORK/a.exit"
  sleep 3; start a "$PORT_A"; echo "a restarted" >>"$WORK/a.exit" ) &
killer=$!
during=$(phase during)
wait "$killer"
sleep 1  # a back in the balancer (rise 2 × 250 ms)
after=$(phase after)
read -r retries redispatches < <(stats)

cat "$WORK/a.exit"
grep -h '"stopped"\|"message":"stopped"' "$WORK/a.log" >/dev/null && echo "a logged a clean stop"
printf '%-8s %10s %10s %8s %14s %10s\n' phase req/s requests non-2xx socket-errors p99
total_failed=0
for row in "$before" "$during" "$after"; do
  read -r name rps total non2xx sock p99 <<<"$row"
  printf '%-8s %10s %10s %8s %14s %10s\n' "$name" "$rps" "$total" "$non2xx" "$sock" "$p99"
  total_failed=$((total_failed + non2xx + sock))
done
echo "haproxy: $retries retries, $redispatches redispatches"
echo "failed requests: $total_failed (target 0)"
[ "$total_failed" -eq 0 ]
