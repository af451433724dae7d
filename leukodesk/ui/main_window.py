"""The bedside window: inputs on the left, results on the right (results first: the ACT NOW
strip, the advice beside the pitfalls, FN risk and trend tabs, the dose and transfusion
below; how they share the room: leukodesk/ui/look/room.py).

One render path: every change in the view model emits one state, and ``show_state`` hands it
to every panel, which paints its view data of the state (leukodesk/ui/panels/). Nothing
here computes a clinical result.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFrame,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leukodesk import __version__
from leukodesk.core.rules.thresholds import RULES_VERSION
from leukodesk.ui.changes_dialog import WhatChangedDialog
from leukodesk.ui.glossary import install_glossary
from leukodesk.ui.handoff.actions import install_handoff
from leukodesk.ui.look.appearance import install_appearance, skip_needless_shaping
from leukodesk.ui.look.room import FlexRow, KeepsRoom, fit_width
from leukodesk.ui.panels.advice import AdvicePanel
from leukodesk.ui.panels.dose import DosePanel
from leukodesk.ui.panels.fn_risk import TITLE, FnRiskPanel
from leukodesk.ui.panels.gauge import SeverityGauge
from leukodesk.ui.panels.inputs import LAB_KEYS, InputPanel
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.panels.prophylaxis import TITLE as PROPHYLAXIS_TITLE
from leukodesk.ui.panels.prophylaxis import ProphylaxisPanel
from leukodesk.ui.panels.sidebars import PitfallsPanel, TransfusionPanel
from leukodesk.ui.panels.status import StatusView, status_view
from leukodesk.ui.panels.trend_panel import TITLE as TREND_TITLE
from leukodesk.ui.panels.trend_panel import TrendPanel
from leukodesk.ui.settings_store import SettingsStore, UiPreferences
from leukodesk.ui.site import install_site
from leukodesk.ui.teaching.case_menu import install_case_library
from leukodesk.ui.teaching.reveal import install_reveal
from leukodesk.ui.view_model import INTERNAL_ERROR, ViewModel, ViewState
from leukodesk.ui.widgets import TextLine
from leukodesk.ui.window_fit import PREFERRED_SIZE, fits, fitted_geometry

NUMBER_KEYS = "0123456789.,-"
NOT_A_FIELD = ("That key was not taken: the focus is on a selector, not a number field. "
               "Press Enter or Tab to reach the next number field.")


class AfterFirstPaint(QObject):
    """Runs ``then`` once the window's first frame has been painted, and goes away."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this frame is finished
        return False


