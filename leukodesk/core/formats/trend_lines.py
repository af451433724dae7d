"""The trend of the serial counts in words (RULES §13), once, for every place that shows it:
the window's Trend tab, the copy-to-note text and the PDF, and ``leukodesk assess --text``.

:func:`trend_entries` gives the lines, in this order:

- the direction of the last two ANCs with the % change, the two counts and their times,
  and the slope per day;
- the nadir (since the last chemotherapy when its end is given) and whether a later ANC is
  above it: a hint for "past the nadir", never its answer;
- severe (ANC below ``TREND_SEVERE_BELOW``) and profound (below ``TREND_PROFOUND_BELOW``)
  neutropenia: the latest episode's days, ended or going on ("at least"), with how the
  sampling limits them (the counts' spacing around the episode: the true span may differ by
  up to one interval at each end); profound for more than ``PROFOUND_DAYS_ABOVE`` days is
  IDSA high risk;
- recovery to ``RECOVERY_ANC_FROM``: provisional, confirmed or not yet;
- the filgrastim stop (ANC above ``GCSF_STOP_ANC`` after a passed nadir);
- the 48-hour projection, as a hint beside the 48-hour question (it never answers it).

Every figure is the core's (``Assessment.trend`` and ``trend_points``); the thresholds are
named from :mod:`leukodesk.core.rules.thresholds` at call time, never restated. Where each
episode starts and how far apart the counts around it were (the sampling caveat) are the
core's too (``trend_episodes``).

Pure functions of an :class:`Assessment`; no Qt. Times are written "14 Mar 2026" (and
"09:30" when a time of day was given), in English month names whatever the locale.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from leukodesk.core.content import cite
from leukodesk.core.contract.history_inputs import read_moment
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import (
    format_count,
    format_signed_pct,
    plain,
    plain_beside,
)
from leukodesk.core.formats.handoff import Entry, Section
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.thresholds import Threshold

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment
    from leukodesk.core.contract.trend_outputs import Trend, TrendEpisode, TrendPoint

TITLE = "Trend of the counts"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_HISTORY = ("No trend: enter earlier counts (their dates and values) and the time of "
              "the current counts to see the ANC's direction, nadir and recovery.")


# --- times and figures -------------------------------------------------------------------
def when(time: str, short: bool = False) -> str:
    """A time as entered ("2026-03-14", "2026-03-14T09:30"), written for people: "14 Mar
    2026" and "14 Mar 2026 09:30"; ``short`` leaves out the year ("14 Mar"). A text that
    is not a time is returned as it is."""
    moment = read_moment(time)
    if moment is None:
        return time
    at = moment.at
    day = f"{at.day} {MONTHS[at.month - 1]}" + ("" if short else f" {at.year}")
    return f"{day} {at:%H:%M}" if moment.has_time else day


def _cuts(a: Assessment) -> tuple[Decimal, ...]:
    """The thresholds an ANC figure must not read across: the rule set's and the LLN."""
    return (*rules.thresholds_in(rules.COUNT), to_decimal(a.effective_lln.anc))


def count(a: Assessment, value: float) -> str:
    """An ANC of the trend as written: 3 decimals below 1.0, 2 from it, never a figure
    that reads on the other side of a threshold than the value (RULES §1)."""
    return format_count(to_decimal(value), _cuts(a))


def _days(days: Decimal | float) -> str:
    """Days as written: one decimal, more where one would read across a days threshold
    of the trend (7.04 days of profound neutropenia never reads "7", RULES §1)."""
    text = plain_beside(to_decimal(days), rules.thresholds_in("days"), 1)
    return f"{text} day" if Decimal(text) == 1 else f"{text} days"


def _source(*thresholds: Threshold) -> str:
    return f" [{cite(s for t in thresholds for s in t.sources)}]"


def _anc_points(a: Assessment) -> list[TrendPoint]:
    return [p for p in a.trend_points if p.anc is not None]


