"""Hand-off texts: the copy-to-note summary and the pharmacist's dose worksheet.

Both are pure functions of what the core computed (an :class:`Assessment`, a
:class:`DoseResult`), of the moment they are made (a parameter, never the clock) and of
the app's version. They are built once as a :class:`Handoff` (titled sections of
entries, in the core's own Unicode wording), which two renderers lay out:

- :func:`handoff_text` here, for the clipboard and ``leukodesk assess --note``: plain
  ASCII (see :func:`ascii_safe`), no tabs, every line at most 79 characters, so it
  survives pasting into any EHR text box;
- ``leukodesk.ui.handoff_pdf`` for paper (A4 or US Letter), with the same sections.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from leukodesk import __version__
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.dosing.summary import SET_NAMES, nearest_words
from leukodesk.core.dosing.timing import when
from leukodesk.core.formats.display import (
    format_dose,
    format_signed_pct,
    format_volume,
    plain,
    plain_input,
)
from leukodesk.core.rules import advice
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.advice import feature_words
from leukodesk.core.rules.grading import AncClass
from leukodesk.core.rules.thresholds import CTCAE_VERSION, RULES_VERSION

WIDTH = 79  # "lines under 80 characters"
COUNT = rules.COUNT
DISCLAIMER = ("Decision support only. These figures were computed by LeukoDesk from the inputs "
              "listed; they do not replace clinical judgement, local protocols or specialist "
              "advice. Check every figure against the patient before acting on it.")
BLANK = "____________________"
LABEL_MAX = 120  # characters of a patient label on paper; longer is refused, never cut
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}  # the paper sizes a hand-off is made in


def printed_label(label: str | None) -> str:
    """A patient label as it is printed: one line, spaces trimmed ("" when none was
    typed: then no label is printed). Checked against LABEL_MAX as printed."""
    return " ".join((label or "").split())

# --- ASCII-safe text -------------------------------------------------------------------
# Longest first: whole units before the single characters they contain.
ASCII_PHRASES = (
    ("×10⁹/L", "x10^9/L"), ("×10³/µL", "x10^3/uL"), ("µg", "mcg"), ("°C", "deg C"),
    ("°F", "deg F"),
)
ASCII_CHARS = {
    "×": "x", "÷": "/", "−": "-", "–": "-", "—": "-", "‑": "-", "±": "+/-", "≤": "<=",
    "≥": ">=", "≈": "~=", "→": "->", "←": "<-", "…": "...", "°": " deg", "µ": "u",
    "⁰": "^0", "¹": "^1", "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "⁷": "^7",
    "⁸": "^8", "⁹": "^9", "§": "section ", "·": "-", "•": "-", "‘": "'", "’": "'",
    "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ", "\t": " ",
    "✔": "[ok]", "✖": "[x]", "⚠": "!",
}


def ascii_safe(text: str) -> str:
    """``text`` in plain ASCII, meaning kept: ×10⁹/L → x10^9/L, µ → u (µg → mcg),
    °C → deg C, ≤/≥ → <=/>=, ± → +/-, ≈ → ~, ÷ → /, dashes and the minus sign → -,
    → → ->. Accented letters lose their accent (é → e); any other character becomes ?."""
    for phrase, plain_phrase in ASCII_PHRASES:
        text = text.replace(phrase, plain_phrase)
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
        elif ch in ASCII_CHARS:
            out.append(ASCII_CHARS[ch])
        else:
            stripped = "".join(c for c in unicodedata.normalize("NFKD", ch)
                               if ord(c) < 128)
            out.append(stripped or "?")
    return "".join(out)


# --- the document ----------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One item of content (wrapped as needed). ``marker`` leads it ("- ", "1. ");
    ``strong`` marks what must not be missed (emergencies, YES answers that act now)."""

    text: str
    marker: str = ""
    strong: bool = False
    level: int = 0      # 1: a step under the entry before it


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Handoff:
    """A hand-off document: the same content for the clipboard and for paper."""

    kind: str                  # "summary" or "worksheet"
    title: str
    made_at: str               # when it was made, as people read it
    versions: str              # app, rule set and CTCAE versions
    sections: tuple[Section, ...]
    sign_off: bool             # blank "prepared by / checked by" lines
    disclaimer: str = DISCLAIMER

    def header_lines(self) -> list[str]:
        return [self.title, f"Date/time: {self.made_at}", self.versions]


