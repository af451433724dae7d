"""Input validation (RULES §1 unit-slip guard, §2 limits, §2a missing inputs).

Each limit is accepted at its edge and refused just outside it; every refusal names the
field, the value and what is allowed, and all problems come back together.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest

from leukodesk.core import FieldError, InputErrors, PatientInputs, parse_inputs
from leukodesk.core.contract.limits import LIMITS


def with_value(key: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """``base`` (default {"wbc": 5}) with ``value`` at the dotted ``key``."""
    doc: dict[str, Any] = {"wbc": 5, **(base or {})}
    parent, _, leaf = key.rpartition(".")
    if parent:
        doc[parent] = {**doc.get(parent, {}), leaf: value}
    else:
        doc[leaf] = value
    return doc


def errors_of(doc: Any) -> list[FieldError]:
    with pytest.raises(InputErrors) as info:
        parse_inputs(doc)
    assert info.value.errors, "InputErrors must carry at least one FieldError"
    return info.value.errors


def only_error(doc: Any) -> FieldError:
    errors = errors_of(doc)
    assert len(errors) == 1, errors
    return errors[0]


# (key, lowest allowed, highest allowed, a small step outside) as RULES §2 writes them.
RANGES = [
    ("wbc", "0", "1000", "0.01"),
    ("platelets", "0", "3000", "0.5"),
    ("hemoglobin_g_dl", "1", "25", "0.1"),
    ("weight_kg", "0.5", "350", "0.1"),
    ("age_years", "0", "120", "1"),
    ("temperature_c", "25", "45", "0.1"),
    ("expected_neutropenia_days", "0", "365", "1"),
    ("tolerance_pct", "0", "50", "1"),
    ("differential.segs_pct", "0", "100", "1"),
    ("differential.bands_pct", "0", "100", "1"),
    ("differential.lymphs_pct", "0", "100", "1"),
    ("differential.monos_pct", "0", "100", "1"),
]
LOWER_ONLY = [("anc", "0", "0.01"), ("lymphocytes", "0", "0.01")]  # upper bound: the WBC


def test_limit_table_matches_rules() -> None:
    for key, lo, hi, _ in RANGES:
        assert (LIMITS[key].minimum, LIMITS[key].maximum) == (Decimal(lo), Decimal(hi)), key


@pytest.mark.parametrize(("key", "lo", "hi", "step"), RANGES)
def test_edges_are_accepted(key: str, lo: str, hi: str, step: str) -> None:
    base = {"wbc": 1000} if key == "wbc" else None
    for edge in (lo, hi):
        assert isinstance(parse_inputs(with_value(key, float(edge), base)), PatientInputs)


def _fmt(number: float) -> str:
    return f"{number:.4f}".rstrip("0").rstrip(".")


@pytest.mark.parametrize(("key", "lo", "hi", "step"), RANGES)
def test_just_outside_is_refused_with_field_value_and_range(
        key: str, lo: str, hi: str, step: str) -> None:
    for outside, side in ((float(lo) - float(step), "below"), (float(hi) + float(step), "above")):
        error = only_error(with_value(key, outside))
        assert error.field == key
        msg = error.message
        assert LIMITS[key].label in msg
        assert _fmt(outside) in msg
        assert f"allowed: {lo} to {hi}" in msg
        assert side in msg


@pytest.mark.parametrize(("key", "lo", "step"), LOWER_ONLY)
def test_counts_below_zero_are_refused(key: str, lo: str, step: str) -> None:
    assert parse_inputs(with_value(key, 0)).model_dump()[key] == 0
    error = only_error(with_value(key, -float(step)))
    assert (error.field, "-0.01" in error.message, "allowed" in error.message) == (key, True, True)


@pytest.mark.parametrize("key", ["anc", "lymphocytes"])
def test_part_of_the_wbc_cannot_exceed_it(key: str) -> None:
    assert parse_inputs({"wbc": 2.5, key: 2.5}).model_dump()[key] == 2.5
    error = only_error({"wbc": 2.5, key: 2.51})
    assert error.field == key
    assert "2.51" in error.message and "2.5" in error.message and "WBC" in error.message


def test_segs_plus_bands_at_most_100() -> None:
    assert parse_inputs({"wbc": 5, "differential": {"segs_pct": 70, "bands_pct": 30}})
    error = only_error({"wbc": 5, "differential": {"segs_pct": 70, "bands_pct": 30.5}})
    assert error.field == "differential.bands_pct"
    assert "100.5" in error.message and "100 %" in error.message


@pytest.mark.parametrize("diff", [{"segs_pct": 40}, {"bands_pct": 5}, {"segs_pct": 40,
                                                                       "bands_pct": 5}])
def test_anc_with_a_differential_is_refused(diff: dict[str, Any]) -> None:
    error = only_error({"wbc": 5, "anc": 2, "differential": diff})
    assert error.field == "anc"
    assert "not both" in error.message


def test_anc_with_only_lymphocyte_and_monocyte_percentages_is_accepted() -> None:
    inputs = parse_inputs({"wbc": 5, "anc": 2, "differential": {"lymphs_pct": 30,
                                                                "monos_pct": 8}})
    assert (inputs.anc, inputs.differential.lymphs_pct) == (2, 30)


def test_several_problems_are_reported_together() -> None:
    errors = errors_of({"wbc": -1, "platelets": 4000, "age_years": 200, "temp_c": 38,
                        "diagnosis": "flu", "anc": True})
    fields = {e.field for e in errors}
    assert fields == {"wbc", "platelets", "age_years", "temp_c", "diagnosis", "anc"}
    assert all(e.message for e in errors)


def test_range_and_cross_field_problems_come_together() -> None:
    errors = errors_of({"wbc": 5, "anc": 6, "weight_kg": 0,
                        "differential": {"lymphs_pct": 10}, "lymphocytes": 7})
    assert {e.field for e in errors} == {"anc", "lymphocytes", "weight_kg"}


def test_errors_serialise_as_field_and_message() -> None:
    error = only_error({"wbc": 2100})
    assert error.as_json() == {"field": "wbc", "message": error.message,
                               "suggested_unit": "cells/uL"}
    assert only_error({"wbc": -1}).as_json().keys() == {"field", "message"}


# --- unit-slip guard (RULES §1) ------------------------------------------------------------
@pytest.mark.parametrize(("key", "typed", "unit", "reading", "group"), [
    ("wbc", 2100, "cells/uL", "2.1 ×10⁹/L", "counts"),
    ("platelets", 150000, "cells/uL", "150 ×10⁹/L", "counts"),
    ("hemoglobin_g_dl", 120, "g/L", "12 g/dL", "hemoglobin"),
    ("temperature_c", 101, "F", "°F", "temperature"),
])
def test_unit_slip_offers_the_other_reading(key: str, typed: float, unit: str, reading: str,
                                            group: str) -> None:
    error = only_error(with_value(key, typed))
    assert error.field == key
    assert error.suggested_unit == unit
    assert str(typed) in error.message
    assert "did you mean" in error.message.lower() and reading in error.message
    # Taking the offer gives a valid input.
    assert parse_inputs(with_value(key, typed, {"units": {group: unit}}))


def test_temperature_slip_reading_is_converted() -> None:
    inputs = parse_inputs({"wbc": 5, "temperature_c": 101, "units": {"temperature": "F"}})
    assert math.isclose(inputs.temperature_c, 38.3333333, abs_tol=1e-6)


@pytest.mark.parametrize(("typed", "offered"), [(95, True), (113, True), (100.4, True),
                                                 (94.9, False), (113.1, False), (45.1, False)])
def test_fahrenheit_offer_boundaries(typed: float, offered: bool) -> None:
    error = only_error({"wbc": 5, "temperature_c": typed})
    assert error.field == "temperature_c"
    assert ("°F" in error.message) is offered
    assert (error.suggested_unit == "F") is offered


def test_no_offer_when_the_other_unit_is_out_of_range_too() -> None:
    assert only_error({"wbc": 2_000_000}).suggested_unit is None
    assert only_error({"wbc": 5, "hemoglobin_g_dl": 300}).suggested_unit is None


def test_refusal_in_an_entry_unit_is_written_in_that_unit() -> None:
    error = only_error({"wbc": 2_000_000, "units": {"counts": "cells/uL"}})
    assert "2000000 cells/µL" in error.message and "0 to 1000000 cells/µL" in error.message


def test_cross_field_message_names_the_value_as_typed() -> None:
    error = only_error({"wbc": 5000, "anc": 6000, "units": {"counts": "cells/uL"}})
    assert "6000" in error.message


# --- unknown keys, wrong types, missing inputs ---------------------------------------------
def test_unknown_key_is_refused_with_a_suggestion() -> None:
    error = only_error({"wbc": 5, "temp_c": 38.5})
    assert error.field == "temp_c"
    assert "'temp_c'" in error.message and "'temperature_c'" in error.message


def test_unknown_nested_key_is_refused() -> None:
    error = only_error({"wbc": 5, "differential": {"segz_pct": 40}})
    assert error.field == "differential.segz_pct"
    assert "'segs_pct'" in error.message


def test_unknown_key_without_a_close_match() -> None:
    error = only_error({"wbc": 5, "zzzz": 1})
    assert error.field == "zzzz" and "'zzzz'" in error.message
    assert "Did you mean" not in error.message


def test_unknown_key_in_units_is_refused() -> None:
    error = only_error({"wbc": 3, "units": {"count": "cells/uL"}})
    assert error.field == "units.count"


def test_unknown_unit_name_is_refused() -> None:
    error = only_error({"wbc": 5, "units": {"counts": "per litre"}})
    assert error.field == "units.counts" and "per litre" in error.message


def test_units_must_be_an_object() -> None:
    assert only_error({"wbc": 5, "units": "cells/uL"}).field == "units"


@pytest.mark.parametrize("key", ["wbc", "anc", "platelets", "temperature_c", "weight_kg",
                                 "tolerance_pct", "differential.segs_pct", "lln.wbc"])
@pytest.mark.parametrize("flag", [True, False])
def test_booleans_are_refused_where_numbers_are_expected(key: str, flag: bool) -> None:
    error = only_error(with_value(key, flag))
    assert error.field == key
    assert "not a number" in error.message and str(flag) in error.message


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "NaN", "Infinity"])
@pytest.mark.parametrize("key", ["wbc", "platelets", "differential.segs_pct"])
def test_nan_and_infinity_are_refused(key: str, bad: Any) -> None:
    error = only_error(with_value(key, bad))
    assert error.field == key and "not a number" in error.message


def test_only_wbc_is_required() -> None:
    inputs = parse_inputs({"wbc": 3.2})
    assert inputs.wbc == 3.2
    assert (inputs.anc, inputs.platelets, inputs.temperature_c, inputs.weight_kg) == (None,) * 4
    assert inputs.anc_expected_below_0_5_within_48h is None
    assert inputs.systemic_infection_signs is False


@pytest.mark.parametrize("doc", [{}, {"platelets": 100, "anc": 1}, {"wbc": None}])
def test_missing_wbc_is_refused(doc: dict[str, Any]) -> None:
    error = next(e for e in errors_of(doc) if e.field == "wbc")
    assert "WBC" in error.message


@pytest.mark.parametrize("key", ["anc", "platelets", "differential.segs_pct", "lln.wbc"])
def test_explicit_null_reads_as_empty(key: str) -> None:
    inputs = parse_inputs(with_value(key, None))
    assert inputs.wbc == 5


@pytest.mark.parametrize("doc", [[{"wbc": 5}], "wbc", 5, None, True])
def test_a_non_object_document_is_refused(doc: Any) -> None:
    error = only_error(doc)
    assert error.field == ""
    assert "object" in error.message
