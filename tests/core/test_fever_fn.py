"""Fever, febrile neutropenia (IDSA/ASCO and CTCAE), the 48-hour question, the reassess
warning, immediate antibiotics and the three-valued logic of missing inputs
(RULES §2a, §3, §4, §6). Expected values are read from RULES.md.
"""

from __future__ import annotations

import pytest

from leukodesk.core import assess

FEVER = 38.5        # a single temperature that is fever by every definition
AFEBRILE = 37.0


def run(**fields):
    return assess({"wbc": 5.0, **fields})


def rec_ids(a) -> list[str]:
    return [r.id for r in a.recommendations]


def needs_of(a, output: str) -> list[str] | None:
    return next((n.needs for n in a.not_assessed if n.output == output), None)


# --- IDSA fever: single ≥ 38.3, or ≥ 38.0 sustained over 1 h (RULES §6) ------------------

@pytest.mark.parametrize(("temp", "sustained", "fever"), [
    pytest.param(37.9, True, False, id="fever-38.0-below-sustained"),
    pytest.param(38.0, True, True, id="fever-38.0-at-sustained"),
    pytest.param(38.1, True, True, id="fever-38.0-above-sustained"),
    pytest.param(38.0, False, False, id="fever-38.0-at-single"),
    pytest.param(38.2, False, False, id="fever-38.3-below-single"),
    pytest.param(38.29, False, False, id="fever-38.3-just-below-single"),
    pytest.param(38.3, False, True, id="fever-38.3-at-single"),
    pytest.param(38.31, False, True, id="fever-38.3-above-single"),
    pytest.param(38.3, True, True, id="fever-38.3-at-sustained"),
])
def test_idsa_fever(temp, sustained, fever):
    a = run(anc=0.3, temperature_c=temp, fever_sustained_1h=sustained)
    assert a.fever is fever
    # with ANC < 0.5, FN is exactly the fever answer
    assert a.febrile_neutropenia is fever


# --- CTCAE FN: ANC < 1.0 and (single > 38.3 strict, or ≥ 38.0 sustained) (RULES §4) -----

@pytest.mark.parametrize(("anc", "temp", "sustained", "ctcae_fn"), [
    pytest.param(0.3, 38.29, False, False, id="ctcae-fn-38.3-below-single"),
    pytest.param(0.3, 38.3, False, False, id="ctcae-fn-38.3-at-single-strict"),
    pytest.param(0.3, 38.31, False, True, id="ctcae-fn-38.3-above-single"),
    pytest.param(0.3, 37.99, True, False, id="ctcae-fn-38.0-below-sustained"),
    pytest.param(0.3, 38.0, True, True, id="ctcae-fn-38.0-at-sustained"),
    pytest.param(0.3, 38.0, False, False, id="ctcae-fn-38.0-at-single"),
    pytest.param(0.99, 38.5, False, True, id="ctcae-fn-anc-1.0-below"),
    pytest.param(1.0, 38.5, False, False, id="ctcae-fn-anc-1.0-at"),
    pytest.param(1.01, 38.5, False, False, id="ctcae-fn-anc-1.0-above"),
    pytest.param(0.99, 38.0, True, True, id="ctcae-fn-anc-0.99-sustained-38.0"),
])
def test_ctcae_febrile_neutropenia(anc, temp, sustained, ctcae_fn):
    a = run(anc=anc, temperature_c=temp, fever_sustained_1h=sustained)
    assert a.ctcae_febrile_neutropenia is ctcae_fn


def test_idsa_and_ctcae_differ_at_single_38_3():
    a = run(anc=0.3, temperature_c=38.3)
    assert (a.febrile_neutropenia, a.ctcae_febrile_neutropenia) == (True, False)


# --- FN with the 48-hour question (RULES §6) ---------------------------------------------

