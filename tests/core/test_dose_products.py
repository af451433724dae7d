"""RULES §15 (2026.2): today's G-CSF products and brands, the fixed doses and their age
limit, two-presentation sums, no impossible volume, and the action line (RULES §10).

Expected figures are worked out by hand from RULES §10/§15 and EVIDENCE-2026.2 §5.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from leukodesk.core.content import sources
from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.dosing.calc import calculate_dose, nearest_pair

BRAND_PRODUCT = {
    "zarxio": "filgrastim", "nivestym": "filgrastim", "releuko": "filgrastim",
    "nypozi": "filgrastim", "filkri": "filgrastim", "granix": "tbo_filgrastim",
    "neulasta": "pegfilgrastim", "fulphila": "pegfilgrastim", "udenyca": "pegfilgrastim",
    "ziextenzo": "pegfilgrastim", "nyvepria": "pegfilgrastim", "fylnetra": "pegfilgrastim",
    "stimufend": "pegfilgrastim", "rolvedon": "eflapegrastim", "ryzneuta": "efbemalenograstim",
    "lonquex": "lipegfilgrastim",
}
PRODUCTS = ["filgrastim", "tbo_filgrastim", "pegfilgrastim", "eflapegrastim",
            "efbemalenograstim", "lipegfilgrastim"]
FIXED = {"eflapegrastim": (13.2, 0.6, "ROLVEDON"), "efbemalenograstim": (20, 1, "RYZNEUTA"),
         "lipegfilgrastim": (6, 0.6, "LONQUEX")}
ADULT = {"age_years": 40}


def dose(**request: Any) -> dict[str, Any]:
    return calculate_dose({"weight_kg": 70, **request}).model_dump(mode="json")


def errors(**request: Any) -> list[FieldError]:
    with pytest.raises(InputErrors) as exc:
        calculate_dose({"weight_kg": 70, **request})
    return exc.value.errors


def fields(**request: Any) -> list[str]:
    return [e.field for e in errors(**request)]


# --- fixed-dose products: adults only (17 refused, 18 allowed) ------------------------------
@pytest.mark.parametrize("product", list(FIXED))
@pytest.mark.parametrize(("age", "allowed"), [(17, False), (17.9, False), (18, True),
                                              (18.1, True), (90, True), (None, False)])
def test_fixed_dose_products_need_an_adult(product: str, age: float | None,
                                           allowed: bool) -> None:
    request = {"product": product, **({} if age is None else {"age_years": age})}
    if allowed:
        r = dose(**request)
        mg, ml, label = FIXED[product]
        assert (r["fixed_dose"], r["dose_mg"], r["exact_volume_ml"]) == (True, mg, ml)
        assert r["presentation_volume_ml"] == ml and r["sources"][0] == label
        assert r["rounded_weight_kg"] is None and r["weight_band"] is None
    else:
        (err,) = errors(**request)
        assert err.field == "age_years"
        reason = ("does not compute" if product == "lipegfilgrastim"
                  else "labelled for adults")
        assert reason in err.message and "18" in err.message


@pytest.mark.parametrize("weight", [40, 70, 150])
@pytest.mark.parametrize("product", list(FIXED))
def test_fixed_doses_do_not_follow_the_weight(product: str, weight: float) -> None:
    r = dose(product=product, weight_kg=weight, **ADULT)
    assert r["dose_mg"] == FIXED[product][0]
    assert "no partial doses" in r["action"]


@pytest.mark.parametrize("product", PRODUCTS)
def test_fixed_dose_is_true_for_the_three_only(product: str) -> None:
    r = dose(product=product, **ADULT)
    assert r["fixed_dose"] is (product in FIXED)
    assert (r["dose_mg"] is None) is (product in ("filgrastim", "tbo_filgrastim"))


def test_age_does_not_limit_the_other_products() -> None:
    for product in ("filgrastim", "tbo_filgrastim", "pegfilgrastim"):
        assert dose(product=product, age_years=3)["product"] == product
        assert dose(product=product)["product"] == product


# --- every dose names its molecule ----------------------------------------------------------
@pytest.mark.parametrize(("product", "molecule"), [
    ("filgrastim", "filgrastim"), ("tbo_filgrastim", "tbo-filgrastim"),
    ("pegfilgrastim", "pegfilgrastim"), ("eflapegrastim", "eflapegrastim"),
    ("efbemalenograstim", "efbemalenograstim alfa"), ("lipegfilgrastim", "lipegfilgrastim")])
def test_the_action_names_the_molecule(product: str, molecule: str) -> None:
    r = dose(product=product, **ADULT)
    assert r["action"].startswith("Give ") and molecule in r["action"]
    assert r["molecule"].startswith(molecule)


# --- brands ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("brand", "product"), BRAND_PRODUCT.items())
def test_a_brand_alone_selects_its_molecule(brand: str, product: str) -> None:
    r = dose(brand=brand, **ADULT)
    assert (r["brand"], r["product"]) == (brand, product)
    assert dose(brand=brand, product=product, **ADULT)["product"] == product
    assert set(r["sources"]) <= set(sources())


@pytest.mark.parametrize(("brand", "other"), [
    (b, p) for b, own in BRAND_PRODUCT.items() for p in PRODUCTS if p != own])
def test_a_brand_contradicting_the_product_is_refused(brand: str, other: str) -> None:
    assert "brand" in fields(brand=brand, product=other, **ADULT)


@pytest.mark.parametrize(("brand", "pset", "ok"), [
    ("zarxio", "us_syringes", True), ("zarxio", "us_vials", False),
    ("zarxio", "eu_syringes", False), ("nivestym", "us_vials", True),
    ("granix", "us_vials", False), ("neulasta", "eu_syringes", False),
    ("lonquex", "eu_syringes", True), ("lonquex", "us_syringes", False),
    ("ryzneuta", "eu_syringes", True), ("rolvedon", "us_vials", False),
])
def test_a_presentation_set_contradicting_the_brand_is_refused(brand: str, pset: str,
                                                               ok: bool) -> None:
    if ok:
        assert dose(brand=brand, presentation_set=pset, **ADULT)["brand"] == brand
    else:
        assert fields(brand=brand, presentation_set=pset, **ADULT) == ["presentation_set"]


def test_unknown_brand_is_refused_by_name() -> None:
    (err,) = errors(brand="neupogen-xyz")
    assert err.field == "brand" and "zarxio" in err.message


@pytest.mark.parametrize(("brand", "label", "reference"), [
    ("zarxio", "480 mcg/0.8 mL prefilled syringe", "NEUPOGEN-PI"),
    ("filkri", "480 mcg/0.8 mL prefilled syringe", "NEUPOGEN-PI"),
    ("releuko", "300 mcg/0.5 mL prefilled syringe", "NEUPOGEN-PI"),
    ("udenyca", "6 mg/0.6 mL prefilled syringe", "PEGFIL"),
    ("rolvedon", "13.2 mg/0.6 mL prefilled syringe", "ROLVEDON"),
])
def test_a_brand_uses_its_verified_presentations_and_the_reference_label(
        brand: str, label: str, reference: str) -> None:
    r = dose(brand=brand, weight_kg=96, **ADULT)
    assert r["nearest_presentation"] == label and r["presentations_on_file"] is True
    assert reference in r["sources"]


def test_a_biosimilar_names_its_suffix_but_not_an_unverified_one() -> None:
    assert dose(brand="zarxio")["product_name"] == "filgrastim-sndz (Zarxio)"
    assert dose(brand="releuko")["product_name"] == "filgrastim (Releuko)"   # -ayow unverified
    assert dose(brand="fylnetra")["product_name"] == "pegfilgrastim-pbbk (Fylnetra)"


@pytest.mark.parametrize("brand", ["nivestym", "nypozi"])
def test_a_brand_with_no_verified_presentation_gives_the_dose_only(brand: str) -> None:
    r = dose(brand=brand, weight_kg=72)
    assert r["dose_per_administration_mcg"] == 360 and r["presentations_on_file"] is False
    for key in ("nearest_presentation", "nearest_presentation_mcg", "exact_volume_ml",
                "presentation_volume_ml", "vial_volume_ml", "combination", "presentation_set"):
        assert r[key] is None, key
    assert "not on file: add them to the site configuration" in r["action"]
    assert " mL" not in r["action"] and "360 mcg" in r["action"]


# --- two presentations ----------------------------------------------------------------------
@pytest.mark.parametrize(("request_", "pair", "total", "deviation"), [
    ({"weight_kg": 120}, [300, 300], 600, 0),                          # 480 is −20 %
    ({"weight_kg": 75, "indication": "bmt"}, [480, 300], 780, 4),      # 750: 480 is −36 %
    ({"weight_kg": 180}, [480, 480], 960, Decimal(960 - 900) / 900 * 100),
])
def test_a_sum_of_two_presentations_when_no_single_one_is_within(
        request_: dict[str, Any], pair: list[int], total: int, deviation: Decimal) -> None:
    r = dose(**request_)
    assert r["within_tolerance"] is False
    c = r["combination"]
    assert c["presentations_mcg"] == pair and c["total_mcg"] == total
    assert c["deviation_pct"] == pytest.approx(float(deviation)) and c["within_tolerance"]
    assert "two_presentations" in [w["code"] for w in r["warnings"]]
    assert "rounding_exceeds_tolerance" not in [w["code"] for w in r["warnings"]]
    assert r["action"].startswith(f"Give {total} mcg filgrastim: ")


def test_72_kg_has_no_single_presentation_nor_a_sum_within_tolerance() -> None:
    # 360 mcg: 300 is −16.7 %, 480 +33.3 %; sums 600, 780, 960 are all far above.
    r = dose(weight_kg=72)
    assert r["combination"] is None and r["within_tolerance"] is False
    assert r["action"] == "Give 360 mcg filgrastim: 1.2 mL of 300 mcg/mL (two 300 mcg/1 mL vials)"


def test_no_combination_when_a_single_presentation_is_within() -> None:
    r = dose(weight_kg=96)                      # 480 mcg exactly
    assert r["combination"] is None
    assert r["action"] == "Give 480 mcg filgrastim: one 480 mcg/0.8 mL prefilled syringe"


def test_a_tie_between_two_sums_goes_to_the_larger() -> None:
    # 690 mcg at ±15 %: 600 is −13.04 %, 780 is +13.04 %; single 480 is −30.4 %.
    r = dose(weight_kg=138, tolerance_pct=15)
    assert r["combination"]["total_mcg"] == 780
    assert r["combination"]["presentations_mcg"] == [480, 300]


def test_a_sum_just_outside_the_tolerance_is_not_offered() -> None:
    # 545.45… mcg: 600 is +10.0001 % (outside), 480 is −12 %.
    r = dose(weight_kg=109.09)
    assert r["combination"] is None and r["within_tolerance"] is False
    # 600 / 1.1 = 545.4545…: at 545.5 mcg the sum 600 is +9.99 % (within).
    assert dose(weight_kg=109.1)["combination"]["total_mcg"] == 600


def test_equal_sums_go_to_the_pair_with_the_larger_presentation() -> None:
    p = nearest_pair(Decimal(600), [Decimal(120), Decimal(300), Decimal(480)], Decimal(10))
    assert p.presentations_mcg == (Decimal(480), Decimal(120)) and p.total_mcg == 600


# --- never a volume the presentation does not hold ------------------------------------------
DRAWN = re.compile(r"(?P<ml>[\d.]+) mL of [\d.]+ mcg/mL \((?P<count>one|two|three|four|"
                   r"five|six) [\d.]+ mcg/(?P<unit_ml>[\d.]+) mL[^)]*(vial|syringe)s?\)")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@pytest.mark.parametrize("pset", ["us_vials", "us_syringes", "eu_syringes"])
@pytest.mark.parametrize("indication", ["chemotherapy", "bmt", "scn_congenital"])
def test_no_volume_exceeds_the_named_presentation(pset: str, indication: str) -> None:
    for tenth in range(5, 3500, 7):
        r = dose(weight_kg=tenth / 10, presentation_set=pset, indication=indication)
        if r["exact_volume_ml"] is not None:
            assert r["exact_volume_ml"] <= r["presentation_volume_ml"]
        else:   # the volume does not fit one: the workings say so
            assert any("more than one" in step for step in r["workings"]), r["workings"]
        action = r["action"]
        drawn = DRAWN.search(action)
        if drawn:               # a drawn volume names how many units it takes: enough of them
            ml, count, unit_ml = float(drawn["ml"]), NUMBERS[drawn["count"]], \
                float(drawn["unit_ml"])
            # (the count is of the exact volume: 5.0017 mL, shown "5 mL", takes six 1 mL vials)
            assert ml <= count * unit_ml + 1e-9 and ml >= (count - 1) * unit_ml, action


def test_the_volume_beyond_one_syringe_reads_more_than_one_syringe() -> None:
    r = dose(weight_kg=63.6)                   # 318 mcg: 0.53 mL of a 0.5 mL syringe
    assert r["exact_volume_ml"] is None
    assert ("The exact 318 mcg is more than one 300 mcg/0.5 mL prefilled syringe holds: use "
            "one 300 mcg/0.5 mL prefilled syringe") in " ".join(r["workings"])
    assert "0.53" not in " ".join([r["action"], r["statement"], *r["workings"]])


# --- the new products stay in their lane ----------------------------------------------------
@pytest.mark.parametrize("product", list(FIXED))
def test_new_products_are_ordered_in_mg_for_chemotherapy_only(product: str) -> None:
    assert fields(product=product, ordered_dose_mcg=6000, **ADULT) == ["ordered_dose_mcg"]
    assert fields(product=product, indication="bmt", **ADULT) == ["indication"]
    # 6 mg ordered: below the label for 13.2 and 20 mg; lipegfilgrastim's own dose.
    found = {w["code"] for w in dose(product=product, ordered_dose_mg=6, **ADULT)["warnings"]}
    assert ("ordered_below_label" in found) is (FIXED[product][0] != 6)
