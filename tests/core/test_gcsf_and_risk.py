"""High-risk features, consider G-CSF in established FN, and filgrastim rounding to a
single presentation (RULES §2a, §7, §10). Expected values are read from RULES.md:
filgrastim 5 mcg/kg; nearest of 300/480 mcg, an exact tie goes to 480; deviation
(vial − dose) / dose × 100; within tolerance when |deviation| ≤ tolerance (default 10 %).
"""

from __future__ import annotations

import pytest

from leukodesk.core import assess

FEVER = 38.5
AFEBRILE = 37.0
# Febrile neutropenia with every high-risk feature known and absent.
FN_NO_FEATURES = {"wbc": 5.0, "anc": 0.3, "temperature_c": FEVER, "age_years": 50,
                  "expected_neutropenia_days": 5}


def fn_case(**overrides):
    return assess({**FN_NO_FEATURES, **overrides})


def rec_ids(a) -> list[str]:
    return [r.id for r in a.recommendations]


# --- High-risk features: ANC ≤ 0.1, duration ≥ 10 days, age > 65, ... (RULES §7) --------

@pytest.mark.parametrize(("overrides", "features"), [
    pytest.param({}, [], id="hr-none"),
    pytest.param({"age_years": 64}, [], id="hr-age-65-below"),
    pytest.param({"age_years": 65}, [], id="hr-age-65-at"),
    pytest.param({"age_years": 66}, ["age_gt_65"], id="hr-age-65-above"),
    pytest.param({"expected_neutropenia_days": 9}, [], id="hr-days-10-below"),
    pytest.param({"expected_neutropenia_days": 9.5}, [], id="hr-days-9.5"),
    pytest.param({"expected_neutropenia_days": 10}, ["duration_ge_10_days"],
                 id="hr-days-10-at"),
    pytest.param({"expected_neutropenia_days": 11}, ["duration_ge_10_days"],
                 id="hr-days-10-above"),
    pytest.param({"anc": 0.09}, ["anc_le_0_1"], id="hr-anc-0.1-below"),
    pytest.param({"anc": 0.1}, ["anc_le_0_1"], id="hr-anc-0.1-at"),
    pytest.param({"anc": 0.11}, [], id="hr-anc-0.1-above"),
    pytest.param({"uncontrolled_primary_disease": True}, ["uncontrolled_disease"],
                 id="hr-uncontrolled"),
    pytest.param({"systemic_infection_signs": True}, ["systemic_infection"],
                 id="hr-infection"),
])
def test_high_risk_features_and_consider_gcsf(overrides, features):
    a = fn_case(**overrides)
    assert a.febrile_neutropenia is True
    assert a.high_risk_features == features
    assert a.high_risk_not_assessed == []
    assert a.consider_gcsf is bool(features)
    assert ("gcsf_consider" in rec_ids(a)) is bool(features)
    assert ("gcsf_not_routine" in rec_ids(a)) is not bool(features)


def test_all_high_risk_features_listed_by_name():
    a = fn_case(anc=0.05, age_years=80, expected_neutropenia_days=14,
                uncontrolled_primary_disease=True, systemic_infection_signs=True)
    assert set(a.high_risk_features) == {"anc_le_0_1", "duration_ge_10_days", "age_gt_65",
                                         "uncontrolled_disease", "systemic_infection"}
    assert a.consider_gcsf is True


@pytest.mark.parametrize(("fields", "consider"), [
    pytest.param({"wbc": 5.0, "anc": 0.05, "temperature_c": AFEBRILE, "age_years": 80,
                  "expected_neutropenia_days": 14}, False, id="gcsf-no-fever-features"),
    pytest.param({"wbc": 5.0, "anc": 0.05, "age_years": 80}, None,
                 id="gcsf-no-temp-features"),
    pytest.param({"wbc": 5.0, "anc": 0.3, "age_years": 50, "expected_neutropenia_days": 5},
                 False, id="gcsf-no-temp-no-features"),
    pytest.param({"wbc": 5.0, "anc": 0.3, "temperature_c": FEVER,
                  "expected_neutropenia_days": 5}, None, id="gcsf-fn-age-unknown"),
    pytest.param({"wbc": 5.0, "anc": 0.3, "temperature_c": FEVER,
                  "uncontrolled_primary_disease": True}, True,
                 id="gcsf-fn-unknowns-but-feature"),
    pytest.param({"wbc": 5.0, "anc": 0.3, "temperature_c": AFEBRILE}, False,
                 id="gcsf-no-fever-unknowns"),
    pytest.param({"wbc": 5.0, "temperature_c": FEVER,
                  "anc_expected_below_0_5_within_48h": True, "age_years": 70}, True,
                 id="gcsf-fn-by-48h-no-anc-age-66plus"),
])
def test_consider_gcsf_three_valued(fields, consider):
    """RULES §2a: no high-risk feature → false whatever FN is; one present with FN → true;
    otherwise null when FN or a feature is unknown."""
    assert assess(fields).consider_gcsf is consider


