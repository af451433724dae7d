"""Step-through teaching (issue 5): View ▸ Reveal step by step hides the results under a
cover until Space; they hide again when the question changes (an input in the input
column, a case opened, Reset). Space is taken only while the results are hidden."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout
from ui_driver import User, assert_window_shows, shown

from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.teaching.reveal import SHORTCUT


def results_panels(window: MainWindow) -> list:
    # Beside the advice: the pitfalls, or the FN risk section in their place (it comes
    # forward with a fever), whichever tab is shown; below them the transfusion and dose.
    return [window.gauge, window.advice.banner_fence, window.advice, window.transfusion,
            window.dose, window.bottom_tabs, window.bottom_tabs.currentWidget()]


def assert_hidden(window: MainWindow) -> None:
    cover = window.reveal.cover
    assert window.reveal.covered and cover is not None and cover.isVisible()
    assert cover.geometry() == window.results.rect()
    assert cover.autoFillBackground()           # opaque
    for panel in results_panels(window):        # hidden, not only painted over
        assert not panel.isVisible(), panel.objectName()
    status = window.status.text()
    assert "computed from" not in status and "ANC" not in status
    assert "press Space" in status or "input problem" in status or "enter the counts" in status


def assert_shown(window: MainWindow) -> None:
    assert not window.reveal.covered
    assert window.reveal.cover is None or not window.reveal.cover.isVisible()
    for panel in results_panels(window):
        assert panel.isVisible(), panel.objectName()


def toggle(qtbot, window: MainWindow) -> None:
    """View ▸ Reveal step by step, by its shortcut."""
    assert SHORTCUT == "Ctrl+Shift+H"
    qtbot.keyClick(window, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


@pytest.fixture
def patient(user) -> User:
    user.type("wbc", "1.1")
    user.type("anc", "0.3")
    user.type("temperature_c", "38.6")
    user.check()
    return user


def test_the_toggle_is_in_the_view_menu_with_a_shortcut(window):
    action = window.reveal.action
    assert action in window.view_menu.actions()
    assert action.isCheckable() and not action.isChecked()
    assert action.text() == "&Reveal step by step"
    assert action.objectName() == "reveal_action" and action in window.actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+H")
    assert action.statusTip() == action.toolTip() and "Space" in action.statusTip()
    assert window.reveal.cover is None     # nothing made until it is used


def test_space_reveals_from_a_field_and_types_nothing(window, qtbot, patient):
    before = shown(window)
    toggle(qtbot, window)
    assert window.reveal.action.isChecked()
    assert_hidden(window)
    edit = patient.edit("platelets")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert edit.text() == ""                # the key was taken
    assert_shown(window)
    assert shown(window) == before          # what appears is what was computed
    assert_window_shows(window, patient.typed)
    assert "computed from" in window.status.text()


def test_space_reveals_from_a_checkbox_without_ticking_it(window, qtbot, patient):
    toggle(qtbot, window)
    box = window.inputs.flags["duffy_null"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    assert_shown(window)
    qtbot.keyClick(box, Qt.Key.Key_Space)   # nothing hidden now: Space ticks as usual
    assert box.isChecked()
    patient.typed.flags.add("duffy_null")
    assert_hidden(window)                   # and that change is a new question
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    assert_shown(window)
    assert_window_shows(window, patient.typed)


def test_results_hide_again_when_an_input_changes(window, qtbot, patient):
    toggle(qtbot, window)
    qtbot.keyClick(patient.edit("anc"), Qt.Key.Key_Space)
    assert_shown(window)
    patient.type("anc", "0.05")
    assert_hidden(window)
    qtbot.keyClick(patient.edit("anc"), Qt.Key.Key_Space)
    assert patient.edit("anc").text() == "0.05"
    assert_shown(window)
    assert_window_shows(window, patient.typed)   # the panels kept rendering underneath
    patient.unit("temperature", "F")              # a unit switch changes the question too
    assert_hidden(window)


def test_opening_a_case_and_reset_hide_the_results(window, qtbot):
    toggle(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert_shown(window)
    window.cases.open_shipped("aml_induction_platelets_8")
    assert_hidden(window)
    pane = window.cases.pane
    assert pane.points_held and "press Space" in pane.plain_text()
    first_point = window.cases.case.teaching_points[0]
    assert first_point not in pane.plain_text()   # the teaching points say the answer
    qtbot.keyClick(window.inputs.rows["wbc"].edit, Qt.Key.Key_Space)
    assert_shown(window)
    assert first_point in pane.plain_text()
    window.dose.weight.edit.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert_hidden(window)


def test_typing_in_the_dose_panel_after_the_reveal_does_not_hide_it(window, qtbot, patient):
    toggle(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    patient.type("weight_kg", "70")     # the dose panel is in the results area
    assert_shown(window)
    assert_window_shows(window, patient.typed)


def test_turning_the_toggle_off_shows_the_results_and_space_is_space_again(window, qtbot,
                                                                          patient):
    toggle(qtbot, window)
    assert_hidden(window)
    toggle(qtbot, window)
    assert not window.reveal.action.isChecked()
    assert_shown(window)
    patient.type("anc", "0.2")          # changes no longer hide anything
    assert_shown(window)
    box = window.inputs.flags["duffy_null"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    patient.typed.flags.add("duffy_null")
    assert_window_shows(window, patient.typed)


def test_the_cover_is_named_for_screen_readers_and_has_a_button(window, qtbot, patient):
    window.reveal.action.trigger()
    cover = window.reveal.cover
    assert cover.accessibleName() == "Results hidden"
    assert "press Space" in cover.accessibleDescription()
    assert cover.button.accessibleName() == "Reveal the results"
    qtbot.mouseClick(cover.button, Qt.MouseButton.LeftButton)
    assert_shown(window)


def test_space_in_a_dialog_is_the_dialogs(window, qtbot, patient):
    window.reveal.action.trigger()
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert edit.text() == " "
    assert_hidden(window)
    dialog.close()


def test_the_cover_follows_the_results_size(window, qtbot, patient):
    window.reveal.action.trigger()
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: window.results.width() > 600)
    qtbot.wait(10)
    assert window.reveal.cover.geometry() == window.results.rect()


def test_nothing_in_the_window_moves_when_the_results_hide(window, qtbot, patient):
    sizes = window.split.sizes()
    window.reveal.action.trigger()
    qtbot.wait(10)
    assert window.split.sizes() == sizes
    window.reveal.action.trigger()
    qtbot.wait(10)
    assert window.split.sizes() == sizes
