"""Reading one cell of a laboratory report or of the window's history table: a date or
date-time, a time of day, a count. Standard library only (the window reads typed times
with it before the engine loads).

Nothing is guessed silently: a slash date that could be either day or month first
(03/04/2026) is read only in the order the caller gives, and a number whose separator
could group thousands ("1.500" beside decimal commas) is refused with the reason. Every
refusal says what was read and why it was not taken, for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

DateOrder = Literal["dmy", "mdy"]
DATE_FORMS = "2026-03-14, 14.03.2026 or 14/03/2026, with an optional time 09:30"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Not a value: the cell is empty (a test not done, a placeholder of the lab system).
EMPTY_CELLS = frozenset({"", "-", "--", "---", "–", "—", "n.d.", "n.d", "nd", "n/a", "na",
                         "entfällt", "nicht bestimmt"})

_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap]\.?m\.?))?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\s*" + _CLOCK + r")?", re.I)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:,?\s+" + _CLOCK + r")?", re.I)
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s+" + _CLOCK + r")?", re.I)
_CLOCK_ONLY = re.compile(_CLOCK, re.I)
_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?", re.ASCII)
_UHR = re.compile(r"\s*(?:uhr|h)\.?$", re.I)
# A flag a lab system writes after a value: high, low, out of range.
_FLAG = re.compile(r"\s*(?:[HL]|\+\+?|--?|\*+|!+|↑|↓)$")
_NUMBER = re.compile(r"(\d+)(?:([.,])(\d+))?")


@dataclass(frozen=True)
class TimeReading:
    """A cell read as a time: ``iso`` (2026-03-14 or 2026-03-14T09:30) or None with
    ``why``; ``short_year`` when a two-digit year was read as 20yy; ``order`` when the
    cell itself shows the order of a slash date (a day above 12)."""

    iso: str | None
    why: str = ""
    short_year: bool = False
    order: DateOrder | None = None


def _clock(groups: tuple[str | None, ...]) -> tuple[int, int, int | None] | str:
    """Hours, minutes and seconds of a matched time of day, or why it is not one."""
    hour, minute, second, half = groups
    h, m = int(hour or 0), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return f"{h} {half} is not a time of day"
        h = h % 12 + (12 if half.lower().startswith("p") else 0)
    if h > 23 or m > 59 or (second is not None and int(second) > 59):
        return f"{hour}:{minute} is not a time of day"
    return h, m, None if second is None else int(second)


def _iso(year: int, month: int, day: int, clock: tuple[int, int, int | None] | None,
         text: str) -> TimeReading:
    try:
        datetime(year, month, day)
    except ValueError:
        return TimeReading(None, f"'{text}' is not a date (there is no such day)")
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if clock is not None:
        h, m, s = clock
        iso += f"T{h:02d}:{m:02d}" + ("" if s is None else f":{s:02d}")
    return TimeReading(iso)


def read_time(text: str, order: DateOrder | None = None) -> TimeReading:
    """A date or date-time as written in a lab report: ISO (2026-03-14, with T or a space
    before a time), dotted day first (14.03.2026), or with slashes (14/03/2026 day first,
    03/14/2026 month first), each with an optional time (09:30, 9:30:15, 9:30 PM,
    "09:30 Uhr"). A two-digit year is read as 20yy (``short_year``). A slash date whose
    first two numbers are both 12 or less is read in ``order`` and refused without one."""
    shown = text.strip()
    cell = _UHR.sub("", shown)
    for pattern, kind in ((_ISO, "iso"), (_DOTTED, "dotted"), (_SLASHED, "slashed")):
        match = pattern.fullmatch(cell)
        if match is None:
            continue
        first, second, third = (int(g) for g in match.groups()[:3])
        clock: tuple[int, int, int | None] | None = None
        if match.group(5) is not None:
            read = _clock(match.groups()[3:7])
            if isinstance(read, str):
                return TimeReading(None, f"'{shown}': {read}")
            clock = read
        if kind == "iso":
            return _iso(first, second, third, clock, shown)
        year = third if len(match.group(3)) == 4 else 2000 + third
        short = len(match.group(3)) == 2
        if kind == "dotted":
            reading = _iso(year, second, first, clock, shown)
            return TimeReading(reading.iso, reading.why, short and reading.iso is not None)
        seen: DateOrder | None = "dmy" if first > 12 >= second else \
            "mdy" if second > 12 >= first else None
        use = order or seen   # an order chosen holds for every date (14/03 breaks mdy)
        if use is None and first != second:
            return TimeReading(None, f"'{shown}' could be {first} {MONTHS[second - 1]} or "
                                     f"{second} {MONTHS[first - 1]}: choose the date order")
        if use is None:
            use = "dmy"   # 03/03: the same day either way
        day, month = (first, second) if use == "dmy" else (second, first)
        if month > 12:
            return TimeReading(None, f"'{shown}' is not a date in the order chosen (month "
                                     f"{month})")
        reading = _iso(year, month, day, clock, shown)
        return TimeReading(reading.iso, reading.why, short and reading.iso is not None, seen)
    return TimeReading(None, f"'{shown}' is not a date" if shown else "no date")


def read_clock(text: str) -> str | None:
    """A time of day alone (09:30, 9:30:15, 9:30 pm, "09:30 Uhr") as HH:MM[:SS]; None
    when the cell is not one."""
    match = _CLOCK_ONLY.fullmatch(_UHR.sub("", text.strip()))
    if match is None:
        return None
    read = _clock(match.groups())
    if isinstance(read, str):
        return None
    h, m, s = read
    return f"{h:02d}:{m:02d}" + ("" if s is None else f":{s:02d}")


def typed_time(text: str) -> str:
    """What a time typed in the window's history means for the core: an ISO date or
    date-time, or a dotted date (14.03.2026 09:30), as ISO; anything else unchanged, so
    that the core refuses it in its own words (a slash date too: its order is not
    guessed)."""
    cell = text.strip()
    if "/" in cell or not cell or _PLAIN_ISO.fullmatch(cell):
        return cell   # (ISO as the core reads it: 60 rows are read on every keystroke)
    reading = read_time(cell)
    return reading.iso if reading.iso is not None and not reading.short_year else cell


@dataclass(frozen=True)
class NumberReading:
    """A cell read as a count: ``value`` as a plain decimal text with a point ("0.8"),
    None when the cell is empty (``why`` "") or not a number (``why`` says so)."""

    value: str | None
    why: str = ""


def decimal_mark_of(text: str) -> str | None:
    """The decimal mark a cell shows for certain: "," or "." when it cannot be a
    thousands separator (not exactly three digits after it, or a leading 0); else None."""
    match = _NUMBER.fullmatch(_FLAG.sub("", text.strip()))
    if match is None or match.group(2) is None:
        return None
    whole, mark, fraction = match.groups()
    if len(fraction) != 3 or whole == "0" or len(whole) > 3:
        return mark
    return None


def read_count(text: str, mark: str | None) -> NumberReading:
    """A lab value: digits with at most one decimal mark, and a trailing high/low flag
    (H, L, *, ↑, ↓) dropped. ``mark`` is the decimal mark of the whole paste when known.
    A value with the other mark and three digits after it ("1.500" beside decimal
    commas), or with three digits after a mark when the paste's is not known, could
    group thousands: refused, as are "<0.1" and other inexact values."""
    cell = text.strip()
    if cell.lower() in EMPTY_CELLS:
        return NumberReading(None)
    bare = _FLAG.sub("", cell)
    if bare[:1] in "<>≤≥":
        return NumberReading(None, f"'{cell}' is not an exact value")
    match = _NUMBER.fullmatch(bare)
    if match is None:
        return NumberReading(None, f"'{cell}' is not a number")
    whole, used, fraction = match.groups()
    if used is None:
        return NumberReading(str(int(whole)))
    if decimal_mark_of(bare) is None and used != mark:
        return NumberReading(None, f"'{cell}' could be {whole}{fraction} or {whole}.{fraction}"
                                   ": write it without a thousands separator")
    return NumberReading(f"{int(whole)}.{fraction}")
