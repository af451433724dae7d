"""A readable plain-text summary of an assessment (``leukodesk assess --text``).

Pure function of the Assessment, so every figure in it is the core's own.
"""

from __future__ import annotations

import textwrap

from leukodesk.core.content import cite
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.tables import standard_label
from leukodesk.core.formats import words
from leukodesk.core.formats.display import format_signed_pct, plain, plain_input
from leukodesk.core.formats.fn_risk_lines import fn_risk_section
from leukodesk.core.formats.handoff import Section
from leukodesk.core.formats.history_lines import history_section
from leukodesk.core.formats.trend_lines import trend_section
from leukodesk.core.rules import thresholds as rules

WIDTH = 79


def _num(value: float | None, unit: str = "", lln: float | None = None) -> str:
    """A figure (3 decimals at most) that never reads across a threshold of the rule set
    in its unit, nor across ``lln`` (RULES §1): WBC 3.9996 beside LLN 4 is not "4"."""
    if value is None:
        return "—"
    return f"{plain_input(value, unit or rules.COUNT, lln, 3)}{' ' + unit if unit else ''}"


def _grade(value: int | None) -> str:
    return "not graded" if value is None else f"grade {value}"


def _wrap(text: str, indent: str = "  ", bullet: str = "", hang: bool = False) -> list[str]:
    """``text`` wrapped under its bullet; with ``hang``, a text with no bullet goes on two
    columns further in (as the note lays out its entries). Source ids such as
    ASCO-IDSA-2018-OUT and words such as mild-to-moderate are never split at a hyphen."""
    rest = indent + (" " * len(bullet) if bullet or not hang else "  ")
    return textwrap.wrap(text, WIDTH, initial_indent=indent + bullet, subsequent_indent=rest,
                         break_on_hyphens=False) or [indent + bullet]


def _section(part: Section | None) -> list[str]:
    """A hand-off section as the summary lays it out (nothing when there is none): a blank
    line, its title, its entries indented (a table row as its padded text)."""
    if part is None:
        return []
    lines = ["", f"{part.title}:"]
    for e in part.entries:
        lines += _wrap(e.text, indent="  " * (1 + e.level), bullet=e.marker, hang=True)
    return lines


def summary_lines(a: Assessment) -> list[str]:
    """The summary as lines of at most 79 characters (a longer line is wrapped with a
    hanging indent)."""
    lines: list[str] = []
    for line in _raw_lines(a):
        lines += [line] if len(line) <= WIDTH else textwrap.wrap(
            line, WIDTH, subsequent_indent="  ")
    return lines


def _raw_lines(a: Assessment) -> list[str]:
    i, g, lln = a.inputs, a.ctcae, a.effective_lln
    lines = [f"LeukoDesk assessment — rule set {a.rules_version}, CTCAE v{a.ctcae_version}",
             f"Neutrophil gauge: {words.gauge_words(a)}"]
    marks = words.gauge_marks_words(a)
    if marks:
        lines.append(f"Marked beside the gauge: {marks}")
    lines.append("")
    anc = (f"ANC: not measured — {words.anc_missing_words(a)}" if a.anc is None else
           f"ANC {a.anc_display} ×10⁹/L ({a.anc_source}): "
           f"{words.LEVEL_WORDS[words.CLASS_LEVEL[a.anc_class.value]]}, "
           f"CTCAE {_grade(g.neutrophils)}; LLN {_num(lln.anc)}")
    lines += [f"WBC {_num(i.wbc, rules.COUNT, lln.wbc)}: CTCAE {_grade(g.wbc)}, leukopenia "
              f"{a.leukopenia_tier.value}; LLN {_num(lln.wbc)}", anc]
    if a.alc is not None:
        lines.append(f"Lymphocytes {_num(a.alc, rules.COUNT, lln.lymphocytes)}: "
                     f"CTCAE {_grade(g.lymphocytes)}")
    if i.platelets is not None:
        lines.append(f"Platelets {_num(i.platelets, rules.COUNT, lln.platelets)}: "
                     f"CTCAE {_grade(g.platelets)}")
    if i.hemoglobin_g_dl is not None:
        lines.append(f"Hemoglobin {_num(i.hemoglobin_g_dl, 'g/dL', lln.hemoglobin)}: anemia "
                     f"{_grade(g.anemia)}")
    lines.append(f"Cytopenia pattern: {words.pattern_words(a)}")
    lines += _section(history_section(a))
    lines += _section(trend_section(a))
    lines += ["",
              f"Fever (IDSA): {words.fever_words(a)}",
              f"FN (IDSA/ASCO): {words.fn_words(a)}",
              f"FN (CTCAE grade 3): {words.ctcae_fn_words(a)}",
              f"Immediate antibiotics: {words.antibiotics_words(a)}",
              f"High-risk features: {words.high_risk_words(a)}",
              f"Consider G-CSF: {words.gcsf_words(a)}"]
    if a.hyperleukocytosis:
        lines.append(f"Hyperleukocytosis: YES (WBC > {rules.HYPERLEUKOCYTOSIS_ABOVE.text} "
                     f"{rules.COUNT})")
    p = a.platelet_transfusion
    if p is not None:
        lines.append(f"Platelet transfusion: {words.transfusion_words(a, p)}")
        if p.higher_threshold_note:
            lines.append(words.apl_words())
    bleeding = words.bleeding_words(a)
    if bleeding:
        lines.append(bleeding)
    f = a.filgrastim
    if f is not None:
        within = "within" if f.within_tolerance else "OUTSIDE"
        tie = ", exact tie → larger chosen" if f.tie else ""
        deviation = format_signed_pct(to_decimal(f.deviation_pct), to_decimal(f.tolerance_pct))
        text = (f"Filgrastim{words.filgrastim_heading(a)}: {f.formula}/day; nearest "
                f"presentation {standard_label(f.nearest_vial_mcg)} ({deviation}{tie}), "
                f"{within} ±{plain(to_decimal(f.tolerance_pct))} %")
        # A number never parts from its unit at a line end ("0.5 / mL").
        for unit in (" mL", " mcg", " %"):
            text = text.replace(unit, "\u00a0" + unit[1:])
        lines += [line.replace("\u00a0", " ") for line in _wrap(text, indent="")]
    lines += _section(fn_risk_section(a))
    lines += ["", "Advice:"]
    for r in a.recommendations:
        lines += _wrap(f"{r.text} [{cite(r.sources)}]", bullet=f"{r.urgency.value.upper()}: ")
    if a.not_assessed:
        lines += ["", "Not assessed:"]
        for n in a.not_assessed:
            lines += _wrap(n.message, bullet="- ")
    if a.pitfalls:
        lines += ["", "Pitfalls that apply:"]
        for pit in a.pitfalls:
            lines += _wrap(f"{pit.title}: {pit.text}", bullet="- ")
    lines += ["", "Decision support only: it never replaces clinical judgement."]
    return lines


def summary_text(a: Assessment) -> str:
    """The summary of ``leukodesk assess --text``: :func:`summary_lines` as one text."""
    return "\n".join(summary_lines(a)) + "\n"
