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
from leukodesk.core.dosing.tables import PRODUCT_NAMES, Indication, PresentationSet, Product

LABELS = {"indication": "Indication", "product": "Product",
          "presentation_set": "Presentation set", "weight_unit": "Weight unit",
          "last_chemo_at": "Last chemotherapy", "next_chemo_at": "Next chemotherapy",
          "first_dose_at": "First dose"}
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


def _enum(kind: type[Enum], doc: Mapping[str, Any], key: str, default: Enum) -> Enum | None:
    try:
        return kind(doc.get(key, default))
    except ValueError:
        return None


def _time(doc: Mapping[str, Any], key: str) -> datetime | None:
    try:
        return None if doc.get(key) is None else _TIME.validate_python(doc[key])
    except ValidationError:
        return None


def _cross(doc: Mapping[str, Any]) -> list[FieldError]:
    """Problems between fields, for the fields that are individually valid."""
    errors: list[FieldError] = []
    product = _enum(Product, doc, "product", Product.FILGRASTIM)
    indication = _enum(Indication, doc, "indication", Indication.CHEMOTHERAPY)
    presentations = _enum(PresentationSet, doc, "presentation_set", PresentationSet.US_SYRINGES)
    if product in (Product.TBO_FILGRASTIM, Product.PEGFILGRASTIM) \
            and indication not in (None, Indication.CHEMOTHERAPY):
        errors.append(FieldError("indication", f"{PRODUCT_NAMES[product]} is dosed here only "
                                 "for chemotherapy-induced neutropenia (indication "
                                 "'chemotherapy')."))
    if product is Product.TBO_FILGRASTIM and presentations not in (
            None, PresentationSet.US_SYRINGES):
        errors.append(FieldError("presentation_set", "tbo-filgrastim comes as 300 mcg/0.5 mL "
                                 "and 480 mcg/0.8 mL syringes: use 'us_syringes'."))
    if product is Product.PEGFILGRASTIM and doc.get("ordered_dose_mcg") is not None:
        errors.append(FieldError("ordered_dose_mcg", "Pegfilgrastim is ordered in mg: use "
                                                     "ordered_dose_mg."))
    if product not in (None, Product.PEGFILGRASTIM) and doc.get("ordered_dose_mg") is not None:
        errors.append(FieldError("ordered_dose_mg", f"{PRODUCT_NAMES[product]} is ordered in "
                                                    "mcg: use ordered_dose_mcg."))
    times = {k: _time(doc, k) for k in ("last_chemo_at", "next_chemo_at", "first_dose_at")}
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
