"""The case library (issue 5): shipped teaching cases and a user's own case files.

- Every shipped case loads, is complete, and teaches what the core computes: the
  expectations are read from the files (derived by hand from RULES.md when written).
- check_case reports each kind of difference.
- Malformed, oversized and hostile files are refused with a message naming the problem.
- save_case writes atomically, only where asked, and round-trips.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from leukodesk import cases
from leukodesk.case_check import check_case, matches
from leukodesk.cases import (
    MAX_CASE_BYTES,
    Case,
    CaseError,
    ExpectedError,
    list_cases,
    load_case,
    save_case,
)

SHIPPED = list_cases()
# The topics issue 5 asks the library to cover, by file name.
REQUIRED = ("incidental_mild_leukopenia", "duffy_null_neutropenia", "post_chemo_fn_high_risk",
            "afebrile_sepsis_anc_0_2", "aml_induction_platelets_8", "apl_hyperleukocytosis",
            "mds_lower_risk", "cmml", "filgrastim_78kg_tie", "unit_slip_wbc_2100")
# The corrected edges of rule set 2026.2 (issue 15): the WBC bound, three-state bleeding,
# APL platelets, chronic marrow failure.
REQUIRED_2026_2 = ("fever_wbc_0_4_no_anc", "bleeding_platelets_140", "bleeding_platelets_24",
                   "apl_platelets_25_no_bleeding", "apl_bleeding_platelets_45",
                   "mds_lower_risk_platelets_8")
# The FN risk of rule set 2026.2 (issue 16): a low-risk outpatient candidate, the "severe
# symptoms yet MASCC 21" pitfall, a haematological FN with a previous fungal infection.
REQUIRED_FN_RISK = ("fn_low_risk_outpatient", "fn_severe_symptoms_mascc_21",
                    "fn_aml_previous_fungal")
# Serial counts of rule set 2026.2 (issue 17): a chemotherapy nadir with a confirmed
# recovery, and a slow unexplained fall with bicytopenia.
REQUIRED_TREND = ("chemo_nadir_recovery_ac", "slow_fall_bicytopenia")
GOOD = {"title": "A case", "vignette": "Someone.", "inputs": {"wbc": 3.5, "anc": 1.8},
        "teaching_points": ["A point."], "expect": {"anc_class": "normal"}}


def write(tmp_path: Path, content: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


# --- the shipped library ----------------------------------------------------------------------
def test_the_library_has_at_least_12_cases_covering_the_issue() -> None:
    assert len(SHIPPED) >= 12
    assert set(REQUIRED) <= set(SHIPPED)
    assert set(REQUIRED_2026_2) <= set(SHIPPED)
    assert set(REQUIRED_FN_RISK) <= set(SHIPPED)
    assert set(REQUIRED_TREND) <= set(SHIPPED)


def test_the_2026_2_cases_teach_their_edge_in_their_expectations() -> None:
    # What each case is for is written in its expectations, so a later rule set that
    # changes the edge fails the case (the values themselves are checked against the core
    # by the test above).
    bound = load_case("fever_wbc_0_4_no_anc")
    assert "anc" not in bound.inputs and "differential" not in bound.inputs
    assert bound.inputs["wbc"] < 0.5 and bound.inputs["temperature_c"] >= 38.3
    assert bound.expect["anc"] is None and bound.expect["anc_upper_bound"] == 0.4
    assert bound.expect["febrile_neutropenia"] is True
    assert bound.expect["immediate_antibiotics"] is True
    for name, platelets, bleeding, transfuse in [
            ("bleeding_platelets_140", 140, "clinically_significant", False),
            ("bleeding_platelets_24", 24, "clinically_significant", True),
            ("apl_platelets_25_no_bleeding", 25, "none", True),
            ("apl_bleeding_platelets_45", 45, "clinically_significant", True),
            ("mds_lower_risk_platelets_8", 8, "none", False)]:
        case = load_case(name)
        assert case.inputs["platelets"] == platelets and case.inputs["bleeding"] == bleeding
        assert case.expect["platelet_transfusion.transfuse_now"] is transfuse, name
    assert "emergency" in load_case("bleeding_platelets_140").expect["recommendations.urgency"]
    for name in ("apl_platelets_25_no_bleeding", "apl_bleeding_platelets_45"):
        assert load_case(name).expect["platelet_transfusion.reasons"] == ["apl"]
    chronic = load_case("mds_lower_risk_platelets_8")
    assert chronic.expect["platelet_transfusion.category"] == "not_routine_chronic"
    assert not chronic.inputs.get("myelosuppressive_chemo")


def test_the_fn_risk_cases_teach_their_point_in_their_expectations() -> None:
    # As above: what each case is for is in its expectations and its inputs.
    low = load_case("fn_low_risk_outpatient")
    risk = low.inputs["fn_risk"]
    assert None not in risk.values()
    for score in ("mascc", "cisne"):  # every item answered: nothing left open
        assert low.expect[f"fn_risk.{score}"]["min"] == low.expect[f"fn_risk.{score}"]["max"]
    assert low.inputs["diagnosis"] == "solid_tumour" and risk["clinically_stable"] is True
    assert risk["chemo_intensity"] == "mild_to_moderate"
    assert low.inputs["expected_neutropenia_days"] <= 7
    assert low.expect["fn_risk.mascc"]["score"] >= 21
    assert low.expect["fn_risk.cisne"]["score"] <= 2
    assert low.expect["fn_risk_detail.outpatient_high_risk_not_assessed"] == []
    assert low.expect["fn_risk.disposition"] == "outpatient_candidate"
    assert "fn_outpatient_candidate" in low.expect_recommendations

    severe = load_case("fn_severe_symptoms_mascc_21")
    assert severe.inputs["fn_risk"]["burden"] == "severe"
    assert severe.expect["fn_risk.mascc"] == {"score": 21, "min": 21, "max": 21,
                                              "risk": "low"}
    assert severe.expect["fn_risk.disposition"] != "outpatient_candidate"
    assert "fn_inpatient" in severe.expect_recommendations
    assert any("judgement overrides" in p for p in severe.teaching_points)

    fungal = load_case("fn_aml_previous_fungal")
    assert fungal.inputs["diagnosis"] == "aml"
    assert fungal.inputs["fn_risk"]["previous_fungal_infection"] is True
    items = dict(zip(fungal.expect["fn_risk_detail.mascc_items.item"],
                     fungal.expect["fn_risk_detail.mascc_items.points"], strict=True))
    assert items["mascc_tumour"] == 0
    assert fungal.expect["fn_risk.mascc"]["risk"] == "high"
    assert fungal.expect["fn_risk.disposition"] == "inpatient_candidate"
    for case in (low, severe, fungal):  # teaching points name their sources
        assert all("[" in p for p in case.teaching_points), case.title


def test_the_trend_cases_teach_their_point_in_their_expectations() -> None:
    # As above: a history in the inputs, and what the trend teaches in the expectations.
    nadir = load_case("chemo_nadir_recovery_ac")
    i = nadir.inputs
    assert i["myelosuppressive_chemo"] is True and "last_chemo_at" in i
    before = [row for row in i["history"] if row["time"] < i["last_chemo_at"]]
    assert before, "a count before the cycle, which the nadir search leaves out"
    after = [row["anc"] for row in i["history"] if row["time"] >= i["last_chemo_at"]]
    assert nadir.expect["trend.nadir_anc"] == min(after) < min(r["anc"] for r in before)
    assert nadir.expect["trend.nadir_passed"] is True
    assert nadir.expect["trend.recovery_0_5"] == "confirmed"
    assert nadir.expect["trend.severe_ongoing"] is False
    assert nadir.expect["febrile_neutropenia"] is False
    assert "trend_recovery_confirmed" in nadir.expect_recommendations
    # Three counts of 0.5 or more on three consecutive calendar days after the nadir.
    times = nadir.expect["trend_points.time"]
    ancs = nadir.expect["trend_points.anc"]
    first = times.index(nadir.expect["trend.recovery_0_5_time"])
    assert [t[-2:] for t in times[first:first + 3]] == ["17", "18", "19"]
    assert all(anc >= 0.5 for anc in ancs[first:first + 3])

    slow = load_case("slow_fall_bicytopenia")
    i = slow.inputs
    assert "last_chemo_at" not in i and not i.get("myelosuppressive_chemo")
    assert len(i["history"]) >= 3
    ancs = [row["anc"] for row in i["history"]] + [i["anc"]]
    assert ancs == sorted(ancs, reverse=True), "the ANC falls at every count"
    assert slow.expect["cytopenia_pattern"] == "bicytopenia"
    assert slow.expect["trend.direction"] == "falling"
    assert slow.expect["trend.nadir_passed"] is False
    assert "marrow_production" in slow.expect_recommendations
    assert i["anc"] >= 1.0  # a falling ANC below 1.0 would join escalate now (RULES §13)
    assert any("smear" in p and "haematology" in p for p in slow.teaching_points)
    for case in (nadir, slow):  # teaching points name their sources
        assert all("[" in p for p in case.teaching_points), case.title


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_case_loads_and_teaches_what_the_core_computes(name: str) -> None:
    case = load_case(name)
    assert case.title and case.vignette and case.teaching_points
    assert case.expect or case.expect_errors, "a teaching case expects something"
    assert check_case(case) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_file_has_exactly_the_documented_keys(name: str) -> None:
    raw = json.loads((cases.cases_dir() / f"{name}.json").read_text(encoding="utf-8"))
    assert {"title", "vignette", "inputs", "teaching_points"} <= set(raw) <= set(
        Case.model_fields)


def test_the_tie_case_shows_the_tie_in_both_outputs() -> None:
    case = load_case("filgrastim_78kg_tie")
    assert case.expect["filgrastim.tie"] is True and case.expect_dose["tie"] is True
    assert case.inputs["weight_kg"] == 78 and case.dose_request is not None


def test_the_unit_slip_case_expects_the_refusal() -> None:
    case = load_case("unit_slip_wbc_2100")
    assert [e.model_dump() for e in case.expect_errors] == [
        {"field": "wbc", "suggested_unit": "cells/uL"}]


# --- check_case finds every kind of difference --------------------------------------------------
def changed(name: str, **update: Any) -> Case:
    return load_case(name).model_copy(update=update)


def test_a_wrong_value_is_a_mismatch() -> None:
    case = changed("post_chemo_fn_high_risk",
                   expect={"anc_class": "severe", "consider_gcsf": True})
    (m,) = check_case(case)
    assert m.where == "expect.anc_class" and m.actual == "profound"
    assert "expected 'severe'" in str(m)


@pytest.mark.parametrize(("expect", "ok"), [
    ({"filgrastim.deviation_pct": 23.08}, True),
    ({"filgrastim.deviation_pct": 23.1}, True),
    ({"filgrastim.deviation_pct": 23.07}, False),
    ({"filgrastim.dose_mcg": 390}, True),
    ({"filgrastim.tie": 1}, False),          # true is not 1
    ({"filgrastim.tie": True}, True),
    ({"febrile_neutropenia": None}, False),   # false is not "not assessed"
    ({"ctcae": {"wbc": 3}}, True),            # an object: the keys written
    ({"ctcae": {"wbc": 2}}, False),
    ({"recommendations.id": ["active_management", "safety_net"]}, True),
    ({"recommendations.id": ["active_management"]}, False),
    ({"platelet_transfusion": None}, True),
])
def test_values_match_as_documented(expect: dict[str, Any], ok: bool) -> None:
    case = changed("filgrastim_78kg_tie", expect=expect)
    assert (check_case(case) == []) is ok


def test_recommendations_must_appear_in_the_order_written() -> None:
    swapped = changed("post_chemo_fn_high_risk",
                      expect_recommendations=["escalate_now", "fn_antibiotics"])
    assert [m.where for m in check_case(swapped)] == ["expect_recommendations"]
    absent = changed("post_chemo_fn_high_risk", expect_recommendations=["cmml"])
    assert [m.where for m in check_case(absent)] == ["expect_recommendations"]


def test_refusals_are_checked_field_by_field_and_unit_by_unit() -> None:
    other_unit = changed("unit_slip_wbc_2100", expect_errors=[
        ExpectedError(field="wbc", suggested_unit="10^9/L")])
    assert [m.where for m in check_case(other_unit)] == ["expect_errors.wbc.suggested_unit"]
    more = changed("unit_slip_wbc_2100", expect_errors=[ExpectedError(field="wbc"),
                                                        ExpectedError(field="anc")])
    assert [m.where for m in check_case(more)] == ["expect_errors"]
    accepted = Case.model_validate({**GOOD, "expect": {},
                                    "expect_errors": [{"field": "wbc"}]})
    assert [(m.where, m.actual) for m in check_case(accepted)] == [("expect_errors",
                                                                    "accepted")]


def test_the_dose_part_is_checked_through_the_dose_calculator() -> None:
    case = changed("filgrastim_78kg_tie", expect_dose={"nearest_presentation_mcg": 300})
    (m,) = check_case(case)
    assert m.where == "expect_dose.nearest_presentation_mcg" and m.actual == 480


def test_numbers_match_to_the_decimals_written() -> None:
    assert matches(0.495, 0.495) and not matches(0.495, 0.4944)
    assert matches(0.4949, 0.4949)
    # One decimal written rounds what is compared: write every decimal near a threshold.
    assert matches(0.5, 0.495) and matches(0.5, 0.4949)
    assert matches(-6.25, -6.25) and not matches(-6.2, -6.26)
    assert not matches(1, True) and not matches(True, 1) and not matches(None, False)


# --- own case files: refused with a message -----------------------------------------------------
HOSTILE: list[tuple[str, Any, str]] = [
    ("not json", '{"title": "x", ', "not valid JSON"),
    ("empty", "", "empty"),
    ("not utf-8", b'{"title": "\xff"}', "not UTF-8"),
    ("a list", [GOOD], "one JSON object"),
    ("a string", "\"case\"", "one JSON object"),
    ("a number", "5", "one JSON object"),
    ("unknown key", {**GOOD, "expected": {}}, "unknown key 'expected'"),
    ("no title", {k: v for k, v in GOOD.items() if k != "title"}, "'title' is missing"),
    ("no inputs", {k: v for k, v in GOOD.items() if k != "inputs"}, "'inputs' is missing"),
    ("empty title", {**GOOD, "title": "  "}, "title"),
    ("long title", {**GOOD, "title": "x" * 121}, "title"),
    ("inputs not an object", {**GOOD, "inputs": [1]}, "inputs"),
    ("refused inputs", {**GOOD, "inputs": {"wbc": 2100}}, "Did you mean 2100 cells/µL"),
    ("unknown input", {**GOOD, "inputs": {"wbc": 3, "temp": 38}}, "inputs are refused"),
    ("no output", {**GOOD, "expect": {"febrile_neutropnia": True}},
     "'febrile_neutropnia' is not an output"),
    ("no nested output", {**GOOD, "expect": {"ctcae.neutrophil": 1}}, "'ctcae.neutrophil'"),
    ("no recommendation", {**GOOD, "expect_recommendations": ["antibiotics"]},
     "'antibiotics' is not a recommendation id"),
    ("dose expectation alone", {**GOOD, "expect_dose": {"tie": True}},
     "expect_dose needs a dose_request"),
    ("refused dose request", {**GOOD, "dose_request": {"weight_kg": 900}}, "dose_request"),
    ("refusal with outputs", {**GOOD, "inputs": {"wbc": 2100},
                              "expect_errors": [{"field": "wbc"}]}, "can expect no outputs"),
    ("bad expected error", {**GOOD, "expect": {}, "expect_errors": [{"field": "wbc",
                                                                    "unit": "x"}]},
     "unknown key"),
    ("repeated key", '{"title": "a", "title": "b", "inputs": {"wbc": 3}}', "appears twice"),
    ("NaN", '{"title": "a", "inputs": {"wbc": NaN}}', "NaN"),
    ("Infinity", '{"title": "a", "inputs": {"wbc": 3}, "expect": {"anc": -Infinity}}',
     "Infinity"),
    ("overflowing float", '{"title": "a", "inputs": {"wbc": 1e400}}', "too large"),
    ("huge number", {**GOOD, "expect": {"anc": 10**16}}, "too large"),
    ("endless integer", '{"title": "a", "inputs": {"wbc": ' + "9" * 5000 + "}}",
     "too long to read"),
    ("deep nesting", {**GOOD, "expect": {"ctcae": {"a": [[[[[[[[1]]]]]]]]}}},
     "nested more than 8 levels"),
    ("very deep nesting", '{"title": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ("huge string", {**GOOD, "vignette": "x" * 5000}, "5000 characters"),
    ("huge key", {**GOOD, "expect": {"k" * 5000: 1}}, "5000 characters"),
    ("lone surrogate", '{"title": "\\ud800", "inputs": {"wbc": 3}}', "surrogate"),
    ("too many points", {**GOOD, "teaching_points": ["a"] * 21}, "teaching_points"),
]


@pytest.mark.parametrize(("content", "said"), [(c, s) for _, c, s in HOSTILE],
                         ids=[n for n, _, _ in HOSTILE])
def test_a_bad_case_file_is_refused_with_a_message(tmp_path: Path, content: Any,
                                                   said: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(CaseError) as caught:
        load_case(path)
    message = str(caught.value)
    assert said in message
    assert message.startswith(("case.json", "Cannot read")), message


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:   # sparse: 1 MB and one byte, never written out
        handle.truncate(MAX_CASE_BYTES + 1)

    def never(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the oversized file was opened")

    monkeypatch.setattr(Path, "open", never)
    with pytest.raises(CaseError, match=r"big.json is 1,048,577 bytes, larger than 1 MB"):
        load_case(path)


def test_a_file_of_exactly_1_mb_is_read(tmp_path: Path) -> None:
    text = json.dumps(GOOD)
    path = write(tmp_path, text + " " * (MAX_CASE_BYTES - len(text.encode("utf-8"))))
    assert path.stat().st_size == MAX_CASE_BYTES
    assert load_case(path).title == "A case"


def test_a_missing_file_or_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="Cannot read absent.json"):
        load_case(tmp_path / "absent.json")
    with pytest.raises(CaseError, match="Cannot read no_such_case.json"):
        load_case("no_such_case")


def test_a_name_never_escapes_the_library(tmp_path: Path) -> None:
    assert cases.case_path("cmml") == cases.cases_dir() / "cmml.json"
    assert cases.case_path("../cmml") == Path("../cmml")   # a path, not a name
    assert cases.case_path(Path("cmml")) == Path("cmml")   # a Path is always a path


def test_a_users_case_may_teach_nothing_yet(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, {"title": "Bed 4", "inputs": {"wbc": 2.2}}))
    assert case.vignette == "" and case.expect == {} and check_case(case) == []


# --- saving ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SHIPPED)
def test_save_then_load_round_trips(tmp_path: Path, name: str) -> None:
    case = load_case(name)
    path = save_case(case, tmp_path / f"{name}.json")
    assert load_case(path) == case
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.json"]


def test_saving_replaces_atomically_and_a_failed_save_keeps_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.json"
    save_case(load_case("cmml"), path)
    before = path.read_bytes()

    def refuse(*_args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        save_case(load_case("apl_hyperleukocytosis"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"]   # no temporary left


def test_the_saved_file_is_plain_utf8_json(tmp_path: Path) -> None:
    path = save_case(load_case("duffy_null_neutropenia"), tmp_path / "d.json")
    text = path.read_text(encoding="utf-8")
    assert "Fy(a−b−)" in text and text.endswith("}\n")
    assert "dose_request" not in json.loads(text)   # defaults are left out


def test_the_case_library_loads_no_qt() -> None:
    code = ("import sys, leukodesk.cases as c, leukodesk.case_check as k\n"
            "k.check_case(c.load_case('post_chemo_fn_high_risk'))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
