"""Step-through teaching: View ▸ Reveal step by step hides the results until Space.

When the toggle is on, an opaque cover lies over the window's results area (gauge, alert
strip, advice, pitfalls, transfusion, dose) and says that they are hidden; the status line
hides the figures too. The class guesses; the teacher presses Space (wherever the focus
is: the key is taken, it types no space and ticks no box) and the results appear.

When they hide again: whenever the question changes — any change made in the input
column (a keystroke, a tick, a choice, a unit), a case being opened, Reset. So each new
question is guessed before it is answered. A change made in the results area itself (the
dose panel's weight, product or tolerance, typed after the reveal) does not hide it again
under the typing hand. Turning the toggle off shows the results and takes the cover away.
While covered, the teaching points of the open case are held back too (they say the
answer); they appear with the results.

Underneath, the panels keep rendering every state as usual, so what appears on reveal is
what the core computed for the inputs on screen. The panels under the cover are hidden
(not only painted over): a screen reader does not read them and Tab does not reach them;
the cover has an accessible name and description, and a Reveal button for the mouse.

Nothing of this runs while the toggle is off: the cover is made when first needed, and
its event filters and signal connections exist only while the toggle is on (a keystroke
then costs what it did before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leukodesk.ui.window_actions import window_action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from leukodesk.ui.teaching.case_menu import CaseLibrary
    from leukodesk.ui.view_model import ViewState

SHORTCUT = "Ctrl+Shift+H"
TITLE = "Results hidden"
PROMPT = "Guess first: what will LeukoDesk say?\nThen press Space to reveal the results."
AFTER = ("They hide again when the inputs change. View ▸ Reveal step by step "
         f"({SHORTCUT}) turns this off.")
TITLE_SCALE = 2.0
PROMPT_SCALE = 1.3


class RevealCover(QFrame):
    """The opaque cover over the results: says that they are hidden and how to see them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("reveal_cover")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)       # opaque in any theme
        self.setAccessibleName(TITLE)
        self.setAccessibleDescription(PROMPT.replace("\n", " ") + " " + AFTER)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = QLabel(TITLE, self)
        self.title.setObjectName("reveal_cover_title")
        self.prompt = QLabel(PROMPT, self)
        self.prompt.setObjectName("reveal_cover_prompt")
        self.after = QLabel(AFTER, self)
        self.after.setObjectName("reveal_cover_after")
        for label in (self.title, self.prompt, self.after):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.button = QPushButton("&Reveal (Space)", self)
        self.button.setObjectName("reveal_button")
        self.button.setAccessibleName("Reveal the results")
        layout.addSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)
        self._scale_fonts()

    def _scale_fonts(self) -> None:
        # From the cover's own (inherited) font, so that a zoom or presentation mode that
        # changes the window's font scales the cover as well.
        base = self.font()
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        for label, scale, bold in ((self.title, TITLE_SCALE, True),
                                   (self.prompt, PROMPT_SCALE, False)):
            font = self.font()
            font.setPointSizeF(size * scale)
            font.setBold(bold)
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()
        super().changeEvent(event)


