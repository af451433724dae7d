"""RULES §14: the G-CSF prophylaxis decision before a cycle — both sides of 20 % and 10 %,
each category, the age at 64/65/66, dose-dense regimens, every secondary combination,
chemoradiation over everything, the risk-factor codes and the refusals."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leukodesk.core import content
from leukodesk.core.contract.errors import InputErrors
from leukodesk.core.contract.prophylaxis_inputs import RiskFactor
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.dosing.prophylaxis import decide_prophylaxis
from leukodesk.core.formats.prophylaxis_lines import (
    prophylaxis_lines,
    prophylaxis_section,
    prophylaxis_text,
)
from leukodesk.core.formats.prophylaxis_words import factor_names
from leukodesk.core.formats.worksheet import worksheet_text

CODES = [f.value for f in RiskFactor]
ALL_IDS = ("ASCO-CSF-2015", "EORTC-2010", "EORTC-2006", "NCCN-2017")


def errors_of(doc: object) -> list[dict[str, str]]:
    with pytest.raises(InputErrors) as caught:
        decide_prophylaxis(doc)
    return [e.as_json() for e in caught.value.errors]


# --- the regimen's risk: both sides of 20 % and 10 % ----------------------------------------
@pytest.mark.parametrize(("pct", "factors", "primary", "note"), [
    (100, [], "recommended", None),
    (20.01, [], "recommended", None),
    (20, [], "recommended", None),
    (19.99, [], "not_routinely_recommended", "reassess_every_cycle"),
    (19.99, ["hiv"], "consider", None),
    (10, [], "not_routinely_recommended", "reassess_every_cycle"),
    (10, ["advanced_disease"], "consider", None),
    (9.99, [], "not_routinely_recommended", "individualise_if_overall_risk_ge_20_pct"),
    (9.99, ["advanced_disease", "hiv"], "not_routinely_recommended",
     "individualise_if_overall_risk_ge_20_pct"),
    (0, [], "not_routinely_recommended", "individualise_if_overall_risk_ge_20_pct"),
], ids=lambda v: str(v))
def test_the_regimen_risk_decides_primary_at_its_edges(pct, factors, primary, note) -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": pct, "risk_factors": factors})
    assert r.primary == primary
    assert r.notes == ([note] if note else [])
    assert r.factors == factors
    assert r.secondary is None and r.without_chemoradiation is None


@pytest.mark.parametrize(("pct", "warned"), [(20, True), (20.01, False), (19.99, False),
                                             (20.000001, False)])
def test_exactly_20_percent_notes_that_nccn_counts_it_intermediate(pct, warned) -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": pct})
    assert ("nccn_20_percent_is_intermediate" in r.warnings) is warned
    assert r.primary == ("recommended" if pct >= 20 else "not_routinely_recommended")


@pytest.mark.parametrize(("category", "factors", "primary", "notes"), [
    ("high", [], "recommended", []),
    ("intermediate", [], "not_routinely_recommended", ["reassess_every_cycle"]),
    ("intermediate", ["infection"], "consider", []),
    ("low", [], "not_routinely_recommended", ["individualise_if_overall_risk_ge_20_pct"]),
    ("low", ["infection"], "not_routinely_recommended",
     ["individualise_if_overall_risk_ge_20_pct"]),
])
def test_each_category(category, factors, primary, notes) -> None:
    r = decide_prophylaxis({"regimen_risk_category": category, "risk_factors": factors})
    assert (r.primary, r.notes, r.warnings) == (primary, notes, [])


def test_previous_fn_alone_moves_an_intermediate_regimen_to_consider() -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 15, "previous_fn": True})
    assert r.primary == "consider" and r.factors == ["previous_fn"]
    # ... and says nothing about the prior cycle (secondary), nor the other way round.
    assert r.secondary is None
    other = decide_prophylaxis({"regimen_fn_risk_pct": 15,
                                "prior_cycle_neutropenic_complication": True,
                                "reduced_dose_compromises_outcome": True})
    assert other.primary == "not_routinely_recommended" and other.factors == []
    assert other.secondary == "recommended"


def test_neither_percentage_nor_category_leaves_primary_open() -> None:
    r = decide_prophylaxis({"risk_factors": ["hiv"]})
    assert r.primary is None and r.factors == ["hiv"]
    assert "not decided" in prophylaxis_lines(r).primary
    assert r.why.primary == ["The regimen's FN risk is entered (a percentage or a category): no",
                             "  Regimen FN risk: not entered",
                             "  Regimen FN risk category: not entered"]


@pytest.mark.parametrize("regimen", [{}, {"regimen_fn_risk_pct": 0},
                                     {"regimen_fn_risk_pct": 9.99},
                                     {"regimen_fn_risk_pct": 15}, {"regimen_fn_risk_pct": 20},
                                     {"regimen_fn_risk_pct": 100},
                                     {"regimen_risk_category": "low"},
                                     {"regimen_risk_category": "intermediate"}],
                         ids=repr)
def test_a_dose_dense_regimen_is_recommended_whatever_the_percentage(regimen) -> None:
    r = decide_prophylaxis({**regimen, "dose_dense_survival_benefit": True})
    assert r.primary == "recommended" and r.notes == []
    assert "dense" in prophylaxis_lines(r).basis


# --- age ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("age", "ticked", "counted", "warned"), [
    (64, False, False, False), (64, True, False, False),
    (65, False, True, True), (65, True, True, True),
    (66, False, True, False), (66, True, True, False),
    (64.99, True, False, False), (None, True, True, False), (None, False, False, False),
])
def test_the_age_decides_age_ge_65(age, ticked, counted, warned) -> None:
    doc = {"regimen_fn_risk_pct": 15, "risk_factors": ["age_ge_65"] if ticked else []}
    if age is not None:
        doc["age_years"] = age
    r = decide_prophylaxis(doc)
    assert ("age_ge_65" in r.factors) is counted
    assert r.primary == ("consider" if counted else "not_routinely_recommended")
    assert ("nccn_age_over_65" in r.warnings) is warned
    overridden = ticked and not counted
    assert ("is ticked, but the age entered" in prophylaxis_lines(r).factors) is overridden


# --- secondary: every combination -------------------------------------------------------------
@pytest.mark.parametrize(("complication", "compromise", "secondary"), [
    (True, True, "recommended"), (True, False, "dose_reduction_alternative"),
    (True, None, None), (False, True, "not_applicable"), (False, False, "not_applicable"),
    (False, None, "not_applicable"), (None, True, None), (None, False, None),
    (None, None, None),
])
def test_secondary_from_the_prior_cycle(complication, compromise, secondary) -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 5,
                            "prior_cycle_neutropenic_complication": complication,
                            "reduced_dose_compromises_outcome": compromise})
    assert r.secondary == secondary
    assert r.primary == "not_routinely_recommended"  # the prior cycle never moves primary
    words = prophylaxis_lines(r).secondary
    if secondary is None:
        asked = "complication" if complication is None else "compromise"
        assert "not decided" in words and asked in words


# --- chemoradiation over everything ----------------------------------------------------------
@pytest.mark.parametrize(("doc", "context"), [
    ({"regimen_fn_risk_pct": 30}, ("recommended", None)),
    ({"regimen_fn_risk_pct": 15, "risk_factors": ["hiv"]}, ("consider", None)),
    ({"regimen_risk_category": "low", "prior_cycle_neutropenic_complication": True,
      "reduced_dose_compromises_outcome": True}, ("not_routinely_recommended", "recommended")),
    ({"dose_dense_survival_benefit": True, "prior_cycle_neutropenic_complication": False},
     ("recommended", "not_applicable")),
    ({}, (None, None)),
], ids=["high", "consider", "low+secondary", "dense", "empty"])
def test_mediastinal_chemoradiation_overrides_with_the_regimen_beneath(doc, context) -> None:
    r = decide_prophylaxis({**doc, "mediastinal_chemoradiation": True})
    assert (r.primary, r.secondary) == ("avoid_chemoradiation", "avoid_chemoradiation")
    assert "mediastinal_chemoradiation" in r.warnings
    assert r.without_chemoradiation is not None
    assert (r.without_chemoradiation.primary, r.without_chemoradiation.secondary) == context
    plain = decide_prophylaxis(doc)
    assert (plain.primary, plain.secondary) == context  # the context is the plain result
    assert prophylaxis_lines(r).context.startswith("Without the chemoradiation")


# --- the factors, by code and by name --------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
def test_every_factor_code_is_accepted_counted_and_named(code) -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 12, "risk_factors": [code]})
    assert r.factors == [code] and r.primary == "consider"
    assert factor_names()[code] in prophylaxis_lines(r).factors


def test_the_factors_are_listed_in_the_guideline_order_by_name() -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 12, "previous_fn": True,
                            "risk_factors": ["hiv", "age_ge_65", "infection", "hiv"]})
    assert r.factors == ["age_ge_65", "infection", "hiv", "previous_fn"]
    assert prophylaxis_lines(r).factors == (
        "Risk factors counted (4): Age 65 or over; Infection; HIV infection; "
        "Previous febrile neutropenia.")


# --- refusals ---------------------------------------------------------------------------------
def test_both_percentage_and_category_are_refused_naming_the_category() -> None:
    errs = errors_of({"regimen_fn_risk_pct": 25, "regimen_risk_category": "high"})
    assert [e["field"] for e in errs] == ["regimen_risk_category"]
    assert "not both" in errs[0]["message"]


@pytest.mark.parametrize(("doc", "field", "says"), [
    ({"risk_factors": ["hiv", "smoker"]}, "risk_factors[1]", "'smoker' is not allowed"),
    ({"risk_factors": "hiv"}, "risk_factors", "list"),
    ({"regimen_fn_risk_pct": 100.01}, "regimen_fn_risk_pct", "above the maximum"),
    ({"regimen_fn_risk_pct": -0.01}, "regimen_fn_risk_pct", "below the minimum"),
    ({"regimen_fn_risk_pct": True}, "regimen_fn_risk_pct", "not a number"),
    ({"regimen_fn_risk_pct": "twenty"}, "regimen_fn_risk_pct", "not a number"),
    ({"regimen_risk_category": "very high"}, "regimen_risk_category", "not allowed"),
    ({"previous_fn": 1}, "previous_fn", "yes/no"),
    ({"dose_dense_survival_benefit": "yes"}, "dose_dense_survival_benefit", "yes/no"),
    ({"prior_cycle_neutropenic_complication": 0}, "prior_cycle_neutropenic_complication",
     "yes/no"),
    ({"age_years": 121}, "age_years", "above the maximum"),
    ({"age": 70}, "age", "Unknown input 'age'"),
    ({"risk_factor": ["hiv"]}, "risk_factor", "Did you mean 'risk_factors'"),
], ids=lambda v: str(v)[:40])
def test_bad_input_is_refused_naming_the_field(doc, field, says) -> None:
    errs = errors_of(doc)
    assert [e["field"] for e in errs] == [field]
    assert says in errs[0]["message"]


def test_a_null_box_is_its_default_and_a_null_answer_unknown() -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 15, "previous_fn": None,
                            "dose_dense_survival_benefit": None, "risk_factors": None,
                            "mediastinal_chemoradiation": None,
                            "prior_cycle_neutropenic_complication": None})
    assert (r.primary, r.secondary, r.factors) == ("not_routinely_recommended", None, [])


def test_not_an_object_is_refused() -> None:
    assert errors_of([1])[0]["field"] == ""


# --- sources and words -----------------------------------------------------------------------
def test_every_source_named_is_in_the_register_with_a_full_reference() -> None:
    register = content.sources()
    for doc in ({"regimen_fn_risk_pct": 20, "age_years": 65},
                {"regimen_fn_risk_pct": 15, "previous_fn": True},
                {"regimen_risk_category": "low", "mediastinal_chemoradiation": True,
                 "prior_cycle_neutropenic_complication": True,
                 "reduced_dose_compromises_outcome": False}):
        r = decide_prophylaxis(doc)
        assert r.sources and set(r.sources) <= set(register)
    for key in ALL_IDS:
        assert len(register[key].title) > 40, key


def test_the_why_is_the_trace_that_decided() -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 19.99, "age_years": 64,
                            "risk_factors": ["age_ge_65"]})
    assert r.why.primary[0].startswith("Primary prophylaxis not routinely recommended")
    assert any("19.99 % < 20 %" in line for line in r.why.primary)
    assert any("Age 64 years < 65 years" in line for line in r.why.primary)


def test_a_figure_is_never_written_across_its_threshold() -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 19.99999})
    assert "19.99999 %" in prophylaxis_lines(r).basis
    assert any("19.99999 % < 20 %" in line for line in r.why.primary)


def test_the_worksheet_section_and_text_carry_the_same_words() -> None:
    r = decide_prophylaxis({"regimen_fn_risk_pct": 20, "age_years": 65,
                            "mediastinal_chemoradiation": True})
    w = prophylaxis_lines(r)
    texts = [e.text for e in prophylaxis_section(r).entries]
    text = prophylaxis_text(r)
    for line in (w.primary, w.context, w.basis, w.secondary, w.factors, *w.warnings):
        assert line in texts and line in text


# --- every combination that decides primary and secondary ------------------------------------
REGIMENS = [({}, None), ({"regimen_fn_risk_pct": 5}, "low"),
            ({"regimen_fn_risk_pct": 15}, "intermediate"), ({"regimen_fn_risk_pct": 25}, "high"),
            ({"regimen_risk_category": "low"}, "low"),
            ({"regimen_risk_category": "intermediate"}, "intermediate"),
            ({"regimen_risk_category": "high"}, "high")]
TRI = (True, False, None)


def expected(band, dense, factor, complication, compromise, chemoradiation):
    """RULES §14 written out plainly, independent of the rule table."""
    if dense or band == "high":
        primary = "recommended"
    elif band == "intermediate":
        primary = "consider" if factor else "not_routinely_recommended"
    elif band == "low":
        primary = "not_routinely_recommended"
    else:
        primary = None
    if complication is None:
        secondary = None
    elif not complication:
        secondary = "not_applicable"
    else:
        secondary = {True: "recommended", False: "dose_reduction_alternative",
                     None: None}[compromise]
    if chemoradiation:
        return "avoid_chemoradiation", "avoid_chemoradiation", (primary, secondary)
    return primary, secondary, None


@pytest.mark.parametrize(("regimen", "dense", "factor", "complication", "compromise", "cr"),
                         list(itertools.product(REGIMENS, (False, True), (False, True), TRI,
                                                TRI, (False, True))))
def test_the_whole_table(regimen, dense, factor, complication, compromise, cr) -> None:
    doc, band = regimen
    r = decide_prophylaxis({**doc, "dose_dense_survival_benefit": dense,
                            "previous_fn": factor,
                            "prior_cycle_neutropenic_complication": complication,
                            "reduced_dose_compromises_outcome": compromise,
                            "mediastinal_chemoradiation": cr})
    primary, secondary, context = expected(band, dense, factor, complication, compromise, cr)
    got_context = None if r.without_chemoradiation is None else (
        r.without_chemoradiation.primary, r.without_chemoradiation.secondary)
    assert (r.primary, r.secondary, got_context) == (primary, secondary, context)


@given(pct=st.floats(0, 100, allow_nan=False), low_pct=st.floats(0, 100, allow_nan=False),
       factors=st.lists(st.sampled_from(CODES), unique=True),
       age=st.none() | st.floats(0, 120, allow_nan=False))
def test_a_higher_regimen_risk_never_weakens_primary(pct, low_pct, factors, age) -> None:
    rank = {"not_routinely_recommended": 0, "consider": 1, "recommended": 2}
    low, high = sorted((pct, low_pct))
    base = {"risk_factors": factors, "age_years": age}
    a = decide_prophylaxis({**base, "regimen_fn_risk_pct": low})
    b = decide_prophylaxis({**base, "regimen_fn_risk_pct": high})
    assert rank[a.primary] <= rank[b.primary]
    # ... and every factor counted is one ticked, or the age's own.
    assert set(b.factors) <= set(factors) | {"age_ge_65"}


def test_the_dose_worksheet_takes_the_decision_as_a_section() -> None:
    dose, at = calculate_dose({"weight_kg": 70}), datetime(2026, 3, 14, 9, 30)
    r = decide_prophylaxis({"regimen_fn_risk_pct": 20, "age_years": 65})
    without, with_ = worksheet_text(dose, at=at), worksheet_text(dose, at=at, prophylaxis=r)
    assert "G-CSF prophylaxis" not in without
    flat = " ".join(with_.split())
    assert "Primary G-CSF prophylaxis: recommended" in flat
    assert "NCCN counts it as intermediate" in flat
    assert all(ord(c) < 128 for c in with_)