def test_unknown_age_is_listed_as_not_assessed_feature():
    a = assess({"wbc": 5.0, "anc": 0.3, "temperature_c": FEVER, "expected_neutropenia_days": 5})
    assert a.high_risk_features == []
    assert a.high_risk_not_assessed == ["age_gt_65"]
    assert "gcsf_not_routine" not in rec_ids(a)
    assert any(n.output == "consider_gcsf" and "age_years" in n.needs for n in a.not_assessed)


# --- Filgrastim 5 mcg/kg and the nearest single presentation (RULES §10) ----------------

@pytest.mark.parametrize(("weight", "dose", "vial", "tie", "within", "deviation"), [
    pytest.param(60, 300, 300, False, True, 0.0, id="fil-60kg-exact-300"),
    pytest.param(96, 480, 480, False, True, 0.0, id="fil-96kg-exact-480"),
    pytest.param(77.99, 389.95, 300, False, False, (300 - 389.95) / 389.95 * 100,
                 id="fil-tie-78-below"),
    pytest.param(78, 390, 480, True, False, 90 / 390 * 100, id="fil-tie-78-at"),
    pytest.param(78.01, 390.05, 480, False, False, (480 - 390.05) / 390.05 * 100,
                 id="fil-tie-78-above"),
    # 300 mcg from below: edge 300 / 1.1 = 272.73 mcg (54.545 kg)
    pytest.param(54.54, 272.7, 300, False, False, 27.3 / 272.7 * 100,
                 id="fil-54.54kg-outside"),
    pytest.param(54.55, 272.75, 300, False, True, 27.25 / 272.75 * 100,
                 id="fil-54.55kg-within"),
    # 300 mcg from above: edge 300 / 0.9 = 333.33 mcg (66.667 kg)
    pytest.param(66.66, 333.3, 300, False, True, -33.3 / 333.3 * 100,
                 id="fil-66.66kg-within"),
    pytest.param(66.67, 333.35, 300, False, False, -33.35 / 333.35 * 100,
                 id="fil-66.67kg-outside"),
    # 480 mcg from below: edge 480 / 1.1 = 436.36 mcg (87.273 kg)
    pytest.param(87.27, 436.35, 480, False, False, 43.65 / 436.35 * 100,
                 id="fil-87.27kg-outside"),
    pytest.param(87.28, 436.4, 480, False, True, 43.6 / 436.4 * 100,
                 id="fil-87.28kg-within"),
    # 480 mcg from above: edge 480 / 0.9 = 533.33 mcg (106.667 kg)
    pytest.param(106.66, 533.3, 480, False, True, -53.3 / 533.3 * 100,
                 id="fil-106.66kg-within"),
    pytest.param(106.67, 533.35, 480, False, False, -53.35 / 533.35 * 100,
                 id="fil-106.67kg-outside"),
])
def test_filgrastim_rounding(weight, dose, vial, tie, within, deviation):
    f = assess({"wbc": 5.0, "weight_kg": weight}).filgrastim
    assert f.mcg_per_kg == 5
    assert f.dose_mcg == pytest.approx(dose, abs=1e-9)
    assert f.nearest_vial_mcg == vial
    assert f.tie is tie
    assert f.within_tolerance is within
    assert f.deviation_pct == pytest.approx(deviation, abs=1e-9)
    assert f.tolerance_pct == 10


@pytest.mark.parametrize(("weight", "tolerance", "vial", "within"), [
    # 80 kg → 400 mcg → 480 (gap 80 < 100), deviation exactly +20 %
    pytest.param(80, 20, 480, True, id="tol-20-edge-counts-480"),
    pytest.param(80, 19.9, 480, False, id="tol-19.9-below-edge-480"),
    # 50 kg → 250 mcg → 300, deviation exactly +20 %
    pytest.param(50, 20, 300, True, id="tol-20-edge-counts-300"),
    pytest.param(50, 19, 300, False, id="tol-19-below-edge-300"),
    # 100 kg → 500 mcg → 480, deviation exactly −4 %
    pytest.param(100, 4, 480, True, id="tol-4-edge-negative"),
    pytest.param(100, 3.9, 480, False, id="tol-3.9-negative"),
])
def test_tolerance_edge_counts_as_within(weight, tolerance, vial, within):
    f = assess({"wbc": 5.0, "weight_kg": weight, "tolerance_pct": tolerance}).filgrastim
    assert f.nearest_vial_mcg == vial
    assert f.within_tolerance is within
    assert f.tolerance_pct == tolerance


def test_no_weight_no_dose():
    a = assess({"wbc": 5.0, "anc": 0.3, "temperature_c": FEVER, "age_years": 80})
    assert a.consider_gcsf is True
    assert a.filgrastim is None
    assert any(n.output == "filgrastim" and n.needs == ["weight_kg"] for n in a.not_assessed)
