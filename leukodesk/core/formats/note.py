"""The copy-to-note summary of an assessment, results first (issue 19): what to do — the
ACT NOW strip's emergencies, the recommendations with their sources (short names), the
platelet transfusion and the filgrastim calculation (its action line first) — then what
was found — ANC and class, CTCAE grades, FN, high-risk features, the FN risk scores and
where to treat (shown when relevant, :mod:`.fn_risk_lines`), the trend in words (with a
history: :mod:`.trend_lines`; on paper the plot follows it) — then the inputs with units,
the serial counts (a table, with a history: :mod:`.history_lines`), what was not
assessed, versions.

A pure function of what the core computed (an :class:`Assessment`, and a
:class:`DoseResult` when the dose calculator has one), of the moment it is made (a
parameter, never the clock) and of the app's version, built as a
:class:`~leukodesk.core.formats.handoff.Handoff`: :func:`note_text` lays it out as plain
ASCII for the clipboard, ``leukodesk.ui.handoff.pdf`` on paper.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from leukodesk.core.content import cite
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.dosing.summary import dose_words, nearest_words, presentations_words
from leukodesk.core.dosing.tables import standard_label
from leukodesk.core.dosing.timing import when
from leukodesk.core.formats import words
from leukodesk.core.formats.display import (
    format_signed_pct,
    plain,
    plain_input,
)
from leukodesk.core.formats.fn_risk_lines import fn_risk_section
from leukodesk.core.formats.handoff import (
    Entry,
    Figure,
    Handoff,
    Section,
    handoff_text,
    section,
    versions,
)
from leukodesk.core.formats.handoff import number as _n
from leukodesk.core.formats.history_lines import history_section
from leukodesk.core.formats.trend_lines import trend_section
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.table import words as table_words

COUNT = rules.COUNT
ACT_NOW = "ACT NOW"  # the emergencies by name, as the window's strip lists them
TREND_PLOT = "Trend plot: ANC and WBC (log scale)"


def _grade(value: int | None) -> str:
    return "not graded" if value is None else str(value)


DIAGNOSIS_WORDS = {
    "none": "none given", "solid_tumour": "solid tumour", "mds_lower_risk": "MDS, lower risk",
    "mds_higher_risk": "MDS, higher risk", "cmml": "CMML",
    "cmml_myeloproliferative": "CMML, myeloproliferative", "aml": "AML", "all": "ALL",
    "apl": "APL", "other_haematological": "other haematological disease"}
PROCEDURE_WORDS = {"none": "none planned", **table_words.PROCEDURE_WORDS}  # the advice's words
FLAG_WORDS = (
    ("systemic_infection_signs", "signs of systemic infection"),
    ("uncontrolled_primary_disease", "uncontrolled primary disease"),
    ("myelosuppressive_chemo", "on myelosuppressive chemotherapy"),
    ("anthracycline_chemo", "anthracycline-containing chemotherapy"),
    ("duffy_null", "Duffy-null phenotype confirmed"))


def _inputs(a: Assessment) -> Section:
    i, lln = a.inputs, a.effective_lln
    rows: list[str] = [f"WBC {plain_input(i.wbc, COUNT, lln.wbc)} {COUNT}"]
    if i.anc is not None:
        rows.append(f"ANC (given) {plain_input(i.anc, COUNT, lln.anc)} {COUNT}")
    elif i.differential is not None and i.differential.segs_pct is not None:
        d = i.differential
        bands = "0 % (empty)" if d.bands_pct is None else f"{_n(d.bands_pct)} %"
        parts = [f"segmented {_n(d.segs_pct)} %", f"bands {bands}"]
        parts += [f"{name} {_n(v)} %" for name, v in (("lymphocytes", d.lymphs_pct),
                                                       ("monocytes", d.monos_pct))
                  if v is not None]
        rows.append("Differential: " + ", ".join(parts))
    else:
        rows.append("ANC: not given (no differential)")
    if i.monocytes is not None:
        rows.append(f"Monocytes {plain_input(i.monocytes, COUNT)} {COUNT}")
    for label, value, unit, limit in (("Lymphocytes", i.lymphocytes, COUNT, lln.lymphocytes),
                                      ("Platelets", i.platelets, COUNT, lln.platelets),
                                      ("Hemoglobin", i.hemoglobin_g_dl, "g/dL", lln.hemoglobin)):
        rows.append(f"{label}: not given" if value is None
                    else f"{label} {plain_input(value, unit, limit)} {unit}")
    if i.temperature_c is None:
        rows.append("Temperature: not given")
    else:
        rows.append(f"Temperature {plain_input(i.temperature_c, '°C')} °C; at or above "
                    f"{rules.FEVER_SUSTAINED_FROM.text} °C for "
                    f"{rules.FEVER_SUSTAINED_HOURS.text} hour: "
                    f"{'yes' if i.fever_sustained_1h else 'no'}")
    fall = i.anc_expected_below_0_5_within_48h
    rows.append(f"ANC expected below {rules.FN_ANC_BELOW.text} within "
                f"{rules.FN_FALL_WITHIN_HOURS.text} h: "
                + ("unknown" if fall is None else "yes" if fall else "no"))
    rows.append("Expected duration of neutropenia: " + (
        "not given" if i.expected_neutropenia_days is None
        else f"{plain_input(i.expected_neutropenia_days, 'days')} days"))
    rows.append("Age: not given" if i.age_years is None
                else f"Age {plain_input(i.age_years, 'years')} years")
    rows.append("Weight: not given" if i.weight_kg is None else
                f"Weight {_n(i.weight_kg)} kg; dose rounding tolerance {_n(i.tolerance_pct)} %")
    if i.counts_time is not None:
        rows.append(f"Time of these counts: {i.counts_time}")
    if i.last_chemo_at is not None:
        rows.append(f"End of the last chemotherapy: {i.last_chemo_at}")
    rows.append(f"Diagnosis: {DIAGNOSIS_WORDS[i.diagnosis.value]}; planned procedure: "
                f"{PROCEDURE_WORDS[i.planned_procedure.value]}")
    rows.append(f"Bleeding now: {words.BLEEDING_WORDS[i.bleeding.value]}")
    ticked = [said for key, said in FLAG_WORDS if getattr(i, key)]
    rows.append("Risk factors ticked: " + (", ".join(ticked) if ticked else "none"))
    rows.append(f"Lower limits of normal used: WBC {_n(lln.wbc)}, ANC {_n(lln.anc)}"
                f"{' (Duffy-null)' if i.duffy_null else ''}, lymphocytes {_n(lln.lymphocytes)}, "
                f"platelets {_n(lln.platelets)} {COUNT}; hemoglobin {_n(lln.hemoglobin)} g/dL")
    return replace(section("Inputs (as used, in canonical units)", *rows), paired=True)


def _results(a: Assessment) -> Section:
    g = a.ctcae
    level = a.severity_level
    rows: list[Entry | str] = [
        Entry(f"Neutrophil gauge: {words.gauge_words(a)}",
              strong=level is not None and level >= 3)]
    marks = words.gauge_marks_words(a)
    if marks:
        rows.append(Entry(f"Marked beside the gauge: {marks}", strong=True))
    if a.anc is None:
        rows.append(f"ANC: not assessed (enter an ANC or a differential); "
                    f"{words.anc_missing_words(a)}")
    else:
        source = "from the differential" if a.anc_source == "differential" else "given"
        klass = ("normal (no neutropenia)" if a.anc_class.value == "normal"
                 else f"{a.anc_class.value} neutropenia")
        rows.append(f"ANC {a.anc_display} {COUNT} ({source}): {klass}")
    if a.needs_active_management:
        below = rules.ANC_ACTIVE_MANAGEMENT_BELOW.text
        rows.append(f"ANC below {below}: needs active management" if a.anc is not None else
                    f"ANC below {below} (the WBC bounds it): needs active management")
    rows.append(f"Leukopenia: {a.leukopenia_tier.value}"
                + (" (WBC below its lower limit of normal)" if a.leukopenia else ""))
    rows.append(f"CTCAE v{a.ctcae_version} grades: WBC {_grade(g.wbc)}, neutrophils "
                f"{_grade(g.neutrophils)}, lymphocytes {_grade(g.lymphocytes)}, platelets "
                f"{_grade(g.platelets)}, anemia {_grade(g.anemia)}")
    rows.append(f"Cytopenia pattern: {words.pattern_words(a)}")
    rows += [Entry(f"Fever (IDSA): {words.fever_words(a)}"),
             Entry(f"Febrile neutropenia (IDSA/ASCO): {words.fn_words(a)}",
                   strong=a.febrile_neutropenia is True),
             Entry(f"Febrile neutropenia (CTCAE grade 3): {words.ctcae_fn_words(a)}"),
             Entry(f"Immediate empiric antibiotics: {words.antibiotics_words(a)}",
                   strong=a.immediate_antibiotics is not False)]
    rows.append(f"High-risk features: {words.high_risk_words(a)}")
    rows.append(f"Consider G-CSF: {words.gcsf_words(a)}")
    if a.hyperleukocytosis:
        rows.append(Entry(f"Hyperleukocytosis: YES (WBC above "
                          f"{rules.HYPERLEUKOCYTOSIS_ABOVE.text} {COUNT})", strong=True))
    return section("Results", *rows)


def _act_now(a: Assessment) -> Section | None:
    """The window's ACT NOW strip: each emergency's rule, by name (None: no emergency)."""
    lines = words.act_now_lines(a)
    if not lines:
        return None
    return Section(ACT_NOW, tuple(Entry(line, marker="- ", strong=True) for line in lines))


def _recommendations(a: Assessment) -> Section:
    entries = [Entry(f"{r.urgency.value.upper()}: {r.text} [{cite(r.sources)}]"
                     + (f" Local note: {r.local_note}" if r.local_note else ""),
                     marker=f"{n}. ", strong=r.urgency.value == "emergency")
               for n, r in enumerate(a.recommendations, start=1)]
    return Section("Recommendations (most urgent first) [sources]",
                   tuple(entries) or (Entry("None."),))


def _dose_rows(d: DoseResult) -> list[Entry | str]:
    """The window's dose calculation, as its panel shows it: the action first."""
    rows: list[Entry | str] = [Entry(f"Action: {d.action}", strong=True),
                               f"Product: {d.product_name}; {d.regimen}; {d.route}",
                               f"Dose: {dose_words(d)}",
                               f"Dose calculator rule set {d.rules_version}",
                               "Calculation:"]
    rows += [Entry(step, marker="- ", level=1) for step in d.workings]
    if d.dose_mg is None:
        rows.append(f"Nearest presentation ({presentations_words(d)}): {nearest_words(d)}"
                    if d.presentations_on_file else f"Presentations: {presentations_words(d)}")
    rows.append(f"Why: {d.statement}")
    rows += [Entry(f"{w.message} [{cite(w.sources)}]", marker="! ") for w in d.warnings]
    rows.append(f"Sources: {cite(d.sources)}")
    return rows


