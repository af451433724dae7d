"""Turn a raw input document into ``PatientInputs`` or a list of field-named problems.

Every message names the field, the value as typed (in the unit it was typed in) and
what is allowed; a value that would be plausible in the other unit of its group gets
that reading offered (RULES §1 unit-slip guard). All problems are reported together.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from leukodesk.core.display import plain
from leukodesk.core.limits import LIMITS, OTHER_LABELS, FieldLimit
from leukodesk.core.models import (
    PatientInputs,
    canonical_numbers,
    cross_field_problems,
    lookup,
    read_number,
    read_units,
)
from leukodesk.core.rules import FAHRENHEIT_SLIP_RANGE
from leukodesk.core.units import (
    UNIT_LABELS,
    TemperatureUnit,
    from_canonical,
    to_canonical,
)


@dataclass(frozen=True)
class FieldError:
    """One problem with one input: the JSON path of the field and a message for people."""

    field: str
    message: str
    suggested_unit: str | None = None   # unit code under which the value would be valid

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.suggested_unit is not None:
            out["suggested_unit"] = self.suggested_unit
        return out


class InputErrors(ValueError):
    """Raised by :func:`parse_inputs`; ``errors`` holds every problem found."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def _field_order() -> dict[str, int]:
    """Errors are listed in the order the inputs appear in the model."""
    keys: list[str] = []
    for name in PatientInputs.model_fields:
        keys.append(name)
        keys += [k for k in LIMITS if k.startswith(name + ".")]
    return {key: i for i, key in enumerate(keys)}


_ORDER = _field_order()


def _label(key: str) -> str:
    lim = LIMITS.get(key)
    if lim is not None:
        return lim.label
    if key in OTHER_LABELS:
        return OTHER_LABELS[key]
    return key.rpartition(".")[2].replace("_", " ").capitalize() if key else "Input"


def _entry_unit(lim: FieldLimit, data: Mapping[str, Any]) -> Enum | None:
    if lim.unit_kind is None:
        return None
    return read_units(data)[lim.unit_kind]


def _unit_text(lim: FieldLimit, unit: Enum | None) -> str:
    return UNIT_LABELS[unit] if unit is not None else lim.unit_label


def _slip_reading(lim: FieldLimit, value: Decimal, unit: Enum) -> Enum | None:
    """Another unit of the group in which ``value`` would lie inside the limits."""
    if unit.__class__ is TemperatureUnit:
        lo, hi = FAHRENHEIT_SLIP_RANGE
        if unit is TemperatureUnit.C and lo <= value <= hi:
            return TemperatureUnit.F
        if unit is TemperatureUnit.F and lim.minimum <= value <= lim.maximum:
            return TemperatureUnit.C
        return None
    for other in unit.__class__:
        if other is unit:
            continue
        if lim.minimum <= to_canonical(value, other) <= lim.maximum:
            return other
    return None


def _range_error(key: str, raw: Any, data: Mapping[str, Any]) -> FieldError:
    lim = LIMITS[key]
    unit = _entry_unit(lim, data)
    value = read_number(raw)
    shown = _unit_text(lim, unit)
    lo = from_canonical(lim.minimum, unit) if unit is not None else lim.minimum
    hi = from_canonical(lim.maximum, unit) if unit is not None else lim.maximum
    allowed = f"allowed: {plain(lo, 2)} to {plain(hi, 2)} {shown}"
    typed = plain(value) if value is not None else repr(raw)
    where = "above the maximum" if value is not None and value > lo else "below the minimum"
    message = f"{lim.label} {typed} {shown} is {where} ({allowed})."
    if value is None or unit is None:
        return FieldError(key, message)
    other = _slip_reading(lim, value, unit)
    if other is None:
        return FieldError(key, message)
    canonical = to_canonical(value, other)
    canonical_unit = UNIT_LABELS[next(iter(other.__class__))]
    reading = f"{typed} {UNIT_LABELS[other]}"
    if other is not next(iter(other.__class__)):
        reading += f" = {plain(canonical, 3)} {canonical_unit}"
    message += f" Did you mean {reading}?"
    return FieldError(key, message, suggested_unit=other.value)


