"""A strict Python program against a client generated from openapi/openapi.json (models by
datamodel-code-generator, extra fields forbidden): parses real answers of a running server and
uses the tagged unions as a program would; mypy --strict checks it (.ci/suites/pyclient.sh)."""
import json
import sys
import urllib.request
from typing import Any

from pydantic import BaseModel

import hojokin_models as m

BASE = sys.argv[1]
DOC: dict[str, Any] = json.load(open(sys.argv[2]))


def call(method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        assert r.headers["x-request-id"], path
        return json.loads(r.read())


def step_line(s: m.RoadmapStep) -> str:
    r = s.root
    if isinstance(r, m.ApplicationStep):
        return f"{r.on} apply {r.program_id}/{r.frame_id} {r.window.status.value}"
    if isinstance(r, m.IntroduceSystemStep):
        return f"{r.on} introduce {r.system.value}"
    return f"{r.on} {r.title.en}"


def assignment_line(a: m.Assignment) -> str:
    r = a.root
    if isinstance(r, m.FundedAssignment):
        return f"{r.purchase_id}: {r.program_id}/{r.frame_id}"
    return f"{r.purchase_id}: {r.reason.value} {r.message.en}"


def main() -> None:
    parsed: list[BaseModel] = []
    programs = m.ProgramList.model_validate(call("GET", "/v1/programs"))
    parsed.append(programs)
    for p in programs.items:
        parsed.append(m.ProgramDetail.model_validate(call("GET", f"/v1/programs/{p.program_id}")))
    parsed.append(m.CatalogInfo.model_validate(call("GET", "/v1/catalog")))
    parsed.append(m.Vocabulary.model_validate(call("GET", "/v1/vocabulary")))
    parsed.append(m.DeadlineList.model_validate(call("GET", "/v1/deadlines?from=2025-01-01&to=2027-12-31")))
    parsed.append(m.Health.model_validate(call("GET", "/readyz")))
    ops: dict[str, type[BaseModel]] = {"/v1/eligibility": m.EligibilityResponse, "/v1/calculations": m.CalculationResponse, "/v1/plans": m.PlanResponse}
    lines: list[str] = []
    for path, model in ops.items():
        examples = DOC["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"]
        for name, ex in examples.items():
            answer = model.model_validate(call("POST", path, ex["value"]))
            parsed.append(answer)
            if isinstance(answer, m.PlanResponse):
                lines += [assignment_line(a) for a in answer.assignments]
                lines += [step_line(s) for fy in answer.roadmap for s in fy.steps]
    print(f"{len(parsed)} answers parsed; {len(lines)} plan lines, e.g. {lines[:3]}")


main()