@pytest.mark.parametrize(("anc", "expected_fall", "fn"), [
    pytest.param(0.49, True, True, id="fn-0.49-yes"),
    pytest.param(0.49, False, True, id="fn-0.49-no"),
    pytest.param(0.49, None, True, id="fn-0.49-unknown"),
    pytest.param(0.5, True, True, id="fn-0.5-yes"),
    pytest.param(0.5, False, False, id="fn-0.5-no"),
    pytest.param(0.5, None, None, id="fn-0.5-unknown"),
    pytest.param(0.99, True, True, id="fn-0.99-yes"),
    pytest.param(0.99, False, False, id="fn-0.99-no"),
    pytest.param(0.99, None, None, id="fn-0.99-unknown"),
    pytest.param(1.0, True, True, id="fn-1.0-yes"),
    pytest.param(1.0, False, False, id="fn-1.0-no"),
    pytest.param(1.0, None, False, id="fn-1.0-unknown"),
])
def test_fn_with_48h_question(anc, expected_fall, fn):
    a = run(anc=anc, temperature_c=FEVER, anc_expected_below_0_5_within_48h=expected_fall)
    assert a.fever is True
    assert a.febrile_neutropenia is fn
    # (2026.2) NICE's neutropenic sepsis (ANC ≤ 0.5 with fever) makes antibiotics due at 0.5
    assert a.immediate_antibiotics is (True if anc <= 0.5 else fn)


# (2026.2) The 48-h answer unknown, off chemotherapy and on it (RULES §6 table): the
# question matters below 1.0, and on myelosuppressive chemotherapy below 2.0 (fixed).
@pytest.mark.parametrize(("anc", "chemo", "fn"), [
    pytest.param(0.99, False, None, id="off-0.99"),
    pytest.param(1.0, False, False, id="off-1.0"),
    pytest.param(1.99, False, False, id="off-1.99"),
    pytest.param(0.99, True, None, id="chemo-0.99"),
    pytest.param(1.0, True, None, id="chemo-1.0"),
    pytest.param(1.99, True, None, id="chemo-1.99"),
    pytest.param(2.0, True, False, id="chemo-2.0"),
    pytest.param(2.01, True, False, id="chemo-2.01"),
])
def test_unknown_48h_answer_by_anc_and_chemotherapy(anc, chemo, fn):
    a = run(anc=anc, temperature_c=FEVER, myelosuppressive_chemo=chemo)
    assert a.febrile_neutropenia is fn
    assert ("fn_answer_48h" in rec_ids(a)) is (fn is None)
    if fn is None:
        assert "anc_expected_below_0_5_within_48h" in needs_of(a, "febrile_neutropenia")
    # the Duffy-null LLN and a laboratory's own LLN never move the 2.0
    b = run(anc=anc, temperature_c=FEVER, myelosuppressive_chemo=chemo, duffy_null=True,
            lln={"anc": 1.0})
    assert b.febrile_neutropenia is fn


def test_no_temperature_settles_fn_false_only_by_the_anc():
    assert run(anc=2.0).febrile_neutropenia is False
    assert run(anc=1.2).febrile_neutropenia is False
    assert run(anc=1.2, myelosuppressive_chemo=True).febrile_neutropenia is None
    assert run(anc=1.2, anc_expected_below_0_5_within_48h=True).febrile_neutropenia is None
    assert run(anc=0.7).febrile_neutropenia is None


@pytest.mark.parametrize("expected_fall", [
    pytest.param(True, id="nofever-yes"),
    pytest.param(False, id="nofever-no"),
    pytest.param(None, id="nofever-unknown"),
])
@pytest.mark.parametrize("anc", [
    pytest.param(0.05, id="anc-0.05"),
    pytest.param(0.7, id="anc-0.7"),
])
def test_no_fever_is_never_fn(anc, expected_fall):
    a = run(anc=anc, temperature_c=AFEBRILE, anc_expected_below_0_5_within_48h=expected_fall)
    assert a.fever is False
    assert a.febrile_neutropenia is False
    assert a.ctcae_febrile_neutropenia is False


def test_unknown_48h_in_band_names_the_question_as_missing_input():
    a = run(anc=0.7, temperature_c=FEVER)
    assert a.febrile_neutropenia is None
    assert "anc_expected_below_0_5_within_48h" in needs_of(a, "febrile_neutropenia")


# --- The reassess warning and the urgent prompt (RULES §2a, §6) --------------------------

