"""The Trend tab (RULES §13): the plot of the serial counts beside the trend in words.

It shares the place of the transfusion and dose row and of the FN risk section, as a tab
(Alt+T). It comes forward when a history is entered (the first time for a patient), unless
the patient has fever: then the FN risk section, which comes forward with the fever, stays
in front. Without a history it says how to add earlier counts.

View data: :class:`TrendTabView`, from :func:`trend_tab_view` of a state; the words are the core's
(:func:`leukodesk.core.formats.trend_lines.trend_entries`, the same lines as the note and
the PDF), the plot's view data :class:`~leukodesk.ui.panels.trend_view.TrendPlotView`.
Painted behind the panel's :class:`~leukodesk.ui.panels.painter.Painter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leukodesk.ui.fence import FencedLabel, LayoutFence
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.panels.trend_style import PAPER, TrendColours
from leukodesk.ui.panels.trend_view import TrendPlotView, trend_plot_view
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import OpaqueScrollBar, set_state

if TYPE_CHECKING:
    from leukodesk.ui.panels.trend_plot import TrendPlot

TITLE = "&Trend"
HOW_TO = ("No earlier counts yet. Enter them with their dates (a table of earlier counts, "
          "or paste a laboratory report) and set the time of the current counts: the "
          "ANC's direction, nadir and recovery are then drawn and written here.")
LINES = 10  # at most as many lines as trend_lines gives (8 today)
NO_RESULT = {True: "Enter the counts to see results.",
             False: "No result while an input is invalid."}


@dataclass(frozen=True)
class TrendTabView:
    """Everything the Trend tab shows. ``history``: a trend to show (the tab comes forward
    when it turns true, unless ``fever``)."""

    history: bool
    fever: bool
    plot: TrendPlotView | None
    words: tuple[tuple[str, bool], ...]   # (line, must not be missed)
    message: str                          # without a trend: what to do


def trend_tab_view(state: ViewState) -> TrendTabView:
    """What the Trend tab shows for ``state``."""
    a = state.assessment
    if a is None:
        return TrendTabView(False, False, None, (), NO_RESULT[state.blank])
    fever = a.fever is True
    if a.trend is None:
        return TrendTabView(False, fever, None, (), HOW_TO)
    # Start-up boundary: the trend's words load with the first result that has a history.
    from leukodesk.core.formats.trend_lines import trend_entries

    words = tuple((e.text, e.strong) for e in trend_entries(a))
    return TrendTabView(True, fever, trend_plot_view(a), words, "")


class TrendPanel(QWidget):
    """The plot on the left, the trend in words on the right; or what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trend_section")
        self.tabs: QTabWidget | None = None  # the tab widget it comes forward in
        self._history = False  # as last painted: the tab comes forward when it turns true
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.message = QLabel()
        self.message.setObjectName("trend_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message.setAccessibleName("Trend")
        outer.addWidget(self.message)
        self.body = QWidget()
        row = self.row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        self.plot: TrendPlot | None = None  # made with the first history (see _made_plot)
        self._colours = PAPER
        # The lines, each a label of its own (plain text; bold where it must not be
        # missed): only a line whose text changes is laid out again, and a line's room
        # grows to the lines it needs without jumping back on the next keystroke.
        self.words = QWidget()
        self.words.setObjectName("trend_words")
        self.words.setAccessibleName("The trend in words")
        column = QVBoxLayout(self.words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.lines: list[LayoutFence] = []
        for i in range(LINES):
            label = FencedLabel()
            label.setObjectName(f"trend_line_{i}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            fence = LayoutFence(label, 1, opaque=False)
            fence.hide()
            column.addWidget(fence)
            self.lines.append(fence)
        column.addStretch(1)
        scroll = self.words_scroll = QScrollArea()
        scroll.setObjectName("trend_words_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
        scroll.setWidget(self.words)
        row.addWidget(scroll, 2)
        outer.addWidget(self.body, 1)
        self.body.hide()
        self.painter: Painter[TrendTabView] = Painter(self._paint)

    def set_colours(self, colours: TrendColours) -> None:
        self._colours = colours
        if self.plot is not None:
            self.plot.set_colours(colours)

    def colours(self) -> TrendColours:
        return self._colours

    def _made_plot(self) -> TrendPlot:
        """The plot, made when first needed: a blank window's first frame needs no
        plotting code."""
        if self.plot is None:
            # Start-up boundary: the plot's drawing loads with the first history shown.
            from leukodesk.ui.panels.trend_plot import TrendPlot

            self.plot = TrendPlot()
            self.plot.set_colours(self._colours)
            self.row.insertWidget(0, self.plot, 3)
        return self.plot

    def show_state(self, state: ViewState) -> None:
        self.painter.show(trend_tab_view(state))

    def shown_lines(self) -> tuple[str, ...]:
        """The lines the tab shows, as its labels hold them (tests read what is shown)."""
        return tuple(f.child.text() for f in self.lines if not f.isHidden())

    def _paint(self, view: TrendTabView) -> None:
        if view.plot is not None or self.plot is not None:
            self._made_plot().painter.show(view.plot)
        for i, fence in enumerate(self.lines):
            text, strong = view.words[i] if i < len(view.words) else ("", False)
            fence.set_text(text)
            set_state(fence.child, "kind", "urgent" if strong else None)
            if fence.isHidden() == bool(text):
                fence.setVisible(bool(text))
        self.message.setText(view.message)
        self.message.setVisible(bool(view.message))
        self.body.setVisible(view.history)
        if self.tabs is not None and view.history and not self._history and not view.fever:
            self.tabs.setCurrentWidget(self)  # a history entered: the trend comes forward
        self._history = view.history