def _filgrastim(a: Assessment, dose: DoseResult | None, withheld: str | None) -> Section:
    heading = words.filgrastim_heading(a)
    if dose is not None:
        return section(f"Filgrastim / G-CSF dose{heading}", *_dose_rows(dose))
    f = a.filgrastim
    if f is None:
        return section(f"Filgrastim dose{heading}", "Not calculated: no weight was given.")
    if withheld:  # no presentation while a refused site file is unconfirmed (RULES §16)
        return section(f"Filgrastim dose{heading}", f"Formula: {f.formula}/day", withheld,
                       f"Sources: {cite(f.sources)}")
    within = "within" if f.within_tolerance else "OUTSIDE"
    deviation = format_signed_pct(to_decimal(f.deviation_pct), to_decimal(f.tolerance_pct))
    return section(
        f"Filgrastim dose{heading}",
        f"Formula: {f.formula}/day",
        f"Nearest presentation: {standard_label(f.nearest_vial_mcg)} ({deviation}"
        f"{', exact tie: larger chosen' if f.tie else ''}), {within} "
        f"±{plain(to_decimal(f.tolerance_pct))} %",
        f"Sources: {cite(f.sources)}")


def _transfusion(a: Assessment) -> Section:
    p = a.platelet_transfusion
    bleeding = words.bleeding_words(a)
    if p is None:
        rows_none: list[Entry | str] = ["Not assessed: no platelet count was given."]
        if bleeding:
            rows_none.append(Entry(bleeding, strong=True))
        return section("Platelet transfusion", *rows_none)
    rows: list[Entry | str] = [
        Entry(words.transfusion_words(a, p), strong=p.transfuse_now is True)]
    if bleeding:
        rows.append(Entry(bleeding, strong=True))
    if p.procedure_threshold is not None:
        rows.append(f"Before the planned procedure: transfuse below "
                    f"{_n(p.procedure_threshold)} {COUNT}" + (
                        f" (this site's threshold: {p.procedure_threshold_source})"
                        if p.procedure_threshold_source else ""))
    if p.higher_threshold_note:
        rows.append(words.apl_words())
    rows.append(f"Sources: {cite(p.sources)}")
    return section("Platelet transfusion", *rows)


