"""The words of the window's draft (what has been typed, ticked and chosen, before the core
reads it): its default units and choices, the yes/no inputs and which texts each ANC mode
reads. Shared by the view model and the case reader (:mod:`leukodesk.ui.draft_reader`),
which both build drafts; plain data, so it loads with the window."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from leukodesk.core.contract.lab_cells import typed_time
from leukodesk.core.contract.units import (
    CountUnit,
    HemoglobinUnit,
    TemperatureUnit,
    WeightUnit,
    from_canonical,
    to_canonical,
)
from leukodesk.core.dosing.products import needs_age
from leukodesk.core.formats.display import plain

DEFAULT_UNITS: dict[str, Enum] = {"counts": CountUnit.G_PER_L, "hemoglobin": HemoglobinUnit.G_DL,
                                  "temperature": TemperatureUnit.C, "weight": WeightUnit.KG}
# Texts the patient document reads in each ANC mode; the other mode's texts are kept.
ANC_KEYS = {"anc": ("anc",),
            "differential": ("differential.segs_pct", "differential.bands_pct")}
DIFFERENTIAL_ONLY = ("differential.lymphs_pct", "differential.monos_pct")
DOSE_CHOICES = {"indication": "chemotherapy", "product": "filgrastim",
                "presentation_set": "us_syringes", "brand": "",   # "": no brand
                "past_nadir": "unknown"}
PATIENT_CHOICES = {"diagnosis": "none", "planned_procedure": "none",
                   "anc_expected_below_0_5_within_48h": "unknown", "bleeding": "none"}
TRI_STATE = {"unknown": None, "yes": True, "no": False}
# Yes/no inputs of the patient document (ticks in the window); they default to "no".
PATIENT_FLAGS = ("fever_sustained_1h", "systemic_infection_signs",
                 "uncontrolled_primary_disease", "myelosuppressive_chemo",
                 "anthracycline_chemo", "duffy_null")
# The 2026.1 bleeding box, still read from case files as bleeding "clinically_significant"
# (RULES §8); the window writes ``bleeding``.
OLD_BLEEDING = ("active_bleeding", "clinically_significant")
# The FN risk items of RULES §11, as the draft holds them: each is "unknown" (not asked)
# until answered, and only answered items reach the document (``fn_risk_answers``). In the
# order of the rule set, which is the order of the window's fields.
FN_RISK_YES_NO = ("hypotension", "copd", "previous_fungal_infection",
                  "iv_fluids_for_dehydration", "outpatient_at_onset", "stress_hyperglycaemia",
                  "chronic_cardiovascular_disease", "clinically_stable")
FN_RISK_GRADES = ("ecog", "mucositis_grade")  # whole numbers, chosen from a list
FN_RISK_CHOICES = {f"fn_risk.{leaf}": "unknown" for leaf in (
    "burden", "hypotension", "copd", "previous_fungal_infection", "iv_fluids_for_dehydration",
    "outpatient_at_onset", "ecog", "stress_hyperglycaemia", "chronic_cardiovascular_disease",
    "mucositis_grade", "clinically_stable", "chemo_intensity")}
FN_RISK_SBP = "fn_risk.systolic_bp_mmhg"  # the one FN risk item typed as a number


def fn_risk_answers(choices: dict[str, str]) -> dict[str, object]:
    """The answered FN risk items of a draft's choices, as the document's ``fn_risk``
    members (an item not asked is left out: the core reads it as unknown)."""
    answers: dict[str, object] = {}
    for key in FN_RISK_CHOICES:
        value = choices[key]
        if value == "unknown":
            continue
        leaf = key.partition(".")[2]
        answers[leaf] = TRI_STATE[value] if leaf in FN_RISK_YES_NO else \
            int(value) if leaf in FN_RISK_GRADES else value
    return answers

# RULES §13: the times beside the earlier counts, typed as text (ISO, or a dotted date).
TIME_KEYS = ("counts_time", "last_chemo_at")


def number_text(text: str) -> str:
    """What a typed number means: trimmed, a lone decimal comma read as a point, and a
    point still waiting for its decimals ("3.") read as the number before it (the same
    Decimal), so the half-typed number gives the same document and the same result."""
    text = text.strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if len(text) > 1 and text.endswith(".") and text[-2].isdigit() and text.count(".") == 1:
        text = text[:-1]
    return text


def decimal_of(text: str) -> Decimal | None:
    """The finite number a typed text means, or None."""
    try:
        value = Decimal(number_text(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def converted(typed: str, typed_unit: Enum, unit: Enum) -> tuple[str, str | None] | None:
    """A number typed in ``typed_unit`` as shown in ``unit``: its text (the typed text
    itself in its own unit, else rounded to 4 decimals) and the full-precision value
    behind a rounded text (None when the text is the value). None for a text that is not
    a number: it is kept exactly as typed."""
    value = decimal_of(typed)
    if value is None:
        return None
    if typed_unit is unit:
        return typed, None
    exact = from_canonical(to_canonical(value, typed_unit), unit)
    return plain(exact, 4), format(exact.normalize(), "f")


def draft_dose_request(weight: str, weight_unit: Enum, choices: dict[str, str],
                       texts: dict[str, str], age: str) -> dict[str, Any]:
    """The dose request of a draft: its weight (as typed, in its unit), the dose choices
    (an empty brand left out), the tolerance and the latest ANC (×10⁹/L, for the stop
    rule) when typed, and the patient's age where the product's dose needs it (the fixed
    doses, RULES §15)."""
    doc: dict[str, Any] = {"weight": weight, "weight_unit": weight_unit.value,
                           **{k: choices[k] for k in DOSE_CHOICES if choices[k]}}
    if age.strip() and needs_age(doc["product"], doc.get("brand")):
        doc["age_years"] = age
    for key in DOSE_TEXTS:
        if texts.get(key, "").strip():
            doc[key] = number_text(texts[key])
    time = DOSE_TIMES.get(doc["indication"])   # only the indication's own time is sent
    if time and texts.get(time, "").strip():
        doc[time] = typed_time(texts[time])
    return doc


# The dose panel's own numbers, read as typed (neither is converted between units).
DOSE_TEXTS = ("tolerance_pct", "latest_anc")
# The time each indication's timing reads (RULES §10), typed as the history's times are.
DOSE_TIMES = {"bmt": "bmt_infusion_at", "mobilization": "first_apheresis_at"}
# Texts of the dose panel alone: never inputs of the assessment.
DOSE_ONLY = ("latest_anc", *DOSE_TIMES.values())
