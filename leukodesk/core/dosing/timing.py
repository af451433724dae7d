"""Timing of G-CSF by indication and product (RULES §10, §15).

- Chemotherapy (and AML): first dose at least 24 h after chemotherapy (exactly 24 h is
  allowed), none less than 24 h before the next (exactly 24 h before is allowed); stop when
  the ANC is above 10 ×10⁹/L after the expected nadir (``past_nadir``), a rise above 10
  before it is a transient rise.
- BMT: first dose ≥ 24 h after chemotherapy and ≥ 24 h after the marrow infusion; the ANC
  titration steps in words. Mobilisation: start ≥ 4 days before the first apheresis.
  Severe chronic neutropenia and H-ARS: no chemotherapy timing.
- Pegfilgrastim, eflapegrastim, efbemalenograstim: not less than 24 h after the last
  chemotherapy nor less than 14 days before the next (both edges allowed); when no time
  meets it, ``no_pegfilgrastim_window`` and neither end is given. Lipegfilgrastim: about
  24 h after.
A broken rule is a warning, never an adjustment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.models import DoseRequest, DoseTiming, PastNadir
from leukodesk.core.dosing.tables import MG_PRODUCTS, MOLECULES, Indication, Product
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
_COUNT = rules.COUNT

FILGRASTIM_RULE = (f"First dose at least {_words(rules.GCSF_AFTER_CHEMO_HOURS)} after "
                   f"chemotherapy; none within the {_words(rules.GCSF_BEFORE_NEXT_CHEMO_HOURS)} "
                   "before the next cycle.")
PEG_RULE = (f"Once per cycle: at least {_words(rules.PEG_AFTER_CHEMO_HOURS)} after chemotherapy "
            f"and at least {_words(rules.PEG_BEFORE_NEXT_CHEMO_DAYS)} before the next cycle.")
LIPEG_RULE = (f"Once per cycle, about {_words(rules.PEG_AFTER_CHEMO_HOURS)} after chemotherapy "
              "(the SmPC gives no interval before the next cycle).")
STOP_RULE = (f"Continue daily for up to {plain(rules.GCSF_COURSE_DAYS.value / 7)} weeks, or "
             f"until the ANC is above {_STOP} {_COUNT} after the expected nadir; a rise above "
             f"{_STOP} before the nadir is expected and is no reason to stop.")
BMT_RULE = (f"First dose at least {_words(rules.GCSF_AFTER_CHEMO_HOURS)} after chemotherapy and "
            f"at least {_words(rules.BMT_AFTER_INFUSION_HOURS)} after the marrow infusion.")
_T, _DAYS = rules.BMT_TITRATION_ANC.text, rules.BMT_TITRATION_DAYS.text
BMT_STOP_RULE = (
    f"Titrate by the ANC: above {_T} {_COUNT} for {_DAYS} consecutive days, reduce to "
    f"{rules.BMT_REDUCED_MCG_PER_KG.text} mcg/kg/day; still above {_T} for {_DAYS} more "
    f"consecutive days, stop; if it falls below {_T} after stopping, resume at "
    f"{rules.BMT_REDUCED_MCG_PER_KG.text} mcg/kg/day; if it falls below {_T} during the "
    f"{rules.BMT_REDUCED_MCG_PER_KG.text} mcg/kg/day phase, go back to 10 mcg/kg/day and take "
    "the same steps again.")
MOBILISATION_RULE = (f"Start at least {_words(rules.MOBILISATION_BEFORE_APHERESIS_DAYS)} before "
                     "the first apheresis and continue to the last apheresis.")
SCN_RULE = "No chemotherapy timing: daily, for as long as the neutropenia needs it."
SCN_STOP_RULE = (f"Adjust the dose to keep the ANC between {rules.SCN_ANC_LOW.text} and "
                 f"{rules.SCN_ANC_HIGH.text} {_COUNT}.")
H_ARS_RULE = (f"As soon as possible after exposure above {rules.H_ARS_EXPOSURE_GY.text} Gy; "
              "no chemotherapy timing.")
H_ARS_STOP_RULE = (f"Continue until the ANC stays above {rules.H_ARS_STOP_ANC.text} {_COUNT} "
                   f"on 3 consecutive counts, or is above {_STOP} {_COUNT} after the radiation "
                   "nadir.")
# Products with the pegfilgrastim label window (RULES §10, §15).
PEG_WINDOW = (Product.PEGFILGRASTIM, Product.EFLAPEGRASTIM, Product.EFBEMALENOGRASTIM)
PEG_CODES = ("no_pegfilgrastim_window", "peg_too_soon_after_chemo", "peg_too_close_to_next_chemo")
NADIR_WORDS = {PastNadir.NO: "not yet passed", PastNadir.UNKNOWN: "not been confirmed as passed"}


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


Finding = tuple[str, dict[str, str]]


@dataclass(frozen=True)
class TimingCheck:
    timing: DoseTiming
    findings: list[Finding]   # (warning code, text fields)


def _window(last: datetime | None, nxt: datetime | None, dose_at: datetime | None,
            after: rules.Threshold, before_next: rules.Threshold, codes: tuple[str, str, str],
            words: dict[str, str] | None = None
            ) -> tuple[datetime | None, datetime | None, list[Finding]]:
    """The allowed window [last + ``after``, next − ``before_next``] (both edges allowed) and
    the rules a dose at ``dose_at`` breaks. ``codes``: no window, too soon, too close. When
    no time meets the window, both ends are None: never a "no later than" before the "no
    earlier than"."""
    no_window, too_soon, too_close = codes
    earliest = last + _span(after) if last else None
    latest = nxt - _span(before_next) if nxt else None
    found: list[Finding] = []
    gaps = {"after": _words(after), "before": _words(before_next), **(words or {})}
    if earliest and latest and latest < earliest:
        found.append((no_window, {"gap": span(nxt - last), **gaps}))
        return None, None, found  # no time would do: per-dose messages would mislead
    if dose_at and earliest and dose_at < earliest:
        found.append((too_soon, {"first": when(dose_at), "last": when(last),
                                 "earliest": when(earliest), **gaps}))
    if dose_at and latest and dose_at > latest:
        found.append((too_close, {"first": when(dose_at), "next": when(nxt),
                                  "by": when(latest), **gaps}))
    return earliest, latest, found


