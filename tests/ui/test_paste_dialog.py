"""Paste lab results (issue 17): Ctrl+Shift+V or the button opens one dialog; the text set
in it is read by the core's parser; the preview holds exactly the rows understood, the
report every line not read and why; Import adds them all to the history in one step and
Cancel adds nothing; a row whose time is taken is named and left out; the units chosen in
the dialog are converted to the window's; the window then shows the core's trend."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from test_history_window import CTRL_SHIFT, NOW, _clock, cells, core  # noqa: F401 (fixture)

from leukodesk.core.contract.lab_paste import parse_lab_paste
from leukodesk.ui.history.paste_dialog import PasteDialog
from leukodesk.ui.main_window import MainWindow

LIS = ("Datum\tUhrzeit\tLeukozyten (/nl)\tNeutrophile abs. (/nl)\tThrombozyten (/nl)\tHb (g/dl)"
       "\tCRP (mg/l)\n"
       "09.03.2026\t08:15\t4,1\t2,6\t210\t12,1\t3\n"
       "10.03.2026\t07:50\t3,8\t2,2\t190\t11,9\t5\n"
       "11.03.2026\t08:05\t3,1\t1,6 L\t165\t11,4\t8\n"
       "12.03.2026\t08:00\t2,6\t0,8,1\t120\t10,6\t12\n"
       "gestern\t08:00\t2,0\t0,9\t101\t10,2\t30\n")


def open_dialog(qtbot, window: MainWindow) -> PasteDialog:
    QApplication.clipboard().setText("")   # nothing from an earlier test in the box
    qtbot.keyClick(window, Qt.Key.Key_V, CTRL_SHIFT)
    dialog = window.inputs.history.dialog
    assert isinstance(dialog, PasteDialog) and dialog.isVisible()
    return dialog


def preview(dialog: PasteDialog) -> list[list[str]]:
    table: QTableWidget = dialog.preview
    return [[table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]] + [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())]


def snapshot(window: MainWindow) -> tuple:
    return (window.vm.patient_document(), window.vm.state, cells(window),
            window.vm.text("counts_time"))


def test_a_lab_table_pasted_previews_what_was_understood_and_imports_on_ok(qtbot, window):
    qtbot.keyClicks(window.inputs.rows["wbc"].edit, "2")
    qtbot.keyClicks(window.inputs.rows["anc"].edit, "0.9")
    before = snapshot(window)
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText(LIS)
    assert preview(dialog) == [
        ["Line", "Time", "WBC (×10⁹/L)", "ANC (×10⁹/L)", "Plt (×10⁹/L)", "Hb (g/dL)"],
        ["2", "2026-03-09T08:15", "4.1", "2.6", "210", "12.1"],
        ["3", "2026-03-10T07:50", "3.8", "2.2", "190", "11.9"],
        ["4", "2026-03-11T08:05", "3.1", "1.6", "165", "11.4"]]
    report = dialog.report.text()
    assert "3 rows understood" in report
    assert "line 5: ANC '0,8,1' is not a number" in report
    assert "line 6: 'gestern' is not a date" in report
    assert "Note: not read: CRP (mg/l)." in report
    assert "The current counts get the time now when you import" in report
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 3 rows"
    assert snapshot(window) == before   # nothing imported while the dialog is open
    states: list = []
    window.vm.state_changed.connect(states.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    window.vm.state_changed.disconnect(states.append)
    assert len(states) == 1 and not dialog.isVisible()   # all in one step
    assert cells(window) == [["2026-03-09T08:15", "4.1", "2.6", "", "", "210", "12.1"],
                             ["2026-03-10T07:50", "3.8", "2.2", "", "", "190", "11.9"],
                             ["2026-03-11T08:05", "3.1", "1.6", "", "", "165", "11.4"]]
    assert window.vm.text("counts_time") == NOW
    assert "Imported 3 earlier counts" in window.statusBar().currentMessage()
    mine = {"wbc": 2, "anc": 0.9, "counts_time": NOW, "history": [
        {"time": "2026-03-09T08:15", "wbc": 4.1, "anc": 2.6, "platelets": 210,
         "hemoglobin_g_dl": 12.1},
        {"time": "2026-03-10T07:50", "wbc": 3.8, "anc": 2.2, "platelets": 190,
         "hemoglobin_g_dl": 11.9},
        {"time": "2026-03-11T08:05", "wbc": 3.1, "anc": 1.6, "platelets": 165,
         "hemoglobin_g_dl": 11.4}]}
    assert window.vm.state.assessment == core(mine)
    assert window.vm.state.assessment.trend.direction == "falling"


def test_cancel_imports_nothing(qtbot, window):
    qtbot.keyClicks(window.inputs.rows["wbc"].edit, "2")
    before = snapshot(window)
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText(LIS)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and snapshot(window) == before


def test_the_button_opens_it_too_and_a_paste_without_rows_cannot_be_imported(qtbot, window):
    QApplication.clipboard().setText("")
    qtbot.mouseClick(window.inputs.history.paste_button, Qt.MouseButton.LeftButton)
    dialog = window.inputs.history.dialog
    assert dialog.isVisible() and not dialog.import_button.isEnabled()
    assert dialog.report.text().startswith("Nothing to read")
    dialog.text_edit.setPlainText("Datum\tLeukozyten\tNeutrophile abs.\n")
    assert not dialog.import_button.isEnabled()
    assert dialog.report.text().startswith("Only a header")
    dialog.reject()


def test_rows_whose_time_is_taken_are_named_and_left_out(qtbot, window):
    window.vm.load_document({"wbc": 2, "anc": 0.9, "counts_time": "2026-03-12T08:00",
                             "history": [{"time": "2026-03-10", "wbc": 3.8, "anc": 2.2}]})
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText("Date;WBC;ANC\n2026-03-09;4,1;2,6\n10.03.2026;3,9;2,3\n"
                                  "12.03.2026 08:00;2;0,9\n")
    report = dialog.report.text()
    assert ("line 3: 2026-03-10 is already in the table (row 1, 2026-03-10): not imported"
            in report)
    assert ("line 4: 2026-03-12T08:00 is already in the table (the current counts, "
            "2026-03-12T08:00): not imported" in report)
    assert [r[1] for r in preview(dialog)[1:]] == ["2026-03-09"]
    assert "The current counts are the latest point, at 2026-03-12T08:00" in report
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [r[0] for r in cells(window)] == ["2026-03-10", "2026-03-09"]
    assert window.vm.state.errors == {}   # the row at 2026-03-10 was not overwritten
    assert window.vm.patient_document()["history"][0]["wbc"] == "3.8"


def test_the_units_chosen_in_the_dialog_are_converted_to_the_windows(qtbot, window):
    qtbot.keyClicks(window.inputs.rows["wbc"].edit, "2")
    dialog = open_dialog(qtbot, window)
    dialog.count_combo.setCurrentIndex(dialog.count_combo.findData("cells/uL"))
    dialog.hb_combo.setCurrentIndex(dialog.hb_combo.findData("g/L"))
    dialog.text_edit.setPlainText("Date\tWBC (G/l)\tANC\tPLT\tHb\n"
                                  "2026-03-12\t3100\t1550\t140000\t105\n")
    report = dialog.report.text()
    assert ("The header gives WBC in ×10⁹/L, but cells/µL is chosen above: check the unit "
            "before you import." in report)
    assert preview(dialog)[0][2:] == ["WBC (cells/µL)", "ANC (cells/µL)", "Plt (cells/µL)",
                                      "Hb (g/L)"]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert cells(window) == [["2026-03-12", "3.1", "1.55", "", "", "140", "10.5"]]
    assert window.vm.state.assessment == core({
        "wbc": 2, "counts_time": NOW, "history": [{"time": "2026-03-12", "wbc": 3.1,
                                                   "anc": 1.55, "platelets": 140,
                                                   "hemoglobin_g_dl": 10.5}]})
    combo = window.inputs.unit_combos["counts"]   # back to the unit they were typed in
    combo.setCurrentIndex(combo.findData("cells/uL"))
    assert cells(window)[0][1:3] == ["3100", "1550"]


def test_an_ambiguous_date_waits_for_the_order(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText("Date;WBC\n03/04/2026;2,1\n14/03/2026;1,9\n")
    report = dialog.report.text()
    assert "line 2: '03/04/2026' could be 3 April or 4 March: choose the date order" in report
    assert "(other dates of this text can only be day first" in report
    assert [r[1] for r in preview(dialog)[1:]] == ["2026-03-14"]
    dialog.order_combo.setCurrentIndex(dialog.order_combo.findData("dmy"))
    assert [r[1] for r in preview(dialog)[1:]] == ["2026-04-03", "2026-03-14"]
    assert dialog.import_button.text() == "&Import 2 rows"
    dialog.reject()


def test_columns_without_a_header_are_assigned_by_the_user(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText("2026-03-12;3,1;1,5\n2026-03-13;2,8;1,1\n")
    assert not dialog.import_button.isEnabled()
    assert "No WBC column" in dialog.report.text()
    wbc = dialog.role_combos[1]
    wbc.setCurrentIndex(wbc.findData("wbc"))
    anc = dialog.role_combos[2]
    anc.setCurrentIndex(anc.findData("anc"))
    assert preview(dialog)[1:] == [["1", "2026-03-12", "3.1", "1.5"],
                                   ["2", "2026-03-13", "2.8", "1.1"]]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(cells(window)) == 2


def test_the_clipboard_fills_the_box_only_with_lab_results(qtbot, window):
    QApplication.clipboard().setText(LIS)
    qtbot.keyClick(window, Qt.Key.Key_V, CTRL_SHIFT)
    dialog = window.inputs.history.dialog
    assert dialog.text_edit.toPlainText() == LIS
    dialog.reject()
    QApplication.clipboard().setText("LeukoDesk note: WBC 2.0 x10^9/L")
    qtbot.keyClick(window, Qt.Key.Key_V, CTRL_SHIFT)
    assert window.inputs.history.dialog.text_edit.toPlainText() == ""
    window.inputs.history.dialog.reject()


def test_the_dialog_refuses_to_overfill_the_history(qtbot, window):
    window.vm.load_document({"wbc": 2, "counts_time": "2026-06-01",
                             "history": [{"time": f"2026-04-{d:02d}", "wbc": 3}
                                         for d in range(1, 31)]
                             + [{"time": f"2026-05-{d:02d}", "wbc": 3} for d in range(1, 31)]})
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText("Date;WBC\n2026-03-12;3\n")
    assert not dialog.import_button.isEnabled()
    assert dialog.report.text().startswith("The history holds at most 60 earlier counts")
    dialog.reject()


@pytest.mark.parametrize("text", [LIS, "Date,WBC\n2026-03-12,3\n"])
def test_the_preview_is_the_parsers_reading(qtbot, window, text):
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText(text)
    parsed = parse_lab_paste(text)
    assert [row[0] for row in preview(dialog)[1:]] == [str(r.line) for r in parsed.rows]
    for problem in parsed.lines_not_read:
        assert str(problem) in dialog.report.text()
    dialog.reject()


def test_a_cumulative_report_read_across_names_its_columns(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText("Parameter\t12.03.2026\t13.03.2026\n"
                                  "Leukozyten\t3,1\t2,4\nNeutrophile abs.\t1,6\tx\n")
    assert preview(dialog) == [["Column", "Time", "WBC (×10⁹/L)", "ANC (×10⁹/L)"],
                               ["2", "2026-03-12", "3.1", "1.6"]]
    assert "column 3: ANC 'x' is not a number" in dialog.report.text()
    labels = [c.parentWidget().findChild(type(dialog.report)).text()
              for c in dialog.role_combos]
    assert labels[1] == "Line 2 “Leukozyten”: WBC"
    dialog.reject()


def test_enter_on_a_choice_does_not_import(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText(LIS)
    dialog.order_combo.setFocus()
    qtbot.keyClick(dialog.order_combo, Qt.Key.Key_Return)
    assert dialog.isVisible() and window.vm.history.texts() == ()
    dialog.import_button.setFocus()   # pressed on purpose: Space on the button
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
    assert not dialog.isVisible() and len(window.vm.history.texts()) == 3


# A chemotherapy course as a lab system exports it (semicolons, decimal commas, a header).
COURSE = ("Datum;Leukozyten;Neutrophile abs.;Thrombozyten;Hb\n"
          "05.02.2026;4,0;2,5;220;12,0\n"
          "10.02.2026;1,2;0,3;150;11,2\n"
          "14.02.2026;0,8;0,08;95;10,1\n"
          "17.02.2026;1,5;0,6;120;10,4\n")


def test_a_paste_shows_the_cores_trend_in_the_plot_and_in_words(qtbot, window):
    """Issue 17's proof: paste, then read the plot's labelled nadir and the trend lines as
    shown, equal to what the core gives for the same document."""
    from leukodesk.core.formats.trend_lines import trend_lines

    qtbot.keyClicks(window.inputs.rows["wbc"].edit, "2")
    qtbot.keyClicks(window.inputs.rows["anc"].edit, "0.9")
    dialog = open_dialog(qtbot, window)
    dialog.text_edit.setPlainText(COURSE)
    assert "4 rows understood" in dialog.report.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    document = window.vm.patient_document()
    assert [row["time"] for row in document["history"]] == [
        "2026-02-05", "2026-02-10", "2026-02-14", "2026-02-17"]
    a = window.vm.state.assessment
    assert a == core(document)
    assert (a.trend.nadir_anc, a.trend.nadir_time) == (0.08, "2026-02-14")
    trend = window.trend
    tabs = window.bottom_tabs
    assert tabs.tabText(tabs.currentIndex()).replace("&", "").startswith("Trend")  # in front
    assert trend.plot.view().nadir_label == "nadir 0.080 on 14 Feb"
    assert trend.shown_lines() == trend_lines(a)
    assert any(line.startswith("ANC rising") for line in trend.shown_lines())
