"""``leukodesk dose``: a JSON request (or a list) in, JSON out (or a --text record); invalid
input exits 2 with {"errors": [{"field", "message"}]} and never a traceback.

Most cases call ``leukodesk.cli.run`` in process; a few run ``python -m leukodesk dose``.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from leukodesk.cli import run
from leukodesk.core.dosing.calc import calculate_dose

REQUEST = {"weight_kg": 72.4}
FULL = {"weight": 160, "weight_unit": "lb", "last_chemo_at": "2026-03-02T10:00",
        "first_dose_at": "2026-03-03T09:00", "latest_anc": 12, "past_nadir": "yes"}


class Stdin(io.StringIO):
    """A text stdin with a binary ``buffer``, like sys.stdin."""

    def __init__(self, text: str):
        super().__init__(text)
        self.buffer = io.BytesIO(text.encode("utf-8"))


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(["dose", *argv], out=out, err=err, stdin=Stdin(stdin))
    return status, out.getvalue(), err.getvalue()


def command(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real command; ASCII as the locale's encoding, yet the output must be UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "leukodesk", "dose", *args],
                          input=stdin.encode(), capture_output=True, env=env, timeout=60,
                          check=False)
    return subprocess.CompletedProcess(args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


def assert_errors(status: int, out: str, err: str) -> list[dict[str, Any]]:
    assert status == 2
    assert "Traceback" not in out and "Traceback" not in err
    document = json.loads(out)
    assert set(document) == {"errors"}
    for e in document["errors"]:
        assert isinstance(e["field"], str) and e["message"].strip()
    assert document["errors"]
    return document["errors"]


# --- JSON in, JSON out ----------------------------------------------------------------------
def test_dose_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(REQUEST), encoding="utf-8")
    status, out, err = call([str(path)])
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["daily_dose_mcg"] == 362 and result["formula"] == "5 mcg/kg × 72.4 kg = 362 mcg"
    assert result["nearest_presentation_mcg"] == 300 and result["within_tolerance"] is False
    assert result["vial_volume_ml"] == pytest.approx(362 / 300)


@pytest.mark.parametrize("argv", [[], ["-"]], ids=["no-file", "dash"])
def test_dose_from_stdin(argv: list[str]) -> None:
    status, out, _ = call(argv, json.dumps(REQUEST))
    assert status == 0 and json.loads(out)["daily_dose_mcg"] == 362


@pytest.mark.parametrize("request_", [
    REQUEST, FULL, {"weight_kg": 78, "presentation_set": "eu_syringes"},
    {"weight_kg": 9.4, "product": "pegfilgrastim", "last_chemo_at": "2026-03-02T10:00Z",
     "next_chemo_at": "2026-03-12T10:00Z"},
], ids=["72.4kg", "lb-timing-anc", "eu-tie", "peg"])
def test_json_output_is_the_calculators_result(request_: dict[str, Any]) -> None:
    status, out, _ = call([], json.dumps(request_))
    assert status == 0
    # ``site``: the site configuration in force (RULES §16), none here
    assert json.loads(out) == {**calculate_dose(request_).model_dump(mode="json"), "site": None}


def test_a_list_gives_a_list_and_invalid_items_become_errors() -> None:
    docs = [REQUEST, {"weight_kg": 0.49}, {"weight_kg": 9.4, "product": "pegfilgrastim"}, 7]
    status, out, err = call([], json.dumps(docs))
    result = json.loads(out)
    assert status == 2 and "Traceback" not in out + err
    assert isinstance(result, list) and len(result) == 4
    assert result[0]["daily_dose_mcg"] == 362 and result[2]["dose_mg"] == pytest.approx(0.94)
    (error,) = result[1]["errors"]
    assert error["field"] == "weight_kg" and "0.5 to 350 kg" in error["message"]
    assert set(result[3]) == {"errors"}


def test_a_list_of_valid_requests_exits_0() -> None:
    status, out, _ = call([], json.dumps([{"weight_kg": 60}, {"weight_kg": 78}]))
    assert status == 0
    assert [(r["nearest_presentation_mcg"], r["tie"]) for r in json.loads(out)] == [
        (300, False), (480, True)]


# --- --text ---------------------------------------------------------------------------------
def test_text_record_contains_the_key_facts() -> None:
    status, out, err = call(["--text"], json.dumps(FULL))
    assert (status, err) == (0, "")
    for fact in ("rule set 2026.2", "Weight: 160 lb = 72.5747792 kg",
                 "160 lb × 0.45359237 kg/lb = 72.5747792 kg",
                 "5 mcg/kg × 72.5747792 kg ≈ 362.87 mcg", ">> ", "1.21 mL",
                 "Earliest first dose: 2026-03-03 10:00", "Course ends by: 2026-03-17 09:00",
                 "NEUPOGEN-PI", "HOPA", "Checked by:", "never replaces clinical judgement"):
        assert fact in out, fact
    assert "first dose (2026-03-03 09:00)" in out and "stop filgrastim" in " ".join(out.split())


def test_text_record_for_pegfilgrastim() -> None:
    status, out, _ = call(["--text"], json.dumps({"weight_kg": 44.6, "product": "pegfilgrastim"}))
    assert status == 0
    assert "Dose: 6 mg pegfilgrastim once per cycle (45 kg or more, weight used 45 kg)" in out
    assert "PEGFIL" in out


@pytest.mark.parametrize("request_", [FULL, {"weight_kg": 50, "indication": "scn_congenital",
                                             "presentation_set": "eu_syringes"}],
                         ids=["lb-timing-anc", "scn-eu"])
def test_text_record_fits_79_columns_and_follows_ismp(request_: dict[str, Any]) -> None:
    _, out, _ = call(["--text"], json.dumps(request_))
    assert [line for line in out.splitlines() if len(line) > 79] == []
    assert not re.search(r"µg|\bug\b|(?<![\d])\.\d|\d\.\d*0(?!\d)", out)


def test_text_for_an_invalid_item() -> None:
    status, out, err = call(["--text"], json.dumps({"weight_kg": 400}))
    errors = assert_errors(status, out, err)
    assert errors[0]["field"] == "weight_kg" and errors[0]["suggested_unit"] == "lb"
    assert "invalid input: weight_kg:" in err


def test_explicit_null_tolerance_is_read_as_empty() -> None:
    status, out, err = call([], '{"weight_kg": 72.4, "tolerance_pct": null}')
    assert (status, err) == (0, "")
    assert json.loads(out)["tolerance_pct"] == 10


# --- invalid input --------------------------------------------------------------------------
@pytest.mark.parametrize(("doc", "fields"), [
    ({"weight_kg": 0.49}, ["weight_kg"]),
    ({"weight_kg": 350.01}, ["weight_kg"]),
    ({"weight": 900, "weight_unit": "lb"}, ["weight"]),
    ({"weight_kg": 70, "wieght": 70}, ["wieght"]),
    ({"weight_kg": 70, "product": "tbo_filgrastim", "indication": "bmt"}, ["indication"]),
    ({"weight_kg": 70, "product": "pegfilgrastim", "ordered_dose_mcg": 300},
     ["ordered_dose_mcg"]),
    ({"weight_kg": 70, "last_chemo_at": "2026-03-02T10:00Z", "first_dose_at": "2026-03-03T10:00"},
     ["last_chemo_at"]),
    ({"weight_kg": 70, "last_chemo_at": "2026-03-02T10:00", "next_chemo_at": "2026-03-01T10:00"},
     ["next_chemo_at"]),
    ({"weight_kg": True}, ["weight_kg"]),
    ({}, ["weight_kg"]),
], ids=["0.49kg", "350.01kg", "900lb", "unknown-key", "tbo-bmt", "peg-mcg", "mixed-tz",
        "next-before-last", "bool", "empty-object"])
def test_invalid_requests_exit_2_with_field_errors(doc: Any, fields: list[str]) -> None:
    errors = assert_errors(*call([], json.dumps(doc)))
    assert [e["field"] for e in errors] == fields


@pytest.mark.parametrize(("text", "field"), [
    ('{"weight_kg": 7', "file"), ('{"weight_kg": 70, "weight_kg": 80}', "weight_kg"),
    ('{"weight_kg": NaN}', "weight_kg"), ("", "file"), ("5", ""), ('"72 kg"', ""),
], ids=["truncated", "repeated-key", "nan", "empty", "number", "string"])
def test_unreadable_documents_exit_2(text: str, field: str) -> None:
    errors = assert_errors(*call([], text))
    assert errors[0]["field"] == field


def test_missing_file_exits_2(tmp_path: Path) -> None:
    errors = assert_errors(*call([str(tmp_path / "absent.json")]))
    assert errors[0]["field"] == "file" and "absent.json" in errors[0]["message"]


# --- the real command -----------------------------------------------------------------------
def test_real_command_json_and_text_in_utf8() -> None:
    proc = command(stdin=json.dumps(REQUEST))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["formula"] == "5 mcg/kg × 72.4 kg = 362 mcg"
    proc = command("--text", "-", stdin=json.dumps(REQUEST))
    assert proc.returncode == 0 and "(−17.1 %)" in proc.stdout
    assert "  5 mcg/kg × 72.4 kg = 362 mcg" in proc.stdout


def test_real_command_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"weight_kg": 400, "colour": "red"}', encoding="utf-8")
    proc = command(str(path))
    errors = assert_errors(proc.returncode, proc.stdout, proc.stderr)
    assert [e["field"] for e in errors] == ["weight_kg", "colour"]
    assert "181.437 kg" in errors[0]["message"]


def test_real_command_help_describes_the_contract() -> None:
    proc = command("--help")
    assert proc.returncode == 0 and "--text" in proc.stdout and "status 2" in proc.stdout


# --- rule set 2026.2 contract (RULES §10, §15) ----------------------------------------------
@pytest.mark.parametrize(("request_", "field"), [
    ({"weight_kg": 70, "product": "eflapegrastim"}, "age_years"),
    ({"weight_kg": 70, "product": "efbemalenograstim", "age_years": 17}, "age_years"),
    ({"weight_kg": 70, "brand": "lonquex", "age_years": 17.99}, "age_years"),
    ({"weight_kg": 70, "brand": "zarxio", "product": "pegfilgrastim"}, "brand"),
    ({"weight_kg": 70, "brand": "rolvedon", "product": "efbemalenograstim", "age_years": 40},
     "brand"),
    ({"weight_kg": 70, "brand": "zarxio", "presentation_set": "us_vials"}, "presentation_set"),
    ({"weight_kg": 70, "brand": "sandoz"}, "brand"),
    ({"weight_kg": 70, "past_nadir": "maybe"}, "past_nadir"),
    ({"weight_kg": 70, "past_nadir": True}, "past_nadir"),
    ({"weight_kg": 70, "age_years": 121}, "age_years"),
    ({"weight_kg": 70, "bmt_infusion_at": "yesterday", "indication": "bmt"}, "bmt_infusion_at"),
    ({"weight_kg": 70, "first_apheresis_at": "2026-13-01T10:00"}, "first_apheresis_at"),
], ids=["no-age", "age-17", "lonquex-17.99", "brand-vs-product", "brand-vs-fixed-product",
        "set-vs-brand", "unknown-brand", "past-nadir-word", "past-nadir-bool", "age-121",
        "infusion-text", "apheresis-month-13"])
def test_2026_2_bad_input_exits_2_naming_the_field(request_: dict[str, Any],
                                                   field: str) -> None:
    errors = assert_errors(*call([], json.dumps(request_)))
    assert field in [e["field"] for e in errors]


def test_2026_2_output_keys() -> None:
    status, out, _ = call([], json.dumps({"weight_kg": 120}))
    r = json.loads(out)
    assert status == 0 and r["rules_version"] == "2026.2"
    assert (r["fixed_dose"], r["dose_mg"]) == (False, None)
    assert r["combination"] == {"presentations_mcg": [300.0, 300.0], "total_mcg": 600.0,
                                "deviation_pct": 0.0, "within_tolerance": True}
    assert r["action"] == "Give 600 mcg filgrastim: two 300 mcg/0.5 mL prefilled syringes"
    assert {"earliest_first_dose_at", "last_dose_by", "rule"} <= set(r["timing"])
    fixed = json.loads(call([], json.dumps({"weight_kg": 70, "brand": "rolvedon",
                                            "age_years": 18}))[1])
    assert (fixed["product"], fixed["fixed_dose"], fixed["dose_mg"]) == (
        "eflapegrastim", True, 13.2)
    assert fixed["combination"] is None and "13.2 mg eflapegrastim" in fixed["action"]


def test_2026_2_fourteen_day_cycle_has_no_pegfilgrastim_window() -> None:
    status, out, _ = call([], json.dumps({
        "weight_kg": 70, "product": "pegfilgrastim", "last_chemo_at": "2026-03-02T10:00",
        "next_chemo_at": "2026-03-16T10:00"}))
    r = json.loads(out)
    assert status == 0 and "no_pegfilgrastim_window" in [w["code"] for w in r["warnings"]]
    assert r["timing"]["earliest_first_dose_at"] is None and r["timing"]["last_dose_by"] is None


@pytest.mark.parametrize(("anc", "nadir", "code"), [
    (12, "yes", "stop_anc_above_10"), (12, "no", "transient_rise"),
    (12, "unknown", "transient_rise"), (10, "yes", None)])
def test_2026_2_stop_rule_reads_past_nadir(anc: float, nadir: str, code: str | None) -> None:
    r = json.loads(call([], json.dumps({"weight_kg": 60, "latest_anc": anc,
                                        "past_nadir": nadir}))[1])
    found = {w["code"] for w in r["warnings"]} & {"stop_anc_above_10", "transient_rise"}
    assert found == ({code} if code else set())


def test_2026_2_text_record_leads_with_the_action() -> None:
    status, out, _ = call(["--text"], json.dumps({"weight_kg": 72}))
    lines = [line for line in out.splitlines() if line.strip()]
    assert status == 0
    assert lines[1] == (">> Give 360 mcg filgrastim: 1.2 mL of 300 mcg/mL (two 300 mcg/1 mL "
                        "vials)")
    assert out.index(">> Give") < out.index("Workings:")


def test_2026_2_text_record_gives_the_indications_timing() -> None:
    _, out, _ = call(["--text"], json.dumps({
        "weight_kg": 70, "indication": "mobilization", "first_apheresis_at": "2026-03-10T10:00",
        "last_chemo_at": "2026-03-01T10:00"}))
    flat = " ".join(out.split())
    assert "Start no later than: 2026-03-06 10:00" in flat
    assert "Earliest first dose" not in flat and "24 hours after chemotherapy" not in flat
    _, out, _ = call(["--text"], json.dumps({"weight_kg": 70, "indication": "h_ars"}))
    flat = " ".join(out.split())
    assert "above 2 Gy" in flat and "3 consecutive counts" in flat
