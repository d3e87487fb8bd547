#!/usr/bin/env bash
# Releases the HTTP contract as VERSION: regenerates openapi/openapi.json, checks that its
# info.version is VERSION and that CHANGELOG.md has a `## VERSION` section, runs the
# breaking-change check against the previous release, then stores the document as
# openapi/released/VERSION.json (the baseline .ci/run compares every later document with).
# Usage: scripts/release-contract.sh VERSION   (e.g. 1.0.0; set info.version in src/http/openapi.rs first)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/release-contract.sh VERSION}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "VERSION must be MAJOR.MINOR.PATCH"; exit 2; }
out=openapi/released/$version.json
[ -e "$out" ] && { echo "$out exists: a released contract is never rewritten"; exit 1; }

cargo run --quiet --locked -- openapi >openapi/openapi.json
doc_version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["info"]["version"])' openapi/openapi.json)
[ "$doc_version" = "$version" ] || { echo "info.version is $doc_version, not $version"; exit 1; }
grep -Eq "^## \\[?$version([] ]|$)" CHANGELOG.md || { echo "CHANGELOG.md has no '## $version' section"; exit 1; }
[ -x .ci/contract/node_modules/.bin/optic ] || npm ci --prefix .ci/contract --no-audit --no-fund --ignore-scripts --loglevel=error
python3 .ci/contract-check.py openapi/openapi.json
cp openapi/openapi.json "$out"
echo "released $out; commit it with openapi/openapi.json and CHANGELOG.md"
