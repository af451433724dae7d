"""File ▸ Copy note / Export PDF… / Print… / Pharmacist's dose worksheet…, driven through the
real window: what leaves the screen is the core's result for what is on it, nothing is made
without a valid result, and nothing is written but the file chosen. The dialogs are replaced
by injected choosers (no modal dialog in a test); the dialog itself is driven unshown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pdf_check import PAPER_POINTS, read_pdf
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from startup_modules import modules_at_start
from ui_driver import User

from leukodesk.core import assess
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.formats.handoff import ascii_safe
from leukodesk.core.formats.note import note_text
from leukodesk.ui.handoff.actions import Handoff
from leukodesk.ui.handoff.dialog import HandoffChoice, HandoffDialog
from leukodesk.ui.handoff.pdf import gauge_reading
from leukodesk.ui.main_window import MainWindow

AT = datetime(2026, 3, 14, 9, 30)
FN_TYPED = (("wbc", "1.1"), ("anc", "0.3"), ("platelets", "8"), ("temperature_c", "38.6"),
            ("age_years", "70"), ("weight_kg", "72.4"))
FN_DOC = {"wbc": 1.1, "anc": 0.3, "platelets": 8, "temperature_c": 38.6, "age_years": 70,
          "weight_kg": 72.4}
SENTINEL = "clipboard before the test"


class Choosers:
    """Stand-ins for the dialogs: record what was asked, answer what the test set."""

    def __init__(self, tmp_path: Path) -> None:
        self.choice: HandoffChoice | None = HandoffChoice("a4", "", "pdf")
        self.path = str(tmp_path / "out.pdf")
        self.printer: QPrinter | None = None
        self.asked: list[tuple] = []

    def choose(self, parent, kind, destinations):
        self.asked.append(("choice", kind, destinations))
        return self.choice

    def choose_path(self, parent, caption, suggested):
        self.asked.append(("path", caption, suggested))
        return self.path

    def choose_printer(self, parent, paper):
        self.asked.append(("printer", paper))
        return self.printer


@pytest.fixture
def choosers(tmp_path: Path) -> Choosers:
    return Choosers(tmp_path)


@pytest.fixture
def handoff(window: MainWindow, choosers: Choosers) -> Handoff:
    # The window installs its hand-off itself; the tests swap its dialogs for choosers.
    window.handoff.use_choosers(choose=choosers.choose, choose_path=choosers.choose_path,
                                choose_printer=choosers.choose_printer, clock=lambda: AT)
    return window.handoff


def type_fn_case(user: User) -> None:
    for key, text in FN_TYPED:
        user.type(key, text)
    assert user.window.vm.state.assessment is not None


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def status_message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# --- the menu --------------------------------------------------------------------------------
def test_the_actions_sit_in_the_file_menu_before_quit(window: MainWindow, handoff: Handoff):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Open case…", "&Save case…"]   # the case files (issue 5) lead
    assert texts[2:] == ["&Reset to a blank patient", "Copy &note", "&Export PDF…", "&Print…",
                     "Pharmacist's dose &worksheet…", "&Quit"]
    assert handoff.copy_note_action.shortcut() == QKeySequence("Ctrl+Shift+C")
    assert handoff.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert handoff.print_action.shortcut().toString() == "Ctrl+P"
    # one File menu, not a second one
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.count("&File") == 1 and menus[0] == "&File"


def test_installing_loads_neither_the_pdf_code_nor_print_support() -> None:
    # Start-up is measured: the hand-off code must cost nothing until it is used.
    # The actions' own module is there (so the check sees what is loaded); the PDF
    # layout, the dialogs, the note and print support are not.
    assert modules_at_start(("leukodesk.ui.handoff", "leukodesk.core.formats.note",
                             "leukodesk.core.formats.worksheet",
                             "leukodesk.core.formats.handoff", "PySide6.QtPrintSupport")) \
        == ["leukodesk.ui.handoff", "leukodesk.ui.handoff.actions"]


# --- no result, no hand-off ------------------------------------------------------------------
def test_a_blank_window_copies_nothing_and_says_so(window, handoff, qtbot):
    QGuiApplication.clipboard().setText(SENTINEL)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == SENTINEL
    assert status_message(window) == "Nothing to hand off yet: enter the counts first."


def test_invalid_input_gives_no_note_no_pdf_and_no_worksheet(user, window, handoff, choosers,
                                                             tmp_path):
    type_fn_case(user)
    user.type("anc", "3")  # above the WBC: invalid
    assert "anc" in window.vm.state.errors
    QGuiApplication.clipboard().setText(SENTINEL)
    assert handoff.copy_note() is None
    assert QGuiApplication.clipboard().text() == SENTINEL
    assert "1 input problem" in status_message(window)
    assert handoff.export_pdf() is None and handoff.print_summary() is None
    assert handoff.worksheet() is None
    assert choosers.asked == [] and files(tmp_path) == []


def test_the_worksheet_needs_a_weight(user, window, handoff, choosers):
    for key, text in FN_TYPED[:-1]:
        user.type(key, text)
    assert window.vm.state.assessment is not None and window.vm.state.dose is None
    assert handoff.worksheet() is None
    assert status_message(window) == "No dose worksheet: enter the weight in the dose panel first."
    assert choosers.asked == []


# --- Copy note -------------------------------------------------------------------------------
def test_copy_note_puts_the_cores_note_on_the_clipboard(user, window, handoff, qtbot):
    type_fn_case(user)
    qtbot.keyClick(user.edit("wbc"), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    copied = QGuiApplication.clipboard().text()
    state = window.vm.state
    assert copied == note_text(state.assessment, state.dose, at=AT)
    # ... and that is the core's answer for what was typed, not just the window's state.
    a = assess(FN_DOC)
    assert state.assessment == a.model_copy(update={"inputs": state.assessment.inputs})
    for r in a.recommendations:
        assert " ".join(ascii_safe(r.text).split()) in " ".join(copied.split())
    assert "Febrile neutropenia (IDSA/ASCO): YES" in copied
    assert all(line.isascii() and len(line) < 80 for line in copied.splitlines())
    assert status_message(window).startswith("Note copied")


def test_the_note_follows_every_change(user, window, handoff):
    type_fn_case(user)
    notes = [handoff.copy_note()]
    for key, text in (("platelets", "25"), ("temperature_c", "37.2"), ("weight_kg", "80"),
                      ("age_years", "50")):
        user.type(key, text)
        notes.append(handoff.copy_note())
        assert notes[-1] == QGuiApplication.clipboard().text()
    user.tick("systemic_infection_signs")
    notes.append(handoff.copy_note())
    user.dose_choice("presentation_set", "us_vials")
    notes.append(handoff.copy_note())
    assert len(set(notes)) == len(notes)
    assert "Platelets 25 x10^9/L" in notes[-1] and "Weight 80 kg" in notes[-1]


# --- Export PDF ------------------------------------------------------------------------------
def test_export_pdf_writes_the_chosen_file_and_nothing_else(user, window, handoff, choosers,
                                                            tmp_path):
    type_fn_case(user)
    choosers.choice = HandoffChoice("letter", "Bed 4, MRN 77", "pdf")
    choosers.path = str(tmp_path / "summary")  # no suffix: .pdf is added
    path = handoff.export_pdf()
    assert path == str(tmp_path / "summary.pdf")
    assert files(tmp_path) == ["summary.pdf"]
    assert choosers.asked[0] == ("choice", "summary", ("pdf",))
    assert choosers.asked[1][0] == "path" and choosers.asked[1][2].endswith(
        "leukodesk-summary-2026-03-14-0930.pdf")
    pdf = read_pdf(Path(path).read_bytes())
    assert pdf.pages >= 1 and set(pdf.sizes) == {PAPER_POINTS["letter"]}
    d = window.vm.state.dose
    for wanted in ("Patient: Bed 4, MRN 77", "Date/time: 2026-03-14 09:30", d.statement,
                   *d.workings, *(r.text for r in window.vm.state.assessment.recommendations)):
        assert pdf.has(wanted), wanted
    assert f"Page {pdf.pages} of {pdf.pages}" in pdf.page_texts[-1]
    assert status_message(window) == f"Saved {path} ({pdf.pages} page" \
        f"{'s' if pdf.pages > 1 else ''})."


def test_the_file_name_and_the_page_carry_one_time(user, window, handoff, choosers):
    """The clock read once: a minute turning while the file dialog is open does not give
    the file one time and the page another."""
    type_fn_case(user)
    times = iter([AT, AT.replace(minute=31), AT.replace(minute=32)])
    handoff.use_choosers(choose=choosers.choose, choose_path=choosers.choose_path,
                         clock=lambda: next(times))
    path = handoff.export_pdf()
    assert choosers.asked[1][2].endswith("leukodesk-summary-2026-03-14-0930.pdf")
    pdf = read_pdf(Path(path).read_bytes())
    assert pdf.has("Date/time: 2026-03-14 09:30")


@pytest.mark.parametrize("cancel", ["dialog", "file"])
def test_cancelling_writes_nothing(user, window, handoff, choosers, tmp_path, cancel):
    type_fn_case(user)
    if cancel == "dialog":
        choosers.choice = None
    else:
        choosers.path = ""
    assert handoff.export_pdf() is None
    assert files(tmp_path) == []


def test_an_unwritable_path_is_reported(user, window, handoff, choosers, tmp_path):
    type_fn_case(user)
    choosers.path = str(tmp_path / "missing" / "x.pdf")
    assert handoff.export_pdf() is None
    assert status_message(window).startswith(f"Could not save the PDF to {choosers.path}")


def test_inputs_changed_under_the_dialog_make_nothing(user, window, handoff, choosers,
                                                      tmp_path):
    type_fn_case(user)

    def typing_meanwhile(parent, caption, suggested):
        window.vm.set_text("platelets", "30")
        return str(tmp_path / "late.pdf")

    handoff._choose_path = typing_meanwhile
    assert handoff.export_pdf() is None
    assert files(tmp_path) == []
    assert "inputs changed" in status_message(window)


# --- Print -------------------------------------------------------------------------------
def test_print_paints_the_summary_on_the_chosen_printer(user, window, handoff, choosers,
                                                        tmp_path):
    type_fn_case(user)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer we can read back
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    choosers.printer = printer
    choosers.choice = HandoffChoice("a4", "", "print")
    pages = handoff.print_summary()
    assert choosers.asked == [("choice", "summary", ("print",)), ("printer", "a4")]
    pdf = read_pdf((tmp_path / "printed.pdf").read_bytes())
    assert pdf.pages == pages and "Patient:" not in pdf.text
    assert pdf.has(window.vm.state.dose.statement)


def test_cancelled_print_dialog_prints_nothing(user, window, handoff, choosers):
    type_fn_case(user)
    choosers.choice = HandoffChoice("a4", "", "print")
    assert handoff.print_summary() is None  # choose_printer answered None


# --- the worksheet -----------------------------------------------------------------------
def test_worksheet_pdf_has_the_dose_and_sign_off_lines(user, window, handoff, choosers,
                                                       tmp_path):
    type_fn_case(user)
    user.dose_choice("presentation_set", "us_vials")
    choosers.choice = HandoffChoice("a4", "", "pdf")
    path = handoff.worksheet()
    assert choosers.asked[0] == ("choice", "worksheet", ("pdf", "print"))
    pdf = read_pdf(Path(path).read_bytes())
    d = window.vm.state.dose
    assert d == calculate_dose({"weight": "72.4", "weight_unit": "kg",
                                "presentation_set": "us_vials"})
    for wanted in ("G-CSF dose worksheet", "Prepared by:", "Checked by:", d.statement,
                   "Last chemotherapy ended:", *d.workings):
        assert pdf.has(wanted), wanted


# --- the dialog, unshown -----------------------------------------------------------------
def test_the_dialog_gives_paper_label_and_destination(qtbot, window):
    dialog = HandoffDialog(window, "worksheet", ("pdf", "print"))
    qtbot.addWidget(dialog)
    assert dialog.label_edit.text() == ""  # never a previous patient's label
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("letter"))
    qtbot.keyClicks(dialog.label_edit, "  Jane   Doe  ")
    qtbot.mouseClick(dialog.buttons["print"], Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice() == HandoffChoice("letter", "Jane Doe", "print")


def test_the_label_field_holds_what_paper_prints(qtbot, window):
    from leukodesk.core.formats.handoff import LABEL_MAX

    dialog = HandoffDialog(window, "summary", ("pdf",))
    qtbot.addWidget(dialog)
    assert dialog.label_edit.maxLength() == LABEL_MAX


def test_a_cancelled_dialog_gives_no_choice(qtbot, window):
    dialog = HandoffDialog(window, "summary", ("pdf",))
    qtbot.addWidget(dialog)
    assert list(dialog.buttons) == ["pdf"] and dialog.windowTitle() == "Export PDF"
    dialog.reject()
    assert dialog.choice() is None


def test_the_dialogs_open_only_through_exec(window, monkeypatch):
    # The real choosers run a modal dialog; with exec patched they return its answer.
    from leukodesk.ui.handoff import dialog as module

    monkeypatch.setattr(HandoffDialog, "exec", lambda self: self.reject())
    assert module.ask_choice(window, "summary", ("pdf",)) is None


# --- the gauge on paper is the window's gauge ---------------------------------------------
@pytest.mark.parametrize("doc", [FN_DOC, {"wbc": 0.8}, {"wbc": 3.5, "anc": 2.4},
                                 {"wbc": 1.5, "anc": 0.05}],
                         ids=["fn", "wbc-only", "normal-anc", "profound"])
def test_the_paper_gauge_reads_as_the_window_gauge(window, doc):
    """The reading printed for a patient is the one the window's gauge shows for it."""
    window.vm.load_document(doc)
    a = window.vm.state.assessment
    assert a == assess(doc)
    assert window.gauge.reading() is not None
    assert gauge_reading(a) == window.gauge.reading()


