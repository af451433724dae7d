"""The G-CSF dose calculator (RULES §10, §1 display).

Every expected figure below is worked out by hand from RULES §10 (weight × mcg/kg; the
nearest of 300 and 480 mcg, a tie to the larger; deviation = (presentation − dose) / dose
× 100; volume = dose ÷ the presentation's mcg/mL; 1 MU = 10 mcg; pegfilgrastim bands on
the weight rounded half up), never read back from the code.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import pytest

from leukodesk.core.content import sources
from leukodesk.core.dosing.calc import calculate_dose

REL = 1e-9


def dose(**request: Any) -> dict[str, Any]:
    return calculate_dose(request).model_dump(mode="json")


def codes(result: dict[str, Any]) -> list[str]:
    return [w["code"] for w in result["warnings"]]


def texts(result: dict[str, Any]) -> list[str]:
    """Every text a person reads in one result."""
    return [result["formula"], *result["workings"], result["statement"],
            result["nearest_presentation"], *(w["message"] for w in result["warnings"])]


# --- indications ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("request_", "mcg_per_kg", "per_day", "per_dose", "daily"),
    [
        ({"weight_kg": 60}, 5, 1, 300, 300),                                  # default
        ({"weight_kg": 60, "indication": "chemotherapy"}, 5, 1, 300, 300),
        ({"weight_kg": 30, "indication": "bmt"}, 10, 1, 300, 300),
        ({"weight_kg": 48, "indication": "mobilization"}, 10, 1, 480, 480),
        ({"weight_kg": 50, "indication": "scn_congenital"}, 6, 2, 300, 600),
        ({"weight_kg": 72.4, "indication": "scn_congenital"}, 6, 2, 434.4, 868.8),
        ({"weight_kg": 96, "indication": "scn_idiopathic_cyclic"}, 5, 1, 480, 480),
        ({"weight_kg": 72.4, "indication": "h_ars"}, 10, 1, 724, 724),
        ({"weight_kg": 72.4, "product": "tbo_filgrastim"}, 5, 1, 362, 362),
    ],
    ids=["default-chemo", "chemo", "bmt", "mobilization", "scn-congenital-50kg",
         "scn-congenital-72.4kg", "scn-idiopathic-cyclic", "h-ars", "tbo-filgrastim"])
def test_every_indication_uses_its_labelled_regimen(request_: dict[str, Any], mcg_per_kg: int,
                                                    per_day: int, per_dose: float,
                                                    daily: float) -> None:
    r = dose(**request_)
    assert r["mcg_per_kg"] == mcg_per_kg
    assert r["administrations_per_day"] == per_day
    assert r["mcg_per_kg_day"] == mcg_per_kg * per_day
    assert r["dose_per_administration_mcg"] == pytest.approx(per_dose, rel=REL)
    assert r["daily_dose_mcg"] == pytest.approx(daily, rel=REL)
    assert r["formula"].startswith(
        f"{mcg_per_kg} mcg/kg × {request_['weight_kg']:g} kg ")
    if per_day == 2:
        assert "per dose" in r["formula"] and f"{daily:g} mcg/day" in r["formula"]


def test_default_indication_and_product_and_set() -> None:
    r = dose(weight_kg=60)
    assert (r["indication"], r["product"], r["presentation_set"], r["tolerance_pct"]) == (
        "chemotherapy", "filgrastim", "us_syringes", 10)


def test_twice_daily_rounds_each_dose_not_the_day() -> None:
    # 6 mcg/kg × 50 kg = 300 mcg per dose (600 mcg a day): one 300 mcg syringe per dose.
    r = dose(weight_kg=50, indication="scn_congenital")
    assert r["nearest_presentation_mcg"] == 300 and r["deviation_pct"] == 0
    assert r["within_tolerance"] is True and r["exact_volume_ml"] == pytest.approx(0.5)
    assert r["statement"].endswith("per dose.")


def test_bmt_route_is_intravenous() -> None:
    assert "IV" in dose(weight_kg=30, indication="bmt")["route"]


# --- presentations and volumes --------------------------------------------------------------
# (set, weight kg, exact per-dose mcg, nearest mcg, presentation mcg/mL, presentation mL, label)
PRESENTATION_CASES = [
    ("us_vials", 60, 300, 300, 300, 1, "300 mcg/1 mL vial"),
    ("us_vials", 96, 480, 480, 300, 1.6, "480 mcg/1.6 mL vial"),
    ("us_vials", 64, 320, 300, 300, 1, "300 mcg/1 mL vial"),
    ("us_vials", 92, 460, 480, 300, 1.6, "480 mcg/1.6 mL vial"),
    ("us_syringes", 60, 300, 300, 600, 0.5, "300 mcg/0.5 mL prefilled syringe"),
    ("us_syringes", 96, 480, 480, 600, 0.8, "480 mcg/0.8 mL prefilled syringe"),
    ("us_syringes", 64, 320, 300, 600, 0.5, "300 mcg/0.5 mL prefilled syringe"),
    ("us_syringes", 92, 460, 480, 600, 0.8, "480 mcg/0.8 mL prefilled syringe"),
    ("eu_syringes", 60, 300, 300, 600, 0.5, "300 mcg/0.5 mL (30 MU) prefilled syringe"),
    ("eu_syringes", 96, 480, 480, 960, 0.5, "480 mcg/0.5 mL (48 MU) prefilled syringe"),
    ("eu_syringes", 64, 320, 300, 600, 0.5, "300 mcg/0.5 mL (30 MU) prefilled syringe"),
    ("eu_syringes", 92, 460, 480, 960, 0.5, "480 mcg/0.5 mL (48 MU) prefilled syringe"),
]


@pytest.mark.parametrize(("pset", "weight", "per_dose", "nearest", "mcg_per_ml", "ml", "label"),
                         PRESENTATION_CASES,
                         ids=[f"{c[0]}-{c[1]}kg" for c in PRESENTATION_CASES])
def test_every_presentation_volume(pset: str, weight: float, per_dose: int, nearest: int,
                                   mcg_per_ml: int, ml: float, label: str) -> None:
    r = dose(weight_kg=weight, presentation_set=pset)
    assert r["dose_per_administration_mcg"] == per_dose
    assert r["nearest_presentation_mcg"] == nearest
    assert r["nearest_presentation"] == label
    exact_ml = Fraction(per_dose, mcg_per_ml)
    # Never a volume larger than the named presentation holds (RULES §10, 2026.2).
    if exact_ml > Fraction(str(ml)):
        assert r["exact_volume_ml"] is None
        assert any(f"more than one {label} holds: use one {label}" in w for w in r["workings"])
    else:
        assert r["exact_volume_ml"] == pytest.approx(float(exact_ml), rel=REL)
    assert r["presentation_volume_ml"] == ml
    assert r["within_tolerance"] is True and r["vial_volume_ml"] is None


@pytest.mark.parametrize(("request_", "daily_mu", "per_dose_mu"), [
    ({"weight_kg": 60}, 30, 30),
    ({"weight_kg": 72.4}, 36.2, 36.2),
    ({"weight_kg": 50, "indication": "scn_congenital"}, 60, 30),
], ids=["60kg", "72.4kg", "scn-congenital-twice-daily"])
def test_eu_syringes_give_million_units(request_: dict[str, Any], daily_mu: float,
                                        per_dose_mu: float) -> None:
    r = dose(**request_, presentation_set="eu_syringes")
    assert r["daily_dose_mu"] == pytest.approx(daily_mu, rel=REL)
    assert r["dose_per_administration_mu"] == pytest.approx(per_dose_mu, rel=REL)
    assert f"÷ 10 mcg/MU = {per_dose_mu:g} MU" in "\n".join(r["workings"])


@pytest.mark.parametrize("pset", ["us_vials", "us_syringes"])
def test_us_labels_use_no_million_units(pset: str) -> None:
    r = dose(weight_kg=60, presentation_set=pset)
    assert r["daily_dose_mu"] is None and r["dose_per_administration_mu"] is None
    assert "MU" not in " ".join(texts(r))


def test_pegfilgrastim_syringe_volume() -> None:
    r = dose(weight_kg=70, product="pegfilgrastim")
    assert r["nearest_presentation"] == "6 mg/0.6 mL prefilled syringe"
    assert (r["dose_mg"], r["exact_volume_ml"], r["presentation_volume_ml"]) == (6, 0.6, 0.6)


# --- ties and the tolerance window ----------------------------------------------------------
@pytest.mark.parametrize("request_", [
    {"weight_kg": 78}, {"weight_kg": 78, "presentation_set": "us_vials"},
    {"weight_kg": 78, "presentation_set": "eu_syringes"},
    {"weight_kg": 78, "product": "tbo_filgrastim"},
    {"weight_kg": 39, "indication": "bmt"}, {"weight_kg": 65, "indication": "scn_congenital"},
], ids=["chemo-78kg", "us-vials", "eu-syringes", "tbo", "bmt-39kg", "scn-congenital-65kg"])
def test_exact_tie_goes_to_the_larger_presentation(request_: dict[str, Any]) -> None:
    r = dose(**request_)
    assert r["dose_per_administration_mcg"] == 390
    assert (r["nearest_presentation_mcg"], r["tie"]) == (480, True)
    assert r["deviation_pct"] == pytest.approx(float(Fraction(90, 390) * 100), rel=REL)
    assert r["within_tolerance"] is False
    assert codes(r) == ["rounding_exceeds_tolerance", "presentation_tie"]


def test_tie_within_a_wider_tolerance() -> None:
    r = dose(weight_kg=78, tolerance_pct=25)                   # +23.08 % ≤ 25 %
    assert (r["tie"], r["within_tolerance"], r["vial_volume_ml"]) == (True, True, None)
    assert r["exact_volume_ml"] == pytest.approx(390 / 600, rel=REL)
    assert codes(r) == ["presentation_tie"]


# (weight kg at 5 mcg/kg, nearest mcg, within ±10 %): each edge and the 0.01 kg beside it.
EDGES = [(54.54, 300, False), (54.55, 300, True), (66.66, 300, True), (66.67, 300, False),
         (87.27, 480, False), (87.28, 480, True), (106.66, 480, True), (106.67, 480, False)]


@pytest.mark.parametrize(("weight", "nearest", "within"), EDGES,
                         ids=[f"{w}kg-{'in' if i else 'out'}" for w, _, i in EDGES])
def test_both_edges_of_the_10_pct_window(weight: float, nearest: int, within: bool) -> None:
    exact = Fraction(str(weight)) * 5
    deviation = (nearest - exact) / exact * 100
    assert (abs(deviation) <= 10) is within                      # the hand check itself
    r = dose(weight_kg=weight)
    assert r["nearest_presentation_mcg"] == nearest
    assert r["deviation_pct"] == pytest.approx(float(deviation), rel=REL)
    assert r["within_tolerance"] is within
    assert ("rounding_exceeds_tolerance" in codes(r)) is not within
    assert (r["vial_volume_ml"] is None) is within


def test_54_55_kg_is_within_at_plus_9_99_pct() -> None:
    r = dose(weight_kg=54.55)
    assert round(r["deviation_pct"], 2) == 9.99 and r["within_tolerance"] is True


@pytest.mark.parametrize(("weight", "within"), [(80, True), (79.99, False), (75, True),
                                                (75.01, False)],
                         ids=["+20pct-edge", "just-above", "-20pct-edge", "just-below"])
def test_the_exact_edge_counts_as_within(weight: float, within: bool) -> None:
    # 80 kg → 400 mcg → 480 is +20 % exactly; 75 kg → 375 mcg → 300 is −20 % exactly.
    assert dose(weight_kg=weight, tolerance_pct=20)["within_tolerance"] is within


@pytest.mark.parametrize(("weight", "tolerance", "within"), [
    (72.4, 10, False), (72.4, 17, False), (72.4, 18, True), (78, 23, False), (78, 25, True),
    (60, 0, True), (60.01, 0, False), (72.4, 50, True),
], ids=["72.4-10", "72.4-17", "72.4-18", "78-23", "78-25", "60-0", "60.01-0", "72.4-50"])
def test_tolerance_changes_the_verdict(weight: float, tolerance: float, within: bool) -> None:
    r = dose(weight_kg=weight, tolerance_pct=tolerance)
    assert (r["within_tolerance"], r["tolerance_pct"]) == (within, tolerance)


@pytest.mark.parametrize(("request_", "per_dose"), [
    ({"weight_kg": 72.4}, 362), ({"weight_kg": 72.4, "presentation_set": "eu_syringes"}, 362),
    ({"weight_kg": 72.4, "indication": "scn_congenital"}, 434.4),
    ({"weight_kg": 20}, 100),
], ids=["72.4kg", "eu", "scn-congenital", "20kg"])
def test_outside_tolerance_gives_the_exact_dose_from_a_vial(request_: dict[str, Any],
                                                           per_dose: float) -> None:
    r = dose(**request_)
    assert r["within_tolerance"] is False
    assert r["vial_volume_ml"] == pytest.approx(per_dose / 300, rel=REL)
    assert codes(r)[0] == "rounding_exceeds_tolerance"
    assert r["statement"].startswith("Rounding to one presentation would exceed ±10 %")
    assert f"{per_dose:g} mcg" in r["statement"] and "300 mcg/mL" in r["statement"]


def test_within_tolerance_statement_names_one_presentation() -> None:
    r = dose(weight_kg=64)                               # 320 mcg → 300 mcg, −6.25 %
    assert r["statement"].startswith("Give one 300 mcg/0.5 mL prefilled syringe")
    assert r["warnings"] == []


# --- pegfilgrastim bands --------------------------------------------------------------------
PEG = [  # (weight kg, weight used for the band, mg)
    (0.5, 1, 0.05), (9.4, 9, 0.94), (9.49, 9, 0.949), (9.5, 10, 1.5), (10, 10, 1.5),
    (20, 20, 1.5), (20.4, 20, 1.5), (20.5, 21, 2.5), (20.6, 21, 2.5), (21, 21, 2.5),
    (30, 30, 2.5), (30.4, 30, 2.5), (30.5, 31, 4), (31, 31, 4), (44, 44, 4), (44.4, 44, 4),
    (44.5, 45, 6), (44.6, 45, 6), (45, 45, 6), (150, 150, 6),
]


@pytest.mark.parametrize(("weight", "rounded", "mg"), PEG, ids=[f"{w}kg" for w, _, _ in PEG])
def test_pegfilgrastim_band_edges(weight: float, rounded: int, mg: float) -> None:
    r = dose(weight_kg=weight, product="pegfilgrastim")
    assert r["rounded_weight_kg"] == rounded
    assert r["dose_mg"] == pytest.approx(mg, rel=REL)
    assert r["exact_volume_ml"] == pytest.approx(mg / 10, rel=REL)      # 6 mg/0.6 mL
    assert r["daily_dose_mcg"] is None and r["within_tolerance"] is None
    assert "PEGFIL" in r["sources"]


def test_pegfilgrastim_under_10_kg_formula() -> None:
    assert dose(weight_kg=9.4, product="pegfilgrastim")["formula"].endswith(
        "0.1 mg/kg × 9.4 kg = 0.94 mg")


# --- lb input -------------------------------------------------------------------------------
def test_lb_input_is_converted_exactly_and_shown() -> None:
    r = dose(weight=160, weight_unit="lb")
    assert r["weight_kg"] == 72.5747792                        # 160 × 0.45359237
    assert r["daily_dose_mcg"] == pytest.approx(362.873896, rel=REL)
    assert r["workings"][0] == "160 lb × 0.45359237 kg/lb = 72.5747792 kg"
    assert r["formula"] == "5 mcg/kg × 72.5747792 kg ≈ 362.87 mcg"


def test_kg_unit_spelled_out_matches_weight_kg() -> None:
    a, b = dose(weight=72.4, weight_unit="kg"), dose(weight_kg=72.4)
    assert a["daily_dose_mcg"] == b["daily_dose_mcg"] == 362
    assert not any(" lb" in step for step in a["workings"])


def test_pegfilgrastim_lb_dose() -> None:
    r = dose(weight=98.1, weight_unit="lb", product="pegfilgrastim")   # 44.497411497 kg → 44
    assert (r["rounded_weight_kg"], r["dose_mg"]) == (44, 4)


def test_pegfilgrastim_workings_show_the_lb_conversion() -> None:
    r = dose(weight=100, weight_unit="lb", product="pegfilgrastim")
    assert "100 lb × 0.45359237 kg/lb = 45.359237 kg" in r["workings"]


@pytest.mark.parametrize(("request_", "weight_text"), [
    ({"weight": 98.1, "weight_unit": "lb"}, "44.497411497 kg rounds (half up) to 44 kg"),
    ({"weight_kg": 9.499}, "9.499 kg rounds (half up) to 9 kg"),
], ids=["98.1lb", "9.499kg"])
def test_pegfilgrastim_formula_shows_the_weight_used(request_: dict[str, Any],
                                                     weight_text: str) -> None:
    formula = dose(**request_, product="pegfilgrastim")["formula"]
    assert weight_text in formula and "= 0.95 mg" not in formula


def test_lb_working_never_claims_a_rounded_weight_is_exact() -> None:
    step = dose(weight=98.1, weight_unit="lb")["workings"][0]
    assert step.endswith("= 44.497411497 kg") or "≈" in step


# --- written figures (ISMP) and sources -----------------------------------------------------
SAMPLES = [
    {"weight_kg": 72.4}, {"weight_kg": 0.5}, {"weight_kg": 0.5, "indication": "scn_congenital"},
    {"weight_kg": 78}, {"weight_kg": 60, "presentation_set": "eu_syringes"},
    {"weight_kg": 92, "presentation_set": "eu_syringes"}, {"weight_kg": 64},
    {"weight_kg": 50, "presentation_set": "us_vials"}, {"weight_kg": 72.4, "indication": "h_ars"},
    {"weight": 160, "weight_unit": "lb"}, {"weight_kg": 9.4, "product": "pegfilgrastim"},
    {"weight_kg": 0.5, "product": "pegfilgrastim"}, {"weight_kg": 20.5, "product": "pegfilgrastim"},
    {"weight_kg": 72.4, "product": "tbo_filgrastim", "ordered_dose_mcg": 480},
    {"weight_kg": 72.4, "previous_weight_kg": 60.5, "tolerance_pct": 12.5},
]
TRAILING_ZERO = re.compile(r"\d\.\d*0(?!\d)")
NAKED_DECIMAL = re.compile(r"(?<![\d])\.\d")
WRONG_MCG = re.compile(r"µg|\bug\b|microgram", re.IGNORECASE)


@pytest.mark.parametrize("request_", SAMPLES, ids=[str(i) for i in range(len(SAMPLES))])
def test_written_figures_follow_ismp(request_: dict[str, Any]) -> None:
    for text in texts(dose(**request_)):
        assert not TRAILING_ZERO.search(text), text
        assert not NAKED_DECIMAL.search(text), text
        assert not WRONG_MCG.search(text), text


@pytest.mark.parametrize(("request_", "formula"), [
    ({"weight_kg": 72.4}, "5 mcg/kg × 72.4 kg = 362 mcg"),
    ({"weight_kg": 0.5, "indication": "h_ars"}, "10 mcg/kg × 0.5 kg = 5 mcg"),
    ({"weight_kg": 12.5, "indication": "scn_idiopathic_cyclic"}, "5 mcg/kg × 12.5 kg = 62.5 mcg"),
    ({"weight_kg": 50, "indication": "scn_congenital"},
     "6 mcg/kg × 50 kg = 300 mcg per dose; × 2 doses a day = 600 mcg/day"),
], ids=["72.4kg", "leading-zero", "decimal-dose", "twice-daily"])
def test_formula_substitutes_the_numbers(request_: dict[str, Any], formula: str) -> None:
    r = dose(**request_)
    assert r["formula"] == formula and formula in r["workings"]


@pytest.mark.parametrize("request_", SAMPLES, ids=[str(i) for i in range(len(SAMPLES))])
def test_sources_are_present_and_known(request_: dict[str, Any]) -> None:
    r = dose(**request_)
    known = set(sources())
    label = {"filgrastim": "NEUPOGEN-PI", "tbo_filgrastim": "GRANIX",
             "pegfilgrastim": "PEGFIL"}[r["product"]]
    assert label in r["sources"] and set(r["sources"]) <= known
    for w in r["warnings"]:
        assert w["sources"] and set(w["sources"]) <= set(r["sources"])


def test_eu_set_cites_its_own_source() -> None:
    assert "MIMS-EU" in dose(weight_kg=60, presentation_set="eu_syringes")["sources"]


# --- known display defects (RULES §1) -------------------------------------------------------
DEVIATION = re.compile(r"× 100 [=≈] ([+−]?)([\d.]+) %")


@pytest.mark.parametrize(
    ("weight", "within"),
    [pytest.param(w, i) for w, _, i in EDGES],
    ids=[f"{w}kg" for w, _, _ in EDGES])
def test_shown_deviation_is_on_the_same_side_of_the_tolerance(weight: float,
                                                             within: bool) -> None:
    r = dose(weight_kg=weight)
    match = DEVIATION.search(r["workings"][1])
    assert match is not None
    assert (float(match.group(2)) <= 10) is within
    for w in r["warnings"]:
        assert "10 %)" not in w["message"]


def test_a_nonzero_dose_never_reads_as_zero_volume() -> None:
    r = dose(weight_kg=0.5)                          # 2.5 mcg ÷ 600 mcg/mL = 0.0041667 mL
    assert not any(re.search(r"[=≈] 0 mL", step) for step in r["workings"])
