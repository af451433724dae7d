"""The rule table of rule set 2026.2, one module per RULES.md section.

- ``DEFINITIONS``: the named findings (fever, FN, high-risk features, why to transfuse
  platelets ...), which the outputs report and the entries name with ``Ref``;
- ``RULES``: every recommendation (id, urgency, sources, rule in words, condition);
- ``PITFALLS``: when each pitfall applies; ``NOT_ASSESSED``: what an empty input leaves
  null and what would settle it.

Texts live in ``content/`` under the same ids. Adding a rule is one entry here plus its
text.
"""

from __future__ import annotations

from leukodesk.core.rules.logic import Definition
from leukodesk.core.rules.table import (
    not_assessed,
    s05_counts,
    s06_fever,
    s08_platelets,
    s09_disease,
    s11_fn_risk,
    s12_pitfalls,
    s13_trend,
)
from leukodesk.core.rules.table.entries import NotAssessedRule, PitfallRule, Rule

SECTIONS = (s05_counts, s06_fever, s08_platelets, s09_disease, s11_fn_risk, s13_trend)
DEFINITIONS: dict[str, Definition] = {
    d.name: d for section in SECTIONS for d in getattr(section, "DEFINITIONS", ())}
RULES: tuple[Rule, ...] = tuple(rule for section in SECTIONS for rule in section.RULES)
PITFALLS: tuple[PitfallRule, ...] = s12_pitfalls.PITFALLS
NOT_ASSESSED: tuple[NotAssessedRule, ...] = not_assessed.NOT_ASSESSED
HIGH_RISK_FEATURES = s06_fever.HIGH_RISK_FEATURES
PLATELET_REASONS = s08_platelets.REASONS
MASCC, CISNE = s11_fn_risk.MASCC, s11_fn_risk.CISNE
OUTPATIENT_CRITERIA = s11_fn_risk.CRITERIA
