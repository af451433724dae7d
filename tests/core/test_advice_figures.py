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
