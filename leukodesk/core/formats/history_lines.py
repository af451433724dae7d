"""The serial counts of RULES §13 as a compact table, once, for every hand-off: the
copy-to-note text and the PDF (:mod:`.note`, a section of its :class:`Handoff`) and
``leukodesk assess --text`` (:mod:`.summary`).

One row per point of the trend, oldest first, the current counts last and marked
"← current" (in words, not by emphasis alone): the time as the trend's words write it
("14 Mar 2026", "14 Mar 2026 09:30": :func:`.trend_lines.when`), WBC, ANC (given or
from the differential; "—" when neither), platelets and hemoglobin, in canonical units
(×10⁹/L, g/dL) whatever units the history was entered in, as the core converted them.
Each figure is written as the note writes an input (:func:`plain_input`): never rounded
across a threshold of the rule set or the lower limit of normal in force.

Every entry carries its cells (:attr:`Entry.cells`), for paper to set as a table; its text
is the same row with the columns padded by spaces, for plain text. Shown only when a
history was given (``trend_points`` is then never empty).

Pure functions of an :class:`Assessment`; no Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leukodesk.core.formats.display import plain_input
from leukodesk.core.formats.handoff import Entry, Section
from leukodesk.core.formats.trend_lines import when
from leukodesk.core.rules import thresholds as rules

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment
    from leukodesk.core.contract.trend_outputs import TrendPoint

TITLE = "Serial counts, oldest first"
UNITS = f"WBC, ANC and platelets in {rules.COUNT}, hemoglobin (Hb) in g/dL."
HEADER = ("Time", "WBC", "ANC", "Platelets", "Hb g/dL", "")
ALIGN = "lrrrrl"      # per column: left, or right (figures line up on their last digit)
CURRENT = "← current"
MISSING = "—"
GAP = "  "            # between two columns of the plain text


def _cells(a: Assessment, p: TrendPoint) -> tuple[str, ...]:
    lln = a.effective_lln

    def figure(value: float | None, unit: str, limit: float) -> str:
        return MISSING if value is None else plain_input(value, unit, limit)

    return (when(p.time), figure(p.wbc, rules.COUNT, lln.wbc), figure(p.anc, rules.COUNT, lln.anc),
            figure(p.platelets, rules.COUNT, lln.platelets),
            figure(p.hemoglobin_g_dl, "g/dL", lln.hemoglobin), CURRENT if p.current else "")


def padded(rows: list[tuple[str, ...]], align: str = ALIGN) -> list[str]:
    """``rows`` as lines of text, each column as wide as its widest cell, left or right
    aligned by ``align``, columns ``GAP`` apart; no trailing spaces."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    return [GAP.join(cell.rjust(w) if side == "r" else cell.ljust(w)
                     for cell, w, side in zip(row, widths, align, strict=True)).rstrip()
            for row in rows]


def history_entries(a: Assessment) -> tuple[Entry, ...]:
    """The table of ``a``'s serial counts (empty without a history): a header row, one
    row per point, the current counts last and marked, then the units in words."""
    if not a.trend_points:
        return ()
    rows = [HEADER, *(_cells(a, p) for p in a.trend_points)]
    current = [False, *(p.current for p in a.trend_points)]
    return (*(Entry(text, strong=now, cells=cells)
              for text, cells, now in zip(padded(rows), rows, current, strict=True)),
            Entry(UNITS))


def history_section(a: Assessment) -> Section | None:
    """The serial counts as a hand-off section (None without a history)."""
    entries = history_entries(a)
    return Section(TITLE, entries, columns=ALIGN) if entries else None
