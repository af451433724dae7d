"""The inputs of the G-CSF prophylaxis decision before a cycle (RULES §14), and the
reading of a raw JSON object into them with every problem field-named.

The regimen's FN risk is a percentage **or** a category, never both. The patient risk
factors are the ASCO 2015 list, by code; ``age_years``, when given, decides
``age_ge_65`` whatever was ticked. The prior-cycle complication and whether a reduced
dose would compromise the outcome are three-valued (null = unknown); the other yes/no
inputs are boxes (null = the default, "no": RULES §2).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, Strict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.contract.field_errors import translate
from leukodesk.core.contract.field_types import FROZEN, reject_bool
from leukodesk.core.contract.limits import PROPHYLAXIS_LIMITS, FieldLimit
from leukodesk.core.contract.models import drop_nulls_with_defaults


class RiskCategory(str, Enum):
    """The regimen's FN risk band, when no percentage is given."""

    HIGH = "high"
    INTERMEDIATE = "intermediate"
    LOW = "low"


class RiskFactor(str, Enum):
    """The ASCO 2015 patient risk factors for FN, in the guideline's order."""

    AGE_GE_65 = "age_ge_65"
    POOR_PERFORMANCE_OR_NUTRITION = "poor_performance_or_nutrition"
    ADVANCED_DISEASE = "advanced_disease"
    POOR_RENAL_FUNCTION = "poor_renal_function"
    PREVIOUS_CHEMO_OR_RADIOTHERAPY = "previous_chemo_or_radiotherapy"
    LIVER_DYSFUNCTION = "liver_dysfunction"
    PREEXISTING_NEUTROPENIA_OR_MARROW_INVOLVEMENT = "preexisting_neutropenia_or_marrow_involvement"
    INFECTION = "infection"
    CARDIOVASCULAR_DISEASE = "cardiovascular_disease"
    MULTIPLE_COMORBIDITIES = "multiple_comorbidities"
    OPEN_WOUNDS_OR_RECENT_SURGERY = "open_wounds_or_recent_surgery"
    HIV = "hiv"


def _a_list(value: Any) -> Any:
    """The risk factors come as a JSON list of codes (a bare code is a slip)."""
    if not isinstance(value, list | tuple):
        raise PydanticCustomError("list_type", 'expected a list of codes, e.g. ["hiv"]')
    return value


# A yes/no is true or false, never 1, 0 or "yes" (a number in a box is a slip).
YesNo = Annotated[bool, Strict()]


def _number(key: str, description: str) -> Any:
    lim = PROPHYLAXIS_LIMITS[key]
    number = Annotated[float, BeforeValidator(reject_bool),
                       Field(ge=lim.min_float, le=lim.max_float)]
    return Annotated[number | None, Field(description=description)]


class ProphylaxisInputs(BaseModel):
    """What the primary and secondary prophylaxis decision reads (RULES §14)."""

    model_config = FROZEN
    regimen_fn_risk_pct: _number("regimen_fn_risk_pct",
                                 "The regimen's FN risk, % (0-100); or give the category") = None
    regimen_risk_category: RiskCategory | None = Field(
        None, description="The regimen's FN risk band: high, intermediate or low (not with "
                          "a percentage)")
    dose_dense_survival_benefit: YesNo = Field(
        False, description="A dose-dense or dose-intense regimen whose density has a "
                           "survival benefit")
    risk_factors: Annotated[tuple[RiskFactor, ...], BeforeValidator(_a_list)] = Field(
        (), description="Patient risk factors ticked, by code (the ASCO 2015 list)")
    previous_fn: YesNo = Field(False, description="Febrile neutropenia with any earlier "
                                                  "chemotherapy (a risk factor)")
    prior_cycle_neutropenic_complication: YesNo | None = Field(
        None, description="A neutropenic complication (FN, or a delay or reduction for "
                          "neutropenia) in this regimen's previous cycle without CSF "
                          "prophylaxis (null = unknown)")
    reduced_dose_compromises_outcome: YesNo | None = Field(
        None, description="A reduced dose would compromise survival or the treatment outcome "
                          "(null = unknown)")
    mediastinal_chemoradiation: YesNo = Field(
        False, description="Concurrent chemoradiation involving the mediastinum")
    age_years: _number("age_years", "Age, years (decides age_ge_65 when given)") = None

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        return drop_nulls_with_defaults(cls, data) if isinstance(data, dict) else data


LABELS = {"regimen_risk_category": "Regimen FN risk category",
          "dose_dense_survival_benefit": "Dose-dense regimen with a survival benefit",
          "risk_factors": "Patient risk factors", "previous_fn": "Previous febrile neutropenia",
          "prior_cycle_neutropenic_complication": "Neutropenic complication in the prior cycle",
          "reduced_dose_compromises_outcome": "A reduced dose would compromise the outcome",
          "mediastinal_chemoradiation": "Chemoradiation to the mediastinum"}
BOTH = ("Give the regimen's FN risk as a percentage (regimen_fn_risk_pct) or as a category "
        "(regimen_risk_category), not both.")


def _fixed(lim: FieldLimit, data: Mapping[str, Any]) -> Enum | None:
    return None   # every number of this document has one unit


def parse_prophylaxis_inputs(data: Any) -> ProphylaxisInputs:
    """Validate a raw prophylaxis request; raises :class:`InputErrors` naming each field
    (an unknown risk-factor code as ``risk_factors[i]``; the percentage and the category
    together as ``regimen_risk_category``)."""
    if isinstance(data, ProphylaxisInputs):
        return data
    if not isinstance(data, Mapping):
        raise InputErrors([FieldError("", "Expected one JSON object describing the cycle "
                                          f"(got {type(data).__name__}).")])
    errors: list[FieldError] = []
    result: ProphylaxisInputs | None = None
    try:
        result = ProphylaxisInputs.model_validate(dict(data))
    except ValidationError as exc:
        errors += translate(exc, data, ProphylaxisInputs, PROPHYLAXIS_LIMITS, LABELS, _fixed)
    if data.get("regimen_fn_risk_pct") is not None \
            and data.get("regimen_risk_category") is not None:
        errors.append(FieldError("regimen_risk_category", BOTH))
    if errors:
        raise InputErrors(errors)
    assert result is not None
    return result
