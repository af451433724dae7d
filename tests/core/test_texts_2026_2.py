"""The texts of an assessment follow rule set 2026.2 (RULES §2a, §5–§9a): ``assess --text``
(summary), the copy-to-note text (note; the PDF is made of the same document) and the dose
worksheet. Each rule is tested on both sides.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from typing import Any

import pytest

from leukodesk.core import assess
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.formats import words
from leukodesk.core.formats.handoff import ascii_safe
from leukodesk.core.formats.note import note_text, summary_handoff
from leukodesk.core.formats.summary import summary_text
from leukodesk.core.formats.worksheet import worksheet_handoff, worksheet_text
from leukodesk.core.rules.thresholds import DOSE_RULES_VERSION, RULES_VERSION

AT = datetime(2026, 3, 14, 9, 30)


def flat(text: str) -> str:
    return " ".join(text.split())


def texts(doc: dict[str, Any]) -> tuple[Assessment, str, str]:
    """The assessment, its summary and its note, each as one line."""
    a = assess(doc)
    return a, flat(summary_text(a)), flat(note_text(a, at=AT))


def both(doc: dict[str, Any]) -> tuple[Assessment, list[str]]:
    a, summary, note = texts(doc)
    return a, [summary, note]


# --- versions ------------------------------------------------------------------------------
def test_the_assessment_texts_name_rule_set_2026_2() -> None:
    assert RULES_VERSION == "2026.2"
    a, summary, note = texts({"wbc": 5})
    assert a.rules_version == RULES_VERSION
    assert summary.startswith(f"LeukoDesk assessment — rule set {RULES_VERSION},")
    assert f"rule set {RULES_VERSION}, CTCAE v5.0" in note
    assert summary_handoff(a, at=AT).rules_version == RULES_VERSION  # the PDF's footer


def test_a_dose_keeps_the_dose_calculators_own_rule_set() -> None:
    d = calculate_dose({"weight_kg": 70})
    assert d.rules_version == DOSE_RULES_VERSION
    sheet = flat(worksheet_text(d, at=AT))
    assert f"rule set {DOSE_RULES_VERSION}, CTCAE" in sheet
    assert worksheet_handoff(d, at=AT).rules_version == DOSE_RULES_VERSION
    if DOSE_RULES_VERSION != RULES_VERSION:
        assert f"rule set {RULES_VERSION}" not in sheet
    # In the note the assessment's rule set heads it, the dose names its own.
    note = flat(note_text(assess({"wbc": 5, "weight_kg": 70}), d, at=AT))
    assert f"rule set {RULES_VERSION}, CTCAE" in note
    assert f"Dose calculator rule set {DOSE_RULES_VERSION}" in note


# --- §5 the gauge ---------------------------------------------------------------------------
def test_level_0_reads_no_neutropenia_and_json_keeps_normal() -> None:
    a, outs = both({"wbc": 6, "anc": 3})
    assert (a.severity_level, a.severity_label) == (0, "normal")
    for text in outs:
        assert "Neutrophil gauge: NO NEUTROPENIA (level 0 of 4, from the ANC class)" in text
        assert "ACT NOW" not in text  # no emergency: nothing to point to
        assert "Marked beside the gauge" not in text


def test_level_4_reads_profound_never_life_threatening() -> None:
    a, outs = both({"wbc": 2, "anc": 0.05})
    assert a.severity_level == 4
    for text in outs:
        assert "Neutrophil gauge: PROFOUND (level 4 of 4" in text
        assert "life-threatening" not in text.lower()


def test_the_wbc_bound_reads_class_or_worse_anc_not_measured() -> None:
    a, outs = both({"wbc": 0.4})
    assert (a.severity_basis, a.severity_label, a.anc_upper_bound) == ("wbc_bound", "severe", 0.4)
    for text in outs:
        assert re.search(r"Neutrophil gauge: SEVERE or worse \(level 3 of 4\) . ANC not "
                         r"measured: it cannot exceed the WBC, 0\.4 x?×?10", text)
    # The lowest class has nothing worse below it.
    _, outs = both({"wbc": 0.05})
    for text in outs:
        assert "PROFOUND (level 4 of 4)" in text and "PROFOUND or worse" not in text


def test_no_class_reads_anc_not_measured_with_the_wbc_grade() -> None:
    a, outs = both({"wbc": 3})
    assert (a.severity_level, a.severity_label, a.severity_basis) == (None, None, None)
    for text in outs:
        assert "Neutrophil gauge: ANC not measured; WBC 3" in text
        assert "mildly decreased (CTCAE grade 1)" in text
    _, outs = both({"wbc": 5})
    for text in outs:
        assert "ANC not measured; WBC 5" in text and "not decreased (CTCAE grade 0)" in text
        assert "NO NEUTROPENIA" not in text


@pytest.mark.parametrize(("doc", "marks"), [
    ({"wbc": 150, "anc": 90}, ["WBC above 100 — hyperleukocytosis"]),
    ({"wbc": 6, "anc": 3, "lymphocytes": 0.1}, ["lymphocytes CTCAE grade 3/4"]),
    ({"wbc": 150, "anc": 0.3, "lymphocytes": 0.1},
     ["WBC above 100 — hyperleukocytosis", "lymphocytes CTCAE grade 3/4"]),
    ({"wbc": 6, "anc": 3, "lymphocytes": 0.5}, []),
    ({"wbc": 100, "anc": 50}, []),
], ids=["hyperleukocytosis", "lymphopenia", "both-at-severe", "alc-0.5", "wbc-100"])
def test_gauge_marks_in_words_whatever_the_level(doc: dict[str, Any], marks: list[str]) -> None:
    a, summary, note = texts(doc)
    assert len(a.gauge_marks) == len(marks)
    if marks:
        for mark in marks:
            assert mark in summary and ascii_safe(mark) in note
        assert "Marked beside the gauge" in summary and "Marked beside the gauge" in note
    else:
        assert "Marked beside the gauge" not in summary + note


def test_an_emergency_never_stands_beside_a_bare_no_neutropenia() -> None:
    a, outs = both({"wbc": 150, "anc": 90})
    assert a.severity_level == 0 and words.has_emergency(a)
    for text in outs:
        assert re.search(r"NO NEUTROPENIA \(level 0 of 4, from the ANC class\); see ACT NOW",
                         text)
    # ANC not measured and an emergency (suspected sepsis): the pointer too.
    a, outs = both({"wbc": 3, "temperature_c": 38.5, "myelosuppressive_chemo": True})
    assert a.severity_level is None and words.has_emergency(a)
    assert all("ANC not measured" in t and "see ACT NOW" in t for t in outs)


# --- §6 never a bare "no" ------------------------------------------------------------------
def test_fn_false_says_what_would_make_it_fn() -> None:
    a, outs = both({"wbc": 5, "anc": 1.2, "temperature_c": 38.6})
    assert a.febrile_neutropenia is False and a.immediate_antibiotics is False
    for text in outs:
        assert ("neutropenia (IDSA/ASCO): no - not FN unless a fall below 0.5 within 48 h is "
                "expected" in ascii_safe(text)) or (
            "FN (IDSA/ASCO): no — not FN unless a fall below 0.5 within 48 h is expected"
            in text)
        assert re.search(r"antibiotics: no . not FN unless a fall below 0\.5 within 48 h is "
                         r"expected; if it is, give them at once", text)


def test_fn_true_without_an_anc_says_the_wbc_decided() -> None:
    a, outs = both({"wbc": 0.4, "temperature_c": 38.6})
    assert a.anc is None and a.febrile_neutropenia is a.immediate_antibiotics is True
    for text in outs:
        assert re.search(r"\(IDSA/ASCO\): YES . ANC not measured: the WBC is 0\.4", text)
        assert re.search(r"antibiotics: YES . febrile neutropenia \(IDSA/ASCO\); ANC not "
                         r"measured: the WBC is 0\.4", text)
    # With an ANC, nothing is said about a bound.
    _, outs = both({"wbc": 1.1, "anc": 0.4, "temperature_c": 38.6})
    assert all("ANC not measured" not in t for t in outs)


@pytest.mark.parametrize(("doc", "rule"), [
    ({"wbc": 5, "anc": 0.05, "temperature_c": 38.2}, "neutropenic sepsis as NICE defines it"),
    ({"wbc": 5, "anc": 0.3, "systemic_infection_signs": True},
     "neutropenic sepsis as NICE defines it"),
    ({"wbc": 3, "temperature_c": 38.5, "myelosuppressive_chemo": True},
     "ANC not measured: treat as suspected neutropenic sepsis (NICE)"),
    ({"wbc": 1.1, "anc": 0.4, "temperature_c": 38.6}, "febrile neutropenia (IDSA/ASCO)"),
], ids=["nice-38.2", "nice-signs", "suspected-sepsis", "fn"])
def test_antibiotics_yes_names_the_rule(doc: dict[str, Any], rule: str) -> None:
    a, outs = both(doc)
    assert a.immediate_antibiotics is True
    for text in outs:
        assert rule in text, rule


def test_nice_by_the_wbc_bound_says_so() -> None:
    a, outs = both({"wbc": 0.45, "temperature_c": 38.1})
    assert a.anc is None and a.immediate_antibiotics is True
    for text in outs:
        assert re.search(r"antibiotics: YES . neutropenic sepsis as NICE defines it; ANC not "
                         r"measured: the WBC is 0\.45", text)


@pytest.mark.parametrize(("doc", "prompt"), [
    ({"wbc": 5, "anc": 0.7, "temperature_c": 38.1}, "URGENT: re-measure the temperature"),
    ({"wbc": 5, "anc": 0.2, "temperature_c": 35.4}, "URGENT: look for signs of infection"),
    ({"wbc": 5, "anc": 0.7, "temperature_c": 38.6}, "URGENT: answer the 48-hour question"),
], ids=["borderline", "hypothermia", "48h-unknown"])
def test_antibiotics_held_open_name_the_urgent_prompt(doc: dict[str, Any], prompt: str) -> None:
    a, outs = both(doc)
    assert a.immediate_antibiotics is None
    for text in outs:
        assert re.search(r"antibiotics: not assessed . enter [^;]+; " + re.escape(prompt), text)


FEBRILE_TEMPS = (38.0, 38.2, 38.6)
ANCS = (None, 0.05, 0.1, 0.3, 0.5, 0.7, 1.0, 1.2, 1.9, 2.0, 3.0)


def febrile_documents() -> list[dict[str, Any]]:
    docs = []
    for t, sustained, anc, fall, chemo, signs in itertools.product(
            FEBRILE_TEMPS, (False, True), ANCS, (None, False, True), (False, True),
            (False, True)):
        wbcs = (0.3, 0.5, 1.2, 3.0, 6.0) if anc is None else (max(anc, 4.5),)
        for wbc in wbcs:
            doc: dict[str, Any] = {"wbc": wbc, "temperature_c": t, "fever_sustained_1h": sustained,
                                   "myelosuppressive_chemo": chemo,
                                   "systemic_infection_signs": signs}
            if anc is not None:
                doc["anc"] = anc
            if fall is not None:
                doc["anc_expected_below_0_5_within_48h"] = fall
            docs.append(doc)
    return docs


BARE = re.compile(r"(?:antibiotics|FN \(IDSA/ASCO\)|neutropenia \(IDSA/ASCO\)|Consider G-CSF"
                  r"|Fever \(IDSA\)|grade 3\)): no(?:$|\s*\n)", re.MULTILINE)


def test_a_febrile_patient_never_reads_a_bare_no() -> None:
    docs = febrile_documents()
    assert len(docs) > 1000
    seen = set()
    for doc in docs:
        a = assess(doc)
        for said in (words.antibiotics_words(a), words.fn_words(a), words.gcsf_words(a),
                     words.fever_words(a), words.ctcae_fn_words(a)):
            assert said.strip() != "no", (doc, said)
            if said.startswith("no"):
                assert len(said) > len("no — "), (doc, said)
        summary, note = summary_text(a), note_text(a, at=AT)
        assert not BARE.search(summary), doc
        assert not BARE.search(note), doc
        assert f"Immediate antibiotics: {words.antibiotics_words(a)}" in flat(summary)
        seen.add(a.immediate_antibiotics)
        if a.immediate_antibiotics is False and a.fever:
            assert "not FN unless a fall below 0.5 within 48 h is expected" in \
                words.antibiotics_words(a)
    assert seen == {True, False, None}


# --- §7 high-risk features, "if G-CSF is used" ----------------------------------------------
ALL_KNOWN = {"wbc": 1.1, "anc": 0.3, "temperature_c": 38.6, "age_years": 50,
             "expected_neutropenia_days": 5, "weight_kg": 70}


def test_none_found_only_when_every_feature_is_known_absent() -> None:
    a, outs = both(ALL_KNOWN)
    assert a.high_risk_features == [] and a.high_risk_not_assessed == []
    for text in outs:
        assert "High-risk features: none found" in text
        assert "High-risk features: not assessed" not in text


def test_some_unknown_reads_none_of_the_assessed() -> None:
    doc = {k: v for k, v in ALL_KNOWN.items() if k != "age_years"}
    a, outs = both(doc)
    assert a.high_risk_features == [] and a.high_risk_not_assessed == ["age_gt_65"]
    for text in outs:
        assert "High-risk features: none of the assessed; not assessed: age over 65" in text
        assert "none found" not in text


def test_features_found_and_unknown_on_one_line() -> None:
    doc = {k: v for k, v in ALL_KNOWN.items() if k != "expected_neutropenia_days"}
    a, outs = both({**doc, "age_years": 70})
    assert a.high_risk_features == ["age_gt_65"]
    for text in outs:
        assert re.search(r"High-risk features: age over 65; not assessed: expected "
                         r"neutropenia (≥|>=) 10 days", text)


def test_never_none_found_beside_not_assessed_across_a_sweep() -> None:
    for doc in febrile_documents()[::7]:
        a = assess(doc)
        for text in (summary_text(a), note_text(a, at=AT)):
            if "none found" in text:
                assert not a.high_risk_not_assessed, doc
                assert "High-risk features: not assessed" not in text


@pytest.mark.parametrize(("doc", "consider"), [
    ({**ALL_KNOWN, "age_years": 70}, True),
    (ALL_KNOWN, False),
    ({"wbc": 6, "anc": 3, "temperature_c": 36.8, "weight_kg": 70}, False),
    ({"wbc": 5, "anc": 0.3, "weight_kg": 70}, None),
], ids=["true", "false-no-feature", "false-not-fn", "none"])
def test_the_filgrastim_dose_is_headed_if_gcsf_is_used(doc: dict[str, Any],
                                                        consider: bool | None) -> None:
    a, summary, note = texts(doc)
    assert a.consider_gcsf is consider and a.filgrastim is not None
    titles = [s.title for s in summary_handoff(a, at=AT).sections]
    dose_note = flat(note_text(a, calculate_dose({"weight_kg": 70}), at=AT))
    if consider is True:
        assert "if G-CSF is used" not in summary + note + dose_note
        assert "Filgrastim dose" in titles
    else:
        assert "Filgrastim (if G-CSF is used): 5 mcg/kg" in summary
        assert "FILGRASTIM DOSE (IF G-CSF IS USED)" in note
        assert "Filgrastim dose (if G-CSF is used)" in titles
        assert "FILGRASTIM / G-CSF DOSE (IF G-CSF IS USED)" in dose_note


def test_gcsf_no_says_why() -> None:
    _, outs = both(ALL_KNOWN)
    assert all("Consider G-CSF: no — no high-risk feature" in t
               or "Consider G-CSF: no - no high-risk feature" in t for t in outs)
    _, outs = both({"wbc": 6, "anc": 3, "temperature_c": 36.8})
    assert all(re.search(r"Consider G-CSF: no . not febrile neutropenia", t) for t in outs)


# --- §8 platelets ---------------------------------------------------------------------------
def test_chronic_marrow_failure_reads_not_routine() -> None:
    a, outs = both({"wbc": 3, "platelets": 8, "diagnosis": "mds_lower_risk"})
    assert a.platelet_transfusion is not None
    assert a.platelet_transfusion.category.value == "not_routine_chronic"
    for text in outs:
        assert re.search(r"Not routine in chronic bone-marrow failure \((≤|<=) 10 .*\); "
                         r"transfuse now: no . prophylactic transfusion is not routine", text)
        assert "not routine chronic" not in text  # never the JSON code as words
    # The same count off chronic marrow failure is indicated.
    _, outs = both({"wbc": 3, "platelets": 8})
    assert all("transfuse now: YES (prophylactic)" in t for t in outs)


def test_apl_is_a_reason_in_words() -> None:
    a, outs = both({"wbc": 5, "platelets": 25, "diagnosis": "apl"})
    assert a.platelet_transfusion is not None and a.platelet_transfusion.reasons == ["apl"]
    for text in outs:
        assert "transfuse now: YES (APL)" in text
        assert re.search(r"APL: transfuse below 30 .*, or below 50 with any bleeding", text)
    _, outs = both({"wbc": 5, "platelets": 35, "diagnosis": "apl"})
    assert all("transfuse now: no" in t and "(APL)" not in t for t in outs)


@pytest.mark.parametrize(("doc", "said"), [
    ({"wbc": 5, "platelets": 140, "bleeding": "severe_or_critical_site"},
     "at 100 or more the platelet count does not explain it: find and treat its cause"),
    ({"wbc": 5, "platelets": 60, "bleeding": "clinically_significant"},
     "at 30 or more the count is not a reason to transfuse"),
    ({"wbc": 5, "platelets": 60, "bleeding": "severe_or_critical_site"},
     "transfuse platelets for the bleeding"),
    ({"wbc": 5, "platelets": 25, "active_bleeding": True},
     "transfuse platelets for the bleeding"),
    ({"wbc": 5, "bleeding": "clinically_significant"}, "no platelet count: get one now"),
], ids=["severe-140", "significant-60", "severe-60", "2026.1-boolean-25", "no-count"])
def test_bleeding_states_in_words(doc: dict[str, Any], said: str) -> None:
    a, outs = both(doc)
    state = words.BLEEDING_WORDS[a.inputs.bleeding.value]
    for text in outs:
        assert ascii_safe(f"Bleeding now: {state}") in ascii_safe(text)
        assert said in text
        # Bleeding present: no "only for bleeding" tail under a "no" that reads as no bleeding.
        assert "transfuse now: no — only for bleeding" not in text
        assert "transfuse now: no - only for bleeding" not in text


def test_no_bleeding_no_bleeding_line_in_the_results() -> None:
    _, summary, _ = texts({"wbc": 5, "platelets": 60})
    assert "Bleeding now" not in summary
    assert "transfuse now: no — only for bleeding or before a procedure" in summary


# --- §9 cytopenia pattern, the ANC bound -------------------------------------------------------
@pytest.mark.parametrize(("doc", "said"), [
    ({"wbc": 3, "platelets": 100, "hemoglobin_g_dl": 9}, "pancytopenia"),
    ({"wbc": 3, "platelets": 200, "hemoglobin_g_dl": 9}, "bicytopenia"),
    ({"wbc": 3, "platelets": 200, "hemoglobin_g_dl": 14}, "isolated"),
    ({"wbc": 6, "platelets": 200, "hemoglobin_g_dl": 14}, "none of WBC, hemoglobin and"),
    ({"wbc": 3, "platelets": 100}, "not assessed"),
])
def test_cytopenia_pattern_line(doc: dict[str, Any], said: str) -> None:
    a, outs = both(doc)
    for text in outs:
        assert f"Cytopenia pattern: {said}" in text
    if a.cytopenia_pattern in ("bicytopenia", "pancytopenia"):
        assert all("suggests reduced marrow production" in t for t in outs)


def test_the_anc_bound_is_shown_with_no_anc() -> None:
    a, summary, note = texts({"wbc": 2.5})
    assert a.anc is None and a.anc_upper_bound == 2.5
    assert "ANC: not measured — at most the WBC, 2.5 ×10⁹/L" in summary
    assert "ANC: not assessed (enter an ANC or a differential); at most the WBC, 2.5" in note
    _, summary, note = texts({"wbc": 2.5, "anc": 1.0})
    assert "at most the WBC" not in summary + note


# --- every text, every document: ASCII note, 79 columns, one vocabulary ----------------------
SWEEP = [*febrile_documents()[::11], {"wbc": 150, "anc": 90, "lymphocytes": 0.1},
         {"wbc": 0.05, "platelets": 8, "diagnosis": "cmml", "bleeding": "severe_or_critical_site"},
         {"wbc": 2, "differential": {"segs_pct": 10, "lymphs_pct": 5, "monos_pct": 5},
          "hemoglobin_g_dl": 7, "platelets": 19, "temperature_c": 38.4, "diagnosis": "aml"}]


def test_every_text_keeps_its_layout_and_vocabulary() -> None:
    for doc in SWEEP:
        a = assess(doc)
        summary, note = summary_text(a), note_text(a, at=AT)
        assert all(len(line) <= 79 for line in summary.splitlines()), doc
        assert all(line.isascii() and len(line) < 80 for line in note.splitlines()), doc
        for text in (summary, note):
            assert "life-threatening" not in text.lower()
            assert "Severity:" not in text
            if words.has_emergency(a) and a.severity_level == 0:
                assert "see ACT NOW" in flat(text)


def test_a_single_reading_that_is_not_fever_says_so() -> None:
    a, outs = both({"wbc": 5, "anc": 3, "temperature_c": 38.2})
    assert (a.fever, a.febrile_neutropenia, a.immediate_antibiotics) == (False, False, False)
    for text in outs:
        assert re.search(r"Fever \(IDSA\): no . a single 38\.2 (°C|deg C), not sustained", text)
        assert re.search(r"\(IDSA/ASCO\): no . no fever by IDSA", text)
        assert re.search(r"antibiotics: no . a single 38\.2 (°C|deg C) is not fever by IDSA, "
                         r"and with the ANC above 0\.5 it is not neutropenic sepsis \(NICE\)",
                         text)
    # Afebrile, no signs: says both; with signs and an ANC above 0.5: says why not sepsis.
    _, outs = both({"wbc": 5, "anc": 3, "temperature_c": 36.8})
    assert all(re.search(r"antibiotics: no . no fever and no signs of systemic infection", t)
               for t in outs)
    _, outs = both({"wbc": 5, "anc": 3, "temperature_c": 36.8, "systemic_infection_signs": True})
    assert all("the signs of infection are not neutropenic sepsis (NICE)" in t for t in outs)
    # No temperature, an ANC that settles it: "at any temperature".
    _, outs = both({"wbc": 5, "anc": 3})
    assert all(re.search(r"antibiotics: no at any temperature . not FN unless", t) for t in outs)
