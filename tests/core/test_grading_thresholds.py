"""CTCAE v5.0 grades, ANC classes, leukopenia, hyperleukocytosis and the severity gauge,
each threshold just below, at and just above (RULES §3, §4, §5, §9).

Expected values are read from RULES.md, not from the code: a CTCAE band "<A – B" means
B ≤ value < A; grade 1 only below the LLN and above the grade-2 band.
"""

from __future__ import annotations

import pytest

from leukodesk.core import assess


def run(**fields):
    return assess({"wbc": 5.0, **fields})


def rec_ids(a) -> list[str]:
    return [r.id for r in a.recommendations]


# --- ANC class (RULES §5) and the seed's active-management tier (ANC < 1.0) -------------

@pytest.mark.parametrize(("anc", "cls", "active"), [
    pytest.param(0.0, "profound", True, id="anc-0-profound"),
    pytest.param(0.09, "profound", True, id="anc-0.1-below"),
    pytest.param(0.1, "severe", True, id="anc-0.1-at"),
    pytest.param(0.11, "severe", True, id="anc-0.1-above"),
    pytest.param(0.49, "severe", True, id="anc-0.5-below"),
    pytest.param(0.5, "moderate", True, id="anc-0.5-at"),
    pytest.param(0.51, "moderate", True, id="anc-0.5-above"),
    pytest.param(0.99, "moderate", True, id="anc-1.0-below"),
    pytest.param(1.0, "mild", False, id="anc-1.0-at"),
    pytest.param(1.01, "mild", False, id="anc-1.0-above"),
    pytest.param(1.49, "mild", False, id="anc-1.5-below"),
    pytest.param(1.5, "normal", False, id="anc-1.5-at"),
    pytest.param(1.51, "normal", False, id="anc-1.5-above"),
])
def test_anc_class_and_active_management(anc, cls, active):
    a = run(anc=anc)
    assert a.anc == anc
    assert a.anc_class == cls
    assert a.needs_active_management is active


# --- CTCAE neutrophils, default LLN 2.0 (RULES §3, §4) -----------------------------------

@pytest.mark.parametrize(("anc", "grade"), [
    pytest.param(0.49, 4, id="neut-0.5-below"),
    pytest.param(0.5, 3, id="neut-0.5-at"),
    pytest.param(0.51, 3, id="neut-0.5-above"),
    pytest.param(0.99, 3, id="neut-1.0-below"),
    pytest.param(1.0, 2, id="neut-1.0-at"),
    pytest.param(1.01, 2, id="neut-1.0-above"),
    pytest.param(1.49, 2, id="neut-1.5-below"),
    pytest.param(1.5, 1, id="neut-1.5-at"),
    pytest.param(1.51, 1, id="neut-1.5-above"),
    pytest.param(1.99, 1, id="neut-lln2.0-below"),
    pytest.param(2.0, 0, id="neut-lln2.0-at"),
    pytest.param(2.01, 0, id="neut-lln2.0-above"),
])
def test_ctcae_neutrophils_default_lln(anc, grade):
    assert run(anc=anc).ctcae.neutrophils == grade


@pytest.mark.parametrize(("anc", "grade"), [
    pytest.param(1.79, 1, id="neut-lln1.8-below"),
    pytest.param(1.8, 0, id="neut-lln1.8-at"),
    pytest.param(1.81, 0, id="neut-lln1.8-above"),
])
def test_ctcae_neutrophils_laboratory_lln(anc, grade):
    a = run(anc=anc, lln={"anc": 1.8})
    assert a.effective_lln.anc == 1.8
    assert a.ctcae.neutrophils == grade


# Duffy-null: ANC LLN 1.2, so grade 1 cannot occur and 1.2 ≤ ANC < 1.5 is grade 2.
@pytest.mark.parametrize(("anc", "grade"), [
    pytest.param(0.49, 4, id="duffy-0.49"),
    pytest.param(0.99, 3, id="duffy-0.99"),
    pytest.param(1.19, 2, id="duffy-lln1.2-below"),
    pytest.param(1.2, 2, id="duffy-lln1.2-at"),
    pytest.param(1.21, 2, id="duffy-lln1.2-above"),
    pytest.param(1.49, 2, id="duffy-1.5-below"),
    pytest.param(1.5, 0, id="duffy-1.5-at"),
    pytest.param(1.99, 0, id="duffy-1.99-no-grade1"),
])
def test_ctcae_neutrophils_duffy_null(anc, grade):
    a = run(anc=anc, duffy_null=True)
    assert a.effective_lln.anc == 1.2
    assert a.ctcae.neutrophils == grade


