"""What the trend plot shows (RULES §13), as view data: :class:`TrendPlotView`, from
:func:`trend_plot_view` of an assessment, and nothing else.

Every figure is the core's: the points and their counts from ``Assessment.trend_points``
(×10⁹/L), the nadir from ``Assessment.trend`` (its time and ANC), the lower limits of
normal from ``effective_lln``, the lines from the rule set's thresholds (the trend's
severe edge, ``TREND_SEVERE_BELOW``, and its escalation edge, ``TREND_ESCALATE_ANC_BELOW``).
This module only places them: where each point sits along the time axis (days from the
first point, by the clock), and the scale of each axis.

**The scale.** Counts are drawn on a log scale, so that an ANC of 0.08 and a WBC of 12
both read (a linear axis up to 12 flattens everything below 0.5 onto its floor). Its
bounds are steps of 1–2–5: the floor a step under the lowest count of at least 0.01 and
under 0.2, the top at or above every count and line and at least 5. A count below the
floor (an ANC of 0) is drawn on it, and the floor's label says what it holds ("≤ 0.05").
An ANC of 0 typed in the current counts thus moves neither bound.
Platelets have their own panel below, on their own log scale, because their numbers are
a hundred times larger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from leukodesk.core.rules import thresholds as rules

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment

# Steps of a log axis: 1, 2 and 5 of every power of ten in this range, with their labels.
STEPS = {float(d): format(d.normalize(), "f")
         for d in (Decimal(m).scaleb(e) for e in range(-2, 4) for m in (1, 2, 5))}
COUNT_FLOOR, COUNT_TOP = 0.01, 5.0      # the floor; the top at least
COUNT_LOW_AT_MOST = 0.2                 # the bottom shows the profound band
PLATELET_FLOOR, PLATELET_TOP = 1.0, 200.0
SECONDS_PER_DAY = 86400.0


class PlotPoint(NamedTuple):   # a tuple: 61 are made and compared on every keystroke
    """One point: ``x`` in days after the first point; counts in ×10⁹/L."""

    x: float
    time: str          # as given
    anc: float | None
    wbc: float
    platelets: float | None
    current: bool
    nadir: bool


@dataclass(frozen=True)
class RefLine:
    """A horizontal line with its words (several that meet at one value share one)."""

    value: float
    label: str
    kind: str          # "threshold" or "lln"
    short: str = ""    # the words where the label finds no room ("0.5", "LLN 2.0")


@dataclass(frozen=True)
class Axis:
    """A log axis: its bounds, its ticks (value, label) and whether a value sits below
    ``low`` (drawn on the floor)."""

    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
    clipped: bool


@dataclass(frozen=True)
class TrendPlotView:
    """Everything the trend plot draws. ``origin`` is the first point's time (ISO, as
    given); ``span`` the days to the last point."""

    points: tuple[PlotPoint, ...]
    origin: str
    span: float
    counts: Axis
    lines: tuple[RefLine, ...]
    platelets: Axis | None           # None: no platelet count in the history
    platelet_lines: tuple[RefLine, ...]
    nadir_label: str                 # "nadir 0.080 on 14 Mar", or "" without a nadir
    current_label: str               # "now 0.400" (the ANC, else the WBC)
    unit: str
    description: str                 # the plot in words, for screen readers

    @property
    def current(self) -> PlotPoint:
        return self.points[-1]

    @property
    def nadir(self) -> PlotPoint | None:
        return next((p for p in self.points if p.nadir), None)


def log_axis(values: list[float], lines: list[float], floor: float, low_at_most: float,
             top_at_least: float) -> Axis:
    """A log axis in 1–2–5 steps holding ``values`` and ``lines`` (see the module
    docstring): its floor a step under every value at or above ``floor`` (and under
    ``low_at_most``), labelled "≤": a value below it is drawn on it."""
    least = min([v for v in values if v >= floor] + [low_at_most])
    low = max(max([s for s in STEPS if s < least] or [floor]), floor)
    most = max([*values, *lines, top_at_least])
    high = min([s for s in STEPS if s >= most] or [max(STEPS)])
    ticks = tuple((s, ("≤ " if s == low else "") + text)
                  for s, text in STEPS.items() if low <= s <= high)
    return Axis(low, high, ticks, any(v < low for v in values))


def _lines(pairs: list[tuple[Decimal, str, str, str]]) -> tuple[RefLine, ...]:
    """One line per value, lowest first; labels of lines that meet are joined."""
    merged: dict[Decimal, tuple[list[str], list[str], str]] = {}
    for value, label, short, kind in pairs:
        labels, shorts, _first_kind = merged.setdefault(value, ([], [], kind))
        labels.append(label)
        shorts.append(short)
    return tuple(RefLine(float(v), " · ".join(labels), kind, " · ".join(dict.fromkeys(shorts)))
                 for v, (labels, shorts, kind) in sorted(merged.items()))


def _count_lines(a: Assessment, count: Callable[[Assessment, float], str]
                 ) -> tuple[RefLine, ...]:
    """The ANC lines: the severe edge, the escalation edge, and the ANC's LLN."""
    severe, escalate = rules.TREND_SEVERE_BELOW, rules.TREND_ESCALATE_ANC_BELOW
    lln = a.effective_lln.anc
    lln_text = f"LLN {rules.written(Decimal(repr(lln)))}"
    return _lines([(severe.value, f"{severe.text} — severe below", severe.text, "threshold"),
                   (escalate.value, f"{escalate.text} — falling below: escalate",
                    escalate.text, "threshold"),
                   (Decimal(repr(lln)), lln_text, lln_text, "lln")])


