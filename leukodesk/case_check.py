"""Checking a teaching case against the clinical core: what the case expects (see
:mod:`leukodesk.cases` for the format and how values match) against what ``assess`` and
``calculate_dose`` give. Qt-free."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from leukodesk.cases import Case, said
from leukodesk.core import InputErrors, assess
from leukodesk.core.dosing.calc import calculate_dose

MISSING = object()


@dataclass(frozen=True)
class Mismatch:
    """One thing a case expects that the core does not give."""

    where: str       # "expect.anc_class", "expect_recommendations", "expect_errors", ...
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return f"{self.where}: expected {self.expected!r}, got {self.actual!r}"


def resolve(document: Any, path: str) -> Any:
    """The value at a dotted path of a JSON output (through lists: one per item)."""
    node = document
    parts = path.split(".")
    for n, part in enumerate(parts):
        if isinstance(node, list):
            rest = ".".join(parts[n:])
            return [resolve(item, rest) for item in node]
        if not isinstance(node, Mapping) or part not in node:
            return MISSING
        node = node[part]
    return node


def _decimals(number: int | float) -> int:
    if isinstance(number, int):
        return 0
    exponent = Decimal(repr(number)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def matches(expected: Any, actual: Any) -> bool:
    """Whether an output value is what a case expects (see the module docstring)."""
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, int | float):
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        places = Decimal(1).scaleb(-_decimals(expected))
        shown = Decimal(repr(actual)).quantize(places, rounding=ROUND_HALF_UP)
        return shown == Decimal(repr(expected))
    if isinstance(expected, str):
        return actual == expected
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            matches(e, a) for e, a in zip(expected, actual, strict=True))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and matches(value, actual[key]) for key, value in expected.items())
    return False


def _expected_values(prefix: str, expect: Mapping[str, Any], output: Any) -> list[Mismatch]:
    found = []
    for path, value in expect.items():
        actual = resolve(output, path)
        if actual is MISSING or not matches(value, actual):
            found.append(Mismatch(f"{prefix}.{path}", value,
                                  "(missing)" if actual is MISSING else actual))
    return found


def _in_order(wanted: list[str], given: list[str]) -> bool:
    at = iter(given)
    return all(key in at for key in wanted)  # consumes the iterator: relative order


def check_case(case: Case) -> list[Mismatch]:
    """Every difference between what the case expects and what the core computes; an
    empty list when the case teaches what the rule set says."""
    found: list[Mismatch] = []
    try:
        assessment = assess(case.inputs)
    except InputErrors as exc:
        refused = {e.field: e.suggested_unit for e in exc.errors}
        if not case.expect_errors:
            return [Mismatch("inputs", "accepted", said(exc))]
        wanted = {e.field for e in case.expect_errors}
        if set(refused) != wanted:
            found.append(Mismatch("expect_errors", sorted(wanted), sorted(refused)))
        for e in case.expect_errors:
            if e.suggested_unit is not None and e.field in refused \
                    and refused[e.field] != e.suggested_unit:
                found.append(Mismatch(f"expect_errors.{e.field}.suggested_unit",
                                      e.suggested_unit, refused[e.field]))
    else:
        if case.expect_errors:
            found.append(Mismatch("expect_errors", [e.field for e in case.expect_errors],
                                  "accepted"))
        output = assessment.model_dump(mode="json")
        found += _expected_values("expect", case.expect, output)
        given = [r.id for r in assessment.recommendations]
        if not _in_order(case.expect_recommendations, given):
            found.append(Mismatch("expect_recommendations", case.expect_recommendations,
                                  given))
        found += [Mismatch(f"recommendations.{r.id}.why", "a reason", r.why.model_dump())
                  for r in assessment.recommendations
                  if r.id in case.expect_recommendations and not r.why.because]
    if case.dose_request is not None:
        try:
            dose = calculate_dose(case.dose_request).model_dump(mode="json")
        except InputErrors as exc:
            found.append(Mismatch("dose_request", "accepted", said(exc)))
        else:
            found += _expected_values("expect_dose", case.expect_dose, dose)
    return found
