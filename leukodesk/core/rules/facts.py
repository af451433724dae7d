"""The facts the rule table reads: every input and finding by name, how it is shown.

:func:`values_of` gives one patient's facts for :class:`~leukodesk.core.rules.logic.Facts`:
counts in ×10⁹/L, temperatures in °C and so on as exact decimals, yes/no inputs as
bools, choices as their JSON values, None where the input is empty. A fact is shown
as the rest of the app shows it, never rounded across the threshold it is compared
with (RULES §1).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from leukodesk.core import content
from leukodesk.core.contract.models import Diagnosis
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import format_count, plain, plain_beside
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.findings import ANC_CLASS_BOUNDS, Findings

# Fact → (label, kind). Kinds: a unit for numbers; "flag" for yes/no; "choice".
FACTS: dict[str, tuple[str, str]] = {
    "wbc": ("WBC", rules.COUNT),
    "anc": ("ANC", rules.COUNT),
    "platelets": ("Platelets", rules.COUNT),
    "alc": ("Lymphocytes", rules.COUNT),
    "hemoglobin": ("Hemoglobin", "g/dL"),
    "temperature": ("Temperature", "°C"),
    "age": ("Age", "years"),
    "expected_neutropenia_days": ("Expected neutropenia", "days"),
    "fever_sustained_1h": ("Temperature sustained for {FEVER_SUSTAINED_HOURS} hour (ticked)",
                           "flag"),
    "fall_48h": ("ANC expected below {FN_ANC_BELOW} within {FN_FALL_WITHIN_HOURS} hours",
                 "flag"),
    "systemic_infection_signs": ("Signs of systemic infection", "flag"),
    "uncontrolled_primary_disease": ("Uncontrolled primary disease", "flag"),
    "bleeding": ("Bleeding", "choice"),
    "myelosuppressive_chemo": ("Myelosuppressive chemotherapy", "flag"),
    "anthracycline_chemo": ("Anthracycline-containing chemotherapy", "flag"),
    "duffy_null": ("Duffy-null phenotype confirmed", "flag"),
    "diagnosis": ("Diagnosis", "choice"),
    "planned_procedure": ("Planned procedure", "choice"),
    "lln_wbc": ("the WBC LLN", rules.COUNT),
    "lln_platelets": ("the platelet LLN", rules.COUNT),
    "lln_hemoglobin": ("the hemoglobin LLN", "g/dL"),
    "lab_lln_anc": ("the laboratory's ANC LLN", rules.COUNT),
    "procedure_threshold": ("the procedure's threshold", rules.COUNT),
    "grade_wbc": ("WBC CTCAE grade", "grade"),
    "grade_neutrophils": ("Neutrophil CTCAE grade", "grade"),
    "grade_platelets": ("Platelet CTCAE grade", "grade"),
    "grade_anemia": ("Anemia CTCAE grade", "grade"),
    # RULES §11: the FN risk items (each may be unanswered).
    "amc": ("Monocytes", rules.COUNT),
    "tumour": ("Tumour type (from the diagnosis)", "choice"),
    "burden": ("Burden of illness", "choice"),
    "systolic_bp": ("Systolic blood pressure", "mmHg"),
    "hypotension": ("Hypotension", "flag"),
    "copd": ("COPD", "flag"),
    "previous_fungal_infection": ("Previous fungal infection", "flag"),
    "iv_fluids_for_dehydration": ("Dehydration needing IV fluids", "flag"),
    "outpatient_at_onset": ("Outpatient at fever onset", "flag"),
    "ecog": ("ECOG performance status", "grade"),
    "stress_hyperglycaemia": ("Stress hyperglycaemia", "flag"),
    "chronic_cardiovascular_disease": ("Chronic cardiovascular disease", "flag"),
    "mucositis_grade": ("Mucositis grade", "grade"),
    "clinically_stable": ("Clinically stable", "flag"),
    "chemo_intensity": ("Chemotherapy intensity", "choice"),
    # RULES §13: the trend of the earlier counts and the current ones.
    "trend_direction": ("ANC trend (the last two ANCs)", "choice"),
    "profound_days": ("Profound neutropenia (ANC below {TREND_PROFOUND_BELOW}) in the counts",
                      "days"),
    "recovery_0_5": ("ANC recovery to {RECOVERY_ANC_FROM} after the nadir", "choice"),
}

CHOICE_WORDS = {
    "none": "none", "solid_tumour": "solid tumour", "mds_lower_risk": "lower-risk MDS",
    "mds_higher_risk": "higher-risk MDS", "cmml": "CMML",
    "cmml_myeloproliferative": "myeloproliferative CMML", "aml": "AML", "all": "ALL",
    "apl": "APL", "other_haematological": "other haematological disease",
    "central_line": "central line", "lumbar_puncture": "lumbar puncture",
    "major_surgery": "major surgery",
    "neurosurgery_posterior_eye": "neurosurgery or posterior eye surgery",
    "clinically_significant": "clinically significant (WHO grade 2)",
    "severe_or_critical_site": "severe or at a critical site (WHO grade 3-4, CNS, posterior eye)",
    "solid": "solid tumour", "haematological": "haematological malignancy",
    "none_or_mild": "none or mild symptoms", "moderate": "moderate symptoms",
    "severe": "severe symptoms", "mild_to_moderate": "mild to moderate", "high": "high",
    "falling": "falling", "rising": "rising", "unchanged": "unchanged",
    "no_trend": "no trend (fewer than two ANCs entered)", "confirmed": "confirmed",
    "provisional": "provisional", "not_yet": "not yet",
}


@content.loaded_once
def labels() -> dict[str, str]:
    """Each fact's label, its thresholds written from rules.py (package data, built once)."""
    return {name: content.with_thresholds(label) for name, (label, _) in FACTS.items()}


