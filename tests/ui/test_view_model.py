"""One state per change: every keystroke, click, choice, unit switch and reset emits exactly one
``state_changed``; setting something to what it already is emits nothing. The view model's
state is the core's result for the document it builds from what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from ui_driver import User, click

from leukodesk.core import assess
from leukodesk.core.contract.units import CountUnit, HemoglobinUnit, TemperatureUnit, WeightUnit
from leukodesk.ui.view_model import ViewModel


@pytest.fixture
def states(window) -> list:
    seen: list = []
    window.vm.state_changed.connect(seen.append)
    return seen


def assert_one_new_state(states: list, window, before: int) -> None:
    assert len(states) == before + 1
    assert states[-1] is window.vm.state
    assert [s.revision for s in states] == list(range(states[0].revision,
                                                     states[0].revision + len(states)))


def test_every_keystroke_emits_one_state_with_the_text_so_far(user: User, window, states):
    edit = user.edit("wbc")
    edit.setFocus()
    for n, char in enumerate("2.15", start=1):
        QTest.keyClick(edit, char)
        assert_one_new_state(states, window, n - 1)
        # "2." is read as 2 (the same number, and the same document as "2").
        assert states[-1].document["wbc"] == "2.15"[:n].removesuffix(".")
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    assert len(states) == 5 and states[-1].document["wbc"] == "2.1"
    QTest.keySequence(edit, QKeySequence.StandardKey.Undo)  # undo is an edit too
    assert len(states) == 6 and window.vm.text("wbc") == edit.text()


@pytest.mark.parametrize("action", ["checkbox", "radio", "choice", "dose_choice", "unit",
                                    "weight_unit", "reset"])
def test_each_click_choice_switch_and_reset_emits_exactly_one_state(user: User, window, qtbot,
                                                                    action):
    user.type("wbc", "2.1")
    user.type("platelets", "150")
    seen, replaced = [], []
    window.vm.state_changed.connect(seen.append)
    window.vm.texts_replaced.connect(replaced.append)
    inputs = window.inputs
    if action == "checkbox":
        click(qtbot, inputs.flags["duffy_null"])
    elif action == "radio":
        click(qtbot, inputs.diff_radio)
    elif action == "choice":
        user.choose(inputs.choices["planned_procedure"], "lumbar_puncture")
    elif action == "dose_choice":
        user.choose(window.dose.combos["product"], "pegfilgrastim")
    elif action == "unit":
        user.choose(inputs.unit_combos["counts"], "cells/uL")
    elif action == "weight_unit":
        user.choose(window.dose.weight_unit, "lb")
    else:
        window.reset_action.trigger()
    assert len(seen) == 1 and seen[0] is window.vm.state
    if action in ("unit", "weight_unit", "reset"):
        assert len(replaced) == 1  # the texts are set from the model once, before the state
    else:
        assert replaced == []


def test_setting_anything_to_what_it_already_is_emits_nothing(user: User, window, qtbot):
    user.type("wbc", "5")
    user.tick("duffy_null")
    inputs = window.inputs
    with qtbot.assertNotEmitted(window.vm.state_changed):
        user.type("wbc", "5")  # select all, type the same digit again
        click(qtbot, inputs.anc_radio)  # already checked
        for combo in [*inputs.choices.values(), *inputs.unit_combos.values(),
                      *window.dose.combos.values(), window.dose.weight_unit]:
            user.choose(combo, combo.currentData())
        user.edit("age_years").setFocus()
        QTest.keyClick(user.edit("age_years"), Qt.Key.Key_Backspace)  # nothing to delete
    assert inputs.flags["duffy_null"].isChecked() and user.edit("wbc").text() == "5"


def test_a_unit_switch_replaces_the_texts_in_one_go(user: User, window):
    user.type("wbc", "2.1")
    user.type("temperature_c", "38.3")
    replaced = []
    window.vm.texts_replaced.connect(replaced.append)
    user.unit("counts", "cells/uL")
    assert replaced == [{"wbc": "2100"}]
    user.unit("temperature", "F")
    assert replaced[-1] == {"temperature_c": "100.94"}
    user.unit("hemoglobin", "g/L")  # nothing typed in that group: labels change only
    assert replaced[-1] == {}


# --- the model on its own --------------------------------------------------------------------
@pytest.fixture
def vm(qtbot) -> ViewModel:
    return ViewModel()


def test_the_document_holds_only_what_was_typed(vm: ViewModel):
    vm.set_text("wbc", " 2,1 ")
    vm.set_text("anc", "")
    vm.set_text("differential.segs_pct", "40")  # not read while the ANC mode is on
    vm.set_flag("fever_sustained_1h", True)
    doc = vm.patient_document()
    assert doc["wbc"] == "2.1" and "anc" not in doc and "differential" not in doc
    assert doc["fever_sustained_1h"] is True
    assert vm.state.assessment == assess({"wbc": "2.1", "fever_sustained_1h": True})
    assert vm.text("wbc") == " 2,1 "  # the text itself is kept as typed


def test_repeated_switches_never_drift_from_what_was_typed(vm: ViewModel):
    vm.set_text("temperature_c", "37.95")
    vm.set_text("weight_kg", "70")
    vm.set_text("hemoglobin_g_dl", "9.3")
    for _ in range(5):
        vm.set_unit("temperature", TemperatureUnit.F)
        vm.set_unit("weight", WeightUnit.LB)
        vm.set_unit("hemoglobin", HemoglobinUnit.MMOL_L)
        assert (vm.text("temperature_c"), vm.text("weight_kg")) == ("100.31", "154.3236")
        vm.set_unit("temperature", TemperatureUnit.C)
        vm.set_unit("weight", WeightUnit.KG)
        vm.set_unit("hemoglobin", HemoglobinUnit.G_DL)
        assert (vm.text("temperature_c"), vm.text("weight_kg"), vm.text("hemoglobin_g_dl")) \
            == ("37.95", "70", "9.3")


def test_a_value_typed_in_the_other_unit_converts_from_that_unit(vm: ViewModel):
    vm.set_unit("counts", CountUnit.CELLS_PER_UL)
    vm.set_text("wbc", "20000")
    vm.set_text("platelets", "15000")
    vm.set_unit("counts", CountUnit.G_PER_L)
    assert (vm.text("wbc"), vm.text("platelets")) == ("20", "15")
    assert vm.state.assessment == assess({"wbc": "20", "platelets": "15"})


def test_reset_keeps_the_units_and_clears_everything_else(vm: ViewModel):
    vm.set_unit("counts", CountUnit.CELLS_PER_UL)
    vm.set_text("wbc", "2100")
    vm.set_flag("duffy_null", True)
    vm.set_choice("bleeding", "severe_or_critical_site")
    vm.set_choice("diagnosis", "apl")
    vm.set_anc_mode("differential")
    vm.reset()
    assert vm.text("wbc") == "" and not vm.flag("duffy_null")
    assert vm.choice("bleeding") == "none"
    assert vm.choice("diagnosis") == "none" and vm.anc_mode == "anc"
    assert vm.unit("counts") is CountUnit.CELLS_PER_UL
    assert vm.state.blank and vm.state.assessment is None