@pytest.mark.parametrize("anc", [
    pytest.param(0.09, id="duffy-class-0.09"),
    pytest.param(0.49, id="duffy-class-0.49"),
    pytest.param(0.99, id="duffy-class-0.99"),
    pytest.param(1.3, id="duffy-class-1.3"),
    pytest.param(1.99, id="duffy-class-1.99"),
])
def test_duffy_null_changes_no_class_or_tier(anc):
    plain, duffy = run(anc=anc), run(anc=anc, duffy_null=True)
    assert duffy.anc_class == plain.anc_class
    assert duffy.needs_active_management == plain.needs_active_management


# --- CTCAE WBC, leukopenia and its tier (RULES §4, §5) -----------------------------------

@pytest.mark.parametrize(("wbc", "grade", "leukopenia", "tier"), [
    pytest.param(0.99, 4, True, "marked", id="wbc-1.0-below"),
    pytest.param(1.0, 3, True, "marked", id="wbc-1.0-at"),
    pytest.param(1.01, 3, True, "marked", id="wbc-1.0-above"),
    pytest.param(1.99, 3, True, "marked", id="wbc-2.0-below"),
    pytest.param(2.0, 2, True, "marked", id="wbc-2.0-at"),
    pytest.param(2.01, 2, True, "marked", id="wbc-2.0-above"),
    pytest.param(2.99, 2, True, "marked", id="wbc-3.0-below"),
    pytest.param(3.0, 1, True, "mild", id="wbc-3.0-at"),
    pytest.param(3.01, 1, True, "mild", id="wbc-3.0-above"),
    pytest.param(3.99, 1, True, "mild", id="wbc-lln4.0-below"),
    pytest.param(4.0, 0, False, "none", id="wbc-lln4.0-at"),
    pytest.param(4.01, 0, False, "none", id="wbc-lln4.0-above"),
])
def test_ctcae_wbc_and_leukopenia(wbc, grade, leukopenia, tier):
    a = assess({"wbc": wbc})
    assert a.ctcae.wbc == grade
    assert a.leukopenia is leukopenia
    assert a.leukopenia_tier == tier


@pytest.mark.parametrize(("wbc", "grade", "leukopenia"), [
    pytest.param(3.49, 1, True, id="wbc-lln3.5-below"),
    pytest.param(3.5, 0, False, id="wbc-lln3.5-at"),
])
def test_ctcae_wbc_laboratory_lln(wbc, grade, leukopenia):
    a = assess({"wbc": wbc, "lln": {"wbc": 3.5}})
    assert a.ctcae.wbc == grade
    assert a.leukopenia is leukopenia


@pytest.mark.parametrize(("wbc", "observe"), [
    pytest.param(2.99, False, id="observe-3.0-below"),
    pytest.param(3.0, True, id="observe-3.0-at"),
    pytest.param(3.99, True, id="observe-lln-below"),
    pytest.param(4.0, False, id="observe-lln-at"),
])
def test_mild_leukopenia_observe_advice(wbc, observe):
    assert ("mild_leukopenia_observe" in rec_ids(assess({"wbc": wbc}))) is observe


# --- Hyperleukocytosis: WBC > 100, strict (RULES §9) -------------------------------------

@pytest.mark.parametrize(("wbc", "expected"), [
    pytest.param(99.99, False, id="hyperleuk-100-below"),
    pytest.param(100.0, False, id="hyperleuk-100-at"),
    pytest.param(100.01, True, id="hyperleuk-100-above"),
])
def test_hyperleukocytosis_strict(wbc, expected):
    a = assess({"wbc": wbc})
    assert a.hyperleukocytosis is expected
    assert ("hyperleukocytosis" in rec_ids(a)) is expected


# --- Lymphocytes (RULES §4), given and from the differential ----------------------------

@pytest.mark.parametrize(("alc", "grade"), [
    pytest.param(0.19, 4, id="lymph-0.2-below"),
    pytest.param(0.2, 3, id="lymph-0.2-at"),
    pytest.param(0.21, 3, id="lymph-0.2-above"),
    pytest.param(0.49, 3, id="lymph-0.5-below"),
    pytest.param(0.5, 2, id="lymph-0.5-at"),
    pytest.param(0.51, 2, id="lymph-0.5-above"),
    pytest.param(0.79, 2, id="lymph-0.8-below"),
    pytest.param(0.8, 1, id="lymph-0.8-at"),
    pytest.param(0.81, 1, id="lymph-0.8-above"),
    pytest.param(0.99, 1, id="lymph-lln1.0-below"),
    pytest.param(1.0, 0, id="lymph-lln1.0-at"),
    pytest.param(1.01, 0, id="lymph-lln1.0-above"),
])
def test_ctcae_lymphocytes(alc, grade):
    assert run(lymphocytes=alc).ctcae.lymphocytes == grade


