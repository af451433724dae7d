"""An invalid optional input counts as not entered (RULES §2a), and a unit slip is offered
back as one click.

The window's value is often half typed, so unlike the command line (which refuses an invalid
document whole) it assesses what is valid: each invalid optional field is left out of the
document and the core is asked again. WBC is required: an invalid WBC leaves no result. A
cross-field problem (the ANC or the differential above the WBC) leaves out the ANC or the
differential, never the WBC, because the core names that field. Plain functions and frozen
data: nothing here is remembered between keystrokes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.contract.limits import LIMITS, UNIT_GROUP_OF_KIND
from leukodesk.core.contract.units import UNIT_LABELS, from_canonical, parse_unit, to_canonical
from leukodesk.core.formats.display import plain, plain_input

T = TypeVar("T")
REQUIRED = ("wbc",)
# The neutrophil part of a differential stands or falls whole: segmented % alone is not
# the ANC, so a problem with either leaves both out.
LEFT_OUT_TOGETHER = {
    "differential.segs_pct": ("differential.segs_pct", "differential.bands_pct"),
    "differential.bands_pct": ("differential.segs_pct", "differential.bands_pct"),
}
# The input an output "needs" (NotAssessed.needs) that a field of the window stands for.
NEED_OF_FIELD = {"differential.segs_pct": "anc", "differential.bands_pct": "anc",
                 "differential.lymphs_pct": "lymphocytes", "differential.monos_pct": "monocytes"}
# RULES §13: the inputs of the history that may be left out as a whole, and the values a
# row cannot be a point without (history[3].time, history[3].wbc).
HISTORY_KEYS = ("history", "counts_time", "last_chemo_at")
ROW_NEEDS = ("time", "wbc")
_ROW = re.compile(r"history\[(\d+)\]")
# Groups whose only field in the window is this one: a slip there is fixed by choosing the
# unit it was typed in (no conversion, so no rounding: 101 °F stays 101 °F).
SINGLE_FIELD_GROUPS = {"temperature_c": "temperature", "weight_kg": "weight"}


@dataclass(frozen=True)
class Fix:
    """A unit slip's reading, offered as one click: put ``text`` in the field, or choose
    ``unit`` (a unit value) for the field's group (``group``) and keep the text."""

    key: str
    label: str
    text: str | None = None
    group: str | None = None
    unit: str | None = None


def leave_out(document: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """``document`` without the (dotted) ``keys``; an object left empty goes too."""
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, Mapping) else v)
                           for k, v in document.items()}
    for key in keys:
        parent, _, leaf = key.rpartition(".")
        target = out.get(parent) if parent else out
        if isinstance(target, dict):
            target.pop(leaf, None)
            if parent and not target:
                out.pop(parent, None)
    return out


def _optional(field: str) -> bool:
    return (field in LIMITS and field not in REQUIRED) or field in HISTORY_KEYS \
        or _ROW.match(field) is not None


def _renamed(error: FieldError, kept: list[int]) -> FieldError:
    """``error`` with every history row named by its index in the document first given
    (``kept``: that index for each row still in the document)."""
    def original(match: re.Match[str]) -> str:
        i = int(match.group(1))
        return f"history[{kept[i]}]" if i < len(kept) else match.group(0)

    if "history[" not in error.field + error.message:
        return error
    return replace(error, field=_ROW.sub(original, error.field),
                   message=_ROW.sub(original, error.message))