def _stop(req: DoseRequest) -> list[Finding]:
    """The chemotherapy stop rule: ANC above 10 after the expected nadir → stop; above 10
    with the nadir not passed or not known → a transient rise, no stop. 10 is not above."""
    if req.latest_anc is None:
        return []
    anc = to_decimal(req.latest_anc)
    if not anc > ANC_STOP:
        return []
    # Never a figure that reads on the other side of the stop threshold (RULES §1).
    words = {"anc": plain_beside(anc, (ANC_STOP,)), "product": MOLECULES[req.product],
             "limit": _STOP}
    if req.past_nadir is PastNadir.YES:
        return [("stop_anc_above_10", words)]
    return [("transient_rise", {**words, "nadir": NADIR_WORDS[req.past_nadir]})]


def _timing(rule: str, earliest: datetime | None = None, latest: datetime | None = None,
            stop_by: datetime | None = None, stop_rule: str | None = None,
            start_by: datetime | None = None) -> DoseTiming:
    return DoseTiming(rule=rule, earliest_first_dose_at=earliest, last_dose_by=latest,
                      stop_by=stop_by, stop_rule=stop_rule, start_by=start_by)


def _long_acting(req: DoseRequest) -> TimingCheck:
    """Once per cycle: the pegfilgrastim window, or lipegfilgrastim's 24 hours after."""
    name = MOLECULES[req.product]
    words = {"product": name, "product_cap": name[0].upper() + name[1:]}
    last, dose_at = req.last_chemo_at, req.first_dose_at
    if req.product in PEG_WINDOW:
        earliest, latest, found = _window(
            last, req.next_chemo_at, dose_at, rules.PEG_AFTER_CHEMO_HOURS,
            rules.PEG_BEFORE_NEXT_CHEMO_DAYS, PEG_CODES, words)
        return TimingCheck(_timing(PEG_RULE, earliest, latest), found)
    earliest, _, found = _window(last, None, dose_at, rules.PEG_AFTER_CHEMO_HOURS,
                                 rules.PEG_BEFORE_NEXT_CHEMO_DAYS, PEG_CODES, words)
    return TimingCheck(_timing(LIPEG_RULE, earliest), found)


