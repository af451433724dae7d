"""The FN risk outputs of RULES §11 from the rule table's findings: the MASCC index,
CISNE with its gate, the disposition, and what each rests on item by item."""

from __future__ import annotations

from leukodesk.core.contract.outputs import Cisne, FnRisk, FnRiskDetail, Mascc, ScoreItem
from leukodesk.core.rules import table
from leukodesk.core.rules.logic import Facts
from leukodesk.core.rules.scores import Levels, Score
from leukodesk.core.rules.table.s11_fn_risk import disposition, gate_failing


def _items(score: Score, facts: Facts) -> list[ScoreItem]:
    return [ScoreItem(item=s.name, label=facts.labels[item.fact] if isinstance(item, Levels)
                      else facts.titles[s.name], points=s.points, max_points=s.most)
            for item, s in zip(score.items, score.range(facts).items, strict=True)]


def _mascc(facts: Facts) -> Mascc:
    if facts.of("mascc_under_18") is True:
        return Mascc(score=None, min=None, max=None, risk=None)
    r = table.MASCC.range(facts)
    risk = "low" if facts.of("mascc_low") else "high" if facts.of("mascc_high") else None
    return Mascc(score=r.settled, min=r.low, max=r.high, risk=risk)


def _cisne(facts: Facts) -> Cisne:
    applicable = facts.of("cisne_applicable")
    if applicable is False:
        return Cisne(applicable=False, score=None, min=None, max=None, class_=None)
    r = table.CISNE.range(facts)
    grade = next((name for name in ("low", "intermediate", "high")
                  if facts.of(f"cisne_class_{name}") is True), None)
    return Cisne(applicable=applicable, score=r.settled, min=r.low, max=r.high, class_=grade)


def fn_risk(facts: Facts) -> tuple[FnRisk, FnRiskDetail]:
    """The contract's ``fn_risk`` and its detail (items named as the trace names them)."""
    criteria = table.OUTPATIENT_CRITERIA
    return (FnRisk(mascc=_mascc(facts), cisne=_cisne(facts), disposition=disposition(facts)),
            FnRiskDetail(
                mascc_items=_items(table.MASCC, facts),
                cisne_items=_items(table.CISNE, facts),
                cisne_not_applicable=gate_failing(facts),
                outpatient_high_risk=[c for c in criteria if facts.of(c) is True],
                outpatient_high_risk_not_assessed=[c for c in criteria
                                                   if facts.of(c) is None]))
