"""``assess(inputs) -> Assessment``: the whole clinical picture for one patient.

A plain function: deterministic, free of I/O, clocks and kept state; the same inputs
always give the same output. All comparisons use the unrounded decimal values (RULES §1).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from leukodesk.core.config import apply
from leukodesk.core.config.model import SiteConfig
from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.contract.outputs import (
    Assessment,
    CtcaeGrades,
    EffectiveLln,
    Filgrastim,
    PlateletTransfusion,
    Recommendation,
)
from leukodesk.core.contract.trend_outputs import Trend
from leukodesk.core.contract.validation import parse_inputs
from leukodesk.core.dosing.calc import FilgrastimFigures
from leukodesk.core.rules import advice, grading, table
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.findings import Findings, compute, standard_filgrastim
from leukodesk.core.rules.fn_risk import fn_risk
from leukodesk.core.rules.logic import Facts
from leukodesk.core.rules.transfusion import PlateletCategory, platelet_category
from leukodesk.core.rules.trend import Episode, TrendFigures, change_pct


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _platelet_output(f: Findings, facts: Facts) -> PlateletTransfusion | None:
    """RULES §8: the band of the count, and whether (and why) to transfuse now."""
    if f.platelets is None:
        return None
    category, band = platelet_category(f.platelets, f.lln["platelets"])
    if facts.of("plt_not_routine_chronic") is True:
        category = PlateletCategory.NOT_ROUTINE_CHRONIC
    sources = ["SEED", "AABB-PLT-2015"]
    if f.inputs.bleeding.value != "none" or facts.of("chronic_marrow_failure") is True:
        sources.append("NICE-NG24")
    if f.inputs.diagnosis.value == "apl":
        sources.append("ELN-APL-2019")
    limit = f.procedure_limit
    if limit is not None:
        sources += [s for s in limit.sources if s not in sources]
    return PlateletTransfusion(
        category=category, transfuse_now=facts.of("plt_transfuse_now"),
        reasons=[r for r in table.PLATELET_REASONS if facts.of(f"plt_{r}") is True],
        threshold=band, procedure_threshold=None if limit is None else float(limit.value),
        higher_threshold_note=f.inputs.diagnosis.value == "apl", sources=sources,
        procedure_threshold_source=limit and limit.site_source)


def _cytopenia_pattern(f: Findings) -> str | None:
    """How many of WBC, hemoglobin and platelets are below their LLN (RULES §9); null
    when a missing count could change it."""
    if f.hemoglobin is None or f.platelets is None:
        return None
    low = sum((f.wbc < f.lln["wbc"], f.hemoglobin < f.lln["hemoglobin"],
               f.platelets < f.lln["platelets"]))
    return ("none", "isolated", "bicytopenia", "pancytopenia")[low]


def _gauge_marks(facts: Facts) -> list[str]:
    """Marks beside the gauge, whatever its level (RULES §5): only what is known."""
    return [mark for mark, name in (("hyperleukocytosis", "hyperleukocytosis"),
                                    ("lymphopenia", "lymphopenia")) if facts.of(name) is True]


def _filgrastim_output(g: FilgrastimFigures | None) -> Filgrastim | None:
    if g is None:
        return None
    r = g.rounding
    sources = [*g.sources, *(["CONV"] if r.tie or not r.within_tolerance else [])]
    return Filgrastim(
        mcg_per_kg=float(g.regimen.mcg_per_kg), weight_kg=float(g.weight_kg),
        dose_mcg=float(g.daily), nearest_vial_mcg=float(r.presentation_mcg),
        deviation_pct=float(r.deviation_pct), tie=r.tie, within_tolerance=r.within_tolerance,
        tolerance_pct=float(g.tolerance), formula=g.formula, sources=sources)


def _trend_output(t: TrendFigures | None, facts: Facts) -> Trend | None:
    """RULES §13: the trend's keys, exactly those of the contract; null without a history.
    ``profound_over_7_days`` is the rule table's definition (false when not known)."""
    if t is None:
        return None
    severe, profound = t.severe, t.profound
    return Trend(
        anc_delta=_num(t.anc_delta), anc_slope_per_day=_num(t.anc_slope_per_day),
        direction=t.direction, nadir_anc=None if t.nadir is None else _num(t.nadir.anc),
        nadir_time=None if t.nadir is None else t.nadir.moment.text,
        nadir_passed=t.nadir_passed,
        severe_days=None if severe is None else _num(severe.days),
        severe_ongoing=None if severe is None else severe.ongoing,
        profound_days=None if profound is None else _num(profound.days),
        profound_ongoing=None if profound is None else profound.ongoing,
        profound_over_7_days=facts.of("profound_over_7_days") is True,
        recovery_0_5=t.recovery_0_5,
        recovery_0_5_time=None if t.recovery_0_5_at is None else t.recovery_0_5_at.moment.text,
        projection_below_0_5_in_48h=t.projection_below_0_5_in_48h,
        filgrastim_stop_reached=t.filgrastim_stop_reached)


