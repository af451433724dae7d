"""The G-CSF dose request and result (pydantic v2, frozen).

A request holds canonical values (weight in kg); :func:`leukodesk.core.dosing.request.
parse_dose_request` accepts ``weight`` + ``weight_unit`` too and names bad fields.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from leukodesk.core.contract.limits import DOSE_LIMITS
from leukodesk.core.contract.models import drop_nulls_with_defaults, reject_bool
from leukodesk.core.dosing.products import BRANDS, Brand, default_tolerance_pct
from leukodesk.core.dosing.tables import Indication, PresentationSet, Product

# Built on first use (defer_build): a blank window never needs them, so start-up
# does not pay for their validators.
_FROZEN = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


def _limited(key: str, description: str, optional: bool = True) -> Any:
    lim = DOSE_LIMITS[key]
    number = Annotated[float, BeforeValidator(reject_bool),
                       Field(ge=lim.min_float, le=lim.max_float)]
    return Annotated[number | None if optional else number,
                     Field(description=description)]


class PastNadir(str, Enum):
    """Whether the expected nadir has passed, for the stop rule (RULES §10)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class DoseRequest(BaseModel):
    """One dose to calculate or check. Times are ISO 8601, all with or all without a zone."""

    model_config = _FROZEN
    weight_kg: _limited("weight_kg", "Actual body weight, kg", optional=False)
    indication: Indication = Indication.CHEMOTHERAPY
    product: Product = Product.FILGRASTIM
    presentation_set: PresentationSet = PresentationSet.US_SYRINGES
    brand: Brand | None = Field(
        None, description="The brand: selects its molecule and its presentations (RULES §15)")
    tolerance_pct: _limited("tolerance_pct", "Rounding tolerance, %", optional=False) = float(
        default_tolerance_pct())
    age_years: _limited("age_years", "Age, years (required by the fixed-dose products)") = None
    last_chemo_at: datetime | None = Field(None, description="End of the last chemotherapy")
    next_chemo_at: datetime | None = Field(None, description="Start of the next chemotherapy")
    first_dose_at: datetime | None = Field(
        None, description="Planned first filgrastim dose, or the pegfilgrastim dose")
    bmt_infusion_at: datetime | None = Field(
        None, description="Bone-marrow infusion (indication 'bmt')")
    first_apheresis_at: datetime | None = Field(
        None, description="First apheresis (indication 'mobilization')")
    latest_anc: _limited("latest_anc", "Latest ANC, ×10⁹/L (stop rule)") = None
    past_nadir: PastNadir = Field(
        PastNadir.UNKNOWN, description="Has the expected nadir passed? Read with latest_anc")
    previous_weight_kg: _limited("previous_weight_kg",
                                 "Weight at the previous order, kg (dose-change check)") = None
    ordered_dose_mcg: _limited("ordered_dose_mcg",
                               "Dose ordered per administration, mcg (filgrastim)") = None
    ordered_dose_mg: _limited("ordered_dose_mg", "Dose ordered, mg (pegfilgrastim)") = None
    # The weight as typed in lb, when it was (not echoed: the echo is canonical).
    _weight_lb: Decimal | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(drop_nulls_with_defaults(cls, data))
        # A brand alone selects its molecule (RULES §15); a contradiction is refused by
        # the request's cross-field checks.
        brand = data.get("brand")
        if data.get("product") is None and isinstance(brand, str) \
                and brand in {b.value for b in Brand}:
            data["product"] = BRANDS[Brand(brand)].product.value
        return data

    @property
    def weight_typed(self) -> Decimal | None:
        """The weight in lb as the user typed it, or None when it was given in kg."""
        return self._weight_lb


class DoseWarning(BaseModel):
    model_config = _FROZEN
    code: str
    message: str
    sources: list[str]


class DoseTiming(BaseModel):
    """When doses may be given, from the chemotherapy times given (null when not given)."""

    model_config = _FROZEN
    rule: str = Field(description="The timing rule of this product, in words")
    earliest_first_dose_at: datetime | None
    last_dose_by: datetime | None = Field(
        description="Latest allowed dose before the next chemotherapy")
    stop_by: datetime | None = Field(description="End of the 2-week course (chemotherapy)")
    stop_rule: str | None
    start_by: datetime | None = Field(
        None, description="Mobilisation: start no later than this (before the first apheresis)")


class Combination(BaseModel):
    """Two presentations whose sum is within tolerance when no single one is (RULES §10)."""

    model_config = _FROZEN
    presentations_mcg: list[float]
    total_mcg: float
    deviation_pct: float = Field(description="(total − dose) / dose × 100, signed")
    within_tolerance: bool


class DoseResult(BaseModel):
    model_config = _FROZEN
    rules_version: str
    product: Product
    product_name: str
    brand: Brand | None
    molecule: str = Field(description="The molecule every dose is written with")
    fixed_dose: bool = Field(description="A fixed adult dose (eflapegrastim, "
                                         "efbemalenograstim, lipegfilgrastim)")
    action: str = Field(description="The one line to act on")
    indication: Indication
    regimen: str = Field(description="The labelled regimen applied")
    route: str
    weight_kg: float
    mcg_per_kg: float | None = Field(description="Per administration (filgrastim)")
    mcg_per_kg_day: float | None
    administrations_per_day: int | None
    daily_dose_mcg: float | None = Field(description="Exact daily dose, mcg")
    dose_per_administration_mcg: float | None
    daily_dose_mu: float | None = Field(description="Million units, where the label uses MU")
    dose_per_administration_mu: float | None
    presentation_set: PresentationSet | None
    nearest_presentation_mcg: float | None
    nearest_presentation: str | None = Field(description="The chosen presentation, in words")
    deviation_pct: float | None = Field(description="(presentation − dose) / dose × 100")
    tie: bool
    within_tolerance: bool | None
    tolerance_pct: float
    exact_volume_ml: float | None = Field(
        description="Exact dose drawn at the chosen presentation's concentration")
    presentation_volume_ml: float | None = Field(description="Volume of the whole presentation")
    vial_volume_ml: float | None = Field(
        description="Exact dose from a 300 mcg/mL vial, when no presentation is within "
                    "tolerance")
    combination: Combination | None = Field(
        description="Two presentations, when no single one is within tolerance and a sum is")
    dose_mg: float | None = Field(description="Dose of a product dosed in mg, mg")
    rounded_weight_kg: float | None = Field(description="Pegfilgrastim: weight used for the band")
    presentations_on_file: bool = Field(
        description="False when no presentation is given: dose only (see presentations_missing)")
    presentations_missing: str | None = Field(
        None, description="Why no presentation or volume is given: none on file for the "
                          "brand, or withheld while a refused site configuration is unconfirmed")
    weight_band: str | None
    formula: str = Field(description="The dose, with the numbers substituted")
    workings: list[str] = Field(description="Every figure, with the numbers substituted")
    statement: str = Field(description="What to give, in one sentence")
    timing: DoseTiming
    warnings: list[DoseWarning]
    sources: list[str]
    request: DoseRequest
