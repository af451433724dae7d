"""The G-CSF prophylaxis decision before a cycle (RULES §14): ``decide_prophylaxis(request)``
→ :class:`ProphylaxisResult` (the contract's ``leukodesk prophylaxis`` output).

The decision is the rule table's (:mod:`leukodesk.core.rules.table.s14_prophylaxis`),
evaluated on this request's facts; the result carries, for each output, the trace that
decided it ("Why?"). Pure: nothing is kept between calls.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from leukodesk.core import content
from leukodesk.core.contract.prophylaxis_inputs import (
    ProphylaxisInputs,
    RiskFactor,
    parse_prophylaxis_inputs,
)
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import plain_beside
from leukodesk.core.rules.advice import because
from leukodesk.core.rules.logic import Definition, Facts, Ref, Step
from leukodesk.core.rules.table import s14_prophylaxis as table
from leukodesk.core.rules.thresholds import RULES_VERSION, thresholds_in

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)
Primary = Literal["recommended", "consider", "not_routinely_recommended", "avoid_chemoradiation"]
Secondary = Literal["recommended", "dose_reduction_alternative", "not_applicable",
                    "avoid_chemoradiation"]


class RegimenResult(BaseModel):
    """What the regimen and the prior cycle alone give (shown beneath the chemoradiation
    warning as context)."""

    model_config = _FROZEN
    primary: Primary | None
    secondary: Secondary | None


class ProphylaxisWhy(BaseModel):
    """Why each output is what it is: the named definitions that decided, in words."""

    model_config = _FROZEN
    primary: list[str]
    secondary: list[str]


class ProphylaxisResult(BaseModel):
    """The primary and secondary prophylaxis decision (RULES §14). ``None`` in
    ``primary`` or ``secondary`` means "not decided": an input it needs is empty."""

    model_config = _FROZEN
    primary: Primary | None = Field(description="Primary prophylaxis; null when no regimen "
                                                "risk is entered (and no dose-dense regimen)")
    secondary: Secondary | None = Field(description="Secondary prophylaxis; null while the "
                                                    "prior cycle's answers are unknown")
    factors: list[str] = Field(description="The patient risk factors counted, by code "
                                           "(previous FN as 'previous_fn')")
    warnings: list[str] = Field(description="Warning codes")
    notes: list[str] = Field(description="Notes beside the result: 'reassess_every_cycle', "
                                         "'individualise_if_overall_risk_ge_20_pct'")
    without_chemoradiation: RegimenResult | None = Field(
        description="With mediastinal chemoradiation: what the regimen alone would give")
    why: ProphylaxisWhy
    sources: list[str]
    rules_version: str
    request: ProphylaxisInputs


# Fact → (label, kind): a unit for numbers, "flag" for yes/no, "choice".
FACTS: dict[str, tuple[str, str]] = {
    table.PCT: ("Regimen FN risk", "%"),
    table.CATEGORY: ("Regimen FN risk category", "choice"),
    table.AGE: ("Age", "years"),
    "dose_dense_survival_benefit": ("Dose-dense regimen with a survival benefit", "flag"),
    "prior_cycle_neutropenic_complication": ("Neutropenic complication in the prior cycle",
                                             "flag"),
    "reduced_dose_compromises_outcome": ("A reduced dose would compromise the outcome",
                                         "flag"),
    "mediastinal_chemoradiation": ("Concurrent chemoradiation to the mediastinum", "flag"),
    **{code: (f"{label} (ticked)" if code == "age_ge_65" else label, "flag")
       for code, label in table.FACTORS},
}


@content.loaded_once
def _words() -> tuple[dict[str, str], dict[str, str], dict[str, Definition]]:
    """The facts' and definitions' names, thresholds written in (built once)."""
    labels = {k: content.with_thresholds(label) for k, (label, _) in FACTS.items()}
    titles = {d.name: content.with_thresholds(d.label) for d in table.DEFINITIONS}
    return labels, titles, {d.name: d for d in table.DEFINITIONS}


def _show(name: str, value: Any, beside: tuple[Decimal, ...]) -> str:
    kind = FACTS[name][1]
    if value is None:
        return "not answered" if kind in ("flag", "choice") else "not entered"
    if kind == "flag":
        return "yes" if value else "no"
    if kind == "choice":
        return str(value)
    return f"{plain_beside(value, (*thresholds_in(kind), *beside))} {kind}"


def facts_of(request: ProphylaxisInputs) -> Facts:
    """The facts of one request, ready for the rule table's conditions."""
    ticked = set(request.risk_factors)
    values: dict[str, Any] = {
        table.PCT: None if request.regimen_fn_risk_pct is None
        else to_decimal(request.regimen_fn_risk_pct),
        table.CATEGORY: None if request.regimen_risk_category is None
        else request.regimen_risk_category.value,
        table.AGE: None if request.age_years is None else to_decimal(request.age_years),
        "dose_dense_survival_benefit": request.dose_dense_survival_benefit,
        "prior_cycle_neutropenic_complication": request.prior_cycle_neutropenic_complication,
        "reduced_dose_compromises_outcome": request.reduced_dose_compromises_outcome,
        "mediastinal_chemoradiation": request.mediastinal_chemoradiation,
        "previous_fn": request.previous_fn,
        **{f.value: f in ticked for f in RiskFactor},
    }
    labels, titles, definitions = _words()
    return Facts(values, labels, _show, definitions, titles)


