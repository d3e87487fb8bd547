#!/usr/bin/env bash
# Load test in one run: baseline GET /healthz, then the API endpoints, at 64 connections with wrk.
# Prints req/s, p50/p99, MB/s, each endpoint's ratio to the baseline, RSS idle and after load,
# and the time from start to ready; then the same for synthetic catalogs of 1,000 and 10,000
# programs. Options (environment): DURATION (s, default 10), CONNECTIONS (64), SCALES
# ("1000 10000"; empty to skip), SOAK (seconds; a soak run on POST /v1/eligibility full).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
SCALES=${SCALES-"1000 10000"}
SOAK=${SOAK:-0}
THREADS=${THREADS:-2}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
cargo build --release --locked --quiet
BIN=target/release/hojokin
WORK=$(mktemp -d)
trap 'kill ${SERVER:-0} 2>/dev/null || true; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# p99 as milliseconds from wrk's unit suffix (us, ms, s).
ms() { python3 -c "import re,sys; v,u=re.fullmatch(r'([0-9.]+)(us|ms|s)','$1').groups(); print(float(v)*{'us':1e-3,'ms':1,'s':1e3}[u])"; }
bar() { # name, ok (0/1), figure
  printf '  %-58s %-8s %s\n' "$1" "$([ "$2" = 1 ] && echo met || echo 'NOT met')" "$3"; }

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY_FILE"), "r")
wrk.body = f:read("*a")
f:close()
LUA

cat > "$WORK/full.json" <<'JSON'
{"as_of":"2025-12-25","detail":"full","facility":{"facility_type":"hospital","beds":250,"beds_in_use_max":230,"operator_type":"medical_corporation","employees":280,"capital_yen":0,"prefecture":"13","introduced":["online_eligibility","e_prescription","ehr","health_checkup_system"],"intends":[],"fee_notifications":[{"fee":"base_up_evaluation","notified_on":"2024-06-01"}],"designations":[],"services":["home_visits"],"large_chain_pharmacy":false,"card_readers_free":3,"it_tool":{"processes":4,"invoice_functions":2},"previous_grants":[],"work_style_goals":[{"goal":"overtime_60h","cap_yen":1500000}],"ambulance_acceptances":1200,"surgeries_deliveries":500,"preparation":{"gbizid_prime":true,"security_action":"two_star"}}}
JSON
sed 's/"detail":"full"/"detail":"summary"/' "$WORK/full.json" > "$WORK/summary.json"
sed 's/"detail":"full"/"detail":"summary","limit":100/' "$WORK/full.json" > "$WORK/summary_paged.json"
cat > "$WORK/calc.json" <<'JSON'
{"program_id":"denshi-karte-kyoyu","frame_id":"3bunsho-daikibo","as_of":"2025-12-25","facility":{"facility_type":"hospital","beds":250,"operator_type":"medical_corporation","prefecture":"13","introduced":["online_eligibility","e_prescription","health_checkup_system"],"intends":[],"previous_grants":[]},"expenses":[{"category":"ehr_standardization","amount_yen":18000000},{"category":"checkup_integration","amount_yen":2000000}]}
JSON

start_server() { # $1 = catalog dir or ""
  PORT=$(free_port)
  # Spawn and poll /readyz from one process, so the figure is not the cost of spawning curl.
  read -r SERVER READY_MS < <(CATALOG="$1" PORT=$PORT BIN=$BIN LOG="$WORK/server.log" python3 - <<'PY'
import http.client, os, subprocess, time
env = dict(os.environ, HOJOKIN_PORT=os.environ["PORT"], RUST_LOG="warn")
if os.environ["CATALOG"]:
    env["HOJOKIN_CATALOG_DIR"] = os.environ["CATALOG"]
t0 = time.perf_counter()
p = subprocess.Popen([os.environ["BIN"]], env=env, stdout=subprocess.DEVNULL,
                     stderr=open(os.environ["LOG"], "w"), start_new_session=True)
while True:
    try:
        c = http.client.HTTPConnection("127.0.0.1", int(os.environ["PORT"]), timeout=1)
        c.request("GET", "/readyz")
        if c.getresponse().status == 200:
            break
    except OSError:
        time.sleep(0.001)
print(p.pid, round((time.perf_counter() - t0) * 1000))
PY
)
  sleep 1
  RSS_IDLE=$(rss_kb $SERVER)
}

stop_server() { kill $SERVER; while kill -0 $SERVER 2>/dev/null; do sleep 0.05; done; }

