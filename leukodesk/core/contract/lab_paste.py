"""Text pasted from a laboratory system or a spreadsheet, read into earlier counts (the
``history`` rows of RULES §13). A pure function: no Qt, no state, nothing guessed
silently.

The text is a table: tab, semicolon or comma separated (or columns lined up by two or
more spaces), found in that order unless the caller names the separator. A first line
with no date in it is the header; its names say what each column holds (WBC, Leukozyten,
ANC, Neutrophile abs., PLT, Thrombozyten, Hb, Hämoglobin …, see :data:`NAMES`), and the
caller may assign any column itself. Each other line is one set of counts at the time in
its date (or date-time) column, with an optional time-of-day column beside it; a
cumulative report with one column per date (the dates across its first line, the names
down its first column) is read turned, its rows then numbered by column. Decimal
points and decimal commas are both read; the paste's mark is taken from the values that
show it for certain. Values are kept in the units the user chooses in the dialog (the
caller converts).

The result holds the rows understood and, for every line that could not be read, its
number and why; plus notes on what was read and how (the separator, columns not read,
two-digit years), so the user sees what the paste was taken to mean before anything is
imported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from leukodesk.core.contract.lab_cells import (
    DATE_FORMS,
    DateOrder,
    decimal_mark_of,
    read_clock,
    read_count,
    read_time,
)
from leukodesk.core.contract.lab_names import ROLE_NAMES, VALUE_ROLES, column_role, header_unit

SEPARATORS = {"tab": "\t", "semicolon": ";", "comma": ",", "spaces": "  "}
SEPARATOR_WORDS = {"tab": "tabs", "semicolon": "semicolons", "comma": "commas",
                   "spaces": "two or more spaces"}
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True)
class PastedRow:
    """One set of counts understood: the line it came from, its time (ISO) and its values
    (role → a plain decimal text, in the units chosen for the paste)."""

    line: int
    time: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class LineProblem:
    """A line not read (or a column, in a report read across), and why."""

    line: int
    why: str
    where: str = "line"

    def __str__(self) -> str:
        return f"{self.where} {self.line}: {self.why}"


@dataclass(frozen=True)
class PasteResult:
    """What a paste was read as. ``columns``: each column's role (None: not read) and
    ``names`` its header text (None without a header); ``problems``: general reasons no
    row could be read (no date column, no WBC column); ``date_order_needed``: a line was
    refused only because its date could be day or month first; ``order_seen``: the order
    that a date of the paste shows for certain (a day above 12), for the dialog to offer."""

    rows: tuple[PastedRow, ...]
    lines_not_read: tuple[LineProblem, ...]
    separator: str
    columns: tuple[str | None, ...]
    names: tuple[str | None, ...] = ()
    header_line: int | None = None
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    header_units: Mapping[str, str] = field(default_factory=dict)
    date_order_needed: bool = False
    order_seen: DateOrder | None = None
    across: bool = False   # one column per date (a cumulative report): numbers are columns

    @property
    def where(self) -> str:
        """What a row's number counts: "line", or "column" in a report read across."""
        return "column" if self.across else "line"


def choose_separator(lines: Sequence[str]) -> str:
    """The separator of ``lines``: tab, semicolon, comma, then lined-up spaces."""
    if any("\t" in line for line in lines):
        return "tab"
    if any(";" in line for line in lines):
        return "semicolon"
    if any("," in line for line in lines) and not all(
            len(_SPACES.split(line.strip())) > 1 for line in lines):
        return "comma"
    if all(len(_SPACES.split(line.strip())) > 1 for line in lines):
        return "spaces"
    return "comma"


def split_line(line: str, separator: str) -> list[str]:
    """The cells of one line (quotes as a spreadsheet writes them), stripped."""
    if separator == "spaces":
        return [cell.strip() for cell in _SPACES.split(line.strip())]
    return [cell.strip() for cell in next(csv.reader([line], delimiter=SEPARATORS[separator]),
                                          [])]


def _usual_width(grid: Sequence[Sequence[str]]) -> int:
    """The number of columns most lines have (trailing empty cells not counted): a line
    with more is a line in error, not a wider table."""
    widths = [len(cells) - next((i for i, c in enumerate(reversed(cells)) if c), len(cells))
              for cells in grid]
    return max(set(widths), key=lambda w: (widths.count(w), w))


def _runs_across(split: Sequence[tuple[int, list[str]]]) -> bool:
    """Whether the dates run across the first line (a cumulative report, one column per
    date, the names down the first column)."""
    first = split[0][1] if split else []
    return sum(1 for c in first[1:] if read_time(c, "dmy").iso) >= 2


def _is_header(cells: Sequence[str]) -> bool:
    return any(any(ch.isalpha() for ch in c) for c in cells) and not any(
        read_time(c).iso or read_time(c).why.startswith(f"'{c}' could be") for c in cells)


