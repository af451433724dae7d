"""The FN risk on every hand-off (issue 16, RULES §11): ``assess --note`` (the copy-to-note
text), ``assess --text`` and ``assess --pdf`` carry the MASCC index with its items and
points, CISNE with its gate and class, and where to treat in words, for an outpatient
candidate, an inpatient and a patient whose disposition is still open; all three from
the one function :func:`fn_risk_entries`, and only when it is relevant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_check import flat
from test_cli_note import handoffs

from leukodesk.core import assess
from leukodesk.core.content import fn_risk_words
from leukodesk.core.formats.fn_risk_lines import TITLE, fn_risk_entries, fn_risk_shown
from leukodesk.core.formats.handoff import ascii_safe

SOLID_LOW_RISK = {
    "wbc": 1.2, "anc": 0.3, "temperature_c": 38.6, "age_years": 45,
    "diagnosis": "solid_tumour", "monocytes": 0.3, "expected_neutropenia_days": 5,
    "fn_risk": {"burden": "none_or_mild", "systolic_bp_mmhg": 120, "copd": False,
                "iv_fluids_for_dehydration": False, "outpatient_at_onset": True, "ecog": 1,
                "stress_hyperglycaemia": False, "chronic_cardiovascular_disease": False,
                "mucositis_grade": 1, "clinically_stable": True,
                "chemo_intensity": "mild_to_moderate"}}
AML_FUNGAL = {
    "wbc": 0.5, "anc": 0.05, "temperature_c": 38.9, "age_years": 52, "diagnosis": "aml",
    "expected_neutropenia_days": 21,
    "fn_risk": {"burden": "moderate", "systolic_bp_mmhg": 110, "copd": False,
                "previous_fungal_infection": True, "iv_fluids_for_dehydration": False,
                "outpatient_at_onset": False, "clinically_stable": True}}
OPEN = {"wbc": 1.2, "anc": 0.3, "temperature_c": 38.6, "age_years": 45,
        "diagnosis": "solid_tumour", "fn_risk": {"burden": "moderate"}}

# What each hand-off must say, as the user reads it (→ and — are -> and - in the note).
SAID = {
    "outpatient": (SOLID_LOW_RISK, [
        "MASCC index [MASCC risk index paper, 2000]: 26 of 26 — low risk (21 or more)",
        "Burden of illness: none or mild symptoms → 5 of 5",
        "No hypotension (systolic BP above 90 mmHg): yes (120 mmHg) → 5 of 5",
        "No COPD: yes → 4 of 4",
        "Outpatient at fever onset: yes → 3 of 3",
        "Age under 60: yes (45 years) → 2 of 2",
        "CISNE [CISNE validation paper, 2015]: 0 of 8 — low risk (0); it applies",
        "Monocytes below 0.2: no (0.3 ×10⁹/L) → 0 of 1",
        "High risk for outpatient care (IDSA) [IDSA febrile neutropenia guideline, 2010; "
        "ASCO/IDSA outpatient guideline, figure 2, 2018]: none",
        "Where to treat — low-risk febrile neutropenia (MASCC 26, CISNE 0): a candidate for "
        "outpatient management, but only after clinical judgement and a check of logistics "
        "and support at home. Give the first IV dose here and observe the patient for at "
        "least 4 hours.",
        "A low MASCC score, read with care",
    ]),
    "inpatient": (AML_FUNGAL, [
        "MASCC index [MASCC risk index paper, 2000]: 17 of 26 — high risk (20 or less)",
        "Burden of illness: moderate symptoms → 3 of 5",
        "Solid tumour, or haematological malignancy with no previous fungal infection: no "
        "(AML, previous fungal infection: yes) → 0 of 4",
        "Outpatient at fever onset: no → 0 of 3",
        "CISNE [CISNE validation paper, 2015]: not applicable — haematological malignancy "
        "(CISNE is for solid "
        "tumours)",
        "High risk for outpatient care (IDSA) [IDSA febrile neutropenia guideline, 2010; "
        "ASCO/IDSA outpatient guideline, figure 2, 2018]: ANC 0.1 or "
        "less; expected neutropenia over 7 days",
        "Where to treat — treat as an inpatient: this febrile neutropenia is high risk for "
        "outpatient care (MASCC 17: high risk, 20 or less; ANC 0.1 or less; "
        "expected neutropenia over 7 days).",
    ]),
    "open": (OPEN, [
        "MASCC index [MASCC risk index paper, 2000]: 9 to 24 of 26 — low (21 or more) or high "
        "(20 or less) "
        "not decided: 4 items not answered",
        "Burden of illness: moderate symptoms → 3 of 5",
        "Not answered: No hypotension (systolic BP above 90 mmHg), up to 5; No COPD, up to "
        "4; No dehydration needing IV fluids, up to 3; Outpatient at fever onset, up to 3",
        "CISNE, if it applies [CISNE validation paper, 2015]: 0 to 8 of 8 — class not decided: "
        "6 items not "
        "answered; whether it applies is not settled: enter whether the patient is "
        "clinically stable or the chemotherapy intensity",
        "Where to treat — inpatient or outpatient care cannot be decided yet (MASCC 9 to "
        "24). Still needed: the systolic blood pressure",
        "Plan to admit until the answers show a low-risk patient.",
    ]),
}
AFEBRILE = {"wbc": 3.5, "anc": 1.2, "temperature_c": 36.8, "platelets": 180}


@pytest.mark.parametrize("kind", SAID)
def test_note_text_and_pdf_carry_the_scores_items_and_disposition(tmp_path: Path,
                                                                  kind: str) -> None:
    patient, said = SAID[kind]
    note, text, pdf = handoffs(tmp_path, patient)
    for wanted in said:
        assert flat(wanted) in flat(text), wanted
        assert flat(ascii_safe(wanted)) in flat(note), wanted
        assert pdf.has(wanted), wanted
    for out in (note, text, pdf.text):
        assert "discharge" not in out.lower()  # never the word (RULES §11)


@pytest.mark.parametrize("kind", SAID)
def test_every_fn_risk_line_is_the_same_in_all_three(tmp_path: Path, kind: str) -> None:
    # One function writes the lines; each hand-off lays them out (wrapped, ASCII or not).
    patient, _ = SAID[kind]
    note, text, pdf = handoffs(tmp_path, patient)
    entries = fn_risk_entries(assess(patient))
    assert entries
    assert TITLE in text and TITLE.upper() in note and pdf.has(TITLE)
    for e in entries:
        assert flat(e.text) in flat(text), e.text
        assert flat(ascii_safe(e.text)) in flat(note), e.text
        assert pdf.has(e.text), e.text
    for n, line in enumerate(note.splitlines(), start=1):
        assert line.isascii() and len(line) < 80, (n, line)
    assert all(len(line) <= 79 for line in text.splitlines())


def test_the_pearls_come_with_a_low_mascc_only() -> None:
    pearls = fn_risk_words().pearls
    low = {e.text for e in fn_risk_entries(assess(SOLID_LOW_RISK))}
    assert set(pearls) <= low
    for patient in (AML_FUNGAL, OPEN):
        assert not set(pearls) & {e.text for e in fn_risk_entries(assess(patient))}


def test_the_section_order_puts_the_risk_after_the_results(tmp_path: Path) -> None:
    note, text, _ = handoffs(tmp_path, SOLID_LOW_RISK)
    assert text.index("Consider G-CSF") < text.index(TITLE) < text.index("Advice:")
    # The note leads with what to do (issue 19); the risk follows the results.
    assert note.index("RECOMMENDATIONS") < note.index("RESULTS") \
        < note.index(TITLE.upper()) < note.index("INPUTS")


# --- when it is shown ------------------------------------------------------------------------
@pytest.mark.parametrize("patient", [
    AFEBRILE,
    {"wbc": 1.2, "anc": 0.3, "age_years": 40},        # no temperature: FN not assessed
    {"wbc": 1.2, "anc": 0.3, "temperature_c": 38.1},  # a single 38.1: not fever by IDSA
], ids=["afebrile", "no-temperature", "borderline"])
def test_no_fever_and_no_item_answered_shows_nothing(tmp_path: Path, patient: dict) -> None:
    assert not fn_risk_shown(assess(patient)) and fn_risk_entries(assess(patient)) == ()
    note, text, pdf = handoffs(tmp_path, patient)
    for out in (note, text, pdf.text):
        assert "MASCC index" not in out and "Where to treat" not in out
    assert TITLE.upper() not in note and TITLE not in text and not pdf.has(TITLE)


def test_an_answered_item_shows_the_scores_for_teaching(tmp_path: Path) -> None:
    patient = {**AFEBRILE, "fn_risk": {"copd": True}}
    note, text, pdf = handoffs(tmp_path, patient)
    for wanted in ("No COPD: no → 0 of 4", "COPD: yes → 1 of 1", fn_risk_words().not_fn):
        assert flat(wanted) in flat(text) and pdf.has(wanted), wanted
        assert flat(ascii_safe(wanted)) in flat(note), wanted


def test_fever_with_fn_unsettled_says_where_to_treat_waits_for_it() -> None:
    a = assess({"wbc": 1.2, "anc": 0.7, "temperature_c": 38.9, "age_years": 40})
    assert a.febrile_neutropenia is None and fn_risk_shown(a)
    texts = [e.text for e in fn_risk_entries(a)]
    assert "Where to treat — decided once febrile neutropenia is settled (see FN above); " \
           "the scores are shown ahead of it." in texts


def test_under_18_mascc_is_not_computed(tmp_path: Path) -> None:
    patient = {"wbc": 1.0, "anc": 0.2, "temperature_c": 38.9, "age_years": 12,
               "diagnosis": "all"}
    note, text, pdf = handoffs(tmp_path, patient)
    wanted = "MASCC index: MASCC is validated in adults: not computed under 18 years."
    assert flat(wanted) in flat(text) and pdf.has(wanted)
    assert flat(ascii_safe(wanted)) in flat(note)
    assert "of 26" not in text  # no score, no items
