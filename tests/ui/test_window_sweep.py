"""Type a grid of patients into the real window, key by key, and check after every keystroke
that every panel shows exactly what the core computes for what has been typed so far."""

from __future__ import annotations

from collections import Counter
from itertools import product

import pytest
from ui_driver import User

from leukodesk.ui.main_window import MainWindow

ANC = ["", "0.05", "0.1", "0.499", "0.5", "1.0", "1.5", "2.4"]
# (temperature °C, sustained ≥ 38.0 for 1 h): below, at and above the fever thresholds.
FEVER = [("", False), ("", True), ("37.9", False), ("38.0", False), ("38.0", True),
         ("38.3", False), ("38.3", True)]
WBC = ["0.8", "1.9", "3.5", "12.4", "120"]
PLATELETS = ["", "9", "10", "20", "21", "150"]
WEIGHT = ["", "60", "72.5"]

# 56 patients: every ANC × every fever state; WBC, platelets and weight rotate through theirs.
GRID = [{"wbc": WBC[i % 5], "anc": anc, "platelets": PLATELETS[(i // 2) % 6],
         "temperature_c": temp, "sustained": sustained, "weight_kg": WEIGHT[i % 3]}
        for i, (anc, (temp, sustained)) in enumerate(product(ANC, FEVER))]

IN_CELLS = {"wbc", "anc", "platelets"}


def cells_per_ul(text: str) -> str:
    """The same count typed in cells/µL (the grid's texts have at most three decimals)."""
    if not text:
        return ""
    value = int(round(float(text) * 1000))
    assert value / 1000 == float(text)
    return str(value)


def sweep(user: User, grid: list[dict], convert=lambda k, t: t) -> Counter:
    """Walk the grid changing only what differs from the last patient; check every key."""
    seen: Counter = Counter()
    for patient in grid:
        for key in ("wbc", "anc", "platelets", "temperature_c", "weight_kg"):
            text = convert(key, patient[key])
            if user.edit(key).text() != text:
                user.type(key, text, check_each=True)
        if patient["sustained"] != ("fever_sustained_1h" in user.typed.flags):
            user.tick("fever_sustained_1h", patient["sustained"])
            user.check()
        exp = user.check()
        a = exp.assessment
        seen["invalid"] += bool(exp.errors)  # a WBC's problem clears all, others not (§2a)
        seen["cleared" if a is None else f"level{a.severity_level}"] += 1
        if a is not None:
            seen["fn"] += bool(a.febrile_neutropenia)
            seen["banner"] += user.window.advice.alerting
            seen["transfuse"] += bool(a.platelet_transfusion and
                                      a.platelet_transfusion.transfuse_now)
            seen["dose"] += exp.dose is not None
            seen["pitfalls"] += bool(a.pitfalls)
    return seen


def test_every_keystroke_of_the_grid_shows_the_cores_result(user: User, window: MainWindow):
    seen = sweep(user, GRID)
    # The grid really reaches every level, invalid input, FN, a transfusion and a dose.
    assert all(seen[f"level{n}"] for n in range(5)), seen
    for outcome in ("invalid", "fn", "banner", "transfuse", "dose", "pitfalls"):
        assert seen[outcome] > 0, (outcome, seen)
    assert sum(seen[f"level{n}"] for n in (*range(5), None)) + seen["cleared"] == len(GRID)


@pytest.mark.parametrize("start", [0, 1, 2], ids=["from0", "from1", "from2"])
def test_the_grid_typed_in_cells_per_microlitre_and_fahrenheit_matches_too(user: User, start):
    user.unit("counts", "cells/uL")
    user.unit("temperature", "F")

    def convert(key: str, text: str) -> str:
        if key in IN_CELLS:
            return cells_per_ul(text)
        if key == "temperature_c" and text:
            return {"37.9": "100.22", "38.0": "100.4", "38.3": "100.94"}[text]
        return text

    sweep(user, GRID[start::3], convert)
