"""Platelet transfusion categories (RULES §8) [SEED][AABB-PLT-2015][PLT-PROC]: the band a
count falls in. When to transfuse now is the rule table's (rules/table/s08_platelets.py).

| platelets ×10⁹/L | category                        | transfuse now when                      |
| ≤ 10             | indicated                       | always (prophylactic)                   |
| > 10 and ≤ 20    | indicated_if_fever_or_infection | fever or signs of infection             |
| > 20 and < LLN   | only_for_bleeding               | clinically relevant haemorrhage         |
| ≥ LLN            | not_indicated                   | —                                       |

"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from leukodesk.core.formats.display import plain
from leukodesk.core.rules import thresholds as rules


class PlateletCategory(str, Enum):
    INDICATED = "indicated"
    INDICATED_IF_FEVER_OR_INFECTION = "indicated_if_fever_or_infection"
    ONLY_FOR_BLEEDING = "only_for_bleeding"
    NOT_INDICATED = "not_indicated"
    # (2026.2) ≤ 20 in chronic bone-marrow failure: prophylaxis is not routine [NICE-NG24]
    NOT_ROUTINE_CHRONIC = "not_routine_chronic"


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
