#!/usr/bin/env bash
# The TypeScript client and the embeddable checker: the committed types and bundle equal a rebuild,
# the client's tests against the real server, then the checker in Debian's Chromium driven by
# Playwright (pinned in package-lock.json; no browser download), with axe-core and screenshots
# under target/screenshots.
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT

if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CHROMIUM=/usr/bin/chromium
npm ci --no-audit --no-fund --loglevel=error

echo "-- committed types equal a rebuild"
npx openapi-typescript openapi/openapi.json -o "$CI_TMP/schema.d.ts" >/dev/null
if ! diff -q clients/typescript/src/schema.d.ts "$CI_TMP/schema.d.ts"; then
  echo "clients/typescript/src/schema.d.ts differs from openapi/openapi.json: run npm run gen and commit"
  exit 1
fi
echo "-- tsc --strict (client, examples, tests, checker)"
npx tsc -p clients/typescript
npx tsc -p web
echo "-- committed bundle equals a rebuild"
node web/build.mjs --check

echo "-- TypeScript client tests"
node --test clients/typescript/dist/test/client.test.js

echo "-- browser tests"
HOST_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export HOST_PORT
start_server web HOJOKIN_EMBED_ORIGINS="http://127.0.0.1:$HOST_PORT" HOJOKIN_CORS_ORIGINS="http://127.0.0.1:$HOST_PORT"
export HOJOKIN_URL="http://$web_ADDR"
npx playwright test -c web/playwright.config.ts
echo "screenshots: $(ls target/screenshots | wc -l) files under target/screenshots"