class EnterMovesOn(QObject):
    """Enter on a button or combo box moves to the next control, as Tab does
    (keyboard-first wards). A number typed on one is not dropped in silence: the window
    beeps and says where numbers go (the digits typed on a selector vanished, and every
    later value landed one field off)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() != QEvent.Type.KeyPress or not isinstance(
                watched, QAbstractButton | QComboBox):
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            watched.focusNextChild()
            return True
        if watched.property("digits_choose"):  # a list of grades: a digit chooses one
            return False
        if event.text() and event.text() in NUMBER_KEYS and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            QApplication.beep()
            self._window.statusBar().showMessage(NOT_A_FIELD, 6000)
            return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, store: SettingsStore | None = None) -> None:
        skip_needless_shaping()  # before the first widget
        super().__init__()
        self.store = store
        prefs = store.load() if store else UiPreferences()
        self.setWindowTitle("LeukoDesk — leukopenia and neutropenia")
        self.vm = ViewModel(units=prefs.units())
        self.inputs = InputPanel(self.vm)
        self.gauge = SeverityGauge()
        self.advice = AdvicePanel()
        self.dose = DosePanel(self.vm)
        self.transfusion = TransfusionPanel()
        self.pitfalls = PitfallsPanel()
        self.fn_risk = FnRiskPanel()
        self.trend = TrendPanel()
        self.prophylaxis = ProphylaxisPanel()  # RULES §14: its own inputs, its own path
        self._build(prefs)
        # View menu: theme, zoom and presentation mode (issue 5); styled by run.apply_style.
        self.appearance = install_appearance(self, prefs)
        # Copy note, Export PDF, Print and the dose worksheet (File menu); their dialogs,
        # the note and the PDF code load only when used.
        self.handoff = install_handoff(self)
        # The site configuration (RULES §16): status bar, Tools menu, the view model's site.
        self.site = install_site(self, QApplication.arguments())
        self.vm.state_changed.connect(self.show_state)
        # Teaching (issue 5): the Cases menu, own case files, the vignette pane, and
        # View ▸ Reveal step by step; case code and panes load when first used.
        self.cases = install_case_library(self)
        self.cases.case_opened.connect(lambda _case: self.prophylaxis.reset())  # another patient
        self.reveal = install_reveal(self, self.cases)
        self.glossary = install_glossary(self)  # Help ▸ Glossary (F1), tooltips of the jargon
        # The first frame of a blank window needs no clinical result: it is shown from the
        # blank view, and the core's models are built a moment after the window appears
        # (or at the first keystroke, whichever comes first).
        self.show_state(self.vm.state if self.vm.computed else self.vm.blank_view())
        self._after_first_paint = AfterFirstPaint(self, self._warm_up)

    def _build(self, prefs: UiPreferences) -> None:
        scroll = QScrollArea()
        scroll.setWidget(self.inputs)
        scroll.setWidgetResizable(True)
        scroll.setObjectName("inputs_scroll")
        fit_width(scroll)
        # Results first (issue 19): the advice beside the sections read on demand (pitfalls,
        # the FN risk section, the trend), as tabs; below them the transfusion and dose row,
        # outside any tab, so the dose's line of what to give is never behind the FN risk
        # section a fever brings forward.
        tabs = self.bottom_tabs = QTabWidget()  # (its name from when it sat below)
        tabs.setObjectName("results_bottom_tabs")
        tabs.setDocumentMode(True)
        tabs.setUsesScrollButtons(False)  # every tab's name in sight, none behind an arrow
        self.pitfalls.setTitle("")  # its tab names it; the line a title took is the list's
        self.pitfalls.setFlat(True)
        tabs.addTab(self.pitfalls, "P&itfalls")
        # The FN risk section (RULES §11) comes forward when the patient turns febrile and
        # steps back when the fever goes.
        tabs.addTab(self.fn_risk, TITLE)
        self.fn_risk.tabs = tabs
        # The Trend tab (RULES §13): the plot and the trend in words; it comes forward
        # when a history is entered, unless the FN risk section is forward for a fever.
        tabs.addTab(self.trend, TREND_TITLE)
        self.trend.tabs = tabs
        # G-CSF prophylaxis before a cycle (RULES §14), one key from anywhere (Alt+Y); its
        # "Dose this product…" goes on to the dose panel below.
        tabs.addTab(self.prophylaxis, PROPHYLAXIS_TITLE)
        self.prophylaxis.attach(tabs)
        self.prophylaxis.dose_requested.connect(self._on_dose_requested)
        self.fn_risk.items_requested.connect(self._on_fn_risk_items_requested)
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.setObjectName("results_middle_split")
        middle.addWidget(self.advice)
        middle.addWidget(tabs)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        bottom = FlexRow()  # side by side, or the dose above the transfusion if narrow
        bottom.row.addWidget(self.transfusion, 2)
        bottom.row.addWidget(self.dose, 3)
        # Scrolled when it does not fit (large text, a small screen: the advice keeps its
        # room). From 1024 px up the row fits the width (the dose above the transfusion if
        # need be: FlexRow), so it scrolls up and down only; a window narrower than any
        # screen of issue 19 scrolls it sideways rather than growing past its screen.
        bottom_scroll = QScrollArea()
        bottom_scroll.setObjectName("results_bottom_scroll")
        bottom_scroll.setWidget(bottom)
        bottom_scroll.setWidgetResizable(True)
        bottom_scroll.setFrameShape(QFrame.Shape.NoFrame)
        bottom_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        stack = self.stack = QSplitter(Qt.Orientation.Vertical)
        stack.setObjectName("results_stack")
        stack.addWidget(middle)
        stack.addWidget(bottom_scroll)
        stack.setStretchFactor(0, 1)
        stack.setStretchFactor(1, 0)
        stack.setChildrenCollapsible(False)
        results = QWidget()
        results.setObjectName("results_area")
        self.results = results  # everything computed: the reveal cover and presentation use it
        column = QVBoxLayout(results)
        column.addWidget(self.gauge)
        column.addWidget(self.advice.banner_fence)  # full width above advice and pitfalls
        column.addWidget(stack, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(results)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        # The inputs at their narrowest, the results the rest (and any room gained later).
        split.setSizes([scroll.minimumWidth(), PREFERRED_SIZE.width() - scroll.minimumWidth()])
        self.split = split  # inputs | results
        self.setCentralWidget(split)
        self.room = KeepsRoom(self)  # the results' height shared at every new size
        # Changes on every keystroke: a self-painted line, cut on screen and whole in its
        # tooltip and accessible description, that never re-lays out the window.
        self.status = TextLine()
        self.status.setObjectName("status_label")
        self.status.setAccessibleName("Status")
        self.status_painter = Painter(self._paint_status)
        self._bar = self.statusBar()
        self._bar.addWidget(self.status, 1)
        self._menus()
        # Enter moves on: a line edit says so with a signal (a Python event filter on the
        # fields would run on every key and paint); buttons and combo boxes are filtered.
        # In a number field Enter goes to the next number field shown, in reading order,
        # never to a selector between them.
        self.number_chain = [*(self.inputs.rows[k].edit for k in LAB_KEYS),
                             self.dose.weight.edit, self.dose.tolerance.edit]
        for edit in self.findChildren(QLineEdit):
            edit.returnPressed.connect(self._on_field_return_pressed
                                       if edit in self.number_chain else edit.focusNextChild)
        for first, second in zip(self.number_chain, self.number_chain[1:13], strict=False):
            QWidget.setTabOrder(first, second)  # Tab as Enter through the patient's values
        self._enter = EnterMovesOn(self)
        for widget in self.findChildren(QAbstractButton) + self.findChildren(QComboBox):
            widget.installEventFilter(self._enter)
        self._place(prefs.geometry)

    def _place(self, geometry: str) -> None:
        """Fitted to the screen's available area, or as saved when that still fits it."""
        available = self.screen().availableGeometry()
        saved = QByteArray.fromBase64(geometry.encode("ascii"))
        if not (geometry and fits(saved, available) and self.restoreGeometry(saved)):
            self.setGeometry(fitted_geometry(available))

    def _menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        self.reset_action = QAction("&Reset to a blank patient", self)
        self.reset_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reset_action.triggered.connect(self._on_reset_triggered)
        file_menu.addAction(self.reset_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action  # File menu entries go before it
        self.view_menu = self.menuBar().addMenu("&View")
        help_menu = self.menuBar().addMenu("&Help")
        changes = QAction("What &changed in this rule set", self)
        changes.setObjectName("what_changed_action")
        changes.triggered.connect(self._on_what_changed_triggered)
        help_menu.addAction(changes)
        self.what_changed_action = changes
        about = QAction("&About LeukoDesk", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    @Slot()
    def _on_field_return_pressed(self) -> None:
        sender = self.sender()
        chain = self.number_chain
        start = chain.index(sender) + 1 if sender in chain else len(chain)
        for edit in chain[start:]:
            if edit.isVisibleTo(self) and edit.isEnabled():
                edit.setFocus(Qt.FocusReason.TabFocusReason)
                edit.selectAll()
                return
        if isinstance(sender, QWidget):
            sender.focusNextChild()

    @Slot(object)
    def show_state(self, state: ViewState) -> None:
        """Every panel from one state: results only when the inputs are valid. If showing
        a result fails, every panel is cleared before the error is reported."""
        try:
            self._render(state)
        except Exception:
            self._render(ViewState(state.revision, None, None, {"": INTERNAL_ERROR},
                                   state.document))
            raise

    def _render(self, state: ViewState) -> None:
        self.inputs.show_state(state)
        self.gauge.show_state(state)
        self.advice.show_state(state)
        self.dose.show_state(state)
        self.transfusion.show_state(state)
        self.pitfalls.show_state(state)
        self.fn_risk.show_state(state)
        self.prophylaxis.show_state(state)
        self.trend.show_state(state)
        self.show_status(state)
        if self._bar.currentMessage():
            # A message ("Note copied", "Opened …") covers the status line: the next
            # change brings the line back, so what the result rests on is never hidden
            # behind a message about something done before.
            self._bar.clearMessage()

    def show_status(self, state: ViewState) -> None:
        """The status line for ``state``; while the reveal cover hides the results, it
        hides what they were computed from too."""
        self.status_painter.show(status_view(state, self.reveal.covered))

    def _paint_status(self, view: StatusView) -> None:
        # The head stays while a patient is typed in; the tail alone is laid out and
        # painted again on a keystroke.
        self.status.set_parts(view.head, view.tail)

    @Slot()
    def _warm_up(self) -> None:
        """Compute the blank state (building the core's models) while the user reads the
        window; it renders exactly as the blank view did."""
        if not self.vm.computed:
            self.show_state(self.vm.state)

    def reveal_errors_now(self) -> None:
        """Show the error lines still waiting for the typing to pause (tests, and a
        place for a future "check now" action)."""
        self.inputs.reveal.reveal_now()
        self.dose.reveal.reveal_now()

    @Slot()
    def _on_fn_risk_items_requested(self) -> None:
        """Take the focus to the first FN risk item, scrolled into view."""
        first = self.inputs.fn_risk.first()
        self.findChild(QScrollArea, "inputs_scroll").ensureWidgetVisible(first)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_dose_requested(self) -> None:
        """"Dose this product…": the focus on the dose panel's product, scrolled into view
        (the dose row sits below the tabs, outside them)."""
        product = self.dose.combos["product"]
        self.findChild(QScrollArea, "results_bottom_scroll").ensureWidgetVisible(product)
        product.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_reset_triggered(self) -> None:
        self.vm.reset()
        self.prophylaxis.reset()  # its inputs are the patient's too

    @Slot()
    def _on_about_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # only when asked for: it costs start-up

        box = QMessageBox(QMessageBox.Icon.Information, "About LeukoDesk",
                          f"LeukoDesk {__version__}, rule set {RULES_VERSION}.\n"
                          "Decision support for leukopenia and neutropenia. It supports and "
                          "never replaces clinical judgement. Works offline; stores no "
                          "patient data.", QMessageBox.StandardButton.Close, self)
        box.exec()

    @Slot()
    def _on_what_changed_triggered(self) -> None:
        self.changes_dialog = WhatChangedDialog(self)
        self.changes_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.store is not None:
            self.appearance.leave_presentation()  # its full screen is not the window's size
            units = self.vm.chosen_units  # the user's own, not those of a case shown
            self.store.save(UiPreferences(
                geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"),
                counts=units["counts"], hemoglobin=units["hemoglobin"],
                temperature=units["temperature"], weight=units["weight"],
                theme=self.appearance.theme, zoom=self.appearance.zoom))
        super().closeEvent(event)
