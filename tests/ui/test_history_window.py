"""Earlier counts in the window (issue 17, RULES §13): typed with the keyboard into the
history table, the time of the current counts and the end of the last chemotherapy, into
the draft's document; what the window shows is the core's trend for that document (a fresh
call, the test's own document); a bad cell names its row, counts as not entered and the
rest is still assessed; unit switches, the ANC mode, removing rows, Reset, case files, and
the history never written to the settings. The 48-hour hint follows the core's projection
and never answers the question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_own_cases import Dialogs, press

from leukodesk.cases import load_case
from leukodesk.core import assess
from leukodesk.core.contract.errors import InputErrors
from leukodesk.ui.history import group as history_group
from leukodesk.ui.history.group import HINT, history_view, projection_hint
from leukodesk.ui.history.rows import CELLS
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.settings_store import SettingsStore
from leukodesk.ui.view_model import ViewState

NOW = "2026-03-14T09:00"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
UNITS = {"counts": "10^9/L", "hemoglobin": "g/dL", "temperature": "C", "weight": "kg"}


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    """The window reads the clock when the first earlier count is added: fixed here."""
    monkeypatch.setattr(history_group, "now_text", lambda: NOW)


def keys(qtbot, text: str) -> None:
    """Type ``text`` as a user does: each key to whatever has the focus then."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)


def key(qtbot, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifiers)


def table(window: MainWindow):
    return window.inputs.history.table


def cells(window: MainWindow) -> list[list[str]]:
    t = table(window)
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def core(doc: dict[str, Any]):
    """The core's own answer for a document (fresh, nothing of the window's)."""
    return assess(doc)


def type_current(qtbot, window: MainWindow, wbc: str, anc: str) -> None:
    qtbot.keyClicks(window.inputs.rows["wbc"].edit, wbc)
    qtbot.keyClicks(window.inputs.rows["anc"].edit, anc)


def type_history(qtbot, window: MainWindow, rows: list[tuple[str, ...]]) -> None:
    """Each row: Ctrl+Shift+N, then its cells (time, WBC, ANC, ...) with Tab between and
    Enter after the last."""
    for row in rows:
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
        for i, text in enumerate(row):
            keys(qtbot, text)
            key(qtbot, Qt.Key.Key_Return if i == len(row) - 1 else Qt.Key.Key_Tab)