@pytest.mark.parametrize(("anc", "expected_fall", "prompt", "reassess"), [
    pytest.param(0.49, None, False, False, id="warn-0.49-unknown"),
    pytest.param(0.49, False, False, False, id="warn-0.49-no"),
    pytest.param(0.5, None, True, False, id="warn-0.5-unknown"),
    pytest.param(0.5, False, False, True, id="warn-0.5-no"),
    pytest.param(0.5, True, False, False, id="warn-0.5-yes"),
    pytest.param(0.99, None, True, False, id="warn-0.99-unknown"),
    pytest.param(0.99, False, False, True, id="warn-0.99-no"),
    pytest.param(0.99, True, False, False, id="warn-0.99-yes"),
    pytest.param(1.0, None, False, False, id="warn-1.0-unknown"),
    pytest.param(1.0, False, False, False, id="warn-1.0-no"),
])
def test_reassess_warning_with_fever(anc, expected_fall, prompt, reassess):
    ids = rec_ids(run(anc=anc, temperature_c=FEVER,
                      anc_expected_below_0_5_within_48h=expected_fall))
    assert ("fn_answer_48h" in ids) is prompt
    assert ("fn_borderline_reassess" in ids) is reassess


def test_prompt_to_answer_48h_is_urgent():
    a = run(anc=0.7, temperature_c=FEVER)
    prompt = next(r for r in a.recommendations if r.id == "fn_answer_48h")
    assert prompt.urgency == "urgent"


@pytest.mark.parametrize("expected_fall", [
    pytest.param(None, id="afebrile-unknown"),
    pytest.param(False, id="afebrile-no"),
])
def test_no_reassess_warning_without_fever(expected_fall):
    ids = rec_ids(run(anc=0.7, temperature_c=AFEBRILE,
                      anc_expected_below_0_5_within_48h=expected_fall))
    assert "fn_answer_48h" not in ids
    assert "fn_borderline_reassess" not in ids


# --- Immediate antibiotics (RULES §6, 2026.2): FN; NICE neutropenic sepsis (ANC ≤ 0.5 with
# a temperature above 38.0 °C, fever or signs of infection); suspected sepsis on chemotherapy
# with no ANC; left open by the re-measure and hypothermia prompts --------------------------

@pytest.mark.parametrize(("fields", "expected"), [
    pytest.param({"anc": 0.3, "temperature_c": FEVER}, True, id="abx-fn"),
    pytest.param({"anc": 0.49, "temperature_c": AFEBRILE, "systemic_infection_signs": True},
                 True, id="abx-afebrile-0.5-below-infection"),
    pytest.param({"anc": 0.5, "temperature_c": AFEBRILE, "systemic_infection_signs": True},
                 True, id="abx-afebrile-0.5-at-infection"),
    pytest.param({"anc": 0.5001, "temperature_c": AFEBRILE, "systemic_infection_signs": True},
                 False, id="abx-afebrile-0.5-above-infection"),
    pytest.param({"anc": 0.05, "temperature_c": 38.2}, True, id="abx-nice-38.2"),
    pytest.param({"anc": 0.5, "temperature_c": 38.0001}, True, id="abx-nice-38.0-above"),
    pytest.param({"anc": 0.5, "temperature_c": 38.0}, None, id="abx-remeasure-38.0"),
    pytest.param({"anc": 0.7, "temperature_c": 38.0}, None, id="abx-remeasure-0.7"),
    pytest.param({"anc": 0.99, "temperature_c": 38.29}, None, id="abx-remeasure-0.99"),
    pytest.param({"anc": 1.0, "temperature_c": 38.29}, False, id="abx-no-remeasure-1.0"),
    pytest.param({"anc": 0.7, "temperature_c": 37.99}, False, id="abx-37.99"),
    pytest.param({"anc": 0.7, "temperature_c": 38.2, "fever_sustained_1h": True}, None,
                 id="abx-sustained-fever-0.7-unknown"),
    pytest.param({"anc": 0.2, "temperature_c": 35.9}, None, id="abx-hypothermia"),
    pytest.param({"anc": 0.2, "temperature_c": 36.0}, False, id="abx-36.0"),
    pytest.param({"anc": 0.5, "temperature_c": 35.5}, False, id="abx-hypothermia-anc-0.5"),
    pytest.param({"anc": 0.2, "temperature_c": 35.5, "systemic_infection_signs": True}, True,
                 id="abx-hypothermia-infection"),
    pytest.param({"anc": 0.49, "temperature_c": AFEBRILE}, False,
                 id="abx-afebrile-0.49-no-infection"),
    pytest.param({"anc": 0.49, "systemic_infection_signs": True}, True,
                 id="abx-no-temp-0.49-infection"),
    pytest.param({"anc": 0.3}, None, id="abx-no-temp-0.3-no-infection"),
    pytest.param({"anc": 0.7, "temperature_c": FEVER,
                  "anc_expected_below_0_5_within_48h": False,
                  "systemic_infection_signs": True}, False, id="abx-0.7-fever-no-infection"),
    pytest.param({"anc": 0.7, "temperature_c": FEVER}, None, id="abx-0.7-fever-unknown"),
    pytest.param({"anc": 1.0, "temperature_c": FEVER}, False, id="abx-1.0-fever-unknown"),
])
def test_immediate_antibiotics(fields, expected):
    assert run(**fields).immediate_antibiotics is expected


