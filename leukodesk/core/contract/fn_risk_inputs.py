"""The febrile-neutropenia risk items of RULES §11 (MASCC, CISNE, the outpatient
question). Every member is optional and null means "not asked" (three-valued, RULES
§2a): an unanswered item is never read as "no"."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from leukodesk.core.contract.field_types import FROZEN, bounded, whole


class Burden(str, Enum):
    """MASCC burden of illness: one choice of three."""

    NONE_OR_MILD = "none_or_mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class ChemoIntensity(str, Enum):
    MILD_TO_MODERATE = "mild_to_moderate"
    HIGH = "high"


def _tri(description: str) -> object:
    return Field(None, description=f"{description} (null = unknown)")


class FnRiskInputs(BaseModel):
    """What the MASCC index, CISNE and the disposition read beyond the counts, the age and
    the diagnosis (tumour type comes from ``diagnosis``)."""

    model_config = FROZEN

    burden: Burden | None = _tri("MASCC burden of illness: none_or_mild, moderate or severe")
    systolic_bp_mmhg: bounded("fn_risk.systolic_bp_mmhg",
                              "Systolic blood pressure, mmHg (decides hypotension when "
                              "given)") = None
    hypotension: bool | None = _tri("Hypotension, read only when no systolic pressure is "
                                    "given")
    copd: bool | None = _tri("Chronic obstructive pulmonary disease")
    previous_fungal_infection: bool | None = _tri("Previous fungal infection")
    iv_fluids_for_dehydration: bool | None = _tri("Dehydration needing IV fluids")
    outpatient_at_onset: bool | None = _tri("Outpatient when the fever began")
    ecog: whole("fn_risk.ecog", "ECOG performance status, 0-4") = None
    stress_hyperglycaemia: bool | None = _tri("Stress hyperglycaemia (clinician's call; "
                                              "definitions differ)")
    chronic_cardiovascular_disease: bool | None = _tri("Chronic cardiovascular disease")
    mucositis_grade: whole("fn_risk.mucositis_grade", "Mucositis grade (NCI CTCAE), 0-4") = None
    clinically_stable: bool | None = _tri("Clinically stable: no organ dysfunction, normal "
                                          "vital signs, no major infection")
    chemo_intensity: ChemoIntensity | None = _tri("Chemotherapy intensity: mild_to_moderate "
                                                  "or high")
