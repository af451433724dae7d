"""Field-named error messages for any input model (patient inputs, dose requests).

Turns pydantic's raw errors into messages that name the field, the value as typed (in
the unit it was typed in) and what is allowed, and offers the other unit's reading when
a value looks like a unit slip (RULES §1).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from leukodesk.core.contract.errors import FieldError
from leukodesk.core.contract.limits import FieldLimit
from leukodesk.core.contract.models import read_number
from leukodesk.core.contract.units import UNIT_LABELS, TemperatureUnit, from_canonical, to_canonical
from leukodesk.core.formats.display import plain, plain_beside
from leukodesk.core.rules.thresholds import FAHRENHEIT_SLIP_RANGE, thresholds_in

# How a field's label, limits and entry unit are found, for one kind of document.
UnitOf = Callable[[FieldLimit, Mapping[str, Any]], "Enum | None"]
_INDEX = re.compile(r"\[\d+\]")


def field_key(loc: Sequence[Any]) -> str:
    """A field's name from pydantic's location: dotted, a list index in brackets
    (``("history", 3, "anc")`` → ``"history[3].anc"``)."""
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else str(part)
    return key


def generic_key(key: str) -> str:
    """The field without its list indices, as limits and labels name it ("history.anc")."""
    return _INDEX.sub("", key) if "[" in key else key


def value_at(data: Any, loc: Sequence[Any]) -> Any:
    """The raw value at pydantic's location in a document, or None."""
    node = data
    for part in loc:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node


def slip_reading(lim: FieldLimit, value: Decimal, unit: Enum) -> Enum | None:
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


def range_error(key: str, raw: Any, lim: FieldLimit, unit: Enum | None) -> FieldError:
    """A value outside ``lim``: the message gives the allowed range in the entry unit and,
    for a likely unit slip, the reading in the other unit."""
    value = read_number(raw)
    shown = UNIT_LABELS[unit] if unit is not None else lim.unit_label
    lo = from_canonical(lim.minimum, unit) if unit is not None else lim.minimum
    hi = from_canonical(lim.maximum, unit) if unit is not None else lim.maximum
    unit_ = f" {shown}" if shown else ""   # a grade or a score has no unit
    allowed = f"allowed: {plain(lo, 2)} to {plain(hi, 2)}{unit_}"
    # Never read on (or across) the limit it is compared with: 45.00001 is not "45".
    typed = plain_beside(value, (lo, hi)) if value is not None else repr(raw)
    where = "above the maximum" if value is not None and value > lo else "below the minimum"
    message = f"{lim.label} {typed}{unit_} is {where} ({allowed})."
    if value is None or unit is None:
        return FieldError(key, message)
    other = slip_reading(lim, value, unit)
    if other is None:
        return FieldError(key, message)
    canonical = to_canonical(value, other)
    canonical_unit = UNIT_LABELS[next(iter(other.__class__))]
    reading = f"{typed} {UNIT_LABELS[other]}"
    if other is not next(iter(other.__class__)):
        # a temperature to one decimal (RULES §1), more only where one would land on a
        # threshold; counts and hemoglobin to three
        shown_canonical = (plain_beside(canonical, thresholds_in("°C"), 1)
                           if canonical_unit == "°C" else plain(canonical, 3))
        reading += f" = {shown_canonical} {canonical_unit}"
    message += f" Did you mean {reading}?"
    return FieldError(key, message, suggested_unit=other.value)


def type_message(label: str, kind: str, raw: Any, pyd_msg: str, ctx: dict[str, Any]) -> str:
    """A message for an error of type or form (not of range)."""
    if kind == "missing":
        return f"{label} is required."
    if kind in ("float_parsing", "float_type", "number_type", "finite_number", "int_parsing"):
        return f"{label}: {raw!r} is not a number; enter a number or leave it empty."
    if kind == "int_from_float":
        return f"{label}: {raw!r} is not a whole number; enter a whole number or leave it empty."
    if kind in ("bool_parsing", "bool_type"):
        return f"{label}: {raw!r} is not yes/no; use true or false."
    if kind == "enum":
        return f"{label}: {raw!r} is not allowed; choose one of {ctx.get('expected', '')}."
    if kind == "unit":
        return f"{label}: {pyd_msg}."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{label}: expected an object with named values, got {type(raw).__name__}."
    if kind == "too_long":
        return (f"{label}: {ctx.get('actual_length', 'too many')} entries; at most "
                f"{ctx.get('max_length', '')} are read.")
    return f"{label}: {pyd_msg}."


def unknown_key_error(loc: tuple[Any, ...], model: type[BaseModel],
                      extra_names: Sequence[str] = ()) -> FieldError:
    """An input the model does not know, with the closest known name."""
    key = field_key(loc)
    parent = field_key(loc[:-1])
    for part in loc[:-1]:
        if isinstance(part, int):
            continue   # a row of a list: its model is the list's item
        annotation = model.model_fields[str(part)].annotation
        for candidate in getattr(annotation, "__args__", (annotation,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
    names = list(model.model_fields) + (list(extra_names) if len(loc) == 1 else [])
    close = difflib.get_close_matches(str(loc[-1]), names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    where = f" in {parent}" if parent else ""
    return FieldError(key, f"Unknown input {str(loc[-1])!r}{where}; it is not read.{hint} "
                           f"Known inputs: {', '.join(names)}.")


def translate(exc: ValidationError, data: Mapping[str, Any], model: type[BaseModel],
              limits: Mapping[str, FieldLimit], labels: Mapping[str, str], unit_of: UnitOf,
              required: Mapping[str, str] | None = None,
              extra_names: Sequence[str] = ()) -> list[FieldError]:
    """Every pydantic error of ``exc`` as a field-named message. ``limits`` and
    ``labels`` name the fields; ``unit_of`` says which unit a field was typed in;
    ``required`` gives a special message for a missing required field."""

    def label(key: str) -> str:
        key = generic_key(key)
        if key in limits:
            return limits[key].label
        if key in labels:
            return labels[key]
        return key.rpartition(".")[2].replace("_", " ").capitalize() if key else "Input"

    errors: list[FieldError] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "cross_field":
            continue  # recomputed with field names below
        if kind == "extra_forbidden":
            errors.append(unknown_key_error(loc, model, extra_names))
            continue
        key = field_key(loc)
        raw = value_at(data, loc)
        limit = limits.get(generic_key(key))
        if kind in ("greater_than_equal", "less_than_equal") and limit is not None:
            errors.append(range_error(key, raw, limit, unit_of(limit, data)))
            continue
        if kind == "missing" and required and key in required:
            errors.append(FieldError(key, required[key]))
            continue
        errors.append(FieldError(key, type_message(label(key), kind, raw, err["msg"],
                                                   err.get("ctx") or {})))
    return errors
