"""hojokin's MCP server through the official Python SDK (`mcp`), over stdio (`hojokin mcp`) and
over streamable HTTP (`/mcp`): six tools, each result equal to the REST answer for the same
input, one bad input per tool answered as a tool error with the REST problem's code."""

import asyncio
import json
import os
import sys
import unittest
import urllib.error
import urllib.request

from mcp import Client, StdioServerParameters

BIN = os.environ["HOJOKIN_BIN"]
REST = os.environ["MCP_REST_ADDR"]  # a REST server with HOJOKIN_MCP=on

PROFILE = {
    "facility_type": "hospital", "beds": 250, "operator_type": "medical_corporation",
    "introduced": ["online_eligibility", "e_prescription", "health_checkup_system"], "previous_grants": [],
}
CALC = {
    "program_id": "denshi-karte-kyoyu", "frame_id": "3bunsho-daikibo", "as_of": "2025-12-25",
    "facility": PROFILE,
    "expenses": [{"category": "ehr_standardization", "amount_yen": 20000000}],
}
ELIG = {
    "as_of": "2025-12-25", "detail": "summary",
    "facility": {"facility_type": "hospital", "beds": 120, "operator_type": "medical_corporation",
                 "employees": 150, "prefecture": "13",
                 "introduced": ["online_eligibility", "health_checkup_system"], "intends": ["e_prescription"]},
}
PLAN = {
    "as_of": "2025-06-01",
    "facility": {"facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation", "prefecture": "31",
                 "introduced": ["online_eligibility", "health_checkup_system"], "intends": [], "previous_grants": []},
    "purchases": [
        {"id": "eprescription", "category": "software", "amount_yen": 4059000, "introduces": "e_prescription"},
        {"id": "karte-fhir", "category": "ehr_standardization", "amount_yen": 9000000}],
}

# tool → (arguments, REST method, REST path, REST body or None)
GOOD = {
    "search_programs": ({"facility_type": "hospital", "prefecture": "13", "as_of": "2025-12-25", "limit": 100},
                        "GET", "/v1/programs?facility_type=hospital&prefecture=13&as_of=2025-12-25&limit=100", None),
    "get_program": ({"program_id": "denshi-karte-kyoyu", "as_of": "2025-12-25"},
                    "GET", "/v1/programs/denshi-karte-kyoyu?as_of=2025-12-25", None),
    "check_eligibility": (ELIG, "POST", "/v1/eligibility", ELIG),
    "calculate_subsidy": (CALC, "POST", "/v1/calculations", CALC),
    "plan_funding": (PLAN, "POST", "/v1/plans", PLAN),
    "list_deadlines": ({"from": "2025-04-01", "to": "2026-12-31", "prefecture": "13", "facility_type": "hospital"},
                       "GET", "/v1/deadlines?from=2025-04-01&to=2026-12-31&prefecture=13&facility_type=hospital", None),
}

# tool → (bad arguments, expected code, the field pointer or parameter named, REST request giving the same)
BAD = {
    "search_programs": ({"status": "sideways"}, "invalid_parameter", "status",
                        ("GET", "/v1/programs?status=sideways", None)),
    "get_program": ({"program_id": "no-such-program"}, "program_not_found", "program_id",
                    ("GET", "/v1/programs/no-such-program", None)),
    "check_eligibility": ({"facility": {"beds": -1}, "detail": "summary"}, "invalid_field", "/facility/beds",
                          ("POST", "/v1/eligibility", {"facility": {"beds": -1}, "detail": "summary"})),
    "calculate_subsidy": (dict(CALC, frame_id="no-such-frame"), "frame_not_found", "/frame_id",
                          ("POST", "/v1/calculations", dict(CALC, frame_id="no-such-frame"))),
    "plan_funding": ({"purchases": "many"}, "invalid_type", "/purchases",
                     ("POST", "/v1/plans", {"purchases": "many"})),
    "list_deadlines": ({"from": "2026-02-30"}, "invalid_parameter", "from",
                       ("GET", "/v1/deadlines?from=2026-02-30", None)),
}


def rest(method, path, body):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://{REST}{path}", data=data, method=method,
                                 headers={"content-type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def named(problem):
    return [e.get("pointer") or e.get("parameter") for e in problem.get("errors", [])]


async def exercise(client, label):
    tools = await client.list_tools()
    names = sorted(t.name for t in tools.tools)
    assert names == sorted(GOOD), names
    for t in tools.tools:
        assert t.input_schema["type"] == "object", t.name
    print(f"  [{label}] tools/list: {len(names)} tools: {', '.join(names)}", file=sys.stderr)
    for name, (args, method, path, body) in GOOD.items():
        result = await client.call_tool(name, args)
        assert not result.is_error, (name, result.content)
        status, expected = rest(method, path, body)
        assert status == 200, (name, status, expected)
        assert result.structured_content == expected, f"{name}: MCP result differs from {method} {path}"
        text = result.content[0].text
        assert expected["catalog"]["edition"] in text, (name, text)
        print(f"  [{label}] {name}: equals {method} {path.split('?')[0]}; text: {text.splitlines()[1][:90]}",
              file=sys.stderr)
        if name == "calculate_subsidy":
            assert result.structured_content["subsidy_yen"] == 6579000
            print(f"  [{label}] calculate_subsidy subsidy_yen = {result.structured_content['subsidy_yen']}",
                  file=sys.stderr)
    for name, (args, code, field, (method, path, body)) in BAD.items():
        result = await client.call_tool(name, args)
        assert result.is_error, (name, result)
        problem = result.structured_content
        status, rest_problem = rest(method, path, body)
        assert problem["code"] == code == rest_problem["code"], (name, problem, rest_problem)
        assert field in named(problem), (name, problem)
        assert named(problem) == named(rest_problem), (name, problem, rest_problem)
        assert problem["status"] == status, (name, problem["status"], status)
        print(f"  [{label}] {name} bad input: tool error {code} at {field} (REST {status})", file=sys.stderr)


class Mcp(unittest.TestCase):
    def test_stdio(self):
        async def go():
            server = StdioServerParameters(command=BIN, args=["mcp"], env={"RUST_LOG": "warn"})
            async with Client(server, read_timeout_seconds=60) as c:
                await exercise(c, "stdio")
        asyncio.run(go())

    def test_streamable_http(self):
        async def go():
            async with Client(f"http://{REST}/mcp", read_timeout_seconds=60) as c:
                await exercise(c, "http")
        asyncio.run(go())


if __name__ == "__main__":
    unittest.main(verbosity=2)
