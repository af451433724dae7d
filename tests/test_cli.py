"""The command line contract: JSON in, JSON out; invalid input → exit 2 and {"errors": [...]}.

Most cases call ``leukodesk.cli.run`` in process (fast); a few run the real command with
``python -m leukodesk`` to check the process-level contract (exit status, streams, UTF-8).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import leukodesk
from leukodesk.cli import run
from leukodesk.core.rules.thresholds import RULES_VERSION
from leukodesk.documents import MAX_INPUT_BYTES

PATIENT = {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6,
           "age_years": 70, "platelets": 8, "weight_kg": 72.4}


class Stdin(io.StringIO):
    """A text stdin with a binary ``buffer``, like sys.stdin."""

    def __init__(self, text: str):
        super().__init__(text)
        self.buffer = io.BytesIO(text.encode("utf-8"))


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, out=out, err=err, stdin=Stdin(stdin))
    return status, out.getvalue(), err.getvalue()


def command(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real command; ASCII as the locale's encoding, yet the output must be UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "leukodesk", *args], input=stdin.encode(),
                          capture_output=True, env=env, timeout=60, check=False)
    return subprocess.CompletedProcess(args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


def assert_errors(status: int, out: str, err: str) -> list[dict[str, Any]]:
    assert status == 2
    assert "Traceback" not in out and "Traceback" not in err
    errors = json.loads(out)["errors"]
    assert errors
    for e in errors:
        assert isinstance(e["field"], str) and e["message"].strip()
    return errors


# --- assess ----------------------------------------------------------------------------------
def test_assess_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(PATIENT), encoding="utf-8")
    status, out, err = call(["assess", str(path)])
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["anc"] == pytest.approx(0.495)
    assert result["anc_display"] == "0.495"
    assert (result["anc_class"], result["febrile_neutropenia"], result["consider_gcsf"]) == (
        "severe", True, True)
    assert result["platelet_transfusion"]["category"] == "indicated"
    assert result["rules_version"] == "2026.2" == RULES_VERSION


@pytest.mark.parametrize("argv", [["assess"], ["assess", "-"]])
def test_assess_from_stdin(argv: list[str]) -> None:
    status, out, _ = call(argv, json.dumps(PATIENT))
    assert status == 0
    assert json.loads(out)["immediate_antibiotics"] is True


def test_a_list_gives_a_list_and_invalid_items_become_errors() -> None:
    status, out, err = call(["assess"], json.dumps([PATIENT, {"wbc": -1}, {"wbc": 5}, 7]))
    result = json.loads(out)
    assert status == 2 and "Traceback" not in out + err
    assert isinstance(result, list) and len(result) == 4
    assert result[0]["anc_class"] == "severe" and result[2]["leukopenia"] is False
    assert result[1]["errors"][0]["field"] == "wbc"
    assert set(result[3]) == {"errors"}


def test_a_list_of_valid_items_exits_0() -> None:
    status, out, _ = call(["assess"], json.dumps([{"wbc": 5}, {"wbc": 2, "anc": 0.3}]))
    assert status == 0
    # WBC 5 with no ANC settles no class (RULES §5): the gauge is null, not "normal".
    assert [r["severity_level"] for r in json.loads(out)] == [None, 3]
    assert [r["severity_basis"] for r in json.loads(out)] == [None, "anc_class"]


def test_text_output_contains_the_key_facts() -> None:
    status, out, _ = call(["assess", "--text"], json.dumps(PATIENT))
    assert status == 0
    for fact in ("rule set 2026.2", "CTCAE v5.0", "Neutrophil gauge: SEVERE (level 3 of 4",
                 "ANC 0.495 ×10⁹/L",
                 "FN (IDSA/ASCO): YES", "Immediate antibiotics: YES", "Consider G-CSF: YES",
                 "transfuse now: YES", "362 mcg", "EMERGENCY:",
                 "IDSA febrile neutropenia guideline, 2010",  # sources by short name
                 "never replaces clinical judgement"):
        assert fact in out, fact


def test_text_output_lines_fit_79_columns() -> None:
    _, out, _ = call(["assess", "--text"], json.dumps(PATIENT))
    assert [line for line in out.splitlines() if len(line) > 79] == []


def test_text_output_for_an_invalid_item() -> None:
    status, out, err = call(["assess", "--text"], json.dumps({"wbc": 2100}))
    assert status == 2 and "Traceback" not in out + err
    assert json.loads(out)["errors"][0]["suggested_unit"] == "cells/uL"
    assert "invalid input: wbc:" in err


# --- invalid input ---------------------------------------------------------------------------
@pytest.mark.parametrize("doc", [{"wbc": -1}, {"wbc": 2100}, {"platelets": 5},
                                 {"wbc": 5, "temp_c": 38}, {"wbc": True},
                                 {"wbc": 5, "anc": 2, "differential": {"segs_pct": 40}}])
def test_invalid_input_exits_2_with_field_errors(doc: Any) -> None:
    errors = assert_errors(*call(["assess"], json.dumps(doc)))
    assert all(e["field"] for e in errors)


@pytest.mark.parametrize(("text", "field"), [
    ('{"wbc": 2', "file"),
    ('{"wbc": 2, "wbc": 3}', "wbc"),
    ('{"wbc": NaN}', None),
    ('{"wbc": Infinity}', None),
    ("", "file"),
    ("  \n ", "file"),
    ("5", ""),
    ('"wbc"', ""),
    ('{"wbc": ' + "1" * 5000 + "}", "file"),   # Python refuses to read so long an integer
    ("[" * 100_000 + "]" * 100_000, "file"),
])
def test_unreadable_documents_exit_2(text: str, field: str | None) -> None:
    errors = assert_errors(*call(["assess"], text))
    if field is not None:
        assert errors[0]["field"] == field


def test_nan_message_names_nan() -> None:
    errors = assert_errors(*call(["assess"], '{"wbc": 5, "platelets": NaN}'))
    assert "NaN" in errors[0]["message"]


def test_missing_file_exits_2(tmp_path: Path) -> None:
    errors = assert_errors(*call(["assess", str(tmp_path / "absent.json")]))
    assert errors[0]["field"] == "file" and "absent.json" in errors[0]["message"]


def test_file_over_10_mb_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b'{"wbc": 1' + b" " * MAX_INPUT_BYTES + b"}")
    errors = assert_errors(*call(["assess", str(path)]))
    assert errors[0]["field"] == "file" and "10 MB" in errors[0]["message"]


def test_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"wbc": 5, "diagnosis": "é"}'.encode("latin-1"))
    errors = assert_errors(*call(["assess", str(path)]))
    assert "UTF-8" in errors[0]["message"]


def test_explicit_null_is_read_as_empty() -> None:
    status, out, err = call(["assess"], '{"wbc": 5, "platelets": null}')
    assert (status, err) == (0, "")
    assert json.loads(out)["platelet_transfusion"] is None


# --- schema and version ----------------------------------------------------------------------
def test_schema_prints_input_and_output_schemas() -> None:
    status, out, _ = call(["schema"])
    schema = json.loads(out)
    assert status == 0
    assert set(schema) == {"input", "output", "dose_request", "dose_result",
                           "prophylaxis_request", "prophylaxis_result"}
    assert schema["input"]["required"] == ["wbc"]
    assert "temperature_c" in schema["input"]["properties"]
    assert {"anc_class", "recommendations", "inputs"} <= set(schema["output"]["properties"])


def test_no_command_prints_help_and_exits_0() -> None:
    status, out, _ = call([])
    assert status == 0 and "assess" in out and "schema" in out


# --- the real command ------------------------------------------------------------------------
def test_real_command_version() -> None:
    proc = command("--version")
    assert proc.returncode == 0
    assert leukodesk.__version__ in proc.stdout and "2026.2" in proc.stdout


def test_real_command_assess_stdin_and_text() -> None:
    proc = command("assess", stdin=json.dumps(PATIENT))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["anc_display"] == "0.495"
    proc = command("assess", "--text", "-", stdin=json.dumps(PATIENT))
    assert proc.returncode == 0 and "ANC 0.495 ×10⁹/L" in proc.stdout  # UTF-8, even on ascii


def test_real_command_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"wbc": 2100, "temp_c": 38}', encoding="utf-8")
    proc = command("assess", str(path))
    errors = assert_errors(proc.returncode, proc.stdout, proc.stderr)
    assert [e["field"] for e in errors] == ["wbc", "temp_c"]
    assert "2.1 ×10⁹/L" in errors[0]["message"]


def test_real_command_usage_error_exits_2() -> None:
    proc = command("frobnicate")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
