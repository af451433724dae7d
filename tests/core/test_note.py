"""The copy-to-note text and the dose worksheet: every required element, ASCII-safe lines
under 80 characters, equal to what the core computed, and different whenever the inputs are."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from test_properties import valid_inputs

from leukodesk import __version__
from leukodesk.core import assess
from leukodesk.core.content import cite, pitfalls, recommendations
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.formats.handoff import ascii_safe, glue_units
from leukodesk.core.formats.note import note_text, summary_handoff
from leukodesk.core.formats.words import gauge_words
from leukodesk.core.formats.worksheet import worksheet_text
from leukodesk.core.rules.thresholds import RULES_VERSION

AT = datetime(2026, 3, 14, 9, 30)
FN_CASE = {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6,
           "age_years": 70, "platelets": 8, "weight_kg": 72.4}
MILD_AFEBRILE = {"wbc": 3.5, "anc": 1.2, "temperature_c": 36.8, "platelets": 180,
                 "hemoglobin_g_dl": 13.1, "age_years": 44, "weight_kg": 61}
# Cases that reach every branch of the note: other units, a differential with all four
# percentages, Duffy-null, APL with a procedure, hyperleukocytosis, nothing but a WBC.
VARIED = {
    "fn": FN_CASE,
    "mild_afebrile": MILD_AFEBRILE,
    "cells_per_ul_and_fahrenheit": {
        "wbc": 2100, "anc": 400, "lymphocytes": 300, "platelets": 15000, "temperature_c": 101.3,
        "hemoglobin_g_dl": 5.3, "weight_kg": 154.3,
        "units": {"counts": "cells/uL", "temperature": "F", "hemoglobin": "mmol/L",
                  "weight": "lb"}},
    "full_differential": {"wbc": 2.4, "differential": {"segs_pct": 30, "bands_pct": 5,
                                                       "lymphs_pct": 50, "monos_pct": 8},
                          "temperature_c": 38.1, "fever_sustained_1h": True,
                          "anc_expected_below_0_5_within_48h": False},
    "duffy_null": {"wbc": 3.2, "anc": 1.3, "duffy_null": True, "lln": {"anc": 1.5}},
    "apl_procedure": {"wbc": 0.8, "anc": 0.05, "platelets": 40, "diagnosis": "apl",
                      "planned_procedure": "lumbar_puncture", "systemic_infection_signs": True,
                      "expected_neutropenia_days": 21, "anthracycline_chemo": True,
                      "myelosuppressive_chemo": True, "active_bleeding": True},
    "hyperleukocytosis": {"wbc": 150, "anc": 90, "diagnosis": "aml",
                          "uncontrolled_primary_disease": True, "tolerance_pct": 5,
                          "weight_kg": 96},
    "wbc_only": {"wbc": 5.0},
}


def squash(text: str) -> str:
    """One line, single spaces: for finding a wrapped sentence in the note."""
    return " ".join(text.split())


def note(doc: dict[str, Any], dose: dict[str, Any] | None = None, at: datetime = AT) -> str:
    return note_text(assess(doc), None if dose is None else calculate_dose(dose), at=at)


def assert_ascii_lines(text: str) -> None:
    assert text.endswith("\n") and "\r" not in text
    for n, line in enumerate(text.splitlines(), start=1):
        assert line.isascii(), (n, line)
        assert "\t" not in line, (n, line)
        assert len(line) < 80, (n, len(line), line)
        assert line == line.rstrip(), (n, line)


# --- ASCII-safe ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("ANC 0.495 ×10⁹/L", "ANC 0.495 x10^9/L"),
    ("500 cells/µL = 0.5 ×10³/µL", "500 cells/uL = 0.5 x10^3/uL"),
    ("38.3 °C or 100.9 °F", "38.3 deg C or 100.9 deg F"),
    ("≤ 10, ≥ 38.0, ± 10 %", "<= 10, >= 38.0, +/- 10 %"),
    ("a – b — c − 1", "a - b - c - 1"),
    ("5 mcg/kg × 72.4 kg ≈ 362 mcg; 362 ÷ 300", "5 mcg/kg x 72.4 kg ~= 362 mcg; 362 / 300"),
    ("tie → larger…", "tie -> larger..."),
    ("300 µg", "300 mcg"),
    ("Müller, Zoë, café", "Muller, Zoe, cafe"),
    ("中", "?"),
], ids=["count-unit", "micro", "degrees", "comparisons", "dashes", "formula", "arrow",
        "microgram-is-mcg", "accents", "unknown"])
def test_ascii_safe_transliterates(text: str, expected: str) -> None:
    assert ascii_safe(text) == expected


def test_every_character_of_the_shipped_texts_has_a_transliteration() -> None:
    # A new symbol in the content must not reach a note as "?".
    texts = [r.text for r in recommendations().values()]
    texts += [p.title + p.text for p in pitfalls().values()]
    for text in texts:
        assert ascii_safe(text).count("?") == text.count("?"), text


def test_glue_keeps_numbers_with_units_and_comparisons() -> None:
    glued = glue_units("dose 362 mcg at 10 ×10⁹/L, ≥ 10 days, ±10 %")
    assert glued == ("dose 362\u00a0mcg at 10\u00a0×10⁹/L, ≥\u00a010\u00a0days, "
                     "±10\u00a0%")


# --- the note's content -------------------------------------------------------------------
def test_febrile_neutropenia_note_has_every_required_element() -> None:
    a = assess(FN_CASE)
    text = note_text(a, at=AT)
    flat = squash(text)
    assert_ascii_lines(text)
    for expected in (
            "Date/time: 2026-03-14 09:30",
            # the inputs, with their units
            "WBC 1.1 x10^9/L", "Differential: segmented 45 %, bands 0 % (empty)",
            "Platelets 8 x10^9/L", "Temperature 38.6 deg C", "Age 70 years",
            "Weight 72.4 kg", "Hemoglobin: not given",
            # ANC and class, grades, FN, high-risk features
            "ANC 0.495 x10^9/L (from the differential): severe neutropenia",
            "Neutrophil gauge: SEVERE (level 3 of 4, from the ANC class)",
            "CTCAE v5.0 grades: WBC 3, neutrophils 4, lymphocytes not graded, platelets 4, "
            "anemia not graded",
            "Fever (IDSA): YES", "Febrile neutropenia (IDSA/ASCO): YES",
            "Febrile neutropenia (CTCAE grade 3): YES", "Immediate empiric antibiotics: YES",
            "High-risk features: age over 65", "Consider G-CSF: YES",
            # the filgrastim calculation with its substituted formula
            "Formula: 5 mcg/kg x 72.4 kg = 362 mcg/day",
            "Nearest presentation: 300 mcg/0.5 mL prefilled syringe (-17.1 %), OUTSIDE +/-10 %",
            # transfusion, versions, disclaimer
            "Indicated (<= 10 x10^9/L); transfuse now: YES (prophylactic)",
            f"LeukoDesk {__version__}, rule set {RULES_VERSION}, CTCAE v5.0",
            "Decision support only.", "do not replace clinical judgement"):
        assert expected in flat, expected
    # Every recommendation, word for word as the core gave it, with urgency and sources.
    assert a.recommendations
    for n, r in enumerate(a.recommendations, start=1):
        assert squash(f"{n}. {r.urgency.value.upper()}: {ascii_safe(r.text)} "
                      f"[{ascii_safe(cite(r.sources))}]") in flat
    for item in a.not_assessed:
        assert squash(ascii_safe(item.message)) in flat


def test_afebrile_mild_note_has_every_required_element() -> None:
    a = assess(MILD_AFEBRILE)
    text = note_text(a, at=AT)
    flat = squash(text)
    assert_ascii_lines(text)
    for expected in (
            "Date/time: 2026-03-14 09:30", "WBC 3.5 x10^9/L", "ANC (given) 1.2 x10^9/L",
            "Platelets 180 x10^9/L", "Hemoglobin 13.1 g/dL", "Temperature 36.8 deg C",
            "Age 44 years", "Weight 61 kg",
            "ANC 1.20 x10^9/L (given): mild neutropenia",
            "Neutrophil gauge: MILD (level 1 of 4, from the ANC class)",
            "CTCAE v5.0 grades: WBC 1, neutrophils 2, lymphocytes not graded, platelets 0, "
            "anemia 0",
            "Fever (IDSA): no", "Febrile neutropenia (IDSA/ASCO): no",
            "Immediate empiric antibiotics: no - no fever and no signs of systemic infection",
            "High-risk features: none of the assessed; not assessed: expected neutropenia",
            "Consider G-CSF: no", "Formula: 5 mcg/kg x 61 kg = 305 mcg/day",
            "Not indicated", "transfuse now: no", f"rule set {RULES_VERSION}",
            "Decision support only."):
        assert expected in flat, expected
    for r in a.recommendations:
        assert squash(ascii_safe(r.text)) in flat
        assert squash(f"[{ascii_safe(cite(r.sources))}]") in flat


@pytest.mark.parametrize("case", VARIED.values(), ids=VARIED.keys())
def test_every_note_line_is_ascii_and_short(case: dict[str, Any]) -> None:
    assert_ascii_lines(note(case))
    if "weight_kg" in case:
        assert_ascii_lines(note(case, {"weight": case["weight_kg"],
                                       "weight_unit": case.get("units", {}).get("weight", "kg")}))


@settings(max_examples=120)
@given(valid_inputs())
def test_any_valid_input_gives_an_ascii_note(doc: dict[str, Any]) -> None:
    a = assess(doc)
    text = note_text(a, at=AT)
    assert_ascii_lines(text)
    flat = squash(text)
    assert squash(ascii_safe(f"Neutrophil gauge: {gauge_words(a)}")) in flat
    assert "life-threatening" not in flat.lower()
    assert all(squash(ascii_safe(r.text)) in flat for r in a.recommendations)


def test_the_dose_calculator_result_replaces_the_estimate() -> None:
    d = calculate_dose({"weight": "72.4", "weight_unit": "kg", "presentation_set": "us_vials"})
    flat = squash(note_text(assess(FN_CASE), d, at=AT))
    assert "Formula: 5 mcg/kg x 72.4 kg = 362 mcg/day" not in flat
    for step in d.workings:
        assert squash(ascii_safe(step)) in flat
    assert squash(ascii_safe(f"Action: {d.action}")) in flat
    assert squash(f"Sources: {cite(d.sources)}") in flat


def test_same_inputs_same_note_and_the_time_is_the_one_given() -> None:
    assert note(FN_CASE) == note(dict(FN_CASE))
    later = note(FN_CASE, at=datetime(2026, 3, 14, 9, 31))
    assert later != note(FN_CASE) and "Date/time: 2026-03-14 09:31" in later


CHANGES = {
    "wbc": {"wbc": 1.2}, "segs": {"differential": {"segs_pct": 46}},
    "bands": {"differential": {"segs_pct": 45, "bands_pct": 1}},
    "anc_instead": {"differential": None, "anc": 0.495},
    "lymphocytes": {"lymphocytes": 0.3}, "platelets": {"platelets": 9},
    "hemoglobin": {"hemoglobin_g_dl": 9.9}, "temperature": {"temperature_c": 38.7},
    "sustained": {"fever_sustained_1h": True},
    "fall_48h": {"anc_expected_below_0_5_within_48h": True},
    "days": {"expected_neutropenia_days": 3}, "age": {"age_years": 71},
    "weight": {"weight_kg": 72.5}, "tolerance": {"tolerance_pct": 20},
    "diagnosis": {"diagnosis": "solid_tumour"}, "procedure": {"planned_procedure": "central_line"},
    "infection": {"systemic_infection_signs": True}, "chemo": {"myelosuppressive_chemo": True},
    "anthracycline": {"anthracycline_chemo": True}, "bleeding": {"active_bleeding": True},
    "uncontrolled": {"uncontrolled_primary_disease": True}, "duffy": {"duffy_null": True},
    "lln": {"lln": {"platelets": 140}}, "counts_unit": {
        "wbc": 1100, "platelets": 8000, "units": {"counts": "cells/uL"}, "_same": True},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_note_changes_whenever_an_input_changes(change: dict[str, Any]) -> None:
    changed = {**FN_CASE, **{k: v for k, v in change.items() if not k.startswith("_")}}
    changed = {k: v for k, v in changed.items() if v is not None}
    if change.get("_same"):
        # The same patient typed in other units is the same note: it shows what was used.
        assert note(changed) == note(FN_CASE)
    else:
        assert note(changed) != note(FN_CASE)


def test_the_note_changes_with_the_dose_choices() -> None:
    base = {"weight": 72.4, "weight_unit": "kg"}
    notes = {note(FN_CASE, {**base, **extra}) for extra in (
        {}, {"presentation_set": "us_vials"}, {"product": "tbo_filgrastim"},
        {"product": "pegfilgrastim"}, {"indication": "mobilization"}, {"tolerance_pct": 20})}
    assert len(notes) == 6


def test_sections_come_in_a_fixed_order() -> None:
    titles = [s.title for s in summary_handoff(assess(FN_CASE), at=AT).sections]
    # Results first (issue 19): what to do, then what was found, then the inputs.
    assert titles == ["ACT NOW", "Recommendations (most urgent first) [sources]",
                      "Platelet transfusion", "Filgrastim dose", "Results",
                      "FN risk: MASCC, CISNE and where to treat",
                      "Inputs (as used, in canonical units)", "Not assessed"]


def test_missing_results_are_said_not_hidden() -> None:
    flat = squash(note({"wbc": 5.0}))
    for expected in ("ANC: not assessed", "Febrile neutropenia (IDSA/ASCO): not assessed",
                     "Not calculated: no weight was given.",
                     "Not assessed: no platelet count was given."):
        assert expected in flat, expected


# --- the worksheet ------------------------------------------------------------------------
WORKSHEET_REQUEST = {"weight": 187, "weight_unit": "lb", "presentation_set": "us_vials",
                     "last_chemo_at": "2026-11-24T14:00", "next_chemo_at": "2026-12-15T09:00",
                     "first_dose_at": "2026-11-25T10:00", "previous_weight_kg": 78}


def test_worksheet_has_dose_presentation_volume_timing_and_sign_off() -> None:
    d = calculate_dose(WORKSHEET_REQUEST)
    text = worksheet_text(d, at=AT)
    assert_ascii_lines(text)
    flat = squash(text)
    for expected in ("G-CSF dose worksheet", "Date/time: 2026-03-14 09:30",
                     "Weight: 187 lb = 84.82177319 kg",
                     "Formula: 5 mcg/kg x 84.82177319 kg ~= 424.11 mcg",
                     "Dose: 424.11 mcg/day filgrastim", "Presentations: US vials",
                     "Nearest: 480 mcg/1.6 mL vial (+13.2 %), OUTSIDE +/-10 %",
                     "Volume of the exact dose: 1.41 mL", "Earliest first dose: 2026-11-25 14:00",
                     "Last dose by: 2026-12-14 09:00", "Course ends by: 2026-12-09 10:00",
                     "Prepared by: ____", "Checked by: ____", "Decision support only."):
        assert expected in flat, expected
    for step in d.workings:
        assert squash(ascii_safe(step)) in flat
    for w in d.warnings:
        assert squash(ascii_safe(w.message)) in flat


def test_worksheet_without_chemotherapy_times_leaves_lines_to_fill_in() -> None:
    flat = squash(worksheet_text(calculate_dose({"weight_kg": 70, "product": "pegfilgrastim"}),
                                 at=AT))
    assert "Dose: 6 mg pegfilgrastim once per cycle" in flat
    assert re.search(r"Last chemotherapy ended: _{10,}", flat)
    assert re.search(r"Dose planned: _{10,}", flat)
    assert "Timing rule met: yes / no" in flat


@pytest.mark.parametrize("request_doc", [
    {"weight_kg": 30, "indication": "scn_congenital", "presentation_set": "eu_syringes"},
    {"weight_kg": 9.5, "product": "pegfilgrastim"},
    {"weight_kg": 120, "indication": "bmt", "tolerance_pct": 0},
    {"weight_kg": 60, "product": "tbo_filgrastim", "latest_anc": 12, "ordered_dose_mcg": 480},
], ids=["twice-daily-eu", "peg-small-child", "bmt-no-tolerance", "tbo-order-check"])
def test_every_worksheet_line_is_ascii_and_short(request_doc: dict[str, Any]) -> None:
    assert_ascii_lines(worksheet_text(calculate_dose(request_doc), at=AT))
