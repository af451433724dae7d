"""``assess(inputs) -> Assessment``: the whole clinical picture for one patient.

Deterministic and free of I/O and clocks: the same inputs always give the same output.
All comparisons use the unrounded decimal values (RULES §1).
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any

from leukodesk.core import content
from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.contract.outputs import (
    Assessment,
    CtcaeGrades,
    EffectiveLln,
    Filgrastim,
    NotAssessed,
    PlateletTransfusion,
)
from leukodesk.core.contract.validation import parse_inputs
from leukodesk.core.dosing.calc import FilgrastimFigures
from leukodesk.core.rules import grading
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.advice import no_dose, not_assessed, pitfalls, recommendations
from leukodesk.core.rules.findings import Findings, compute, standard_filgrastim


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _platelet_output(f: Findings) -> PlateletTransfusion | None:
    p = f.platelet
    if p is None:
        return None
    return PlateletTransfusion(
        category=p.category, transfuse_now=p.transfuse_now, reasons=list(p.reasons),
        threshold=p.threshold, procedure_threshold=_num(p.procedure_threshold),
        higher_threshold_note=f.inputs.diagnosis.value == "apl", sources=list(p.sources))


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


# The weight and the dose tolerance feed the standard filgrastim dose and nothing else
# (findings.standard_filgrastim; no finding, rule, text or "why" reads them). The rest
# of an assessment is kept for the last few sets of the other inputs: typing a weight
# then rebuilds only the dose and the assessment that holds it
# (tests/core/test_shared_outputs.py).
DOSE_ONLY = frozenset({"weight_kg", "tolerance_pct"})
_KEEP = 8  # the current other inputs and a few before (a typo and its correction)
_rest: OrderedDict[tuple[Any, ...], tuple[dict[str, Any], list[NotAssessed]]] = OrderedDict()
content.forget_with_texts(_rest.clear)


def _rest_of(inputs: PatientInputs) -> tuple[dict[str, Any], list[NotAssessed]]:
    """Every field of the assessment but the dose's, and what was not assessed but the
    dose, for these inputs (whatever their weight and tolerance)."""
    key = tuple(v for k, v in inputs.__dict__.items() if k not in DOSE_ONLY)
    kept = _rest.get(key)
    if kept is not None:
        _rest.move_to_end(key)
        return kept
    # Computed without them, so that a rule that came to read them could not be kept
    # for another weight: it would read no weight, and the tests would say so.
    f = compute(inputs.model_copy(update=dict.fromkeys(DOSE_ONLY)))
    level, label, basis = grading.severity(f.anc_cls, f.grades["wbc"] or 0)
    i = f.infection
    fields = dict(
        rules_version=rules.RULES_VERSION, ctcae_version=rules.CTCAE_VERSION,
        anc=_num(f.anc), anc_source=f.anc_source,
        anc_display=f.anc_text,
        alc=_num(f.alc), amc=_num(f.amc),
        anc_class=f.anc_cls,
        needs_active_management=None if f.anc is None
        else f.anc < rules.ANC_ACTIVE_MANAGEMENT_BELOW.value,
        leukopenia=f.tier is not grading.LeukopeniaTier.NONE, leukopenia_tier=f.tier,
        ctcae=CtcaeGrades(**f.grades),
        fever=i.fever, febrile_neutropenia=i.febrile_neutropenia,
        ctcae_febrile_neutropenia=i.ctcae_febrile_neutropenia,
        immediate_antibiotics=i.immediate_antibiotics,
        high_risk_features=list(i.high_risk_features),
        high_risk_not_assessed=list(i.high_risk_not_assessed),
        consider_gcsf=i.consider_gcsf, hyperleukocytosis=f.hyperleukocytosis,
        platelet_transfusion=_platelet_output(f),
        severity_level=level, severity_label=label, severity_basis=basis,
        effective_lln=EffectiveLln(**{k: float(v) for k, v in f.lln.items()}),
        recommendations=recommendations(f), pitfalls=pitfalls(f))
    missing = not_assessed(f)
    _rest[key] = fields, missing
    while len(_rest) > _KEEP:
        _rest.popitem(last=False)
    return fields, missing


def assess(inputs: PatientInputs | dict[str, Any]) -> Assessment:
    """The assessment of one patient (RULES §1–9, §12, rule set 2026.1).

    ``inputs`` is a validated :class:`PatientInputs` or a raw document, which is
    validated first (raising :class:`~leukodesk.core.contract.validation.InputErrors`).
    """
    inputs = parse_inputs(inputs)
    fields, missing = _rest_of(inputs)
    dose = standard_filgrastim(inputs)
    return Assessment(
        **fields, filgrastim=_filgrastim_output(dose), inputs=inputs,
        not_assessed=missing if dose is not None else [*missing, no_dose()])
