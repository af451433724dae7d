"""Unit conversions at the thresholds, the display rule that never rounds across a
threshold, and the "confirm the unit" warning for extreme values (RULES §1).
Expected values are read from RULES.md.
"""

from __future__ import annotations

import pytest

from leukodesk.core import assess

CELLS = {"counts": "cells/uL"}


def rec_ids(a) -> list[str]:
    return [r.id for r in a.recommendations]


# --- Counts in cells/µL: 500 /µL = 0.5 ×10⁹/L ------------------------------------------

@pytest.mark.parametrize(("anc_cells", "anc", "cls", "grade"), [
    pytest.param(99, 0.099, "profound", 4, id="cells-anc-100-below"),
    pytest.param(100, 0.1, "severe", 4, id="cells-anc-100-at"),
    pytest.param(499, 0.499, "severe", 4, id="cells-anc-500-below"),
    pytest.param(500, 0.5, "moderate", 3, id="cells-anc-500-at"),
    pytest.param(999, 0.999, "moderate", 3, id="cells-anc-1000-below"),
    pytest.param(1000, 1.0, "mild", 2, id="cells-anc-1000-at"),
    pytest.param(1500, 1.5, "normal", 1, id="cells-anc-1500-at"),
])
def test_anc_in_cells_per_ul(anc_cells, anc, cls, grade):
    a = assess({"wbc": 3000, "anc": anc_cells, "units": CELLS})
    assert a.anc == pytest.approx(anc, abs=1e-12)
    assert a.anc_class == cls
    assert a.ctcae.neutrophils == grade


def test_500_cells_per_ul_equals_0_5():
    fields = {"temperature_c": 38.5, "anc_expected_below_0_5_within_48h": False}
    in_cells = assess({"wbc": 1000, "anc": 500, "units": CELLS, **fields})
    in_g_l = assess({"wbc": 1.0, "anc": 0.5, **fields})
    for a in (in_cells, in_g_l):
        assert a.anc == 0.5
        assert a.anc_class == "moderate"
        assert a.febrile_neutropenia is False


@pytest.mark.parametrize(("platelets_cells", "category"), [
    pytest.param(10000, "indicated", id="cells-plt-10000-at"),
    pytest.param(10001, "indicated_if_fever_or_infection", id="cells-plt-10000-above"),
    pytest.param(20001, "only_for_bleeding", id="cells-plt-20000-above"),
    pytest.param(150000, "not_indicated", id="cells-plt-lln-at"),
])
def test_platelets_in_cells_per_ul(platelets_cells, category):
    a = assess({"wbc": 5000, "platelets": platelets_cells, "units": CELLS})
    assert a.platelet_transfusion.category == category


@pytest.mark.parametrize(("wbc_cells", "hyper"), [
    pytest.param(100000, False, id="cells-wbc-100000-at"),
    pytest.param(100001, True, id="cells-wbc-100000-above"),
])
def test_hyperleukocytosis_in_cells_per_ul(wbc_cells, hyper):
    assert assess({"wbc": wbc_cells, "units": CELLS}).hyperleukocytosis is hyper


@pytest.mark.parametrize(("wbc_cells", "extreme"), [
    pytest.param(200000, False, id="cells-wbc-200000-at"),
    pytest.param(200001, True, id="cells-wbc-200000-above"),
])
def test_extreme_wbc_in_cells_per_ul(wbc_cells, extreme):
    ids = rec_ids(assess({"wbc": wbc_cells, "units": CELLS}))
    assert ("confirm_unit" in ids) is extreme
    if extreme:
        assert ids[0] == "confirm_unit"


# --- ANC from a differential: WBC × (segs % + bands %) / 100, unrounded -----------------

@pytest.mark.parametrize(("diff", "anc", "cls"), [
    pytest.param({"segs_pct": 20, "bands_pct": 5}, 0.5, "moderate", id="diff-segs20-bands5"),
    pytest.param({"segs_pct": 20, "bands_pct": 4.9}, 0.498, "severe", id="diff-bands4.9"),
    pytest.param({"segs_pct": 25, "bands_pct": 0}, 0.5, "moderate", id="diff-bands-0"),
    pytest.param({"segs_pct": 4, "bands_pct": 1}, 0.1, "severe", id="diff-0.1-at"),
    pytest.param({"segs_pct": 4.95}, 0.099, "profound", id="diff-0.099"),
    pytest.param({"segs_pct": 70, "bands_pct": 5}, 1.5, "normal", id="diff-1.5-at"),
])
def test_anc_from_differential(diff, anc, cls):
    a = assess({"wbc": 2.0, "differential": diff})
    assert a.anc_source == "differential"
    assert a.anc == pytest.approx(anc, abs=1e-12)
    assert a.anc_class == cls


