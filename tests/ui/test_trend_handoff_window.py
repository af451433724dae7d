"""The serial counts leave the window as the command line writes them (issue 17): with a
case that carries a history open, Copy note holds the table and the trend in words, and
Export PDF… and Print… carry the table, the words and the trend plot with its labelled
nadir, all the core's for what is on screen."""

from __future__ import annotations

from pathlib import Path

from pdf_check import read_pdf
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from test_handoff import AT, Choosers

from leukodesk.cases import load_case
from leukodesk.core import assess
from leukodesk.core.formats.handoff import ascii_safe
from leukodesk.core.formats.history_lines import history_entries
from leukodesk.core.formats.note import TREND_PLOT, note_text
from leukodesk.core.formats.trend_lines import trend_entries
from leukodesk.ui.handoff.dialog import HandoffChoice
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.panels.trend_view import trend_plot_view

CASE = "chemo_nadir_recovery_ac"


def open_case(window: MainWindow, tmp_path: Path) -> Choosers:
    choosers = Choosers(tmp_path)
    window.handoff.use_choosers(choose=choosers.choose, choose_path=choosers.choose_path,
                                choose_printer=choosers.choose_printer, clock=lambda: AT)
    assert window.cases.open_shipped(CASE)
    assert window.vm.state.assessment == assess(load_case(CASE).inputs)
    return choosers


def test_copy_note_holds_the_table_and_the_trend_in_words(window, tmp_path):
    open_case(window, tmp_path)
    window.handoff.copy_note()
    copied = QGuiApplication.clipboard().text()
    a = window.vm.state.assessment
    assert copied == note_text(a, window.vm.state.dose, at=AT)
    assert history_entries(a) and trend_entries(a)   # the case has both: each is checked
    for e in history_entries(a):
        assert f"  {ascii_safe(e.text)}\n" in copied, e.text
    for e in trend_entries(a):
        assert " ".join(ascii_safe(e.text).split()) in " ".join(copied.split()), e.text


def test_export_pdf_and_print_carry_the_plot_with_its_nadir(window, tmp_path):
    choosers = open_case(window, tmp_path)
    a = window.vm.state.assessment
    view = trend_plot_view(a)
    assert view is not None and view.nadir_label == "nadir 0.210 on 14 Feb"
    exported = read_pdf(Path(window.handoff.export_pdf()).read_bytes())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer we can read back
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    choosers.printer, choosers.choice = printer, HandoffChoice("a4", "", "print")
    assert window.handoff.print_summary()
    printed = read_pdf((tmp_path / "printed.pdf").read_bytes())
    for pdf in (exported, printed):
        assert pdf.has(f"{TREND_PLOT}, platelets below")
        assert pdf.has(view.nadir_label) and pdf.has(view.current_label)
        for e in trend_entries(a):
            assert pdf.has(e.text), e.text
        for e in history_entries(a):
            assert pdf.has(" ".join(c for c in e.cells if c) if e.cells else e.text), e.text
