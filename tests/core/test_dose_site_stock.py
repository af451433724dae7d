"""A site's stock in the dose (RULES §16 with §10 and §15): the molecules and presentation
sets a site configuration stocks, its own presentations (named with its source), and no
presentation or volume while a refused file is unconfirmed."""

from __future__ import annotations

import pytest

from leukodesk.core.config.apply import stocked
from leukodesk.core.config.read import parse_config
from leukodesk.core.contract.errors import InputErrors
from leukodesk.core.dosing.calc import calculate_dose

OWN = b'''
[site]
name = "Test Hospital"
[dosing]
products = ["filgrastim", "pegfilgrastim"]
[dosing.presentation_sets]
us_vials = "built-in"
[[dosing.presentation_sets.pharmacy]]
product = "filgrastim"
mcg = 480
ml = 0.5
kind = "syringe"
source = "Formulary 2026, item 12"
[[dosing.presentation_sets.pharmacy]]
product = "filgrastim"
mcg = 300
ml = 0.5
kind = "syringe"
source = "Formulary 2026, item 11"
'''
VIALS_ONLY = b'''
[site]
name = "Vials Hospital"
[dosing.presentation_sets]
us_vials = "built-in"
'''


def stock(text: bytes):
    return stocked(parse_config(text).config)


def refused(doc: dict, text: bytes) -> dict[str, str]:
    with pytest.raises(InputErrors) as caught:
        calculate_dose(doc, stocked=stock(text))
    return {e.field: e.message for e in caught.value.errors}


def test_a_molecule_the_site_does_not_stock_is_refused_naming_product() -> None:
    errors = refused({"weight_kg": 70, "product": "tbo_filgrastim"}, OWN)
    assert list(errors) == ["product"] and "not stocked at this site" in errors["product"]
    # a brand is read as its molecule
    assert list(refused({"weight_kg": 70, "brand": "granix"}, OWN)) == ["product"]
    assert calculate_dose({"weight_kg": 70, "brand": "zarxio"}, stocked=stock(OWN))


def test_a_named_set_the_site_does_not_stock_is_refused_naming_presentation_set() -> None:
    errors = refused({"weight_kg": 70, "presentation_set": "eu_syringes"}, OWN)
    assert list(errors) == ["presentation_set"] and "us_vials" in errors["presentation_set"]
    d = calculate_dose({"weight_kg": 100, "presentation_set": "us_vials"}, stocked=stock(OWN))
    assert d.nearest_presentation == "480 mcg/1.6 mL vial"


def test_the_sites_own_presentations_serve_a_request_naming_no_set() -> None:
    d = calculate_dose({"weight_kg": 100}, stocked=stock(OWN))   # 500 mcg
    assert d.nearest_presentation_mcg == 480 and d.within_tolerance
    assert d.nearest_presentation == ("480 mcg/0.5 mL prefilled syringe (this site's stock: "
                                      "Formulary 2026, item 12)")
    assert "0.5 mL" in d.action or "one 480 mcg/0.5 mL" in d.action
    # the same dose without a site: the US syringe holds 0.8 mL
    assert calculate_dose({"weight_kg": 100}).nearest_presentation == (
        "480 mcg/0.8 mL prefilled syringe")


def test_a_brand_with_no_verified_presentation_uses_the_sites_own() -> None:
    alone = calculate_dose({"weight_kg": 60, "brand": "nivestym"})
    assert not alone.presentations_on_file and alone.nearest_presentation is None
    d = calculate_dose({"weight_kg": 60, "brand": "nivestym"}, stocked=stock(OWN))
    assert d.presentations_on_file and d.nearest_presentation_mcg == 300
    assert "this site's stock" in d.nearest_presentation


def test_the_default_set_falls_to_the_first_the_site_stocks() -> None:
    d = calculate_dose({"weight_kg": 60}, stocked=stock(VIALS_ONLY))
    assert d.nearest_presentation == "300 mcg/1 mL vial"
    assert list(refused({"weight_kg": 60, "presentation_set": "us_syringes"}, VIALS_ONLY)) \
        == ["presentation_set"]


