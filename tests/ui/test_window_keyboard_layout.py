"""Keyboard-only use (Tab and Enter walk the fields top to bottom), accessible names, the fit
at 1024×768, and screenshots of the empty, febrile-neutropenia and invalid states."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextBrowser,
    QWidget,
)
from ui_driver import User, number_rows

from leukodesk.ui.look import theme

# The selectors come before the values a clinician types in a row (issue 15): Tab from the
# WBC to the age meets number fields only.
SELECTORS_FIRST = ["counts_unit_combo", "hemoglobin_unit_combo", "temperature_unit_combo",
                   "ANC given"]
NUMBERS_IN_A_ROW = ["wbc_edit", "anc_edit", "lymphocytes_edit", "monocytes_edit",
                    "platelets_edit", "hemoglobin_g_dl_edit", "temperature_c_edit",
                    "expected_neutropenia_days_edit", "age_years_edit"]
# The FN risk items (RULES §11), in the rule set's order: one stop per item (a yes/no
# item's chosen button; the arrow keys move the choice).
FN_ORDER = ["fn_risk_burden_combo", "fn_risk_systolic_bp_mmhg_edit",
            "fn_risk_hypotension_unknown", "fn_risk_copd_unknown",
            "fn_risk_previous_fungal_infection_unknown",
            "fn_risk_iv_fluids_for_dehydration_unknown", "fn_risk_outpatient_at_onset_unknown",
            "fn_risk_ecog_combo", "fn_risk_stress_hyperglycaemia_unknown",
            "fn_risk_chronic_cardiovascular_disease_unknown", "fn_risk_mucositis_grade_combo",
            "fn_risk_clinically_stable_unknown", "fn_risk_chemo_intensity_combo"]
# The earlier counts (RULES §13): their times, the table, its buttons (Remove row is off
# while the table is empty).
HISTORY_ORDER = ["counts_time_edit", "last_chemo_at_edit", "history_table", "add_row_button",
                 "paste_lab_results_button"]
INPUT_ORDER = [
    *SELECTORS_FIRST, *NUMBERS_IN_A_ROW, "fever_sustained_1h_check",
    "anc_expected_below_0_5_within_48h_combo", "systemic_infection_signs_check",
    "uncontrolled_primary_disease_check", "myelosuppressive_chemo_check",
    "anthracycline_chemo_check", "duffy_null_check", "bleeding_combo", "diagnosis_combo",
    "planned_procedure_combo", *HISTORY_ORDER, *FN_ORDER, "lln_wbc_edit", "lln_anc_edit",
    "lln_lymphocytes_edit", "lln_platelets_edit", "lln_hemoglobin_edit"]
ENTER_ORDER = [*NUMBERS_IN_A_ROW, "lln_wbc_edit", "lln_anc_edit", "lln_lymphocytes_edit",
               "lln_platelets_edit", "lln_hemoglobin_edit", "weight_kg_edit",
               "tolerance_pct_edit"]
DOSE_ORDER = ["weight_kg_edit", "weight_unit_combo", "tolerance_pct_edit", "indication_combo",
              "product_combo", "brand_combo", "presentation_set_combo"]
FEBRILE = (("wbc", "0.8"), ("anc", "0.3"), ("platelets", "15"), ("temperature_c", "38.3"),
           ("weight_kg", "70"))


def name_of(widget: QWidget) -> str:
    return widget.objectName() or (widget.text() if isinstance(widget, QAbstractButton) else "")


def walk(qtbot, start: QWidget, key: Qt.Key, steps: int) -> list[str]:
    """Focus ``start`` and press ``key`` ``steps`` times; the names of the focused widgets."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    names = [name_of(start)]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), key)
        names.append(name_of(QApplication.focusWidget()))
    return names


def test_tab_walks_the_inputs_top_to_bottom_then_the_dose(qtbot, window):
    names = walk(qtbot, window.inputs.unit_combos["counts"], Qt.Key.Key_Tab, 60)
    assert names[:len(INPUT_ORDER)] == INPUT_ORDER
    rest = names[len(INPUT_ORDER):]
    assert [n for n in rest if n in DOSE_ORDER][:len(DOSE_ORDER)] == DOSE_ORDER
    # On screen, each input lies at or below the previous one.
    by_name = {name_of(w): w for w in window.inputs.findChildren(QWidget)}
    tops = [by_name[n].mapTo(window.inputs, QPoint(0, 0)).y() for n in INPUT_ORDER]
    assert tops == sorted(tops)


@pytest.mark.parametrize("start", [n for n in INPUT_ORDER[:-1]
                                   if n != "ANC given" and not n.endswith("_edit")
                                   and n not in HISTORY_ORDER] +
                         ["weight_unit_combo", "indication_combo", "product_combo"])
