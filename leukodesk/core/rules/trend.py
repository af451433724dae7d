"""Serial counts and their trend (RULES §13, rule set 2026.2): plain functions on exact
decimals, no clock.

The points are the earlier counts (``history``) and the current counts, which are the
last point, at ``counts_time``. Points without an ANC (WBC only) are kept for the plot;
every ANC figure uses the points that have one. Days between two points are calendar-day
differences unless both carry a time of day, then hours / 24
(:func:`~leukodesk.core.contract.history_inputs.days_between`). Counts are in ×10⁹/L,
slopes per day, whatever units the counts were entered in.

What the advice makes of the trend (a falling ANC below 1.0, profound neutropenia for more
than 7 days, a confirmed recovery) is in the rule table (``table/s13_trend.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from leukodesk.core.contract.history_inputs import Moment, days_between, read_moment
from leukodesk.core.rules import thresholds as rules

_HOURS_PER_DAY = Decimal(24)


class Point(NamedTuple):   # a tuple: up to 61 are made on every keystroke
    """One set of counts in canonical units; ``anc`` given or from its differential."""

    moment: Moment
    wbc: Decimal
    anc: Decimal | None
    platelets: Decimal | None
    hemoglobin: Decimal | None
    current: bool = False


@dataclass(frozen=True)
class Episode:
    """The most recent run of consecutive points below a threshold: days from its first
    point to the first later point at or above it, or to the last point while it goes on
    (then a minimum). Sampling can be off by up to one interval at each end."""

    start: Point
    days: Decimal
    ongoing: bool
    # How the sampling limits ``days``: the day gaps between the counts around the episode
    # (from the count before it, if any, to its end), and whether it may have begun before
    # the first count.
    gaps: tuple[Decimal, ...]
    from_first_count: bool


@dataclass(frozen=True)
class TrendFigures:
    """The §13 figures, exact; None where the definition does not apply."""

    points: tuple[Point, ...]          # every point in time order, the current counts last
    anc_points: tuple[Point, ...]      # those with an ANC
    anc_delta: Decimal | None
    anc_slope_per_day: Decimal | None
    direction: str | None              # falling | rising | unchanged
    nadir: Point | None
    nadir_passed: bool | None
    severe: Episode | None
    profound: Episode | None
    recovery_0_5: str | None           # confirmed | provisional | not_yet
    recovery_0_5_at: Point | None
    projection_below_0_5_in_48h: bool | None
    filgrastim_stop_reached: bool | None


def _direction(delta: Decimal | None) -> str | None:
    if delta is None:
        return None
    return "falling" if delta < 0 else "rising" if delta > 0 else "unchanged"


def nadir_of(anc_points: Sequence[Point], last_chemo: Moment | None
             ) -> tuple[Point | None, tuple[Point, ...]]:
    """The lowest ANC (the earliest on ties) and the points it was sought among: those at
    or after the end of the last chemotherapy when it is given, else all."""
    among = tuple(p for p in anc_points
                  if last_chemo is None or p.moment.at >= last_chemo.at)
    nadir = None
    for point in among:
        if nadir is None or point.anc < nadir.anc:
            nadir = point
    return nadir, among


def episode(anc_points: Sequence[Point], below: Decimal) -> Episode | None:
    """The most recent run of points with ANC < ``below`` (None when no point is)."""
    last = next((i for i in range(len(anc_points) - 1, -1, -1)
                 if anc_points[i].anc < below), None)
    if last is None:
        return None
    first = last
    while first > 0 and anc_points[first - 1].anc < below:
        first -= 1
    ongoing = last == len(anc_points) - 1
    end = last if ongoing else last + 1
    around = anc_points[max(0, first - 1):end + 1]
    gaps = tuple(sorted({days_between(x.moment, y.moment)
                         for x, y in zip(around, around[1:], strict=False)}))
    return Episode(anc_points[first],
                   days_between(anc_points[first].moment, anc_points[end].moment), ongoing,
                   gaps, first == 0)


def _runs(points: Sequence[Point], at_least: Decimal) -> list[list[Point]]:
    """The runs of consecutive points with ANC ≥ ``at_least``, in time order."""
    runs: list[list[Point]] = []
    current: list[Point] = []
    for point in points:
        if point.anc >= at_least:
            current.append(point)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def recovery(after_nadir: Sequence[Point]) -> tuple[str, Point | None]:
    """ANC recovery to 0.5 after the nadir [ASTCT-2019][BMT-2002]: "confirmed" at the first
    of 3 points on 3 consecutive calendar days each ≥ 0.5 (no point below 0.5 between
    them); else "provisional" from the first point ≥ 0.5 of the latest rise while the last
    ANC is ≥ 0.5; else "not_yet". A confirmed recovery stays confirmed (only a deeper fall,
    which moves the nadir, moves it)."""
    from_ = rules.RECOVERY_ANC_FROM.value
    days = int(rules.RECOVERY_CONSECUTIVE_DAYS.value)
    runs = _runs(after_nadir, from_)
    for run in runs:
        dates = {p.moment.at.date() for p in run}
        for point in run:
            day = point.moment.at.date()
            if all(day + timedelta(days=k) in dates for k in range(1, days)):
                return "confirmed", point
    if after_nadir and after_nadir[-1].anc >= from_:
        return "provisional", runs[-1][0]
    return "not_yet", None


def _stop_reached(last_anc: Decimal | None, last_chemo: Moment | None, nadir: Point | None,
                  nadir_passed: bool | None) -> bool | None:
    """The filgrastim stop [NEUPOGEN-PI]: the last ANC above 10 after a nadir below 1.0
    that is passed, the nadir sought after the last chemotherapy. Above 10 otherwise the
    rise may be the transient one of the first days (null); at most 10: not reached."""
    if last_anc is None:
        return None
    if not last_anc > rules.GCSF_STOP_ANC.value:
        return False
    if last_chemo is not None and nadir is not None and nadir_passed is True \
            and nadir.anc < rules.STOP_NADIR_BELOW.value:
        return True
    return None


def figures(points: Sequence[Point], last_chemo_at: str | None) -> TrendFigures:
    """The trend of ``points`` (any order; the current counts among them, latest)."""
    ordered = tuple(sorted(points, key=lambda p: p.moment.at))
    anc_points = tuple(p for p in ordered if p.anc is not None)
    delta = slope = None
    if len(anc_points) >= 2:
        previous, last = anc_points[-2], anc_points[-1]
        delta = last.anc - previous.anc
        days = days_between(previous.moment, last.moment)
        slope = delta / days if days else None
    direction = _direction(delta)
    last_chemo = read_moment(last_chemo_at)
    nadir, among = nadir_of(anc_points, last_chemo)
    later = among[among.index(nadir) + 1:] if nadir is not None else ()
    nadir_passed = None if nadir is None else any(
        p.anc > nadir.anc for p in later)
    state, at = (None, None) if nadir is None or \
        nadir.anc >= rules.RECOVERY_ANC_FROM.value else recovery(later)
    last_anc = anc_points[-1].anc if anc_points else None
    projection = None
    if direction == "falling" and slope is not None \
            and last_anc >= rules.FN_ANC_BELOW.value:
        ahead = rules.FN_FALL_WITHIN_HOURS.value / _HOURS_PER_DAY
        projection = last_anc + ahead * slope < rules.FN_ANC_BELOW.value
    return TrendFigures(
        points=ordered, anc_points=anc_points, anc_delta=delta, anc_slope_per_day=slope,
        direction=direction, nadir=nadir, nadir_passed=nadir_passed,
        severe=episode(anc_points, rules.TREND_SEVERE_BELOW.value),
        profound=episode(anc_points, rules.TREND_PROFOUND_BELOW.value),
        recovery_0_5=state, recovery_0_5_at=at, projection_below_0_5_in_48h=projection,
        filgrastim_stop_reached=_stop_reached(last_anc, last_chemo, nadir, nadir_passed))


def change_pct(points: Sequence[Point]) -> list[Decimal | None]:
    """Each point's ANC change from the previous point with an ANC, in % of it (shown
    beside the direction: single differences are noisy); None for the first ANC, a point
    without one, or a previous ANC of 0."""
    out: list[Decimal | None] = []
    previous: Decimal | None = None
    for point in points:
        if point.anc is None:
            out.append(None)
            continue
        out.append(None if not previous else (point.anc - previous) / previous * 100)
        previous = point.anc
    return out
