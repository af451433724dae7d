"""The trend plot's look: :class:`TrendColours` (a theme's colours, as hex strings: the
themes' ``plot_*`` tokens, made by :func:`leukodesk.ui.look.theme.trend_colours`; ``PAPER``
for the PDF) and :class:`TrendStyle` (those colours with the fonts of one drawing).

Apart from :mod:`leukodesk.ui.panels.trend_plot` so that the themes and the window's first
frame need no plotting code (the plot itself loads with the first history)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QFont


class TrendColours(NamedTuple):
    """A theme's colours for the plot (hex strings, comparable)."""

    text: str
    muted: str
    base: str        # the plot's background
    border: str
    grid: str
    anc: str
    wbc: str
    platelets: str
    threshold: str   # the severe and escalation lines
    lln: str


# The light theme's, for paper and for a window without themes.json.
PAPER = TrendColours(text="#000000", muted="#333333", base="#ffffff", border="#808080",
                     grid="#d9d9d9", anc="#0b4f9c", wbc="#8a4600", platelets="#1b6e45",
                     threshold="#8a0018", lln="#333333")


class TrendStyle(NamedTuple):
    """Fonts and colours of one drawing (the colours as QColor objects, made once)."""

    font: QFont
    small: QFont
    bold: QFont
    colours: TrendColours
    qcolours: dict[str, QColor]

    def colour(self, name: str) -> QColor:
        return self.qcolours[name]


def trend_style(colours: TrendColours, font: QFont) -> TrendStyle:
    """The style for ``font`` (the body text; the ticks and line labels a little smaller)."""
    small, bold = QFont(font), QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(max(6.5, font.pointSizeF() * 0.9))
    else:
        small.setPixelSize(max(9, round(font.pixelSize() * 0.9)))
    bold.setBold(True)
    return TrendStyle(font, small, bold, colours,
                      {name: QColor(value) for name, value in colours._asdict().items()})
