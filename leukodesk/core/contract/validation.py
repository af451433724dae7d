"""Turn a raw input document into ``PatientInputs`` or a list of field-named problems.

Every message names the field, the value as typed (in the unit it was typed in) and
what is allowed; a value that would be plausible in the other unit of its group gets
that reading offered (RULES §1 unit-slip guard). All problems are reported together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import ValidationError

from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.contract.field_errors import translate
from leukodesk.core.contract.history_inputs import history_problems, read_moment
from leukodesk.core.contract.limits import HISTORY_LIMITS, LIMITS, OTHER_LABELS, FieldLimit
from leukodesk.core.contract.models import (
    CROSS_CHECKED,
    PatientInputs,
    canonical_numbers,
    cross_field_problems,
    read_units,
)
from leukodesk.core.contract.units import UNIT_LABELS, from_canonical
from leukodesk.core.formats.display import plain, plain_beside

__all__ = ["FieldError", "InputErrors", "parse_inputs"]

_ALL_LIMITS = {**LIMITS, **HISTORY_LIMITS}
REQUIRED = {"wbc": "WBC is required: enter the white cell count (the only required input)."}


def _field_order() -> dict[str, int]:
    """Errors are listed in the order the inputs appear in the model."""
    keys: list[str] = []
    for name in PatientInputs.model_fields:
        keys.append(name)
        keys += [k for k in LIMITS if k.startswith(name + ".")]
    return {key: i for i, key in enumerate(keys)}


_ORDER = _field_order()
_ROW = re.compile(r"(\w+)\[(\d+)\]")


def _entry_unit(lim: FieldLimit, data: Mapping[str, Any]) -> Enum | None:
    """The unit a patient input was typed in: its group's entry in ``units``."""
    if lim.unit_kind is None:
        return None
    return read_units(data)[lim.unit_kind]


def _cross_errors(doc: Mapping[str, Any], units: Mapping[type[Enum], Enum | None],
                  bad: set[str], prefix: str = "") -> list[FieldError]:
    """RULES §2 between the counts of the document, or of one history row (``doc`` the
    row, ``prefix`` its name, "history[3]."), for the fields that are individually valid."""
    values = {k: v for k, v in canonical_numbers(doc, CROSS_CHECKED, units).items()
              if prefix + k not in bad}
    count_unit = units[LIMITS["wbc"].unit_kind]   # type: ignore[index]

    def as_typed(value: Decimal, beside: Decimal) -> str:
        if count_unit is None:
            return f"{plain_beside(value, (beside,))} ×10⁹/L"
        shown = plain_beside(from_canonical(value, count_unit),
                             (from_canonical(beside, count_unit),))
        return f"{shown} {UNIT_LABELS[count_unit]}"

    errors: list[FieldError] = []
    for key, message in cross_field_problems(values, as_typed):
        suggested = None
        if key in ("anc", "lymphocytes"):
            unit = units[LIMITS[key].unit_kind]   # type: ignore[index]
            part = values[key]
            if unit is next(iter(unit.__class__)) and part / 1000 <= values["wbc"]:
                other = [u for u in unit.__class__ if u is not unit][0]
                message += (f" Did you mean {plain(part)} {UNIT_LABELS[other]} = "
                            f"{plain(part / 1000, 3)} ×10⁹/L?")
                suggested = other.value
        errors.append(FieldError(prefix + key, message, suggested))
    differential = doc.get("differential")
    if doc.get("anc") is not None and isinstance(differential, Mapping) and any(
            differential.get(k) is not None for k in ("segs_pct", "bands_pct")):
        errors.append(FieldError(prefix + "anc", "Give the ANC or a differential (segmented "
                                                 "and band %), not both: clear one of them."))
    if doc.get("monocytes") is not None and isinstance(differential, Mapping) and \
            differential.get("monos_pct") is not None:
        errors.append(FieldError("monocytes", "Give the monocyte count or the differential's "
                                              "monocytes %, not both: clear one of them."))
    return errors


def _history_errors(data: Mapping[str, Any], bad: set[str]) -> list[FieldError]:
    """RULES §13: each earlier count's values (§2), and the rows' times against each other
    and the current counts, each error naming its row."""
    rows = data.get("history")
    if not isinstance(rows, list) or not rows:
        return []
    units = read_units(data)
    errors: list[FieldError] = []
    for i, row in enumerate(rows):
        if isinstance(row, Mapping):
            errors += _cross_errors(row, units, bad, f"history[{i}].")
    counts_time = data.get("counts_time")
    times = [read_moment(row.get("time")) if isinstance(row, Mapping) else None for row in rows]
    errors += [FieldError(key, message) for key, message in
               history_problems(times, read_moment(counts_time), counts_time is not None)]
    return errors


def _sort_key(field: str) -> tuple[int, int]:
    """Errors in the order the inputs appear in the model; a list's rows in order."""
    index = _ROW.match(field)
    if index is not None:
        return _ORDER.get(index.group(1), 999), int(index.group(2))
    return _ORDER.get(field, _ORDER.get(field.split(".")[0], 999)), -1


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
        errors = translate(exc, data, PatientInputs, _ALL_LIMITS, OTHER_LABELS, _entry_unit,
                           REQUIRED)
    bad = {e.field for e in errors}
    errors += _cross_errors(data, read_units(data), bad)
    if result is None:   # a history the model took has nothing to name (60 rows: not twice)
        errors += _history_errors(data, bad)
    if errors:
        errors.sort(key=lambda e: _sort_key(e.field))
        raise InputErrors(errors)
    assert result is not None
    return result