def trend_figure(a: Assessment) -> Figure:
    """The trend plot as the PDF carries it (the window's drawing), under its caption."""
    platelets = any(p.platelets is not None for p in a.trend_points)
    return Figure("trend", TREND_PLOT + (", platelets below" if platelets else ""))


def summary_handoff(a: Assessment, dose: DoseResult | None = None, *,
                    at: datetime, site: str = "", withheld: str | None = None) -> Handoff:
    """The note for one assessment, in the module's order (actions, results, inputs):
    the filgrastim calculation is ``dose``, the dose calculator's result, when given;
    else the assessment's own 5 mcg/kg/day estimate. ``at`` is when the note is made
    (printed as given); ``site`` the site configuration's line
    (:func:`~leukodesk.core.formats.handoff.site_line`); ``withheld``: why the standard
    dose names no presentation (RULES §16; the dose calculator's result says it itself)."""
    fn_risk = fn_risk_section(a)
    history = history_section(a)
    trend = trend_section(a)
    if trend is not None:  # paper draws the plot after the trend in words
        trend = replace(trend, figure=trend_figure(a))
    # Results first: what to do (the ACT NOW strip, the recommendations, the transfusion
    # and the dose, as the window's row shows them left to right), then what was found,
    # then the inputs it was found from.
    act_now = _act_now(a)
    sections = [*([act_now] if act_now else []), _recommendations(a), _transfusion(a),
                _filgrastim(a, dose, withheld), _results(a), *([fn_risk] if fn_risk else []),
                *([trend] if trend else []), _inputs(a), *([history] if history else [])]
    if a.not_assessed:
        sections.append(Section("Not assessed", tuple(Entry(n.message, marker="- ")
                                                       for n in a.not_assessed)))
    return Handoff("summary", "LeukoDesk note: leukopenia / neutropenia assessment",
                   when(at), versions(), tuple(sections), sign_off=False, site=site)


def note_text(a: Assessment, dose: DoseResult | None = None, *, at: datetime,
              site: str = "") -> str:
    """The copy-to-note text of one assessment (ASCII, lines under 80 characters)."""
    return handoff_text(summary_handoff(a, dose, at=at, site=site))
