"""The patient risk factors of the prophylaxis decision (RULES §14) by code and in words:
the rule table's list, the window's checkboxes and the decision's words share it.
Standard library and rules.py only (through the content loader), so the window can build
its checkboxes before the clinical engine loads."""

from __future__ import annotations

from leukodesk.core import content

# The ASCO 2015 patient risk factors, in its order, then previous FN: (code, label).
FACTORS = (
    ("age_ge_65", "Age {PROPH_AGE_FROM} or over"),
    ("poor_performance_or_nutrition", "Poor performance or nutritional status"),
    ("advanced_disease", "Advanced disease"),
    ("poor_renal_function", "Poor renal function"),
    ("previous_chemo_or_radiotherapy", "Previous chemotherapy or radiotherapy"),
    ("liver_dysfunction", "Liver dysfunction (notably a raised bilirubin)"),
    ("preexisting_neutropenia_or_marrow_involvement",
     "Pre-existing neutropenia or marrow involvement by tumour"),
    ("infection", "Infection"),
    ("cardiovascular_disease", "Cardiovascular disease"),
    ("multiple_comorbidities", "Multiple comorbid conditions"),
    ("open_wounds_or_recent_surgery", "Open wounds or recent surgery"),
    ("hiv", "HIV infection"),
    ("previous_fn", "Previous febrile neutropenia"),
)


@content.loaded_once
def factor_names() -> dict[str, str]:
    """Each risk-factor code (and ``previous_fn``) in words, thresholds written in."""
    return {code: content.with_thresholds(label) for code, label in FACTORS}