def _time_columns(roles: list[str | None], grid: Sequence[Sequence[str]],
                  notes: list[str]) -> tuple[int | None, int | None]:
    """The date column and the time-of-day column beside it (either may be None). A
    column named as a time holding times of day only is the time-of-day column; a second
    date column is not read (noted)."""
    date_col = None
    clock_col = next((c for c, r in enumerate(roles) if r == "clock"), None)
    for col, role in enumerate(roles):
        if role != "time":
            continue
        cells = [row[col] for row in grid if col < len(row) and row[col]]
        if cells and clock_col is None and all(read_clock(c) is not None for c in cells):
            clock_col = col
            roles[col] = "clock"
            continue
        if date_col is None:
            date_col = col
        else:
            roles[col] = None
            notes.append(f"column {col + 1} is a second date column: not read (the first, "
                         f"column {date_col + 1}, gives the time)")
    return date_col, clock_col


def _decimal_mark(grid: Sequence[Sequence[str]], value_cols: Sequence[int]) -> str | None:
    marks = {decimal_mark_of(row[c]) for row in grid for c in value_cols if c < len(row)}
    marks.discard(None)
    return marks.pop() if len(marks) == 1 else None


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def parse_lab_paste(text: str, *, separator: str | None = None,
                    columns: Mapping[int, str | None] | None = None,
                    date_order: DateOrder | None = None) -> PasteResult:
    """Read pasted lab results into earlier counts.

    ``separator``: "tab", "semicolon", "comma" or "spaces" (None: found from the text).
    ``columns``: roles the user assigned (column index from 0 → a role of
    :data:`ROLE_NAMES`, or None for "not read"); they win over the header. ``date_order``:
    how to read a slash date that could be either ("dmy" or "mdy"); None refuses it,
    naming why. A row needs its time and its WBC (as every earlier count does, RULES §13);
    two lines at the same time are refused (the later one, naming the earlier)."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not numbered:
        return PasteResult((), (), separator or "tab", (),
                           problems=("Nothing to read: paste the lab results (a line per "
                                     "date) into the box.",))
    sep = separator or choose_separator([line for _, line in numbered])
    notes = [f"read as columns separated by {SEPARATOR_WORDS[sep]}"]
    split = [(n, split_line(line, sep)) for n, line in numbered]
    across = _runs_across(split)
    if across:   # one column per date: read it turned, each column numbered
        width = max(len(cells) for _, cells in split)
        split = [(j + 1, [cells[j] if j < len(cells) else "" for _, cells in split])
                 for j in range(width)]
        split = [(n, cells) for n, cells in split if any(cells)]
        notes.append("read across: one column per date, the names in the first column")
    header_line = names = None
    if _is_header(split[0][1]):
        header_line, names = split[0]
        split = split[1:]
    if not split:
        return PasteResult((), (), sep, tuple(column_role(n) for n in names or ()),
                           tuple(names or ()), header_line,
                           ("Only a header: there are no lines of counts below it.",),
                           tuple(notes))
    width = len(names) if names else _usual_width([cells for _, cells in split])
    roles: list[str | None] = [None] * width
    header_units: dict[str, str] = {}
    for col, name in enumerate(names or ()):
        roles[col] = column_role(name)
        unit = header_unit(roles[col], name)
        if unit is not None:
            header_units.setdefault(roles[col] or "", unit)
    grid = [cells for _, cells in split]
    if across:   # the line of dates, turned, is the time column whatever its name
        roles[0] = "time"
    elif names is None:   # no header: a column of dates is the time column, by its content
        for col in range(width):
            cells = [row[col] for row in grid if col < len(row) and row[col]]
            if cells and all(read_time(c, "dmy").iso for c in cells):
                roles[col] = "time"
                break
    for col, role in (columns or {}).items():
        if 0 <= col < width:
            roles[col] = role
    differential = ("differential.segs_pct", "differential.bands_pct")
    if "anc" in roles and any(r in differential for r in roles):
        roles = [None if r in differential else r for r in roles]
        notes.append("segmented and band % not read: the ANC column gives the neutrophils")
    date_col, clock_col = _time_columns(roles, grid, notes)
    unread = [(names[c] if names and c < len(names) and names[c] else f"column {c + 1}")
              for c, r in enumerate(roles)
              if r is None and any(c < len(row) and row[c] for row in grid)]
    if unread:
        notes.append("not read: " + ", ".join(unread))
    problems = []
    if date_col is None:
        problems.append("No date column: name it in a header (Date, Datum …) or assign it "
                        "above.")
    if "wbc" not in roles:
        problems.append("No WBC column (every earlier count needs its WBC): name it in a "
                        "header (WBC, Leukozyten …) or assign it above.")
    result = PasteResult((), (), sep, tuple(roles), tuple(names or ()), header_line,
                         tuple(problems), tuple(notes), header_units, across=across)
    if problems:
        return result
    assert date_col is not None
    return _read_rows(split, roles, date_col, clock_col, date_order, result)


def _read_rows(split: Sequence[tuple[int, list[str]]], roles: Sequence[str | None],
               date_col: int, clock_col: int | None, date_order: DateOrder | None,
               result: PasteResult) -> PasteResult:
    """Each line of ``split`` as a row, or the reason it is not one."""
    value_cols = [c for c, r in enumerate(roles) if r in VALUE_ROLES]
    mark = _decimal_mark([cells for _, cells in split], value_cols)
    rows: list[PastedRow] = []
    problems: list[LineProblem] = []
    seen: dict[datetime, int] = {}
    short_years: list[int] = []
    order_needed = False
    orders = set()
    for n, cells in split:
        extra = [c for c in cells[len(roles):] if c]
        if extra:
            values = [cells[c] for c in value_cols if c < len(cells)] + extra
            problems.append(LineProblem(n, f"'{SEPARATORS[result.separator].join(values)}' has "
                                           f"{len(values)} numbers for {len(value_cols)} "
                                           f"columns{_hint(result.separator, mark)}"))
            continue
        cell = cells[date_col] if date_col < len(cells) else ""
        reading = read_time(cell, date_order)
        if reading.order is not None:
            orders.add(reading.order)
        if reading.iso is None:
            order_needed |= "choose the date order" in reading.why
            why = reading.why if cell else "no date"
            problems.append(LineProblem(n, f"{why} ({DATE_FORMS})" if why.endswith(
                "is not a date") else why))
            continue
        iso = reading.iso
        if clock_col is not None and clock_col < len(cells) and cells[clock_col]:
            clock = read_clock(cells[clock_col])
            if clock is None:
                problems.append(LineProblem(n, f"'{cells[clock_col]}' is not a time of day"))
                continue
            if "T" in iso and not iso.endswith(f"T{clock}"):
                problems.append(LineProblem(n, f"'{cell}' and '{cells[clock_col]}' give two "
                                               "times of day"))
                continue
            iso = iso if "T" in iso else f"{iso}T{clock}"
        values, whys = {}, []
        for c in value_cols:
            got = read_count(cells[c], mark) if c < len(cells) else read_count("", mark)
            role = roles[c]
            assert role is not None
            if got.why:
                whys.append(f"{ROLE_NAMES[role]} {got.why}")
            elif got.value is not None:
                values[role] = got.value
        if whys:
            problems.append(LineProblem(n, "; ".join(whys)))
            continue
        if "wbc" not in values:
            problems.append(LineProblem(n, f"{iso}: no WBC (every earlier count needs its "
                                           "WBC)"))
            continue
        at = _moment(iso)
        if at in seen:
            problems.append(LineProblem(n, f"{iso} is the same time as {result.where} "
                                           f"{seen[at]} (a "
                                           "date alone counts as 00:00)"))
            continue
        seen[at] = n
        if reading.short_year:
            short_years.append(n)
        rows.append(PastedRow(n, iso, values))
    notes = list(result.notes)
    if mark == ",":
        notes.append("decimal commas read as decimal points")
    if short_years:
        notes.append(f"two-digit years read as 20yy ({result.where} "
                     + ", ".join(str(n) for n in short_years) + ")")
    return PasteResult(tuple(rows), tuple(replace(p, where=result.where) for p in problems),
                       result.separator, result.columns, result.names, result.header_line,
                       (), tuple(notes), result.header_units, order_needed,
                       orders.pop() if len(orders) == 1 else None, result.across)


def _hint(separator: str, mark: str | None) -> str:
    if separator == "comma":
        return " (a decimal comma in comma-separated text? use decimal points or semicolons)"
    return ""


def split_duplicates(rows: Sequence[PastedRow], taken: Mapping[str, str], where: str = "line",
                     ) -> tuple[tuple[PastedRow, ...], tuple[LineProblem, ...]]:
    """The rows whose time is not already taken, and a problem for each that is.
    ``taken``: ISO time → where it is taken ("row 3", "the current counts"); a date alone
    counts as 00:00 of its day (RULES §13). ``where``: what the rows' numbers count."""
    at = {}
    for iso, holder in taken.items():
        try:
            at.setdefault(_moment(iso), (iso, holder))
        except ValueError:
            continue   # a time the core refuses in the table: it names it there
    kept, dropped = [], []
    for row in rows:
        hit = at.get(_moment(row.time))
        if hit is None:
            kept.append(row)
        else:
            dropped.append(LineProblem(row.line, f"{row.time} is already in the table "
                                                 f"({hit[1]}, {hit[0]}): not imported",
                                        where))
    return tuple(kept), tuple(dropped)
