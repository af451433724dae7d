"""Outputs built from the same words are one shared object (advice.py, dosing.py): the
sharing never shows. An assessment reads the same whatever was assessed before it, and a
remembered result equals the one computed afresh."""

from __future__ import annotations

from decimal import Decimal

from leukodesk.core import assess, content
from leukodesk.core.dosing.calc import calculate_dose, filgrastim_figures
from leukodesk.core.dosing.tables import Indication, PresentationSet, Product

FEBRILE = {"wbc": 1.1, "anc": 0.4, "temperature_c": 38.6, "platelets": 15, "weight_kg": 62.5}
OTHERS = [{"wbc": w, "anc": a, "platelets": p, "temperature_c": t}
          for w, a, p, t in ((3.4, 1.8, 160, 37.2), (0.6, 0.2, 40, 39.1), (6.2, 3.9, 250, 36.8),
                             (2.1, 0.9, 9, 38.3), (1.1, 0.4, 15, 38.7))]


def test_the_same_words_give_the_same_objects_and_equal_results():
    # Two patients apart only in a hemoglobin no line reads (both normal): the rest of the
    # assessment is built twice, its lines are found again.
    first, again = assess({**FEBRILE, "hemoglobin_g_dl": 13}), assess(
        {**FEBRILE, "hemoglobin_g_dl": 13.5})
    assert first.model_dump(exclude={"inputs"}) == again.model_dump(exclude={"inputs"})
    assert first.recommendations and all(
        a is b for a, b in zip(first.recommendations, again.recommendations, strict=True))
    assert all(a is b for a, b in zip(first.not_assessed, again.not_assessed, strict=True))


def test_an_assessment_reads_the_same_after_others_and_as_computed_afresh():
    first = assess(FEBRILE)
    before = first.model_dump()
    for doc in OTHERS * 3:
        assess(doc)
    assert first.model_dump() == before
    content.clear_caches()  # nothing remembered: built from scratch
    assert assess(FEBRILE).model_dump() == before


def test_equal_weights_written_differently_are_remembered_apart():
    """The figures are keyed by the decimals' text: 70 and 70.0 are equal Decimals, and a
    cache keyed by value would hand one the other's (its weight written its way)."""
    args = (Product.FILGRASTIM, Indication.CHEMOTHERAPY, PresentationSet.US_SYRINGES)
    for text in ("70", "70.0", "70.00", "70", "62.5", "62.50"):
        assert str(filgrastim_figures(*args, Decimal(text), Decimal(10)).weight_kg) == text


def test_a_remembered_dose_is_the_dose_computed_afresh_whatever_the_weight_is_written_as():
    for weights in (("70", "70.0", "70.00"), ("62.5", "62.50"), ("4", "4.0")):
        remembered = []
        for weight in weights:
            remembered.append(calculate_dose({"weight": weight}).model_dump())
        fresh = []
        for weight in weights:
            content.clear_caches()
            fresh.append(calculate_dose({"weight": weight}).model_dump())
        assert remembered == fresh
        # The standard regimen of the assessment asks for the same figures.
        content.clear_caches()
        alone = assess({"wbc": 3, "weight_kg": weights[-1]}).filgrastim
        content.clear_caches()
        calculate_dose({"weight": weights[-1]})
        assert assess({"wbc": 3, "weight_kg": weights[-1]}).filgrastim == alone


def test_a_new_weight_or_tolerance_reuses_the_rest_and_gives_what_a_fresh_assessment_gives():
    """assess keeps all but the dose for the other inputs (the weight and tolerance feed
    the standard dose alone): every mix of patient, weight and tolerance, reached after
    the others, reads as the assessment computed from nothing."""
    patients = [FEBRILE, *OTHERS, {"wbc": 12, "differential": {"segs_pct": 40, "bands_pct": 5},
                                   "diagnosis": "apl", "platelets": 30}]
    weights = (None, "4", "47", "62.5", "70", "70.0", "81", "150")
    tolerances = (None, 5, 10, 12.5)
    remembered = {}
    for tolerance in tolerances:
        for weight in weights:
            for n, patient in enumerate(patients):
                doc = {k: v for k, v in patient.items() if k != "weight_kg"}
                if weight is not None:
                    doc["weight_kg"] = weight
                if tolerance is not None:
                    doc["tolerance_pct"] = tolerance
                remembered[(n, weight, tolerance)] = (doc, assess(doc).model_dump())
    for key, (doc, seen) in remembered.items():
        content.clear_caches()
        assert assess(doc).model_dump() == seen, key
    content.clear_caches()
    without = assess({"wbc": 3}).not_assessed
    assert without[-1].output == "filgrastim"  # the last line, as before
    assert "filgrastim" not in [n.output for n in assess({"wbc": 3, "weight_kg": 70}).not_assessed]
