"""Presentation mode's room and its end (issue 19): laid out for the screen it is on.

- The text is in proportion to the screen (:func:`presentation_scale`): PRESENTATION_SCALE
  on a 1920×1080 projector, less on a smaller one, never less than FLOOR of it; the
  audience sees the same share of the picture per line, and a 768-line screen still holds
  the ACT NOW strip, the first recommendation and the dose's line of what to give.
- The results take the whole width; the inputs (and the case vignette above them) are a
  drawer, closed at first, opened on demand (F9 or the toolbar's button); the status line
  below stays their one-line summary (:func:`share_results`). The dose panel's own inputs
  (weight, tolerance, indication, product, presentations) go with the drawer: the dose
  panel then shows its result, the line of what to give first.
- The advice gets PRESENTING_ADVICE_SHARE of the width beside the tabs; the height is
  shared as in the normal window (:func:`leukodesk.ui.look.room.share_height`).

After it the window's geometry and splitter sizes are put back as they were
(:class:`PutBack`). Driven by :class:`leukodesk.ui.look.appearance.Appearance`, which owns
the mode.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QSplitter, QWidget

from leukodesk.ui.look.room import share_height

PRESENTATION_SCALE = 1.75  # fonts and gauge when presenting on a FULL_SCREEN screen, times
                           # the zoom
FULL_SCREEN = QSize(1920, 1080)
FLOOR = 0.75               # of PRESENTATION_SCALE on any smaller screen, at least
PRESENTING_ADVICE_SHARE = 0.62  # of the width beside the tabs for the advice when presenting


def presentation_scale(screen: QSize) -> float:
    """The font scale when presenting on a screen of size ``screen``: PRESENTATION_SCALE
    on FULL_SCREEN and larger, in proportion on a smaller one, FLOOR of it at least."""
    share = min(screen.width() / FULL_SCREEN.width(), screen.height() / FULL_SCREEN.height())
    return PRESENTATION_SCALE * max(FLOOR, min(1.0, share))


class Before(NamedTuple):
    """What presentation mode changed, to put back."""

    state: Qt.WindowState
    geometry: QRect          # the normal geometry, put back as it was
    sizes: dict[QSplitter, list[int]]  # inputs | results, and the results' own


def share_results(window: QWidget, drawer_open: bool) -> None:
    """The results the whole width, or what the inputs leave at their narrowest while
    their drawer is open; the advice PRESENTING_ADVICE_SHARE beside the tabs; the height
    shared."""
    split: QSplitter = window.split  # type: ignore[attr-defined]
    drawer = split.widget(0)
    if drawer.isHidden() == drawer_open:
        drawer.setVisible(drawer_open)
    show_dose_inputs(window, drawer_open)
    screen = window.screen().geometry()
    if window.geometry() != screen and \
            screen.size().expandedTo(window.minimumSizeHint()) == screen.size():
        # Grown past the screen while the fonts settled (their wrapping widths come
        # after them): back to the screen, now that the window fits it, and full
        # screen again (a new geometry ends it).
        window.setGeometry(screen)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        return  # the resize shares the width again
    total = max(1, sum(split.sizes()))
    if drawer_open:
        inputs = narrowest(drawer).width()
        split.setSizes([inputs, max(1, total - inputs)])
    share_height(window, PRESENTING_ADVICE_SHARE)


def show_dose_inputs(window: QWidget, shown: bool) -> None:
    """Show or hide the dose panel's inputs (the panel knows which they are)."""
    dose = window.dose  # type: ignore[attr-defined]
    if dose.inputs_shown != shown:
        dose.show_inputs(shown)


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
