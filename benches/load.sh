#!/usr/bin/env bash
# Load test in one run, each endpoint against its floor: a bare actix-web server (benches/floor.rs)
# that reads the same request body and answers stored bytes of the same size and content type as
# the endpoint's real answer (fetched first). Both are measured with wrk at 64 connections, one
# right after the other; the figure that matters is the server's CPU time per request (from
# /proc: user + system over the run) as a ratio to the floor's, which does not depend on how wrk
# and the servers share the cores. Prints req/s, p50/p99, MB/s, CPU µs per request and the ratio,
# RSS idle and after load, and the time from start to ready; then the same for synthetic
# catalogs of 1,000 and 10,000 programs; then the bars. Options (environment): DURATION (s,
# default 10), CONNECTIONS (64), SCALES ("1000 10000"; empty to skip), SOAK (seconds; a soak run
# on POST /v1/eligibility full), BARS (1: exit 1 when a bar is not met; default 0).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
SCALES=${SCALES-"1000 10000"}
SOAK=${SOAK:-0}
THREADS=${THREADS:-2}
BARS=${BARS:-0}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
cargo build --release --locked --quiet --bin hojokin --example floor
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/hojokin
FLOOR_BIN=$TARGET/release/examples/floor
WORK=$(mktemp -d)
# (never `kill 0`, which would signal this script's whole process group)
trap 'for p in ${SERVER:-} ${FLOOR:-}; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# p50/p99 as milliseconds from wrk's unit suffix (us, ms, s).
ms() { python3 -c "import re; v,u=re.fullmatch(r'([0-9.]+)(us|ms|s)','$1').groups(); print(round(float(v)*dict(us=1e-3,ms=1,s=1e3)[u],3))"; }
BARS_OUT=""
NOT_MET=0
bar() { # name, ok (0/1), figure
  BARS_OUT+=$(printf '  %-58s %-8s %s' "$1" "$([ "$2" = 1 ] && echo met || echo 'NOT met')" "$3")$'\n'
  [ "$2" = 1 ] || NOT_MET=$((NOT_MET + 1)); }
le() { python3 -c "print(int($1 <= $2))"; }

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
  rm -rf "$WORK/floor"; mkdir -p "$WORK/floor"
}

stop_server() {
  kill $SERVER; while kill -0 $SERVER 2>/dev/null; do sleep 0.05; done
  if [ -n "${FLOOR:-}" ]; then kill $FLOOR; while kill -0 $FLOOR 2>/dev/null; do sleep 0.05; done; FLOOR=""; fi
}

# answer KEY PATH [BODY_FILE]: stores the server's answer (bytes and content type) for the floor.
answer() {
  local key=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -sS -o "$WORK/floor/$key.body" -w '%{content_type}' -H 'Content-Type: application/json' \
      --data-binary @"$body" "http://127.0.0.1:$PORT$path" > "$WORK/floor/$key.type"
  else
    curl -sS -o "$WORK/floor/$key.body" -w '%{content_type}' "http://127.0.0.1:$PORT$path" > "$WORK/floor/$key.type"
  fi
}

# The floor server, answering every answer stored since start_server.
start_floor() {
  FPORT=$(free_port)
  "$FLOOR_BIN" "$FPORT" "$WORK/floor" 2>>"$WORK/floor.log" &
  FLOOR=$!
  until curl -s -o /dev/null "http://127.0.0.1:$FPORT/"; do sleep 0.01; done
}