def _versions() -> str:
    return f"LeukoDesk {__version__}, rule set {RULES_VERSION}, CTCAE v{CTCAE_VERSION}"


def _n(value: float | Decimal | None, places: int = 4) -> str:
    return "-" if value is None else plain(to_decimal(value), places)


def _yes_no(value: bool | None) -> str:
    return "not assessed" if value is None else ("YES" if value else "no")


def _grade(value: int | None) -> str:
    return "not graded" if value is None else str(value)


def _section(title: str, *entries: Entry | str) -> Section:
    return Section(title, tuple(e if isinstance(e, Entry) else Entry(e) for e in entries))


DIAGNOSIS_WORDS = {
    "none": "none given", "solid_tumour": "solid tumour", "mds_lower_risk": "MDS, lower risk",
    "mds_higher_risk": "MDS, higher risk", "cmml": "CMML",
    "cmml_myeloproliferative": "CMML, myeloproliferative", "aml": "AML", "all": "ALL",
    "apl": "APL", "other_haematological": "other haematological disease"}
PROCEDURE_WORDS = {"none": "none planned", **advice.PROCEDURE_WORDS}  # the advice's words
FLAG_WORDS = (
    ("systemic_infection_signs", "signs of systemic infection"),
    ("uncontrolled_primary_disease", "uncontrolled primary disease"),
    ("myelosuppressive_chemo", "on myelosuppressive chemotherapy"),
    ("anthracycline_chemo", "anthracycline-containing chemotherapy"),
    ("active_bleeding", "clinically relevant bleeding now"),
    ("duffy_null", "Duffy-null phenotype confirmed"))
BASIS_WORDS = {"anc_class": "ANC class", "wbc_grade": "WBC CTCAE grade"}


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
                f"Weight {_n(i.weight_kg)} kg; vial rounding tolerance {_n(i.tolerance_pct)} %")
    rows.append(f"Diagnosis: {DIAGNOSIS_WORDS[i.diagnosis.value]}; planned procedure: "
                f"{PROCEDURE_WORDS[i.planned_procedure.value]}")
    ticked = [words for key, words in FLAG_WORDS if getattr(i, key)]
    rows.append("Risk factors ticked: " + (", ".join(ticked) if ticked else "none"))
    rows.append(f"Lower limits of normal used: WBC {_n(lln.wbc)}, ANC {_n(lln.anc)}"
                f"{' (Duffy-null)' if i.duffy_null else ''}, lymphocytes {_n(lln.lymphocytes)}, "
                f"platelets {_n(lln.platelets)} {COUNT}; hemoglobin {_n(lln.hemoglobin)} g/dL")
    return _section("Inputs (as used, in canonical units)", *rows)


def _results(a: Assessment) -> Section:
    g = a.ctcae
    rows: list[Entry | str] = [
        Entry(f"Severity: {a.severity_label.upper()} (level {a.severity_level} of 4, from the "
              f"{BASIS_WORDS[a.severity_basis]})", strong=a.severity_level >= 3)]
    if a.anc is None:
        rows.append("ANC: not assessed (enter an ANC or a differential)")
    else:
        source = "from the differential" if a.anc_source == "differential" else "given"
        klass = ("normal (no neutropenia)" if a.anc_class is AncClass.NORMAL
                 else f"{a.anc_class.value} neutropenia")
        rows.append(f"ANC {a.anc_display} {COUNT} ({source}): {klass}")
        if a.needs_active_management:
            rows.append(f"ANC below {rules.ANC_ACTIVE_MANAGEMENT_BELOW.value}: needs active "
                        "management")
    rows.append(f"Leukopenia: {a.leukopenia_tier.value}"
                + (" (WBC below its lower limit of normal)" if a.leukopenia else ""))
    rows.append(f"CTCAE v{a.ctcae_version} grades: WBC {_grade(g.wbc)}, neutrophils "
                f"{_grade(g.neutrophils)}, lymphocytes {_grade(g.lymphocytes)}, platelets "
                f"{_grade(g.platelets)}, anemia {_grade(g.anemia)}")
    rows += [Entry(f"Fever (IDSA): {_yes_no(a.fever)}"),
             Entry(f"Febrile neutropenia (IDSA/ASCO): {_yes_no(a.febrile_neutropenia)}",
                   strong=a.febrile_neutropenia is True),
             Entry(f"Febrile neutropenia (CTCAE grade 3): "
                   f"{_yes_no(a.ctcae_febrile_neutropenia)}"),
             Entry(f"Immediate empiric antibiotics: {_yes_no(a.immediate_antibiotics)}",
                   strong=a.immediate_antibiotics is True)]
    features = ", ".join(feature_words()[c] for c in a.high_risk_features) or "none found"
    unknown = ", ".join(feature_words()[c] for c in a.high_risk_not_assessed)
    rows.append(f"High-risk features: {features}"
                + (f" (not assessed: {unknown})" if unknown else ""))
    rows.append(f"Consider G-CSF: {_yes_no(a.consider_gcsf)}")
    if a.hyperleukocytosis:
        rows.append(Entry(f"Hyperleukocytosis: YES (WBC above "
                          f"{rules.HYPERLEUKOCYTOSIS_ABOVE.value} {COUNT})", strong=True))
    return _section("Results", *rows)


