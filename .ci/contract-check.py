#!/usr/bin/env python3
"""Fails on a breaking contract change that CHANGELOG.md does not announce.

Usage: contract-check.py [DOC] [--released DIR] [--changelog FILE]

DOC (default openapi/openapi.json) is compared with the newest released document in DIR
(default openapi/released, files named VERSION.json) by the pinned breaking-change checker
(Optic, .ci/contract/package.json). Rules:
- DOC's `info.version` is semantic and not older than the newest release; a document that
  differs from that release is recorded in CHANGELOG.md, in a `## ` section whose heading
  names DOC's version or `Unreleased`.
- A breaking change passes only when that section has a `### Breaking` subsection, and either
  DOC's major version is above the release's or the subsection names every operation the
  checker reports broken (`POST /v1/plans`).
Exit 0 passes, 1 fails (with the reason), 2 is a usage error.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
OPERATION = re.compile(r"^\s*x (GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (/\S*):", re.M)


def semver(text):
    m = SEMVER.match(text or "")
    return tuple(int(x) for x in m.groups()) if m else None


def newest_release(directory):
    releases = []
    for p in Path(directory).glob("*.json"):
        v = semver(p.stem)
        if v:
            releases.append((v, p))
    return max(releases) if releases else (None, None)


def announcing_section(changelog, version):
    """The text of the first `## ` section whose heading names `version` or Unreleased."""
    sections = re.split(r"(?m)^## ", changelog)[1:]
    for s in sections:
        heading = s.split("\n", 1)[0]
        if "Unreleased" in heading or re.search(r"(?<![\d.])" + re.escape(version) + r"(?![\d.])", heading):
            return s
    return None


def breaking_text(section):
    m = re.search(r"(?m)^### Breaking[^\n]*\n(.*?)(?=^### |\Z)", section, re.S)
    return m.group(1) if m else None


def optic(old, new):
    """(breaking?, report) from the pinned checker."""
    exe = os.environ.get("OPTIC_BIN") or str(ROOT / ".ci/contract/node_modules/.bin/optic")
    env = dict(os.environ, OPTIC_TELEMETRY_LEVEL="off", NO_COLOR="1")
    # Under CI=true the checker leaves a ci-run-details.json in its working directory.
    env.pop("CI", None)
    with tempfile.TemporaryDirectory() as cwd:
        r = subprocess.run(
            [exe, "diff", str(Path(old).resolve()), str(Path(new).resolve()), "--check"],
            capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
        )
    report = r.stdout + r.stderr
    if r.returncode not in (0, 1) or ("Checks:" not in report and r.returncode != 0):
        print(report)
        sys.exit("contract-check: the checker failed to run")
    return r.returncode == 1, report


def check(doc_path, released_dir, changelog_path):
    doc = json.loads(Path(doc_path).read_text())
    version = doc.get("info", {}).get("version")
    v = semver(version)
    if not v:
        return f"info.version {version!r} is not a semantic version (MAJOR.MINOR.PATCH)"
    released, released_path = newest_release(released_dir)
    if released is None:
        return f"no released document in {released_dir}"
    if v < released:
        return f"info.version {version} is older than the newest release {released_path.stem}"
    if json.loads(released_path.read_text()) == doc:
        print(f"contract {version}: equal to release {released_path.stem}")
        return None
    section = announcing_section(Path(changelog_path).read_text(), version)
    if section is None:
        return (f"the contract differs from release {released_path.stem} but CHANGELOG.md has no "
                f"'## Unreleased' or '## {version}' section recording it")
    if v == released:
        # A release is frozen: a changed document is the next version (Unreleased until then).
        if "Unreleased" not in section.split("\n", 1)[0]:
            return (f"the contract differs from release {version} under the same version: "
                    f"record it under '## Unreleased' and release it as a new version")
    breaking, report = optic(released_path, doc_path)
    if not breaking:
        print(f"contract {version}: no breaking change since {released_path.stem}")
        return None
    announced = breaking_text(section)
    if announced is None:
        print(report)
        return (f"breaking change since release {released_path.stem} not announced: add a "
                f"'### Breaking' subsection to the CHANGELOG.md section of {version} or Unreleased")
    if v[0] > released[0]:
        print(f"contract {version}: breaking changes since {released_path.stem}, announced by a "
              f"new major version")
        return None
    unnamed = sorted({f"{m} {p}" for m, p in OPERATION.findall(report)} - {
        f"{m} {p}" for m, p in re.findall(r"\b(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (/\S*?)[`\s,.;)]", announced + " ")})
    if unnamed:
        print(report)
        return ("breaking change not named in the '### Breaking' subsection (nor a new major "
                "version): " + ", ".join(unnamed))
    print(f"contract {version}: breaking changes since {released_path.stem}, each announced")
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("doc", nargs="?", default=str(ROOT / "openapi/openapi.json"))
    ap.add_argument("--released", default=str(ROOT / "openapi/released"))
    ap.add_argument("--changelog", default=str(ROOT / "CHANGELOG.md"))
    a = ap.parse_args()
    failure = check(a.doc, a.released, a.changelog)
    if failure:
        print(f"contract-check: FAIL: {failure}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
