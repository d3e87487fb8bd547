#!/usr/bin/env bash
# A Python client generated from openapi/openapi.json (datamodel-code-generator, pinned in
# .ci/requirements.txt): mypy --strict on a program using it, then the program parses real
# answers of the release server with the generated models (extra fields forbidden).
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT

out="$CI_TMP/pyclient"; mkdir -p "$out"
datamodel-codegen --input openapi/openapi.json --input-file-type openapi --output "$out/hojokin_models.py" \
  --output-model-type pydantic_v2.BaseModel --target-python-version 3.11 --use-annotated \
  --field-constraints --extra-fields forbid --use-one-literal-as-default 2>/dev/null
cp clients/python/check_answers.py "$out/"
(cd "$out" && mypy --strict --cache-dir "$out/.mypy_cache" check_answers.py hojokin_models.py)
start_server py
doc="$PWD/openapi/openapi.json"
(cd "$out" && python3 check_answers.py "http://$py_ADDR" "$doc")
