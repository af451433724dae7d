"""The earlier counts as the window's draft holds them (RULES §13): a table of texts exactly
as typed, each number with the unit it was typed in, so that a unit switch converts from
what was typed and never drifts (as the current counts do). Plain Python, no Qt: the view
model owns one, the history table shows it.

A row with no text at all is not a point (a row just added, not yet typed in); every other
row goes into the document as typed, and the core says what is wrong with it. The
document's rows are numbered from 0 without the empty rows, so :func:`table_errors` names
each problem by the table's own row, as the user sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from leukodesk.core.contract.lab_cells import typed_time
from leukodesk.ui.draft import converted, number_text

# The cells of a row, in the table's order; the keys of a history row in the contract.
CELLS = ("time", "wbc", "anc", "differential.segs_pct", "differential.bands_pct",
         "platelets", "hemoglobin_g_dl")
# The unit group each number is typed in (the units of the current counts).
CELL_GROUPS = {"wbc": "counts", "anc": "counts", "platelets": "counts",
               "hemoglobin_g_dl": "hemoglobin"}
_ROW = re.compile(r"history\[(\d+)\]")
_PATHS = tuple((key, *key.rpartition(".")[::2]) for key in CELLS)   # (key, parent, leaf)


@dataclass(frozen=True)
class _Cell:
    """One cell, never changed in place (a change makes a new cell): ``value``, what the
    core reads, is derived from the other fields when the cell is made, so it cannot
    disagree with them (60 rows are read on every keystroke)."""

    key: str
    text: str                   # as shown
    typed: str                  # as typed ...
    unit: Enum | None           # ... in this unit (None: a time or a percentage)
    exact: str | None = None    # the full-precision value behind a converted text
    value: str = field(init=False, compare=False)   # what the core reads; "" when empty

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", "" if not self.text.strip() else _core_value(
            self.key, self.text, self.exact))


def _core_value(key: str, text: str, exact: str | None) -> str:
    """What the core reads for a cell: a time as ISO when it reads as one (a dotted date
    too), the full-precision value behind a converted number, else the number as typed
    (a lone decimal comma read as a point)."""
    if key == "time":
        return typed_time(text)
    return exact or number_text(text)


class HistoryDraft:
    """The rows of earlier counts being typed: texts per cell, nothing computed."""

    def __init__(self) -> None:
        self._rows: list[dict[str, _Cell]] = []

    def __len__(self) -> int:
        return len(self._rows)

    def text(self, row: int, key: str) -> str:
        cell = self._rows[row].get(key)
        return "" if cell is None else cell.text

    def texts(self) -> tuple[tuple[str, ...], ...]:
        """Every row's texts in the order of :data:`CELLS`."""
        return tuple(tuple(self.text(r, key) for key in CELLS) for r in range(len(self)))

    def has_text(self) -> bool:
        return any(cell.value for row in self._rows for cell in row.values())  # "": no text

    def column_has_text(self, key: str) -> bool:
        return any(row[key].text.strip() for row in self._rows if key in row)

    # --- changing -------------------------------------------------------------------------
    def set_text(self, row: int, key: str, text: str, unit: Enum | None) -> bool:
        """The user typed ``text`` into a cell (in ``unit``); whether anything changed."""
        if key not in CELLS or not 0 <= row < len(self) or self.text(row, key) == text:
            return False
        self._rows[row][key] = _Cell(key, text, text, unit)
        return True

    def remove(self, rows: Iterable[int]) -> list[int]:
        """Remove the rows given (table indices); the ones removed, in order."""
        gone = sorted({r for r in rows if 0 <= r < len(self)})
        for r in reversed(gone):
            del self._rows[r]
        return gone

    def clear(self) -> None:
        self._rows.clear()

    def convert(self, group: str, unit: Enum) -> None:
        """The unit of ``group`` is now ``unit``: each number typed in that group is shown
        in it, converted from what was typed (a text that is no number stays as typed)."""
        for row in self._rows:
            for key, cell in row.items():
                if cell.unit is None or CELL_GROUPS.get(key) != group:
                    continue
                shown = converted(cell.typed, cell.unit, unit)
                if shown is not None:
                    row[key] = replace(cell, text=shown[0], exact=shown[1])

    def add(self, rows: Sequence[Mapping[str, str]], typed_in: Mapping[str, Enum],
            units: Mapping[str, Enum]) -> list[int]:
        """Append ``rows`` (cell key → text), their numbers typed in the units
        ``typed_in`` (a unit group → unit) and shown in ``units``: a case being opened or
        lab results pasted. The indices of the new rows."""
        added = []
        for values in rows:
            cells: dict[str, _Cell] = {}
            for key, text in values.items():
                if key not in CELLS or not text:
                    continue
                group = CELL_GROUPS.get(key)
                if group is None:
                    cells[key] = _Cell(key, text, text, None)
                    continue
                shown = converted(text, typed_in[group], units[group])
                shown_text, exact = shown if shown is not None else (text, None)
                cells[key] = _Cell(key, shown_text, text, typed_in[group], exact)
            self._rows.append(cells)
            added.append(len(self._rows) - 1)
        return added

    # --- reading --------------------------------------------------------------------------
    def value(self, row: int, key: str) -> str:
        """What the core reads for a cell: a time as ISO when it reads as one (a dotted
        date too), the full-precision value behind a converted number, else the number as
        typed (a lone decimal comma read as a point)."""
        return self._rows[row][key].value

    def document(self) -> tuple[list[dict[str, Any]], tuple[int, ...]]:
        """The ``history`` rows of the document (only the cells typed in; the empty rows
        left out), and the table row of each."""
        rows: list[dict[str, Any]] = []
        where: list[int] = []
        for r, cells in enumerate(self._rows):
            row: dict[str, Any] = {}
            for key, parent, leaf in _PATHS:
                cell = cells.get(key)
                if cell is None or not cell.value:   # no text (value "" only then)
                    continue
                (row.setdefault(parent, {}) if parent else row)[leaf] = cell.value
            if row:
                rows.append(row)
                where.append(r)
        return rows, tuple(where)

    def times(self) -> dict[int, str]:
        """Each row's time as the core reads it (rows with a time only), by table row."""
        return {r: self.value(r, "time") for r, cells in enumerate(self._rows)
                if "time" in cells and cells["time"].text.strip()}


def table_errors(errors: Mapping[str, str], where: Sequence[int]) -> dict[str, str]:
    """``errors`` with each problem of a history row named by its row in the table: the
    key "history[i].…" becomes "history[r].…" (r the table row, from 0) and the message
    starts "Earlier counts, row r+1:", every "history[j]" it mentions read "row …"."""
    def row_of(match: re.Match[str]) -> str:
        i = int(match.group(1))
        return f"row {where[i] + 1}" if i < len(where) else match.group(0)

    out = {}
    for key, message in errors.items():
        match = _ROW.match(key)
        if match is None or int(match.group(1)) >= len(where):
            out[key] = message
            continue
        r = where[int(match.group(1))]
        out[f"history[{r}]{key[match.end():]}"] = (f"Earlier counts, row {r + 1}: "
                                                  + _ROW.sub(row_of, message))
    return out