def test_enter_on_a_selector_moves_on_as_tab_does(qtbot, window, start):
    widget = window.findChild(QWidget, start)
    assert isinstance(widget, QCheckBox | QComboBox | QRadioButton)
    by_tab = walk(qtbot, widget, Qt.Key.Key_Tab, 1)
    by_enter = walk(qtbot, widget, Qt.Key.Key_Return, 1)
    assert by_enter == by_tab and by_enter[1] != by_enter[0]


def test_enter_alone_walks_every_number_field_in_reading_order(qtbot, window):
    names = walk(qtbot, window.inputs.rows["wbc"].edit, Qt.Key.Key_Return,
                 len(ENTER_ORDER) - 1)
    assert names == ENTER_ORDER


def test_enter_in_a_field_keeps_its_text_and_result(user: User, window, qtbot):
    user.type("wbc", "3.5")
    qtbot.keyClick(user.edit("wbc"), Qt.Key.Key_Enter)
    assert user.edit("wbc").text() == "3.5" and not user.edit("wbc").hasFocus()
    user.check()


def test_every_control_carries_a_name_and_names_are_unique(window):
    names: list[str] = []
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QComboBox | QTextBrowser | QPlainTextEdit):
            name = widget.accessibleName()
            assert name.strip(), widget.objectName()
            if isinstance(widget, QLineEdit | QComboBox):
                names.append(name)
        elif isinstance(widget, QAbstractButton) and not widget.objectName().startswith("qt_"):
            assert (widget.accessibleName() or widget.text()).strip(), widget.objectName()
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for key, row in number_rows(window).items():  # the visible label is the field's buddy
        assert row.label.buddy() is row.edit, key
    assert window.gauge.accessibleName() == "Severity gauge"
    for label in (window.advice.banner, window.transfusion.label, window.dose.result):
        assert isinstance(label, QLabel) and label.accessibleName().strip()
    # The status line paints itself (no relayout per keystroke); its text is its description.
    assert window.status.accessibleName() == "Status"
    assert window.status.accessibleDescription() == window.status.text()


# --- layout and screenshots ------------------------------------------------------------------
def panels(window) -> dict[str, QWidget]:
    return {"inputs": window.findChild(QWidget, "inputs_scroll"), "gauge": window.gauge,
            "banner": window.advice.banner, "advice": window.advice.list,
            "source": window.advice.source, "tabs": window.bottom_tabs.currentWidget(),
            "transfusion and dose": window.findChild(QWidget, "results_bottom_scroll"),
            "status": window.status}


# In the transfusion and dose row, which scrolls up and down at this size (issue 19 asks
# only the ACT NOW strip and the first recommendation on screen at 1024×768 in the window:
# tests/ui/test_screen_layout.py); the row's view itself is among the panels above.
SCROLLED = {"transfusion": lambda w: w.transfusion, "dose": lambda w: w.dose,
            "dose result": lambda w: w.dose.result, "dose workings": lambda w: w.dose.formula}


def test_every_panel_fits_in_1024_by_768(user: User, window, qtbot):
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 768
    user.type_all(FEBRILE)  # febrile neutropenia: the alert banner is shown too
    qtbot.wait(10)
    assert window.size().width() == 1024 and window.size().height() == 768
    inside = window.rect()
    for name, panel in panels(window).items():
        assert panel.isVisible(), name
        rect = QRect(panel.mapTo(window, QPoint(0, 0)), panel.size())
        assert inside.contains(rect), (name, rect)
        assert rect.width() >= 100 and rect.height() >= panel.fontMetrics().height(), name
    row = window.findChild(QWidget, "results_bottom_scroll")
    for name, panel in SCROLLED.items():
        widget = panel(window)
        assert widget.isVisible() and row.widget().isAncestorOf(widget), name
        assert widget.width() >= 100, name
    line = window.fontMetrics().lineSpacing()
    assert window.advice.list.height() >= 5 * line
    assert window.dose.formula.height() >= 3 * line


def test_screenshots_of_the_three_states_at_1024_by_768(user: User, window, tmp_path: Path):
    # The application's look (the default theme, unzoomed), on this window only.
    window.setStyleSheet(theme.stylesheet(theme.themes()[theme.DEFAULT_THEME],
                                          window.font().pointSizeF() * theme.SMALL_TEXT))
    saved = []
    for name, pairs in (("empty", ()), ("febrile_neutropenia", FEBRILE),
                        ("invalid", (("wbc", "2100"),))):
        user.type_all(pairs)
        path = tmp_path / f"{name}.png"
        assert window.grab().save(str(path))
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1024, 768)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
        saved.append(image)
    assert saved[0] != saved[1] and saved[1] != saved[2] and saved[0] != saved[2]
