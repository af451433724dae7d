"""Teaching cases in the window: the Cases menu (the shipped library), File ▸ Open case… and
File ▸ Save case… (a teacher's own case files), and the vignette pane above the inputs.
Added to a window by :func:`install_case_library`.

Opening a case fills every input in one step (``ViewModel.load_document``: one recompute,
one state), its dose choices and dose tolerance included, and shows its story and teaching
points in the vignette pane. A case written in other units (cells/µL, °F) shows in them;
the user's own unit choice is kept as the preference all the same
(``ViewModel.chosen_units``), and Reset returns to it. A file that cannot be used
(malformed, over 1 MB, hostile, not a valid case, or inputs the window cannot hold: the
window has one weight and one tolerance, so a ``dose_request`` with another weight or
tolerance than the inputs', or a field the window lacks, is refused too) is refused with a
message naming the file and what is wrong; nothing changes.

Saving asks for a title, story and teaching points (those of the case open, to start
from), then a file; it writes the inputs on screen as a case file
(``leukodesk.ui.teaching.case_library.case_document``: inputs, dose choices, and the result or the
refusal the case teaches), validated by the same model as the shipped cases
(``leukodesk.cases.Case``) and written atomically.

This module is imported at window start-up, so it stays light (Qt and the standard library
only): the case code (``leukodesk.cases``, with pydantic), the case file builder
(``leukodesk.ui.teaching.case_library``), the dialogs and the vignette pane load when first used,
each at one place (:meth:`CaseLibrary._cases`, :meth:`CaseLibrary.save_file`,
:meth:`CaseLibrary._dialogs`, :attr:`CaseLibrary.pane`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QSplitter

from leukodesk.ui.window_actions import documents_folder, say, suggested_path, window_action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget

    from leukodesk.cases import Case
    from leukodesk.ui.teaching.case_dialog import CaseDetails
    from leukodesk.ui.teaching.vignette import VignettePane
    from leukodesk.ui.view_model import ViewModel

    AskPath = Callable[[QWidget, str, str], str]
    AskDetails = Callable[[QWidget, CaseDetails, bool], CaseDetails | None]  # bool: refused
    Tell = Callable[[QWidget, str, str], None]

log = logging.getLogger(__name__)

MNEMONICS = "123456789abcdefghijklmnopqrstuvwxyz"   # the shipped cases' menu keys


def _menu_before(window: QMainWindow, title: str, before: QMenu | None) -> QMenu:
    bar = window.menuBar()
    menu = QMenu(title, bar)
    if before is None:
        bar.addMenu(menu)
    else:
        bar.insertMenu(before.menuAction(), menu)
    return menu


class CaseLibrary(QObject):
    """The Cases menu, Open case…/Save case… and the vignette pane of one window. Tests
    replace the dialogs with :meth:`use_choosers`."""

    case_opened = Signal(object)   # the Case now on screen

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.vm: ViewModel = window.vm  # type: ignore[attr-defined]
        self.case: Case | None = None            # the case on screen, if one was opened
        self.case_path: Path | None = None       # its file, for an own case
        self._pane: VignettePane | None = None
        self._choose_open: AskPath | None = None
        self._choose_save: AskPath | None = None
        self._ask_details: AskDetails | None = None
        self._tell: Tell | None = None
        self._listed = False
        self._points_held = False
        self.case_actions: dict[str, QAction] = {}

        # The input column becomes a vertical splitter: the vignette pane goes above the
        # inputs when a case is first opened (nothing else changes until then).
        split = window.split  # type: ignore[attr-defined]
        self.column = QSplitter(Qt.Orientation.Vertical)
        self.column.setObjectName("input_column")
        self.column.setChildrenCollapsible(False)
        scroll = split.widget(0)
        split.replaceWidget(0, self.column)
        self.column.addWidget(scroll)
        scroll.show()
        self.menu = _menu_before(window, "&Cases", getattr(window, "view_menu", None))
        self.menu.setObjectName("cases_menu")
        self.menu.aboutToShow.connect(self._list_cases)
        self.library_action = window_action(
            window, "Case &library", "case_library_action", "Ctrl+L", self.show_library,
            "Open the Cases menu: the teaching cases shipped with LeukoDesk")
        self.vignette_action = window_action(
            window, "Case &vignette", "case_vignette_action", "Ctrl+Shift+L", None,
            "Show or hide the pane with the open case's story and teaching points")
        self.vignette_action.setCheckable(True)
        self.vignette_action.toggled.connect(self._on_vignette_toggled)
        self.open_action = window_action(
            window, "&Open case…", "open_case_action", QKeySequence.StandardKey.Open,
            self.open_file, "Open a case file (JSON) saved from LeukoDesk")
        self.save_action = window_action(
            window, "&Save case…", "save_case_action", QKeySequence.StandardKey.Save,
            self.save_file, "Save the inputs on screen as a teaching case file (JSON)")
        self._placeholder = self.menu.addAction("(reading the cases…)")
        self._placeholder.setEnabled(False)
        self.menu.addSeparator()
        self.menu.addAction(self.vignette_action)
        self.menu.addAction(self.open_action)
        file_menu: QMenu | None = getattr(window, "file_menu", None)
        if file_menu is not None:
            first = file_menu.actions()[0] if file_menu.actions() else None
            if first is None:
                file_menu.addActions([self.open_action, self.save_action])
            else:   # Open and Save first, as in every program
                file_menu.insertActions(first, [self.open_action, self.save_action])
                file_menu.insertSeparator(first)
        reset = getattr(window, "reset_action", None)
        if reset is not None:
            reset.triggered.connect(self._on_reset)

    def use_choosers(self, *, open_path: AskPath | None = None,
                     save_path: AskPath | None = None, details: AskDetails | None = None,
                     tell: Tell | None = None) -> None:
        """Replace the dialogs of an installed library: for tests."""
        self._choose_open, self._choose_save = open_path, save_path
        self._ask_details, self._tell = details, tell

    # --- what loads when first needed ---------------------------------------------------
    @staticmethod
    def _dialogs() -> ModuleType:
        """The dialogs' module (it loads the case code too)."""
        from leukodesk.ui.teaching import (
            case_dialog,  # start-up: the dialogs wait for their first use
        )

        return case_dialog

    @staticmethod
    def _cases() -> ModuleType:
        """The case code: reading, checking and saving case files (pydantic, the core)."""
        from leukodesk import cases  # start-up: the case code waits for the Cases menu

        return cases

    def _say(self, message: str) -> None:
        say(self.window, message)

    def _refuse(self, title: str, text: str) -> None:
        log.info("%s: %s", title, text)
        (self._tell or self._dialogs().tell)(self.window, title, text)

    # --- the vignette pane ---------------------------------------------------------------
    @property
    def pane(self) -> VignettePane:
        """The vignette pane (at the top of the input column), made when first needed."""
        if self._pane is None:
            from leukodesk.ui.teaching.vignette import (
                VignettePane,  # start-up: made by a first case
            )

            pane = VignettePane()
            pane.hide()
            pane.hold_points(self._points_held)
            pane.closed.connect(self._on_pane_closed)
            self.column.insertWidget(0, pane)
            self._pane = pane
        return self._pane

    def _on_pane_closed(self) -> None:
        self.vignette_action.setChecked(False)

    def hold_points(self, held: bool) -> None:
        """Hold the teaching points back (the results are hidden: they would say the
        answer) or show them."""
        self._points_held = held
        if self._pane is not None:
            self._pane.hold_points(held)

    def _on_vignette_toggled(self, on: bool) -> None:
        if not on and self._pane is None:
            return
        pane = self.pane
        if on == pane.isHidden():
            pane.setVisible(on)
            if on:   # a third of the column for the story, the rest for the inputs
                height = max(self.column.height(), 3)
                self.column.setSizes([height // 3, height - height // 3])

    def _on_reset(self) -> None:
        self.case = None
        self.case_path = None
        if self._pane is not None:
            self._pane.clear()
        self.vignette_action.setChecked(False)   # hides the pane

    # --- the shipped library -------------------------------------------------------------
    def _list_cases(self) -> None:
        """Fill the menu with the shipped cases' titles, once (when first shown)."""
        if self._listed:
            return
        self._listed = True
        cases = self._cases()
        titles = {}
        for name in cases.list_cases():
            try:  # only the title is read here; the case is checked when opened
                titles[name] = str(json.loads(cases.case_path(name).read_text("utf-8"))
                                   ["title"])
            except (OSError, ValueError, KeyError, TypeError):
                titles[name] = name
        actions = []
        # In the order of their titles: what the teacher reads is what is sorted.
        for n, name in enumerate(sorted(titles, key=lambda k: titles[k].casefold())):
            title = titles[name]
            mnemonic = f"&{MNEMONICS[n]}  " if n < len(MNEMONICS) else ""
            action = QAction(f"{mnemonic}{title.replace('&', '&&')}", self.menu)
            action.setObjectName(f"case_{name}_action")
            action.setStatusTip(f"Open the teaching case {name}")
            action.triggered.connect(lambda _checked=False, n=name: self.open_shipped(n))
            self.case_actions[name] = action
            actions.append(action)
        if not actions:
            self._placeholder.setText("(no teaching cases found)")
            return
        self.menu.insertActions(self._placeholder, actions)
        self.menu.removeAction(self._placeholder)

    def show_library(self) -> None:
        """Open the Cases menu from the keyboard (Ctrl+L): arrows and Enter choose."""
        self._list_cases()
        bar = self.window.menuBar()
        bar.setActiveAction(self.menu.menuAction())
        if self.menu.actions():
            self.menu.setActiveAction(self.menu.actions()[0])

    def open_shipped(self, name: str) -> bool:
        cases = self._cases()
        try:
            case = cases.load_case(name)
        except cases.CaseError as exc:
            self._refuse("Cannot open the case", str(exc))
            return False
        return self._show(case, None, "A teaching case shipped with LeukoDesk")

    # --- own files -----------------------------------------------------------------------
    def _folder(self) -> str:
        if self.case_path is not None:
            return str(self.case_path.parent)
        return documents_folder()

    def open_file(self, path: str | None = None) -> bool:
        """Ask for a case file (or take ``path``) and open it; a file that cannot be used
        is refused with a message, and nothing on screen changes."""
        if path is None:
            choose = self._choose_open or self._dialogs().ask_open_path
            path = choose(self.window, "Open case", self._folder())
        if not path:
            return False
        cases = self._cases()
        file = Path(path)
        try:
            case = cases.load_case(file)
        except cases.CaseError as exc:
            self._refuse("Cannot open the case", f"{exc}\n\nNothing on screen was changed.")
            return False
        return self._show(case, file, f"Case file {file.name}")

    def _show(self, case: Case, file: Path | None, source: str) -> bool:
        try:   # the dose request too: its choices and tolerance, and the same weight
            self.vm.load_document(case.inputs, case.dose_request)
        except ValueError as exc:
            name = file.name if file is not None else case.title
            self._refuse("Cannot open the case",
                         f"{name} is a valid case, but the window cannot show its inputs: "
                         f"{exc}.\n\nNothing on screen was changed.")
            return False
        self.case, self.case_path = case, file
        pane = self.pane
        pane.show_case(case, source)
        self.vignette_action.setChecked(True)
        self._say(f"Opened “{case.title}”.")
        self.case_opened.emit(case)
        return True

    def save_file(self) -> str | None:
        """Ask for the case's details and a file; save. Returns the path written."""
        state = self.vm.state
        if state.blank:
            self._say("Nothing to save yet: enter the counts first.")
            return None
        refused = state.assessment is None
        details_of = self._dialogs().CaseDetails
        defaults = details_of(self.case.title, self.case.vignette,
                              tuple(self.case.teaching_points)) if self.case else \
            details_of("")
        ask = self._ask_details or self._dialogs().ask_details
        details = ask(self.window, defaults, refused)
        if details is None:
            return None
        stem = "".join(c if c.isalnum() else "_" for c in details.title.lower()).strip("_")
        suggested = suggested_path(self._folder(), f"{stem[:40] or 'case'}.json")
        choose = self._choose_save or self._dialogs().ask_save_path
        path = choose(self.window, "Save case", suggested)
        if not path:
            return None
        if self.vm.state is not state:
            self._say("The inputs changed while the dialog was open; nothing was saved.")
            return None
        if not path.lower().endswith(".json"):
            path += ".json"
        from leukodesk.ui.teaching.case_library import case_document  # start-up: waits for a save

        cases = self._cases()
        file = Path(path)
        try:
            case = cases.case_from_document(case_document(
                self.vm, details.title, details.vignette, details.teaching_points,
                details.record_result), file.name)
            cases.save_case(case, file)
        except cases.CaseError as exc:
            self._refuse("Cannot save the case", f"{exc}\n\nNothing was saved.")
            return None
        except OSError as exc:
            self._refuse("Cannot save the case",
                         f"Cannot write {file}: {exc.strerror or exc}.\n\nNothing was saved.")
            return None
        self.case, self.case_path = case, file
        if self._pane is not None:
            self._pane.show_case(case, f"Case file {file.name}")
        self._say(f"Saved {file}.")
        return str(file)


def install_case_library(window: QMainWindow) -> CaseLibrary:
    """Add the Cases menu (Ctrl+L), File ▸ Open case… (Ctrl+O) and Save case… (Ctrl+S),
    and the vignette pane (made when first used) to ``window``. ``window`` must have
    ``vm``; it may have ``file_menu``, ``view_menu`` (the Cases menu goes before it) and
    ``reset_action`` (Reset clears the vignette). Keep the returned object; tests replace
    its dialogs with :meth:`CaseLibrary.use_choosers`."""
    return CaseLibrary(window)
