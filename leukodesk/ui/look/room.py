"""How the results share the window's height (issue 19), in the normal window and when
presenting: the ACT NOW strip and the first recommendation always, the dose's line of what
to give as soon as there is room for both, the rest of the transfusion and dose row as the
screen allows.

The results column (leukodesk/ui/main_window.py) is: the gauge, the ACT NOW strip, then a
vertical splitter (``window.stack``): the advice beside the tabs above, the transfusion and
dose row below (scrolled up and down, from 1024 px up never sideways: :class:`FlexRow`).
:func:`share_height` sets the
splitter's sizes (and whether the tabs sit beside the advice or below it);
:class:`KeepsRoom` does it again whenever the splitter is resized (a new window size,
presentation mode, the inputs' drawer), never when the user drags its handle.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QScrollArea, QSplitter, QWidget

BOTTOM_SHARE = 0.4   # of the splitter's height for the transfusion and dose row, when more
                     # than the dose's line of what to give fits: the advice gets the rest
FIRST_CHARS = 330    # characters of the first recommendation given room for, at least
TAB_LINES = 14       # lines of text for the tabs (FN risk, pitfalls, trend) below the advice
SIDE_BY_SIDE_CHARS = 110  # the advice and the tabs side by side from this many average
                          # characters of width (about 800 px at the platform's font)
ADVICE_SHARE = 0.6   # of the width beside the tabs for the advice, when first side by side
# The dose panel's line of what to give (RULES §10: first and large).
DOSE_ACTION_NAMES = ("dose_action_label",)


class FlexRow(QWidget):
    """Its widgets side by side when they fit the width at the widths they ask for (not
    squeezed to their narrowest), else one above the other, the last first (the dose
    above the transfusion: its line of what to give comes before).
    It asks for no more width than its widest widget needs, so a small screen or large
    text makes it a column instead of making the window wider than the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        # The widget's minimum is minimumSizeHint below, not the layout's (a row's).
        self.row.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    def _widgets(self) -> list[QWidget]:
        found = (self.row.itemAt(i).widget() for i in range(self.row.count()))
        return [w for w in found if w is not None and not w.isHidden()]

    def _side_by_side_width(self) -> int:
        widgets = self._widgets()
        return sum(w.sizeHint().width() for w in widgets) \
            + self.row.spacing() * max(0, len(widgets) - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        widest = max((w.minimumSizeHint().width() for w in self._widgets()), default=0)
        return QSize(widest, self.row.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        wanted = (QBoxLayout.Direction.LeftToRight
                  if self.width() >= self._side_by_side_width()
                  else QBoxLayout.Direction.BottomToTop)
        if self.row.direction() != wanted:
            self.row.setDirection(wanted)
        super().resizeEvent(event)


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


def first_advice_height(advice: QWidget, width: int) -> int:
    """Room for the first recommendation and its sources line in the advice panel at
    ``width``: the list's frame and margins, the lines FIRST_CHARS characters and a sources
    line take at that width (the longest first recommendation, febrile neutropenia's, has
    about 300), and the line under the list."""
    metrics = advice.list.fontMetrics()
    frame = 2 * advice.list.frameWidth() + 16
    per_line = max(1, (width - frame - 12) // max(1, metrics.averageCharWidth()))
    lines = -(-FIRST_CHARS // per_line) + 2  # rounded up, and the sources line (or two)
    detail = advice.source  # the line under the list (a source's reference, a "Why?")
    under = detail.heightForWidth(width) + advice.layout().spacing() if detail.isVisible() else 0
    return frame + lines * metrics.lineSpacing() + under


def tabs_height(tabs: QWidget) -> int:
    """Room for the tabs beside or below the advice: TAB_LINES lines and the tab bar."""
    return tabs.tabBar().sizeHint().height() + TAB_LINES * tabs.fontMetrics().lineSpacing()


def side_by_side(window: QWidget, width: int) -> bool:
    """Whether the advice and the tabs fit beside each other in ``width``."""
    return width >= SIDE_BY_SIDE_CHARS * window.advice.list.fontMetrics().averageCharWidth()


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


def text_lines(label: QLabel, within: QWidget) -> list[QRect]:
    """The lines of ``label``'s text in ``within``: its text's place split into lines of
    its font's line spacing (an edge between two lines cuts no letter)."""
    text = text_rect(label, within)
    count = max(1, round(text.height() / max(1, label.fontMetrics().lineSpacing())))
    tops = [text.top() + round(i * text.height() / count) for i in range(count + 1)]
    return [QRect(text.left(), top, text.width(), max(1, bottom - top))
            for top, bottom in zip(tops, tops[1:], strict=False)]


def clear_of_text(row: QWidget, edge: int, most: int) -> int:
    """``edge`` (a height in ``row``) moved off any line of text it would cut through:
    down below that line when that stays within ``most``, else up above it unless that
    gives away more than 40 % of the room (then the edge stays where it was)."""
    texts = [line for label in row.findChildren(QLabel)
             if label.isVisibleTo(row) and label.text() for line in text_lines(label, row)]

    def moved(start: int, down: bool) -> int:
        at, again = start, True
        while again:
            again = False
            for rect in texts:
                if rect.top() < at < rect.bottom() + 1:
                    # to the line's edge: the view then ends between two lines
                    at, again = (rect.bottom() + 1, True) if down else (rect.top(), True)
        return at

    lower = moved(edge, down=True)
    if lower <= most:
        return lower
    upper = moved(edge, down=False)
    # Rather a line cut at the edge (the scroll bar shows there is more) than the row
    # given away: texts side by side can leave no clean edge in most of its height.
    return upper if upper >= edge * 0.6 else edge


def share_height(window: QWidget, advice_share: float | None = None) -> None:
    """The advice and the tabs beside each other if they fit the width (the advice
    ``advice_share`` of it, or as the user left it), else the tabs below the advice; then
    the heights: the advice room for its first recommendation, the row below room for the
    dose's line of what to give if both fit (and the tabs below the advice TAB_LINES
    lines), and the rest shared (BOTTOM_SHARE at most below, unless the row needs less)."""
    stack: QSplitter = window.stack  # type: ignore[attr-defined]
    middle: QSplitter = stack.widget(0)
    total = sum(stack.sizes())
    if total <= 0:
        return
    beside = side_by_side(window, stack.width())
    wanted = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
    if middle.orientation() != wanted:
        middle.setOrientation(wanted)
        advice_share = advice_share or ADVICE_SHARE
    if beside and advice_share is not None:
        middle_sizes(middle, advice_share)
    advice_width = middle.sizes()[0] if beside else stack.width()
    first = first_advice_height(window.advice, advice_width)  # type: ignore[attr-defined]
    tabs = middle.widget(1)
    tabs_least = tabs.minimumSizeHint().height() + middle.handleWidth()
    least_above = first if beside else first + tabs_least
    scroll = stack.widget(1)
    row = scroll.widget() if isinstance(scroll, QScrollArea) else scroll
    full = row.sizeHint().height()
    through = dose_line_bottom(row, window)
    if through > total - least_above:
        through = 0  # no room for it beside the first recommendation: that comes first
    below = max(through, min(full, round(total * BOTTOM_SHARE)))
    below = min(below, full, total - (first if beside else first + tabs_height(tabs)))
    below = max(below, through)  # the tabs below the advice yield to the dose's line
    if below < full:  # the row scrolls: its edge between lines, not through them
        below = max(clear_of_text(row, below, min(full, total - least_above)), through)
    below = max(below, scroll.minimumSizeHint().height(), 1)
    sizes = [max(1, total - below), below]
    if stack.sizes() != sizes:
        stack.setSizes(sizes)
    if not beside:  # the tabs their lines (the FN risk section's headings), the advice the rest
        high = stack.sizes()[0]
        advice = min(high - tabs_least, max(first, high - tabs_height(tabs)))
        middle.setSizes([max(1, advice), max(1, high - advice)])


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

