"""The bedside window's promises, driven through the real widgets: invalid input clears every
result and says why beside the field; nothing typed is lost; unit switches convert what was
typed; the pitfalls that apply come first; Ctrl+R gives a blank patient."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from ui_driver import (
    APPLIES,
    DEFAULT_CHOICES,
    DEFAULT_UNITS,
    Typed,
    User,
    assert_window_shows,
    number_rows,
    shown,
)

from leukodesk.core import assess, content
from leukodesk.ui.panels.advice import DETAIL_HINT

FEBRILE = (("wbc", "2.1"), ("anc", "0.4"), ("platelets", "15"), ("temperature_c", "38.3"),
           ("weight_kg", "70"))


# --- invalid → not counted (or cleared: the WBC) → valid --------------------------------------
@pytest.mark.parametrize(("key", "bad", "named", "needs"), [
    ("wbc", "2100", "WBC 2100 ×10⁹/L", None),
    ("wbc", "abc", "WBC: 'abc'", None),
    ("anc", "2.5", "ANC (2.5 ×10⁹/L)", "ANC: not assessed — fix ANC."),  # above the WBC 2.1
    ("platelets", "-5", "Platelets -5 ×10⁹/L", "Platelet grade: not assessed — fix Platelets."),
    ("temperature_c", "3", "Temperature 3 °C", "FN (CTCAE): not assessed — fix Temperature."),
    ("weight_kg", "400", "Weight 400 kg", "Filgrastim dose: not assessed — fix Weight."),
], ids=["wbc-unit-slip", "wbc-text", "anc-above-wbc", "platelets-negative", "temp-low",
        "weight-high"])
def test_an_invalid_input_counts_as_not_entered_then_the_fix_brings_it_back(
        user, window, key, bad, named, needs):
    user.type_all(FEBRILE)
    assert user.check().valid
    before = shown(window)
    assert window.advice.banner.isVisibleTo(window)  # febrile neutropenia: results to clear

    user.type(key, bad)
    exp = user.check()  # every panel as the core gives it with the field left out
    assert not exp.valid
    row = number_rows(window)[key]
    assert row.edit.text() == bad  # what was typed stays exactly as typed
    assert row.error.isVisibleTo(window) and named in row.error.text()
    assert row.edit.property("invalid") is True
    assert row.edit.accessibleDescription() in row.error.text()
    if needs is None:  # the WBC is required: an invalid WBC clears everything
        assert window.gauge.reading() is None
        assert window.advice.list.toPlainText().startswith("No result")
        assert window.transfusion.label.text().startswith("No result")
        assert window.dose.result.text().startswith("No dose")
        assert "no result" in window.status.text()
    else:  # RULES §2a: only what needs the field says so
        assert window.gauge.reading() is not None
        assert needs in window.advice.list.toPlainText()
        assert "computed from" in window.status.text()

    user.type(key, dict(FEBRILE)[key])
    user.check()
    assert shown(window) == before
    assert not row.error.isVisibleTo(window) and row.edit.property("invalid") is False


def test_a_fresh_window_asks_for_the_counts_and_shows_no_result(window):
    assert all(row.edit.text() == "" for row in number_rows(window).values())
    assert_window_shows(window, Typed())
    assert window.vm.state.blank and "wbc" in window.vm.state.errors
    assert "WBC" in window.advice.list.toPlainText()
    assert APPLIES not in window.pitfalls.view.toPlainText()


@pytest.mark.qt_no_exception_capture
def test_a_huge_number_clears_the_results_instead_of_leaving_them_stale(user, window,
                                                                        monkeypatch):
    caught = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: caught.append(exc))
    user.type("wbc", "1e3")  # 1000 ×10⁹/L: the maximum, valid
    assert user.check().valid
    user.type("wbc", "1e30")
    window.reveal_errors_now()  # as after a pause in the typing
    row = number_rows(window)["wbc"]
    assert window.gauge.reading() is None  # not the reading for WBC 1000 left over
    assert window.vm.state.assessment is None
    message = window.vm.state.errors.get("wbc", "")
    assert row.error.isVisibleTo(window) and message.startswith("WBC 1" + "0" * 30)
    assert "above the maximum" in message
    assert caught == []


def test_a_dose_choice_conflict_is_shown_next_to_the_choice(user, window):
    user.type_all(FEBRILE)
    user.dose_choice("product", "tbo_filgrastim")
    user.dose_choice("indication", "bmt")
    message = window.vm.state.errors["indication"]
    assert window.gauge.reading() is not None  # only the dose needs the dose choices
    assert window.vm.state.dose is None
    labels = [w for w in window.dose.findChildren(QLabel)
              if w is not window.dose.result and w.isVisibleTo(window)]
    assert any(message in label.text() for label in labels)


# --- unit switches ---------------------------------------------------------------------------
def test_switching_count_units_converts_the_typed_counts_and_back_exactly(user, window):
    user.type_all(FEBRILE)
    user.type("lln.platelets", "140")
    before = shown(window)
    user.unit("counts", "cells/uL")
    converted = {"wbc": "2100", "anc": "400", "platelets": "15000", "lln.platelets": "140000"}
    assert {k: number_rows(window)[k].edit.text() for k in converted} == converted
    assert number_rows(window)["wbc"].unit.text() == "cells/µL"
    user.typed.texts.update(converted)
    user.check()
    assert shown(window) == before
    user.unit("counts", "10^9/L")
    assert {k: number_rows(window)[k].edit.text() for k in converted} == {
        "wbc": "2.1", "anc": "0.4", "platelets": "15", "lln.platelets": "140"}
    assert shown(window) == before


def test_wbc_and_platelets_in_cells_per_microlitre(user, window):
    user.type_all((("wbc", "2.1"), ("platelets", "150")))
    before = shown(window)
    user.unit("counts", "cells/uL")
    assert (user.edit("wbc").text(), user.edit("platelets").text()) == ("2100", "150000")
    assert shown(window) == before
    user.unit("counts", "10^9/L")
    assert (user.edit("wbc").text(), user.edit("platelets").text()) == ("2.1", "150")


def test_temperature_switches_to_fahrenheit_and_back(user, window):
    user.type_all(FEBRILE)
    before = shown(window)
    user.unit("temperature", "F")
    assert user.edit("temperature_c").text() == "100.94"
    assert number_rows(window)["temperature_c"].unit.text() == "°F"
    user.typed.texts["temperature_c"] = "100.94"
    user.check()
    assert shown(window) == before
    user.unit("temperature", "C")
    assert user.edit("temperature_c").text() == "38.3"
    assert shown(window) == before


def test_weight_switches_to_pounds_and_back(user, window):
    user.type_all(FEBRILE)
    before, dose = shown(window), window.dose.result.text()
    user.unit("weight", "lb")
    assert user.edit("weight_kg").text() == "154.3236"  # shown rounded ...
    assert window.vm.state.assessment.inputs.weight_kg == 70.0  # ... computed exactly
    assert window.vm.state.dose.weight_kg == 70.0
    assert window.dose.result.text() == dose  # the same dose, presentation and volume
    user.unit("weight", "kg")
    assert user.edit("weight_kg").text() == "70"
    assert shown(window) == before


def test_a_switch_leaves_a_non_number_exactly_as_typed(user, window):
    user.type_all((("wbc", "abc"), ("platelets", "150")))
    user.unit("counts", "cells/uL")
    assert (user.edit("wbc").text(), user.edit("platelets").text()) == ("abc", "150000")
    user.typed.texts["platelets"] = "150000"
    user.check()
    assert "'abc'" in number_rows(window)["wbc"].error.text()


def test_switching_hemoglobin_to_mmol_keeps_the_grade(user, window):
    user.type_all((("wbc", "5"), ("hemoglobin_g_dl", "10.0")))
    expected = assess({"wbc": "5", "hemoglobin_g_dl": "10.0"})
    grade = window.vm.state.assessment.ctcae.anemia
    assert grade == expected.ctcae.anemia
    user.unit("hemoglobin", "mmol/L")
    assert user.edit("hemoglobin_g_dl").text() == "6.2073"  # shown rounded ...
    assert window.vm.state.assessment.ctcae.anemia == grade
    assert window.vm.state.assessment == expected  # ... computed from the 10.0 g/dL typed


def test_switching_weight_to_pounds_keeps_the_dose_shown(user, window):
    user.type_all((("wbc", "5"), ("weight_kg", "78")))
    dose = window.dose.result.text()
    assert "exact tie: larger chosen" in dose
    user.unit("weight", "lb")
    assert window.dose.result.text() == dose


def test_default_limit_placeholders_follow_the_count_unit(user, window):
    user.unit("counts", "cells/uL")
    row = number_rows(window)["lln.wbc"]
    assert row.unit.text() == "cells/µL"
    assert row.edit.placeholderText() == "4000"


# --- ANC or differential ---------------------------------------------------------------------
def test_the_anc_and_the_differential_are_both_kept_across_mode_switches(user, window):
    user.type_all((("wbc", "3.5"), ("anc", "0.3")))
    user.check()
    user.mode("differential")
    assert not user.edit("anc").isVisibleTo(window) and user.edit("anc").text() == "0.3"
    assert user.edit("differential.segs_pct").isVisibleTo(window)
    user.type_all((("differential.segs_pct", "40"), ("differential.bands_pct", "5")))
    user.check()
    assert f"ANC {assess(user.typed.patient()).anc_display} " in window.gauge.reading().detail
    assert assess(user.typed.patient()).anc_display == "1.58"
    user.mode("anc")
    assert user.edit("anc").text() == "0.3"
    assert user.edit("differential.segs_pct").text() == "40"
    user.check()
    assert "ANC 0.300 " in window.gauge.reading().detail


# --- choices ---------------------------------------------------------------------------------
def test_choices_and_ticks_reach_the_core_and_every_panel(user: User, window):
    user.type_all((("wbc", "2.1"), ("anc", "0.4"), ("platelets", "40"),
                   ("temperature_c", "37.2"), ("age_years", "70"),
                   ("expected_neutropenia_days", "10")))
    user.check()
    for key, value in (("planned_procedure", "lumbar_puncture"), ("diagnosis", "apl"),
                       ("anc_expected_below_0_5_within_48h", "yes"),
                       ("planned_procedure", "neurosurgery_posterior_eye")):
        user.patient_choice(key, value)
        user.check()
    user.patient_choice("bleeding", "clinically_significant")
    user.check()
    for key in ("systemic_infection_signs", "myelosuppressive_chemo"):
        user.tick(key)
        user.check()
    assert "Planned procedure: transfuse below" in window.transfusion.label.text()
    user.dose_choice("product", "pegfilgrastim")
    user.type("weight_kg", "38")
    user.check()
    assert "mg pegfilgrastim once per cycle" in window.dose.result.text()


# --- pitfalls --------------------------------------------------------------------------------
def test_mild_leukopenia_shows_its_pitfalls_first_and_marked(user, window):
    user.type_all((("wbc", "3.5"), ("anc", "1.8")))
    expected = assess({"wbc": "3.5", "anc": "1.8"}).pitfalls
    assert expected  # the case has pitfalls to highlight
    assert window.pitfalls.applying == [p.id for p in expected]
    text = window.pitfalls.view.toPlainText()
    assert text.startswith(APPLIES)
    assert text.count(APPLIES) == len(expected)
    marked = [text.index(f"{APPLIES}: {p.title}") for p in expected]
    others = [text.index(p.title) for key, p in content.pitfalls().items()
              if key not in window.pitfalls.applying]
    assert marked == sorted(marked) and others and max(marked) < min(others)
    user.type("wbc", "")  # invalid: no pitfall is claimed to apply any more
    assert window.pitfalls.applying == [] and APPLIES not in window.pitfalls.view.toPlainText()


# --- reset -----------------------------------------------------------------------------------
def test_ctrl_r_gives_a_blank_patient_and_keeps_the_units(user, window, qtbot):
    blank = shown(window)
    user.unit("counts", "cells/uL")
    user.unit("temperature", "F")
    user.type_all((("wbc", "800"), ("anc", "300"), ("temperature_c", "101"),
                   ("age_years", "70"), ("lln.wbc", "3500"), ("weight_kg", "70"),
                   ("tolerance_pct", "5")))
    user.tick("fever_sustained_1h")
    user.tick("duffy_null")
    inputs = window.inputs
    user.patient_choice("diagnosis", "aml")
    user.patient_choice("anc_expected_below_0_5_within_48h", "yes")
    user.dose_choice("presentation_set", "us_vials")
    user.mode("differential")
    states = []
    window.vm.state_changed.connect(states.append)

    QTest.keySequence(window, QKeySequence("Ctrl+R"))

    assert len(states) == 1 and states[0] is window.vm.state and states[0].blank
    assert all(row.edit.text() == "" for row in number_rows(window).values())
    assert not any(box.isChecked() for box in inputs.flags.values())
    assert {k: c.currentData() for k, c in inputs.choices.items()} == DEFAULT_CHOICES
    assert {k: c.currentData() for k, c in window.dose.combos.items()} == {
        "indication": "chemotherapy", "product": "filgrastim", "presentation_set": "us_syringes",
        "brand": "", "past_nadir": "unknown"}
    assert inputs.anc_radio.isChecked() and user.edit("anc").isVisibleTo(window)
    assert {g: u.value for g, u in window.vm.units.items()} == {
        **DEFAULT_UNITS, "counts": "cells/uL", "temperature": "F"}
    assert inputs.unit_combos["counts"].currentData() == "cells/uL"
    assert number_rows(window)["wbc"].unit.text() == "cells/µL"
    assert shown(window) == blank
    assert_window_shows(window, Typed(units={**DEFAULT_UNITS, "counts": "cells/uL",
                                             "temperature": "F"}))


def test_the_reset_action_is_ctrl_r_in_the_file_menu(window):
    assert window.reset_action.shortcut() == QKeySequence("Ctrl+R")
    file_menu = window.menuBar().actions()[0].menu()
    assert window.reset_action in file_menu.actions()


def test_a_source_link_shows_its_reference_by_mouse_and_by_keyboard(user: User, window, qtbot):
    user.type_all((("wbc", "0.8"), ("anc", "0.3"), ("temperature_c", "38.3")))
    first = window.vm.state.assessment.recommendations[0]
    links = window.advice.list.findChild(QLabel, f"advice_{first.id}_sources")
    assert links is not None and links.isVisibleTo(window)
    for source_id in first.sources:  # each link carries the id and reads as a short name
        assert f'href="source:{source_id}">{content.source_name(source_id)}</a>' \
            in links.text()
        assert f">{source_id}<" not in links.text()
    # Keyboard: Tab into the source line, Tab to its first link, Enter opens it.
    links.setFocus()
    QTest.keyClick(links, Qt.Key.Key_Tab)
    QTest.keyClick(links, Qt.Key.Key_Return)
    shown_source = content.sources()[first.sources[0]]
    qtbot.waitUntil(lambda: window.advice.source.text().startswith(shown_source.short))
    assert shown_source.title in window.advice.source.text()  # the full reference
    assert f"Source id: {first.sources[0]}" in window.advice.source.text()
    # Mouse: a click on the link itself (found by scanning the label's first line), from
    # nothing chosen (the hint).
    window.advice.selection = None
    window.advice.show_state(window.vm.state)
    assert window.advice.source.text() == DETAIL_HINT
    y = links.fontMetrics().height() // 2 + links.contentsMargins().top() + 1
    for x in range(2, links.width(), 3):
        QTest.mouseClick(links, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        if window.advice.source.text() != DETAIL_HINT:
            break
    assert window.advice.source.text().startswith(shown_source.short)


def test_a_new_error_line_waits_for_a_pause_but_everything_else_is_at_once(user, window,
                                                                          qtbot):
    """Typing 37 passes through 3 °C (invalid): the temperature counts as not entered and
    the field is marked at once, but the line under it (which moves the fields below)
    waits for a pause."""
    from leukodesk.ui.widgets import ErrorReveal

    user.type_all(FEBRILE)
    row = number_rows(window)["temperature_c"]
    edit = row.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, "3")
    message = window.vm.state.errors["temperature_c"]
    assert window.vm.state.assessment.inputs.temperature_c is None  # left out (RULES §2a)
    assert edit.property("invalid") is True and edit.accessibleDescription() == message
    assert message in window.advice.list.toPlainText()  # said at once, in the results
    assert not row.error.isVisibleTo(window)  # the line itself: not yet
    qtbot.keyClick(edit, "7")  # on to 37 °C before the pause: no line ever shown
    assert window.vm.state.valid and not row.error.isVisibleTo(window)
    qtbot.wait(ErrorReveal.DELAY_MS + 100)
    assert not row.error.isVisibleTo(window) and edit.property("invalid") is False
    # A pause on an invalid value brings the line up by itself...
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: row.error.isVisibleTo(window), timeout=ErrorReveal.DELAY_MS + 1000)
    assert row.error.text() == window.vm.state.errors["temperature_c"]
    # ...and a line on screen follows every keystroke at once: changed, then gone.
    first = row.error.text()
    qtbot.keyClick(edit, ".")
    qtbot.keyClick(edit, "5")  # 3.5 °C: still too low, another message
    assert row.error.isVisibleTo(window) and row.error.text() != first
    assert row.error.text() == window.vm.state.errors["temperature_c"]
    for _ in range(2):
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, "8")
    qtbot.keyClick(edit, ".")
    qtbot.keyClick(edit, "3")
    assert window.vm.state.valid and not row.error.isVisibleTo(window)


def test_transfusion_and_dose_tones_follow_the_result(user, window):
    user.type_all(FEBRILE)  # platelets 15 with fever: transfuse; 350 mcg is outside ±10 %
    assert window.transfusion.fence.tone() == "urgent"
    assert window.dose.result_fence.tone() == "warning"
    user.type("platelets", "150")
    user.type("weight_kg", "60")  # 300 mcg: exactly one syringe
    user.check()
    assert window.transfusion.fence.tone() == "ok"
    assert window.dose.result_fence.tone() == "ok"
    user.type("wbc", "2100")  # invalid: no result, no tone
    user.check()
    assert window.transfusion.fence.tone() == window.dose.result_fence.tone() == "none"


def test_the_status_line_never_rounds_a_figure_across_a_threshold(user, window):
    """RULES §1: 37.999 °C is not fever; the status line must not say 38."""
    user.type("wbc", "3")
    user.type("temperature_c", "37.999")
    user.type("platelets", "10.004")
    user.check()
    status = window.status.text()
    assert "T 37.999 °C" in status and "plt 10.004" in status, status
    user.type("temperature_c", "37.2")
    assert "T 37.2 °C" in window.status.text()


def test_the_status_line_never_rounds_a_count_onto_the_labs_own_lln(user, window):
    """A WBC just under the laboratory's lower limit of normal is low; the status line
    must not write it as that limit."""
    user.type("lln.wbc", "4.5")
    user.type("wbc", "4.49996")
    user.check()
    assert window.vm.state.assessment.leukopenia  # the core: below the LLN of 4.5
    status = window.status.text()
    assert "WBC 4.49996" in status and "WBC 4.5," not in status, status