@pytest.mark.parametrize(("lymphs_pct", "grade"), [
    pytest.param(9.5, 4, id="alc-diff-0.19"),
    pytest.param(10, 3, id="alc-diff-0.20"),
    pytest.param(40, 1, id="alc-diff-0.80"),
    pytest.param(50, 0, id="alc-diff-1.00"),
])
def test_ctcae_lymphocytes_from_differential(lymphs_pct, grade):
    a = assess({"wbc": 2.0, "differential": {"lymphs_pct": lymphs_pct}})
    assert a.alc == pytest.approx(2.0 * lymphs_pct / 100, abs=1e-12)
    assert a.ctcae.lymphocytes == grade


@pytest.mark.parametrize(("alc", "grade"), [
    pytest.param(1.49, 1, id="lymph-lln1.5-below"),
    pytest.param(1.5, 0, id="lymph-lln1.5-at"),
])
def test_ctcae_lymphocytes_laboratory_lln(alc, grade):
    assert run(lymphocytes=alc, lln={"lymphocytes": 1.5}).ctcae.lymphocytes == grade


# --- Platelets (RULES §4) ----------------------------------------------------------------

@pytest.mark.parametrize(("platelets", "grade"), [
    pytest.param(24.9, 4, id="plt-25-below"),
    pytest.param(25, 3, id="plt-25-at"),
    pytest.param(25.1, 3, id="plt-25-above"),
    pytest.param(49.9, 3, id="plt-50-below"),
    pytest.param(50, 2, id="plt-50-at"),
    pytest.param(50.1, 2, id="plt-50-above"),
    pytest.param(74.9, 2, id="plt-75-below"),
    pytest.param(75, 1, id="plt-75-at"),
    pytest.param(75.1, 1, id="plt-75-above"),
    pytest.param(149.9, 1, id="plt-lln150-below"),
    pytest.param(150, 0, id="plt-lln150-at"),
    pytest.param(150.1, 0, id="plt-lln150-above"),
])
def test_ctcae_platelets(platelets, grade):
    assert run(platelets=platelets).ctcae.platelets == grade


@pytest.mark.parametrize(("platelets", "grade"), [
    pytest.param(139, 1, id="plt-lln140-below"),
    pytest.param(140, 0, id="plt-lln140-at"),
])
def test_ctcae_platelets_laboratory_lln(platelets, grade):
    assert run(platelets=platelets, lln={"platelets": 140}).ctcae.platelets == grade


# --- Anemia (RULES §4): no numeric grade 4 -----------------------------------------------

@pytest.mark.parametrize(("hb", "grade"), [
    pytest.param(1.0, 3, id="hb-minimum-grade3-not4"),
    pytest.param(7.99, 3, id="hb-8.0-below"),
    pytest.param(8.0, 2, id="hb-8.0-at"),
    pytest.param(8.01, 2, id="hb-8.0-above"),
    pytest.param(9.99, 2, id="hb-10.0-below"),
    pytest.param(10.0, 1, id="hb-10.0-at"),
    pytest.param(10.01, 1, id="hb-10.0-above"),
    pytest.param(11.99, 1, id="hb-lln12-below"),
    pytest.param(12.0, 0, id="hb-lln12-at"),
    pytest.param(12.01, 0, id="hb-lln12-above"),
])
def test_ctcae_anemia(hb, grade):
    assert run(hemoglobin_g_dl=hb).ctcae.anemia == grade


@pytest.mark.parametrize(("hb", "grade"), [
    pytest.param(13.49, 1, id="hb-lln13.5-below"),
    pytest.param(13.5, 0, id="hb-lln13.5-at"),
])
def test_ctcae_anemia_laboratory_lln(hb, grade):
    assert run(hemoglobin_g_dl=hb, lln={"hemoglobin": 13.5}).ctcae.anemia == grade


# --- The neutrophil gauge (RULES §5, 2026.2): the ANC class, or with no ANC the class the
# WBC bound settles; the WBC grade no longer moves it ---------------------------------------

@pytest.mark.parametrize(("wbc", "level", "label"), [
    pytest.param(0.09, 4, "profound", id="bound-0.1-below"),
    pytest.param(0.1, 3, "severe", id="bound-0.1-at"),
    pytest.param(0.49, 3, "severe", id="bound-0.5-below"),
    pytest.param(0.5, 2, "moderate", id="bound-0.5-at"),
    pytest.param(0.99, 2, "moderate", id="bound-1.0-below"),
    pytest.param(1.0, 1, "mild", id="bound-1.0-at"),
    pytest.param(1.49, 1, "mild", id="bound-1.5-below"),
])
def test_gauge_from_the_wbc_bound(wbc, level, label):
    a = assess({"wbc": wbc})
    assert (a.severity_level, a.severity_label, a.severity_basis) == (level, label, "wbc_bound")
    assert a.anc is None and a.anc_class is None and a.anc_upper_bound == wbc


