"""Dose requests: validation (RULES §2, every problem named by field and reported together)
and the safety rails (weight change, ordered dose against the label), which flag and never
correct."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.dosing.request import parse_dose_request


def errors(doc: Any) -> list[FieldError]:
    with pytest.raises(InputErrors) as exc:
        parse_dose_request(doc)
    assert exc.value.errors
    return exc.value.errors


def only(doc: Any) -> FieldError:
    (err,) = errors(doc)
    return err


def warned(**request: Any) -> dict[str, list[str]]:
    r = calculate_dose(request)
    return {w.code: w.sources for w in r.warnings
            if w.code in {"weight_changed", "ordered_above_label", "ordered_below_label"}}


# --- weight ---------------------------------------------------------------------------------
@pytest.mark.parametrize("doc", [
    {"weight_kg": 0.5}, {"weight_kg": 350}, {"weight": 0.5}, {"weight": 350, "weight_unit": "kg"},
    {"weight": 771.6, "weight_unit": "lb"}, {"weight": 1.11, "weight_unit": "lb"},
], ids=["0.5kg", "350kg", "weight-0.5", "weight-350-kg", "771.6lb", "1.11lb"])
def test_weight_limits_are_accepted(doc: dict[str, Any]) -> None:
    assert 0.5 <= parse_dose_request(doc).weight_kg <= 350


@pytest.mark.parametrize(("doc", "field"), [
    ({"weight_kg": 0.49}, "weight_kg"), ({"weight_kg": 350.01}, "weight_kg"),
    ({"weight": 0.49}, "weight"), ({"weight_kg": 0}, "weight_kg"),
    ({"weight_kg": -70}, "weight_kg"),
], ids=["0.49kg", "350.01kg", "weight-0.49", "zero", "negative"])
def test_weight_outside_0_5_to_350_kg_is_refused(doc: dict[str, Any], field: str) -> None:
    err = only(doc)
    assert err.field == field
    assert "allowed: 0.5 to 350 kg" in err.message


def test_400_kg_offers_the_lb_reading() -> None:
    err = only({"weight_kg": 400})                          # 400 × 0.45359237 = 181.437 kg
    assert err.field == "weight_kg" and err.suggested_unit == "lb"
    assert "400 lb = 181.437 kg" in err.message


def test_too_light_is_not_offered_as_lb() -> None:
    assert only({"weight_kg": 0.49}).suggested_unit is None


def test_weight_in_lb_is_converted() -> None:
    req = parse_dose_request({"weight": 160, "weight_unit": "lb"})
    assert req.weight_kg == 72.5747792 and req.weight_typed == Decimal(160)
    assert parse_dose_request({"weight_kg": 72.4}).weight_typed is None


@pytest.mark.parametrize("unit", ["lb", "LB", "lbs"])
def test_900_lb_is_refused_in_lb(unit: str) -> None:
    err = only({"weight": 900, "weight_unit": unit})       # 408.2 kg
    assert err.field == "weight"
    assert "900 lb" in err.message
    assert "1.1 to 771.62 lb" in err.message              # 0.5 and 350 kg in lb


def test_weight_kg_and_weight_together_are_refused() -> None:
    err = only({"weight_kg": 70, "weight": 70})
    assert err.field == "weight" and "weight_kg" in err.message


def test_weight_unit_with_weight_kg_is_refused() -> None:
    err = only({"weight_kg": 70, "weight_unit": "lb"})
    assert err.field == "weight_unit" and "weight_kg" in err.message


def test_unknown_weight_unit_with_weight_kg_is_refused() -> None:
    err = only({"weight_kg": 70, "weight_unit": "stone"})
    assert err.field == "weight_unit" and "'stone'" in err.message


def test_unknown_weight_unit_names_only_the_unit() -> None:
    err = only({"weight": 70, "weight_unit": "stone"})
    assert err.field == "weight_unit" and "'stone'" in err.message


def test_weight_is_required() -> None:
    assert [e.field for e in errors({"indication": "chemotherapy"})] == ["weight_kg"]


@pytest.mark.parametrize("value", [True, "heavy", None], ids=["bool", "text", "null"])
def test_weight_must_be_a_number(value: Any) -> None:
    assert only({"weight_kg": value}).field == "weight_kg"


# --- keys, choices and combinations ---------------------------------------------------------
@pytest.mark.parametrize(("key", "hint"), [
    ("tolerence_pct", "tolerance_pct"), ("indicaton", "indication"),
    ("presentation", "presentation_set"), ("wieght", "weight"),
], ids=["tolerence", "indicaton", "presentation", "wieght"])
def test_unknown_keys_are_refused_with_a_close_match(key: str, hint: str) -> None:
    err = next(e for e in errors({"weight_kg": 70, key: 1}) if e.field == key)
    assert "Unknown input" in err.message and f"Did you mean {hint!r}?" in err.message


@pytest.mark.parametrize(("key", "value"), [
    ("indication", "chemo"), ("product", "neupogen"), ("presentation_set", "eu_vials"),
], ids=["indication", "product", "presentation_set"])
def test_unknown_choices_are_refused(key: str, value: str) -> None:
    err = only({"weight_kg": 70, key: value})
    assert err.field == key and repr(value) in err.message


@pytest.mark.parametrize(("product", "indication"), [
    (p, i) for p in ("tbo_filgrastim", "pegfilgrastim")
    for i in ("bmt", "mobilization", "scn_congenital", "scn_idiopathic_cyclic", "h_ars")])
def test_tbo_and_peg_are_for_chemotherapy_only(product: str, indication: str) -> None:
    err = only({"weight_kg": 70, "product": product, "indication": indication})
    assert err.field == "indication" and "'chemotherapy'" in err.message


@pytest.mark.parametrize("pset", ["us_vials", "eu_syringes"])
def test_tbo_comes_only_as_us_syringes(pset: str) -> None:
    err = only({"weight_kg": 70, "product": "tbo_filgrastim", "presentation_set": pset})
    assert err.field == "presentation_set" and "'us_syringes'" in err.message


@pytest.mark.parametrize(("product", "key"), [
    ("pegfilgrastim", "ordered_dose_mcg"), ("filgrastim", "ordered_dose_mg"),
    ("tbo_filgrastim", "ordered_dose_mg"),
])
def test_ordered_dose_in_the_wrong_unit_is_refused(product: str, key: str) -> None:
    err = only({"weight_kg": 70, "product": product, key: 3})
    assert err.field == key


@pytest.mark.parametrize(("value", "ok"), [(0, True), (50, True), (50.1, False), (-1, False)])
def test_tolerance_is_0_to_50_pct(value: float, ok: bool) -> None:
    doc = {"weight_kg": 70, "tolerance_pct": value}
    if ok:
        assert parse_dose_request(doc).tolerance_pct == value
    else:
        assert only(doc).field == "tolerance_pct"


def test_several_problems_are_reported_together() -> None:
    found = errors({"weight_kg": 400, "product": "tbo_filgrastim", "indication": "bmt",
                    "presentation_set": "eu_syringes", "tolerance_pct": 60, "colour": "red",
                    "latest_anc": -1})
    assert {e.field for e in found} == {"weight_kg", "indication", "presentation_set",
                                        "tolerance_pct", "colour", "latest_anc"}
    assert all(e.message.strip() for e in found)


@pytest.mark.parametrize("doc", [[{"weight_kg": 70}], 70, "weight_kg=70"],
                         ids=["list", "number", "text"])
def test_a_request_must_be_one_object(doc: Any) -> None:
    assert only(doc).field == ""


def test_a_valid_request_round_trips() -> None:
    doc = {"weight_kg": 72.4, "indication": "h_ars", "presentation_set": "us_vials",
           "tolerance_pct": 12.5, "latest_anc": 3.2, "ordered_dose_mcg": 720}
    req = parse_dose_request(doc)
    dumped = req.model_dump(mode="json")
    assert {k: dumped[k] for k in doc} == doc and dumped["product"] == "filgrastim"
    assert calculate_dose(req).daily_dose_mcg == calculate_dose(doc).daily_dose_mcg == 724


# --- weight changed since the previous order ------------------------------------------------
@pytest.mark.parametrize(("weight", "previous", "tolerance", "flagged"), [
    (77, 70, 10, False),          # 385 vs 350 mcg: +10 % exactly
    (77.01, 70, 10, True),
    (63, 70, 10, False),          # −10 % exactly
    (62.99, 70, 10, True),
    (80, 70, 15, False),          # +14.29 %
    (80, 70, 14, True),
    (70, 70, 0, False),
], ids=["+10pct", "+10.01pct", "-10pct", "-10.01pct", "tol15", "tol14", "same-weight"])
def test_weight_change_beyond_tolerance_is_flagged(weight: float, previous: float,
                                                   tolerance: float, flagged: bool) -> None:
    found = warned(weight_kg=weight, previous_weight_kg=previous, tolerance_pct=tolerance)
    assert ("weight_changed" in found) is flagged
    if flagged:
        assert found["weight_changed"] == ["HOPA", "CONV"]


def test_weight_change_message_names_both_weights() -> None:
    r = calculate_dose({"weight_kg": 77.01, "previous_weight_kg": 70})
    (w,) = [w for w in r.warnings if w.code == "weight_changed"]
    assert "70 kg" in w.message and "77.01 kg" in w.message and "±10 %" in w.message


@pytest.mark.parametrize(("weight", "previous", "flagged"), [
    (165, 150, False),            # +10 % exactly, in lb
    (166, 150, True),
], ids=["165-vs-150lb", "166-vs-150lb"])
def test_previous_weight_follows_the_weight_unit(weight: float, previous: float,
                                                 flagged: bool) -> None:
    found = warned(weight=weight, previous_weight=previous, weight_unit="lb")
    assert ("weight_changed" in found) is flagged


@pytest.mark.parametrize(("weight", "previous", "flagged"), [
    (45, 44, True),               # 4 → 6 mg
    (45, 45.4, False),            # 6 → 6 mg
    (30, 21, False),              # 2.5 → 2.5 mg
    (10, 9.4, True),              # 0.94 → 1.5 mg
], ids=["44-to-45", "same-band", "band-21-30", "9.4-to-10"])
def test_pegfilgrastim_weight_change_compares_mg(weight: float, previous: float,
                                                 flagged: bool) -> None:
    found = warned(weight_kg=weight, previous_weight_kg=previous, product="pegfilgrastim")
    assert ("weight_changed" in found) is flagged


# --- ordered dose against the labelled dose -------------------------------------------------
@pytest.mark.parametrize(("request_", "code", "label"), [
    ({"weight_kg": 72.4, "ordered_dose_mcg": 398.2}, None, None),           # 362: +10 %
    ({"weight_kg": 72.4, "ordered_dose_mcg": 398.3}, "ordered_above_label", "NEUPOGEN-PI"),
    ({"weight_kg": 72.4, "ordered_dose_mcg": 325.8}, None, None),           # −10 %
    ({"weight_kg": 72.4, "ordered_dose_mcg": 325.7}, "ordered_below_label", "NEUPOGEN-PI"),
    ({"weight_kg": 72.4, "ordered_dose_mcg": 480}, "ordered_above_label", "NEUPOGEN-PI"),
    ({"weight_kg": 72.4, "ordered_dose_mcg": 480, "tolerance_pct": 33}, None, None),
    ({"weight_kg": 50, "indication": "scn_congenital", "ordered_dose_mcg": 600},
     "ordered_above_label", "NEUPOGEN-PI"),                                   # per dose: 300
    ({"weight_kg": 72.4, "product": "tbo_filgrastim", "ordered_dose_mcg": 300},
     "ordered_below_label", "GRANIX"),
    ({"weight_kg": 70, "product": "pegfilgrastim", "ordered_dose_mg": 6.6}, None, None),
    ({"weight_kg": 70, "product": "pegfilgrastim", "ordered_dose_mg": 6.61},
     "ordered_above_label", "PEGFIL"),
    ({"weight_kg": 70, "product": "pegfilgrastim", "ordered_dose_mg": 5.4}, None, None),
    ({"weight_kg": 70, "product": "pegfilgrastim", "ordered_dose_mg": 5.39},
     "ordered_below_label", "PEGFIL"),
    ({"weight_kg": 30, "product": "pegfilgrastim", "ordered_dose_mg": 6},
     "ordered_above_label", "PEGFIL"),                                       # band: 2.5 mg
], ids=["+10pct", "+10.03pct", "-10pct", "-10.03pct", "480", "480-tol33", "scn-daily-as-dose",
        "tbo-300", "peg-6.6", "peg-6.61", "peg-5.4", "peg-5.39", "peg-30kg-6mg"])
def test_ordered_dose_against_the_label(request_: dict[str, Any], code: str | None,
                                        label: str | None) -> None:
    found = warned(**request_)
    if code is None:
        assert found == {}
    else:
        assert found == {code: [label, "HOPA"]}


def test_an_order_above_the_label_is_flagged_not_corrected() -> None:
    r = calculate_dose({"weight_kg": 72.4, "ordered_dose_mcg": 480})
    assert r.dose_per_administration_mcg == 362 and r.request.ordered_dose_mcg == 480
    (w,) = [w for w in r.warnings if w.code == "ordered_above_label"]
    assert "480 mcg" in w.message and "362 mcg" in w.message
