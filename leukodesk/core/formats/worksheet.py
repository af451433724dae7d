"""The pharmacist's dose worksheet for one G-CSF dose: the order, the calculation with its
workings, presentation and volume, the timing checks, warnings, and blank "prepared by /
checked by" lines. A pure function of a :class:`DoseResult` and of the moment it is made,
built as a :class:`~leukodesk.core.formats.handoff.Handoff` (plain text here, paper in
``leukodesk.ui.handoff.pdf``).
"""

from __future__ import annotations

from datetime import datetime

from leukodesk.core.content import cite
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.dosing.prophylaxis import ProphylaxisResult
from leukodesk.core.dosing.summary import SET_NAMES, nearest_words
from leukodesk.core.dosing.timing import when
from leukodesk.core.formats.display import format_dose, format_volume, plain
from leukodesk.core.formats.handoff import (
    BLANK,
    Entry,
    Handoff,
    Section,
    handoff_text,
    section,
    versions,
)
from leukodesk.core.formats.handoff import number as _n
from leukodesk.core.formats.prophylaxis_lines import prophylaxis_section


def worksheet_handoff(d: DoseResult, *, at: datetime,
                      prophylaxis: ProphylaxisResult | None = None, site: str = "") -> Handoff:
    """A pharmacist's worksheet for one G-CSF dose: the order, the calculation with its
    workings, presentation and volume, the timing checks (blank lines to fill in when no
    chemotherapy times were given), warnings, and blank "prepared by / checked by" lines."""
    weight = (f"{plain(d.request.weight_typed, 4)} lb = {plain(to_decimal(d.weight_kg), 8)} kg"
              if d.request.weight_typed is not None
              else f"{plain(to_decimal(d.weight_kg), 4)} kg")
    order = section("Order", f"Product: {d.product_name}",
                     f"Indication: {d.regimen}", f"Route and frequency: {d.route}",
                     f"Weight: {weight}")
    calc: list[Entry | str] = [f"Formula: {d.formula}"]
    if d.dose_mg is not None:
        calc.append(Entry(f"Dose: {format_dose(to_decimal(d.dose_mg), 4)} mg once per cycle "
                          f"({d.weight_band}, weight used {_n(d.rounded_weight_kg, 2)} kg)",
                          strong=True))
    else:
        per = "" if d.administrations_per_day == 1 else (
            f" = {format_dose(to_decimal(d.dose_per_administration_mcg))} mcg per dose x "
            f"{d.administrations_per_day} doses a day")
        mu = "" if d.daily_dose_mu is None else f" ({_n(d.daily_dose_mu, 2)} MU)"
        calc.append(Entry(f"Exact dose: {format_dose(to_decimal(d.daily_dose_mcg))} mcg/day"
                          f"{mu}{per}", strong=True))
    calc.append("Workings:")
    calc += [Entry(step, marker="- ", level=1) for step in d.workings]
    pres: list[Entry | str] = []
    if d.dose_mg is None:
        pres += [f"Presentations: {SET_NAMES[d.presentation_set.value]}",
                 f"Nearest: {nearest_words(d)}"]
    pres.append(f"Volume of the exact dose: {format_volume(to_decimal(d.exact_volume_ml))} mL"
                + ("" if d.presentation_volume_ml is None else
                   f" (the presentation holds "
                   f"{format_volume(to_decimal(d.presentation_volume_ml))} mL)"))
    if d.vial_volume_ml is not None:
        pres.append(f"From a 300 mcg/mL vial: {format_volume(to_decimal(d.vial_volume_ml))} mL")
    pres.append(Entry(f"Action: {d.statement}", strong=True))
    t = d.timing
    once = d.dose_mg is not None
    timing: list[Entry | str] = [f"Rule: {t.rule}"]
    given = [(label, moment) for label, moment in (
        ("Give no earlier than" if once else "Earliest first dose", t.earliest_first_dose_at),
        ("Give no later than" if once else "Last dose by", t.last_dose_by),
        ("Course ends by", t.stop_by)) if moment is not None]
    if given:
        timing += [f"{label}: {when(moment)}" for label, moment in given]
    else:
        # No chemotherapy times were given: lines for the checker to fill in.
        labels = ("Last chemotherapy ended:", "Next cycle starts:",
                  "Dose planned:" if once else "First dose planned:")
        timing += [f"{label:<25}{BLANK}" for label in labels]
        timing.append("Timing rule met: yes / no")
    if t.stop_rule:
        timing.append(f"Stop rule: {t.stop_rule}")
    sections = [order, section("Dose calculation", *calc),
                section("Presentation and volume", *pres), section("Timing checks", *timing)]
    if d.warnings:
        sections.append(Section("Warnings", tuple(
            Entry(f"{w.message} [{cite(w.sources)}]", marker="! ", strong=True)
            for w in d.warnings)))
    if prophylaxis is not None:  # RULES §14, when the Prophylaxis tab is filled in
        sections.append(prophylaxis_section(prophylaxis))
    sections.append(section("Sources", cite(d.sources)))
    return Handoff("worksheet", "LeukoDesk G-CSF dose worksheet (for a pharmacist's check)",
                   when(at), versions(d.rules_version), tuple(sections), sign_off=True,
                   rules_version=d.rules_version, site=site)


def worksheet_text(d: DoseResult, *, at: datetime,
                   prophylaxis: ProphylaxisResult | None = None, site: str = "") -> str:
    """The dose worksheet as plain ASCII text (``site``: the site configuration's line)."""
    return handoff_text(worksheet_handoff(d, at=at, prophylaxis=prophylaxis, site=site))
