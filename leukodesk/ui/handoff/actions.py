"""Results off the screen: File ▸ Copy note, Export PDF…, Print… and the pharmacist's dose
worksheet, added to a window by :func:`install_handoff`.

Every hand-off is made from the window's current state (``window.vm.state``), at the moment
it is asked for: what leaves the screen is what the core computed for what is on it. With
no valid result, nothing is made and the status bar says why. Nothing is written anywhere
but the PDF file the user chose; the patient label is asked for each time and never kept.

This module is imported at window start-up, so it stays light: the note, the dialogs, the
PDF layout and Qt's print support are imported only inside the actions, at three places
(:meth:`Handoff._dialogs`, :meth:`Handoff.copy_note`, :meth:`Handoff._paper`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QKeySequence

from leukodesk.ui.panels.gauge import gauge_reading
from leukodesk.ui.site_state import site_words
from leukodesk.ui.window_actions import documents_folder, say, suggested_path, window_action

if TYPE_CHECKING:
    from types import ModuleType

    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QMainWindow, QWidget

    from leukodesk.core.formats.handoff import Handoff as HandoffDocument
    from leukodesk.ui.handoff.dialog import HandoffChoice
    from leukodesk.ui.handoff.paper import Painting
    from leukodesk.ui.panels.gauge import GaugeReading
    from leukodesk.ui.view_model import ViewState

    AskChoice = Callable[[QWidget, str, tuple[str, ...]], HandoffChoice | None]
    AskPath = Callable[[QWidget, str, str], str]
    AskPrinter = Callable[[QWidget, str], QPrinter | None]

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


class Handoff(QObject):
    """The four hand-off actions of one window. Tests replace the dialogs with
    :meth:`use_choosers`, so that they run without modal dialogs."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        # None: the real dialogs, imported when first needed (not at start-up).
        self._choose: AskChoice | None = None
        self._choose_path: AskPath | None = None
        self._choose_printer: AskPrinter | None = None
        self._clock: Callable[[], datetime] = _now
        self.copy_note_action = window_action(
            window, "Copy &note", "copy_note_action", "Ctrl+Shift+C", self.copy_note,
            "Copy a plain-text summary for the patient's record")
        self.export_pdf_action = window_action(
            window, "&Export PDF…", "export_pdf_action", None, self.export_pdf,
            "Save the summary as a PDF (A4 or US Letter)")
        self.print_action = window_action(
            window, "&Print…", "print_action", QKeySequence.StandardKey.Print, self.print_summary,
            "Print the summary")
        self.worksheet_action = window_action(
            window, "Pharmacist's dose &worksheet…", "worksheet_action", None, self.worksheet,
            "The dose calculation with blank lines for prepared by / checked by")
        self.all_actions = (self.copy_note_action, self.export_pdf_action, self.print_action,
                            self.worksheet_action)
        # In the File menu, between separators, before Quit.
        menu, quit_action = window.file_menu, window.quit_action  # type: ignore[attr-defined]
        menu.insertSeparator(quit_action)
        menu.insertActions(quit_action, list(self.all_actions))
        menu.insertSeparator(quit_action)

    def use_choosers(self, *, choose: AskChoice | None = None,
                     choose_path: AskPath | None = None, choose_printer: AskPrinter | None = None,
                     clock: Callable[[], datetime] | None = None) -> None:
        """Replace the dialogs (and the clock) of an installed hand-off: for tests."""
        self._choose, self._choose_path, self._choose_printer = choose, choose_path, \
            choose_printer
        if clock is not None:
            self._clock = clock

    @staticmethod
    def _dialogs() -> ModuleType:
        """The dialogs' module (with Qt's print support), loaded by the first hand-off."""
        from leukodesk.ui.handoff import dialog  # start-up: dialogs and print support wait

        return dialog

    def _ask_choice(self, kind: str, destinations: tuple[str, ...]) -> HandoffChoice | None:
        ask = self._choose or self._dialogs().ask_choice
        return ask(self.window, kind, destinations)

    def _ask_path(self, caption: str, suggested: str) -> str:
        ask = self._choose_path or self._dialogs().ask_path
        return ask(self.window, caption, suggested)

    def _ask_printer(self, paper: str) -> QPrinter | None:
        ask = self._choose_printer or self._dialogs().ask_printer
        return ask(self.window, paper)

    # --- reading the state ---------------------------------------------------------------
    def say(self, message: str) -> None:
        say(self.window, message)

    def _valid_state(self, need_dose: bool = False) -> ViewState | None:
        state = self.window.vm.state
        # The window shows a result with an invalid optional field left out (RULES §2a), but
        # a hand-off never leaves out a value the user typed: it waits for the fix.
        if state.assessment is not None and not state.errors and (
                state.dose is not None or not need_dose):
            return state
        if state.assessment is not None and not state.errors:
            self.say("No dose worksheet: enter the weight in the dose panel first.")
        elif state.blank:
            self.say("Nothing to hand off yet: enter the counts first.")
        else:
            n = len(state.errors)
            self.say(f"No result to hand off: {n} input problem{'s' if n != 1 else ''} - "
                     "correct the fields marked in red first.")
        return None

    def _still(self, state: ViewState) -> bool:
        if self.window.vm.state is state:
            return True
        self.say("The inputs changed while the dialog was open; nothing was made. Try again.")
        return False

    # --- the actions -----------------------------------------------------------------------
    def copy_note(self) -> str | None:
        """Put the note on the clipboard; returns it (None when there is no result)."""
        state = self._valid_state()
        if state is None:
            return None
        # start-up: the engine's texts wait
        from leukodesk.core.formats.handoff import handoff_text
        from leukodesk.core.formats.note import summary_handoff

        text = handoff_text(summary_handoff(state.assessment, state.dose, at=self._clock(),
                                            **site_words(state.site)))
        QGuiApplication.clipboard().setText(text)
        self.say(f"Note copied ({len(text.splitlines())} lines): paste it into the record "
                 "and check it against the patient.")
        return text

    def export_pdf(self) -> str | None:
        """Ask paper, label and file; write the summary PDF. Returns the path written."""
        state = self._valid_state()
        choice = None if state is None else self._ask_choice("summary", ("pdf",))
        if state is None or choice is None:
            return None
        return self._save_pdf(state, choice, "summary")

    def print_summary(self) -> int | None:
        """Ask paper and label, then the printer; print the summary. Returns the pages."""
        state = self._valid_state()
        choice = None if state is None else self._ask_choice("summary", ("print",))
        if state is None or choice is None:
            return None
        return self._print(state, choice, "summary")

    def worksheet(self) -> str | int | None:
        """The pharmacist's dose worksheet, saved as PDF or printed (the dialog asks)."""
        state = self._valid_state(need_dose=True)
        choice = None if state is None else self._ask_choice("worksheet", ("pdf", "print"))
        if state is None or choice is None:
            return None
        if choice.destination == "print":
            return self._print(state, choice, "worksheet")
        return self._save_pdf(state, choice, "worksheet")

    # --- making them -----------------------------------------------------------------------
    def _paper(self, state: ViewState, kind: str, at: datetime
               ) -> tuple[ModuleType, HandoffDocument, GaugeReading | None,
                        dict[str, Painting]]:
        """The PDF module, loaded by the first PDF or printout, and what it lays out: the
        document, the gauge's reading, and its drawings by kind (the trend plot)."""
        # start-up: the hand-off texts and the PDF layout load with the first one made
        from leukodesk.core.formats.note import summary_handoff
        from leukodesk.core.formats.worksheet import worksheet_handoff
        from leukodesk.ui.handoff import pdf
        from leukodesk.ui.handoff.figures import handoff_figures

        if kind == "worksheet":   # with the site's line (the core withholds volumes)
            panel = getattr(self.window, "prophylaxis", None)  # RULES §14, when filled in
            return pdf, worksheet_handoff(state.dose, at=at, prophylaxis=panel and
                                          panel.result(), site=state.site.line), None, {}
        return pdf, summary_handoff(state.assessment, state.dose, at=at,
                                    **site_words(state.site)), \
            gauge_reading(state.assessment), handoff_figures(state.assessment)

    def _save_pdf(self, state: ViewState, choice: HandoffChoice, kind: str) -> str | None:
        at = self._clock()  # one time for the file's name and the date/time printed in it
        stamp = at.strftime("%Y-%m-%d-%H%M")
        suggested = suggested_path(documents_folder(), f"leukodesk-{kind}-{stamp}.pdf")
        path = self._ask_path(self._dialogs().TITLES[(kind, "pdf")], suggested)
        if not path or not self._still(state):
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        pdf, doc, reading, figures = self._paper(state, kind, at)
        try:
            data, pages = pdf.handoff_pdf(doc, reading, paper=choice.paper, label=choice.label,
                                          figures=figures)
        except pdf.PdfError as exc:
            self.say(f"Could not make the PDF: {exc}.")
            return None
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            log.warning("could not write %s: %s", path, exc)
            self.say(f"Could not save the PDF to {path}: {exc.strerror or exc}.")
            return None
        self.say(f"Saved {path} ({pages} page{'s' if pages != 1 else ''}).")
        return path

    def _print(self, state: ViewState, choice: HandoffChoice, kind: str) -> int | None:
        printer = self._ask_printer(choice.paper)
        if printer is None or not self._still(state):
            return None
        pdf, doc, reading, figures = self._paper(state, kind, self._clock())
        try:
            pages = pdf.paint_handoff(printer, doc, reading, choice.label, figures)
        except pdf.PdfError as exc:
            self.say(f"Could not print: {exc}.")
            return None
        self.say(f"Sent {pages} page{'s' if pages != 1 else ''} to "
                 f"{printer.printerName() or 'the printer'}.")
        return pages


def install_handoff(window: QMainWindow) -> Handoff:
    """Add Copy note (Ctrl+Shift+C), Export PDF…, Print… (Ctrl+P) and Pharmacist's dose
    worksheet… to ``window``'s File menu, before Quit. ``window`` must have ``vm`` (the view
    model), ``file_menu`` and ``quit_action``. Keep the returned object (it owns the
    actions' behaviour); tests replace its dialogs with :meth:`Handoff.use_choosers`."""
    return Handoff(window)
