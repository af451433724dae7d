"""RULES §1: a figure written in the advice never reads on the other side of (or on) a
threshold the same sentence names (10.00001 beside "above 10" must not read "10")."""

from __future__ import annotations

import re

import pytest

from leukodesk.core import assess


def advice(doc: dict) -> dict[str, str]:
    return {r.id: r.text for r in assess(doc).recommendations}


@pytest.mark.parametrize(("doc", "rec_id", "shown"), [
    ({"wbc": 3, "anc": 2, "platelets": "10.00001", "temperature_c": 38.5},
     "plt_transfuse_fever_infection", "10.00001"),
    ({"wbc": 3, "anc": 2, "platelets": "20.00001"}, "plt_bleeding_only", "20.00001"),
    ({"wbc": 3, "anc": 2, "platelets": "9.99999"}, "plt_transfuse_prophylactic", "9.99999"),
    ({"wbc": "100.00001", "anc": 50}, "hyperleukocytosis", "100.00001"),
    ({"wbc": "3.99999", "anc": 2}, "mild_leukopenia_observe", "3.99999"),
    ({"wbc": 3, "anc": 2, "hemoglobin_g_dl": "7.99999"}, "rbc_context", "7.99999"),
    # The cells/µL reading too: 200.0004 ×10⁹/L is above 200, so never "200000 cells/µL".
    ({"wbc": "200.0004"}, "confirm_unit", "(= 200000.4 cells/µL)"),
    ({"wbc": 3, "anc": 2, "platelets": "1500.0002"}, "confirm_unit",
     "(= 1500000.2 cells/µL)"),
])
def test_a_figure_beside_a_threshold_keeps_its_side(doc, rec_id, shown):
    text = advice(doc)[rec_id]
    assert shown in text, text


def test_an_ordinary_figure_is_written_plainly():
    text = advice({"wbc": 3, "anc": 2, "platelets": 15, "temperature_c": 38.5})[
        "plt_transfuse_fever_infection"]
    assert re.search(r"Platelets 15 ×10⁹/L", text), text


# The summary (assess --text) and the copy-to-note text write the inputs again: a figure
# there keeps its side of every threshold the results rest on, as the advice does.
NEAR = {"wbc": "100.0004", "anc": "0.49996", "platelets": "74.9996",
        "hemoglobin_g_dl": "7.9996", "lymphocytes": "0.79996", "temperature_c": "38.29996",
        "age_years": "65.00001", "expected_neutropenia_days": "9.99999"}


@pytest.mark.parametrize("shown", [
    "WBC 100.0004 ×10⁹/L", "Lymphocytes 0.79996 ×10⁹/L", "Platelets 74.9996 ×10⁹/L",
    "Hemoglobin 7.9996 g/dL"])
def test_the_summary_keeps_each_figure_on_its_side(shown):
    from leukodesk.core.formats.summary import summary_text

    assert shown in summary_text(assess(NEAR))


def test_the_summary_keeps_the_wbc_beside_its_lln():
    from leukodesk.core.formats.summary import summary_text

    text = summary_text(assess({"wbc": "3.9996", "anc": 2}))
    assert "WBC 3.9996 ×10⁹/L: CTCAE grade 1, leukopenia mild; LLN 4" in text, text


@pytest.mark.parametrize("shown", [
    "WBC 100.0004 x10^9/L", "ANC (given) 0.49996 x10^9/L", "Platelets 74.9996 x10^9/L",
    "Hemoglobin 7.9996 g/dL", "Temperature 38.29996 deg C", "Age 65.00001 years",
    "neutropenia: 9.99999 days"])
def test_the_note_keeps_each_input_on_its_side(shown):
    from datetime import datetime

    from leukodesk.core.formats.note import note_text

    text = note_text(assess(NEAR), at=datetime(2026, 3, 14, 9, 30))
    assert shown in " ".join(text.split()), text


@pytest.mark.parametrize(("doc", "field", "shown"), [
    ({"wbc": 3, "temperature_c": "45.00001"}, "temperature_c", "45.00001"),
    ({"wbc": 3, "anc": "3.00001"}, "anc", "3.00001"),
    ({"wbc": 3, "differential": {"segs_pct": "60.000001", "bands_pct": 40}},
     "differential.bands_pct", "100.000001"),
])
def test_a_refusal_never_rounds_a_figure_onto_the_limit_it_breaks(doc, field, shown):
    from leukodesk.core import InputErrors

    with pytest.raises(InputErrors) as caught:
        assess(doc)
    messages = [e.message for e in caught.value.errors if e.field == field]
    assert messages and shown in messages[0], messages
