"""A plain-text record of one dose calculation (``leukodesk dose --text``), for a
pharmacist to check against. A pure function of the DoseResult."""

from __future__ import annotations

import textwrap
from datetime import datetime

from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.dosing.products import BRANDS, NOT_ON_FILE
from leukodesk.core.dosing.timing import when
from leukodesk.core.formats.display import format_dose, format_signed_pct, format_volume, plain

WIDTH = 79
SET_NAMES = {"us_vials": "US vials", "us_syringes": "US prefilled syringes",
             "eu_syringes": "EU prefilled syringes (0.5 mL)"}


def _n(value: float | None, places: int = 2) -> str:
    return "—" if value is None else format_dose(to_decimal(value), places)


def nearest_words(d: DoseResult) -> str:
    """The nearest presentation of a daily G-CSF dose, its signed deviation from the exact
    dose (never rounded across the tolerance) and whether it is within the tolerance:
    "480 mcg/1.6 mL vial (+13.2 %), OUTSIDE ±10 %"; then the two presentations whose sum is
    within, when there are. Not for the mg products (one dose). The one wording of a
    presentation for the text record, the worksheet, the note, the PDF and the window."""
    if d.nearest_presentation is None:
        return d.presentations_missing or NOT_ON_FILE
    tolerance = to_decimal(d.tolerance_pct)
    within = "within" if d.within_tolerance else "OUTSIDE"
    deviation = format_signed_pct(to_decimal(d.deviation_pct), tolerance)
    text = (f"{d.nearest_presentation} ({deviation}"
            f"{', exact tie: larger chosen' if d.tie else ''}), {within} "
            f"±{_n(d.tolerance_pct)} %")
    c = d.combination
    if c is not None:
        sizes = " + ".join(plain(to_decimal(m)) for m in c.presentations_mcg)
        text += (f"; two presentations: {sizes} = {_n(c.total_mcg)} mcg "
                 f"({format_signed_pct(to_decimal(c.deviation_pct), tolerance)}), within "
                 f"±{_n(d.tolerance_pct)} %")
    return text


def dose_words(d: DoseResult) -> str:
    """The dose with its molecule (their mg are not interchangeable): "filgrastim 362.87
    mcg/day (5 mcg/kg per dose)", "13.2 mg eflapegrastim-xnst (Rolvedon) once per cycle
    (fixed adult dose)"."""
    if d.dose_mg is not None:
        basis = ("fixed adult dose" if d.fixed_dose else
                 f"{d.weight_band}, weight used {_n(d.rounded_weight_kg)} kg")
        return f"{_n(d.dose_mg, 4)} mg {d.molecule} once per cycle ({basis})"
    per = "" if d.administrations_per_day == 1 else (
        f"; {_n(d.dose_per_administration_mcg)} mcg per dose, "
        f"{d.administrations_per_day} doses a day")
    mu = "" if d.daily_dose_mu is None else f" = {_n(d.daily_dose_mu)} MU"
    return (f"{_n(d.daily_dose_mcg)} mcg/day{mu} {d.molecule} ({_n(d.mcg_per_kg)} mcg/kg per "
            f"dose{per})")


def presentations_words(d: DoseResult) -> str:
    """Which presentations were used: "US prefilled syringes", "Zarxio (brand)", or why
    none are on file."""
    if not d.presentations_on_file:
        return (d.presentations_missing or NOT_ON_FILE).removeprefix("presentations ")
    if d.brand is not None:
        return f"those of {BRANDS[d.brand].name}"
    if d.presentation_set is None:
        return ("the product's single-dose syringe" if d.dose_mg is not None
                else "this site's own stock")
    return SET_NAMES[d.presentation_set.value]


UNITS = (" mcg", " mL", " mg", " kg", " lb", " %", " MU")
NBSP = "\u00a0"


def _wrap(text: str, indent: str = "", hang: str = "  ") -> list[str]:
    """Wrap at 79 columns, never between a number and its unit."""
    for unit in UNITS:
        text = text.replace(unit, NBSP + unit[1:])
    lines = textwrap.wrap(text, WIDTH, initial_indent=indent,
                          subsequent_indent=indent + hang) or [indent]
    return [line.replace(NBSP, " ") for line in lines]


def timing_times(d: DoseResult) -> list[tuple[str, datetime]]:
    """Every time of the dose's timing that applies, with its label (a once-per-cycle
    dose has a window, a daily one a course): the text record, the window, the worksheet."""
    t, once = d.timing, d.dose_mg is not None
    return [(label, moment) for label, moment in (
        ("Give no earlier than" if once else "Earliest first dose", t.earliest_first_dose_at),
        ("Give no later than" if once else "Last dose by", t.last_dose_by),
        ("Start no later than", t.start_by), ("Course ends by", t.stop_by))
        if moment is not None]


def timing_lines(d: DoseResult) -> list[str]:
    """The timing of a dose for its indication, in words: the rule, then every time that
    applies, then the stop rule. The same lines for the text record and the window."""
    t = d.timing
    lines = [f"Timing: {t.rule}", *(f"{label}: {when(moment)}"
                                    for label, moment in timing_times(d))]
    if t.stop_rule:
        lines.append(f"Stop rule: {t.stop_rule}")
    return lines


def dose_lines(d: DoseResult) -> list[str]:
    """The record as lines of at most 79 characters."""
    # The action first, then what it rests on (RULES §10, 2026.2).
    lines = [f"LeukoDesk G-CSF dose — rule set {d.rules_version}", "",
             *_wrap(f">> {d.action}"), "", f"Product: {d.product_name}"]
    lines += _wrap(f"Indication: {d.regimen}; {d.route}")
    if d.request.weight_typed is not None:
        lines.append(f"Weight: {plain(d.request.weight_typed, 4)} lb = "
                     f"{plain(to_decimal(d.weight_kg), 8)} kg")
    else:
        lines.append(f"Weight: {plain(to_decimal(d.weight_kg), 4)} kg")
    lines += _wrap(f"Dose: {dose_words(d)}")
    if d.dose_mg is not None:
        if d.exact_volume_ml is not None:
            lines += _wrap(f"Volume: {format_volume(to_decimal(d.exact_volume_ml))} mL of the "
                           f"{d.nearest_presentation}")
    else:
        lines += _wrap(f"Presentations: {presentations_words(d)}" + (
            f"; nearest {nearest_words(d)}" if d.presentations_on_file else ""))
    lines += ["", *(_wrap(f"Why: {d.statement}")), "", "Workings:"]
    for step in d.workings:
        lines += _wrap(step, indent="  ")
    rule, *times = timing_lines(d)
    lines += ["", *_wrap(rule)]
    for line in times:
        lines += _wrap(line, indent="  ")
    if d.warnings:
        lines += ["", "Warnings:"]
        for w in d.warnings:
            lines += _wrap(f"! {w.message} [{', '.join(w.sources)}]", indent="  ")
    lines += ["", f"Sources: {', '.join(d.sources)}",
              "Prepared by: ____________________   Checked by: ____________________",
              "Decision support only: it never replaces clinical judgement."]
    return lines


def dose_text(d: DoseResult) -> str:
    return "\n".join(dose_lines(d)) + "\n"
