"""A wrapped plain-text label laid out once per text, width and font.

QLabel lays a wrapped text out again for every size question (height for a width, size
hints) and once more for every paint, shaping each line anew: about 40 µs a line here,
the largest part of repainting a changed result. :class:`TextLabel` shapes its text once
into static texts (one per paragraph) and measures and paints from them. It stays a
QLabel: the stylesheet's padding, border, font and colour apply, and ``text()`` is what
assistive technology reads.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QStaticText, QTransform
from PySide6.QtWidgets import QLabel, QWidget


class TextLabel(QLabel):
    """Plain text, wrapped at word boundaries, drawn from the top left of its contents."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._key: tuple[str, int, str] | None = None
        self._lines: list[tuple[QStaticText | None, float]] = []
        self._height = 0.0

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._key = None
        super().setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._key = None
        super().changeEvent(event)

    def _laid_out(self, width: int) -> tuple[list[tuple[QStaticText | None, float]], float]:
        """(static text or None for a blank line, its top) per paragraph, and the height."""
        font = self.font()
        key = (self.text(), width, font.key())
        if key != self._key:
            lines: list[tuple[QStaticText | None, float]] = []
            top = 0.0
            blank = self.fontMetrics().lineSpacing()
            for paragraph in self.text().split("\n"):
                if not paragraph:
                    lines.append((None, top))
                    top += blank
                    continue
                static = QStaticText(paragraph)
                static.setTextFormat(Qt.TextFormat.PlainText)
                static.setTextWidth(max(1, width))
                static.prepare(QTransform(), font)
                lines.append((static, top))
                top += static.size().height()
            self._key, self._lines, self._height = key, lines, top
        return self._lines, self._height

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        m = self.contentsMargins()
        _, height = self._laid_out(width - m.left() - m.right())
        return int(height + 0.999) + m.top() + m.bottom()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        self.drawFrame(painter)  # the stylesheet's border, if any
        box = self.contentsRect()
        lines, _ = self._laid_out(box.width())
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        for static, top in lines:
            if static is not None:
                painter.drawStaticText(QPointF(box.left(), box.top() + top), static)