# --- Temperature in °F: 100.4 °F = 38.0 °C exactly; 100.94 °F = 38.3 °C exactly ---------

@pytest.mark.parametrize(("temp_f", "sustained", "fever", "ctcae_fn"), [
    pytest.param(100.3, True, False, False, id="f-100.3-sustained"),
    pytest.param(100.4, True, True, True, id="f-100.4-sustained-is-38.0"),
    pytest.param(100.4, False, False, False, id="f-100.4-single"),
    pytest.param(100.9, False, False, False, id="f-100.9-single-below-38.3"),
    pytest.param(100.94, False, True, False, id="f-100.94-single-is-38.3"),
    pytest.param(101.0, False, True, True, id="f-101-single-above-38.3"),
])
def test_fahrenheit_thresholds(temp_f, sustained, fever, ctcae_fn):
    a = assess({"wbc": 5.0, "anc": 0.3, "temperature_c": temp_f, "fever_sustained_1h": sustained,
                "units": {"temperature": "F"}})
    assert a.inputs.temperature_c == pytest.approx((temp_f - 32) * 5 / 9, abs=1e-9)
    assert a.fever is fever
    assert a.febrile_neutropenia is fever
    assert a.ctcae_febrile_neutropenia is ctcae_fn


def test_100_4_f_is_exactly_38_0_c():
    a = assess({"wbc": 5.0, "temperature_c": 100.4, "units": {"temperature": "F"}})
    assert a.inputs.temperature_c == 38.0


# --- Hemoglobin in g/L (÷10) and mmol/L (×1.611) ----------------------------------------

@pytest.mark.parametrize(("value", "unit", "grade"), [
    pytest.param(79.9, "g/L", 3, id="gl-80-below"),
    pytest.param(80, "g/L", 2, id="gl-80-at"),
    pytest.param(99.9, "g/L", 2, id="gl-100-below"),
    pytest.param(100, "g/L", 1, id="gl-100-at"),
    pytest.param(119.9, "g/L", 1, id="gl-120-below"),
    pytest.param(120, "g/L", 0, id="gl-120-at"),
    # 8.0 / 1.611 = 4.96586; 10.0 / 1.611 = 6.20732; 12.0 / 1.611 = 7.44879
    pytest.param(4.965, "mmol/L", 3, id="mmol-8.0-below"),
    pytest.param(4.966, "mmol/L", 2, id="mmol-8.0-above"),
    pytest.param(6.207, "mmol/L", 2, id="mmol-10.0-below"),
    pytest.param(6.208, "mmol/L", 1, id="mmol-10.0-above"),
    pytest.param(7.448, "mmol/L", 1, id="mmol-12.0-below"),
    pytest.param(7.449, "mmol/L", 0, id="mmol-12.0-above"),
])
def test_hemoglobin_units(value, unit, grade):
    a = assess({"wbc": 5.0, "hemoglobin_g_dl": value, "units": {"hemoglobin": unit}})
    factor = 0.1 if unit == "g/L" else 1.611
    assert a.inputs.hemoglobin_g_dl == pytest.approx(value * factor, abs=1e-9)
    assert a.ctcae.anemia == grade


# --- Weight in lb (1 lb = 0.45359237 kg) --------------------------------------------------

@pytest.mark.parametrize("pounds", [
    pytest.param(100, id="lb-100"),
    pytest.param(171.96, id="lb-171.96"),
    pytest.param(220.5, id="lb-220.5"),
])
def test_weight_in_pounds(pounds):
    f = assess({"wbc": 5.0, "weight_kg": pounds, "units": {"weight": "lb"}}).filgrastim
    kg = pounds * 0.45359237
    assert f.weight_kg == pytest.approx(kg, rel=1e-12)
    assert f.dose_mcg == pytest.approx(kg * 5, rel=1e-12)


# --- Display: never round across a threshold (RULES §1) ---------------------------------

def test_0_495_rounding_trap():
    a = assess({"wbc": 1.1, "differential": {"segs_pct": 45}})
    assert a.anc == pytest.approx(0.495, abs=1e-15)
    assert a.anc_class == "severe"
    assert a.anc_display not in ("0.50", "0.500", "0.5")
    assert a.anc_display == "0.495"
    texts = " ".join(r.text for r in a.recommendations)
    assert "ANC 0.495" in texts
    assert "0.50 " not in texts
    assert "0.500" not in texts


