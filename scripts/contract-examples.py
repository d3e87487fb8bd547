#!/usr/bin/env python3
"""Writes src/http/examples/<operationId>.json: one real answer per JSON operation, from a running
server, with each list cut to its first two items so the document stays readable. The document
shows them as the 200 answers' examples (src/http/openapi.rs).
Usage: scripts/contract-examples.py http://127.0.0.1:8080"""

import json
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = sys.argv[1].rstrip("/")
DOC = json.loads((ROOT / "openapi/openapi.json").read_text())


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def cut(v):
    if isinstance(v, list):
        return [cut(x) for x in v[:2]]
    if isinstance(v, dict):
        return {k: cut(x) for k, x in v.items()}
    return v


def first_example(path):
    examples = DOC["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


ANSWERS = {
    "getHealth": lambda: call("GET", "/healthz"),
    "getReadiness": lambda: call("GET", "/readyz"),
    "getCatalog": lambda: call("GET", "/v1/catalog"),
    "listVocabulary": lambda: call("GET", "/v1/vocabulary"),
    "listPrograms": lambda: call("GET", "/v1/programs?facility_type=hospital&limit=2"),
    "getProgram": lambda: call("GET", "/v1/programs/denshi-karte-kyoyu"),
    "listDeadlines": lambda: call("GET", "/v1/deadlines?prefecture=13&facility_type=hospital"),
    "evaluateEligibility": lambda: call("POST", "/v1/eligibility", first_example("/v1/eligibility")),
    "calculateSubsidy": lambda: call("POST", "/v1/calculations", first_example("/v1/calculations")),
    "planFunding": lambda: call("POST", "/v1/plans", first_example("/v1/plans")),
}

for op, answer in ANSWERS.items():
    out = ROOT / "src/http/examples" / f"{op}.json"
    out.write_text(json.dumps(cut(answer()), ensure_ascii=False, indent=1) + "\n")
    print(out.relative_to(ROOT), out.stat().st_size)
