"""Properties of the G-CSF dose calculator over generated valid requests (hypothesis, the
derandomised profile of tests/conftest.py).

The reference figures are worked out here from RULES §10 in exact fractions: the presentation
table, the regimen table and the pegfilgrastim bands are written out by hand.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from leukodesk.core import assess
from leukodesk.core.dosing.calc import calculate_dose

# set → {mcg: mL} (RULES §10; EU 480 mcg syringes are 0.5 mL)
PRESENTATIONS = {
    "us_vials": {300: Fraction(1), 480: Fraction(16, 10)},
    "us_syringes": {300: Fraction(5, 10), 480: Fraction(8, 10)},
    "eu_syringes": {300: Fraction(5, 10), 480: Fraction(5, 10)},
}
# (product, indication) → (mcg/kg per administration, administrations per day)
REGIMENS = {
    ("filgrastim", "chemotherapy"): (5, 1), ("filgrastim", "bmt"): (10, 1),
    ("filgrastim", "mobilization"): (10, 1), ("filgrastim", "scn_congenital"): (6, 2),
    ("filgrastim", "scn_idiopathic_cyclic"): (5, 1), ("filgrastim", "h_ars"): (10, 1),
    ("tbo_filgrastim", "chemotherapy"): (5, 1),
}

weights = st.integers(50, 35000).map(lambda n: n / 100)            # 0.5–350 kg, 0.01 kg grid
tolerances = st.integers(0, 100).map(lambda n: n / 2)              # 0–50 %, 0.5 % grid
regimens = st.sampled_from(sorted(REGIMENS))
sets = st.sampled_from(sorted(PRESENTATIONS))


def exact(value: float) -> Fraction:
    return Fraction(repr(value))


def filgrastim_request(regimen: tuple[str, str], pset: str, weight: float,
                       tolerance: float) -> dict[str, Any]:
    product, indication = regimen
    if product == "tbo_filgrastim":
        pset = "us_syringes"
    return {"weight_kg": weight, "product": product, "indication": indication,
            "presentation_set": pset, "tolerance_pct": tolerance}


def peg_mg(weight: float) -> Fraction:
    rounded = Decimal(repr(weight)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if rounded >= 45:
        return Fraction(6)
    if rounded < 10:
        return Fraction(1, 10) * exact(weight)
    return Fraction(3, 2) if rounded <= 20 else Fraction(5, 2) if rounded <= 30 else Fraction(4)


@given(regimen=regimens, a=weights, b=weights)
def test_filgrastim_dose_never_decreases_with_weight(regimen: tuple[str, str], a: float,
                                                     b: float) -> None:
    low, high = sorted((a, b))
    product, indication = regimen
    first = calculate_dose({"weight_kg": low, "product": product, "indication": indication})
    second = calculate_dose({"weight_kg": high, "product": product, "indication": indication})
    assert first.daily_dose_mcg <= second.daily_dose_mcg
    assert first.dose_per_administration_mcg <= second.dose_per_administration_mcg


@given(a=weights, b=weights)
def test_pegfilgrastim_dose_never_decreases_with_weight(a: float, b: float) -> None:
    low, high = sorted((a, b))
    first = calculate_dose({"weight_kg": low, "product": "pegfilgrastim"})
    second = calculate_dose({"weight_kg": high, "product": "pegfilgrastim"})
    assert first.dose_mg <= second.dose_mg
    assert math.isclose(first.dose_mg, float(peg_mg(low)), rel_tol=1e-9)
    assert math.isclose(first.exact_volume_ml, float(peg_mg(low) / 10), rel_tol=1e-9)


@given(regimen=regimens, pset=sets, weight=weights, tolerance=tolerances)
def test_dose_and_the_chosen_presentation(regimen: tuple[str, str], pset: str, weight: float,
                                          tolerance: float) -> None:
    request = filgrastim_request(regimen, pset, weight, tolerance)
    r = calculate_dose(request)
    mcg_per_kg, per_day = REGIMENS[regimen]
    per_dose = exact(weight) * mcg_per_kg
    assert math.isclose(r.dose_per_administration_mcg, float(per_dose), rel_tol=1e-9)
    assert math.isclose(r.daily_dose_mcg, float(per_dose * per_day), rel_tol=1e-9)

    # The closest of its set; an exact tie goes to the larger.
    gaps = {p: abs(p - per_dose) for p in PRESENTATIONS[request["presentation_set"]]}
    chosen = int(r.nearest_presentation_mcg)
    assert all(gaps[chosen] <= gap for gap in gaps.values())
    tie = len(set(gaps.values())) == 1
    assert r.tie is tie
    if tie:
        assert chosen == 480

    deviation = (chosen - per_dose) / per_dose * 100
    assert math.isclose(r.deviation_pct, float(deviation), rel_tol=1e-9, abs_tol=1e-12)
    assert r.within_tolerance is (abs(deviation) <= exact(tolerance))
    assert (r.vial_volume_ml is None) is r.within_tolerance
    # Outside tolerance: two presentations when their nearest sum is within, else the
    # exact dose; never both.
    codes = [w.code for w in r.warnings]
    assert ("rounding_exceeds_tolerance" in codes or "two_presentations" in codes) \
        is not r.within_tolerance
    assert (r.combination is not None) is ("two_presentations" in codes)
    if r.combination is not None:
        total = sum(exact(m) for m in r.combination.presentations_mcg)
        assert r.combination.total_mcg == float(total) and r.combination.within_tolerance
        assert abs((total - per_dose) / per_dose * 100) <= exact(tolerance)


@given(regimen=regimens, pset=sets, weight=weights, tolerance=tolerances)
def test_volume_times_concentration_is_the_dose(regimen: tuple[str, str], pset: str,
                                                weight: float, tolerance: float) -> None:
    request = filgrastim_request(regimen, pset, weight, tolerance)
    r = calculate_dose(request)
    ml = PRESENTATIONS[request["presentation_set"]][int(r.nearest_presentation_mcg)]
    concentration = r.nearest_presentation_mcg / float(ml)
    assert r.presentation_volume_ml == float(ml)
    # Never a volume larger than the named presentation holds.
    if r.dose_per_administration_mcg / concentration > float(ml) * (1 + 1e-12):
        assert r.exact_volume_ml is None
    else:
        assert r.exact_volume_ml is not None and r.exact_volume_ml <= float(ml)
        assert math.isclose(r.exact_volume_ml * concentration, r.dose_per_administration_mcg,
                            rel_tol=1e-9)
    if r.vial_volume_ml is not None:
        assert math.isclose(r.vial_volume_ml * 300, r.dose_per_administration_mcg, rel_tol=1e-9)
    if request["presentation_set"] == "eu_syringes":
        assert math.isclose(r.daily_dose_mu * 10, r.daily_dose_mcg, rel_tol=1e-9)
    else:
        assert r.daily_dose_mu is None


@given(weight=st.integers(111, 77161).map(lambda n: n / 100))     # 1.11–771.61 lb
def test_lb_weight_is_the_kg_weight(weight: float) -> None:
    in_lb = calculate_dose({"weight": weight, "weight_unit": "lb"})
    kg = exact(weight) * Fraction("0.45359237")
    assert math.isclose(in_lb.weight_kg, float(kg), rel_tol=1e-12)
    assert math.isclose(in_lb.daily_dose_mcg, float(kg * 5), rel_tol=1e-9)


@given(weight=weights, tolerance=tolerances)
def test_assess_filgrastim_block_equals_the_calculator(weight: float, tolerance: float) -> None:
    block = assess({"wbc": 2.5, "weight_kg": weight, "tolerance_pct": tolerance}).filgrastim
    r = calculate_dose({"weight_kg": weight, "tolerance_pct": tolerance})
    assert block is not None
    assert block.dose_mcg == r.daily_dose_mcg == r.dose_per_administration_mcg
    assert block.nearest_vial_mcg == r.nearest_presentation_mcg
    assert (block.tie, block.within_tolerance) == (r.tie, r.within_tolerance)
    assert block.deviation_pct == r.deviation_pct
    assert (block.mcg_per_kg, block.formula) == (r.mcg_per_kg, r.formula)
    assert set(block.sources) <= set(r.sources)


def test_assess_reads_a_null_tolerance_as_the_default() -> None:
    block = assess({"wbc": 5, "weight_kg": 72.4, "tolerance_pct": None}).filgrastim
    r = calculate_dose({"weight_kg": 72.4})
    assert block is not None and block.tolerance_pct == r.tolerance_pct == 10
    assert (block.dose_mcg, block.within_tolerance) == (r.daily_dose_mcg, r.within_tolerance)
