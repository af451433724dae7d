"""RULES §11 (rule set 2026.2): the MASCC index, CISNE with its gate, and the disposition of
febrile neutropenia, each item and criterion on both sides of its edge, unknown items that do
and do not settle a score, and the JSON contract (CONTRACT-2026.2.md)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leukodesk import cli
from leukodesk.core import assess
from leukodesk.core.contract.validation import InputErrors, parse_inputs

# Every MASCC item favourable (26) and every CISNE item absent (0): an outpatient candidate.
RISK = {"burden": "none_or_mild", "systolic_bp_mmhg": 120, "copd": False,
        "previous_fungal_infection": False, "iv_fluids_for_dehydration": False,
        "outpatient_at_onset": True, "ecog": 1, "stress_hyperglycaemia": False,
        "chronic_cardiovascular_disease": False, "mucositis_grade": 1, "clinically_stable": True,
        "chemo_intensity": "mild_to_moderate"}
LOW_RISK = {"wbc": 1.5, "anc": 0.3, "temperature_c": 38.6, "age_years": 45,
            "diagnosis": "solid_tumour", "monocytes": 0.5, "expected_neutropenia_days": 5,
            "fn_risk": RISK}
MASCC_ITEMS = ("mascc_burden", "mascc_no_hypotension", "mascc_no_copd", "mascc_tumour",
               "mascc_no_dehydration", "mascc_outpatient", "mascc_age")


def patient(**changes: Any) -> dict[str, Any]:
    """LOW_RISK with top-level inputs changed; ``fn_risk`` entries merge (None = not asked)."""
    doc = {**LOW_RISK, **{k: v for k, v in changes.items() if k != "fn_risk"}}
    doc["fn_risk"] = {**RISK, **changes.get("fn_risk", {})}
    return {k: v for k, v in doc.items() if v is not None}


def risk_of(doc: dict[str, Any]) -> dict[str, Any]:
    return assess(doc).model_dump(mode="json")["fn_risk"]


def points(doc: dict[str, Any], score: str) -> dict[str, int | None]:
    detail = assess(doc).fn_risk_detail
    items = detail.mascc_items if score == "mascc" else detail.cisne_items
    return {i.item: i.points for i in items}


def ids(doc: dict[str, Any]) -> list[str]:
    return [r.id for r in assess(doc).recommendations]


def test_the_low_risk_patient_is_an_outpatient_candidate() -> None:
    assert risk_of(LOW_RISK) == {
        "mascc": {"score": 26, "min": 26, "max": 26, "risk": "low"},
        "cisne": {"applicable": True, "score": 0, "min": 0, "max": 0, "class": "low"},
        "disposition": "outpatient_candidate"}
    a = assess(LOW_RISK)
    assert [n.output for n in a.not_assessed if n.output.startswith("fn_risk")] == []
    text = next(r.text for r in a.recommendations if r.id == "fn_outpatient_candidate")
    assert "only after clinical judgement" in text and "at least 4 hours" in text
    assert all("discharg" not in r.text.lower() for r in a.recommendations)


# --- MASCC: each item on both sides of its edge --------------------------------------------------
@pytest.mark.parametrize(("change", "item", "scored"), [
    ({"fn_risk": {"systolic_bp_mmhg": 91}}, "mascc_no_hypotension", 5),
    ({"fn_risk": {"systolic_bp_mmhg": 90}}, "mascc_no_hypotension", 0),     # 90 is hypotension
    ({"fn_risk": {"systolic_bp_mmhg": None, "hypotension": False}}, "mascc_no_hypotension", 5),
    ({"fn_risk": {"systolic_bp_mmhg": None, "hypotension": True}}, "mascc_no_hypotension", 0),
    # the SBP decides when given, whatever the hypotension box says
    ({"fn_risk": {"systolic_bp_mmhg": 120, "hypotension": True}}, "mascc_no_hypotension", 5),
    ({"fn_risk": {"systolic_bp_mmhg": None, "hypotension": None}}, "mascc_no_hypotension", None),
    ({"age_years": 59}, "mascc_age", 2), ({"age_years": 60}, "mascc_age", 0),
    ({"age_years": 59.9}, "mascc_age", 2),
    ({"fn_risk": {"burden": "moderate"}}, "mascc_burden", 3),
    ({"fn_risk": {"burden": "severe"}}, "mascc_burden", 0),
    ({"fn_risk": {"burden": None}}, "mascc_burden", None),
    ({"fn_risk": {"copd": True}}, "mascc_no_copd", 0),
    ({"fn_risk": {"iv_fluids_for_dehydration": True}}, "mascc_no_dehydration", 0),
    ({"fn_risk": {"outpatient_at_onset": False}}, "mascc_outpatient", 0),
    # a solid tumour keeps its 4 points even after a fungal infection
    ({"fn_risk": {"previous_fungal_infection": True}}, "mascc_tumour", 4),
    ({"diagnosis": "aml", "fn_risk": {"previous_fungal_infection": True}}, "mascc_tumour", 0),
    ({"diagnosis": "aml"}, "mascc_tumour", 4),
    ({"diagnosis": "aml", "fn_risk": {"previous_fungal_infection": None}}, "mascc_tumour", None),
    ({"diagnosis": None}, "mascc_tumour", None),                 # tumour type unknown
])
def test_each_mascc_item_at_its_edge(change: dict[str, Any], item: str,
                                     scored: int | None) -> None:
    assert points(patient(**change), "mascc")[item] == scored


@pytest.mark.parametrize(("change", "score", "risk"), [
    ({"fn_risk": {"burden": "severe"}}, 21, "low"),          # the "severe yet 21" pitfall
    ({"fn_risk": {"burden": "severe"}, "age_years": 60}, 19, "high"),
    # 20 / 21: moderate burden (3) and an inpatient at onset (0): 26 - 2 - 3 = 21, then 20
    ({"fn_risk": {"burden": "moderate", "outpatient_at_onset": False}}, 21, "low"),
    ({"fn_risk": {"burden": "moderate", "outpatient_at_onset": False}, "age_years": 60,
      "expected_neutropenia_days": 5}, 19, "high"),
    ({"fn_risk": {"burden": "moderate", "iv_fluids_for_dehydration": True},
      "age_years": 60}, 19, "high"),
    ({"fn_risk": {"copd": True, "burden": "none_or_mild", "outpatient_at_onset": False}},
     19, "high"),
    ({"fn_risk": {"copd": True, "outpatient_at_onset": True, "iv_fluids_for_dehydration": True}},
     19, "high"),
    ({"fn_risk": {"copd": True}}, 22, "low"),
    ({"fn_risk": {"copd": True}, "age_years": 60}, 20, "high"),
    ({"fn_risk": {"outpatient_at_onset": False, "iv_fluids_for_dehydration": True}}, 20, "high"),
    ({"fn_risk": {"outpatient_at_onset": False}, "age_years": 60}, 21, "low"),
])
def test_mascc_20_is_high_and_21_low(change: dict[str, Any], score: int, risk: str) -> None:
    assert risk_of(patient(**change))["mascc"] == {"score": score, "min": score, "max": score,
                                                  "risk": risk}


def test_mascc_is_validated_in_adults_only() -> None:
    for age in (17, 17.9):
        assert risk_of(patient(age_years=age))["mascc"] == {
            "score": None, "min": None, "max": None, "risk": None}
    assert risk_of(patient(age_years=18))["mascc"]["score"] == 26
    # age unknown: computed, its item unknown (24 to 26 is still low)
    assert risk_of(patient(age_years=None))["mascc"] == {
        "score": None, "min": 24, "max": 26, "risk": "low"}


@pytest.mark.parametrize(("change", "low", "high", "risk"), [
    # unknowns that settle: the lowest possible score is still 21 or more
    ({"fn_risk": {"outpatient_at_onset": None}}, 23, 26, "low"),
    ({"fn_risk": {"outpatient_at_onset": None, "iv_fluids_for_dehydration": None}}, 20, 26,
     None),
    # ... or the highest possible is still 20 or less
    ({"fn_risk": {"burden": "severe", "copd": True, "outpatient_at_onset": None}}, 14, 17, "high"),
    ({"fn_risk": {"burden": "moderate", "copd": True, "outpatient_at_onset": None}}, 17, 20,
     "high"),
    # unknowns that do not settle
    ({"fn_risk": {"burden": None}}, 21, 26, "low"),
    ({"fn_risk": {"burden": None}, "age_years": 60}, 19, 24, None),
    ({"fn_risk": {"burden": None, "systolic_bp_mmhg": None}, "age_years": 60}, 14, 24, None),
])
def test_unknown_items_bound_the_score(change: dict[str, Any], low: int, high: int,
                                       risk: str | None) -> None:
    mascc = risk_of(patient(**change))["mascc"]
    assert mascc == {"score": None, "min": low, "max": high, "risk": risk}


def test_an_open_mascc_names_what_to_answer() -> None:
    a = assess(patient(fn_risk={"burden": None}, age_years=60))
    row = next(n for n in a.not_assessed if n.output == "fn_risk.mascc.risk")
    assert row.needs == ["fn_risk.burden"]
    assert "burden of illness" in row.message


# --- CISNE: each item at its edge, the classes, the gate ------------------------------------------
@pytest.mark.parametrize(("change", "item", "scored"), [
    ({"monocytes": 0.199}, "cisne_monocytes", 1), ({"monocytes": 0.2}, "cisne_monocytes", 0),
    # from the differential, unrounded: 1.99 x 10 % = 0.199; 2.0 x 10 % = 0.2
    ({"monocytes": None, "wbc": 1.99, "differential": {"monos_pct": 10}}, "cisne_monocytes", 1),
    ({"monocytes": None, "wbc": 2.0, "differential": {"monos_pct": 10}}, "cisne_monocytes", 0),
    ({"monocytes": None}, "cisne_monocytes", None),
    # no count, but the WBC bounds it: monocytes never exceed the WBC (RULES §2a)
    ({"monocytes": None, "wbc": 0.15, "anc": 0.1}, "cisne_monocytes", 1),
    ({"fn_risk": {"ecog": 1}}, "cisne_ecog", 0), ({"fn_risk": {"ecog": 2}}, "cisne_ecog", 2),
    ({"fn_risk": {"ecog": 4}}, "cisne_ecog", 2), ({"fn_risk": {"ecog": None}}, "cisne_ecog", None),
    ({"fn_risk": {"mucositis_grade": 1}}, "cisne_mucositis", 0),
    ({"fn_risk": {"mucositis_grade": 2}}, "cisne_mucositis", 1),
    ({"fn_risk": {"stress_hyperglycaemia": True}}, "cisne_hyperglycaemia", 2),
    ({"fn_risk": {"copd": True}}, "cisne_copd", 1),
    ({"fn_risk": {"chronic_cardiovascular_disease": True}}, "cisne_cardiovascular", 1),
])
def test_each_cisne_item_at_its_edge(change: dict[str, Any], item: str,
                                     scored: int | None) -> None:
    assert points(patient(**change), "cisne")[item] == scored


@pytest.mark.parametrize(("change", "score", "grade", "disposition"), [
    ({}, 0, "low", "outpatient_candidate"),
    ({"monocytes": 0.199}, 1, "intermediate", "outpatient_candidate"),         # CISNE 0 / 1
    ({"fn_risk": {"ecog": 2}}, 2, "intermediate", "outpatient_candidate"),
    ({"fn_risk": {"ecog": 2}, "monocytes": 0.199}, 3, "high", "inpatient_candidate"),  # 2 / 3
    ({"fn_risk": {"stress_hyperglycaemia": True, "chronic_cardiovascular_disease": True}}, 3,
     "high", "inpatient_candidate"),
    ({"fn_risk": {"ecog": 4, "stress_hyperglycaemia": True, "copd": True,
                  "chronic_cardiovascular_disease": True, "mucositis_grade": 3},
      "monocytes": 0.1}, 8, "high", "inpatient_candidate"),
])
def test_cisne_classes_and_what_they_do(change: dict[str, Any], score: int, grade: str,
                                        disposition: str) -> None:
    out = risk_of(patient(**change))
    assert out["cisne"] == {"applicable": True, "score": score, "min": score, "max": score,
                            "class": grade}
    assert out["disposition"] == disposition


@pytest.mark.parametrize(("change", "failing"), [
    ({"diagnosis": "aml"}, ["solid_tumour"]),
    ({"diagnosis": "other_haematological"}, ["solid_tumour"]),
    ({"fn_risk": {"clinically_stable": False}}, ["clinically_stable"]),
    ({"fn_risk": {"chemo_intensity": "high"}}, ["mild_to_moderate_chemo"]),
    ({"diagnosis": "apl", "fn_risk": {"chemo_intensity": "high"}},
     ["solid_tumour", "mild_to_moderate_chemo"]),
])
def test_the_cisne_gate_makes_it_not_applicable(change: dict[str, Any],
                                                failing: list[str]) -> None:
    a = assess(patient(**change))
    assert a.model_dump(mode="json")["fn_risk"]["cisne"] == {
        "applicable": False, "score": None, "min": None, "max": None, "class": None}
    assert a.fn_risk_detail.cisne_not_applicable == failing


@pytest.mark.parametrize("change", [{"diagnosis": None},
                                    {"fn_risk": {"clinically_stable": None}},
                                    {"fn_risk": {"chemo_intensity": None}}])
def test_an_unanswered_gate_computes_cisne_if_applicable(change: dict[str, Any]) -> None:
    out = risk_of(patient(**change))
    assert out["cisne"] == {"applicable": None, "score": 0, "min": 0, "max": 0, "class": "low"}
    assert out["disposition"] is None   # an unconfirmed CISNE counts for nothing


def test_cisne_unknown_items_settle_the_class_only_within_one_class() -> None:
    # 0 to 2: low or intermediate → open; 1 to 2: intermediate; 3 to 5: high
    assert risk_of(patient(fn_risk={"ecog": None}))["cisne"]["class"] is None
    assert risk_of(patient(fn_risk={"ecog": None}))["disposition"] == "outpatient_candidate"
    out = risk_of(patient(monocytes=0.199, fn_risk={"copd": None}))["cisne"]
    assert (out["min"], out["max"], out["class"]) == (1, 2, "intermediate")
    out = risk_of(patient(fn_risk={"ecog": 2, "stress_hyperglycaemia": None,
                                   "copd": None}))["cisne"]
    assert (out["score"], out["min"], out["max"], out["class"]) == (None, 2, 5, None)
    out = risk_of(patient(fn_risk={"ecog": 2, "stress_hyperglycaemia": True,
                                   "copd": None}))["cisne"]
    assert (out["min"], out["max"], out["class"]) == (4, 5, "high")


# --- the disposition -------------------------------------------------------------------------
@pytest.mark.parametrize(("change", "criterion"), [
    ({"anc": 0.1}, "out_anc_le_0_1"),
    ({"expected_neutropenia_days": 8}, "out_duration_gt_7_days"),
    ({"systemic_infection_signs": True}, "out_infection"),
    ({"fn_risk": {"systolic_bp_mmhg": 90}}, "out_low_sbp"),
    ({"fn_risk": {"systolic_bp_mmhg": None, "hypotension": True}}, "out_low_sbp"),
    ({"uncontrolled_primary_disease": True}, "out_uncontrolled_disease"),
    ({"fn_risk": {"clinically_stable": False}}, "out_not_stable"),
])
def test_each_clinical_criterion_makes_an_inpatient_candidate(change: dict[str, Any],
                                                              criterion: str) -> None:
    a = assess(patient(**change))
    assert a.fn_risk.disposition == "inpatient_candidate"
    assert criterion in a.fn_risk_detail.outpatient_high_risk
    rec = next(r for r in a.recommendations if r.id == "fn_inpatient")
    assert "fn_outpatient_candidate" not in ids(patient(**change))
    assert "Admit" in next(r.text for r in a.recommendations if r.id == "fn_antibiotics")
    assert rec.why.trace and rec.why.because


@pytest.mark.parametrize("change", [{"anc": 0.101}, {"expected_neutropenia_days": 7},
                                    {"fn_risk": {"systolic_bp_mmhg": 91}}])
def test_just_inside_each_edge_stays_an_outpatient_candidate(change: dict[str, Any]) -> None:
    assert assess(patient(**change)).fn_risk.disposition == "outpatient_candidate"


@pytest.mark.parametrize(("change", "needs"), [
    # ANC unknown: the WBC of 0.4 settles FN but not "ANC 0.1 or less"
    ({"anc": None, "wbc": 0.4, "monocytes": 0.3}, "anc"),
    ({"expected_neutropenia_days": None}, "expected_neutropenia_days"),
    ({"fn_risk": {"systolic_bp_mmhg": None}}, "fn_risk.systolic_bp_mmhg"),
    # stability not answered: the unticked boxes of §6 do not count as assessed
    ({"fn_risk": {"clinically_stable": None}}, "fn_risk.clinically_stable"),
    ({"diagnosis": None}, "diagnosis"),
    ({"fn_risk": {"chemo_intensity": None}}, "fn_risk.chemo_intensity"),
    ({"fn_risk": {"burden": None}, "age_years": 60}, "fn_risk.burden"),
    # CISNE must be computed for a solid tumour after mild-to-moderate chemotherapy
    ({"fn_risk": {"ecog": None}, "monocytes": 0.199}, "fn_risk.ecog"),
])
def test_an_unknown_criterion_or_item_leaves_the_disposition_open(change: dict[str, Any],
                                                                   needs: str) -> None:
    a = assess(patient(**change))
    assert a.fn_risk.disposition is None
    row = next(n for n in a.not_assessed if n.output == "fn_risk.disposition")
    assert needs in row.needs
    assert "fn_disposition_open" in ids(patient(**change))
    antibiotics = next(r.text for r in a.recommendations if r.id == "fn_antibiotics")
    assert "Admit:" not in antibiotics and "plan to admit" in antibiotics


def test_a_ticked_box_wins_even_without_stability() -> None:
    doc = patient(systemic_infection_signs=True, fn_risk={"clinically_stable": None})
    assert assess(doc).fn_risk.disposition == "inpatient_candidate"


def test_a_haematological_patient_needs_no_cisne() -> None:
    assert assess(patient(diagnosis="aml")).fn_risk.disposition == "outpatient_candidate"
    assert assess(patient(fn_risk={"chemo_intensity": "high"})).fn_risk.disposition == \
        "outpatient_candidate"


def test_under_18_is_never_an_outpatient_candidate_by_score() -> None:
    assert assess(patient(age_years=17)).fn_risk.disposition is None
    assert assess(patient(age_years=17, anc=0.05)).fn_risk.disposition == "inpatient_candidate"


@pytest.mark.parametrize(("change", "fn"), [
    ({"temperature_c": 37.0}, False), ({"temperature_c": None}, None),
    ({"anc": 1.2}, False),
])
def test_the_disposition_applies_to_febrile_neutropenia_only(change: dict[str, Any],
                                                             fn: bool | None) -> None:
    a = assess(patient(**change))
    assert a.febrile_neutropenia is fn
    assert a.fn_risk.disposition is None
    assert a.fn_risk.mascc.score == 26    # the scores are still shown, for teaching
    assert not {"fn_inpatient", "fn_outpatient_candidate", "fn_disposition_open"} & set(
        ids(patient(**change)))
    assert "fn_risk.disposition" not in [n.output for n in a.not_assessed]


def test_both_lists_read_true_at_once() -> None:
    # 8 days expected: high risk for outpatient care (IDSA, > 7), not a §7 feature (≥ 10)
    a = assess(patient(expected_neutropenia_days=8))
    assert a.fn_risk_detail.outpatient_high_risk == ["out_duration_gt_7_days"]
    assert "duration_ge_10_days" not in a.high_risk_features


def test_why_on_the_disposition_shows_every_item_and_criterion() -> None:
    rec = next(r for r in assess(patient(anc=0.05, fn_risk={"copd": True})).recommendations
               if r.id == "fn_inpatient")
    facts = {step.what for step in rec.why.trace}
    # MASCC (high? no: 22) and every criterion, though the first one already decided it
    assert "MASCC score" in facts and "CISNE score" in facts
    for words in ("ANC 0.1 or less", "Expected neutropenia over 7 days", "Not clinically stable",
                  "Uncontrolled primary disease", "Signs of systemic infection"):
        assert words in facts, words
    assert any(line.strip().startswith("ANC 0.050") for line in rec.why.because)


# --- properties -------------------------------------------------------------------------------
ANSWERS: dict[str, tuple[Any, ...]] = {
    "burden": ("none_or_mild", "moderate", "severe"), "systolic_bp_mmhg": (85, 90, 91, 140),
    "hypotension": (True, False), "copd": (True, False), "previous_fungal_infection": (True, False),
    "iv_fluids_for_dehydration": (True, False), "outpatient_at_onset": (True, False),
    "ecog": (0, 1, 2, 3, 4), "stress_hyperglycaemia": (True, False),
    "chronic_cardiovascular_disease": (True, False), "mucositis_grade": (0, 1, 2, 4),
    "clinically_stable": (True, False), "chemo_intensity": ("mild_to_moderate", "high")}
TOP: dict[str, tuple[Any, ...]] = {
    "age_years": (17, 18, 59, 60, 80), "diagnosis": ("solid_tumour", "aml", "none"),
    "monocytes": (0.05, 0.199, 0.2, 0.6)}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {"wbc": 1.0, "anc": 0.3, "temperature_c": 38.6}
    for key, values in TOP.items():
        value = draw(st.sampled_from((None, *values)))
        if value is not None:
            doc[key] = value
    doc["fn_risk"] = {key: draw(st.sampled_from((None, *values)))
                      for key, values in ANSWERS.items()}
    return doc


def _ranges(doc: dict[str, Any]) -> dict[str, tuple[int | None, int | None, int | None]]:
    out = risk_of(doc)
    return {name: (out[name]["min"], out[name]["score"], out[name]["max"])
            for name in ("mascc", "cisne")}


@given(documents(), st.data())
def test_answering_an_item_keeps_the_score_inside_its_range(doc: dict[str, Any],
                                                           data: st.DataObject) -> None:
    before = _ranges(doc)
    for low, score, high in before.values():
        if low is None:
            continue
        assert low <= high
        assert score == (low if low == high else None)
    # the hypotension item is answered by the SBP or, without one, the hypotension box
    answered_elsewhere = {"systolic_bp_mmhg", "hypotension"} if (
        doc["fn_risk"]["systolic_bp_mmhg"] is not None
        or doc["fn_risk"]["hypotension"] is not None) else set()
    unanswered = [k for k, v in doc["fn_risk"].items()
                  if v is None and k not in answered_elsewhere]
    unanswered += [k for k in TOP if k not in doc]
    if not unanswered:
        return
    key = data.draw(st.sampled_from(unanswered))
    if key in ANSWERS:
        answered = {**doc, "fn_risk": {**doc["fn_risk"],
                                       key: data.draw(st.sampled_from(ANSWERS[key]))}}
    else:
        answered = {**doc, key: data.draw(st.sampled_from(TOP[key]))}
    after = _ranges(answered)
    for name, (low, _, high) in after.items():
        old_low, _, old_high = before[name]
        if low is None or old_low is None:
            continue     # under 18 or CISNE not applicable: no range to compare
        assert old_low <= low <= high <= old_high, (name, key, before, after)


@given(documents())
def test_the_risk_and_disposition_agree_with_the_range(doc: dict[str, Any]) -> None:
    out = risk_of(doc)
    mascc = out["mascc"]
    if mascc["min"] is not None:
        expected = "low" if mascc["min"] >= 21 else "high" if mascc["max"] <= 20 else None
        assert mascc["risk"] == expected
    if out["disposition"] == "outpatient_candidate":
        assert mascc["risk"] == "low"
        assert doc["fn_risk"]["clinically_stable"] is True
    if mascc["risk"] == "high":
        assert out["disposition"] == "inpatient_candidate"


# --- contract and bad input -------------------------------------------------------------------
@pytest.mark.parametrize(("risk", "field"), [
    ({"ecog": 5}, "fn_risk.ecog"), ({"ecog": -1}, "fn_risk.ecog"),
    ({"ecog": 1.5}, "fn_risk.ecog"), ({"ecog": True}, "fn_risk.ecog"),
    ({"systolic_bp_mmhg": 400}, "fn_risk.systolic_bp_mmhg"),
    ({"systolic_bp_mmhg": 39}, "fn_risk.systolic_bp_mmhg"),
    ({"burden": "mild"}, "fn_risk.burden"), ({"mucositis_grade": 5}, "fn_risk.mucositis_grade"),
    ({"chemo_intensity": "low"}, "fn_risk.chemo_intensity"), ({"copd": "maybe"}, "fn_risk.copd"),
    ({"masc": 21}, "fn_risk.masc"),
])
def test_bad_input_is_refused_naming_the_field(risk: dict[str, Any], field: str) -> None:
    with pytest.raises(InputErrors) as caught:
        parse_inputs({"wbc": 1, "fn_risk": risk})
    assert [e.field for e in caught.value.errors] == [field]
    out = io.StringIO()
    doc = json.dumps({"wbc": 1, "fn_risk": risk})
    assert cli.run(["assess", "-"], out=out, stdin=io.StringIO(doc)) == 2
    assert json.loads(out.getvalue())["errors"][0]["field"] == field


def test_nulls_mean_not_asked() -> None:
    assert parse_inputs({"wbc": 1, "fn_risk": None}).fn_risk.burden is None
    assert parse_inputs({"wbc": 1, "fn_risk": {"ecog": None, "copd": None}}).fn_risk.copd is None
    assert parse_inputs({"wbc": 1, "fn_risk": {"ecog": 2.0}}).fn_risk.ecog == 2


def test_the_command_line_keeps_the_contract_keys() -> None:
    out = io.StringIO()
    assert cli.run(["assess", "-"], out=out, stdin=io.StringIO(json.dumps(LOW_RISK))) == 0
    result = json.loads(out.getvalue())
    assert list(result["fn_risk"]) == ["mascc", "cisne", "disposition"]
    assert list(result["fn_risk"]["mascc"]) == ["score", "min", "max", "risk"]
    assert list(result["fn_risk"]["cisne"]) == ["applicable", "score", "min", "max", "class"]
    assert all(isinstance(result["fn_risk"][s][k], int) for s in ("mascc", "cisne")
               for k in ("score", "min", "max"))
    out = io.StringIO()
    assert cli.run(["schema"], out=out) == 0
    schema = json.loads(out.getvalue())
    assert "fn_risk" in schema["input"]["properties"]
    text = json.dumps(schema["output"])
    assert '"class"' in text and "disposition" in text and "FnRisk" in text


def rows(doc: dict[str, Any]) -> list[str]:
    return [n.output for n in assess(doc).not_assessed if n.output.startswith("fn_risk")]


@pytest.mark.parametrize(("change", "expected"), [
    ({}, []),
    # settled high risk, settled not applicable, settled class: nothing is "not assessed"
    ({"fn_risk": {"burden": "severe"}, "age_years": 60}, []),
    ({"diagnosis": "aml"}, []),
    ({"monocytes": 0.199, "fn_risk": {"copd": None}}, []),   # 1-2 and 22-26: settled
    # open: MASCC 19 to 24; CISNE 0 to 2 (low or intermediate); the gate
    ({"fn_risk": {"burden": None}, "age_years": 60}, ["fn_risk.mascc.risk",
                                                      "fn_risk.disposition"]),
    ({"fn_risk": {"ecog": None}}, ["fn_risk.cisne.class"]),
    ({"fn_risk": {"chemo_intensity": None}}, ["fn_risk.cisne.applicable",
                                               "fn_risk.disposition"]),
])
def test_only_an_open_fn_risk_output_is_listed_as_not_assessed(change: dict[str, Any],
                                                               expected: list[str]) -> None:
    assert rows(patient(**change)) == expected


def test_under_18_where_to_treat_says_what_decides_it() -> None:
    """Under 18 no MASCC is computed, so no answer makes an outpatient candidate: the
    open disposition names the clinician's decision, never an empty "still needed"."""
    a = assess({"wbc": 0.8, "anc": 0.2, "temperature_c": 38.6, "age_years": 15,
                "expected_neutropenia_days": 3, "diagnosis": "solid_tumour",
                "fn_risk": {"clinically_stable": True, "systolic_bp_mmhg": 120,
                            "chemo_intensity": "high", "copd": False,
                            "outpatient_at_onset": True}})
    [row] = [n for n in a.not_assessed if n.output == "fn_risk.disposition"]
    assert row.needs == ["fn_risk.decision_under_18"] and "enter ." not in row.message
    [open_] = [r for r in a.recommendations if r.id == "fn_disposition_open"]
    assert "MASCC not computed under 18 years" in open_.text
    assert "Still needed: ." not in open_.text and a.fn_risk.disposition is None
