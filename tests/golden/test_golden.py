"""Proof that behaviour is unchanged: what ``leukodesk assess``, ``dose`` and ``case``
print now is what the recorded code printed, for the shipped teaching cases and a few
thousand seeded generated documents (``generate.py``).

Recorded first from the 2026.1 code before the rule table (issue 14: the table changed no
output but the ``why``); recorded again for rule set 2026.2 (issue 15) after its changes
were reviewed case by case; the header of ``recorded.json.gz`` names the commit.

Compared per case: exit status, standard error, and standard output (as JSON, telling 1
from 1.0 and true from 1; or as text for ``case --list``/``--check``), with one thing
left out: the ``why`` of each recommendation, which is being replaced by a comparison
trace. The order of keys in the printed JSON is not compared (the recording sorts them).
The commands run in this process through ``leukodesk.cli.run`` (``runner.py``); a test
below holds that this prints exactly what the real command prints.

Re-record, only when a change of behaviour is intended (say so in the commit)::

    python tests/golden/record.py

or, equivalently, run this module with ``LEUKODESK_GOLDEN_RERECORD=1`` in the
environment: the recording is rewritten from the current code before it is compared.
To compare other code, put its checkout first on the path, e.g. from that checkout:
``PYTHONPATH=$PWD python -m pytest /path/to/tests/golden -p no:cacheprovider``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import record  # noqa: E402
from runner import canonical, result, run_command, without_why  # noqa: E402

KINDS = ("case", "assess", "dose")
SHOWN_CASES = 5      # cases shown in a failure message
SHOWN_PATHS = 6      # differing keys shown per case
SHOWN_CHARS = 120    # characters shown per value


@pytest.fixture(scope="module")
def recording() -> dict[str, Any]:
    if os.environ.get("LEUKODESK_GOLDEN_RERECORD") == "1":
        assert record.main([]) == 0, "re-recording failed"
    return record.load()


def _short(value: Any) -> str:
    text = canonical(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def differences(was: Any, now: Any, path: str = "") -> list[str]:
    """The keys at which two JSON values differ, each with both values (shortened)."""
    where = path or "(top)"
    if type(was) is not type(now):
        return [f"{where}: {_short(was)} → {_short(now)}"]
    if isinstance(was, dict):
        found = []
        for key in sorted(set(was) | set(now)):
            at = f"{path}.{key}" if path else key
            if key not in now:
                found.append(f"{at}: no longer given (was {_short(was[key])})")
            elif key not in was:
                found.append(f"{at}: new ({_short(now[key])})")
            else:
                found += differences(was[key], now[key], at)
        return found
    if isinstance(was, list):
        found = []
        if len(was) != len(now):
            ids = [[item.get("id") if isinstance(item, dict) else None for item in x]
                   for x in (was, now)]
            shown = (f"ids {ids[0]} → {ids[1]}" if any(ids[0]) or any(ids[1])
                     else f"{len(was)} → {len(now)} items")
            found.append(f"{where}: {shown}")
        for n, (a, b) in enumerate(zip(was, now, strict=False)):
            found += differences(a, b, f"{path}[{n}]")
        return found
    if was == now:
        return []
    if isinstance(was, str):  # long texts: from a little before the first difference
        start = max(0, next((n for n, (a, b) in enumerate(zip(was, now, strict=False))
                             if a != b), min(len(was), len(now))) - 40)
        if start:
            return [f"{where}: …{_short(was[start:])} → …{_short(now[start:])}"]
    return [f"{where}: {_short(was)} → {_short(now)}"]


def _compared(found: dict[str, Any]) -> dict[str, Any]:
    out = {key: found[key] for key in ("exit", "stderr", "text") if key in found}
    if "output" in found:
        out["output"] = without_why(found["output"])
    return out


def _case(entry: dict[str, Any]) -> generate.GoldenCase:
    return generate.GoldenCase(entry["id"], entry["kind"], tuple(entry["argv"]),
                               entry.get("document"), entry.get("stdin"), entry["valid"])


def test_the_generator_gives_the_recorded_documents(recording: dict[str, Any]) -> None:
    """Whatever the recording holds is what generate.py makes: it cannot drift silently."""
    assert recording["seed"] == generate.SEED
    made = [case.as_json() for case in generate.cases()]
    recorded = [{k: entry[k] for k in made_keys(entry)} for entry in recording["cases"]]
    assert [c["id"] for c in made] == [c["id"] for c in recorded], \
        "generate.py makes other cases (ids) than were recorded"
    drifted = [(a["id"], differences(b, a)) for a, b in zip(made, recorded, strict=True)
               if canonical(a) != canonical(b)]
    assert not drifted, (
        f"generate.py makes {len(drifted)} documents other than those recorded; first: "
        + "; ".join(f"{i}: {', '.join(d[:SHOWN_PATHS])}" for i, d in drifted[:SHOWN_CASES]))


def made_keys(entry: dict[str, Any]) -> list[str]:
    return [k for k in ("id", "kind", "argv", "valid", "document", "stdin") if k in entry]


def test_the_record_has_what_was_asked(recording: dict[str, Any]) -> None:
    counts = Counter((e["kind"], e["valid"]) for e in recording["cases"])
    assert counts["assess", True] >= 2000 and counts["dose", True] >= 500
    valid = [e for e in recording["cases"] if e["valid"] and e["kind"] != "case"]
    assert all(e["exit"] == 0 for e in valid)
    docs = [d for e in valid for d in (e["document"] if isinstance(e["document"], list)
                                       else [e["document"]])]
    assess = [d for d in docs if "wbc" in d]
    dose = [d for d in docs if "wbc" not in d]
    seen = Counter()
    for d in assess:
        seen.update({("diagnosis", d.get("diagnosis")), ("procedure", d.get("planned_procedure")),
                     ("48h", repr(d.get("anc_expected_below_0_5_within_48h", "absent"))),
                     *(("units", g, u) for g, u in (d.get("units") or {}).items()),
                     *(("box", b, d.get(b)) for b in generate.CHECKBOXES),
                     ("neutrophils", "anc" if d.get("anc") is not None else "differential"
                      if (d.get("differential") or {}).get("segs_pct") is not None
                      else "neither"),
                     *(("lln", k) for k in (d.get("lln") or {}))})
    for d in dose:
        seen.update({("dose", d.get("product", "filgrastim"),
                      d.get("indication", "chemotherapy"), d.get("presentation_set"))})
    wanted = {*(("diagnosis", x) for x in generate.DIAGNOSES),
              *(("procedure", x) for x in generate.PROCEDURES),
              *(("48h", x) for x in ("True", "False", "None", "'absent'")),
              *(("units", g, a) for g, (_c, units) in generate.UNITS.items()
                for aliases in units.values() for a in aliases),
              *(("box", b, v) for b in generate.CHECKBOXES for v in (True, False)),
              *(("neutrophils", x) for x in ("anc", "differential", "neither")),
              *(("lln", k) for k in ("wbc", "anc", "lymphocytes", "platelets", "hemoglobin")),
              *(("dose", "filgrastim", i, s) for i in generate.INDICATIONS
                for s in (*generate.PRESENTATION_SETS, None)),
              ("dose", "tbo_filgrastim", "chemotherapy", "us_syringes"),
              *(("dose", "pegfilgrastim", "chemotherapy", s)
                for s in (*generate.PRESENTATION_SETS, None))}
    assert not wanted - set(seen), f"not covered: {sorted(wanted - set(seen), key=str)}"


@pytest.mark.parametrize("kind", KINDS)
def test_output_is_as_recorded(recording: dict[str, Any], kind: str) -> None:
    """Every recorded command gives what it gave (recommendations' why excluded)."""
    entries = [e for e in recording["cases"] if e["kind"] == kind]
    assert entries
    changed = []
    for entry in entries:
        case = _case(entry)
        was, now = _compared(entry), _compared(result(case.argv, case.stdin_text()))
        if canonical(was) != canonical(now):
            changed.append((case.id, differences(was, now)))
    if changed:
        lines = [f"{len(changed)} of {len(entries)} recorded '{kind}' commands now give "
                 f"another result (recommendations' why excluded); the first "
                 f"{min(len(changed), SHOWN_CASES)}:"]
        for case_id, found in changed[:SHOWN_CASES]:
            lines.append(f"  {case_id}:")
            lines += [f"    {line}" for line in found[:SHOWN_PATHS]]
            if len(found) > SHOWN_PATHS:
                lines.append(f"    … and {len(found) - SHOWN_PATHS} more")
        lines.append("If the change is intended, re-record: python tests/golden/record.py")
        pytest.fail("\n".join(lines), pytrace=False)


def test_in_process_is_what_the_command_prints(recording: dict[str, Any]) -> None:
    """runner.py gives byte for byte what ``python -m leukodesk`` prints, for a few
    documents: non-ASCII units, a refusal, a dose and a list."""
    import leukodesk

    wanted = ("assess-case-duffy_null_neutropenia", "assess-invalid-",
              "dose-case-filgrastim_78kg_tie", "assess-list-valid", "case-list")
    entries = [next(e for e in recording["cases"] if e["id"].startswith(w)) for w in wanted]
    entries.append(next(e for e in recording["cases"]
                        if "µ" in str((e.get("document") or {}).get("units", ""))))
    root = Path(leukodesk.__file__).resolve().parents[1]  # the code this process tests
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(root), *filter(None, [os.environ.get("PYTHONPATH")])])}
    for entry in entries:
        case = _case(entry)
        proc = subprocess.run([sys.executable, "-m", "leukodesk", *case.argv],
                              input=case.stdin_text().encode("utf-8"), capture_output=True,
                              env=env, cwd=root, timeout=120, check=False)
        command = (proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
        assert run_command(case.argv, case.stdin_text()) == command, case.id
