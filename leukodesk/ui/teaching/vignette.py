"""The vignette pane: the open case's title, story and teaching points, with the inputs.

A pane at the top of the input column, above the inputs, in a splitter the teacher can
drag (a dock beside the inputs would not fit: at 1024 px the inputs and the results
already take the whole width). A header names it and has a close button; Cases ▸ Case
vignette (Ctrl+Shift+L) shows it again. One read-only text view holds the whole case, so
it wraps to the column's width, scrolls, can be selected and copied, and is read by a
screen reader as one document. The teaching points can be held back while the reveal
cover hides the results (they would give the answer away), and appear with the results.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from leukodesk.cases import Case

EMPTY = ("No case is open. Choose one from the Cases menu (Ctrl+L), or open your own "
         "case file with File ▸ Open case… (Ctrl+O).")
POINTS_HELD = ("The teaching points appear with the results: press Space when the class "
               "has guessed.")


class VignettePane(QFrame):
    """Shows one case (or says that none is open); ``closed`` when its × is pressed."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_vignette_pane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        header = QHBoxLayout()
        self.heading = QLabel("Case", self)
        self.heading.setObjectName("case_vignette_heading")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("case_vignette_close")
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close the case pane")
        self.close_button.setToolTip("Close the case pane (Cases ▸ Case vignette, "
                                     "Ctrl+Shift+L, shows it again)")
        self.close_button.clicked.connect(self._on_close_clicked)
        header.addWidget(self.heading, 1)
        header.addWidget(self.close_button)
        layout.addLayout(header)
        self.text = QTextBrowser(self)
        self.text.setObjectName("case_vignette_text")
        self.text.setAccessibleName("Case vignette")
        self.text.setOpenLinks(False)
        self.text.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.text.setMinimumHeight(60)
        layout.addWidget(self.text, 1)
        self.case: Case | None = None
        self.source = ""
        self._points_held = False
        self._show()

    def _on_close_clicked(self) -> None:
        self.hide()
        self.closed.emit()

    # --- what is shown ------------------------------------------------------------------
    def show_case(self, case: Case, source: str) -> None:
        """Show ``case`` (``source``: where it came from, e.g. "shipped case" or a file)."""
        self.case, self.source = case, source
        self._show()

    def clear(self) -> None:
        self.case, self.source = None, ""
        self._show()

    def hold_points(self, held: bool) -> None:
        """Hold the teaching points back (while the results are hidden) or show them."""
        if held != self._points_held:
            self._points_held = held
            self._show()

    @property
    def points_held(self) -> bool:
        return self._points_held

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def _show(self) -> None:
        case = self.case
        if case is None:
            self.text.setHtml(f"<p>{escape(EMPTY)}</p>")
            self.text.setAccessibleDescription(EMPTY)
            return
        parts = [f"<h3>{escape(case.title)}</h3>"]
        if self.source:
            parts.append(f"<p><i>{escape(self.source)}</i></p>")
        for paragraph in case.vignette.split("\n"):
            if paragraph.strip():
                parts.append(f"<p>{escape(paragraph)}</p>")
        if case.teaching_points:
            parts.append("<h4>Teaching points</h4>")
            if self._points_held:
                parts.append(f"<p>{escape(POINTS_HELD)}</p>")
            else:
                parts.append("<ol>" + "".join(f"<li>{escape(p)}</li>"
                                              for p in case.teaching_points) + "</ol>")
        self.text.setHtml("".join(parts))
        self.text.setAccessibleDescription(f"The case open: {case.title}")
