"""The one table of input limits (RULES §2), in canonical units.

Validation, the pydantic field bounds and (later) the window's spin boxes all read
their minimum, maximum and step from here, so a limit is changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from leukodesk.core.contract.units import CountUnit, HemoglobinUnit, TemperatureUnit, WeightUnit


@dataclass(frozen=True)
class FieldLimit:
    """Allowed range of one numeric input, in the canonical unit of its group."""

    key: str                      # JSON path of the input, e.g. "differential.segs_pct"
    label: str                    # how messages name it
    minimum: Decimal
    maximum: Decimal
    unit_kind: type[Enum] | None  # unit group it may be entered in; None = fixed unit
    unit_label: str               # the fixed or canonical unit, as people write it
    step: Decimal
    source: str                   # where the limit comes from

    @property
    def min_float(self) -> float:
        return float(self.minimum)

    @property
    def max_float(self) -> float:
        return float(self.maximum)


def _limit(key: str, label: str, lo: str, hi: str, kind: type[Enum] | None, unit: str,
           step: str, source: str = "CONV") -> FieldLimit:
    return FieldLimit(key, label, Decimal(lo), Decimal(hi), kind, unit, Decimal(step), source)


C, HB, T, W = CountUnit, HemoglobinUnit, TemperatureUnit, WeightUnit

LIMITS: dict[str, FieldLimit] = {lim.key: lim for lim in (
    _limit("age_years", "Age", "0", "120", None, "years", "1"),
    _limit("weight_kg", "Weight", "0.5", "350", W, "kg", "0.1"),
    _limit("wbc", "WBC", "0", "1000", C, "×10⁹/L", "0.01"),
    _limit("anc", "ANC", "0", "1000", C, "×10⁹/L", "0.01"),
    _limit("lymphocytes", "Lymphocytes", "0", "1000", C, "×10⁹/L", "0.01"),
    _limit("monocytes", "Monocytes", "0", "1000", C, "×10⁹/L", "0.01"),
    _limit("platelets", "Platelets", "0", "3000", C, "×10⁹/L", "1"),
    _limit("hemoglobin_g_dl", "Hemoglobin", "1", "25", HB, "g/dL", "0.1"),
    _limit("temperature_c", "Temperature", "25.0", "45.0", T, "°C", "0.1"),
    _limit("expected_neutropenia_days", "Expected neutropenia duration", "0", "365", None,
           "days", "1"),
    _limit("tolerance_pct", "Rounding tolerance", "0", "50", None, "%", "1"),
    _limit("differential.segs_pct", "Segmented neutrophils", "0", "100", None, "%", "1"),
    _limit("differential.bands_pct", "Band neutrophils", "0", "100", None, "%", "1"),
    _limit("differential.lymphs_pct", "Lymphocytes (differential)", "0", "100", None, "%", "1"),
    _limit("differential.monos_pct", "Monocytes (differential)", "0", "100", None, "%", "1"),
    # RULES §11: the FN risk items that are numbers.
    _limit("fn_risk.systolic_bp_mmhg", "Systolic blood pressure", "40", "300", None, "mmHg",
           "1"),
    _limit("fn_risk.ecog", "ECOG performance status", "0", "4", None, "", "1"),
    _limit("fn_risk.mucositis_grade", "Mucositis grade", "0", "4", None, "", "1"),
    # Lower limits of normal: a lab may set its own; these bounds only catch typing errors.
    _limit("lln.wbc", "WBC lower limit of normal", "0.5", "20", C, "×10⁹/L", "0.1"),
    _limit("lln.anc", "ANC lower limit of normal", "0.1", "10", C, "×10⁹/L", "0.1"),
    _limit("lln.lymphocytes", "Lymphocyte lower limit of normal", "0.1", "10", C, "×10⁹/L",
           "0.1"),
    _limit("lln.platelets", "Platelet lower limit of normal", "10", "1000", C, "×10⁹/L", "1"),
    _limit("lln.hemoglobin", "Hemoglobin lower limit of normal", "5", "20", HB, "g/dL", "0.1"),
)}

# The dose calculator's inputs. Weight, tolerance and ANC are the patient inputs' own
# limits (one table); only the order checks are the calculator's alone.
DOSE_LIMITS: dict[str, FieldLimit] = {lim.key: lim for lim in (
    LIMITS["weight_kg"],
    LIMITS["age_years"],
    replace(LIMITS["weight_kg"], key="previous_weight_kg", label="Previous weight"),
    LIMITS["tolerance_pct"],
    replace(LIMITS["anc"], key="latest_anc", label="Latest ANC", unit_kind=None),
    _limit("ordered_dose_mcg", "Ordered dose", "1", "100000", None, "mcg", "1"),
    _limit("ordered_dose_mg", "Ordered dose", "0.01", "100", None, "mg", "0.01"),
)}

# RULES §14: the prophylaxis decision's numbers (the age is the patient's own limit).
PROPHYLAXIS_LIMITS: dict[str, FieldLimit] = {lim.key: lim for lim in (
    _limit("regimen_fn_risk_pct", "Regimen FN risk", "0", "100", None, "%", "0.1"),
    LIMITS["age_years"],
)}

# RULES §13: the earlier counts (``history``). Each row's numbers keep the limits of the
# current counts (RULES §2); an error names the row ("history[3].anc"), and a message
# names the number as "ANC (history)". At most 60 rows, spanning at most 365 days up to
# the current counts.
HISTORY_ROW_NUMBERS = ("wbc", "anc", "platelets", "hemoglobin_g_dl", "differential.segs_pct",
                       "differential.bands_pct", "differential.lymphs_pct",
                       "differential.monos_pct")
HISTORY_LIMITS: dict[str, FieldLimit] = {
    f"history.{key}": replace(LIMITS[key], key=f"history.{key}",
                              label=f"{LIMITS[key].label} (history)")
    for key in HISTORY_ROW_NUMBERS}
HISTORY_MAX_ROWS = 60
HISTORY_MAX_SPAN_DAYS = 365

# Which unit group each unit kind is chosen by, in the input's ``units`` object.
UNIT_GROUP_OF_KIND: dict[type[Enum], str] = {
    C: "counts", HB: "hemoglobin", T: "temperature", W: "weight",
}

# How messages name the inputs that have no numeric limit.
OTHER_LABELS: dict[str, str] = {
    "differential": "Differential",
    "fever_sustained_1h": "Fever sustained for 1 hour",
    "anc_expected_below_0_5_within_48h": "ANC expected below 0.5 within 48 h",
    "uncontrolled_primary_disease": "Uncontrolled primary disease",
    "systemic_infection_signs": "Signs of systemic infection",
    "myelosuppressive_chemo": "Myelosuppressive chemotherapy",
    "anthracycline_chemo": "Anthracycline-containing chemotherapy",
    "diagnosis": "Diagnosis",
    "active_bleeding": "Active bleeding",
    "planned_procedure": "Planned procedure",
    "duffy_null": "Duffy-null phenotype confirmed",
    "fn_risk": "FN risk items",
    "fn_risk.burden": "Burden of illness",
    "fn_risk.hypotension": "Hypotension",
    "fn_risk.copd": "COPD",
    "fn_risk.previous_fungal_infection": "Previous fungal infection",
    "fn_risk.iv_fluids_for_dehydration": "Dehydration needing IV fluids",
    "fn_risk.outpatient_at_onset": "Outpatient at fever onset",
    "fn_risk.stress_hyperglycaemia": "Stress hyperglycaemia",
    "fn_risk.chronic_cardiovascular_disease": "Chronic cardiovascular disease",
    "fn_risk.clinically_stable": "Clinically stable",
    "fn_risk.chemo_intensity": "Chemotherapy intensity",
    "history": "History (earlier counts)",
    "history.time": "Time (history)",
    "history.differential": "Differential (history)",
    "counts_time": "Time of the current counts",
    "last_chemo_at": "End of the last chemotherapy",
    "lln": "Lower limits of normal",
    "units": "Units",
    "units.counts": "Count unit",
    "units.hemoglobin": "Hemoglobin unit",
    "units.temperature": "Temperature unit",
    "units.weight": "Weight unit",
}

# RULES §16: what a site configuration file may set that no patient input has. Its LLNs,
# tolerance and presentation contents use the inputs' own limits above (one table).
SITE_LIMITS: dict[str, FieldLimit] = {lim.key: lim for lim in (
    _limit("procedures.threshold", "Procedure platelet threshold", "10", "100", None,
           "×10⁹/L", "1", "RULES-16"),
    _limit("presentation.ml", "Presentation volume", "0.05", "20", None, "mL", "0.01"),
    replace(DOSE_LIMITS["ordered_dose_mcg"], key="presentation.mcg",
            label="Presentation content"),
)}
SITE_TEXT_MAX = {"name": 80, "source": 200, "note": 300}   # characters, one line each