def _decided(facts: Facts, choices: tuple[tuple[str, str], ...],
             otherwise: str) -> tuple[str | None, str]:
    """The first value whose definition holds, and the definition that decided (or
    ``otherwise``, whose trace says why nothing is decided)."""
    for value, name in choices:
        if facts.of(name) is True:
            return value, name
    return None, otherwise


def _trace(facts: Facts, *names: str) -> list[Step]:
    steps: list[Step] = []
    for name in names:
        Ref(name).test(facts, steps, 0)
    return steps


def decide_prophylaxis(data: Any) -> ProphylaxisResult:
    """Primary and secondary G-CSF prophylaxis for the coming cycle (RULES §14), from a
    request (a :class:`ProphylaxisInputs` or its JSON object; raises
    :class:`~leukodesk.core.contract.errors.InputErrors` naming each bad field)."""
    request = parse_prophylaxis_inputs(data)
    facts = facts_of(request)
    primary, primary_by = _decided(facts, table.PRIMARY, "regimen_given")
    secondary, secondary_by = _decided(facts, table.SECONDARY, "secondary_recommended")
    primary_why = [primary_by]
    context = None
    if facts.of("avoid_chemoradiation"):
        context = RegimenResult(primary=primary, secondary=secondary)
        primary = secondary = "avoid_chemoradiation"
        primary_why = ["avoid_chemoradiation", *primary_why]
        secondary_why = ["avoid_chemoradiation", secondary_by]
    else:
        secondary_why = [secondary_by]
    primary_steps, secondary_steps = _trace(facts, *primary_why), _trace(facts, *secondary_why)
    raised = [name for _, name in (*table.WARNINGS, *table.NOTES) if facts.of(name)]
    sources: list[str] = []
    for step in (*primary_steps, *secondary_steps, *_trace(facts, *raised)):
        sources += [s for s in step.sources if s not in sources]
    return ProphylaxisResult(
        primary=primary, secondary=secondary,
        factors=[code for code, _ in table.FACTORS
                 if table.factor(code).test(facts, None, 0)],
        warnings=[code for code, name in table.WARNINGS if name in raised],
        notes=[code for code, name in table.NOTES if name in raised],
        without_chemoradiation=context,
        why=ProphylaxisWhy(primary=[because(s) for s in primary_steps],
                           secondary=[because(s) for s in secondary_steps]),
        sources=sources, rules_version=RULES_VERSION, request=request)
