"""Rule set 2026.2: what the independent clinical review saw, and each correction tested on
both sides of its edge (RULES.md "Changes from 2026.1"; issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from leukodesk.core import assess, parse_inputs


def ids(doc: dict[str, Any]) -> list[str]:
    return [r.id for r in assess(doc).recommendations]


def urgency_of(doc: dict[str, Any], key: str) -> str:
    return next(r.urgency.value for r in assess(doc).recommendations if r.id == key)


# --- what the review saw ---------------------------------------------------------------------
def test_fever_with_wbc_0_4_and_no_anc_is_fn_by_the_bound() -> None:
    a = assess({"wbc": 0.4, "temperature_c": 38.6})
    assert (a.febrile_neutropenia, a.immediate_antibiotics) == (True, True)
    assert a.anc is None and a.anc_upper_bound == 0.4 and a.anc_class is None
    assert a.ctcae.neutrophils is None and a.ctcae_febrile_neutropenia is True
    fn = next(r for r in a.recommendations if r.id == "fn_antibiotics")
    assert "the ANC cannot exceed it" in fn.text and "measure the ANC" in fn.text
    assert "anc_le_0_1" not in a.high_risk_features  # 0.4 does not bound it below 0.1


@pytest.mark.parametrize(("wbc", "fn"), [(0.49, True), (0.5, None), (0.1, True)])
def test_the_wbc_bound_edge(wbc: float, fn: bool | None) -> None:
    assert assess({"wbc": wbc, "temperature_c": 38.6}).febrile_neutropenia is fn


def test_the_bound_reaches_the_high_risk_anc_feature_and_invasive_procedures() -> None:
    a = assess({"wbc": 0.1, "temperature_c": 38.6, "age_years": 40})
    assert "anc_le_0_1" in a.high_risk_features and a.consider_gcsf is True
    assert "avoid_invasive" in ids({"wbc": 0.49})
    assert "avoid_invasive" not in ids({"wbc": 0.5})


def test_fever_anc_1_2_unanswered_is_not_fn_and_asks_nothing() -> None:
    a = assess({"wbc": 5, "anc": 1.2, "temperature_c": 38.5})
    assert (a.febrile_neutropenia, a.immediate_antibiotics) == (False, False)
    assert "fn_answer_48h" not in ids({"wbc": 5, "anc": 1.2, "temperature_c": 38.5})
    yes = assess({"wbc": 5, "anc": 1.2, "temperature_c": 38.5,
                  "anc_expected_below_0_5_within_48h": True})
    assert yes.febrile_neutropenia is True
    assert urgency_of({"wbc": 5, "anc": 1.2, "temperature_c": 38.5,
                       "anc_expected_below_0_5_within_48h": True}, "fn_antibiotics") == \
        "emergency"


def test_platelets_140_with_bleeding_is_an_emergency_but_no_transfusion() -> None:
    doc = {"wbc": 5, "platelets": 140, "active_bleeding": True}
    a = assess(doc)
    assert a.platelet_transfusion.transfuse_now is False
    assert urgency_of(doc, "plt_bleeding_not_count") == "emergency"
    assert "plt_bleeding" not in ids(doc)


@pytest.mark.parametrize(("doc", "now", "reasons"), [
    ({"platelets": 29.9}, True, ["apl"]),
    ({"platelets": 30}, False, []),
    ({"platelets": 49.9, "bleeding": "clinically_significant"}, True, ["apl"]),
    ({"platelets": 29.9, "bleeding": "clinically_significant"}, True, ["bleeding", "apl"]),
    ({"platelets": 50, "bleeding": "clinically_significant"}, False, []),
    ({"platelets": 50, "bleeding": "severe_or_critical_site"}, True, ["bleeding"]),
])
def test_apl_platelets_30_and_50(doc: dict[str, Any], now: bool, reasons: list[str]) -> None:
    full = {"wbc": 5, "diagnosis": "apl", **doc}
    p = assess(full).platelet_transfusion
    assert (p.transfuse_now, p.reasons) == (now, reasons)
    assert p.category.value == ("only_for_bleeding" if doc["platelets"] > 20 else "indicated")
    assert ("apl_platelets" in ids(full)) is ("apl" in reasons)
    assert "apl_coagulation" in ids(full)
    if now:
        assert "plt_bleeding_only" not in ids(full)


@pytest.mark.parametrize(("diagnosis", "chemo", "plt", "now", "category"), [
    ("mds_lower_risk", False, 8, False, "not_routine_chronic"),
    ("mds_higher_risk", False, 20, False, "not_routine_chronic"),
    ("cmml", False, 15, False, "not_routine_chronic"),
    ("cmml_myeloproliferative", False, 10, False, "not_routine_chronic"),
    ("mds_lower_risk", False, 20.5, False, "only_for_bleeding"),
    ("mds_lower_risk", True, 8, True, "indicated"),
    ("aml", False, 8, True, "indicated"),
    ("none", False, 8, True, "indicated"),
])
def test_chronic_marrow_failure_no_routine_prophylaxis(diagnosis: str, chemo: bool, plt: float,
                                                      now: bool, category: str) -> None:
    doc = {"wbc": 3, "platelets": plt, "diagnosis": diagnosis, "myelosuppressive_chemo": chemo,
           "temperature_c": 38.5}
    p = assess(doc).platelet_transfusion
    assert (p.transfuse_now, p.category.value) == (now, category)
    assert ("plt_chronic_not_routine" in ids(doc)) is (category == "not_routine_chronic")


def test_chronic_marrow_failure_still_transfuses_for_bleeding_and_procedures() -> None:
    base = {"wbc": 3, "platelets": 8, "diagnosis": "mds_lower_risk"}
    assert assess({**base, "active_bleeding": True}).platelet_transfusion.reasons == ["bleeding"]
    assert assess({**base, "planned_procedure": "central_line"}).platelet_transfusion.reasons \
        == ["procedure"]


def test_the_gauge_is_never_bare_normal_beside_hyperleukocytosis() -> None:
    a = assess({"wbc": 150, "anc": 60})
    assert a.severity_level == 0 and a.gauge_marks == ["hyperleukocytosis"]
    assert a.recommendations[0].urgency.value == "emergency"
    b = assess({"wbc": 5, "anc": 3, "lymphocytes": 0.15})
    assert b.severity_level == 0 and b.gauge_marks == ["lymphopenia"]
    assert "lymphopenia" in [r.id for r in b.recommendations]


def test_the_gauge_follows_the_anc_class_not_the_wbc_grade() -> None:
    a = assess({"wbc": 1.2, "anc": 0.7})
    assert (a.severity_level, a.severity_label) == (2, "moderate")
    assert a.ctcae.wbc == 3


def test_no_prophylaxis_line_beside_avoid_azoles() -> None:
    doc = {"wbc": 1, "diagnosis": "aml", "anthracycline_chemo": True,
           "expected_neutropenia_days": 21}
    texts = " ".join(r.text for r in assess(doc).recommendations).lower()
    assert "avoid azole" not in texts
    assert "posaconazole" in texts and "check interactions" in texts


def test_high_risk_feature_outputs_do_not_contradict() -> None:
    a = assess({"wbc": 1, "anc": 0.3, "temperature_c": 38.5})
    assert a.high_risk_features == [] and a.high_risk_not_assessed == [
        "duration_ge_10_days", "age_gt_65"]
    assert a.consider_gcsf is None


@pytest.mark.parametrize(("doc", "applies"), [
    ({"wbc": 3.5, "anc": 0.3, "temperature_c": 38.5, "diagnosis": "apl",
      "active_bleeding": True, "platelets": 20}, False),
    ({"wbc": 3.5, "anc": 1.2}, True),
    ({"wbc": 3.5, "anc": 1.2, "temperature_c": 38.5,
      "anc_expected_below_0_5_within_48h": True}, False),
    ({"wbc": 3.5, "platelets": 100, "hemoglobin_g_dl": 10}, False),
])
def test_mild_leukopenia_pitfalls_only_when_their_premise_holds(doc: dict[str, Any],
                                                                applies: bool) -> None:
    shown = {p.id for p in assess(doc).pitfalls}
    assert ("nutrition" in shown) is applies


@pytest.mark.parametrize(("doc", "applies"), [
    ({"wbc": 5, "anc": 1.5}, True),
    ({"wbc": 5, "anc": 1.5, "platelets": 10}, False),
    ({"wbc": 5, "anc": 1.5, "temperature_c": 39}, False),
    ({"wbc": 5, "anc": 1.5, "temperature_c": 37, "platelets": 150}, True),
    ({"wbc": 5, "anc": 0.99}, False),
])
def test_duffy_pitfall_only_when_its_premise_holds(doc: dict[str, Any], applies: bool) -> None:
    assert ("duffy_null" in {p.id for p in assess(doc).pitfalls}) is applies


def test_no_safety_net_for_a_febrile_patient() -> None:
    assert "safety_net" not in ids({"wbc": 5, "anc": 1.2, "temperature_c": 38.5})
    assert "safety_net" in ids({"wbc": 5, "anc": 1.2, "temperature_c": 37.5})


@pytest.mark.parametrize(("doc", "modest"), [
    ({"wbc": 3.5, "anc": 1.2, "platelets": 50, "hemoglobin_g_dl": 8.0}, True),
    ({"wbc": 3.5, "anc": 1.2, "platelets": 49, "hemoglobin_g_dl": 8.0}, False),
    ({"wbc": 3.5, "anc": 1.2, "platelets": 50, "hemoglobin_g_dl": 7.9}, False),
    ({"wbc": 3.5, "anc": 0.99, "platelets": 50, "hemoglobin_g_dl": 8.0}, False),
    ({"wbc": 1.99, "anc": 1.2, "platelets": 50, "hemoglobin_g_dl": 8.0}, False),
    ({"wbc": 3.5, "anc": 1.2, "platelets": 8}, False),
    ({"wbc": 3.5, "anc": 1.2}, None),
])
def test_mds_modest_only_when_no_count_is_grade_3(doc: dict[str, Any], modest: bool | None
                                                  ) -> None:
    shown = ids({**doc, "diagnosis": "mds_lower_risk"})
    assert ("mds_lower_risk" in shown) is (modest is True)
    assert ("mds_lower_risk_not_modest" in shown) is (modest is False)
    assert ("mds_lower_risk_unknown" in shown) is (modest is None)


def test_fn_escalation_within_the_hour() -> None:
    fn = next(r for r in assess({"wbc": 1, "anc": 0.3, "temperature_c": 38.5}).recommendations
              if r.id == "escalate_now")
    assert "within the hour" in fn.text and "today" not in fn.text
    other = next(r for r in assess({"wbc": 5, "anc": 1.2, "systemic_infection_signs": True})
                 .recommendations if r.id == "escalate_now")
    assert "today" in other.text


def test_a_single_38_2_with_anc_0_05_is_neutropenic_sepsis() -> None:
    a = assess({"wbc": 0.3, "anc": 0.05, "temperature_c": 38.2})
    assert (a.fever, a.febrile_neutropenia, a.immediate_antibiotics) == (False, False, True)
    assert "neutropenic_sepsis_antibiotics" in ids({"wbc": 0.3, "anc": 0.05,
                                                    "temperature_c": 38.2})


def test_35_4_with_anc_0_2_prompts_a_look_for_sepsis() -> None:
    a = assess({"wbc": 0.5, "anc": 0.2, "temperature_c": 35.4})
    assert a.immediate_antibiotics is None
    assert urgency_of({"wbc": 0.5, "anc": 0.2, "temperature_c": 35.4},
                      "hypothermia_check") == "urgent"


@pytest.mark.parametrize("doc", [
    {"wbc": 5, "lln": {"wbc": None}},
    {"wbc": 5, "lln": {"anc": None, "platelets": None}},
    {"wbc": 5, "units": {"counts": None}},
    {"wbc": 5, "units": {"counts": None, "temperature": None}, "temperature_c": 38},
    {"wbc": 5, "differential": {"segs_pct": None, "bands_pct": None}},
    {"wbc": 5, "bleeding": None, "diagnosis": None, "planned_procedure": None},
])
def test_nulls_inside_objects_mean_the_default(doc: dict[str, Any]) -> None:
    a = assess(doc)
    assert a.effective_lln.wbc == 4.0 and a.inputs.units.counts.value == "10^9/L"


def test_monocytes_as_a_count_or_from_the_differential() -> None:
    assert assess({"wbc": 5, "monocytes": 0.15}).amc == 0.15
    assert assess({"wbc": 5, "differential": {"monos_pct": 4}}).amc == pytest.approx(0.2)
    with pytest.raises(Exception, match="Monocytes"):
        parse_inputs({"wbc": 1, "monocytes": 1.5})
    with pytest.raises(Exception, match="not both"):
        parse_inputs({"wbc": 5, "monocytes": 0.2, "differential": {"monos_pct": 4}})


def test_the_rule_set_is_2026_2() -> None:
    assert assess({"wbc": 5}).rules_version == "2026.2"


@pytest.mark.parametrize(("doc", "present", "absent"), [
    # bleeding at the NICE edges: 100 is "not for the count" for both states
    ({"platelets": 100, "bleeding": "severe_or_critical_site"}, {"plt_bleeding_not_count"},
     {"plt_bleeding", "plt_bleeding_watch"}),
    ({"platelets": 99.9, "bleeding": "severe_or_critical_site"}, {"plt_bleeding"},
     {"plt_bleeding_not_count"}),
    ({"platelets": 100, "bleeding": "clinically_significant"}, {"plt_bleeding_not_count"},
     {"plt_bleeding_watch", "plt_bleeding"}),
    ({"platelets": 99.9, "bleeding": "clinically_significant"}, {"plt_bleeding_watch"},
     {"plt_bleeding_not_count", "plt_bleeding"}),
    ({"platelets": 29.9, "bleeding": "clinically_significant"}, {"plt_bleeding"},
     {"plt_bleeding_watch"}),
    ({"bleeding": "clinically_significant"}, {"bleeding_no_count"}, set()),
    ({}, set(), {"bleeding_no_count", "plt_bleeding", "plt_bleeding_not_count"}),
    ({"platelets": 50}, set(), {"bleeding_no_count", "plt_bleeding_watch"}),
    # suspected sepsis: only on chemotherapy, with no ANC, and not when FN is settled
    ({"wbc": 3, "temperature_c": 38.5, "myelosuppressive_chemo": True},
     {"suspected_sepsis_antibiotics"}, set()),
    ({"wbc": 3, "temperature_c": 38.5}, set(), {"suspected_sepsis_antibiotics"}),
    ({"wbc": 3, "anc": 1.2, "temperature_c": 38.5, "myelosuppressive_chemo": True}, set(),
     {"suspected_sepsis_antibiotics"}),
    ({"wbc": 0.4, "temperature_c": 38.5, "myelosuppressive_chemo": True}, {"fn_antibiotics"},
     {"suspected_sepsis_antibiotics"}),
    ({"wbc": 3, "temperature_c": 37, "myelosuppressive_chemo": True}, set(),
     {"suspected_sepsis_antibiotics"}),
    # a WBC of 0.5 settles NICE's ANC ≤ 0.5 (rule 2), so rule 3 does not speak
    ({"wbc": 0.5, "temperature_c": 38.1, "myelosuppressive_chemo": True},
     {"neutropenic_sepsis_antibiotics"}, {"suspected_sepsis_antibiotics"}),
    ({"wbc": 0.51, "temperature_c": 38.1, "myelosuppressive_chemo": True},
     {"suspected_sepsis_antibiotics"}, {"neutropenic_sepsis_antibiotics"}),
    # a borderline temperature with NICE's rule open (no ANC, WBC 0.8): re-measure
    ({"wbc": 0.8, "temperature_c": 38.1}, {"remeasure_temperature"},
     {"neutropenic_sepsis_antibiotics", "suspected_sepsis_antibiotics"}),
])
def test_which_2026_2_advice_appears(doc: dict[str, Any], present: set[str],
                                     absent: set[str]) -> None:
    shown = set(ids({"wbc": 5, **doc}))
    assert present <= shown, (present - shown, doc)
    if doc.get("wbc") == 0.8:
        assert assess({"wbc": 5, **doc}).immediate_antibiotics is None
    assert not absent & shown, (absent & shown, doc)


@pytest.mark.parametrize(("doc", "advice"), [
    ({"wbc": 4.0, "hemoglobin_g_dl": 11.9, "platelets": 150}, False),   # WBC at its LLN
    ({"wbc": 3.99, "hemoglobin_g_dl": 11.9, "platelets": 150}, True),
    ({"wbc": 3.9, "hemoglobin_g_dl": 12.0, "platelets": 150}, False),   # Hb at its LLN
    ({"wbc": 5, "hemoglobin_g_dl": 12.0, "platelets": 149}, False),     # one line only
    ({"wbc": 5, "hemoglobin_g_dl": 11.9, "platelets": 150}, False),
    ({"wbc": 5, "hemoglobin_g_dl": 11.9, "platelets": 149.9}, True),
    ({"wbc": 3.9, "platelets": 150}, False),
    ({"wbc": 4.0, "hemoglobin_g_dl": 13, "platelets": 149}, False),   # WBC at LLN, platelets
    ({"wbc": 3.99, "hemoglobin_g_dl": 13, "platelets": 149}, True),
])
def test_two_low_lines_at_their_lln_edges(doc: dict[str, Any], advice: bool) -> None:
    assert ("marrow_production" in ids(doc)) is advice


@pytest.mark.parametrize(("doc", "needs"), [
    ({"wbc": 5, "platelets": 100}, ["hemoglobin_g_dl"]),
    ({"wbc": 5, "hemoglobin_g_dl": 10}, ["platelets"]),
    ({"wbc": 5}, ["hemoglobin_g_dl", "platelets"]),
    ({"wbc": 5, "platelets": 100, "hemoglobin_g_dl": 10}, None),
])
def test_the_cytopenia_pattern_names_the_missing_count(doc: dict[str, Any],
                                                       needs: list[str] | None) -> None:
    found = [n.needs for n in assess(doc).not_assessed if n.output == "cytopenia_pattern"]
    assert found == ([needs] if needs else [])
