"""The history's span check (RULES §13) told on whole days and seconds agrees with the
exact days between two points, at and around its bound."""

from __future__ import annotations

import pytest

from leukodesk.core.contract.history_inputs import (
    _beyond_span,
    days_between,
    history_problems,
    read_moment,
)
from leukodesk.core.contract.limits import HISTORY_MAX_SPAN_DAYS

NOW = "2026-03-10T08:00"


@pytest.mark.parametrize("earlier", [
    "2025-03-10T08:00", "2025-03-10T07:59:59", "2025-03-10T08:00:01", "2025-03-10T07:00",
    "2025-03-10", "2025-03-09", "2025-03-11", "2025-03-09T23:59:59", "2025-03-11T00:00",
    "2026-03-09T08:00",
], ids=str)
@pytest.mark.parametrize("now", [NOW, "2026-03-10", "2026-03-10T00:00:01"], ids=str)
def test_the_span_check_agrees_with_the_exact_days(earlier: str, now: str) -> None:
    a, b = read_moment(earlier), read_moment(now)
    assert a is not None and b is not None
    beyond = days_between(a, b) > HISTORY_MAX_SPAN_DAYS
    assert _beyond_span(a, b) is beyond
    refused = any("may span at most" in message
                  for _, message in history_problems([a], b, True))
    assert refused is beyond