# wrk_at PID PORT PATH [BODY_FILE] -> sets RPS P50 P99 MBS ERRORS CPU_US
wrk_at() {
  local pid=$1 port=$2 path=$3 body=${4:-} out cpu0 cpu1 n
  cpu0=$(cpu_ticks "$pid")
  if [ -n "$body" ]; then
    out=$(BODY_FILE="$body" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$port$path")
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port$path")
  fi
  cpu1=$(cpu_ticks "$pid")
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  # Server CPU time per request (user + system), independent of how wrk shares the cores.
  CPU_US=$(python3 -c "print(f'{($cpu1-$cpu0)/$(getconf CLK_TCK)*1e6/max($n,1):.1f}')")
  P50=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99=$(echo "$out" | awk '$1=="99%" {print $2}')
  MBS=$(echo "$out" | awk '/Transfer\/sec/ {print $2}')
  ERRORS=$(echo "$out" | awk '/Non-2xx/ {print $5}')
}

row() { # name, ×floor
  printf '%-44s %12s %10s %10s %12s %8s %11s %9s\n' "$1" "$RPS" "$P50" "$P99" "$MBS" "${ERRORS:-0}" "$CPU_US" "$2"
}

# run NAME KEY PATH [BODY_FILE]: the endpoint, then its floor; prints both, sets RATIO (CPU per
# request over the floor's), RPS, P50, P99 of the endpoint.
run() {
  local name=$1 key=$2 path=$3 body=${4:-} cpu rps p50 p99 mbs errors
  wrk_at "$SERVER" "$PORT" "$path" "$body"
  cpu=$CPU_US rps=$RPS p50=$P50 p99=$P99 mbs=$MBS errors=$ERRORS
  wrk_at "$FLOOR" "$FPORT" "/$key" "$body"
  local fcpu=$CPU_US
  RATIO=$(python3 -c "print(f'{$cpu/max($fcpu,0.1):.2f}')")
  row "  floor ($(wc -c < "$WORK/floor/$key.body") bytes)" ""
  RPS=$rps P50=$p50 P99=$p99 MBS=$mbs ERRORS=$errors CPU_US=$cpu
  row "$name" "${RATIO} x"
}

header() {
  printf '%-44s %12s %10s %10s %12s %8s %11s %9s\n' "endpoint" "req/s" "p50" "p99" "transfer/s" "non-2xx" "cpu µs/req" "vs floor"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%dT%H:%MZ); wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION}s each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(each endpoint's row follows its floor's row; \"vs floor\" = server CPU per request / the floor's)"
echo
echo "== embedded catalog (20 programs)"
start_server ""
echo "start to ready: ${READY_MS} ms; RSS idle: $((RSS_IDLE / 1024)) MB"
answer healthz /healthz
answer programs "/v1/programs?as_of=2025-12-25"
answer summary /v1/eligibility "$WORK/summary.json"
answer full /v1/eligibility "$WORK/full.json"
answer calc /v1/calculations "$WORK/calc.json"
start_floor
header
run "GET /healthz" healthz /healthz
run "GET /v1/programs" programs "/v1/programs?as_of=2025-12-25"
PROGRAMS_RATIO=$RATIO
run "POST /v1/eligibility detail=summary" summary /v1/eligibility "$WORK/summary.json"
SUMMARY_RATIO=$RATIO
run "POST /v1/eligibility detail=full" full /v1/eligibility "$WORK/full.json"
FULL_RATIO=$RATIO FULL_RPS=$RPS FULL_P99=$(ms "$P99")
run "POST /v1/calculations" calc /v1/calculations "$WORK/calc.json"
CALC_RATIO=$RATIO
RSS_AFTER=$(rss_kb $SERVER)
echo "RSS after load: $((RSS_AFTER / 1024)) MB"
bar "eligibility summary <= 2.0 x its floor (CPU per request)" "$(le "$SUMMARY_RATIO" 2.0)" "${SUMMARY_RATIO} x"
bar "eligibility full <= 2.5 x its floor" "$(le "$FULL_RATIO" 2.5)" "${FULL_RATIO} x"
bar "calculations <= 1.5 x its floor" "$(le "$CALC_RATIO" 1.5)" "${CALC_RATIO} x"
bar "programs list <= 1.5 x its floor" "$(le "$PROGRAMS_RATIO" 1.5)" "${PROGRAMS_RATIO} x"
bar "eligibility full >= 5,000 req/s" "$(python3 -c "print(int($FULL_RPS >= 5000))")" "${FULL_RPS} req/s"
bar "eligibility full p99 < 20 ms" "$(python3 -c "print(int($FULL_P99 < 20))")" "${FULL_P99} ms"
bar "RSS idle < 30 MB" "$(python3 -c "print(int($RSS_IDLE < 30 * 1024))")" "$((RSS_IDLE / 1024)) MB"
bar "start to ready < 100 ms" "$(python3 -c "print(int($READY_MS < 100))")" "${READY_MS} ms"
if [ "$SOAK" -gt 0 ]; then
  echo
  echo "== soak: ${SOAK}s of POST /v1/eligibility detail=full"
  before=$(rss_kb $SERVER)
  DURATION=$SOAK wrk_at "$SERVER" "$PORT" /v1/eligibility "$WORK/full.json"
  row "POST /v1/eligibility detail=full (soak)" ""
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
  answer page "/v1/programs?limit=100&as_of=2025-12-25"
  answer search "/v1/programs?q=%E9%9B%BB%E5%AD%90&limit=20&as_of=2025-12-25"
  answer paged /v1/eligibility "$WORK/summary_paged.json"
  start_floor
  header
  run "GET /v1/programs?limit=100" page "/v1/programs?limit=100&as_of=2025-12-25"
  run "GET /v1/programs?q=電子 (search)" search "/v1/programs?q=%E9%9B%BB%E5%AD%90&limit=20&as_of=2025-12-25"
  SEARCH_P50=$(ms "$P50")
  run "POST /v1/eligibility summary, 100/page" paged /v1/eligibility "$WORK/summary_paged.json"
  RSS_AFTER=$(rss_kb $SERVER)
  echo "RSS after load: $((RSS_AFTER / 1024)) MB"
  if [ "$n" = 10000 ]; then
    rss_max=$(( RSS_AFTER > RSS_IDLE ? RSS_AFTER : RSS_IDLE ))
    bar "10,000 programs: RSS <= 120 MB (idle and after load)" "$(python3 -c "print(int($rss_max <= 120 * 1024))")" "$((RSS_IDLE / 1024)) MB idle, $((RSS_AFTER / 1024)) MB after load"
    bar "10,000 programs: start to ready <= 1 s" "$(python3 -c "print(int($READY_MS <= 1000))")" "${READY_MS} ms"
    bar "10,000 programs: GET /v1/programs?q= p50 <= 1 ms" "$(le "$SEARCH_P50" 1)" "${SEARCH_P50} ms"
  fi
  stop_server
done

echo
echo "bars:"
printf '%s' "$BARS_OUT"
if [ "$BARS" = 1 ] && [ "$NOT_MET" -gt 0 ]; then
  exit 1
fi
