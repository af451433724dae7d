"""Timing of G-CSF around chemotherapy (RULES §10).

Filgrastim and tbo-filgrastim: first dose at least 24 h after chemotherapy (exactly 24 h
is allowed), none less than 24 h before the next (exactly 24 h before is allowed);
continue up to 2 weeks or until ANC ≥ 10 ×10⁹/L after the nadir; stop if ANC > 10.
Pegfilgrastim: not less than 24 h after the last chemotherapy nor less than 14 days
before the next (both edges allowed). A broken rule is a warning, never an adjustment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.models import DoseRequest, DoseTiming
from leukodesk.core.dosing.tables import Indication, Product
from leukodesk.core.formats.display import plain, plain_beside
from leukodesk.core.rules import thresholds as rules


def _span(threshold: rules.Threshold) -> timedelta:
    """A timing threshold ("24 hours", "14 days") as a time span."""
    return timedelta(**{threshold.unit: int(threshold.value)})


def _words(threshold: rules.Threshold) -> str:
    """A timing threshold as the rule set writes it ("24 hours")."""
    return f"{threshold.text} {threshold.unit}"


COURSE = _span(rules.GCSF_COURSE_DAYS)
ANC_STOP = rules.GCSF_STOP_ANC.value
_STOP = rules.GCSF_STOP_ANC.text

FILGRASTIM_RULE = (f"First dose at least {_words(rules.GCSF_AFTER_CHEMO_HOURS)} after "
                   f"chemotherapy; none within the {_words(rules.GCSF_BEFORE_NEXT_CHEMO_HOURS)} "
                   "before the next cycle.")
PEG_RULE = (f"Once per cycle: at least {_words(rules.PEG_AFTER_CHEMO_HOURS)} after chemotherapy "
            f"and at least {_words(rules.PEG_BEFORE_NEXT_CHEMO_DAYS)} before the next cycle.")
STOP_RULE = (f"Continue daily for up to {plain(rules.GCSF_COURSE_DAYS.value / 7)} weeks, or "
             f"until the ANC reaches {_STOP} ×10⁹/L after the nadir; stop if the ANC is above "
             f"{_STOP} ×10⁹/L.")


def when(moment: datetime) -> str:
    """A time as people read it: 2026-11-24 09:30 (with its zone when it has one)."""
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def span(delta: timedelta) -> str:
    """A time gap in words: "47 h 59 min", "13 days 23 h"."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        return f"{days} days" + (f" {hours} h" if hours else "")
    hours += days * 24
    return f"{hours} h" + (f" {mins} min" if mins else "")


@dataclass(frozen=True)
class TimingCheck:
    timing: DoseTiming
    findings: list[tuple[str, dict[str, str]]]   # (warning code, text fields)


def _window(last: datetime | None, nxt: datetime | None, dose_at: datetime | None,
            after: rules.Threshold, before_next: rules.Threshold, codes: tuple[str, str, str]
            ) -> tuple[datetime | None, datetime | None, list[tuple[str, dict[str, str]]]]:
    """The allowed window [last + ``after``, next − ``before_next``] (both edges allowed) and
    the rules a dose at ``dose_at`` breaks. ``codes``: no window, too soon, too close."""
    no_window, too_soon, too_close = codes
    earliest = last + _span(after) if last else None
    latest = nxt - _span(before_next) if nxt else None
    found: list[tuple[str, dict[str, str]]] = []
    gaps = {"after": _words(after), "before": _words(before_next)}
    if earliest and latest and latest < earliest:
        found.append((no_window, {"gap": span(nxt - last), **gaps}))
        return earliest, latest, found  # no time would do: per-dose messages would mislead
    if dose_at and earliest and dose_at < earliest:
        found.append((too_soon, {"first": when(dose_at), "last": when(last),
                                 "earliest": when(earliest), **gaps}))
    if dose_at and latest and dose_at > latest:
        found.append((too_close, {"first": when(dose_at), "next": when(nxt),
                                  "by": when(latest), **gaps}))
    return earliest, latest, found


def check_timing(req: DoseRequest) -> TimingCheck:
    """The dosing window from the chemotherapy times, and every timing rule broken."""
    last, nxt, dose_at = req.last_chemo_at, req.next_chemo_at, req.first_dose_at
    if req.product is Product.PEGFILGRASTIM:
        earliest, latest, found = _window(
            last, nxt, dose_at, rules.PEG_AFTER_CHEMO_HOURS, rules.PEG_BEFORE_NEXT_CHEMO_DAYS, (
            "peg_no_window", "peg_too_soon_after_chemo", "peg_too_close_to_next_chemo"))
        return TimingCheck(DoseTiming(rule=PEG_RULE, earliest_first_dose_at=earliest,
                                      last_dose_by=latest, stop_by=None, stop_rule=None),
                           found)
    earliest, latest, found = _window(
        last, nxt, dose_at, rules.GCSF_AFTER_CHEMO_HOURS, rules.GCSF_BEFORE_NEXT_CHEMO_HOURS, (
        "no_window_between_cycles", "first_dose_too_soon", "dose_too_close_to_next_chemo"))
    course = req.indication is Indication.CHEMOTHERAPY
    name = req.product.value.replace("_", "-")
    if req.latest_anc is not None and course:
        anc = to_decimal(req.latest_anc)
        # Never a figure that reads on the other side of the stop threshold (RULES §1).
        words = {"anc": plain_beside(anc, (ANC_STOP,)), "product": name, "limit": _STOP}
        if anc > ANC_STOP:
            found.append(("stop_anc_above_10", words))
        elif anc == ANC_STOP:
            found.append(("anc_target_reached", words))
    stop_by = dose_at + COURSE if dose_at and course else None
    return TimingCheck(DoseTiming(rule=FILGRASTIM_RULE, earliest_first_dose_at=earliest,
                                  last_dose_by=latest, stop_by=stop_by,
                                  stop_rule=STOP_RULE if course else None), found)
