"""The site configuration file's content (RULES §16), validated: a frozen pydantic model.

Every table and key is closed (an unknown one is refused, never ignored: a misspelt
``[procedure]`` must not silently leave the built-in thresholds in force). Numbers use the
inputs' own limits (:mod:`leukodesk.core.contract.limits`); the texts are one line each
and short. Counts are in ×10⁹/L and hemoglobin in g/dL, whatever ``[units]`` says:
``[units]`` sets the units the inputs are *typed* in, not the file's.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from leukodesk.core import content
from leukodesk.core.contract.limits import LIMITS, SITE_LIMITS, SITE_TEXT_MAX, FieldLimit
from leukodesk.core.contract.units import (
    UNIT_LABELS,
    CountUnit,
    HemoglobinUnit,
    TemperatureUnit,
    WeightUnit,
    parse_unit,
    to_decimal,
)
from leukodesk.core.dosing.tables import MG_PRODUCTS, PresentationSet, Product
from leukodesk.core.formats.display import plain

_CLOSED = ConfigDict(frozen=True, extra="forbid")

# The molecules a site may stock: the dose request's products (CONTRACT-2026.2); its own
# presentations only for the daily ones (the mg products' single syringes are fixed).
PRODUCTS = tuple(p.value for p in Product)
DAILY_PRODUCTS = tuple(p.value for p in Product if p not in MG_PRODUCTS)
PROCEDURES = ("central_line", "lumbar_puncture", "major_surgery",
              "neurosurgery_posterior_eye")   # PlannedProcedure's values but "none"
BUILT_IN = "built-in"   # a presentation set stocked as LeukoDesk has it on file


def _number(lim: FieldLimit) -> Any:
    """A TOML number within ``lim`` (never a string or a boolean), as an exact Decimal."""

    def read(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("number", "must be a number ({lo}–{hi} {unit}), "
                                      "not {value}", {"lo": plain(lim.minimum),
                                                       "hi": plain(lim.maximum),
                                                       "unit": lim.unit_label,
                                                       "value": repr(value)})
        number = to_decimal(value)
        if not lim.minimum <= number <= lim.maximum:
            raise PydanticCustomError(
                "range", "{value} is outside {lo}–{hi} {unit}",
                {"value": plain(number), "lo": plain(lim.minimum), "hi": plain(lim.maximum),
                 "unit": lim.unit_label})
        return number
    return Annotated[Decimal, BeforeValidator(read)]


def _text(kind: str) -> Any:
    """One line of text, not empty, at most ``SITE_TEXT_MAX[kind]`` characters."""
    most = SITE_TEXT_MAX[kind]

    def read(value: Any) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError("text", "must be text in quotes", {})
        text = value.strip()
        if not text or any(ch in text for ch in "\r\n\t") or len(text) > most:
            raise PydanticCustomError(
                "text", "must be one line of 1–{most} characters (this is {n})",
                {"most": most, "n": len(text)})
        return text
    return Annotated[str, BeforeValidator(read)]


def _unit(kind: type[Enum]) -> Any:
    def read(value: Any) -> Enum:
        unit = parse_unit(kind, value)
        if unit is None:
            raise PydanticCustomError("unit", "unknown unit {value}; allowed: {allowed}", {
                "value": repr(value), "allowed": ", ".join(repr(m.value) for m in kind)})
        return unit
    return Annotated[kind, BeforeValidator(read)]


def _one_of(choices: tuple[str, ...], what: str) -> Any:
    def read(value: Any) -> str:
        if value not in choices:
            raise PydanticCustomError("choice", "{value} is not a {what}; allowed: "
                                      "{allowed}", {"value": repr(value), "what": what,
                                                    "allowed": ", ".join(choices)})
        return str(value)
    return Annotated[str, BeforeValidator(read)]


class SiteTable(BaseModel):
    """``[site]``: the name printed on every note, PDF and worksheet."""

    model_config = _CLOSED
    name: _text("name")


class SitePresentation(BaseModel):
    """One container the pharmacy stocks, as its label states it, with the site's source."""

    model_config = _CLOSED
    product: _one_of(DAILY_PRODUCTS, "G-CSF product dosed daily")
    mcg: _number(SITE_LIMITS["presentation.mcg"])
    ml: _number(SITE_LIMITS["presentation.ml"])
    kind: Literal["vial", "syringe"]
    source: _text("source")

    @property
    def label(self) -> str:
        return f"{plain(self.mcg)} mcg/{plain(self.ml)} mL {self.kind}"