def _without_history_problems(doc: Mapping[str, Any], errors: list[FieldError],
                              kept: list[int]) -> tuple[dict[str, Any], list[int]]:
    """``doc`` without what ``errors`` name in the history (RULES §13, §2a): a row whose
    time or WBC is invalid is no point and goes whole; any other bad value of a row goes
    alone (both neutrophil percentages together); the whole history goes when it cannot
    be read as one, or the time of the current counts is missing or invalid (it is the
    last point). The other fields named are left out as fields."""
    rows_out: set[int] = set()
    cells_out: dict[int, set[str]] = {}
    fields: set[str] = set()
    whole = False
    for error in errors:
        match = _ROW.match(error.field)
        if match is None:
            whole |= error.field in ("history", "counts_time")
            fields.update(LEFT_OUT_TOGETHER.get(error.field, (error.field,)))
            continue
        head = error.field[match.end():].lstrip(".").split(".")[0]
        if head in ROW_NEEDS or not head:
            rows_out.add(int(match.group(1)))
        else:
            cells_out.setdefault(int(match.group(1)), set()).add(head)
    out = leave_out(doc, fields - {"history"})
    rows = out.pop("history", None)
    if whole or not isinstance(rows, list):
        return out, []
    kept_rows, still = [], []
    for i, row in enumerate(rows):
        if i in rows_out:
            continue
        if i in cells_out and isinstance(row, Mapping):
            row = {k: v for k, v in row.items() if k not in cells_out[i]}
        kept_rows.append(row)
        still.append(kept[i])
    if kept_rows:
        out["history"] = kept_rows
    return out, still


def assess_leaving_out(document: Mapping[str, Any], assess: Callable[[Any], T],
                       ) -> tuple[T | None, dict[str, FieldError]]:
    """The core's result with every invalid optional field left out, and every problem
    found (field → error). None when the WBC (or anything not optional) is invalid. A
    problem of a history row keeps the row's index in ``document``, though the rows
    before it may have been left out meanwhile."""
    problems: dict[str, FieldError] = {}
    doc: Mapping[str, Any] = document
    rows = document.get("history")
    kept = list(range(len(rows))) if isinstance(rows, list) else []
    while True:
        try:
            return assess(doc), problems
        except InputErrors as exc:
            for error in exc.errors:
                renamed = _renamed(error, kept)
                problems.setdefault(renamed.field, renamed)
            if not all(_optional(e.field) for e in exc.errors):
                return None, problems
            smaller, kept = _without_history_problems(doc, exc.errors, kept)
            if smaller == doc:   # nothing left to leave out
                return None, problems
            doc = smaller


def needs_of(invalid: Iterable[str]) -> dict[str, str]:
    """Each invalid field as the input key an output "needs" → the field's name."""
    return {NEED_OF_FIELD.get(k, k): LIMITS[k].label for k in invalid if k in LIMITS}


def not_assessed_line(message: str, needs: Iterable[str], invalid: Mapping[str, str]) -> str:
    """A not-assessed line of the core, or "… not assessed — fix <field>" when an input it
    needs was typed but is invalid (``invalid``: need key → field name, :func:`needs_of`)."""
    fix = [invalid[n] for n in needs if n in invalid]
    if not fix:
        return message
    output = message.partition(": not assessed")[0]
    return f"{output}: not assessed — fix {' and '.join(dict.fromkeys(fix))}."


def without_offer(message: str) -> str:
    """The core's message without its "Did you mean …?" (the fix button offers it)."""
    return message.partition(" Did you mean ")[0]


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def unit_fix(key: str, typed: str, unit: Enum, suggested: str) -> Fix | None:
    """The reading the core suggested for ``typed`` (``typed`` as the core read it, in
    ``unit``), as a one-click fix; None when there is none to offer."""
    value = _decimal(typed)
    other = parse_unit(type(unit), suggested)
    lim = LIMITS.get(key)
    if value is None or other is None or other is unit or lim is None or lim.unit_kind is None:
        return None
    canonical = to_canonical(value, other)
    group = SINGLE_FIELD_GROUPS.get(key)
    if group is not None:
        shown = f"Use {plain(value)} {UNIT_LABELS[other]}"
        if other is not next(iter(type(other))):  # one decimal, never across a threshold
            shown += f" (= {plain_input(canonical, UNIT_LABELS[next(iter(type(other)))], None, 1)}"
            shown += f" {UNIT_LABELS[next(iter(type(other)))]})"
        return Fix(key, shown, group=group, unit=other.value)
    here = from_canonical(canonical, unit).normalize()
    if here.as_tuple().exponent < -6:  # type: ignore[operator]
        return None  # not a short exact number in this unit
    text = format(here, "f")
    return Fix(key, f"Use {text} {UNIT_LABELS[unit]}", text=text)


def group_of(key: str) -> str | None:
    lim = LIMITS.get(key)
    return None if lim is None or lim.unit_kind is None else UNIT_GROUP_OF_KIND[lim.unit_kind]