@pytest.mark.parametrize("wbc", [1.5, 2.0, 3.99, 4.0, 150])
def test_gauge_says_nothing_without_an_anc_from_a_wbc_of_1_5(wbc):
    a = assess({"wbc": wbc})
    assert (a.severity_level, a.severity_label, a.severity_basis) == (None, None, None)
    assert "severity_level" in [n.output for n in a.not_assessed]


@pytest.mark.parametrize(("wbc", "anc", "level", "label"), [
    pytest.param(5.0, 0.09, 4, "profound", id="anc-0.1-below"),
    pytest.param(2.0, 0.1, 3, "severe", id="anc-0.1-at"),
    pytest.param(0.99, 0.1, 3, "severe", id="wbc-grade-4-does-not-move-it"),
    pytest.param(0.99, 0.45, 3, "severe", id="wbc-grade-4-anc-0.45"),
    pytest.param(1.2, 1.2, 1, "mild", id="wbc-grade-3-anc-mild"),
    pytest.param(3.5, 1.6, 0, "normal", id="wbc-grade-1-anc-normal"),
    pytest.param(5.0, 1.49, 1, "mild", id="anc-1.5-below"),
    pytest.param(5.0, 1.5, 0, "normal", id="anc-1.5-at"),
    pytest.param(5.0, 0.5, 2, "moderate", id="anc-0.5-at"),
    pytest.param(5.0, 0.49, 3, "severe", id="anc-0.5-below"),
    pytest.param(2.5, 0.7, 2, "moderate", id="anc-0.7"),
])
def test_gauge_is_the_anc_class(wbc, anc, level, label):
    a = assess({"wbc": wbc, "anc": anc})
    assert (a.severity_level, a.severity_label, a.severity_basis) == (level, label, "anc_class")
    assert a.severity_label == a.anc_class.value
    assert a.anc_upper_bound is None


@pytest.mark.parametrize(("doc", "marks"), [
    pytest.param({"wbc": 100}, [], id="wbc-100-at"),
    pytest.param({"wbc": 100.01, "anc": 80}, ["hyperleukocytosis"], id="wbc-100-above"),
    pytest.param({"wbc": 5, "lymphocytes": 0.5}, [], id="alc-0.5-at"),
    pytest.param({"wbc": 5, "lymphocytes": 0.49}, ["lymphopenia"], id="alc-0.5-below"),
    pytest.param({"wbc": 150, "lymphocytes": 0.1}, ["hyperleukocytosis", "lymphopenia"],
                 id="both"),
    pytest.param({"wbc": 5, "differential": {"lymphs_pct": 9}}, ["lymphopenia"],
                 id="alc-from-differential"),
])
def test_gauge_marks(doc, marks):
    assert assess(doc).gauge_marks == marks


@pytest.mark.parametrize(("doc", "pattern"), [
    pytest.param({"wbc": 5, "platelets": 150, "hemoglobin_g_dl": 12}, "none", id="none"),
    pytest.param({"wbc": 3.9, "platelets": 150, "hemoglobin_g_dl": 12}, "isolated", id="wbc"),
    pytest.param({"wbc": 3.9, "platelets": 149, "hemoglobin_g_dl": 12}, "bicytopenia",
                 id="wbc-plt"),
    pytest.param({"wbc": 5, "platelets": 149, "hemoglobin_g_dl": 11.9}, "bicytopenia",
                 id="plt-hb"),
    pytest.param({"wbc": 3.9, "platelets": 149, "hemoglobin_g_dl": 11.9}, "pancytopenia",
                 id="pan"),
    pytest.param({"wbc": 3.9, "platelets": 149}, None, id="hb-missing"),
    pytest.param({"wbc": 5, "hemoglobin_g_dl": 12}, None, id="plt-missing"),
])
def test_cytopenia_pattern(doc, pattern):
    a = assess(doc)
    assert a.cytopenia_pattern == pattern
    if pattern is not None:
        assert ("marrow_production" in [r.id for r in a.recommendations]) is (
            pattern in ("bicytopenia", "pancytopenia"))


def test_two_known_low_lines_are_enough_for_the_advice():
    """The pattern waits for every count; the advice needs only two known low lines."""
    a = assess({"wbc": 3.9, "platelets": 149})
    assert a.cytopenia_pattern is None
    assert "marrow_production" in [r.id for r in a.recommendations]
    assert "marrow_production" not in [r.id for r in assess({"wbc": 3.9}).recommendations]
