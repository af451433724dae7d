"""The G-CSF prophylaxis decision (RULES §14) in words: one :class:`ProphylaxisLines` of a
:class:`~leukodesk.core.dosing.prophylaxis.ProphylaxisResult`, which the window's
Prophylaxis tab, ``leukodesk prophylaxis --text`` and the dose worksheet all show.

Only words: every decision here is the result's own (primary, secondary, the factors
counted, the warnings and notes); nothing is decided again.
"""

from __future__ import annotations

from dataclasses import dataclass

from leukodesk.core import content
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.prophylaxis import ProphylaxisResult, RegimenResult
from leukodesk.core.formats.display import plain_beside
from leukodesk.core.formats.handoff import Entry, Section, section
from leukodesk.core.formats.prophylaxis_words import factor_names
from leukodesk.core.rules.thresholds import thresholds_in

_PRIMARY = {
    "recommended": "Primary G-CSF prophylaxis: recommended",
    "consider": "Primary G-CSF prophylaxis: consider it",
    "not_routinely_recommended": "Primary G-CSF prophylaxis: not routinely recommended",
    "avoid_chemoradiation": "G-CSF: avoid it during the chemoradiation",
    None: "Primary G-CSF prophylaxis: not decided — enter the regimen's FN risk (a "
          "percentage or a category)",
}
_SECONDARY = {
    "recommended": "Secondary prophylaxis: recommended — the prior cycle had a neutropenic "
                   "complication and a lower dose would compromise the outcome",
    "dose_reduction_alternative": "Secondary prophylaxis: a dose reduction or delay is a "
                                  "reasonable alternative to G-CSF (a lower dose would not "
                                  "compromise the outcome)",
    "not_applicable": "Secondary prophylaxis: does not apply — no neutropenic complication "
                      "in the prior cycle",
    "avoid_chemoradiation": "Secondary prophylaxis: avoid G-CSF during the chemoradiation",
}
_SECONDARY_ASKS = {
    "complication": "Secondary prophylaxis: not decided — answer whether the prior cycle had "
                    "a neutropenic complication",
    "compromise": "Secondary prophylaxis: not decided — answer whether a lower dose would "
                  "compromise the outcome",
}
# An outcome inside a sentence (the regimen's own result under chemoradiation).
_SHORT = {"recommended": "recommended", "consider": "consider it",
          "not_routinely_recommended": "not routinely recommended",
          "dose_reduction_alternative": "a dose reduction or delay is a reasonable "
                                        "alternative", "not_applicable": "does not apply"}
_WARNINGS = {
    "mediastinal_chemoradiation": "Concurrent chemoradiation involving the mediastinum: "
                                  "G-CSF should be avoided while it runs (ASCO; best "
                                  "knowledge, not verified against the full text).",
    "nccn_20_percent_is_intermediate": "A regimen risk of exactly {PROPH_HIGH_FROM_PCT} % "
                                       "counts as high here (ASCO 2015, EORTC 2010: "
                                       "{PROPH_HIGH_FROM_PCT} % or more); NCCN counts it as "
                                       "intermediate.",
    "nccn_age_over_65": "Age exactly {PROPH_AGE_FROM} counts as a risk factor here (ASCO, "
                        "EORTC: {PROPH_AGE_FROM} or over); NCCN counts only an age above "
                        "{PROPH_AGE_FROM}.",
}
_NOTES = {
    "reassess_every_cycle": "No risk factor now: reassess the FN risk before every cycle.",
    "individualise_if_overall_risk_ge_20_pct": "Individualise: give prophylaxis if the "
                                               "patient's overall FN risk is judged to be "
                                               "{PROPH_HIGH_FROM_PCT} % or more.",
}
_BASIS = {
    "dense": "the regimen is dose-dense (or dose-intense) with a survival benefit",
    "high": "a high-risk regimen (FN risk {PROPH_HIGH_FROM_PCT} % or more)",
    "consider": "an intermediate-risk regimen ({PROPH_INTERMEDIATE_FROM_PCT} % to below "
                "{PROPH_HIGH_FROM_PCT} %) with at least one risk factor",
    "intermediate": "an intermediate-risk regimen and no risk factor",
    "low": "a low-risk regimen (below {PROPH_INTERMEDIATE_FROM_PCT} %)",
}


@dataclass(frozen=True)
class ProphylaxisLines:
    """The decision in words: the two headlines, why the primary one holds, the factors
    counted, warnings, notes, the regimen's own result under chemoradiation, sources."""

    primary: str
    basis: str
    secondary: str
    factors: str
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    context: str
    sources: str


