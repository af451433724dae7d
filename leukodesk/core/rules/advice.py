"""From the rule table to outputs: recommendations with their "why", pitfalls, what was
not assessed, and the findings the table defines (fever, FN, high-risk features,
platelet transfusion).

Which entry applies is decided by evaluating its condition (:mod:`.logic`); what it says
lives in ``content/`` under its id. "Why?" is the trace of that same evaluation. Order:
the unit check first (every other line rests on the numbers), then emergency → urgent →
routine → info, catalogue order within.
"""

from __future__ import annotations

from collections.abc import Mapping

from leukodesk.core import content
from leukodesk.core.content import URGENCY_RANK
from leukodesk.core.contract.outputs import NotAssessed, Pitfall, Recommendation
from leukodesk.core.rules import facts as facts_module
from leukodesk.core.rules import table
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import Facts, Step
from leukodesk.core.rules.table.words import needs_words

FIRST = "confirm_unit"

OUTPUT_WORDS = {
    "anc": "ANC", "fever": "Fever", "febrile_neutropenia": "FN (IDSA/ASCO)",
    "ctcae_febrile_neutropenia": "FN (CTCAE)", "immediate_antibiotics": "Immediate antibiotics",
    "consider_gcsf": "G-CSF decision", "high_risk_features": "High-risk features",
    "ctcae.lymphocytes": "Lymphocyte grade", "ctcae.platelets": "Platelet grade",
    "ctcae.anemia": "Anemia grade", "platelet_transfusion": "Platelet transfusion",
    "platelet_transfusion.transfuse_now": "Transfuse now", "filgrastim": "Filgrastim dose",
    "severity_level": "Neutropenia class", "cytopenia_pattern": "Cytopenia pattern",
    "fn_risk.mascc.risk": "MASCC risk", "fn_risk.cisne.applicable": "Whether CISNE applies",
    "fn_risk.cisne.class": "CISNE class",
    "fn_risk.disposition": "Where to treat the febrile neutropenia",
}


@content.loaded_once
def rule_names() -> dict[str, str]:
    """Each rule of the table in words, its thresholds from rules.py."""
    return {rule.id: content.with_thresholds(rule.name) for rule in table.RULES}


@content.loaded_once
def definition_labels() -> dict[str, str]:
    return {name: content.with_thresholds(d.label) for name, d in table.DEFINITIONS.items()}


def evaluate(f: Findings) -> Facts:
    """The facts of these findings, ready for the table's conditions."""
    return Facts(facts_module.values_of(f), facts_module.labels(), facts_module.show,
                 table.DEFINITIONS, definition_labels(), facts_module.BOUNDS)


def because(step: Step) -> str:
    """One step of a trace in words, indented under the definition it belongs to."""
    pad = "  " * step.depth
    if not step.op:  # a named definition: its parts follow
        return f"{pad}{step.what}: {step.value}"
    if step.op in ("is", "is one of"):
        if step.threshold == "yes":
            return f"{pad}{step.what}: {step.value}"
        if step.threshold == "not entered":
            return f"{pad}{step.what}: {step.value}"
        verdict = "" if step.result else f" (not {step.threshold})"
        return f"{pad}{step.what}: {step.value}{verdict}"
    if step.result is None:
        return f"{pad}{step.what}: {step.value} → not known (the rule asks {step.op} " \
               f"{step.threshold})"
    then = "yes" if step.result else f"no (the rule asks {step.op} {step.threshold})"
    return f"{pad}{step.what} {step.value} {step.holds} {step.threshold} → {then}"


def _trace_step(step: Step) -> dict[str, object]:
    """A :class:`TraceStep`'s fields (the Recommendation validates the whole of it in one
    pass, cheaper than building each model first)."""
    return {"what": step.what, "value": step.value, "op": step.op,
            "threshold": step.threshold, "holds": step.holds, "result": step.result,
            "depth": step.depth}


def recommendations(f: Findings, facts: Facts) -> list[Recommendation]:
    """The ordered advice for these findings, each with its urgency, sources and the
    trace of the rule that fired."""
    catalogue = content.recommendations()
    names = rule_names()
    items = []
    for rule in table.RULES:
        if rule.when.test(facts, None, 0) is not True:
            continue
        trace: list[Step] = []
        rule.when.test(facts, trace, 0)
        sources = list(rule.sources)
        for step in trace:
            sources += [s for s in step.sources if s not in sources]
        text = catalogue[rule.id].text.format(**rule.words(f, facts))
        items.append(Recommendation(
            id=rule.id, urgency=rule.urgency, text=text, sources=list(rule.sources),
            why={"rule": names[rule.id], "because": [because(s) for s in trace],
                 "sources": sources, "trace": [_trace_step(s) for s in trace]}))
    items.sort(key=lambda r: (r.id != FIRST, URGENCY_RANK[r.urgency],
                              catalogue[r.id].order))
    return items


@content.loaded_once
def pitfall_outputs() -> dict[str, Pitfall]:
    """Every pitfall as an output, in sidebar order: package data, built once (a pitfall's
    words never depend on the patient)."""
    return {key: Pitfall(id=p.id, title=p.title, text=p.text, sources=list(p.sources))
            for key, p in content.pitfalls().items()}


def pitfalls(facts: Facts) -> list[Pitfall]:
    """The pitfalls of the sidebar that apply to these inputs, in sidebar order."""
    applies = {p.id for p in table.PITFALLS if p.when.test(facts, None, 0) is True}
    return [p for key, p in pitfall_outputs().items() if key in applies]


def _not_assessed(output: str, needs: list[str]) -> NotAssessed:
    asked = needs_words()
    return NotAssessed(output=output, needs=needs,
                       message=f"{OUTPUT_WORDS[output]}: not assessed — enter "
                               + " or ".join(asked[n] for n in needs) + ".")


def no_dose() -> NotAssessed:
    """What is not assessed without a weight: the standard filgrastim dose (the last line
    of an assessment's ``not_assessed``, added by assessment.py)."""
    return _not_assessed("filgrastim", ["weight_kg"])


def not_assessed(f: Findings, facts: Facts) -> list[NotAssessed]:
    """Each null output with the inputs that would settle it (RULES §2a), but the dose
    (:func:`no_dose`)."""
    return [_not_assessed(n.output, n.needs(f, facts)) for n in table.NOT_ASSESSED
            if n.when.test(facts, None, 0) is True]


def findings_of(facts: Facts) -> Mapping[str, object]:
    """The table's named findings that the assessment reports."""
    hr = table.HIGH_RISK_FEATURES
    return {
        "fever": facts.of("fever"), "febrile_neutropenia": facts.of("fn"),
        "ctcae_febrile_neutropenia": facts.of("ctcae_fn"),
        "immediate_antibiotics": facts.of("immediate_antibiotics"),
        "high_risk_features": [c for c in hr if facts.of(c) is True],
        "high_risk_not_assessed": [c for c in hr if facts.of(c) is None],
        "consider_gcsf": facts.of("consider_gcsf"),
        "hyperleukocytosis": facts.of("hyperleukocytosis") is True,
    }