def _recommendations(a: Assessment) -> Section:
    entries = [Entry(f"{r.urgency.value.upper()}: {r.text} [{', '.join(r.sources)}]",
                     marker=f"{n}. ", strong=r.urgency.value == "emergency")
               for n, r in enumerate(a.recommendations, start=1)]
    return Section("Recommendations (most urgent first) [source ids]",
                   tuple(entries) or (Entry("None."),))


def _dose_rows(d: DoseResult) -> list[Entry | str]:
    """The window's dose calculation, as its panel shows it."""
    rows: list[Entry | str] = [f"Product: {d.product_name}; {d.regimen}; {d.route}",
                               "Calculation:"]
    rows += [Entry(step, marker="- ", level=1) for step in d.workings]
    if d.dose_mg is not None:
        rows.append(f"Dose {format_dose(to_decimal(d.dose_mg), 4)} mg once per cycle "
                    f"({d.weight_band}); volume {format_volume(to_decimal(d.exact_volume_ml))}"
                    f" mL of the {d.nearest_presentation}")
    else:
        rows.append(f"Nearest presentation ({SET_NAMES[d.presentation_set.value]}): "
                    f"{nearest_words(d)}")
    rows.append(Entry(f"Action: {d.statement}", strong=True))
    rows += [Entry(f"{w.message} [{', '.join(w.sources)}]", marker="! ") for w in d.warnings]
    rows.append(f"Sources: {', '.join(d.sources)}")
    return rows


def _filgrastim(a: Assessment, dose: DoseResult | None) -> Section:
    if dose is not None:
        return _section("Filgrastim / G-CSF dose", *_dose_rows(dose))
    f = a.filgrastim
    if f is None:
        return _section("Filgrastim dose", "Not calculated: no weight was given.")
    within = "within" if f.within_tolerance else "OUTSIDE"
    deviation = format_signed_pct(to_decimal(f.deviation_pct), to_decimal(f.tolerance_pct))
    return _section(
        "Filgrastim dose",
        f"Formula: {f.formula}/day",
        f"Nearest vial: {plain(to_decimal(f.nearest_vial_mcg))} mcg ({deviation}"
        f"{', exact tie: larger vial' if f.tie else ''}), {within} "
        f"±{plain(to_decimal(f.tolerance_pct))} %",
        f"Sources: {', '.join(dict.fromkeys(f.sources))}")


def _transfusion(a: Assessment) -> Section:
    p = a.platelet_transfusion
    if p is None:
        return _section("Platelet transfusion", "Not assessed: no platelet count was given.")
    rows: list[Entry | str] = [
        Entry(f"{p.category.value.replace('_', ' ').capitalize()} ({p.threshold}); transfuse "
              f"now: {_yes_no(p.transfuse_now)}"
              + (f" ({', '.join(p.reasons)})" if p.reasons else ""),
              strong=p.transfuse_now is True)]
    if p.procedure_threshold is not None:
        rows.append(f"Before the planned procedure: transfuse below "
                    f"{_n(p.procedure_threshold)} {COUNT}")
    if p.higher_threshold_note:
        rows.append("APL or DIC: a higher threshold is used")
    rows.append(f"Sources: {', '.join(p.sources)}")
    return _section("Platelet transfusion", *rows)