# --- typing a history ------------------------------------------------------------------------
def test_a_history_typed_with_the_keyboard_gives_the_cores_trend(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-12", "3", "1,5"), ("13.03.2026 08:00", "2.5", "1.2")])
    assert cells(window) == [["2026-03-12", "3", "1,5", "", "", "", ""],
                             ["13.03.2026 08:00", "2.5", "1.2", "", "", "", ""]]
    assert window.inputs.history.times["counts_time"].edit.text() == NOW   # the clock, once
    doc = window.vm.patient_document()
    assert doc["history"] == [{"time": "2026-03-12", "wbc": "3", "anc": "1.5"},
                              {"time": "2026-03-13T08:00", "wbc": "2.5", "anc": "1.2"}]
    assert doc["counts_time"] == NOW and "last_chemo_at" not in doc
    mine = {"wbc": 2, "anc": 0.9, "counts_time": NOW,
            "history": [{"time": "2026-03-12", "wbc": 3, "anc": 1.5},
                        {"time": "2026-03-13T08:00", "wbc": 2.5, "anc": 1.2}]}
    state = window.vm.state
    assert state.valid and state.assessment == core(mine)
    trend = state.assessment.trend
    assert trend.direction == "falling" and trend.projection_below_0_5_in_48h is True
    # The hint beside the 48-hour question, which stays unanswered
    assert window.inputs.projection_hint.text() == HINT
    assert not window.inputs.projection_hint.isHidden()
    assert window.inputs.choices["anc_expected_below_0_5_within_48h"].currentData() == "unknown"
    assert doc["anc_expected_below_0_5_within_48h"] is None


def test_the_end_of_chemotherapy_and_the_time_of_the_counts_are_typed_too(qtbot, window):
    type_current(qtbot, window, "12", "11")
    type_history(qtbot, window, [("2026-03-10", "1", "0.05"), ("2026-03-12", "5", "3")])
    times = window.inputs.history.times
    times["counts_time"].edit.selectAll()
    qtbot.keyClicks(times["counts_time"].edit, "2026-03-13")
    qtbot.keyClicks(times["last_chemo_at"].edit, "01.03.2026")
    doc = window.vm.patient_document()
    assert doc["counts_time"] == "2026-03-13" and doc["last_chemo_at"] == "2026-03-01"
    a = window.vm.state.assessment
    assert a == core({"wbc": 12, "anc": 11, "counts_time": "2026-03-13",
                      "last_chemo_at": "2026-03-01",
                      "history": [{"time": "2026-03-10", "wbc": 1, "anc": 0.05},
                                  {"time": "2026-03-12", "wbc": 5, "anc": 3}]})
    assert a.trend.filgrastim_stop_reached is True and a.trend.nadir_anc == 0.05
    assert window.inputs.projection_hint.isHidden()   # rising: no projection


def test_every_keystroke_in_a_cell_recomputes(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-12", "3", "1.5")])
    t = table(window)
    t.setCurrentCell(0, CELLS.index("anc"))
    t.setFocus()
    keys(qtbot, "0.4")   # the editor is still open: nothing committed yet
    assert t.delegate.editor is not None
    assert window.vm.patient_document()["history"][0]["anc"] == "0.4"
    assert window.vm.state.assessment.trend.direction == "rising"
    key(qtbot, Qt.Key.Key_Return)
    assert t.item(0, CELLS.index("anc")).text() == "0.4" and t.delegate.editor is None


def test_what_is_typed_in_a_cell_stays_while_its_mark_comes_and_goes(qtbot, window):
    # The cell being typed in is marked (its row has no WBC yet) and then unmarked: the
    # mark is item data, and must never write the cell's old text back over the typing.
    type_current(qtbot, window, "2", "0.9")
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    keys(qtbot, "2026-03-12")
    key(qtbot, Qt.Key.Key_Tab)
    assert table(window).problems == {(0, 1): "Earlier counts, row 1: WBC (history) is "
                                                "required."}
    for typed in ("2", "2.", "2.5"):
        keys(qtbot, typed[-1])
        assert window.vm.history.text(0, "wbc") == typed
        assert window.vm.state.errors == {} and table(window).problems == {}
    key(qtbot, Qt.Key.Key_Return)
    assert cells(window)[0][:2] == ["2026-03-12", "2.5"]


def test_tab_leaves_the_table_after_its_last_cell_and_typing_starts_an_empty_one(qtbot,
                                                                                 window):
    t = table(window)
    t.setFocus()
    keys(qtbot, "2")   # typing into the empty table starts its first row, at its time
    assert t.rowCount() == 1 and t.delegate.editor is not None
    keys(qtbot, "026-03-12")
    assert window.vm.history.texts()[0][0] == "2026-03-12"
    assert window.vm.text("counts_time") == NOW
    key(qtbot, Qt.Key.Key_Return)
    t.setCurrentCell(0, CELLS.index("hemoglobin_g_dl"))
    t.setFocus()
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.inputs.history.add_button


def test_rows_are_removed_and_cells_cleared_by_keys(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-10", "4", "2"), ("2026-03-11", "3", "1.5"),
                                 ("2026-03-12", "2.5", "1")])
    t = table(window)
    t.setCurrentCell(1, 0)
    t.setFocus()
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [r[0] for r in cells(window)] == ["2026-03-10", "2026-03-12"]
    assert "Removed row 2" in window.statusBar().currentMessage()
    t.setCurrentCell(1, CELLS.index("anc"))
    key(qtbot, Qt.Key.Key_Delete)   # a cell: cleared
    assert window.vm.patient_document()["history"][1] == {"time": "2026-03-12", "wbc": "2.5"}
    t.selectRow(0)   # a whole row, selected by its number: removed
    key(qtbot, Qt.Key.Key_Delete)
    assert [r[0] for r in cells(window)] == ["2026-03-12"]
    qtbot.mouseClick(window.inputs.history.remove_button, Qt.MouseButton.LeftButton)
    assert cells(window) == [] and "history" not in window.vm.patient_document()
    assert window.vm.state.assessment.trend is None


# --- what the core refuses --------------------------------------------------------------------
def test_a_bad_cell_names_its_row_counts_as_not_entered_and_the_rest_is_assessed(qtbot,
                                                                                window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-10", "4", "2"), ("2026-03-11", "3", "abc"),
                                 ("2026-03-12", "2.5", "1")])
    state = window.vm.state
    message = ("Earlier counts, row 2: ANC (history): 'abc' is not a number; enter a "
               "number or leave it empty.")
    assert state.errors == {"history[1].anc": message}
    # the row stays a point without its ANC, as if the ANC had not been entered
    mine = {"wbc": 2, "anc": 0.9, "counts_time": NOW,
            "history": [{"time": "2026-03-10", "wbc": 4, "anc": 2},
                        {"time": "2026-03-11", "wbc": 3},
                        {"time": "2026-03-12", "wbc": 2.5, "anc": 1}]}
    assert state.assessment == core(mine)
    t = table(window)
    anc = CELLS.index("anc")
    assert t.problems == {(1, anc): message} and t.item(1, anc).toolTip() == message
    history = window.inputs.history
    assert history.messages.text() == message and not history.messages.isHidden()
    left_out = window.advice.painter.painted.items[0]   # the advice list says it too
    assert left_out.key == "left_out" and f"• {message}" in left_out.text
    # fixed: the mark and the message go
    t.setCurrentCell(1, anc)
    t.setFocus()
    keys(qtbot, "1.5")
    key(qtbot, Qt.Key.Key_Return)
    assert window.vm.state.errors == {} and t.problems == {} and history.messages.isHidden()