class Reveal(QObject):
    """The reveal toggle of one window (``action``); ``covered`` says whether the results
    are hidden now. ``covered_changed`` tells others (the vignette holds its teaching
    points back while the results are hidden)."""

    covered_changed = Signal(bool)

    def __init__(self, window: QMainWindow, cases: CaseLibrary | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.results: QWidget = window.results  # type: ignore[attr-defined]
        self.cover: RevealCover | None = None
        self._covered = False
        self._hidden: list[tuple[QWidget, bool]] = []   # (panel, its own retain-size flag)
        self._focus_before: QWidget | None = None
        action = self.action = window_action(   # the shortcut works wherever the focus is
            window, "&Reveal step by step", "reveal_action", SHORTCUT, None,
            "Hide the results until Space is pressed, so that a class can guess first")
        action.setCheckable(True)
        action.toggled.connect(self._on_toggled)
        menu = getattr(window, "view_menu", None)
        if menu is not None:
            menu.addAction(action)
        reset = getattr(window, "reset_action", None)
        if reset is not None:
            reset.triggered.connect(self._on_new_question)
        if cases is not None:
            cases.case_opened.connect(self._on_new_question)
            self.covered_changed.connect(cases.hold_points)

    def _on_new_question(self) -> None:
        if self.action.isChecked():
            self.hide_results()

    @property
    def covered(self) -> bool:
        return self._covered

    # --- on and off ----------------------------------------------------------------------
    def _on_toggled(self, on: bool) -> None:
        vm = self.window.vm  # type: ignore[attr-defined]
        if on:
            vm.state_changed.connect(self._on_state_changed)
            self.hide_results()
        else:
            vm.state_changed.disconnect(self._on_state_changed)
            self.reveal()

    def _on_state_changed(self, _state: ViewState) -> None:
        # A change made in the results area itself (the dose panel's weight and choices,
        # typed after the reveal) does not hide it under the typing hand.
        focus = QApplication.focusWidget()
        if focus is None or not self.results.isAncestorOf(focus):
            self.hide_results()

    def hide_results(self) -> None:
        """Cover the results (if they are not covered already)."""
        if self._covered:
            return
        if self.cover is None:
            self.cover = RevealCover(self.results)
            self.cover.button.clicked.connect(self.reveal)
        self._covered = True
        focus = self._focus_before = QApplication.focusWidget()
        # Hide the panels themselves: a screen reader must not read them, nor Tab reach
        # them. They keep their room, so that nothing in the window moves.
        layout = self.results.layout()
        self._hidden = []
        for i in range(layout.count() if layout is not None else 0):
            widget = layout.itemAt(i).widget()
            if widget is not None and not widget.isHidden():
                policy = widget.sizePolicy()
                self._hidden.append((widget, policy.retainSizeWhenHidden()))
                policy.setRetainSizeWhenHidden(True)
                widget.setSizePolicy(policy)
                widget.hide()
        self.cover.setGeometry(self.results.rect())
        self.cover.show()
        self.cover.raise_()
        if focus is not None and not focus.isVisible():  # it was in the results: keep it near
            self.cover.button.setFocus()
        QApplication.instance().installEventFilter(self)
        self._restatus()
        self.covered_changed.emit(True)

    def reveal(self) -> None:
        """Show the results (if they are covered)."""
        if not self._covered:
            return
        QApplication.instance().removeEventFilter(self)
        self._covered = False
        focus = QApplication.focusWidget()
        had_focus = self.cover is not None and focus is not None and \
            self.cover.isAncestorOf(focus)
        for widget, retained in self._hidden:
            widget.show()
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(retained)
            widget.setSizePolicy(policy)
        self._hidden = []
        if self.cover is not None:
            self.cover.hide()
        if had_focus and self._focus_before is not None:
            self._focus_before.setFocus()  # back where it was before the cover took it
        self._restatus()
        self.covered_changed.emit(False)

    def _restatus(self) -> None:
        """The status line says the figures, or hides them (it reads ``covered``); the
        panels under the cover show what they showed."""
        self.window.show_status(self.window.vm.state)  # type: ignore[attr-defined]

    # --- Space, and the cover's size ---------------------------------------------------------
    def _in_window(self, obj: QObject) -> bool:
        """Whether a key for ``obj`` is one pressed in this window (not in a dialog)."""
        widget = obj if isinstance(obj, QWidget) else None
        while widget is not None:
            if widget is self.window:
                return True
            if widget.isWindow():
                return False  # a dialog, a menu, another window: Space is theirs
            widget = widget.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.results:  # only while covered
            if self.cover is not None:
                self.cover.setGeometry(self.results.rect())
            return False
        if (kind == QEvent.Type.KeyPress and self._covered
                and event.key() == Qt.Key.Key_Space
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and self._in_window(watched)):
            self.reveal()
            return True   # taken: no space typed, no box ticked
        if (kind == QEvent.Type.ShortcutOverride and self._covered
                and event.key() == Qt.Key.Key_Space and self._in_window(watched)):
            event.accept()  # a plain key press follows, for the filter above
            return True
        return False


def install_reveal(window: QMainWindow, cases: CaseLibrary | None = None) -> Reveal:
    """Add View ▸ Reveal step by step (Ctrl+Shift+H) to ``window``, which must have
    ``vm``, ``results`` (the widget of every computed panel) and ``show_status`` (its
    status line, which reads ``Reveal.covered`` as ``window.reveal``); ``view_menu`` and
    ``reset_action`` if it has them. With ``cases``, opening a case hides the results
    again and the vignette holds its teaching points back while they are hidden."""
    return Reveal(window, cases)