# --- page breaks -------------------------------------------------------------------------
def test_sections_break_only_between_entries_with_two_on_each_side(qapp):
    from PySide6.QtCore import QBuffer
    from PySide6.QtGui import QPdfWriter

    from leukodesk.core.formats.handoff import Entry
    from leukodesk.ui.handoff.paper import KEEP_WHOLE_ENTRIES, Layout

    buffer = QBuffer()
    lay = Layout(QPdfWriter(buffer))

    def section(entries: int):
        writer = lay.writer()
        writer.heading("Heading")
        for n in range(entries):
            writer.entry(Entry(f"entry {n} " * 20, marker="- " if n % 2 else ""))
        return lay.block(writer), writer.doc

    short, _ = section(KEEP_WHOLE_ENTRIES - 1)
    assert short.cuts == [short.height]  # a short section is never split
    long, doc = section(9)
    bottoms = []
    block = doc.begin()
    while block.isValid():
        bottoms.append(doc.documentLayout().blockBoundingRect(block).bottom())
        block = block.next()
    # heading + 9 entries: breaks after entries 2..7 only, and at the end
    assert long.cuts == [*bottoms[2:-2], long.height]


def test_page_one_leads_with_the_actions_and_the_dose_action_line(qapp):
    """Issue 19: with the dose calculator's result, page 1 carries ACT NOW, the
    emergencies, the dose's action line and the transfusion before any input."""
    from pdf_check import flat

    from leukodesk.core.formats import words
    from leukodesk.ui.handoff.pdf import summary_pdf

    patient = {"wbc": 0.6, "anc": 0.05, "temperature_c": 39.1, "platelets": 7,
               "age_years": 70, "weight_kg": 72.4}
    a, dose = assess(patient), calculate_dose({"weight_kg": 72.4})
    data, pages = summary_pdf(a, dose, at=datetime(2026, 3, 14, 9, 30))
    page_1 = read_pdf(data).page_texts[0]
    wanted = [flat("ACT NOW"), *(flat(line) for line in words.act_now_lines(a)),
              flat(words.transfusion_words(a, a.platelet_transfusion)),
              flat(f"Action: {dose.action}")]
    at = [page_1.find(w) for w in wanted]
    assert -1 not in at and at == sorted(at), list(zip(wanted, at, strict=True))
    inputs = page_1.find(flat("Inputs (as used, in canonical units)"))
    assert inputs == -1 or inputs > at[-1]


def test_paired_inputs_keep_every_input_line(qapp):
    """Two short inputs share a line on paper; none is lost or cut."""
    from pdf_check import flat

    from leukodesk.core.formats.note import summary_handoff
    from leukodesk.ui.handoff.pdf import summary_pdf

    patient = {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6,
               "age_years": 70, "platelets": 8, "weight_kg": 72.4}
    a = assess(patient)
    at = datetime(2026, 3, 14, 9, 30)
    inputs = next(s for s in summary_handoff(a, at=at).sections if s.title.startswith("Inputs"))
    assert inputs.paired
    pdf = read_pdf(summary_pdf(a, at=at)[0])
    for e in inputs.entries:
        assert flat(e.text) in pdf.text, e.text