@pytest.mark.parametrize(("anc", "threshold", "cls"), [
    pytest.param(0.49995, 0.5, "severe", id="disp-0.49995"),
    pytest.param(0.4999, 0.5, "severe", id="disp-0.4999"),
    pytest.param(0.0999, 0.1, "profound", id="disp-0.0999"),
    pytest.param(0.09995, 0.1, "profound", id="disp-0.09995"),
    pytest.param(0.9995, 1.0, "moderate", id="disp-0.9995"),
    pytest.param(0.99999, 1.0, "moderate", id="disp-0.99999"),
    pytest.param(1.495, 1.5, "mild", id="disp-1.495"),
    pytest.param(1.4999, 1.5, "mild", id="disp-1.4999"),
    pytest.param(1.995, 2.0, "normal", id="disp-1.995-lln"),
])
def test_display_never_rounds_up_across_threshold(anc, threshold, cls):
    a = assess({"wbc": 5.0, "anc": anc})
    assert a.anc_class == cls
    assert float(a.anc_display) < threshold


def test_display_does_not_read_as_hr_threshold_0_1():
    # ANC ≤ 0.1 is a high-risk feature: 0.1004 must not read "0.100".
    a = assess({"wbc": 5.0, "anc": 0.1004})
    assert a.anc_display != "0.100"
    assert float(a.anc_display) > 0.1


@pytest.mark.parametrize(("anc", "shown"), [
    pytest.param(0.5, "0.500", id="disp-0.5-three-decimals"),
    pytest.param(0.123, "0.123", id="disp-0.123"),
    pytest.param(0.0, "0.000", id="disp-zero"),
    pytest.param(1.0, "1.00", id="disp-1.0-two-decimals"),
    pytest.param(1.5, "1.50", id="disp-1.5"),
    pytest.param(3.456, "3.46", id="disp-3.456-rounded"),
])
def test_display_decimals(anc, shown):
    assert assess({"wbc": 5.0, "anc": anc}).anc_display == shown


# --- Extreme but possible values: accepted, "confirm the unit" first (RULES §1) ----------

@pytest.mark.parametrize(("fields", "extreme"), [
    pytest.param({"wbc": 200.0}, False, id="extreme-wbc-200-at"),
    pytest.param({"wbc": 200.01}, True, id="extreme-wbc-200-above"),
    pytest.param({"wbc": 150.0, "anc": 100.0}, False, id="extreme-anc-100-at"),
    pytest.param({"wbc": 150.0, "anc": 100.01}, True, id="extreme-anc-100-above"),
    pytest.param({"wbc": 5.0, "platelets": 1500}, False, id="extreme-plt-1500-at"),
    pytest.param({"wbc": 5.0, "platelets": 1500.5}, True, id="extreme-plt-1500-above"),
    pytest.param({"wbc": 5.0, "platelets": 3000}, True, id="extreme-plt-3000-max"),
    pytest.param({"wbc": 1000.0}, True, id="extreme-wbc-1000-max"),
])
def test_confirm_unit_warning(fields, extreme):
    a = assess(fields)
    ids = rec_ids(a)
    assert ("confirm_unit" in ids) is extreme
    if extreme:
        assert ids[0] == "confirm_unit"
        assert a.recommendations[0].urgency == "urgent"


def test_confirm_unit_comes_before_emergencies():
    a = assess({"wbc": 250.0, "temperature_c": 38.5, "anc_expected_below_0_5_within_48h": True})
    ids = rec_ids(a)
    assert a.febrile_neutropenia is True
    assert a.hyperleukocytosis is True
    assert ids[0] == "confirm_unit"
    assert {"fn_antibiotics", "hyperleukocytosis"} <= set(ids)
    assert ids.count("confirm_unit") == 1


@pytest.mark.parametrize(("value", "unit", "lln", "places", "shown"), [
    (0.49996, "×10⁹/L", None, 4, "0.49996"),   # FN_ANC_BELOW 0.5: never "0.5"
    (38.29996, "°C", None, 4, "38.29996"),     # FEVER_SINGLE_FROM 38.3
    (3.33996, "×10⁹/L", None, 3, "3.34"),      # no threshold at 3.34 in the rule set ...
    (3.33996, "×10⁹/L", 3.34, 3, "3.33996"),   # ... but the laboratory's LLN passed in is one
    (3.12345, "×10⁹/L", None, 3, "3.123"),     # far from every threshold: plainly
])
def test_plain_input_keeps_its_side_of_the_rules_and_the_lln(value, unit, lln, places, shown):
    from leukodesk.core.formats.display import plain_input
    from leukodesk.core.rules.thresholds import COUNT

    assert unit in (COUNT, "°C")
    assert plain_input(value, unit, lln, places) == shown