# --- the lines ---------------------------------------------------------------------------
def _direction(a: Assessment, t: Trend, ancs: list[TrendPoint]) -> Entry:
    if t.direction is None:
        told = "no count has one" if not ancs else "only one count has one"
        return Entry(f"ANC trend: not assessed — it needs two counts with an ANC, and {told} "
                     "(a WBC alone gives none).")
    before, last = ancs[-2], ancs[-1]
    pct = "" if last.anc_change_pct is None else \
        f" ({format_signed_pct(to_decimal(last.anc_change_pct))})"
    slope = "on the same day" if t.anc_slope_per_day is None else \
        f"{_signed(t.anc_slope_per_day)} {rules.COUNT} per day"
    falling_low = t.direction == "falling" and \
        to_decimal(last.anc) < rules.TREND_ESCALATE_ANC_BELOW.value
    return Entry(f"ANC {t.direction}{pct}: {count(a, before.anc)} → {count(a, last.anc)} "
                 f"{rules.COUNT} from {when(before.time)} to {when(last.time)}, {slope}",
                 strong=falling_low)


def _signed(value: float) -> str:
    size = abs(to_decimal(value))
    text = plain(size, 3)
    if size and not Decimal(text):  # a slope too small for 3 decimals is not "0"
        text = plain(size, 6)
    return ("−" if value < 0 else "+") + text if Decimal(text) else text


def _nadir(a: Assessment, t: Trend) -> Entry:
    since = "" if a.inputs.last_chemo_at is None else \
        f" since the last chemotherapy ({when(a.inputs.last_chemo_at)})"
    if t.nadir_anc is None:
        return Entry(f"Nadir{since}: not assessed — no count with an ANC"
                     f"{' at or after it' if since else ''}.")
    passed = ("passed: a later ANC is higher (a hint for “past the nadir”, never its "
              "answer)") if t.nadir_passed else \
        "not passed yet: no later ANC is higher (the count may still fall)"
    return Entry(f"Nadir{since}: ANC {count(a, t.nadir_anc)} {rules.COUNT} on "
                 f"{when(t.nadir_time or '')} — {passed}")


def _spacing(e: TrendEpisode) -> str:
    """How far apart the counts around an episode were ("counts 3 days apart", "counts
    3–5 days apart"), and whether it may have begun before the first count."""
    low, high = e.gap_min_days, e.gap_max_days
    spaced = "" if low is None or high is None else f"counts {_days(low)} apart" \
        if low == high else f"counts {plain(to_decimal(low), 1)}–{_days(high)} apart"
    if e.from_first_count:
        spaced += ("; " if spaced else "") + "it may have begun before the first count"
    return spaced


def _episode(a: Assessment, name: str, below: Threshold, days: float | None,
              ongoing: bool | None, found: TrendEpisode | None) -> Entry:
    head = f"{name} (ANC below {below.text})"
    if days is None or found is None:
        return Entry(f"{head}: no count below it{_source(below)}")
    start, spaced = when(found.start_time), _spacing(found)
    if ongoing:
        if not days:
            text = (f"{head}: since the latest count{f' ({start})' if start else ''}, "
                    "going on — its length is not known yet")
        else:
            text = f"{head}: at least {_days(days)}, going on" + \
                (f" (from {start} to the latest count)" if start else "")
    else:
        text = f"{head}: {_days(days)}, ended" + \
            (f" (from {start} to the first count at or above {below.text})" if start else "")
    caveat = "the true span may differ by up to one interval at each end"
    text += f"; {spaced}: {caveat}" if spaced else f"; {caveat}"
    return Entry(text + _source(below))


def _profound_over(a: Assessment, t: Trend) -> Entry | None:
    if not t.profound_over_7_days:
        return None
    above = rules.PROFOUND_DAYS_ABOVE
    return Entry(f"Profound neutropenia for more than {above.text} days: IDSA high risk"
                 f"{_source(above)}", strong=True)