class Dosing(BaseModel):
    """``[dosing]``: the default rounding tolerance, the stocked molecules, and the
    presentation sets: a built-in set by name (``us_vials = "built-in"``) or the site's own
    (``[[dosing.presentation_sets.NAME]]`` tables)."""

    model_config = _CLOSED
    tolerance_pct: _number(LIMITS["tolerance_pct"]) | None = None
    products: tuple[_one_of(PRODUCTS, "G-CSF product"), ...] | None = None
    presentation_sets: dict[str, Literal["built-in"] | tuple[SitePresentation, ...]] = Field(
        default_factory=dict)

    @field_validator("presentation_sets")
    @classmethod
    def _built_in_names(cls, sets: dict[str, Any]) -> dict[str, Any]:
        names = [s.value for s in PresentationSet]
        wrong = [k for k, v in sets.items() if v == BUILT_IN and k not in names]
        if wrong:
            raise PydanticCustomError("set", "{wrong} is not a built-in presentation set "
                                      "(those are {names}); give the site's own as "
                                      "[[dosing.presentation_sets.NAME]] tables",
                                      {"wrong": ", ".join(map(repr, wrong)),
                                       "names": ", ".join(names), "first": wrong[0]})
        return sets


class Lln(BaseModel):
    """``[lln]``: the laboratory's lower limits of normal, ×10⁹/L and g/dL (RULES §3)."""

    model_config = _CLOSED
    wbc: _number(LIMITS["lln.wbc"]) | None = None
    anc: _number(LIMITS["lln.anc"]) | None = None
    lymphocytes: _number(LIMITS["lln.lymphocytes"]) | None = None
    platelets: _number(LIMITS["lln.platelets"]) | None = None
    hemoglobin: _number(LIMITS["lln.hemoglobin"]) | None = None


class Units(BaseModel):
    """``[units]``: the units the inputs are typed in unless the input says otherwise."""

    model_config = _CLOSED
    counts: _unit(CountUnit) | None = None
    hemoglobin: _unit(HemoglobinUnit) | None = None
    temperature: _unit(TemperatureUnit) | None = None
    weight: _unit(WeightUnit) | None = None


class ProcedureThreshold(BaseModel):
    """A platelet threshold before one procedure, and where the site takes it from."""

    model_config = _CLOSED
    threshold: _number(SITE_LIMITS["procedures.threshold"])
    source: _text("source")


class Procedures(BaseModel):
    """``[procedures]``: thresholds replacing RULES §8's for this site (each optional)."""

    model_config = _CLOSED
    central_line: ProcedureThreshold | None = None
    lumbar_puncture: ProcedureThreshold | None = None
    major_surgery: ProcedureThreshold | None = None
    neurosurgery_posterior_eye: ProcedureThreshold | None = None


def _recommendation_id(value: Any) -> str:
    if value not in content.recommendations():
        raise PydanticCustomError("note", "no recommendation has the id {value} (the ids "
                                  "are those of `leukodesk assess` output's "
                                  "recommendations[].id)", {"value": repr(value)})
    return str(value)


NoteId = Annotated[str, BeforeValidator(_recommendation_id)]


class SiteConfig(BaseModel):
    """The whole file. Only ``[site] name`` is required; every other value left out keeps
    the built-in one."""

    model_config = _CLOSED
    site: SiteTable
    dosing: Dosing = Field(default_factory=Dosing)
    lln: Lln = Field(default_factory=Lln)
    units: Units = Field(default_factory=Units)
    procedures: Procedures = Field(default_factory=Procedures)
    notes: dict[NoteId, _text("note")] = Field(default_factory=dict)


def unit_words(unit: Enum) -> str:
    """A unit as people write it (for ``config --check``)."""
    return UNIT_LABELS.get(unit, str(unit.value))
