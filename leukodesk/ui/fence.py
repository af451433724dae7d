"""A fixed place on screen for a text that changes while the user types.

A QLabel re-lays out its parent on every ``setText``; in a window of ~250 widgets that
relayout moves and repaints most of the window and costs several milliseconds per
keystroke (bench/bench_ui.py). A :class:`LayoutFence` holds one widget and gives the
layout a size that does not follow the text: a reserved number of lines. The child's
size changes stop at the fence, so a new text repaints the child alone.

The reservation only grows (when a text needs more lines than reserved), and goes back
to its first size on :meth:`relax` (a blank patient): the results stay where they are
while a patient is typed in, instead of jumping on every change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from leukodesk.ui.look import theme

# Room for a frame, padding and a border around the text lines (style.qss uses up to 12 px).
PADDING = 14
# Tones a fence can paint behind its text: (background or None, left bar colour). Painted
# by the fence itself so that a change of tone repaints it alone; a stylesheet property
# would re-polish the label (about 0.2 ms a keystroke). Words in the text say the same.
# The colours are the theme's (resources/themes.json), set by leukodesk/ui/look/appearance.py;
# a window no theme was applied to gets the default theme's at its first toned paint.
TONES: dict[str, tuple[QColor | None, QColor]] = {}
BAR = 4


def set_tones(tones: dict[str, tuple[QColor | None, QColor]]) -> None:
    """Paint every fence's tones in these colours from now on (a theme); the caller
    repaints the fences on screen."""
    TONES.update(tones)


def _tone_colours(tone: str) -> tuple[QColor | None, QColor] | None:
    if tone == "none":
        return None
    if not TONES and theme.DEFAULT_THEME in theme.themes():
        TONES.update(theme.tones(theme.DEFAULT_THEME))
    return TONES.get(tone)


class FencedLabel(QLabel):
    """A label that tells the fence holding it (if any) of a new text or font, and
    remembers its height for a width until its text, font or style changes: layouts ask
    every label on each relayout, and QLabel would lay its text out again each time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}
        self.fence: LayoutFence | None = None  # the fence holding it, if any

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._heights.clear()
        super().setText(text)
        if self.fence is not None:
            self.fence.fit()

    def clear(self) -> None:
        self.setText("")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
            super().changeEvent(event)
            if self.fence is not None:
                # Its text takes another height (the zoom, a theme, a new kind): fitted
                # again, up (the fence's own new font lets it shrink as well).
                self.fence.fit()
            return
        super().changeEvent(event)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height


class LayoutFence(QWidget):
    """Holds ``child`` at its full size; reserves ``lines`` lines of its font, or with
    ``exact`` exactly the height its text needs (the layout hears of it only when that
    height changes). The child tells the fence of a new text or font; the LayoutRequest
    it also posts here is left unread: a Python event() would see every event of every
    fence, a dozen a keystroke."""

    def __init__(self, child: FencedLabel, lines: int, parent: QWidget | None = None, *,
                 exact: bool = False, opaque: bool = True) -> None:
        super().__init__(parent)
        self._exact = exact
        self.child = child
        child.setParent(self)
        child.fence = self
        # Text starts at the top of its reserved lines.
        child.setAlignment(Qt.AlignmentFlag.AlignTop | (
            child.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask))
        self._lines = lines
        self._height = self._reserved()
        # After a new font (the zoom), the reservation follows the text and the width up
        # and down until the next new text: the widths settle after the fonts do.
        self._loose = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Opaque: a new text repaints the fence alone, not the panels and splitters behind.
        self.setAutoFillBackground(opaque)

    def _reserved(self) -> int:
        if self._exact:
            return 0
        return self._lines * self.child.fontMetrics().lineSpacing() + PADDING

    def needed(self) -> int:
        """The child's height for the current width and text."""
        if self.child.isHidden():
            return 0
        if self.child.hasHeightForWidth():
            return self.child.heightForWidth(max(1, self.width()))
        return self.child.sizeHint().height()

    def set_text(self, text: str) -> None:
        """Set the child's text if it changed (the child then asks the fence to fit it)."""
        if text != self.child.text():
            self._loose = False
            self.child.setText(text)

    def fit(self) -> None:
        """Grow the reservation if the child's text no longer fits; never shrink it here
        (an exact fence takes the height its text needs, up or down)."""
        self._settle(shrink=self._exact or self._loose)

    def relax(self) -> None:
        """Back to the first reservation (a new patient), or what the text needs."""
        self._settle(shrink=True)

    def _settle(self, shrink: bool) -> None:
        height = max(self._reserved(), self.needed())
        if height > self._height or (shrink and height != self._height):
            self._height = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(200, self._height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(80, self._height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        # The zoom changes the fence's font with its child's (whose change fits it too,
        # before or after this one): the reservation is set anew in lines of
        # the new font, up or down, until the next new text; a hidden fence settles once
        # shown.
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._loose = True
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._loose:
            self.relax()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self.child.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width():
            self.fit()


class TonedFence(LayoutFence):
    """A fence that can paint a tone behind its text (a background and a left bar). Only
    the results that take a tone are toned fences: a Python paintEvent runs whenever the
    text is repainted, and the advice's paragraphs are repainted often."""

    def __init__(self, child: FencedLabel, lines: int, parent: QWidget | None = None, *,
                 exact: bool = False, opaque: bool = True) -> None:
        super().__init__(child, lines, parent, exact=exact, opaque=opaque)
        self._tone = "none"

    def tone(self) -> str:
        return self._tone

    def set_tone(self, tone: str) -> None:
        """Paint the text's background and left bar in ``tone`` ("none", or a TONES key)."""
        if tone != self._tone:
            self._tone = tone
            # Through the child, which covers the fence: a new tone usually comes with a
            # new text, and one dirty region paints the fence and its text once (the
            # fence's own update would paint it in a pass of its own, and again under
            # the text's update).
            self.child.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        colours = _tone_colours(self._tone)
        if colours is None:
            return  # the window background, filled by autoFillBackground
        background, bar = colours
        painter = QPainter(self)
        if background is not None:
            painter.fillRect(self.rect(), background)
        painter.fillRect(0, 0, BAR, self.height(), bar)