def _recovery(a: Assessment, t: Trend) -> Entry | None:
    edge = rules.RECOVERY_ANC_FROM
    head = f"Recovery to ANC {edge.text} or more"
    src = _source(edge, rules.RECOVERY_CONSECUTIVE_DAYS)
    rule = (f"confirmed by {rules.RECOVERY_CONSECUTIVE_DAYS.text} counts on "
            f"{rules.RECOVERY_CONSECUTIVE_DAYS.text} consecutive calendar days, each at or "
            f"above {edge.text}")
    if t.recovery_0_5 is None:
        if t.nadir_anc is None:
            return None
        return Entry(f"{head}: does not apply — the nadir ({count(a, t.nadir_anc)}) is not "
                     f"below {edge.text}{src}")
    at = when(t.recovery_0_5_time or "")
    if t.recovery_0_5 == "confirmed":
        n = rules.RECOVERY_CONSECUTIVE_DAYS.text
        return Entry(f"{head}: confirmed from {at}, the first of {n} counts on consecutive "
                     f"calendar days each at or above {edge.text}{src}")
    if t.recovery_0_5 == "provisional":
        return Entry(f"{head}: provisional from {at} — {rule}{src}")
    return Entry(f"{head}: not yet — the latest ANC is below {edge.text} ({rule}){src}")


def _stop(a: Assessment, t: Trend) -> Entry:
    stop = rules.GCSF_STOP_ANC
    head = f"Filgrastim stop (ANC above {stop.text} after the nadir)"
    src = _source(stop)
    if t.filgrastim_stop_reached is True:
        return Entry(f"{head}: reached — the ANC is above {stop.text} after a passed nadir "
                     f"below {rules.STOP_NADIR_BELOW.text}{src}", strong=True)
    if t.filgrastim_stop_reached is None:
        return Entry(f"{head}: not decided — the ANC is above {stop.text}, but not after a "
                     f"passed nadir below {rules.STOP_NADIR_BELOW.text} sought after the end "
                     "of the last chemotherapy: it may be the transient rise of the first "
                     f"days of filgrastim{src}")
    return Entry(f"{head}: not reached — the latest ANC is {stop.text} or less{src}")


def _projection(t: Trend) -> Entry | None:
    if t.projection_below_0_5_in_48h is None:
        return None
    hours, edge = rules.FN_FALL_WITHIN_HOURS.text, rules.FN_ANC_BELOW.text
    will = f"fall below {edge} within" if t.projection_below_0_5_in_48h else \
        f"stay at or above {edge} for the next"
    return Entry(f"Hint: at the last slope the ANC would {will} {hours} hours. A hint beside "
                 f"the {hours}-hour question, never its answer: answer it from the patient"
                 f"{_source(rules.FN_ANC_BELOW)}",
                 strong=bool(t.projection_below_0_5_in_48h))


def trend_entries(a: Assessment) -> tuple[Entry, ...]:
    """The trend of ``a`` in words (empty without a history): see the module docstring."""
    t = a.trend
    if t is None:
        return ()
    ancs = _anc_points(a)
    entries: list[Entry | None] = [_direction(a, t, ancs), _nadir(a, t)]
    if ancs:
        episodes = a.trend_episodes
        entries += [
            _episode(a, "Severe neutropenia", rules.TREND_SEVERE_BELOW, t.severe_days,
                     t.severe_ongoing, episodes.severe if episodes else None),
            _episode(a, "Profound neutropenia", rules.TREND_PROFOUND_BELOW, t.profound_days,
                     t.profound_ongoing, episodes.profound if episodes else None),
            _profound_over(a, t), _recovery(a, t), _stop(a, t), _projection(t)]
    return tuple(e for e in entries if e is not None)


def trend_lines(a: Assessment) -> tuple[str, ...]:
    """The texts of :func:`trend_entries`."""
    return tuple(e.text for e in trend_entries(a))


def trend_section(a: Assessment) -> Section | None:
    """The trend lines as a hand-off section (None without a history)."""
    entries = trend_entries(a)
    return Section(TITLE, entries) if entries else None
