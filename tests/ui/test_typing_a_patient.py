"""Input that never lands in the wrong field (issue 15): a whole patient typed with Enter, and
with Tab, by real key events, lands each value in its own field; a key typed on a selector is
not dropped in silence; an invalid optional value counts as not entered (RULES §2a); a unit
slip is taken back in one click; three-state bleeding; Help ▸ What changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from ui_driver import User, assert_window_shows, number_rows

from leukodesk.core import assess, content

PATIENT = (("wbc", "1.2"), ("anc", "0.4"), ("lymphocytes", "0.5"), ("monocytes", "0.1"),
           ("platelets", "40"), ("hemoglobin_g_dl", "9"), ("temperature_c", "38.3"),
           ("expected_neutropenia_days", "12"), ("age_years", "70"))


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab])
def test_a_whole_patient_typed_in_a_row_lands_field_by_field(qtbot, window, key):
    rows = number_rows(window)
    rows["wbc"].edit.setFocus()
    qtbot.waitUntil(rows["wbc"].edit.hasFocus)
    for i, (name, text) in enumerate(PATIENT):
        assert QApplication.focusWidget() is rows[name].edit, name
        qtbot.keyClicks(QApplication.focusWidget(), text)
        if i < len(PATIENT) - 1:
            qtbot.keyClick(QApplication.focusWidget(), key)
    for name, text in PATIENT:
        assert rows[name].edit.text() == text, name
        assert window.vm.text(name) == text, name
    typed = User(qtbot, window).typed
    typed.texts.update(dict(PATIENT))
    exp = assert_window_shows(window, typed)
    assert exp.assessment is not None and exp.assessment.febrile_neutropenia is True


def test_digits_typed_on_a_selector_are_not_dropped_in_silence(qtbot, window):
    radio = window.inputs.anc_radio
    radio.setFocus()
    qtbot.waitUntil(radio.hasFocus)
    qtbot.keyClicks(radio, "0.4")
    assert "not taken" in window.statusBar().currentMessage()
    assert window.vm.text("anc") == ""  # nothing landed anywhere else either


def test_a_typo_in_the_weight_leaves_every_other_result_standing(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "1.2"), ("anc", "0.4"), ("temperature_c", "38.5"),
                   ("platelets", "40"), ("weight_kg", "7x0")))
    exp = user.check()
    a = exp.assessment
    assert a is not None and a.febrile_neutropenia is True
    assert window.advice.alerting  # the FN alert stays
    assert window.dose.weight.edit.property("invalid")
    assert window.dose.result.text() == "Filgrastim dose: not assessed — fix Weight."
    assert "Filgrastim dose: not assessed — fix Weight." in window.advice.list.toPlainText()


def test_an_invalid_platelet_count_is_named_where_it_is_needed(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "3"), ("anc", "1.8"), ("platelets", "-4")))
    user.check()
    assert window.transfusion.label.text() == "Not assessed — fix Platelets."
    assert "Platelet grade: not assessed — fix Platelets." in window.advice.list.toPlainText()


def test_an_invalid_wbc_clears_everything(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "1.2x"), ("anc", "0.4"), ("temperature_c", "39"),
                   ("weight_kg", "70")))
    exp = user.check()
    assert exp.assessment is None and window.vm.state.dose is None
    assert not window.advice.alerting and window.gauge.reading() is None


def test_an_anc_above_the_wbc_drops_the_anc_never_the_wbc(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "0.4"), ("anc", "0.9"), ("temperature_c", "38.6")))
    exp = user.check()
    a = exp.assessment
    assert a is not None and a.anc is None and a.anc_upper_bound == pytest.approx(0.4)
    assert window.gauge.reading().head.startswith("severe or worse")
    assert "fix ANC" in window.gauge.reading().detail
    assert window.advice.alerting  # the WBC bound still settles FN


def test_a_unit_slip_is_taken_back_in_one_click(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "3"), ("anc", "2100")))
    user.check()
    row = window.inputs.rows["anc"]
    assert "Use 2.1 ×10⁹/L" in row.error.text()
    row.error.linkActivated.emit("fix")
    assert row.edit.text() == "2.1" and window.vm.state.errors == {}
    user.typed.texts["anc"] = "2.1"
    user.check()


def test_a_fahrenheit_slip_keeps_the_figure_and_takes_the_unit(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "3"), ("temperature_c", "101.3")))
    user.check()
    row = window.inputs.rows["temperature_c"]
    assert "Use 101.3 °F (= 38.5 °C)" in row.error.text()
    row.error.linkActivated.emit("fix")
    assert row.edit.text() == "101.3"
    assert window.inputs.unit_combos["temperature"].currentData() == "F"
    user.typed.units["temperature"] = "F"
    exp = user.check()
    assert exp.assessment.fever is True


def test_bleeding_is_one_choice_in_words_and_reaches_the_core(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "3"), ("platelets", "140")))
    combo = window.inputs.choices["bleeding"]
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "none", "clinically_significant", "severe_or_critical_site"]
    user.patient_choice("bleeding", "severe_or_critical_site")
    exp = user.check()
    assert window.vm.patient_document()["bleeding"] == "severe_or_critical_site"
    assert exp.assessment.platelet_transfusion.transfuse_now is False  # 140: find the cause
    assert window.advice.alerting  # bleeding stays an emergency


def test_an_old_case_with_the_bleeding_box_reads_as_clinically_significant(window):
    window.vm.load_document({"wbc": 3, "platelets": 20, "active_bleeding": True})
    assert window.inputs.choices["bleeding"].currentData() == "clinically_significant"
    assert window.vm.state.assessment == assess(
        {"wbc": 3, "platelets": 20, "bleeding": "clinically_significant"})
    window.vm.load_document({"wbc": 3, "active_bleeding": True, "bleeding": "none"})
    assert window.inputs.choices["bleeding"].currentData() == "none"


def test_the_gauge_never_says_no_neutropenia_alone_beside_an_emergency(qtbot, window):
    user = User(qtbot, window)
    user.type_all((("wbc", "150"), ("anc", "80")))
    user.check()
    reading = window.gauge.reading()
    assert reading.level == 0 and "see ACT NOW" in reading.head
    assert "WBC above 100 — hyperleukocytosis" in reading.marks
    assert "hyperleukocytosis" in window.gauge.accessibleDescription()


def test_without_an_anc_a_high_wbc_reads_not_measured_with_its_grade_in_words(qtbot, window):
    user = User(qtbot, window)
    user.type("wbc", "2.5")
    user.check()
    reading = window.gauge.reading()
    assert reading.level is None and reading.head == "ANC not measured"
    assert "CTCAE grade 2: moderately decreased" in reading.detail
    assert window.gauge.marker_fraction() is None


def test_what_changed_lists_the_changes_and_closes_from_the_keyboard(qtbot, window):
    window.what_changed_action.trigger()
    dialog = window.changes_dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    _, _, changes = content.changes()
    text = dialog.text.toPlainText()
    for change in changes:
        assert change.title in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
