"""Platelet transfusion bands, "transfuse now", planned procedures and APL (RULES §8, §9).

| ≤ 10 indicated (always) | > 10 and ≤ 20 if fever (§6) or infection |
| > 20 and < LLN only for bleeding | ≥ LLN not indicated |
Expected values are read from RULES.md.
"""

from __future__ import annotations

import pytest

from leukodesk.core import assess

FEVER = 38.5
AFEBRILE = 37.0
IF_FEVER = "indicated_if_fever_or_infection"


def run(**fields):
    return assess({"wbc": 5.0, **fields})


def rec_ids(a) -> list[str]:
    return [r.id for r in a.recommendations]


# --- Category bands ----------------------------------------------------------------------

@pytest.mark.parametrize(("platelets", "category"), [
    pytest.param(0, "indicated", id="band-0"),
    pytest.param(9.9, "indicated", id="band-10-below"),
    pytest.param(10, "indicated", id="band-10-at"),
    pytest.param(10.1, IF_FEVER, id="band-10-above"),
    pytest.param(19.9, IF_FEVER, id="band-20-below"),
    pytest.param(20, IF_FEVER, id="band-20-at"),
    pytest.param(20.1, "only_for_bleeding", id="band-20-above"),
    pytest.param(149.9, "only_for_bleeding", id="band-lln150-below"),
    pytest.param(150, "not_indicated", id="band-lln150-at"),
    pytest.param(150.1, "not_indicated", id="band-lln150-above"),
])
def test_platelet_category(platelets, category):
    assert run(platelets=platelets, temperature_c=AFEBRILE).platelet_transfusion.category \
        == category


@pytest.mark.parametrize(("platelets", "category"), [
    pytest.param(119, "only_for_bleeding", id="band-lln120-below"),
    pytest.param(120, "not_indicated", id="band-lln120-at"),
])
def test_platelet_category_follows_laboratory_lln(platelets, category):
    a = run(platelets=platelets, lln={"platelets": 120})
    assert a.platelet_transfusion.category == category


# --- Transfuse now, with and without fever, infection, bleeding --------------------------

@pytest.mark.parametrize(("fields", "now", "reasons"), [
    pytest.param({"platelets": 10, "temperature_c": AFEBRILE}, True, {"prophylactic"},
                 id="now-10-afebrile"),
    pytest.param({"platelets": 10}, True, {"prophylactic"}, id="now-10-no-temp"),
    pytest.param({"platelets": 10.1, "temperature_c": AFEBRILE}, False, set(),
                 id="now-10.1-afebrile"),
    pytest.param({"platelets": 10.1, "temperature_c": FEVER}, True, {"fever"},
                 id="now-10.1-fever"),
    pytest.param({"platelets": 15, "temperature_c": 38.0, "fever_sustained_1h": True},
                 True, {"fever"}, id="now-15-fever-38.0-sustained"),
    pytest.param({"platelets": 15, "temperature_c": 38.0}, False, set(),
                 id="now-15-38.0-single-not-fever"),
    pytest.param({"platelets": 15, "temperature_c": 38.3}, True, {"fever"},
                 id="now-15-38.3-single-fever"),
    pytest.param({"platelets": 15, "temperature_c": AFEBRILE, "systemic_infection_signs": True},
                 True, {"infection"}, id="now-15-infection"),
    pytest.param({"platelets": 15}, None, set(), id="now-15-no-temp"),
    pytest.param({"platelets": 15, "systemic_infection_signs": True}, True, {"infection"},
                 id="now-15-no-temp-infection"),
    pytest.param({"platelets": 20, "temperature_c": FEVER}, True, {"fever"}, id="now-20-fever"),
    pytest.param({"platelets": 20, "temperature_c": AFEBRILE}, False, set(),
                 id="now-20-afebrile"),
    pytest.param({"platelets": 20.1, "temperature_c": FEVER}, False, set(),
                 id="now-20.1-fever"),
    pytest.param({"platelets": 21, "temperature_c": AFEBRILE, "systemic_infection_signs": True},
                 False, set(), id="now-21-infection"),
    pytest.param({"platelets": 21, "temperature_c": AFEBRILE, "active_bleeding": True},
                 True, {"bleeding"}, id="now-21-bleeding"),
    # (2026.2) bleeding by the NICE NG24 thresholds: the old box is "clinically significant"
    pytest.param({"platelets": 29.9, "active_bleeding": True}, True, {"bleeding"},
                 id="now-29.9-bleeding"),
    pytest.param({"platelets": 30, "active_bleeding": True}, False, set(),
                 id="now-30-bleeding"),
    pytest.param({"platelets": 149, "active_bleeding": True}, False, set(),
                 id="now-149-bleeding"),
    pytest.param({"platelets": 99.9, "bleeding": "severe_or_critical_site"}, True, {"bleeding"},
                 id="now-99.9-severe"),
    pytest.param({"platelets": 100, "bleeding": "severe_or_critical_site"}, False, set(),
                 id="now-100-severe"),
    pytest.param({"platelets": 5, "bleeding": "none", "active_bleeding": True}, True,
                 {"prophylactic"}, id="bleeding-none-wins-over-the-old-box"),
    pytest.param({"platelets": 149}, False, set(), id="now-149-no-temp-no-bleeding"),
    pytest.param({"platelets": 150, "active_bleeding": True}, False, set(),
                 id="now-150-bleeding-not-indicated"),
    pytest.param({"platelets": 150, "temperature_c": FEVER, "systemic_infection_signs": True},
                 False, set(), id="now-150-fever-infection"),
])
def test_transfuse_now(fields, now, reasons):
    p = run(**fields).platelet_transfusion
    assert p.transfuse_now is now
    assert set(p.reasons) == reasons