@pytest.mark.parametrize("doc", [{"weight_kg": 72}, {"weight_kg": 100},
                                 {"weight_kg": 150, "presentation_set": "us_vials"},
                                 {"weight_kg": 70, "brand": "zarxio"},
                                 {"weight_kg": 70, "product": "pegfilgrastim"},
                                 {"weight_kg": 70, "product": "eflapegrastim",
                                  "age_years": 40}], ids=str)
def test_withheld_gives_the_dose_alone_with_no_presentation_or_volume(doc: dict) -> None:
    reason = "presentations and volumes withheld (test)"
    d = calculate_dose(doc, withheld=reason)
    assert reason in d.action and not d.presentations_on_file
    assert d.exact_volume_ml is None and d.nearest_presentation is None
    assert d.combination is None and d.vial_volume_ml is None
    assert not any(w in d.action for w in (" mL", "vial", "syringe"))
    plain = calculate_dose(doc)
    assert plain.daily_dose_mcg == d.daily_dose_mcg and plain.dose_mg == d.dose_mg


def test_the_command_line_doses_from_the_sites_stock(tmp_path) -> None:
    import io
    import json

    from leukodesk.cli import run

    path = tmp_path / "site.toml"
    path.write_bytes(OWN)

    def dose(doc: dict) -> tuple[int, dict]:
        out = io.StringIO()
        code = run(["dose", "--config", str(path), "-"], out, io.StringIO(),
                   io.StringIO(json.dumps(doc)))
        return code, json.loads(out.getvalue())

    code, d = dose({"weight_kg": 100})
    assert code == 0 and "this site's stock" in d["nearest_presentation"]
    assert d["site"]["name"] == "Test Hospital"
    code, d = dose({"weight_kg": 100, "product": "tbo_filgrastim"})
    assert code == 2 and [e["field"] for e in d["errors"]] == ["product"]


def test_the_result_names_the_set_it_used_with_its_units() -> None:
    eu_only = b'[site]\nname = "EU"\n[dosing.presentation_sets]\neu_syringes = "built-in"\n'
    d = calculate_dose({"weight_kg": 60}, stocked=stock(eu_only))   # 300 mcg = 30 MU
    assert d.presentation_set.value == "eu_syringes"
    assert d.dose_per_administration_mu == 30 and d.nearest_presentation.endswith(
        "(30 MU) prefilled syringe")
    own = calculate_dose({"weight_kg": 100}, stocked=stock(OWN))
    assert own.presentation_set is None    # the site's own presentations, no built-in set
    from leukodesk.core.dosing.summary import presentations_words

    assert presentations_words(own) == "this site's own stock"


def test_withheld_says_why_in_every_wording() -> None:
    from leukodesk.core.dosing.summary import dose_text

    reason = "presentations and volumes withheld (test)"
    for doc in ({"weight_kg": 72}, {"weight_kg": 70, "product": "pegfilgrastim"}):
        d = calculate_dose(doc, withheld=reason)
        assert d.presentations_missing == reason
        text = dose_text(d)
        assert "withheld (test)" in text and "not on file" not in text


def test_the_assessments_standard_dose_rounds_with_the_sites_tolerance() -> None:
    from leukodesk.core import assess

    site = parse_config(b'[site]\nname = "T"\n[dosing]\ntolerance_pct = 2\n').config
    assert assess({"wbc": 3, "weight_kg": 70}, site=site).filgrastim.tolerance_pct == 2
    assert assess({"wbc": 3, "weight_kg": 70}).filgrastim.tolerance_pct == 10


def test_a_site_presentation_of_an_mg_product_is_refused_not_ignored() -> None:
    """The mg products' single syringes are fixed (RULES §15): a site's own one would be
    ignored, so the file is refused, naming the key."""
    from leukodesk.core.config.read import ConfigErrors

    text = OWN.replace(b'product = "filgrastim"\nmcg = 480',
                       b'product = "pegfilgrastim"\nmcg = 480')
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    assert "product" in str(caught.value) and "dosed daily" in str(caught.value)
