"""The patient's figures in the texts of the rule table (the lower-case fields).

A figure is never rounded across a threshold its text names (RULES §1).
"""

from __future__ import annotations

from leukodesk.core import content
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import format_count, plain, plain_beside
from leukodesk.core.rules import thresholds as r
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import Facts

# Each high-risk feature in words; a threshold is named as its rules.py constant.
FEATURE_WORDS = {
    "anc_le_0_1": "ANC ≤ {HR_ANC_AT_MOST}",
    "duration_ge_10_days": "expected neutropenia ≥ {HR_DURATION_FROM_DAYS} days",
    "age_gt_65": "age over {HR_AGE_ABOVE_YEARS}",
    "uncontrolled_disease": "uncontrolled primary disease",
    "systemic_infection": "signs of systemic infection",
}
PROCEDURE_WORDS = {
    "central_line": "central line", "lumbar_puncture": "lumbar puncture",
    "major_surgery": "major surgery",
    "neurosurgery_posterior_eye": "neurosurgery or posterior eye surgery",
}
COUNT_NAMES = {"wbc": "WBC", "anc": "ANC", "platelets": "platelets"}


@content.loaded_once
def feature_words() -> dict[str, str]:
    """Each high-risk feature in words, its threshold from rules.py ("ANC ≤ 0.1")."""
    return {key: content.with_thresholds(text) for key, text in FEATURE_WORDS.items()}


def feature_list(facts: Facts) -> str:
    """The high-risk features present, in words, in the order of RULES §7."""
    words = feature_words()
    return ", ".join(words[code] for code in FEATURE_WORDS if facts.of(code) is True)


def anc_words(f: Findings) -> str:
    """The ANC as shown everywhere."""
    return f.anc_text or ""


def bound_words(f: Findings) -> str:
    """With no ANC, what the WBC says of it: below 0.5 when the WBC is (RULES §2a)."""
    below = r.FN_ANC_BELOW.value
    if f.anc is not None or f.wbc >= below:
        return ""
    return (f"the WBC is {plain_beside(f.wbc, (below,))} ×10⁹/L and the ANC cannot exceed "
            f"it, so the ANC is below {r.FN_ANC_BELOW.text}")


def anc_or_bound_words(f: Findings) -> str:
    """The ANC as shown, or with no ANC what the WBC bounds it by ("at most 0.4")."""
    if f.anc_text is not None:
        return f"ANC {f.anc_text} ×10⁹/L"
    return f"ANC not measured (at most the WBC, {plain(f.wbc)} ×10⁹/L)"


def temp_words(f: Findings) -> str:
    """The temperature in °C, never across a threshold of RULES §6."""
    t = f.inputs.temperature_c
    if t is None:
        return ""
    return plain_beside(to_decimal(t), r.thresholds_in("°C"), 2)


def extreme_words(f: Findings) -> str:
    """Each possible-but-extreme count, in both units; both readings keep their side of
    the limit (200.0004 is never "200000 cells/µL")."""
    parts = []
    for key, value in (("wbc", f.wbc), ("anc", f.anc), ("platelets", f.platelets)):
        limit = r.EXTREME_ABOVE[key].value
        if value is not None and value > limit:
            parts.append(f"{COUNT_NAMES[key]} {plain_beside(value, (limit,))} ×10⁹/L "
                         f"(= {format_count(value, (limit,), cells_per_ul=True)} cells/µL)")
    return " and ".join(parts)


def platelet_words(f: Findings) -> str:
    """The platelet count, never across a threshold of RULES §8 the texts name."""
    assert f.platelets is not None
    proc = f.procedure_limit
    cuts = (r.PLT_PROPHYLACTIC_AT_MOST.value, r.PLT_FEVER_INFECTION_AT_MOST.value,
            f.lln["platelets"], *((proc.value,) if proc is not None else ()))
    return plain_beside(f.platelets, cuts)


def wbc_beside_lln(f: Findings) -> dict[str, str]:
    return {"wbc": plain_beside(f.wbc, (f.lln["wbc"],)), "lln": plain(f.lln["wbc"])}


def days_words(f: Findings) -> str:
    days = f.inputs.expected_neutropenia_days
    return "" if days is None else f" (expected neutropenia: {plain(to_decimal(days))} days)"


# What to ask for, per input key, in "not assessed" messages.
NEEDS_WORDS = {
    "temperature_c": "a temperature", "anc": "the ANC or a differential",
    "anc_expected_below_0_5_within_48h":
        "the {FN_FALL_WITHIN_HOURS}-hour question (ANC expected below {FN_ANC_BELOW})",
    "age_years": "the age", "expected_neutropenia_days": "the expected duration",
    "lymphocytes": "a lymphocyte count", "platelets": "a platelet count",
    "hemoglobin_g_dl": "a hemoglobin", "weight_kg": "the weight",
    "fever_sustained_1h": "a repeat temperature within the hour",
    "systemic_infection_signs": "whether there are signs of systemic infection",
    # RULES §11: the FN risk items
    "fn_risk.burden": "the burden of illness", "diagnosis": "the diagnosis (tumour type)",
    "fn_risk.systolic_bp_mmhg": "the systolic blood pressure (or whether there is "
                                "hypotension)",
    "fn_risk.copd": "whether there is COPD",
    "fn_risk.previous_fungal_infection": "whether there was a previous fungal infection",
    "fn_risk.iv_fluids_for_dehydration": "whether dehydration needs IV fluids",
    "fn_risk.outpatient_at_onset": "whether the fever began as an outpatient",
    "fn_risk.ecog": "the ECOG performance status",
    "fn_risk.stress_hyperglycaemia": "whether there is stress hyperglycaemia",
    "fn_risk.chronic_cardiovascular_disease": "whether there is chronic cardiovascular disease",
    "fn_risk.mucositis_grade": "the mucositis grade",
    "monocytes": "a monocyte count (or the differential's monocytes %)",
    "fn_risk.clinically_stable": "whether the patient is clinically stable",
    "fn_risk.chemo_intensity": "the chemotherapy intensity",
    # under the adult age no score shows a low risk (MASCC is validated in adults)
    "fn_risk.decision_under_18": "a clinician's decision (MASCC is validated from "
                                 "{MASCC_ADULT_FROM} years only)",
}


@content.loaded_once
def needs_words() -> dict[str, str]:
    """What to ask for, per input key, its thresholds from rules.py."""
    return {key: content.with_thresholds(text) for key, text in NEEDS_WORDS.items()}
