#!/usr/bin/env bash
# The release binary as a service: a rate-limited instance answers 429 problem+json with Retry-After
# (probes exempt, counted in /metrics); a served catalog directory is reloaded on SIGHUP, and an
# invalid one is refused while the old edition keeps being served.
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT
failed=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; failed=1; fi; }

echo "-- rate limit"
start_server rl HOJOKIN_RATE_LIMIT=5/min
for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://$rl_ADDR/v1/catalog"; done
curl -s -D "$CI_TMP/rl.h" -o "$CI_TMP/rl.b" "http://$rl_ADDR/v1/catalog"
cat "$CI_TMP/rl.h" "$CI_TMP/rl.b"; echo
check "6th request is 429" 'head -n1 "$CI_TMP/rl.h" | grep -q " 429"'
check "problem+json" 'grep -qi "^content-type: application/problem+json" "$CI_TMP/rl.h"'
check "Retry-After" 'grep -qi "^retry-after: [0-9]" "$CI_TMP/rl.h"'
check "code rate_limited" 'grep -q "\"code\":\"rate_limited\"" "$CI_TMP/rl.b"'
check "/healthz exempt" '[ "$(curl -s -o /dev/null -w "%{http_code}" "http://$rl_ADDR/healthz")" = 200 ]'
check "/readyz exempt" '[ "$(curl -s -o /dev/null -w "%{http_code}" "http://$rl_ADDR/readyz")" = 200 ]'
check "counted in /metrics" 'curl -s "http://$rl_ADDR/metrics" | grep -q "^hojokin_rate_limited_total 1$"'

echo "-- catalog reload"
dir="$CI_TMP/catalog"; cp -r catalog "$dir"
start_server cat HOJOKIN_CATALOG_DIR="$dir" HOJOKIN_CATALOG_POLL_SECS=0
edition() { curl -s "http://$cat_ADDR/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["catalog_edition"])'; }
wait_for() { for _ in $(seq 1 100); do eval "$1" && return 0; sleep 0.05; done; return 1; }
sed -i 's/^edition = .*/edition = "ci-reload"/' "$dir/catalog.toml"
kill -HUP "$cat_PID"
check "SIGHUP serves the new edition" 'wait_for "[ \"\$(edition)\" = ci-reload ]"'
check "header names it" 'curl -s -D - -o /dev/null "http://$cat_ADDR/v1/catalog" | grep -qi "^x-catalog-edition: ci-reload; hash="'
echo 'oops = 1' >> "$dir/programs/online-shikaku.toml"
sed -i 's/^edition = .*/edition = "ci-broken"/' "$dir/catalog.toml"
kill -HUP "$cat_PID"
check "invalid reload counted" 'wait_for "curl -s http://$cat_ADDR/metrics | grep -q \"^hojokin_catalog_reload_failures_total 1\$\""'
check "old edition still served" '[ "$(edition)" = ci-reload ]'
check "still ready" '[ "$(curl -s -o /dev/null -w "%{http_code}" "http://$cat_ADDR/readyz")" = 200 ]'
check "error logged with file" 'grep -q "\"file\":\"programs/online-shikaku.toml\"" "$CI_TMP/cat.log"'

if [ "$failed" -ne 0 ]; then echo "service: FAILED"; exit 1; fi
echo "service: passed (429 rate_limited with Retry-After; SIGHUP reload; invalid catalog refused)"
