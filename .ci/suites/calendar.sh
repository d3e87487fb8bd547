#!/usr/bin/env bash
# The deadline calendar through a real iCalendar parser: events against /v1/deadlines, folding,
# and UIDs stable across two catalog editions (a moved date keeps its UID and bumps SEQUENCE).
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT

# A second edition: later edition and verified_on, one window closing a month later.
next="$CI_TMP/catalog-next"
rm -rf "$next"; cp -r catalog "$next"
python3 - "$next" <<'PY'
import pathlib, re, sys
d = pathlib.Path(sys.argv[1])
meta = d / "catalog.toml"
s = meta.read_text()
s = re.sub(r'(?m)^edition = ".*"$', 'edition = "2026-12-01-test"', s)
s = re.sub(r'(?m)^verified_on = .*$', 'verified_on = 2026-12-01', s)
meta.write_text(s)
p = d / "programs" / "chinage-bukka-2026.toml"
s = p.read_text()
assert "closes = 2026-05-31" in s
p.write_text(s.replace("closes = 2026-05-31", "closes = 2026-06-30", 1))
PY
"$HOJOKIN_BIN" catalog check "$next"

start_server CAL_A
start_server CAL_B HOJOKIN_CATALOG_DIR="$next"
export CAL_A_ADDR CAL_B_ADDR
export MOVED_ID="chinage-bukka-2026/byoin/mhlw-application-system-hospitals/closes" MOVED_TO="2026-06-30"
python3 .ci/tests/test_calendar.py
