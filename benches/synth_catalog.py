#!/usr/bin/env python3
"""Writes a synthetic catalog of N programs built from the real program shapes.

Usage: synth_catalog.py N OUT_DIR
The real programs are kept; copies get ids `<id>-s<k>` (references still point at the real
programs, so every copy validates like the original).
"""
import pathlib
import re
import shutil
import sys

def main() -> None:
    n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    root = pathlib.Path(__file__).resolve().parent.parent / "catalog"
    if out.exists():
        shutil.rmtree(out)
    (out / "programs").mkdir(parents=True)
    shutil.copy(root / "catalog.toml", out / "catalog.toml")
    originals = sorted((root / "programs").glob("*.toml"))
    for f in originals:
        shutil.copy(f, out / "programs" / f.name)
    k = 0
    while len(originals) + k < n:
        src = originals[k % len(originals)]
        text = src.read_text(encoding="utf-8")
        pid = src.stem
        new_id = f"{pid}-s{k}"
        text = re.sub(r'^id = "' + re.escape(pid) + '"', f'id = "{new_id}"', text, count=1, flags=re.M)
        (out / "programs" / f"{new_id}.toml").write_text(text, encoding="utf-8")
        k += 1

if __name__ == "__main__":
    main()
