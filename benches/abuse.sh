#!/usr/bin/env bash
# Attacks from issue 16 against the release build, measured (figures: docs/robustness.md).
#   bash benches/abuse.sh            # full figures (2,000 trickling connections, 20,000 methods)
#   SMALL=1 bash benches/abuse.sh    # bounded figures, as CI runs them
# Uses $HOJOKIN_BIN when set, else builds the release binary. Needs python3 only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${HOJOKIN_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/hojokin
fi
LOG=$(mktemp)
HOJOKIN_PORT=0 HOJOKIN_LOG_FORMAT=json RUST_LOG=warn,hojokin=info "$BIN" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
ADDR=""
for _ in $(seq 1 200); do
  ADDR=$(grep -o '"address":"[^"]*"' "$LOG" | head -n1 | cut -d'"' -f4 || true)
  [ -n "$ADDR" ] && break
  sleep 0.05
done
[ -n "$ADDR" ] || { cat "$LOG"; exit 1; }
echo "hojokin $ADDR (pid $PID), $(nproc) cores"
python3 benches/abuse.py --addr "$ADDR" --pid "$PID" ${SMALL:+--small} "$@"
if grep -q '"level":"ERROR"' "$LOG"; then
  echo "FAIL client-triggered ERROR log lines:"; grep '"level":"ERROR"' "$LOG" | head -3; exit 1
fi
echo "ok   no ERROR log line"