# wrk_run NAME PATH [BODY_FILE] -> prints a row; sets RPS
BASE_RPS=""
wrk_run() {
  local name=$1 path=$2 body=${3:-} out cpu0 cpu1 n
  cpu0=$(cpu_ticks $SERVER)
  if [ -n "$body" ]; then
    out=$(BODY_FILE="$body" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT$path")
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$path")
  fi
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  cpu1=$(cpu_ticks $SERVER)
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  # Server CPU time per request (user + system), independent of how wrk shares the cores.
  CPU_US=$(python3 -c "print(f'{($cpu1-$cpu0)/$(getconf CLK_TCK)*1e6/max($n,1):.0f}')")
  local mbs errors
  P50=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99=$(echo "$out" | awk '$1=="99%" {print $2}')
  mbs=$(echo "$out" | awk '/Transfer\/sec/ {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  [ -n "$BASE_RPS" ] || BASE_RPS=$RPS
  RATIO=$(python3 -c "print(f'{$RPS/$BASE_RPS:.2f}')")
  printf '%-44s %12s %10s %10s %12s %8s %8s %12s\n' "$name" "$RPS" "$P50" "$P99" "$mbs" \
    "$RATIO" "${errors:-0}" "$CPU_US"
}

header() {
  printf '%-44s %12s %10s %10s %12s %8s %8s %12s\n' "endpoint" "req/s" "p50" "p99" "transfer/s" "ratio" "non-2xx" "cpu µs/req"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%dT%H:%MZ); wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION}s each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== embedded catalog (20 programs)"
start_server ""
echo "start to ready: ${READY_MS} ms; RSS idle: $((RSS_IDLE / 1024)) MB"
header
wrk_run "GET /healthz (baseline)" /healthz
wrk_run "GET /v1/programs" "/v1/programs?as_of=2025-12-25"
wrk_run "POST /v1/eligibility detail=summary" /v1/eligibility "$WORK/summary.json"
SUMMARY_RATIO=$RATIO
wrk_run "POST /v1/eligibility detail=full" /v1/eligibility "$WORK/full.json"
FULL_RPS=$RPS FULL_P99=$(ms "$P99")
wrk_run "POST /v1/calculations" /v1/calculations "$WORK/calc.json"
RSS_AFTER=$(rss_kb $SERVER)
echo "RSS after load: $((RSS_AFTER / 1024)) MB"
echo "bars (PRODUCT.md §7):"
bar "eligibility summary >= 0.5 x baseline req/s" "$(python3 -c "print(int($SUMMARY_RATIO >= 0.5))")" "${SUMMARY_RATIO} x"
bar "eligibility full >= 5,000 req/s" "$(python3 -c "print(int($FULL_RPS >= 5000))")" "${FULL_RPS} req/s"
bar "eligibility full p99 < 20 ms" "$(python3 -c "print(int($FULL_P99 < 20))")" "${FULL_P99} ms"
bar "RSS idle < 30 MB" "$(python3 -c "print(int($RSS_IDLE < 30 * 1024))")" "$((RSS_IDLE / 1024)) MB"
bar "start to ready < 100 ms" "$(python3 -c "print(int($READY_MS < 100))")" "${READY_MS} ms"
if [ "$SOAK" -gt 0 ]; then
  echo
  echo "== soak: ${SOAK}s of POST /v1/eligibility detail=full"
  before=$(rss_kb $SERVER)
  DURATION=$SOAK wrk_run "POST /v1/eligibility detail=full (soak)" /v1/eligibility "$WORK/full.json"
  after=$(rss_kb $SERVER)
  echo "RSS before soak: $((before / 1024)) MB, after: $((after / 1024)) MB, growth: $(( (after - before) / 1024 )) MB"
fi
stop_server

for n in $SCALES; do
  echo
  echo "== synthetic catalog of $n programs"
  python3 benches/synth_catalog.py "$n" "$WORK/cat$n"
  start_server "$WORK/cat$n"
  echo "start to ready: ${READY_MS} ms; RSS idle: $((RSS_IDLE / 1024)) MB"
  BASE_RPS=""
  header
  wrk_run "GET /healthz (baseline)" /healthz
  wrk_run "GET /v1/programs?limit=100" "/v1/programs?limit=100&as_of=2025-12-25"
  wrk_run "GET /v1/programs?q=電子 (search)" "/v1/programs?q=%E9%9B%BB%E5%AD%90&limit=20&as_of=2025-12-25"
  wrk_run "POST /v1/eligibility summary, 100/page" /v1/eligibility "$WORK/summary_paged.json"
  echo "RSS after load: $(( $(rss_kb $SERVER) / 1024 )) MB"
  stop_server
done
