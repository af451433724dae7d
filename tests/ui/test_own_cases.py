"""A teacher's own case files (issue 5): File ▸ Save case… (Ctrl+S) writes the inputs on
screen as a case, validated by the shipped cases' model; File ▸ Open case… (Ctrl+O) reads
one back; a file that cannot be used is refused with a message naming it, and nothing on
screen changes. The file and details dialogs are replaced (``use_choosers``): no modal
dialog opens in these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_driver import User, assert_window_shows, number_rows, shown

from leukodesk.case_check import check_case, matches, resolve
from leukodesk.cases import MAX_CASE_BYTES, load_case
from leukodesk.core import assess
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.teaching import case_dialog
from leukodesk.ui.teaching.case_dialog import CaseDetails, CaseDetailsDialog
from leukodesk.ui.teaching.case_library import _json_number

GOOD = {"title": "A case", "inputs": {"wbc": 3.1, "anc": 1.2}}


class Dialogs:
    """Stand-ins for the dialogs: what the teacher would answer, and what was said."""

    def __init__(self, tmp_path: Path) -> None:
        self.open_path = ""
        self.save_path = str(tmp_path / "my_case.json")
        self.details: CaseDetails | None = CaseDetails(
            "Mine", "A story.", ("First point.", "Second point."))
        self.told: list[tuple[str, str]] = []
        self.asked: list[tuple[CaseDetails, bool]] = []

    def install(self, window: MainWindow) -> None:
        window.cases.use_choosers(
            open_path=lambda _w, _caption, _folder: self.open_path,
            save_path=lambda _w, _caption, _suggested: self.save_path,
            details=self._details, tell=lambda _w, title, text: self.told.append((title, text)))

    def _details(self, _w, defaults: CaseDetails, refused: bool) -> CaseDetails | None:
        self.asked.append((defaults, refused))
        return self.details


@pytest.fixture
def dialogs(window, tmp_path) -> Dialogs:
    d = Dialogs(tmp_path)
    d.install(window)
    return d


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def snapshot(window: MainWindow) -> tuple:
    """Everything a refused file must leave as it was."""
    return (window.vm.state, window.vm.patient_document(), window.vm.units,
            window.vm.chosen_units, shown(window), window.status.text(),
            {k: r.edit.text() for k, r in number_rows(window).items()},
            window.cases.case, window.cases.pane.plain_text(),
            window.cases.pane.isVisible())


# --- saving and opening again ---------------------------------------------------------------
def test_ctrl_s_then_ctrl_o_gives_the_same_inputs_and_result(window, user, qtbot, dialogs,
                                                             tmp_path):
    window.cases.open_shipped("filgrastim_78kg_tie")   # us_vials, a dose, a tie
    window.dose.combos["product"].setCurrentIndex(
        window.dose.combos["product"].findData("filgrastim"))
    user.type("tolerance_pct", "25")   # +23.1 % is now within tolerance
    assert window.vm.state.dose.within_tolerance is True
    before_doc, before_dose = window.vm.patient_document(), window.vm.dose_document()
    before_state = window.vm.state
    press(qtbot, window, Qt.Key.Key_S)
    path = Path(dialogs.save_path)
    assert path.is_file() and dialogs.told == []
    defaults, refused = dialogs.asked[0]
    assert defaults.title == "Filgrastim at 78 kg: an exact tie between 300 and 480 mcg"
    assert not refused   # the result can be recorded
    saved = json.loads(path.read_text("utf-8"))
    assert saved["title"] == "Mine" and saved["teaching_points"] == ["First point.",
                                                                     "Second point."]
    assert saved["inputs"]["weight_kg"] == 78 and saved["inputs"]["anc"] == 0.6
    assert saved["dose_request"]["presentation_set"] == "us_vials"
    assert saved["expect"]["filgrastim.tie"] is True
    assert saved["expect_dose"]["nearest_presentation_mcg"] == 480
    assert saved["dose_request"]["tolerance_pct"] == 25
    assert saved["expect_dose"]["within_tolerance"] is True
    case = load_case(path)
    assert check_case(case) == []   # what it says it teaches is what the core computes
    press(qtbot, window, Qt.Key.Key_R)
    assert window.vm.state.blank and not window.cases.pane.isVisible()
    dialogs.open_path = str(path)
    states: list = []
    window.vm.state_changed.connect(states.append)
    press(qtbot, window, Qt.Key.Key_O)
    window.vm.state_changed.disconnect(states.append)
    assert len(states) == 1 and dialogs.told == []
    assert window.vm.patient_document() == before_doc
    assert window.vm.dose_document() == before_dose
    after = window.vm.state
    assert after.assessment == before_state.assessment and after.dose == before_state.dose
    assert window.dose.tolerance.edit.text() == "25" and after.dose.within_tolerance is True
    assert "Mine" in window.cases.pane.plain_text()
    assert "my_case.json" in window.cases.pane.plain_text()


def test_what_a_user_typed_round_trips_in_its_units(window, user, qtbot, dialogs):
    user.unit("temperature", "F")
    user.unit("weight", "lb")
    user.type("wbc", "1.15")
    user.type("anc", "0.42")
    user.type("temperature_c", "101.3")
    user.type("weight_kg", "154.3")
    user.type("platelets", "38.29999999999999999")   # kept exactly: written as text
    user.tick("myelosuppressive_chemo")
    user.patient_choice("diagnosis", "aml")
    user.patient_choice("anc_expected_below_0_5_within_48h", "yes")
    exp = user.check()
    assert exp.valid
    press(qtbot, window, Qt.Key.Key_S)
    saved = json.loads(Path(dialogs.save_path).read_text("utf-8"))
    assert saved["inputs"]["units"]["temperature"] == "F"
    assert saved["inputs"]["anc"] == 0.42
    assert saved["inputs"]["platelets"] == "38.29999999999999999"
    assert saved["inputs"]["anc_expected_below_0_5_within_48h"] is True
    before = window.vm.patient_document()
    press(qtbot, window, Qt.Key.Key_R)
    dialogs.open_path = dialogs.save_path
    press(qtbot, window, Qt.Key.Key_O)
    assert window.vm.patient_document() == before
    assert window.vm.state.assessment == exp.assessment
    assert window.inputs.unit_combos["temperature"].currentData() == "F"


def test_an_invalid_case_is_saved_as_the_refusal_it_teaches(window, user, qtbot, dialogs):
    user.type("wbc", "2100")   # a unit slip
    user.type("anc", "1.2")
    assert window.vm.state.assessment is None
    press(qtbot, window, Qt.Key.Key_S)
    _defaults, refused = dialogs.asked[0]
    assert refused   # no result to record
    saved = json.loads(Path(dialogs.save_path).read_text("utf-8"))
    assert saved["expect_errors"] == [{"field": "wbc", "suggested_unit": "cells/uL"}]
    assert "expect" not in saved
    assert check_case(load_case(dialogs.save_path)) == []
    press(qtbot, window, Qt.Key.Key_R)
    dialogs.open_path = dialogs.save_path
    press(qtbot, window, Qt.Key.Key_O)
    window.reveal_errors_now()
    assert set(window.vm.state.errors) == {"wbc"}
    assert number_rows(window)["wbc"].error.isVisibleTo(window)


def test_the_result_is_not_recorded_when_the_teacher_says_so(window, user, qtbot, dialogs):
    user.type("wbc", "3.1")
    dialogs.details = CaseDetails("Quiz", record_result=False)
    press(qtbot, window, Qt.Key.Key_S)
    saved = json.loads(Path(dialogs.save_path).read_text("utf-8"))
    assert "expect" not in saved and saved["inputs"]["wbc"] == 3.1


# A case written by hand may give the dose tolerance (and the weight in lb) only in its
# dose_request: the window has one weight and one tolerance, and shows them.
TOLERANT_78 = {"title": "78 kg, ±25 %", "inputs": {"wbc": 1.8, "anc": 0.6, "weight_kg": 78},
               "dose_request": {"weight_kg": 78, "presentation_set": "us_vials",
                                "tolerance_pct": 25},
               "expect_dose": {"nearest_presentation_mcg": 480, "deviation_pct": 23.08,
                               "within_tolerance": True}}
TOLERANT_LB = {**TOLERANT_78, "inputs": {"wbc": 1.8, "anc": 0.6, "weight_kg": 171.96,
                                         "units": {"weight": "lb"}},
               "dose_request": {"weight": 171.96, "weight_unit": "lb",
                                "presentation_set": "us_vials", "tolerance_pct": 25},
               "expect_dose": {"within_tolerance": True}}
TOLERANT_BOTH = {**TOLERANT_78, "inputs": {**TOLERANT_78["inputs"], "tolerance_pct": 25.0}}


@pytest.mark.parametrize("doc", [TOLERANT_78, TOLERANT_LB, TOLERANT_BOTH],
                         ids=["kg", "lb", "tolerance in the inputs too"])
def test_a_case_opens_with_its_dose_tolerance(window, qtbot, dialogs, tmp_path, doc):
    path = write(tmp_path, doc, "tolerant.json")
    assert check_case(load_case(path)) == []   # the core: within tolerance
    dialogs.open_path = str(path)
    states: list = []
    window.vm.state_changed.connect(states.append)
    press(qtbot, window, Qt.Key.Key_O)
    window.vm.state_changed.disconnect(states.append)
    assert dialogs.told == [] and len(states) == 1
    dose = window.vm.state.dose
    assert dose is not None and dose.tolerance_pct == 25
    output = dose.model_dump(mode="json")
    for path_, value in doc["expect_dose"].items():
        assert matches(value, resolve(output, path_)), path_
    assert dose == calculate_dose(doc["dose_request"])   # the core's dose for the file
    assert window.dose.tolerance.edit.text() in ("25", "25.0")
    assert "✔ Within ±25 %" in window.dose.result.text()
    assert "23.1 %" in window.dose.result.text()   # 480 mcg (kg) or 300 mcg (lb)


def test_a_blank_patient_or_a_cancelled_save_writes_nothing(window, user, qtbot, dialogs,
                                                            tmp_path):
    press(qtbot, window, Qt.Key.Key_S)
    assert dialogs.asked == [] and "Nothing to save" in window.statusBar().currentMessage()
    user.type("wbc", "3.1")
    dialogs.details = None                # Cancel in the details dialog
    press(qtbot, window, Qt.Key.Key_S)
    assert len(dialogs.asked) == 1
    dialogs.details = CaseDetails("x")
    dialogs.save_path = ""                # Cancel in the file dialog
    press(qtbot, window, Qt.Key.Key_S)
    assert len(dialogs.asked) == 2
    assert list(tmp_path.iterdir()) == [] and dialogs.told == []


def test_a_file_that_cannot_be_written_is_reported(window, user, qtbot, dialogs, tmp_path):
    user.type("wbc", "3.1")
    dialogs.save_path = str(tmp_path / "no such folder" / "case.json")
    press(qtbot, window, Qt.Key.Key_S)
    assert len(dialogs.told) == 1 and "Nothing was saved" in dialogs.told[0][1]


def test_a_json_suffix_is_added(window, user, qtbot, dialogs, tmp_path):
    user.type("wbc", "3.1")
    dialogs.save_path = str(tmp_path / "lesson 1")
    press(qtbot, window, Qt.Key.Key_S)
    assert (tmp_path / "lesson 1.json").is_file()


@pytest.mark.parametrize(("text", "number"), [
    ("78", 78), ("0.6", 0.6), ("-2", -2), ("1e3", 1000.0), ("0.080", 0.08),
    ("38.29999999999999999", "38.29999999999999999"), ("abc", "abc"), ("", ""),
    ("1e400", "1e400"), ("NaN", "NaN")])
def test_numbers_are_written_as_json_numbers_only_when_exact(text, number):
    assert _json_number(text) == number and type(_json_number(text)) is type(number)


# --- files refused ----------------------------------------------------------------------------
def write(tmp_path: Path, content: Any, name: str = "bad case.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, "utf-8")
    else:
        path.write_text(json.dumps(content), "utf-8")
    return path


REFUSED: list[tuple[str, Any, str]] = [
    ("malformed", '{"title": "x", "inputs": {"wbc": 3', "not valid JSON"),
    ("empty", "", "empty"),
    ("not utf-8", b'{"title": "\xff"}', "not UTF-8"),
    ("not an object", [GOOD], "one JSON object"),
    ("unknown key", {**GOOD, "answer": 1}, "unknown key 'answer'"),
    ("no title", {"inputs": {"wbc": 3}}, "'title' is missing"),
    ("refused inputs", {**GOOD, "inputs": {"wbc": 2100}}, "Did you mean 2100 cells/µL"),
    ("repeated key", '{"title": "a", "title": "b", "inputs": {"wbc": 3}}', "appears twice"),
    ("NaN", '{"title": "a", "inputs": {"wbc": NaN}}', "NaN"),
    ("huge number", '{"title": "a", "inputs": {"wbc": 1e400}}', "too large"),
    ("deep nesting", '{"title": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ("huge string", {**GOOD, "vignette": "x" * 5000}, "5000 characters"),
    ("not for the window", {**GOOD, "inputs": {"wbc": 3.1, "anc": 1.2,
                                               "differential": {"segs_pct": 40}},
                            "expect_errors": [{"field": "anc"}]},
     "the window cannot show its inputs"),
    ("bad dose choice", {**GOOD, "dose_request": {"weight_kg": 70, "product": "aspirin"}},
     "dose_request"),
    # The window has one weight and one tolerance for the inputs and the dose: a case
    # whose dose_request says otherwise would show a dose the core does not give it.
    ("dose for another weight", {**GOOD, "inputs": {**GOOD["inputs"], "weight_kg": 78},
                                 "dose_request": {"weight_kg": 70}},
     "dose_request.weight_kg: 70 kg, but the inputs' weight_kg is 78 kg"),
    ("dose in lb for another weight",
     {**GOOD, "inputs": {**GOOD["inputs"], "weight_kg": 78},
      "dose_request": {"weight": 154.3, "weight_unit": "lb"}},
     "dose_request.weight: 154.3 lb, but the inputs' weight_kg is 78 kg"),
    ("dose without a weight in the inputs", {**GOOD, "dose_request": {"weight_kg": 70}},
     "the inputs give no weight_kg"),
    ("dose for another tolerance",
     {**GOOD, "inputs": {**GOOD["inputs"], "weight_kg": 78, "tolerance_pct": 20},
      "dose_request": {"weight_kg": 78, "tolerance_pct": 25}},
     "dose_request.tolerance_pct: 25 %, but the inputs' tolerance_pct is 20 %"),
    ("dose at the default tolerance",
     {**GOOD, "inputs": {**GOOD["inputs"], "weight_kg": 78, "tolerance_pct": 20},
      "dose_request": {"weight_kg": 78}},
     "dose_request.tolerance_pct: 10 % (not given), but the inputs' tolerance_pct is 20 %"),
    ("dose input the window lacks",
     {**GOOD, "inputs": {**GOOD["inputs"], "weight_kg": 78},
      "dose_request": {"weight_kg": 78, "ordered_dose_mcg": 300}},
     "dose_request.ordered_dose_mcg: the window has no field for it"),
]


@pytest.mark.parametrize(("content", "said"), [(c, s) for _, c, s in REFUSED],
                         ids=[n for n, _, _ in REFUSED])
def test_a_file_that_cannot_be_used_is_refused_and_changes_nothing(
        window, qtbot, dialogs, tmp_path, content, said):
    window.cases.open_shipped("duffy_null_neutropenia")   # °F, a vignette, a result
    window.reveal_errors_now()
    before = snapshot(window)
    dialogs.open_path = str(write(tmp_path, content))
    states: list = []
    window.vm.state_changed.connect(states.append)
    window.vm.texts_replaced.connect(states.append)
    press(qtbot, window, Qt.Key.Key_O)
    assert states == []
    assert len(dialogs.told) == 1
    title, text = dialogs.told[0]
    assert title == "Cannot open the case"
    assert "bad case.json" in text or "A case" in text
    assert said in text and "Nothing on screen was changed" in text
    assert snapshot(window) == before


def test_an_oversized_file_is_refused_before_it_is_read(window, qtbot, dialogs, tmp_path):
    user_doc = window.vm.patient_document()
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:   # sparse: never written out
        handle.truncate(MAX_CASE_BYTES + 1)
    dialogs.open_path = str(path)
    press(qtbot, window, Qt.Key.Key_O)
    assert "huge.json is 1,048,577 bytes, larger than 1 MB" in dialogs.told[0][1]
    assert window.vm.patient_document() == user_doc


def test_a_missing_file_is_refused(window, qtbot, dialogs, tmp_path):
    dialogs.open_path = str(tmp_path / "gone.json")
    press(qtbot, window, Qt.Key.Key_O)
    assert "Cannot read gone.json" in dialogs.told[0][1]


def test_cancelling_the_open_dialog_changes_nothing(window, user, qtbot, dialogs):
    user.type("wbc", "3.1")
    state = window.vm.state
    dialogs.open_path = ""
    press(qtbot, window, Qt.Key.Key_O)
    assert window.vm.state is state and dialogs.told == []


def test_a_valid_own_case_opens_and_shows_the_core_result(window, qtbot, dialogs, tmp_path):
    doc = {**GOOD, "vignette": "Seen in clinic.", "teaching_points": ["ANC 1.2: mild."]}
    dialogs.open_path = str(write(tmp_path, doc, "clinic.json"))
    press(qtbot, window, Qt.Key.Key_O)
    assert dialogs.told == []
    assert window.vm.state.assessment == assess(GOOD["inputs"])
    text = window.cases.pane.plain_text()
    assert "Seen in clinic." in text and "ANC 1.2: mild." in text and "clinic.json" in text
    user = User(qtbot, window)
    user.typed.texts = {"wbc": "3.1", "anc": "1.2"}
    user.typed.choices = {"diagnosis": "none", "planned_procedure": "none",
                          "anc_expected_below_0_5_within_48h": "unknown"}
    assert_window_shows(window, user.typed)


# --- the real dialogs, without running them modally -----------------------------------------
def test_the_details_dialog_reads_what_the_teacher_wrote(window, qtbot):
    dialog = CaseDetailsDialog(window, CaseDetails("Start", "Old story", ("a",)), False)
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled()
    assert dialog.record_check.isEnabled() and dialog.record_check.isChecked()
    dialog.title_edit.clear()
    assert not dialog.save_button.isEnabled()    # a case needs a title
    qtbot.keyClicks(dialog.title_edit, "  New title ")
    dialog.points_edit.setPlainText("one\n\n  two  \n")
    dialog.record_check.setChecked(False)
    assert dialog.details() == CaseDetails("New title", "Old story", ("one", "two"), False)
    refused = CaseDetailsDialog(window, CaseDetails(""), True)
    qtbot.addWidget(refused)
    assert not refused.record_check.isEnabled() and not refused.record_check.isChecked()
    assert not refused.save_button.isEnabled()


def test_the_refusal_message_does_not_block(window, qtbot):
    case_dialog.tell(window, "Cannot open the case", "x.json is not a case.")
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert box.text() == "x.json is not a case." and box.windowTitle() == "Cannot open the case"
    box.close()
