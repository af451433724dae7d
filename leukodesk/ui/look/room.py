"""How the results share the window's height (issue 19), in the normal window and when
presenting: the ACT NOW strip and the first recommendation always, the dose's line of what
to give as soon as there is room for both, the rest of the transfusion and dose row as the
screen allows.

The results column (leukodesk/ui/main_window.py) is: the gauge, the ACT NOW strip, then a
vertical splitter (``window.stack``): the advice beside the tabs above, the transfusion and
dose row below (scrolled up and down, never sideways). :func:`share_height` sets the
splitter's sizes; :class:`KeepsRoom` does it again whenever the splitter is resized (a new
window size, presentation mode, the inputs' drawer), never when the user drags its handle.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, QTimer, Slot
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QWidget

BOTTOM_SHARE = 0.4   # of the splitter's height for the transfusion and dose row, when more
                     # than the dose's line of what to give fits: the advice gets the rest
FIRST_LINES = 8      # lines of text the first recommendation is given room for, at least
                     # (the longest, febrile neutropenia's, takes 4 to 7 at 1024 px)
# The dose panel's line of what to give: its own label, where the panel has one; its
# result label until then.
DOSE_ACTION_NAMES = ("dose_action_label", "dose_result_label")


def fit_width(scroll: QScrollArea) -> None:
    """``scroll`` as wide as its contents' narrowest and its vertical scroll bar: it then
    never needs a horizontal one (called again after every new font)."""
    inside = scroll.widget()
    if inside is not None:
        scroll.setMinimumWidth(inside.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width() + 4)


def dose_action_line(window: QWidget) -> QLabel | None:
    """The dose panel's line of what to give."""
    for name in DOSE_ACTION_NAMES:
        label = window.findChild(QLabel, name)
        if label is not None:
            return label
    return None


def first_advice_height(advice: QWidget) -> int:
    """Room for the first recommendation and its sources line in the advice list: its
    frame and margins and FIRST_LINES + 1 lines of its text."""
    lines = advice.list.fontMetrics().lineSpacing()
    frame = 2 * advice.list.frameWidth() + 16
    return frame + (FIRST_LINES + 1) * lines


def dose_line_bottom(row: QWidget, window: QWidget) -> int:
    """How far down ``row`` (the transfusion and dose row) the dose's line of what to give
    ends (and a pixel of air); 0 when there is none."""
    line = dose_action_line(window)
    if line is None or not row.isAncestorOf(line) or line.isHidden():
        return 0
    return line.mapTo(row, QPoint(0, line.height())).y() + 2


def text_rect(label: QLabel, within: QWidget) -> QRect:
    """Where ``label``'s text lies in ``within`` (a label may be taller than its text)."""
    top = label.mapTo(within, QPoint(0, 0))
    high = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return QRect(top, QSize(label.width(), min(label.height(), max(0, high))))


def clear_of_text(row: QWidget, edge: int) -> int:
    """``edge`` (a height in ``row``), moved up above any text it would cut through."""
    texts = [text_rect(label, row) for label in row.findChildren(QLabel)
             if label.isVisibleTo(row) and label.text()]
    moved = True
    while moved:
        moved = False
        for rect in texts:
            if rect.top() < edge < rect.bottom() + 1:
                edge, moved = rect.top() - 1, True
    return max(0, edge)


def share_height(window: QWidget) -> None:
    """The advice room for its first recommendation, the row below room for the dose's
    line of what to give if both fit, and the rest shared (BOTTOM_SHARE at most below,
    unless the row needs less)."""
    stack: QSplitter = window.stack  # type: ignore[attr-defined]
    total = sum(stack.sizes())
    if total <= 0:
        return
    scroll = stack.widget(1)
    row = scroll.widget() if isinstance(scroll, QScrollArea) else scroll
    full = row.sizeHint().height()
    through = dose_line_bottom(row, window)
    below = max(through, min(full, round(total * BOTTOM_SHARE)))
    below = min(below, full, total - first_advice_height(window.advice))  # type: ignore[attr-defined]
    if below < full:  # the row scrolls: its edge between lines, not through them
        below = max(through, clear_of_text(row, below))
    below = max(below, scroll.minimumSizeHint().height(), 1)
    sizes = [max(1, total - below), below]
    if stack.sizes() != sizes:
        stack.setSizes(sizes)


class KeepsRoom(QObject):
    """Shares the results' height again (once the layouts have settled) whenever their
    splitter is resized or the dose's line moves or changes size (a new text, an error
    line above it), and when asked (:meth:`share`, after a new font)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._pending = False
        window.stack.installEventFilter(self)  # type: ignore[attr-defined]
        line = dose_action_line(window)
        if line is not None:
            line.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show) \
                and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.share)
        return False

    @Slot()
    def share(self) -> None:
        self._pending = False
        share_height(self._window)


def middle_sizes(middle: QSplitter, advice_share: float) -> None:
    """The advice ``advice_share`` of the width beside the tabs (their narrowest allowing)."""
    total = sum(middle.sizes())
    side = middle.widget(1)
    narrowest = side.minimumSize().expandedTo(side.minimumSizeHint()).width()
    tabs = max(narrowest, round(total * (1 - advice_share)))
    middle.setSizes([max(1, total - tabs), tabs])

