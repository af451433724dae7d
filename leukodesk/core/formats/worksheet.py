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
from leukodesk.core.dosing.summary import (
    dose_words,
    nearest_words,
    presentations_words,
    timing_times,
)
from leukodesk.core.dosing.timing import when
from leukodesk.core.formats.display import format_volume, plain
from leukodesk.core.formats.handoff import (
    BLANK,
    Entry,
    Handoff,
    Section,
    handoff_text,
    section,
    versions,
)
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
    calc: list[Entry | str] = [f"Formula: {d.formula}",
                               Entry(f"Dose: {dose_words(d)}", strong=True), "Workings:"]
    calc += [Entry(step, marker="- ", level=1) for step in d.workings]
    pres: list[Entry | str] = [f"Presentations: {presentations_words(d)}"]
    if d.dose_mg is None and d.presentations_on_file:
        pres.append(f"Nearest: {nearest_words(d)}")
    # A volume only where the named presentation holds it (RULES §10).
    if d.exact_volume_ml is not None:
        pres.append(f"Volume of the exact dose: "
                    f"{format_volume(to_decimal(d.exact_volume_ml))} mL of the "
                    f"{d.nearest_presentation} (it holds "
                    f"{format_volume(to_decimal(d.presentation_volume_ml))} mL)")
    if d.vial_volume_ml is not None:
        pres.append(f"From a 300 mcg/mL vial: {format_volume(to_decimal(d.vial_volume_ml))} mL")
    pres.append(f"Why: {d.statement}")
    t = d.timing
    once = d.dose_mg is not None
    timing: list[Entry | str] = [f"Rule: {t.rule}"]
    given = timing_times(d)
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
    # The action first, large; the workings after it (RULES §10, 2026.2).
    sections = [Section("Give", (Entry(d.action, strong=True),)), order,
                section("Dose calculation", *calc),
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
