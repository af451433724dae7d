""""Why?" for every recommendation (issue 5): the rule, its comparisons, its sources.

- Every catalogue id has a rule name and a builder, and fires with a non-empty why
  (driven by a table of inputs that fires each id; the table is checked to cover them all).
- Every comparison written in a why holds for the numbers it shows (so a number is never
  rounded onto the other side of the threshold beside it).
- Just below, at and just above thresholds of RULES.md, the why states the exact side.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest

from leukodesk import cli
from leukodesk.core import assess, content
from leukodesk.core.rules.why import BUILDERS, RULE_NAMES, rule_names

FN = {"wbc": 5.0, "anc": 0.3, "temperature_c": 38.5}
# Febrile neutropenia with every high-risk feature known and absent (RULES §7).
FN_NO_FEATURES = {**FN, "age_years": 50, "expected_neutropenia_days": 5}

# Inputs that fire each recommendation of the catalogue (at least).
FIRES: dict[str, dict[str, Any]] = {
    "confirm_unit": {"wbc": 250},
    "fn_antibiotics": FN,
    "afebrile_sepsis_antibiotics": {"wbc": 1, "anc": 0.2, "temperature_c": 36.5,
                                    "systemic_infection_signs": True},
    "hyperleukocytosis": {"wbc": 150},
    "escalate_now": FN,
    "fever_without_anc": {"wbc": 0.4, "temperature_c": 38.6},
    "fn_answer_48h": {"wbc": 2, "anc": 0.7, "temperature_c": 38.5},
    "fn_borderline_reassess": {"wbc": 2, "anc": 0.7, "temperature_c": 38.5,
                               "anc_expected_below_0_5_within_48h": False},
    "apl_no_leukapheresis": {"wbc": 5, "diagnosis": "apl"},
    "plt_bleeding": {"wbc": 5, "platelets": 30, "active_bleeding": True},
    "plt_transfuse_prophylactic": {"wbc": 5, "platelets": 8},
    "plt_transfuse_fever_infection": {"wbc": 5, "platelets": 15, "temperature_c": 38.5,
                                      "systemic_infection_signs": True},
    "plt_procedure": {"wbc": 5, "platelets": 40, "planned_procedure": "lumbar_puncture"},
    "gcsf_consider": {**FN, "age_years": 70},
    "active_management": {"wbc": 2, "anc": 0.7},
    "avoid_invasive": {"wbc": 2, "anc": 0.3},
    "gcsf_not_routine": FN_NO_FEATURES,
    "plt_if_fever_infection": {"wbc": 5, "platelets": 15, "temperature_c": 37},
    "plt_bleeding_only": {"wbc": 5, "platelets": 60},
    "apl_platelet_threshold": {"wbc": 5, "diagnosis": "apl"},
    "acute_leukaemia_prophylaxis": {"wbc": 1, "diagnosis": "aml",
                                    "expected_neutropenia_days": 21},
    "mds_lower_risk": {"wbc": 3, "diagnosis": "mds_lower_risk"},
    "mds_higher_risk": {"wbc": 3, "diagnosis": "mds_higher_risk"},
    "cmml": {"wbc": 3, "diagnosis": "cmml"},
    "cmml_myeloproliferative": {"wbc": 30, "diagnosis": "cmml_myeloproliferative"},
    "anthracycline_azoles": {"wbc": 3, "anthracycline_chemo": True},
    "mild_leukopenia_observe": {"wbc": 3.5},
    "safety_net": {"wbc": 2, "anc": 0.7},
    "gcsf_timing": {**FN, "age_years": 70, "myelosuppressive_chemo": True},
    "rbc_context": {"wbc": 5, "hemoglobin_g_dl": 7.5},
    "duffy_null_lln": {"wbc": 5, "duffy_null": True},
    "plt_procedure_ok": {"wbc": 5, "platelets": 60, "planned_procedure": "lumbar_puncture"},
    "no_leukopenia": {"wbc": 5},
}
# More ways in: a rule reached by another path, or with other inputs missing.
MORE = [
    {"wbc": 2, "anc": 0.7, "temperature_c": 38.1, "fever_sustained_1h": True,
     "anc_expected_below_0_5_within_48h": True, "age_years": 80, "platelets": 12},
    {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6, "age_years": 70,
     "platelets": 8, "weight_kg": 72.4},
    {"wbc": 0.6, "anc": 0.2, "systemic_infection_signs": True, "platelets": 40,
     "planned_procedure": "neurosurgery_posterior_eye", "uncontrolled_primary_disease": True},
    {"wbc": 2100, "anc": 300, "platelets": 1600000, "temperature_c": 100.9,
     "fever_sustained_1h": True, "units": {"counts": "cells/uL", "temperature": "F"}},
    {"wbc": 3.5, "anc": 1.2, "duffy_null": True, "lln": {"anc": 1.0}},
    {"wbc": 2.5, "temperature_c": 37.9, "fever_sustained_1h": True, "platelets": 15},
    {"wbc": 1.0, "anc": 0.05, "diagnosis": "all", "platelets": 22, "active_bleeding": True,
     "hemoglobin_g_dl": 6.2},
]
ALL_DOCS = [*FIRES.values(), *MORE]

NUMBER = r"-?\d+(?:\.\d+)?"
# "0.7 < 1.0", "62 < LLN 150", and the left edge of a band: "0.5 ≤ ANC 0.7", "10 < platelets 15"
VALUE_THEN_LIMIT = re.compile(rf"(?<![\d.])({NUMBER}) ([<≤>≥]) (?:LLN )?({NUMBER})(?![\d.])")
LIMIT_THEN_NAMED = re.compile(rf"(?<![\d.])({NUMBER}) ([<≤]) [A-Za-z]+ ({NUMBER})(?![\d.])")
HOLDS = {"<": Decimal.__lt__, "≤": Decimal.__le__, ">": Decimal.__gt__, "≥": Decimal.__ge__}


def comparisons(line: str) -> list[tuple[Decimal, str, Decimal]]:
    return [(Decimal(a), op, Decimal(b)) for pattern in (VALUE_THEN_LIMIT, LIMIT_THEN_NAMED)
            for a, op, b in pattern.findall(line)]


def why_of(doc: dict[str, Any], key: str) -> list[str]:
    found = [r for r in assess(doc).recommendations if r.id == key]
    assert found, f"{key} did not fire for {doc}"
    return found[0].why.because


# --- every rule has a why ---------------------------------------------------------------------
def test_every_catalogue_id_has_a_rule_name_and_a_builder() -> None:
    assert set(BUILDERS) == set(content.recommendations()) == set(RULE_NAMES)
    assert set(FIRES) == set(content.recommendations())


@pytest.mark.parametrize("key", sorted(FIRES))
def test_each_recommendation_fires_with_a_why(key: str) -> None:
    recs = {r.id: r for r in assess(FIRES[key]).recommendations}
    assert key in recs
    w = recs[key].why
    assert w.rule == rule_names()[key] and w.rule.strip() and "{" not in w.rule
    assert w.because and all(line.strip() for line in w.because)


@pytest.mark.parametrize("doc", ALL_DOCS, ids=lambda d: json.dumps(d)[:60])
def test_every_why_is_sourced_and_its_comparisons_hold(doc: dict[str, Any]) -> None:
    register = content.sources()
    for r in assess(doc).recommendations:
        w = r.why
        assert w.because, r.id
        assert w.sources[:len(r.sources)] == r.sources, r.id   # the rule's own come first
        assert len(w.sources) == len(set(w.sources)) and set(w.sources) <= set(register)
        for line in w.because:
            assert "{" not in line and "}" not in line and "None" not in line, line
            for left, op, right in comparisons(line):
                assert HOLDS[op](left, right), f"{r.id}: {line!r} does not hold"


# --- threshold sides (RULES.md), just below / at / just above ---------------------------------
@pytest.mark.parametrize(("doc", "key", "line"), [
    # §7 high-risk features: ANC ≤ 0.1; expected duration ≥ 10 days; age > 65
    ({**FN_NO_FEATURES, "anc": 0.099}, "gcsf_consider",
     "ANC 0.099 ≤ 0.1 ×10⁹/L → high-risk feature"),
    ({**FN_NO_FEATURES, "anc": 0.1}, "gcsf_consider",
     "ANC 0.100 ≤ 0.1 ×10⁹/L → high-risk feature"),
    ({**FN_NO_FEATURES, "anc": 0.101}, "gcsf_not_routine",
     "ANC 0.101 > 0.1 ×10⁹/L → not a high-risk feature"),
    ({**FN_NO_FEATURES, "expected_neutropenia_days": 9.5}, "gcsf_not_routine",
     "Expected neutropenia 9.5 days < 10 days → not a high-risk feature"),
    ({**FN_NO_FEATURES, "expected_neutropenia_days": 10}, "gcsf_consider",
     "Expected neutropenia 10 days ≥ 10 days → high-risk feature"),
    ({**FN_NO_FEATURES, "age_years": 65}, "gcsf_not_routine",
     "Age 65 ≤ 65 years → not a high-risk feature"),
    ({**FN_NO_FEATURES, "age_years": 65.5}, "gcsf_consider",
     "Age 65.5 > 65 years → high-risk feature"),
    # §6 fever: single ≥ 38.3 °C, or ≥ 38.0 °C sustained
    ({"wbc": 1, "anc": 0.3, "systemic_infection_signs": True, "temperature_c": 38.29},
     "afebrile_sepsis_antibiotics",
     "Temperature 38.29 < 38.3 °C in one reading, and no sustained ≥ 38.0 °C ticked → no fever"),
    ({"wbc": 1, "anc": 0.3, "systemic_infection_signs": True, "temperature_c": 38.2999},
     "afebrile_sepsis_antibiotics",
     "Temperature 38.2999 < 38.3 °C in one reading, and no sustained ≥ 38.0 °C ticked → no fever"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.3}, "fn_antibiotics",
     "Temperature 38.3 ≥ 38.3 °C in one reading → fever"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 100.94, "units": {"temperature": "F"}},
     "fn_antibiotics", "Temperature 38.3 ≥ 38.3 °C in one reading → fever"),
    ({"wbc": 1, "anc": 0.3, "systemic_infection_signs": True, "temperature_c": 37.99,
      "fever_sustained_1h": True}, "afebrile_sepsis_antibiotics",
     "Temperature 37.99 < 38.0 °C, even sustained → no fever"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.0, "fever_sustained_1h": True},
     "fn_antibiotics", "Temperature 38 ≥ 38.0 °C, sustained for 1 hour → fever"),
    # §6 FN: ANC < 0.5; the ANC is never shown rounded up to 0.5
    ({"wbc": 1, "anc": 0.4999, "temperature_c": 38.5}, "fn_antibiotics",
     "ANC 0.4999 < 0.5 ×10⁹/L → neutropenia of FN"),
    ({"wbc": 2, "anc": 0.5, "temperature_c": 38.5}, "fn_answer_48h",
     "0.5 ≤ ANC 0.500 < 1.0 ×10⁹/L"),
    ({"wbc": 2, "anc": 0.9999, "temperature_c": 38.5}, "fn_borderline_reassess",
     "0.5 ≤ ANC 0.9999 < 1.0 ×10⁹/L"),
    # §5 seed tier: ANC < 1.0 needs active management
    ({"wbc": 2, "anc": 0.999}, "active_management",
     "ANC 0.999 < 1.0 ×10⁹/L (CTCAE grade 3) → needs active management"),
    # §8 platelets: ≤ 10; > 10 and ≤ 20; > 20 and < LLN
    ({"wbc": 5, "platelets": 10}, "plt_transfuse_prophylactic",
     "Platelets 10 ≤ 10 ×10⁹/L → transfuse, even with no fever, infection or bleeding"),
    ({"wbc": 5, "platelets": 10.00001}, "plt_if_fever_infection",
     "10 < platelets 10.00001 ≤ 20 ×10⁹/L"),
    ({"wbc": 5, "platelets": 20}, "plt_if_fever_infection", "10 < platelets 20 ≤ 20 ×10⁹/L"),
    ({"wbc": 5, "platelets": 20.5}, "plt_bleeding_only",
     "20 < platelets 20.5 < LLN 150 ×10⁹/L"),
    ({"wbc": 5, "platelets": 49.99, "planned_procedure": "lumbar_puncture"}, "plt_procedure",
     "Planned lumbar puncture: platelets 49.99 < 50 ×10⁹/L → transfuse before it"),
    ({"wbc": 5, "platelets": 50, "planned_procedure": "lumbar_puncture"}, "plt_procedure_ok",
     "Planned lumbar puncture: platelets 50 ≥ 50 ×10⁹/L → threshold reached"),
    # §9 hyperleukocytosis: WBC > 100 (strict)
    ({"wbc": 100}, "no_leukopenia", "WBC 100 ≤ 100 ×10⁹/L → no hyperleukocytosis"),
    ({"wbc": 100.00001}, "hyperleukocytosis", "WBC 100.00001 > 100 ×10⁹/L → hyperleukocytosis"),
    # §5 mild leukopenia: 3.0 ≤ WBC < LLN
    ({"wbc": 3.0}, "mild_leukopenia_observe", "3.0 ≤ WBC 3 < LLN 4 ×10⁹/L → mild leukopenia"),
    ({"wbc": 3.99999}, "mild_leukopenia_observe",
     "3.0 ≤ WBC 3.99999 < LLN 4 ×10⁹/L → mild leukopenia"),
    ({"wbc": 2.9999, "anc": 1.6}, "safety_net", "WBC 2.9999 < 3.0 ×10⁹/L → marked leukopenia"),
])
def test_the_why_states_the_exact_side(doc: dict[str, Any], key: str, line: str) -> None:
    assert line in why_of(doc, key)


def test_a_threshold_that_did_not_hold_is_not_claimed() -> None:
    assert "active_management" not in [r.id for r in assess({"wbc": 2, "anc": 1.0})
                                       .recommendations]
    features = why_of({**FN_NO_FEATURES, "age_years": 70}, "gcsf_consider")
    assert features == ["Febrile neutropenia: yes", "Age 70 > 65 years → high-risk feature"]


def test_the_why_adds_the_sources_of_the_thresholds_it_compared() -> None:
    rec = next(r for r in assess(FN).recommendations if r.id == "fn_antibiotics")
    assert rec.why.sources == ["ASCO-IDSA-2018-OUT", "IDSA-2010", "SEED"]
    rbc = next(r for r in assess(FIRES["rbc_context"]).recommendations if r.id == "rbc_context")
    assert rbc.why.sources == ["AABB-RBC-2016", "CTCAE-ADMIRAL"]


def test_the_json_contract_carries_the_why_after_the_old_fields() -> None:
    out = io.StringIO()
    assert cli.run(["assess", "-"], out=out, stdin=io.StringIO(json.dumps(FN))) == 0
    rec = json.loads(out.getvalue())["recommendations"][0]
    assert list(rec) == ["id", "urgency", "text", "sources", "why"]
    assert list(rec["why"]) == ["rule", "because", "sources"]
    out = io.StringIO()
    assert cli.run(["schema"], out=out) == 0
    defs = json.loads(out.getvalue())["output"]["$defs"]
    assert list(defs["Recommendation"]["properties"]) == ["id", "urgency", "text", "sources",
                                                          "why"]
    assert "why" in defs["Recommendation"]["required"]
    assert set(defs["Why"]["properties"]) == {"rule", "because", "sources"}
