"""The case library in the window (issue 5): the Cases menu lists every shipped case by
title, opening one fills the inputs in one step and shows its vignette above the inputs,
and the window then holds and shows what the case file says it teaches (read from the
file itself, not from the library code)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QScrollArea
from startup_modules import modules_at_start
from test_load_document import assert_widgets_hold, typed_for
from ui_driver import APPLIES, assert_window_shows, number_rows

from leukodesk.case_check import MISSING, matches, resolve
from leukodesk.cases import cases_dir, list_cases
from leukodesk.core.contract.units import to_decimal
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.partial import without_offer
from leukodesk.ui.settings_store import SettingsStore
from leukodesk.ui.view_model import DOSE_CHOICES

NAMES = list_cases()


def case_file(name: str) -> dict:
    """The shipped case as written in its file: the test's own reading."""
    return json.loads((cases_dir() / f"{name}.json").read_text("utf-8"))


def open_from_menu(qtbot, window: MainWindow, name: str) -> list:
    """Open the Cases menu with Ctrl+L (as a user), choose the case; return the states."""
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    menu = window.cases.menu
    qtbot.waitUntil(menu.isVisible)
    action = window.cases.case_actions[name]
    assert action in menu.actions()
    states: list = []
    window.vm.state_changed.connect(states.append)
    try:
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not menu.isVisible())
    finally:
        window.vm.state_changed.disconnect(states.append)
    window.reveal_errors_now()
    return states


def test_the_cases_menu_lists_every_shipped_case_by_title(window, qtbot):
    assert len(NAMES) >= 12
    menu = window.cases.menu
    assert window.cases.case_actions == {}   # nothing read before the menu is shown
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions() if a.objectName().startswith("case_")
              and a.objectName() != "case_library_action"
              and a.objectName() != "case_vignette_action"]
    expected = sorted((case_file(n)["title"] for n in NAMES), key=str.casefold)
    assert [t.split("  ", 1)[1].replace("&&", "&") for t in titles] == expected
    # Each has a mnemonic: the keyboard reaches any case in two keys.
    assert all(t.startswith("&") for t in titles)
    assert len({t[:2] for t in titles}) == len(titles)
    menu.aboutToShow.emit()   # listed once
    assert len([a for a in menu.actions() if a in window.cases.case_actions.values()]) \
        == len(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_shipped_case_opens_from_the_menu_and_shows_what_it_teaches(window, qtbot,
                                                                         name):
    raw = case_file(name)
    states = open_from_menu(qtbot, window, name)
    assert len(states) == 1 and states[0] is window.vm.state   # one step, one recompute
    state = window.vm.state
    typed = typed_for(raw["inputs"])
    typed.dose_choices = {k: v for k, v in raw.get("dose_request", {}).items()
                          if k in DOSE_CHOICES}
    if "tolerance_pct" in raw.get("dose_request", {}):   # the window's one tolerance
        typed.texts.setdefault("tolerance_pct",
                               format(to_decimal(raw["dose_request"]["tolerance_pct"]), "f"))
    assert_widgets_hold(window, typed)
    assert_window_shows(window, typed)   # every panel equals the core for these inputs
    if "expect_errors" in raw:   # a unit slip: the field is refused, with its reading
        fields = {e["field"] for e in raw["expect_errors"]}
        assert set(state.errors) == fields
        rows = number_rows(window)
        for e in raw["expect_errors"]:
            held = rows[e["field"]].error.text()
            assert rows[e["field"]].error.isVisibleTo(window)
            assert without_offer(state.errors[e["field"]]) in held
            if e["field"] in state.fixes:  # the reading, one click away
                assert state.fixes[e["field"]].label in held
        if "wbc" in fields:  # the WBC is required: no result at all
            assert state.assessment is None
            assert window.advice.list.toPlainText().startswith("No result")
            assert "computed from" not in window.status.text()
        else:  # RULES §2a: the rest is assessed without it
            assert state.assessment is not None
    else:
        assert state.assessment is not None, state.errors
        output = state.assessment.model_dump(mode="json")
        for path, value in raw.get("expect", {}).items():
            actual = resolve(output, path)
            assert actual is not MISSING and matches(value, actual), (name, path, actual)
        given = [r.id for r in state.assessment.recommendations]
        at = iter(given)
        assert all(r in at for r in raw.get("expect_recommendations", [])), given
        shown = window.advice.list.toPlainText()
        for rec in state.assessment.recommendations:
            assert rec.text in shown
        if "anc_class" in raw.get("expect", {}):
            assert window.gauge.reading().level == state.assessment.severity_level
        if raw.get("expect_dose"):
            dose = state.dose.model_dump(mode="json")
            for path, value in raw["expect_dose"].items():
                actual = resolve(dose, path)
                assert actual is not MISSING and matches(value, actual), (name, path)
            assert window.dose.result.text().startswith("Dose:")
    # The vignette: title, story and every teaching point, above the inputs.
    pane = window.cases.pane
    assert pane.isVisible() and window.cases.vignette_action.isChecked()
    text = pane.plain_text()
    assert raw["title"] in text
    assert " ".join(raw.get("vignette", "").split()) in " ".join(text.split())
    for point in raw.get("teaching_points", []):
        assert point in text
    assert pane.geometry().bottom() < window.inputs.mapTo(
        window.cases.column, window.inputs.rect().topLeft()).y() + 1


def test_opening_a_case_replaces_the_last_one(window, qtbot):
    open_from_menu(qtbot, window, "cmml")
    open_from_menu(qtbot, window, "fahrenheit_slip")
    text = window.cases.pane.plain_text()
    assert case_file("fahrenheit_slip")["title"] in text
    assert case_file("cmml")["title"] not in text
    assert window.cases.case.title == case_file("fahrenheit_slip")["title"]


def test_the_vignette_closes_reopens_and_reset_clears_it(window, qtbot):
    open_from_menu(qtbot, window, "apl_hyperleukocytosis")
    pane = window.cases.pane
    assert pane.text.accessibleName() == "Case vignette"
    assert pane.text.lineWrapMode() == pane.text.LineWrapMode.WidgetWidth
    qtbot.mouseClick(pane.close_button, Qt.MouseButton.LeftButton)
    assert not pane.isVisible() and not window.cases.vignette_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert pane.isVisible() and window.cases.vignette_action.isChecked()
    assert case_file("apl_hyperleukocytosis")["title"] in pane.plain_text()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)   # Reset
    assert not pane.isVisible() and window.cases.case is None
    assert "No case is open" in pane.plain_text()
    assert window.vm.state.blank
    window.cases.vignette_action.trigger()   # shown again: says how to open one
    assert pane.isVisible() and "Cases menu (Ctrl+L)" in pane.plain_text()


