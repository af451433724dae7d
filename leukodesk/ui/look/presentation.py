"""Presentation mode's room and its end: the results given most of the width and the
advice most of their height while presenting (:func:`share_results`), and the window's
geometry and splitter sizes put back as they were after it (:class:`PutBack`). Driven by
:class:`leukodesk.ui.look.appearance.Appearance`, which owns the mode.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QWidget

PRESENTATION_SCALE = 1.75  # fonts and gauge in presentation mode, times the zoom
RESULTS_SHARE = 0.75       # of the splitter's width for the results when presenting, or
                           # what the inputs leave at their narrowest
BOTTOM_SHARE = 0.4         # of the results' height at most for transfusion and dose when
                           # presenting: the advice, the main reading, gets the rest


class Before(NamedTuple):
    """What presentation mode changed, to put back."""

    state: Qt.WindowState
    geometry: QRect          # the normal geometry, put back as it was
    sizes: dict[QSplitter, list[int]]  # inputs | results, and advice over dose


def share_results(window: QWidget, splitters: list[QSplitter]) -> None:
    """The results get most of the width (what the inputs leave at their narrowest, or
    RESULTS_SHARE), and the advice all the height the dose panels leave. ``splitters``:
    inputs | results first, then the results' own (advice over dose)."""
    screen = window.screen().geometry()
    if window.geometry() != screen and \
            screen.size().expandedTo(window.minimumSizeHint()) == screen.size():
        # Grown past the screen while the fonts settled (their wrapping widths come
        # after them): back to the screen, now that the window fits it, and full
        # screen again (a new geometry ends it).
        window.setGeometry(screen)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        return  # the resize shares the width again
    split, *stacks = splitters
    total = max(1, sum(split.sizes()))
    inputs = max(round(total * (1 - RESULTS_SHARE)), narrowest(split.widget(0)).width())
    split.setSizes([inputs, total - inputs])
    if not stacks:
        return
    stack = stacks[0]  # advice and pitfalls above, transfusion and dose below
    total = sum(stack.sizes())
    below = stack.widget(1)  # scrolls: it may be given less than it would like
    rest = max(narrowest(below).height(), min(wanted_height(below),
                                              round(total * BOTTOM_SHARE)))
    stack.setSizes([max(1, total - rest), rest])


def wanted_height(below: QWidget) -> int:
    """The height the results' lower part would like: a scrolled row, its contents'; tabs
    (the row and the FN risk section), their first page's and the tab bar, whichever tab
    is shown (the sizes do not jump when the FN risk tab comes forward)."""
    if isinstance(below, QTabWidget):
        return wanted_height(below.widget(0)) + below.tabBar().sizeHint().height()
    if isinstance(below, QScrollArea):
        return below.widget().sizeHint().height()
    return narrowest(below).height()


def narrowest(widget: QWidget) -> QSize:
    """The least room ``widget`` takes."""
    return widget.minimumSize().expandedTo(widget.minimumSizeHint())


class PutBack(QObject):
    """Puts the window's geometry and the splitters' sizes back as they were before
    presentation mode, and again whenever the window system moves or resizes the window
    in the moment after (leaving full screen takes it a while, and it may restore a size
    of its own); then says it has :attr:`ended` and goes away."""

    SETTLE_MS = 500
    ended = Signal()  # stopped, and deleted at the next turn of the event loop

    def __init__(self, window: QWidget, geometry: QRect | None,
                 sizes: dict[QSplitter, list[int]]) -> None:
        super().__init__(window)
        self._window, self._geometry, self._sizes = window, geometry, sizes
        self._stopped = False
        self._put_back()
        window.installEventFilter(self)
        QTimer.singleShot(self.SETTLE_MS, self._done)

    @Slot()
    def _put_back(self) -> None:
        if self._stopped:
            return
        if self._geometry is not None and self._window.geometry() != self._geometry \
                and not self._window.isFullScreen():
            self._window.setGeometry(self._geometry)
        for split, sizes in self._sizes.items():
            if sum(split.sizes()) == sum(sizes) and split.sizes() != sizes:
                split.setSizes(sizes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move,
                            QEvent.Type.WindowStateChange, QEvent.Type.LayoutRequest):
            QTimer.singleShot(0, self._put_back)  # once the window has laid itself out
        return False

    def stop(self) -> None:
        if self._stopped:
            return
        self._window.removeEventFilter(self)
        self._stopped = True
        self.ended.emit()
        self.deleteLater()

    @Slot()
    def _done(self) -> None:
        if not self._stopped:
            self._put_back()
            self.stop()