def test_fever_dependent_band_without_temperature_names_temperature():
    a = run(platelets=15)
    assert any(n.output == "platelet_transfusion.transfuse_now" and n.needs == ["temperature_c"]
               for n in a.not_assessed)


@pytest.mark.parametrize(("platelets", "rec"), [
    pytest.param(10, "plt_transfuse_prophylactic", id="rec-10-prophylactic"),
    pytest.param(15, "plt_if_fever_infection", id="rec-15-if-fever"),
    pytest.param(21, "plt_bleeding_only", id="rec-21-bleeding-only"),
])
def test_band_advice_afebrile(platelets, rec):
    assert rec in rec_ids(run(platelets=platelets, temperature_c=AFEBRILE))


# --- Planned procedure thresholds (strict "<") -------------------------------------------

@pytest.mark.parametrize(("procedure", "platelets", "threshold", "now"), [
    pytest.param("central_line", 19.9, 20, True, id="proc-central-20-below"),
    pytest.param("central_line", 20, 20, False, id="proc-central-20-at"),
    pytest.param("central_line", 20.1, 20, False, id="proc-central-20-above"),
    pytest.param("lumbar_puncture", 49.9, 50, True, id="proc-lp-50-below"),
    pytest.param("lumbar_puncture", 50, 50, False, id="proc-lp-50-at"),
    pytest.param("lumbar_puncture", 50.1, 50, False, id="proc-lp-50-above"),
    pytest.param("major_surgery", 49.9, 50, True, id="proc-surgery-50-below"),
    pytest.param("major_surgery", 50, 50, False, id="proc-surgery-50-at"),
    pytest.param("major_surgery", 50.1, 50, False, id="proc-surgery-50-above"),
    pytest.param("neurosurgery_posterior_eye", 99.9, 100, True, id="proc-neuro-100-below"),
    pytest.param("neurosurgery_posterior_eye", 100, 100, False, id="proc-neuro-100-at"),
    pytest.param("neurosurgery_posterior_eye", 100.1, 100, False, id="proc-neuro-100-above"),
])
def test_procedure_threshold(procedure, platelets, threshold, now):
    a = run(platelets=platelets, temperature_c=AFEBRILE, planned_procedure=procedure)
    p = a.platelet_transfusion
    assert p.procedure_threshold == threshold
    assert p.transfuse_now is now
    assert ("procedure" in p.reasons) is now
    assert ("plt_procedure" in rec_ids(a)) is now
    assert ("plt_procedure_ok" in rec_ids(a)) is not now


def test_procedure_raises_threshold_above_a_low_laboratory_lln():
    # LLN 90: 95 is "not indicated" by band, but below the 100 needed for neurosurgery.
    p = run(platelets=95, lln={"platelets": 90}, temperature_c=AFEBRILE,
            planned_procedure="neurosurgery_posterior_eye").platelet_transfusion
    assert p.category == "not_indicated"
    assert p.transfuse_now is True
    assert p.reasons == ["procedure"]


def test_no_procedure_has_no_procedure_threshold():
    p = run(platelets=40, temperature_c=AFEBRILE).platelet_transfusion
    assert p.procedure_threshold is None
    assert p.transfuse_now is False


# --- APL: higher threshold note and never leukapheresis (RULES §8, §9) -------------------

@pytest.mark.parametrize(("diagnosis", "apl"), [
    pytest.param("apl", True, id="apl"),
    pytest.param("aml", False, id="aml"),
    pytest.param("none", False, id="no-diagnosis"),
])
def test_apl_note_and_no_leukapheresis(diagnosis, apl):
    a = assess({"wbc": 120.0, "platelets": 30, "diagnosis": diagnosis})
    assert a.platelet_transfusion.higher_threshold_note is apl
    assert ("apl_no_leukapheresis" in rec_ids(a)) is apl
    assert ("apl_coagulation" in rec_ids(a)) is apl
    assert a.hyperleukocytosis is True


def test_apl_without_platelets_still_warns_against_leukapheresis():
    a = assess({"wbc": 150.0, "diagnosis": "apl"})
    assert a.platelet_transfusion is None
    assert "apl_no_leukapheresis" in rec_ids(a)


# --- No platelets: no transfusion advice (RULES §2a) -------------------------------------

def test_no_platelets_no_transfusion_advice():
    a = run(temperature_c=FEVER, anc=0.3, active_bleeding=True)
    assert a.platelet_transfusion is None
    assert a.ctcae.platelets is None
    assert any(n.output == "platelet_transfusion" and n.needs == ["platelets"]
               for n in a.not_assessed)
    assert not [r for r in rec_ids(a) if r.startswith("plt_")]
