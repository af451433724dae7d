"""Platelet transfusion advice (RULES §8) [SEED][AABB-PLT-2015][PLT-PROC].

| platelets ×10⁹/L | category                        | transfuse now when                      |
| ≤ 10             | indicated                       | always (prophylactic)                   |
| > 10 and ≤ 20    | indicated_if_fever_or_infection | fever or signs of infection             |
| > 20 and < LLN   | only_for_bleeding               | clinically relevant haemorrhage         |
| ≥ LLN            | not_indicated                   | —                                       |

Clinically relevant bleeding also triggers transfusion in the two lowest bands (a
count low enough to transfuse for bleeding at 25 is low enough at 15), and a planned
procedure raises the threshold to its own. So a higher count never gives a more urgent
answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from leukodesk.core.contract.models import PlannedProcedure
from leukodesk.core.formats.display import plain
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.infection import Tri, any_of


class PlateletCategory(str, Enum):
    INDICATED = "indicated"
    INDICATED_IF_FEVER_OR_INFECTION = "indicated_if_fever_or_infection"
    ONLY_FOR_BLEEDING = "only_for_bleeding"
    NOT_INDICATED = "not_indicated"


@dataclass(frozen=True)
class PlateletAdvice:
    category: PlateletCategory
    transfuse_now: Tri
    reasons: tuple[str, ...]              # why transfuse now: prophylactic, fever, ...
    threshold: str                        # the band that applied, e.g. "> 10 and ≤ 20"
    sources: tuple[str, ...]
    procedure_threshold: Decimal | None   # transfuse below this before the procedure


def platelet_category(platelets: Decimal, lln: Decimal) -> tuple[PlateletCategory, str]:
    """The band of RULES §8 and how it reads (exact sides)."""
    low, mid = rules.PLT_PROPHYLACTIC_AT_MOST.value, rules.PLT_FEVER_INFECTION_AT_MOST.value
    if platelets <= low:
        return PlateletCategory.INDICATED, f"≤ {low} {rules.COUNT}"
    if platelets <= mid:
        return (PlateletCategory.INDICATED_IF_FEVER_OR_INFECTION,
                f"> {low} and ≤ {mid} {rules.COUNT}")
    if platelets < lln:
        return (PlateletCategory.ONLY_FOR_BLEEDING,
                f"> {mid} {rules.COUNT} and below the LLN ({plain(lln)})")
    return PlateletCategory.NOT_INDICATED, f"at or above the LLN ({plain(lln)} {rules.COUNT})"


def platelet_advice(platelets: Decimal, lln: Decimal, fever: Tri, infection_signs: bool,
                    bleeding: bool, procedure: PlannedProcedure) -> PlateletAdvice:
    """Category, whether to transfuse now (``None`` when it hangs on an unknown fever)."""
    category, band = platelet_category(platelets, lln)
    sources: list[str] = ["SEED", "AABB-PLT-2015"]
    triggers: dict[str, Tri] = {}
    if category is PlateletCategory.INDICATED:
        triggers["prophylactic"] = True
    if category is PlateletCategory.INDICATED_IF_FEVER_OR_INFECTION:
        triggers["fever"] = fever
        triggers["infection"] = infection_signs
    if category is not PlateletCategory.NOT_INDICATED:
        triggers["bleeding"] = bleeding
    proc_threshold = None
    if procedure is not PlannedProcedure.NONE:
        limit = rules.PLT_PROCEDURE_BELOW[procedure.value]
        proc_threshold = limit.value
        triggers["procedure"] = platelets < limit.value
        sources += [s for s in limit.sources if s not in sources]
    reasons = tuple(name for name, v in triggers.items() if v is True)
    return PlateletAdvice(category, any_of(*triggers.values()), reasons, band,
                          tuple(sources), proc_threshold)