def _bmt(req: DoseRequest) -> TimingCheck:
    """BMT: the first dose at least 24 h after chemotherapy and after the marrow infusion."""
    last, infusion, dose_at = req.last_chemo_at, req.bmt_infusion_at, req.first_dose_at
    after_chemo = last + _span(rules.GCSF_AFTER_CHEMO_HOURS) if last else None
    after_infusion = infusion + _span(rules.BMT_AFTER_INFUSION_HOURS) if infusion else None
    bounds = [t for t in (after_chemo, after_infusion) if t is not None]
    earliest = max(bounds) if bounds else None
    found: list[Finding] = []
    if dose_at and after_chemo and dose_at < after_chemo:
        found.append(("first_dose_too_soon", {
            "first": when(dose_at), "last": when(last), "earliest": when(earliest),
            "after": _words(rules.GCSF_AFTER_CHEMO_HOURS)}))
    if dose_at and after_infusion and dose_at < after_infusion:
        found.append(("first_dose_too_soon_after_infusion", {
            "first": when(dose_at), "infusion": when(infusion), "earliest": when(earliest),
            "after": _words(rules.BMT_AFTER_INFUSION_HOURS)}))
    return TimingCheck(_timing(BMT_RULE, earliest, stop_rule=BMT_STOP_RULE), found)


def _mobilisation(req: DoseRequest) -> TimingCheck:
    """Mobilisation: start at least 4 days before the first apheresis (exactly 4 allowed)."""
    apheresis, dose_at = req.first_apheresis_at, req.first_dose_at
    before = rules.MOBILISATION_BEFORE_APHERESIS_DAYS
    start_by = apheresis - _span(before) if apheresis else None
    found: list[Finding] = []
    if dose_at and start_by and dose_at > start_by:
        found.append(("mobilisation_start_too_late", {
            "first": when(dose_at), "apheresis": when(apheresis), "by": when(start_by),
            "before": _words(before)}))
    return TimingCheck(_timing(MOBILISATION_RULE, start_by=start_by), found)


def check_timing(req: DoseRequest) -> TimingCheck:
    """The timing of the product for its indication (RULES §10), and every rule broken."""
    if req.product in MG_PRODUCTS:
        return _long_acting(req)
    indication = req.indication
    if indication is Indication.BMT:
        return _bmt(req)
    if indication is Indication.MOBILIZATION:
        return _mobilisation(req)
    if indication in (Indication.SCN_CONGENITAL, Indication.SCN_IDIOPATHIC_CYCLIC):
        return TimingCheck(_timing(SCN_RULE, stop_rule=SCN_STOP_RULE), [])
    if indication is Indication.H_ARS:
        return TimingCheck(_timing(H_ARS_RULE, stop_rule=H_ARS_STOP_RULE), [])
    dose_at = req.first_dose_at
    earliest, latest, found = _window(
        req.last_chemo_at, req.next_chemo_at, dose_at, rules.GCSF_AFTER_CHEMO_HOURS,
        rules.GCSF_BEFORE_NEXT_CHEMO_HOURS,
        ("no_window_between_cycles", "first_dose_too_soon", "dose_too_close_to_next_chemo"))
    stop_by = dose_at + COURSE if dose_at else None
    return TimingCheck(_timing(FILGRASTIM_RULE, earliest, latest, stop_by, STOP_RULE),
                       found + _stop(req))