def show(name: str, value: Any, beside: tuple[Decimal, ...]) -> str:
    """``value`` of fact ``name`` as shown beside the thresholds ``beside``."""
    kind = FACTS[name][1]
    if kind == "flag":
        return "not answered" if value is None else "yes" if value else "no"
    if kind == "choice":
        return "not answered" if value is None else CHOICE_WORDS.get(value, str(value))
    if name == "anc":
        return f"{format_count(value, (*ANC_CLASS_BOUNDS, *beside))} {kind}"
    if name.startswith(("lln_", "lab_lln_")):
        return f"{plain(value)} {kind}"
    if kind == "grade":
        return "not answered" if value is None else plain(value)
    return f"{plain_beside(value, beside, 2 if kind == '°C' else 4)} {kind}"


def values_of(f: Findings) -> dict[str, Any]:
    """Every fact of these findings by name (None where unknown)."""
    inp = f.inputs
    procedure = inp.planned_procedure.value
    return {
        "wbc": f.wbc, "anc": f.anc, "platelets": f.platelets, "alc": f.alc,
        "hemoglobin": f.hemoglobin,
        "temperature": None if inp.temperature_c is None else to_decimal(inp.temperature_c),
        "age": None if inp.age_years is None else to_decimal(inp.age_years),
        "expected_neutropenia_days": None if inp.expected_neutropenia_days is None
        else to_decimal(inp.expected_neutropenia_days),
        "fever_sustained_1h": inp.fever_sustained_1h,
        "fall_48h": inp.anc_expected_below_0_5_within_48h,
        "systemic_infection_signs": inp.systemic_infection_signs,
        "uncontrolled_primary_disease": inp.uncontrolled_primary_disease,
        "bleeding": inp.bleeding.value,
        "myelosuppressive_chemo": inp.myelosuppressive_chemo,
        "anthracycline_chemo": inp.anthracycline_chemo,
        "duffy_null": inp.duffy_null,
        "diagnosis": inp.diagnosis.value, "planned_procedure": procedure,
        "lln_wbc": f.lln["wbc"], "lln_platelets": f.lln["platelets"],
        "lln_hemoglobin": f.lln["hemoglobin"], "lab_lln_anc": to_decimal(inp.lln.anc),
        "procedure_threshold": f.procedure_limit,
        **{f"grade_{key}": None if f.grades[key] is None else Decimal(f.grades[key])
           for key in ("wbc", "neutrophils", "platelets", "anemia")},
        **_fn_risk_values(f),
        **_trend_values(f),
    }


def _trend_values(f: Findings) -> dict[str, Any]:
    """The trend (RULES §13). With fewer than two ANCs there is no direction: "no_trend",
    never "falling" (a reason to escalate is never read from counts not entered)."""
    trend = f.trend
    return {
        "trend_direction": "no_trend" if trend is None or trend.direction is None
        else trend.direction,
        "profound_days": None if trend is None or trend.profound is None
        else trend.profound.days,
        "recovery_0_5": None if trend is None else trend.recovery_0_5,
    }


def _fn_risk_values(f: Findings) -> dict[str, Any]:
    """The FN risk items (RULES §11); the tumour type from the diagnosis."""
    risk = f.inputs.fn_risk
    diagnosis = f.inputs.diagnosis
    return {
        "amc": f.amc,
        "tumour": None if diagnosis is Diagnosis.NONE else "solid"
        if diagnosis is Diagnosis.SOLID_TUMOUR else "haematological",
        "burden": None if risk.burden is None else risk.burden.value,
        "systolic_bp": None if risk.systolic_bp_mmhg is None
        else to_decimal(risk.systolic_bp_mmhg),
        "hypotension": risk.hypotension, "copd": risk.copd,
        "previous_fungal_infection": risk.previous_fungal_infection,
        "iv_fluids_for_dehydration": risk.iv_fluids_for_dehydration,
        "outpatient_at_onset": risk.outpatient_at_onset,
        "ecog": None if risk.ecog is None else Decimal(risk.ecog),
        "stress_hyperglycaemia": risk.stress_hyperglycaemia,
        "chronic_cardiovascular_disease": risk.chronic_cardiovascular_disease,
        "mucositis_grade": None if risk.mucositis_grade is None
        else Decimal(risk.mucositis_grade),
        "clinically_stable": risk.clinically_stable,
        "chemo_intensity": None if risk.chemo_intensity is None
        else risk.chemo_intensity.value,
    }


# An unknown ANC (or monocyte count) is never above the WBC (RULES §2a, 2026.2).
BOUNDS = {"anc": "wbc", "amc": "wbc"}