def _years(times: list[datetime]) -> int:
    return len({t.year for t in times})


def _moment(time: str) -> datetime:
    return datetime.fromisoformat(time)


def trend_plot_view(a: Assessment | None) -> TrendPlotView | None:
    """The plot of ``a``'s trend points; None without a history."""
    if a is None or a.trend is None or not a.trend_points:
        return None
    # Start-up boundary: the trend's words load with the first result that has a history.
    from leukodesk.core.formats.trend_lines import count, when

    t, raw = a.trend, a.trend_points
    moments = [_moment(p.time) for p in raw]
    start, nadir_at = moments[0], t.nadir_time
    points = tuple(PlotPoint(
        x=(at - start).total_seconds() / SECONDS_PER_DAY, time=p.time, anc=p.anc, wbc=p.wbc,
        platelets=p.platelets, current=p.current,
        nadir=nadir_at is not None and p.time == nadir_at and p.anc is not None)
        for p, at in zip(raw, moments, strict=True))
    lines = _count_lines(a, count)
    counts = [v for p in points for v in (p.anc, p.wbc) if v is not None]
    axis = log_axis(counts, [x.value for x in lines], COUNT_FLOOR, COUNT_LOW_AT_MOST,
                    COUNT_TOP)
    plts = [p.platelets for p in points if p.platelets is not None]
    plt_lln = a.effective_lln.platelets
    plt_text = format(Decimal(repr(plt_lln)).normalize(), "f")
    platelet_lines = _lines([(Decimal(repr(plt_lln)), f"LLN {plt_text}", f"LLN {plt_text}",
                              "lln")]) if plts else ()
    platelets = log_axis(plts, [plt_lln], PLATELET_FLOOR, PLATELET_FLOOR * 10,
                         PLATELET_TOP) if plts else None
    short = _years(moments) == 1
    nadir_label = "" if t.nadir_anc is None or nadir_at is None else \
        f"nadir {count(a, t.nadir_anc)} on {when(nadir_at, short=short)}"
    last = points[-1]
    current_label = f"now {count(a, last.anc)}" if last.anc is not None else \
        f"now WBC {count(a, last.wbc)}"
    n = len(points)
    description = (f"Trend plot of {n} counts from {when(raw[0].time)} to "
                   f"{when(raw[-1].time)}: ANC and WBC on a log scale"
                   + (", platelets below" if plts else "")
                   + (f"; {nadir_label}" if nadir_label else "") + f"; {current_label}.")
    return TrendPlotView(points, raw[0].time, points[-1].x, axis, lines, platelets,
                         platelet_lines, nadir_label, current_label, rules.COUNT, description)
