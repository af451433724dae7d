"""A raw dose request (JSON object) → ``DoseRequest``, or every problem, each field-named.

Weight may be given as ``weight_kg``, or as ``weight`` with ``weight_unit`` (kg or lb);
``previous_weight`` follows the same unit. Problems are reported together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import TypeAdapter, ValidationError

from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.contract.field_errors import range_error, translate
from leukodesk.core.contract.limits import DOSE_LIMITS, FieldLimit
from leukodesk.core.contract.models import read_number
from leukodesk.core.contract.units import WeightUnit, parse_unit, to_canonical
from leukodesk.core.dosing.models import DoseRequest
from leukodesk.core.dosing.products import BRANDS, Brand
from leukodesk.core.dosing.tables import (
    MG_PRODUCTS,
    MOLECULES,
    PRODUCT_NAMES,
    Indication,
    PresentationSet,
    Product,
)
from leukodesk.core.rules.thresholds import FIXED_DOSE_MIN_AGE_YEARS

LABELS = {"indication": "Indication", "product": "Product", "brand": "Brand",
          "presentation_set": "Presentation set", "weight_unit": "Weight unit",
          "last_chemo_at": "Last chemotherapy", "next_chemo_at": "Next chemotherapy",
          "first_dose_at": "First dose", "past_nadir": "Past the nadir",
          "bmt_infusion_at": "Marrow infusion", "first_apheresis_at": "First apheresis"}
TIME_KEYS = ("last_chemo_at", "next_chemo_at", "first_dose_at", "bmt_infusion_at",
             "first_apheresis_at")
# Why each fixed-dose product is refused under 18 or without an age (RULES §15).
ADULTS_ONLY = {
    Product.EFLAPEGRASTIM: ("Eflapegrastim (Rolvedon)", "it is labelled for adults"),
    Product.EFBEMALENOGRASTIM: ("Efbemalenograstim alfa (Ryzneuta)",
                                "it is labelled for adults"),
    Product.LIPEGFILGRASTIM: ("Lipegfilgrastim (Lonquex)",
                              "it is licensed from 2 years with a paediatric dose that "
                              "LeukoDesk does not compute — see the SmPC"),
}
REQUIRED = {"weight_kg": "Weight is required: give weight_kg, or weight with weight_unit."}
# Plain names accepted with ``weight_unit``, and the canonical key each fills.
WEIGHT_ALIASES = {"weight": "weight_kg", "previous_weight": "previous_weight_kg"}
_TIME = TypeAdapter(datetime)


def _kg(lim: FieldLimit, data: Mapping[str, Any]) -> Enum | None:
    return WeightUnit.KG if lim.unit_kind is WeightUnit else None


def _normalise(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError],
                                                 dict[str, tuple[str, WeightUnit]], set[str]]:
    """Fold ``weight``/``weight_unit`` into kg keys. Returns the document, the problems
    found on the way, per kg key filled from a plain one (plain key, unit), and the kg
    keys left empty because their unit could not be read."""
    doc = dict(data)
    errors: list[FieldError] = []
    aliased: dict[str, tuple[str, WeightUnit]] = {}
    unreadable: set[str] = set()
    unit: Any = WeightUnit.KG
    if "weight_unit" in doc:
        raw_unit = doc.pop("weight_unit")
        unit = parse_unit(WeightUnit, raw_unit)
        if unit is None:
            errors.append(FieldError("weight_unit", f"Weight unit: {raw_unit!r} is not allowed;"
                                                    " use 'kg' or 'lb'."))
        elif not any(k in doc for k in WEIGHT_ALIASES):
            errors.append(FieldError("weight_unit", "Weight unit applies to weight (and "
                                     "previous_weight); weight_kg is always in kg."))
    for plain_key, kg_key in WEIGHT_ALIASES.items():
        if plain_key not in doc:
            continue
        value = doc.pop(plain_key)
        if kg_key in doc:
            errors.append(FieldError(plain_key, f"Give {kg_key} or {plain_key} with weight_unit,"
                                                " not both."))
            continue
        number = read_number(value)
        if unit is None:
            unreadable.add(kg_key)  # its unit is reported already; no "required" error
            continue
        doc[kg_key] = float(to_canonical(number, unit)) if number is not None else value
        aliased[kg_key] = (plain_key, unit)
    return doc, errors, aliased, unreadable


def _enum(kind: type[Enum], doc: Mapping[str, Any], key: str, default: Any) -> Any:
    """The member given for ``key`` (absent or null: ``default``), or None when invalid."""
    value = doc.get(key)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        return None


def _brand(doc: Mapping[str, Any], product: Product | None) -> list[FieldError]:
    """A brand against the product and the presentation set given with it (RULES §15)."""
    brand = _enum(Brand, doc, "brand", None)
    if brand is None:
        return []
    info = BRANDS[brand]
    errors: list[FieldError] = []
    if product is not None and product is not info.product:
        errors.append(FieldError("brand", f"{info.name} is {info.nonproprietary}, dosed as "
                                 f"{MOLECULES[info.product]}: it contradicts product "
                                 f"'{product.value}'. Give product '{info.product.value}' "
                                 "or leave product out."))
    chosen = _enum(PresentationSet, doc, "presentation_set", None)
    if chosen is not None and chosen not in info.sets:
        allowed = " or ".join(f"'{s.value}'" for s in info.sets)
        errors.append(FieldError("presentation_set", f"{info.name} does not come as "
                                 f"'{chosen.value}': use {allowed}, or leave presentation_set "
                                 "out (the brand selects its presentations)."))
    return errors


def _age(doc: Mapping[str, Any], product: Product | None) -> list[FieldError]:
    """The fixed-dose products need an adult: refused without an age or under 18."""
    if product not in ADULTS_ONLY:
        return []
    limit, raw = FIXED_DOSE_MIN_AGE_YEARS, doc.get("age_years")
    age = None if isinstance(raw, bool) else read_number(raw)
    name, reason = ADULTS_ONLY[product]
    if raw is None:
        return [FieldError("age_years", f"{name} needs the age (from {limit.text} years; "
                           f"{reason}): give age_years.")]
    if age is not None and age < limit.value:
        return [FieldError("age_years", f"{name} is not dosed here under {limit.text} years: "
                           f"{reason}.")]
    return []


def _time(doc: Mapping[str, Any], key: str) -> datetime | None:
    try:
        return None if doc.get(key) is None else _TIME.validate_python(doc[key])
    except ValidationError:
        return None


def _cross(doc: Mapping[str, Any]) -> list[FieldError]:
    """Problems between fields, for the fields that are individually valid."""
    errors: list[FieldError] = []
    brand = _enum(Brand, doc, "brand", None)
    product = _enum(Product, doc, "product",
                    BRANDS[brand].product if brand else Product.FILGRASTIM)
    indication = _enum(Indication, doc, "indication", Indication.CHEMOTHERAPY)
    presentations = _enum(PresentationSet, doc, "presentation_set", PresentationSet.US_SYRINGES)
    errors += _brand(doc, _enum(Product, doc, "product", None))
    errors += _age(doc, product)
    if product not in (None, Product.FILGRASTIM) \
            and indication not in (None, Indication.CHEMOTHERAPY):
        errors.append(FieldError("indication", f"{PRODUCT_NAMES[product]} is dosed here only "
                                 "for chemotherapy-induced neutropenia (indication "
                                 "'chemotherapy')."))
    if product is Product.TBO_FILGRASTIM and brand is None and presentations not in (
            None, PresentationSet.US_SYRINGES):
        errors.append(FieldError("presentation_set", "tbo-filgrastim comes as 300 mcg/0.5 mL "
                                 "and 480 mcg/0.8 mL syringes: use 'us_syringes'."))
    if product in MG_PRODUCTS and doc.get("ordered_dose_mcg") is not None:
        name = PRODUCT_NAMES[product]
        errors.append(FieldError("ordered_dose_mcg", f"{name[0].upper()}{name[1:]} is ordered "
                                                     "in mg: use ordered_dose_mg."))
    if product not in MG_PRODUCTS and product is not None \
            and doc.get("ordered_dose_mg") is not None:
        errors.append(FieldError("ordered_dose_mg", f"{PRODUCT_NAMES[product]} is ordered in "
                                                    "mcg: use ordered_dose_mcg."))
    times = {k: _time(doc, k) for k in TIME_KEYS}
    given = {k: t for k, t in times.items() if t is not None}
    if len({t.tzinfo is None for t in given.values()}) > 1:
        errors.append(FieldError(next(iter(given)), "Give every time with a time zone, or "
                                 "every time without one; they cannot be mixed."))
    elif times["last_chemo_at"] and times["next_chemo_at"] \
            and times["next_chemo_at"] <= times["last_chemo_at"]:
        errors.append(FieldError("next_chemo_at", "The next chemotherapy must come after the "
                                                  "last one."))
    return errors


def parse_dose_request(data: Any) -> DoseRequest:
    """Validate a raw dose request into ``DoseRequest``; raises :class:`InputErrors`."""
    if isinstance(data, DoseRequest):
        return data
    if not isinstance(data, Mapping):
        raise InputErrors([FieldError("", "Expected one JSON object describing the dose "
                                          f"(got {type(data).__name__}).")])
    doc, errors, aliased, unreadable = _normalise(data)
    result: DoseRequest | None = None
    try:
        result = DoseRequest.model_validate(doc)
    except ValidationError as exc:
        for err in translate(exc, doc, DoseRequest, DOSE_LIMITS, LABELS, _kg, REQUIRED,
                             extra_names=[*WEIGHT_ALIASES, "weight_unit"]):
            if err.field in unreadable:
                continue
            if err.field in aliased:
                plain_key, unit = aliased[err.field]
                raw = data[plain_key]
                err = (range_error(plain_key, raw, DOSE_LIMITS[err.field], unit)
                       if read_number(raw) is not None
                       else FieldError(plain_key, err.message))
            errors.append(err)
    errors += _cross(doc)
    if errors:
        raise InputErrors(errors)
    assert result is not None
    if aliased.get("weight_kg", (None, None))[1] is WeightUnit.LB:
        result._weight_lb = read_number(data["weight"])
    return result