def test_a_row_without_a_readable_time_goes_whole_and_later_rows_keep_their_names(qtbot,
                                                                                window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-10", "4", "2"), ("yesterday", "3", "1.5"),
                                 ("2026-03-12", "2.5", "7")])   # ANC above the WBC
    errors = window.vm.state.errors
    assert set(errors) == {"history[1].time", "history[2].anc"}
    assert errors["history[1].time"].startswith("Earlier counts, row 2: ")
    assert errors["history[2].anc"].startswith("Earlier counts, row 3: ANC (7 ×10⁹/L) cannot "
                                               "be higher than the WBC (2.5 ×10⁹/L).")
    mine = {"wbc": 2, "anc": 0.9, "counts_time": NOW,
            "history": [{"time": "2026-03-10", "wbc": 4, "anc": 2},
                        {"time": "2026-03-12", "wbc": 2.5}]}
    assert window.vm.state.assessment == core(mine)
    assert set(table(window).problems) == {(1, 0), (2, CELLS.index("anc"))}


def test_two_rows_at_one_time_and_a_row_after_the_current_counts_are_named(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-12", "4", "2"), ("12.03.2026", "3", "1.5"),
                                 ("2026-03-15", "2.5", "1")])
    errors = window.vm.state.errors
    assert errors["history[1].time"] == (
        "Earlier counts, row 2: 2026-03-12 is the same time as row 1 (2026-03-12): two "
        "counts cannot share a time (a date alone counts as 00:00 of its day).")
    assert "is after the current counts" in errors["history[2].time"]
    a = window.vm.state.assessment
    assert a == core({"wbc": 2, "anc": 0.9, "counts_time": NOW,
                      "history": [{"time": "2026-03-12", "wbc": 4, "anc": 2}]})


