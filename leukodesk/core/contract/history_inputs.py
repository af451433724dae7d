"""The earlier counts of RULES §13 (rule set 2026.2): ``history`` rows, the time of the
current counts and the end of the last chemotherapy, and the checks between rows.

A time is an ISO date ("2026-03-14") or date-time ("2026-03-14T09:30", seconds allowed),
local time, no zone; it is kept as the user wrote it (every output echoes it). For ordering
and duplicates a date alone counts as 00:00 of its day, so a date and a date-time on the
same day are two points unless the date-time is 00:00. Days between two points are the
difference of their calendar dates unless both carry a time of day; then hours / 24.

Numbers of a row are in the units of the document's ``units`` and keep the limits of the
current counts (RULES §2); :class:`~leukodesk.core.contract.models.PatientInputs` converts
them to canonical units on the way in, like the current counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from leukodesk.core.contract.field_types import FROZEN, Differential, bounded, reject_bool
from leukodesk.core.contract.limits import HISTORY_MAX_ROWS, HISTORY_MAX_SPAN_DAYS, LIMITS
from leukodesk.core.formats.display import plain_beside

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?", re.ASCII)
_SECONDS_PER_DAY = Decimal(86400)
_SPAN = (Decimal(HISTORY_MAX_SPAN_DAYS),)
_SPAN_DELTA = timedelta(days=HISTORY_MAX_SPAN_DAYS)
_DATE_LENGTH = len("2026-03-14")
_new_tuple = tuple.__new__
TIME_EXAMPLES = "a date (2026-03-14) or a date and time (2026-03-14T09:30)"


class Moment(NamedTuple):   # a tuple: 60 rows are read on every keystroke
    """A time as entered: ``at`` for ordering (a date alone at 00:00), whether it carries a
    time of day, and the text as written."""

    at: datetime
    has_time: bool
    text: str


def read_moment(value: Any) -> Moment | None:
    """The moment an ISO date or date-time stands for; None if ``value`` is not one."""
    if not isinstance(value, str):
        return None
    if _TIME.fullmatch(value) is None:   # the forms allowed, whatever this Python reads
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None   # 2026-02-30, 25:00 ...
    # tuple.__new__ as Moment._make does, without the class's generated __new__ (half the
    # time of this function; it runs for each row several times per keystroke)
    return _new_tuple(Moment, (at, len(value) > _DATE_LENGTH, value))


def days_between(earlier: Moment, later: Moment) -> Decimal:
    """Days from ``earlier`` to ``later`` (RULES §13): the difference of the calendar dates,
    unless both carry a time of day, then hours / 24 (exact)."""
    if earlier.has_time and later.has_time:
        span = later.at - earlier.at
        return Decimal(span.days) + Decimal(span.seconds) / _SECONDS_PER_DAY
    return Decimal((later.at.date() - earlier.at.date()).days)


def _beyond_span(earlier: Moment, later: Moment) -> bool:
    """Whether :func:`days_between` exceeds the history's span, told without decimals
    (the same comparison on whole days and seconds: every row is checked per keystroke)."""
    if earlier.has_time and later.has_time:
        return later.at - earlier.at > _SPAN_DELTA
    return (later.at.date() - earlier.at.date()).days > HISTORY_MAX_SPAN_DAYS


def _check_time(value: Any) -> Any:
    if read_moment(value) is not None:
        return value
    raise PydanticCustomError("iso_time", "{value} is not " + TIME_EXAMPLES,
                              {"value": repr(value)})


IsoTime = Annotated[str, BeforeValidator(_check_time)]


class HistoryRow(BaseModel):
    """One earlier set of counts (RULES §13), validated as the current counts are (§2)."""

    model_config = FROZEN
    time: IsoTime = Field(description="When the blood was taken: " + TIME_EXAMPLES)
    wbc: Annotated[float, BeforeValidator(reject_bool),
                   Field(ge=LIMITS["wbc"].min_float, le=LIMITS["wbc"].max_float,
                         description="White blood cell count (required in each row)")]
    anc: bounded("anc", "Absolute neutrophil count (or give a differential)") = None
    differential: Differential | None = Field(
        None, description="Differential in % of WBC (instead of the ANC)")
    platelets: bounded("platelets", "Platelet count") = None
    hemoglobin_g_dl: bounded("hemoglobin_g_dl", "Hemoglobin") = None


History = Annotated[list[HistoryRow], Field(max_length=HISTORY_MAX_ROWS)]


def rows_problems(rows: Sequence[HistoryRow], before: Mapping[str, Any],
                  values: Callable[[HistoryRow], list[tuple[str, str]]],
                  ) -> list[tuple[str, str]]:
    """Every problem of validated rows: ``values`` (RULES §2 between a row's counts, run
    only where one can fail: an ANC above the WBC, or a differential) and
    :func:`history_problems`. ``before``: the inputs validated before the history, where a
    ``counts_time`` that was itself refused is absent."""
    problems = []
    for i, row in enumerate(rows):
        if row.differential is not None or (row.anc is not None and row.anc > row.wbc):
            problems += [(f"history[{i}].{key}", message) for key, message in values(row)]
    counts_time = before.get("counts_time")
    return problems + history_problems([read_moment(row.time) for row in rows],
                                       read_moment(counts_time),
                                       "counts_time" not in before or counts_time is not None)


def history_problems(times: Sequence[Moment | None], counts_time: Moment | None,
                     counts_time_given: bool) -> list[tuple[str, str]]:
    """What RULES §13 refuses between the rows and the current counts: (field, message),
    the row named. ``times`` are the rows' moments (None where a time is not readable:
    its own error says so); ``counts_time`` the current counts' moment, if readable."""
    problems: list[tuple[str, str]] = []
    if not times:
        return problems
    if counts_time is None and not counts_time_given:
        problems.append(("counts_time", "Required with a history: give the time of the "
                                        "current counts (" + TIME_EXAMPLES + "); they are "
                                        "the last point of the trend."))
    seen: dict[datetime, int] = {}
    for i, moment in enumerate(times):
        if moment is None:
            continue
        field = f"history[{i}].time"
        first = seen.setdefault(moment.at, i)
        if first != i:
            other = times[first]
            assert other is not None
            problems.append((field, f"{moment.text} is the same time as history[{first}] "
                                    f"({other.text}): two counts cannot share a time (a "
                                    "date alone counts as 00:00 of its day)."))
            continue
        if counts_time is None:
            continue
        if moment.at == counts_time.at:
            problems.append((field, f"{moment.text} is the time of the current counts "
                                    f"(counts_time {counts_time.text}): two counts cannot "
                                    "share a time (a date alone counts as 00:00 of its "
                                    "day)."))
        elif moment.at > counts_time.at:
            problems.append((field, f"{moment.text} is after the current counts (counts_time "
                                    f"{counts_time.text}): the current counts are the latest "
                                    "point; enter later counts as the current ones."))
        elif _beyond_span(moment, counts_time):   # 365 days and 1 hour is beyond it
            days = days_between(moment, counts_time)
            problems.append((field, f"{moment.text} is {plain_beside(days, _SPAN)} days "
                                    "before the current counts (counts_time "
                                    f"{counts_time.text}); the history may span at most "
                                    f"{HISTORY_MAX_SPAN_DAYS} days."))
    return problems
