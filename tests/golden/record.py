"""Write the golden record: ``tests/golden/recorded.json.gz``.

Runs every command of :func:`generate.cases` through ``leukodesk`` (in this process, see
``runner.py``) and records, per case, its id, kind, argv, document (or raw standard
input), exit status, standard error and standard output (JSON, or text for
``case --list``/``--check``), in gzip-compressed JSON with sorted keys.

Re-record only when a change of behaviour is intended (a new rule set), and say so in
the commit::

    python tests/golden/record.py                          # the code leukodesk imports
    PYTHONPATH=/path/to/checkout python tests/golden/record.py   # another checkout's code

It refuses to write when a document meant to be accepted is refused (or the other way
round), unless given ``--force``; ``--output PATH`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from runner import result, run_command  # noqa: E402

RECORDING = HERE / "recorded.json.gz"
FORMAT = 1


def _commit(folder: Path) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--",
                                "leukodesk", "resources"],
                               capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def record() -> tuple[dict[str, Any], list[str]]:
    """The recording, and the ids whose exit status contradicts ``valid``."""
    import leukodesk

    entries, wrong = [], []
    for case in generate.cases():
        found = result(case.argv, case.stdin_text())
        if (found["exit"] == 0) != case.valid:
            wrong.append(f"{case.id}: exit {found['exit']} {found.get('output', '')!s:.300}")
        entries.append({**case.as_json(), **found})
    version = run_command(["--version"])[1].strip()
    header = {"format": FORMAT, "seed": generate.SEED, "version": version,
              "commit": _commit(Path(leukodesk.__file__).resolve().parents[1]),
              "note": "Written by tests/golden/record.py; compared by test_golden.py "
                      "(recommendations' why excluded)."}
    return {**header, "cases": entries}, wrong


def write(recording: dict[str, Any], path: Path) -> None:
    text = json.dumps(recording, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # mtime=0 and no file name: the same recording gives the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                               compresslevel=9, mtime=0) as handle:
        handle.write(text.encode("utf-8"))


def load(path: Path = RECORDING) -> dict[str, Any]:
    with gzip.open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RECORDING)
    parser.add_argument("--force", action="store_true",
                        help="write even when a document's acceptance is not as generated")
    args = parser.parse_args(argv)
    import leukodesk

    print(f"leukodesk from {leukodesk.__file__}")
    start = time.perf_counter()
    recording, wrong = record()
    for line in wrong[:20]:
        print(f"  unexpected: {line}")
    if wrong and not args.force:
        print(f"{len(wrong)} cases are accepted/refused against expectation; nothing "
              "written (fix generate.py, or --force)")
        return 1
    write(recording, args.output)
    counts: dict[str, int] = {}
    for entry in recording["cases"]:
        key = f"{entry['kind']} {'valid' if entry['valid'] else 'refused'}"
        counts[key] = counts.get(key, 0) + 1
    print(f"{recording['version']}, commit {recording['commit']}")
    print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes) in "
          f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