def summary_handoff(a: Assessment, dose: DoseResult | None = None, *,
                    at: datetime) -> Handoff:
    """The note for one assessment: inputs with units, ANC and class, CTCAE grades, FN,
    high-risk features, recommendations with source ids, the filgrastim calculation
    (``dose``, the dose calculator's result, when given; else the assessment's own
    5 mcg/kg/day estimate), platelet transfusion, what was not assessed, versions.
    ``at`` is when the note is made (printed as given)."""
    sections = [_inputs(a), _results(a), _recommendations(a), _filgrastim(a, dose),
                _transfusion(a)]
    if a.not_assessed:
        sections.append(Section("Not assessed", tuple(Entry(n.message, marker="- ")
                                                       for n in a.not_assessed)))
    return Handoff("summary", "LeukoDesk note: leukopenia / neutropenia assessment",
                   when(at), _versions(), tuple(sections), sign_off=False)


def worksheet_handoff(d: DoseResult, *, at: datetime) -> Handoff:
    """A pharmacist's worksheet for one G-CSF dose: the order, the calculation with its
    workings, presentation and volume, the timing checks (blank lines to fill in when no
    chemotherapy times were given), warnings, and blank "prepared by / checked by" lines."""
    weight = (f"{plain(d.request.weight_typed, 4)} lb = {plain(to_decimal(d.weight_kg), 8)} kg"
              if d.request.weight_typed is not None
              else f"{plain(to_decimal(d.weight_kg), 4)} kg")
    order = _section("Order", f"Product: {d.product_name}",
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
    sections = [order, _section("Dose calculation", *calc),
                _section("Presentation and volume", *pres), _section("Timing checks", *timing)]
    if d.warnings:
        sections.append(Section("Warnings", tuple(
            Entry(f"{w.message} [{', '.join(w.sources)}]", marker="! ", strong=True)
            for w in d.warnings)))
    sections.append(_section("Sources", ", ".join(d.sources)))
    return Handoff("worksheet", "LeukoDesk G-CSF dose worksheet (for a pharmacist's check)",
                   when(at), _versions(), tuple(sections), sign_off=True)


SIGN_OFF = (f"Prepared by: {BLANK}   Date/time: {BLANK}",
            f"Checked by:  {BLANK}   Date/time: {BLANK}")


# --- plain text ----------------------------------------------------------------------
NBSP = "\u00a0"
_GLUE = re.compile(
    r"(?<=[\d)]) (?=(?:mcg|mL|mg|kg|lb|%|MU|×10⁹/L|x10\^9/L|°C|°F|deg [CF]|g/dL|days|years|h)"
    r"(?![A-Za-z]))"             # a number and its unit
    r"|(?<=[≤≥≈<>=~±]) (?=[-+−]?\d)")  # a comparison and its number


def glue_units(text: str) -> str:
    """``text`` with no-break spaces where a line must not break: between a number and
    its unit (362 mcg, 10 ×10⁹/L) and after a comparison (≥ 10). For the wrappers only."""
    return _GLUE.sub(NBSP, text)


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """ASCII lines of at most WIDTH characters; a number keeps its unit, and source ids
    such as ASCO-IDSA-2018-OUT are never split at their hyphens."""
    text = glue_units(ascii_safe(text))
    lines = textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                          break_on_hyphens=False) or [first.rstrip()]
    return [line.replace(NBSP, " ") for line in lines]


def handoff_lines(doc: Handoff) -> list[str]:
    """The document as ASCII lines of at most 79 characters, no tabs."""
    lines: list[str] = []
    for line in doc.header_lines():
        lines += _wrap(line, "", "  ")
    for section in doc.sections:
        lines += ["", ascii_safe(section.title).upper()]
        for e in section.entries:
            lead = "  " * (1 + e.level) + e.marker
            # A hanging indent: under the text after a marker, else two further columns.
            lines += _wrap(e.text, lead, " " * (len(lead) if e.marker else len(lead) + 2))
    if doc.sign_off:
        lines += ["", *SIGN_OFF]
    lines += ["", *_wrap(doc.disclaimer, "", "")]
    return lines


def handoff_text(doc: Handoff) -> str:
    return "\n".join(handoff_lines(doc)) + "\n"


def note_text(a: Assessment, dose: DoseResult | None = None, *, at: datetime) -> str:
    """The copy-to-note text of one assessment (ASCII, lines under 80 characters)."""
    return handoff_text(summary_handoff(a, dose, at=at))


def worksheet_text(d: DoseResult, *, at: datetime) -> str:
    """The dose worksheet as plain ASCII text."""
    return handoff_text(worksheet_handoff(d, at=at))