def test_neutropenic_sepsis_without_fever_gives_its_recommendation():
    a = run(anc=0.49, temperature_c=AFEBRILE, systemic_infection_signs=True)
    assert a.febrile_neutropenia is False
    assert "neutropenic_sepsis_antibiotics" in rec_ids(a)


@pytest.mark.parametrize(("wbc", "fields", "expected"), [
    # rule 3: suspected sepsis on chemotherapy with no ANC (a WBC above 0.5 settles nothing)
    pytest.param(3.0, {"temperature_c": 38.1, "myelosuppressive_chemo": True}, True,
                 id="suspected-38.1-chemo"),
    pytest.param(3.0, {"temperature_c": 38.0, "myelosuppressive_chemo": True}, None,
                 id="suspected-38.0-remeasure"),
    pytest.param(3.0, {"temperature_c": 38.1}, None, id="no-anc-off-chemo"),
    pytest.param(3.0, {"temperature_c": 38.0}, False, id="no-anc-off-chemo-38.0-no-prompt"),
    pytest.param(3.0, {"systemic_infection_signs": True, "myelosuppressive_chemo": True}, True,
                 id="suspected-infection-chemo"),
    pytest.param(0.5, {"temperature_c": 38.1}, True, id="wbc-0.5-bounds-nice"),
    pytest.param(0.51, {"temperature_c": 38.1}, None, id="wbc-0.51-open"),
])
def test_antibiotics_with_the_anc_not_measured(wbc, fields, expected):
    a = assess({"wbc": wbc, **fields})
    assert a.immediate_antibiotics is expected
    assert a.anc is None and a.anc_upper_bound == wbc


def test_the_prompts_ask_for_what_settles_them():
    a = run(anc=0.7, temperature_c=38.1)
    assert "remeasure_temperature" in rec_ids(a)
    assert needs_of(a, "immediate_antibiotics") == ["fever_sustained_1h"]
    a = run(anc=0.2, temperature_c=35.4)
    assert "hypothermia_check" in rec_ids(a)
    assert needs_of(a, "immediate_antibiotics") == ["systemic_infection_signs"]


# --- Duffy-null never changes the fever/antibiotic logic (RULES §3) ----------------------