def _type_message(key: str, kind: str, raw: Any, pyd_msg: str, ctx: dict[str, Any]) -> str:
    label = _label(key)
    if kind == "missing":
        if key == "wbc":
            return "WBC is required: enter the white cell count (the only required input)."
        return f"{label} is required."
    if kind in ("float_parsing", "float_type", "number_type", "finite_number", "int_parsing"):
        return f"{label}: {raw!r} is not a number; enter a number or leave it empty."
    if kind in ("bool_parsing", "bool_type"):
        return f"{label}: {raw!r} is not yes/no; use true or false."
    if kind == "enum":
        return f"{label}: {raw!r} is not allowed; choose one of {ctx.get('expected', '')}."
    if kind == "unit":
        return f"{label}: {pyd_msg}."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{label}: expected an object with named values, got {type(raw).__name__}."
    if kind == "extra_forbidden":
        return f"{label}: {pyd_msg}."
    return f"{label}: {pyd_msg}."


def _unknown_key_error(loc: tuple[Any, ...]) -> FieldError:
    key = ".".join(str(p) for p in loc)
    parent = ".".join(str(p) for p in loc[:-1])
    model: type[BaseModel] = PatientInputs
    for part in loc[:-1]:
        annotation = model.model_fields[str(part)].annotation
        for candidate in getattr(annotation, "__args__", (annotation,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
    names = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    where = f" in {parent}" if parent else ""
    return FieldError(key, f"Unknown input {str(loc[-1])!r}{where}; it is not read.{hint} "
                           f"Known inputs: {', '.join(names)}.")


def _translate(exc: ValidationError, data: Mapping[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "cross_field":
            continue  # recomputed with field names below
        if kind == "extra_forbidden":
            errors.append(_unknown_key_error(loc))
            continue
        key = ".".join(str(p) for p in loc)
        raw = lookup(data, key) if loc else data
        if kind in ("greater_than_equal", "less_than_equal") and key in LIMITS:
            errors.append(_range_error(key, raw, data))
            continue
        errors.append(FieldError(key, _type_message(key, kind, raw, err["msg"],
                                                    err.get("ctx") or {})))
    return errors


def _cross_errors(data: Mapping[str, Any], bad: set[str]) -> list[FieldError]:
    values = {k: v for k, v in canonical_numbers(data).items() if k not in bad}
    count_unit = _entry_unit(LIMITS["wbc"], data)

    def as_typed(value: Decimal) -> str:
        if count_unit is None:
            return f"{plain(value)} ×10⁹/L"
        return f"{plain(from_canonical(value, count_unit))} {UNIT_LABELS[count_unit]}"

    errors: list[FieldError] = []
    for key, message in cross_field_problems(values, as_typed):
        suggested = None
        if key in ("anc", "lymphocytes"):
            unit = _entry_unit(LIMITS[key], data)
            part = values[key]
            if unit is next(iter(unit.__class__)) and part / 1000 <= values["wbc"]:
                other = [u for u in unit.__class__ if u is not unit][0]
                message += (f" Did you mean {plain(part)} {UNIT_LABELS[other]} = "
                            f"{plain(part / 1000, 3)} ×10⁹/L?")
                suggested = other.value
        errors.append(FieldError(key, message, suggested))
    differential = data.get("differential")
    if data.get("anc") is not None and isinstance(differential, Mapping) and any(
            differential.get(k) is not None for k in ("segs_pct", "bands_pct")):
        errors.append(FieldError("anc", "Give the ANC or a differential (segmented and band "
                                        "%), not both: clear one of them."))
    return errors


def parse_inputs(data: Any) -> PatientInputs:
    """Validate a raw input document (a JSON object) into ``PatientInputs``.

    Raises :class:`InputErrors` listing every problem, each naming its field.
    """
    if isinstance(data, PatientInputs):
        return data
    if not isinstance(data, Mapping):
        raise InputErrors([FieldError("", "Expected one JSON object of inputs "
                                          f"(got {type(data).__name__}).")])
    errors: list[FieldError] = []
    result: PatientInputs | None = None
    try:
        result = PatientInputs.model_validate(data)
    except ValidationError as exc:
        errors = _translate(exc, data)
    errors += _cross_errors(data, {e.field for e in errors})
    if errors:
        errors.sort(key=lambda e: _ORDER.get(e.field, _ORDER.get(e.field.split(".")[0], 999)))
        raise InputErrors(errors)
    assert result is not None
    return result