def _words(table: dict[str, str]) -> dict[str, str]:
    return {key: content.with_thresholds(text) for key, text in table.items()}


def _basis(r: ProphylaxisResult, primary: str | None) -> str:
    req = r.request
    if primary == "recommended":
        key = "dense" if req.dose_dense_survival_benefit else "high"
    elif primary == "consider":
        key = "consider"
    elif primary == "not_routinely_recommended":
        key = "intermediate" if "reassess_every_cycle" in r.notes else "low"
    else:
        return ""
    return "Basis: " + content.with_thresholds(_BASIS[key]) + _regimen(r) + "."


def _regimen(r: ProphylaxisResult) -> str:
    req = r.request
    if req.regimen_fn_risk_pct is not None:
        return f" (regimen FN risk entered: {_figure(req.regimen_fn_risk_pct, '%')} %)"
    if req.regimen_risk_category is not None:
        return f" (regimen risk entered: {req.regimen_risk_category.value})"
    return ""


def _figure(value: float, unit: str) -> str:
    """A figure never written across a threshold it was compared with (RULES §1)."""
    return plain_beside(to_decimal(value), thresholds_in(unit))


def _secondary(r: ProphylaxisResult, value: str | None) -> str:
    if value is not None:
        return _SECONDARY[value]
    unknown = r.request.prior_cycle_neutropenic_complication is None
    return _SECONDARY_ASKS["complication" if unknown else "compromise"]


def _factors(r: ProphylaxisResult) -> str:
    names = factor_names()
    counted = [names[code] for code in r.factors]
    text = (f"Risk factors counted ({len(counted)}): {'; '.join(counted)}." if counted
            else "Risk factors counted: none.")
    if "age_ge_65" in {f.value for f in r.request.risk_factors} and "age_ge_65" not in r.factors:
        text += (f" {names['age_ge_65']} is ticked, but the age entered "
                 f"({_figure(r.request.age_years or 0, 'years')} years) is below it: not "
                 "counted.")
    return text


def _context(r: ProphylaxisResult, regimen: RegimenResult | None) -> str:
    if regimen is None:
        return ""
    primary = _SHORT.get(regimen.primary, "not decided (no regimen risk entered)")
    secondary = _SHORT.get(regimen.secondary, "not decided (a prior-cycle answer is unknown)")
    return (f"Without the chemoradiation, this regimen would give — primary prophylaxis: "
            f"{primary}; secondary: {secondary}.")


def prophylaxis_lines(r: ProphylaxisResult) -> ProphylaxisLines:
    """The prophylaxis decision of ``r`` in words."""
    regimen = r.without_chemoradiation
    shown_primary = regimen.primary if regimen is not None else r.primary
    warnings, notes = _words(_WARNINGS), _words(_NOTES)
    return ProphylaxisLines(
        primary=_PRIMARY[r.primary], basis=_basis(r, shown_primary),
        secondary=_secondary(r, r.secondary), factors=_factors(r),
        warnings=tuple(warnings[w] for w in r.warnings),
        notes=tuple(notes[n] for n in r.notes), context=_context(r, regimen),
        sources="Sources: " + content.cite(r.sources))


def prophylaxis_section(r: ProphylaxisResult) -> Section:
    """The decision as a section of a hand-off document (the dose worksheet)."""
    w = prophylaxis_lines(r)
    entries: list[Entry | str] = [Entry(w.primary, strong=True)]
    entries += [line for line in (w.context, w.basis) if line]
    entries.append(Entry(w.secondary, strong=True))
    entries.append(w.factors)
    entries += [Entry(line, marker="! ", strong=True) for line in w.warnings]
    entries += [Entry(line, marker="- ") for line in w.notes]
    entries.append(w.sources)
    return section("G-CSF prophylaxis before this cycle (RULES §14)", *entries)


def prophylaxis_text(r: ProphylaxisResult) -> str:
    """The decision as plain text (``leukodesk prophylaxis --text``)."""
    w = prophylaxis_lines(r)
    lines = [w.primary, *(x for x in (w.context, w.basis) if x), w.secondary, w.factors,
             *(f"⚠ {x}" for x in w.warnings), *(f"• {x}" for x in w.notes), w.sources,
             "Why (primary):", *(f"  {x}" for x in r.why.primary),
             "Why (secondary):", *(f"  {x}" for x in r.why.secondary)]
    return "\n".join(lines) + "\n"