@pytest.mark.parametrize(("fields", "fn", "abx"), [
    pytest.param({"anc": 0.4, "temperature_c": FEVER}, True, True, id="duffy-fn-0.4"),
    pytest.param({"anc": 0.7, "temperature_c": FEVER}, None, None, id="duffy-fn-0.7-unknown"),
    pytest.param({"anc": 1.3, "temperature_c": FEVER}, False, False, id="duffy-fn-1.3"),
    pytest.param({"anc": 0.45, "temperature_c": AFEBRILE, "systemic_infection_signs": True},
                 False, True, id="duffy-afebrile-sepsis"),
    pytest.param({"anc": 1.3, "temperature_c": FEVER, "myelosuppressive_chemo": True},
                 None, None, id="duffy-fn-1.3-chemo"),
])
def test_duffy_null_keeps_fn_and_antibiotics(fields, fn, abx):
    for duffy in (False, True):
        a = run(duffy_null=duffy, **fields)
        assert (a.febrile_neutropenia, a.immediate_antibiotics) == (fn, abx)
        assert a.ctcae_febrile_neutropenia == (fields["anc"] < 1.0
                                               and fields["temperature_c"] > 38.3)


# --- Missing inputs: three-valued logic (RULES §2a, §6) ----------------------------------

@pytest.mark.parametrize(("fields", "fever", "fn", "ctcae_fn"), [
    pytest.param({}, None, None, None, id="na-wbc-only"),
    pytest.param({"fever_sustained_1h": True}, None, None, None, id="na-sustained-no-temp"),
    pytest.param({"anc": 0.3}, None, None, None, id="na-no-temp-anc-0.3"),
    pytest.param({"anc": 0.7}, None, None, None, id="na-no-temp-anc-0.7"),
    pytest.param({"anc": 0.7, "anc_expected_below_0_5_within_48h": False}, None, False, None,
                 id="na-no-temp-anc-0.7-no-settles-fn"),
    pytest.param({"anc": 1.2, "anc_expected_below_0_5_within_48h": True}, None, None, False,
                 id="na-no-temp-anc-1.2-yes"),
    pytest.param({"temperature_c": AFEBRILE}, False, False, False, id="na-no-anc-afebrile"),
    pytest.param({"temperature_c": FEVER}, True, None, None, id="na-no-anc-fever-unknown"),
    pytest.param({"temperature_c": FEVER, "anc_expected_below_0_5_within_48h": False},
                 True, None, None, id="na-no-anc-fever-no"),
    pytest.param({"temperature_c": FEVER, "anc_expected_below_0_5_within_48h": True},
                 True, True, None, id="na-no-anc-fever-yes"),
])
def test_three_valued_fever_and_fn(fields, fever, fn, ctcae_fn):
    a = run(**fields)
    assert a.fever is fever
    assert a.febrile_neutropenia is fn
    assert a.ctcae_febrile_neutropenia is ctcae_fn


# RULES §6 says "No temperature → FN null", but §2a makes an output null only "unless the
# known inputs already settle it", and §6 itself rules ANC ≥ 1.0 with the 48-h answer
# unknown "not FN" with fever (and no fever is never FN). So ANC ≥ 1.0 settles FN as
# false whatever the temperature; the test follows §2a (see the report for the tension).
@pytest.mark.parametrize(("anc", "expected_fall"), [
    pytest.param(1.0, None, id="settled-no-temp-anc-1.0-unknown"),
    pytest.param(1.0, False, id="settled-no-temp-anc-1.0-no"),
    pytest.param(5.0, None, id="settled-no-temp-anc-5.0-unknown"),
])
def test_no_temperature_but_anc_settles_fn_false(anc, expected_fall):
    a = run(anc=anc, anc_expected_below_0_5_within_48h=expected_fall)
    assert a.fever is None
    assert a.febrile_neutropenia is False
    assert a.ctcae_febrile_neutropenia is False
    assert a.immediate_antibiotics is False


def test_no_temperature_names_temperature_as_the_missing_input():
    a = run(anc=0.3)
    assert needs_of(a, "fever") == ["temperature_c"]
    assert needs_of(a, "febrile_neutropenia") == ["temperature_c"]
    assert "enter a temperature" in next(n.message for n in a.not_assessed
                                         if n.output == "febrile_neutropenia")


def test_wbc_only_assesses_wbc_and_nothing_anc_based():
    a = assess({"wbc": 2.5})
    assert a.ctcae.wbc == 2
    assert a.anc is None
    assert a.anc_class is None
    assert a.needs_active_management is None
    assert a.ctcae.neutrophils is None
    assert a.immediate_antibiotics is None
    assert needs_of(a, "anc") == ["anc"]
