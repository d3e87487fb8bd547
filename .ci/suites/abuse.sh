#!/usr/bin/env bash
# Issue 16's attacks with bounded figures against the release build: amplification, concurrent
# worst-case plans, trickling keep-alive connections, random methods (benches/abuse.py).
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT
start_server ABUSE
python3 benches/abuse.py --addr "$ABUSE_ADDR" --pid "$ABUSE_PID" --small
if grep -q '"level":"ERROR"' "$CI_TMP/ABUSE.log"; then
  echo "FAIL client-triggered ERROR log lines:"; grep '"level":"ERROR"' "$CI_TMP/ABUSE.log" | head -3; exit 1
fi
echo "ok   no ERROR log line"