def test_the_vignette_leaves_the_inputs_usable_at_1024_by_768(window, qtbot):
    open_from_menu(qtbot, window, "post_chemo_fn_high_risk")
    qtbot.wait(10)
    assert window.width() <= 1024 and window.height() <= 768
    scroll = window.findChild(QScrollArea, "inputs_scroll")
    assert scroll.width() >= scroll.minimumWidth()
    assert scroll.height() >= 300   # two thirds of the column: several fields at a time
    pane = window.cases.pane
    assert pane.height() >= 150 and pane.width() == scroll.width()
    # The results keep their room.
    assert window.results.width() >= window.results.minimumSizeHint().width()


def test_menus_are_reachable_by_keyboard_and_shortcuts_are_unique(window):
    texts = [a.text() for a in window.menuBar().actions()]
    assert "&Cases" in texts and texts.index("&Cases") < texts.index("&View")
    file_texts = [a.text() for a in window.file_menu.actions()]
    assert file_texts[:2] == ["&Open case…", "&Save case…"]
    assert window.cases.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.cases.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert window.cases.library_action.shortcut() == QKeySequence("Ctrl+L")
    keys = [a.shortcut().toString() for a in window.findChildren(type(window.cases.open_action))
            if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), sorted(keys)


# --- unit preferences ---------------------------------------------------------------------
def test_a_case_in_other_units_does_not_become_the_users_preference(qtbot, settings_path):
    store = SettingsStore(settings_path)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.cases.open_shipped("incidental_mild_leukopenia")   # written in cells/µL
    assert window.inputs.unit_combos["counts"].currentData() == "cells/uL"
    window.cases.open_shipped("duffy_null_neutropenia")       # °F
    assert window.inputs.unit_combos["temperature"].currentData() == "F"
    window.close()
    saved = store.load()
    assert (saved.counts.value, saved.temperature.value) == ("10^9/L", "C")


def test_the_units_the_user_chooses_are_kept_even_while_a_case_is_open(qtbot, settings_path):
    store = SettingsStore(settings_path)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    combo = window.inputs.unit_combos["hemoglobin"]
    combo.setCurrentIndex(combo.findData("mmol/L"))       # the user's own choice
    window.cases.open_shipped("duffy_null_neutropenia")   # °F: the case's
    temperature = window.inputs.unit_combos["temperature"]
    assert temperature.currentData() == "F"
    counts = window.inputs.unit_combos["counts"]
    counts.setCurrentIndex(counts.findData("cells/uL"))  # chosen while the case is open
    window.close()
    saved = store.load()
    assert (saved.hemoglobin.value, saved.temperature.value, saved.counts.value) == (
        "mmol/L", "C", "cells/uL")
    # The next window starts in them.
    again = MainWindow(store)
    qtbot.addWidget(again)
    assert again.inputs.unit_combos["hemoglobin"].currentData() == "mmol/L"
    assert again.inputs.unit_combos["temperature"].currentData() == "C"


def test_reset_after_a_case_returns_to_the_users_units(window, qtbot):
    window.cases.open_shipped("duffy_null_neutropenia")
    assert window.inputs.unit_combos["temperature"].currentData() == "F"
    window.reset_action.trigger()
    assert window.inputs.unit_combos["temperature"].currentData() == "C"
    assert window.vm.units == window.vm.chosen_units


# --- light at start-up --------------------------------------------------------------------
def test_the_window_starts_without_the_case_code():
    # The menu's own module and reveal are there (so the check sees what is loaded); the
    # case code, the case file builder, the pane, the dialogs and pydantic are not.
    assert modules_at_start(("leukodesk.ui.teaching", "leukodesk.cases", "leukodesk.case_check",
                             "leukodesk.ui.draft_reader", "pydantic")) \
        == ["leukodesk.ui.teaching", "leukodesk.ui.teaching.case_menu",
            "leukodesk.ui.teaching.reveal"]


def test_a_missing_output_is_told_apart_from_any_value():
    # The check above compares with the sentinel resolve really returns.
    assert resolve({"a": {"b": None}}, "a.c") is MISSING
    assert resolve({"a": {"b": None}}, "a.b") is None


def test_pitfalls_of_a_case_show_as_applying(window, qtbot):
    open_from_menu(qtbot, window, "duffy_null_neutropenia")
    a = window.vm.state.assessment
    assert a is not None
    assert window.pitfalls.applying == [p.id for p in a.pitfalls]
    if a.pitfalls:
        assert APPLIES in window.pitfalls.view.toPlainText()
    QApplication.processEvents()