def test_without_the_time_of_the_current_counts_the_history_is_left_out(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-12", "4", "2")])
    edit = window.inputs.history.times["counts_time"].edit
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    window.reveal_errors_now()
    state = window.vm.state
    assert set(state.errors) == {"counts_time"}
    assert state.errors["counts_time"].startswith("Required with a history")
    assert state.assessment == core({"wbc": 2, "anc": 0.9}) and state.assessment.trend is None
    row = window.inputs.history.times["counts_time"]
    assert row.error.text() == state.errors["counts_time"] and not row.error.isHidden()
    qtbot.keyClicks(edit, "tomorrow")   # invalid: the same, with the core's words
    assert "counts_time" in window.vm.state.errors and window.vm.state.assessment.trend is None
    with pytest.raises(InputErrors):
        assess(window.vm.patient_document())   # the command line would refuse it whole


# --- units, the ANC mode ----------------------------------------------------------------------
def test_a_unit_switch_converts_the_history_from_what_was_typed(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-12", "3", "1.25", "140", "10.5")])
    combo = window.inputs.unit_combos["counts"]
    combo.setCurrentIndex(combo.findData("cells/uL"))
    assert cells(window)[0][1:3] == ["3000", "1250"] and cells(window)[0][5] == "140000"
    hb = window.inputs.unit_combos["hemoglobin"]
    hb.setCurrentIndex(hb.findData("mmol/L"))
    assert cells(window)[0][6] == "6.5177"   # shown rounded; the exact value is read
    assert window.vm.state.assessment == core({
        "wbc": 2, "anc": 0.9, "counts_time": NOW,
        "history": [{"time": "2026-03-12", "wbc": 3, "anc": 1.25, "platelets": 140,
                     "hemoglobin_g_dl": 10.5}]})
    combo.setCurrentIndex(combo.findData("10^9/L"))
    hb.setCurrentIndex(hb.findData("g/dL"))
    assert cells(window)[0] == ["2026-03-12", "3", "1.25", "", "", "140", "10.5"]


def test_the_differential_columns_follow_the_anc_mode(qtbot, window):
    t = table(window)
    anc, segs = CELLS.index("anc"), CELLS.index("differential.segs_pct")
    assert not t.isColumnHidden(anc) and t.isColumnHidden(segs)
    window.inputs.diff_radio.click()
    assert t.isColumnHidden(anc) and not t.isColumnHidden(segs)
    qtbot.keyClicks(window.inputs.rows["wbc"].edit, "2")
    qtbot.keyClicks(window.inputs.rows["differential.segs_pct"].edit, "40")
    type_history(qtbot, window, [("2026-03-12", "3", "50", "5")])   # time, WBC, segs, bands
    assert window.vm.patient_document()["history"] == [
        {"time": "2026-03-12", "wbc": "3", "differential": {"segs_pct": "50", "bands_pct": "5"}}]
    window.inputs.anc_radio.click()   # the typed percentages stay shown, and read
    assert not t.isColumnHidden(segs) and not t.isColumnHidden(anc)
    assert window.vm.state.assessment.trend_points[0].anc == pytest.approx(1.65)


# --- Reset, case files, settings --------------------------------------------------------------
CASE = {"wbc": 1.4, "anc": 0.6, "platelets": 62, "counts_time": "2026-03-14T09:00",
        "last_chemo_at": "2026-03-03",
        "history": [{"time": "2026-03-10", "wbc": 3.9, "anc": 2.1, "platelets": 180,
                     "hemoglobin_g_dl": 11.2},
                    {"time": "2026-03-12T08:00", "wbc": 2.6,
                     "differential": {"segs_pct": 40, "bands_pct": 6}}]}


def test_a_case_file_with_a_history_loads_into_the_table_and_reset_clears_it(qtbot, window):
    window.vm.load_document(CASE)
    assert cells(window) == [["2026-03-10", "3.9", "2.1", "", "", "180", "11.2"],
                             ["2026-03-12T08:00", "2.6", "", "40", "6", "", ""]]
    times = window.inputs.history.times
    assert times["counts_time"].edit.text() == "2026-03-14T09:00"
    assert times["last_chemo_at"].edit.text() == "2026-03-03"
    t = table(window)
    assert not t.isColumnHidden(CELLS.index("differential.segs_pct"))   # it holds text
    assert window.vm.state.assessment == core(CASE)
    press(qtbot, window, Qt.Key.Key_R)
    assert cells(window) == [] and times["counts_time"].edit.text() == ""
    assert window.vm.state.blank and "history" not in window.vm.patient_document()


def test_a_shipped_case_with_a_history_opens(qtbot, window):
    name = "chemo_nadir_recovery_ac"
    case = load_case(name)
    window.cases.open_shipped(name)
    assert len(cells(window)) == len(case.inputs["history"])
    assert window.vm.state.assessment == core(case.inputs)


@pytest.mark.parametrize("bad", [{"history": [{"time": "2026-03-10", "wbc": 3, "x": 1}]},
                                 {"history": [{"time": "2026-03-10", "wbc": 3,
                                               "differential": {"monos_pct": 5}}]},
                                 {"history": "2026-03-10"}, {"counts_time": 20260314}],
                         ids=["unknown-key", "no-cell", "not-a-list", "time-as-number"])
def test_a_history_the_window_cannot_hold_is_refused_and_changes_nothing(window, bad):
    window.vm.load_document(CASE)
    before = (window.vm.patient_document(), window.vm.state)
    with pytest.raises(ValueError):
        window.vm.load_document({"wbc": 2, **bad})
    assert (window.vm.patient_document(), window.vm.state) == before


def test_save_case_keeps_the_history_and_opens_it_again(qtbot, window, tmp_path):
    dialogs = Dialogs(tmp_path)
    dialogs.install(window)
    window.vm.load_document(CASE)
    before_doc, before = window.vm.patient_document(), window.vm.state.assessment
    press(qtbot, window, Qt.Key.Key_S)
    saved = json.loads(Path(dialogs.save_path).read_text("utf-8"))
    assert saved["inputs"]["history"] == CASE["history"]   # JSON numbers, times as text
    assert saved["inputs"]["counts_time"] == "2026-03-14T09:00"
    assert saved["expect"]["trend.direction"] == "falling"
    press(qtbot, window, Qt.Key.Key_R)
    dialogs.open_path = dialogs.save_path
    press(qtbot, window, Qt.Key.Key_O)
    assert window.vm.state.assessment == before
    assert window.vm.patient_document()["history"] == [
        {k: v for k, v in row.items()} for row in before_doc["history"]]
    assert len(cells(window)) == 2


def test_the_history_is_never_written_to_the_settings(qtbot, settings_path):
    window = MainWindow(SettingsStore(settings_path))
    qtbot.addWidget(window)
    window.show()
    window.vm.load_document(CASE)
    window.close()
    written = Path(settings_path).read_text("utf-8")
    for secret in ("2026-03", "3.9", "11.2", "180", "history", "counts_time"):
        assert secret not in written


def test_no_more_than_sixty_rows(qtbot, window):
    window.vm.load_document({"wbc": 2, "counts_time": "2026-06-01",
                             "history": [{"time": f"2026-03-{d:02d}", "wbc": 3}
                                         for d in range(1, 32)]
                             + [{"time": f"2026-04-{d:02d}", "wbc": 3} for d in range(1, 30)]})
    assert len(cells(window)) == 60
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert len(cells(window)) == 60
    assert "at most 60" in window.statusBar().currentMessage()


# --- the view data ------------------------------------------------------------------------------
def test_the_groups_view_is_the_states_alone():
    state = ViewState(1, None, None, {"history[2].differential.bands_pct": "b",
                                      "history[0]": "a", "counts_time": "c", "history": "h",
                                      "wbc": "w"}, {})
    view = history_view(state)
    assert view.cells == ((0, "time", "a"), (2, "differential.bands_pct", "b"))
    assert view.times == ("c", None) and view.whole == ("h",)
    assert history_view(ViewState(1, None, None, state.errors, {}, blank=True)).cells == ()
    assert projection_hint(state) is None


def test_the_group_paints_only_when_what_it_shows_changes(qtbot, window):
    type_current(qtbot, window, "2", "0.9")
    type_history(qtbot, window, [("2026-03-12", "3", "abc")])
    painter = window.inputs.history.painter
    hint = window.inputs.hint_painter
    before = (painter.paints, hint.paints)
    qtbot.keyClicks(window.inputs.rows["temperature_c"].edit, "37")   # nothing of theirs
    assert (painter.paints, hint.paints) == before
    assert painter.painted == history_view(window.vm.state)
    assert hint.painted == projection_hint(window.vm.state)
