"""The contract check (.ci/contract-check.py) on small documents: it fails on an unannounced
breaking change and passes when the changelog announces it. Runs the pinned checker."""

import copy
import importlib.util
import json
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("contract_check", HERE.parent / "contract-check.py")
cc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cc)

BASE = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1.0.0"},
    "paths": {
        "/v1/plans": {
            "post": {
                "operationId": "planFunding",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}},
                    }
                },
            }
        },
        "/v1/programs": {
            "get": {
                "operationId": "listPrograms",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        },
    },
    "components": {
        "schemas": {
            "Plan": {
                "type": "object",
                "required": ["total_yen"],
                "properties": {"total_yen": {"type": "integer"}, "cap_yen": {"type": "integer"}},
            }
        }
    },
}

RELEASED_LOG = "# Changelog\n\n## 1.0.0\n\n### Changed\n- the first release\n"


def removed_cap(version="1.0.0"):
    d = copy.deepcopy(BASE)
    d["info"]["version"] = version
    del d["components"]["schemas"]["Plan"]["properties"]["cap_yen"]
    return d


class ContractCheck(unittest.TestCase):
    def run_check(self, doc, changelog):
        with tempfile.TemporaryDirectory() as t:
            t = Path(t)
            (t / "released").mkdir()
            (t / "released" / "0.9.0.json").write_text(json.dumps(BASE))
            (t / "released" / "1.0.0.json").write_text(json.dumps(BASE))
            (t / "openapi.json").write_text(json.dumps(doc))
            (t / "CHANGELOG.md").write_text(changelog)
            return cc.check(t / "openapi.json", t / "released", t / "CHANGELOG.md")

    def test_the_released_document_passes(self):
        self.assertIsNone(self.run_check(BASE, RELEASED_LOG))

    def test_an_unrecorded_change_fails(self):
        failure = self.run_check(removed_cap(), RELEASED_LOG)
        self.assertIn("under the same version", failure)
        failure = self.run_check(removed_cap("1.1.0"), RELEASED_LOG)
        self.assertIn("no '## Unreleased' or '## 1.1.0'", failure)

    def test_an_unannounced_breaking_change_fails(self):
        log = "# Changelog\n\n## Unreleased\n\n### Removed\n- `cap_yen`\n\n" + RELEASED_LOG[12:]
        failure = self.run_check(removed_cap(), log)
        self.assertIn("breaking change since release 1.0.0 not announced", failure)

    def test_a_breaking_change_named_under_breaking_passes(self):
        log = "# Changelog\n\n## Unreleased\n\n### Breaking\n- `POST /v1/plans`: `cap_yen` removed\n\n" + RELEASED_LOG[12:]
        self.assertIsNone(self.run_check(removed_cap(), log))

    def test_a_breaking_change_under_breaking_but_not_named_fails(self):
        log = "# Changelog\n\n## Unreleased\n\n### Breaking\n- `GET /v1/programs`: something else\n\n" + RELEASED_LOG[12:]
        failure = self.run_check(removed_cap(), log)
        self.assertIn("not named", failure)
        self.assertIn("POST /v1/plans", failure)

    def test_a_new_major_version_with_a_breaking_section_passes(self):
        log = "# Changelog\n\n## 2.0.0\n\n### Breaking\n- the plan answer changed\n\n" + RELEASED_LOG[12:]
        self.assertIsNone(self.run_check(removed_cap("2.0.0"), log))

    def test_a_non_breaking_addition_recorded_as_unreleased_passes(self):
        d = copy.deepcopy(BASE)
        d["components"]["schemas"]["Plan"]["properties"]["note"] = {"type": "string"}
        log = "# Changelog\n\n## Unreleased\n\n### Added\n- `note`\n\n" + RELEASED_LOG[12:]
        self.assertIsNone(self.run_check(d, log))

    def test_an_older_or_unversioned_document_fails(self):
        d = copy.deepcopy(BASE)
        d["info"]["version"] = "0.9.1"
        self.assertIn("older than", self.run_check(d, RELEASED_LOG))
        d["info"]["version"] = "v1"
        self.assertIn("not a semantic version", self.run_check(d, RELEASED_LOG))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
