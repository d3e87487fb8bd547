#!/usr/bin/env bash
# Peer comparison (not run in CI): OpenFisca's web API answering POST /calculate (one person's
# salary → income_tax and social_security_contribution, rate-and-bracket computations) against our
# POST /v1/calculations, at the same concurrency, in one run. Needs the Python registry.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d)
trap 'kill ${OF:-0} ${HJ:-0} 2>/dev/null || true; rm -rf "$WORK"' EXIT

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check 'openfisca-core[web-api]' openfisca-country-template
cargo build --release --locked --quiet

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY_FILE"), "r")
wrk.body = f:read("*a")
f:close()
LUA
cat > "$WORK/openfisca.json" <<'JSON'
{"persons":{"Alicia":{"salary":{"2017-01":4000},"income_tax":{"2017-01":null},"social_security_contribution":{"2017-01":null}}},"households":{"h":{"adults":["Alicia"]}}}
JSON
cat > "$WORK/hojokin.json" <<'JSON'
{"program_id":"denshi-karte-kyoyu","frame_id":"3bunsho-daikibo","as_of":"2025-12-25","facility":{"facility_type":"hospital","beds":250,"operator_type":"medical_corporation","prefecture":"13","introduced":["online_eligibility","e_prescription","health_checkup_system"],"intends":[],"previous_grants":[]},"expenses":[{"category":"ehr_standardization","amount_yen":18000000},{"category":"checkup_integration","amount_yen":2000000}]}
JSON

"$WORK/venv/bin/openfisca" serve --country-package openfisca_country_template --bind 127.0.0.1:15000 >"$WORK/openfisca.log" 2>&1 &
OF=$!
HOJOKIN_PORT=15001 RUST_LOG=warn target/release/hojokin >"$WORK/hojokin.log" 2>&1 &
HJ=$!
for port in 15000 15001; do
  python3 - "$port" <<'PY'
import socket, sys, time
deadline = time.time() + 60
while time.time() < deadline:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0:
            sys.exit(0)
    time.sleep(0.1)
sys.exit(1)
PY
done
sleep 2

run() { # name url body
  BODY_FILE="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$2"
}
of=$(run openfisca http://127.0.0.1:15000/calculate "$WORK/openfisca.json")
hj=$(run hojokin http://127.0.0.1:15001/v1/calculations "$WORK/hojokin.json")
row() { # name output
  printf '%-40s %12s %10s %10s %8s\n' "$1" "$(echo "$2" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$2" | awk '$1=="50%" {print $2}')" "$(echo "$2" | awk '$1=="99%" {print $2}')" \
    "$(echo "$2" | awk '/Non-2xx/ {print $5}')"
}
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION}s"
printf '%-40s %12s %10s %10s %8s\n' "endpoint" "req/s" "p50" "p99" "non-2xx"
row "OpenFisca POST /calculate" "$of"
row "hojokin POST /v1/calculations" "$hj"
python3 -c "print(f'ratio hojokin / OpenFisca: {float(\"$(echo "$hj" | awk '/Requests\/sec/ {print $2}')\") / float(\"$(echo "$of" | awk '/Requests\/sec/ {print $2}')\"):.1f}x')"