def _episode(e: Episode | None) -> dict[str, object] | None:
    if e is None:
        return None
    return {"start_time": e.start.moment.text, "from_first_count": e.from_first_count,
            "gap_min_days": _num(e.gaps[0]) if e.gaps else None,
            "gap_max_days": _num(e.gaps[-1]) if e.gaps else None}


def _trend_episodes(t: TrendFigures | None) -> dict[str, object] | None:
    """Where each episode of the trend begins and how the sampling limits its days."""
    return None if t is None else {"severe": _episode(t.severe),
                                   "profound": _episode(t.profound)}


def _trend_points(t: TrendFigures | None) -> list[dict[str, object]]:
    """The points for a plot, in time order, the current counts last: each
    :class:`TrendPoint`'s fields (the assessment validates them all in one pass, cheaper
    than building 61 models first)."""
    if t is None:
        return []
    return [{"time": p.moment.text, "current": p.current, "wbc": float(p.wbc),
             "anc": _num(p.anc), "platelets": _num(p.platelets),
             "hemoglobin_g_dl": _num(p.hemoglobin), "anc_change_pct": _num(pct)}
            for p, pct in zip(t.points, change_pct(t.points), strict=True)]


def _with_notes(items: list[Recommendation], site: SiteConfig | None) -> list[Recommendation]:
    """The site's local note on each recommendation it names (RULES §16)."""
    notes = apply.local_notes(site)
    return [r.model_copy(update={"local_note": notes[r.id]}) if r.id in notes else r
            for r in items]


def assess(inputs: PatientInputs | dict[str, Any], site: SiteConfig | None = None
           ) -> Assessment:
    """The assessment of one patient (RULES §1–9a, §11–13, rule set 2026.2).

    ``inputs`` is a validated :class:`PatientInputs` or a raw document, which is
    validated first (raising :class:`~leukodesk.core.contract.validation.InputErrors`).
    ``site``: a site configuration (RULES §16), whose units, LLNs and rounding tolerance
    are the defaults of the inputs not given, whose procedure thresholds replace RULES
    §8's, and whose notes go with the recommendations they name; None: the built-in rule
    set alone.
    """
    raw = apply.with_site_tolerance(apply.with_site_units(inputs, site), site)
    inputs = apply.with_site_lln(parse_inputs(raw), site)
    f = compute(inputs, apply.procedure_thresholds(site))
    facts = advice.evaluate(f)
    level, label, basis = grading.severity(f.anc_cls, f.wbc)
    dose = standard_filgrastim(inputs)
    missing = advice.not_assessed(f, facts)
    risk, risk_detail = fn_risk(facts)
    return Assessment(
        rules_version=rules.RULES_VERSION, ctcae_version=rules.CTCAE_VERSION,
        anc=_num(f.anc), anc_source=f.anc_source, anc_display=f.anc_text,
        alc=_num(f.alc), amc=_num(f.amc),
        anc_upper_bound=float(f.wbc) if f.anc is None else None, anc_class=f.anc_cls,
        needs_active_management=facts.of("active_management"),
        leukopenia=f.tier is not grading.LeukopeniaTier.NONE, leukopenia_tier=f.tier,
        ctcae=CtcaeGrades(**f.grades), **advice.findings_of(facts),
        platelet_transfusion=_platelet_output(f, facts),
        severity_level=level, severity_label=label, severity_basis=basis,
        gauge_marks=_gauge_marks(facts), cytopenia_pattern=_cytopenia_pattern(f),
        effective_lln=EffectiveLln(**{k: float(v) for k, v in f.lln.items()}),
        fn_risk=risk, fn_risk_detail=risk_detail,
        trend=_trend_output(f.trend, facts),
        trend_episodes=_trend_episodes(f.trend), trend_points=_trend_points(f.trend),
        recommendations=_with_notes(advice.recommendations(f, facts), site),
        pitfalls=advice.pitfalls(facts),
        filgrastim=_filgrastim_output(dose), inputs=inputs,
        not_assessed=missing if dose is not None else [*missing, advice.no_dose()])
