"""The drawings a hand-off carries on paper, by the kind its sections name
(:class:`~leukodesk.core.formats.handoff.Figure`): today the trend plot of the serial
counts (RULES §13), drawn by the window's own :func:`draw_trend` from the window's own
view data, so paper shows what the screen shows.

Paper is drawn in black-on-white colours (the plot's ``PAPER`` palette), at a size that
reads when printed: the text of the plot at ``PLOT_TEXT_PT`` points, its ticks and line
labels a little smaller. Every series has its own marker and line style and its name in
the legend, every line its words, so a black-and-white copy reads as well.

A page is painted in the device's pixels (1200 per inch for a PDF), but the plot sizes
itself by the font's metrics, which Qt measures at the screen's resolution. So the plot
is drawn in a coordinate system of tenths of a point with fonts sized in those units
(pixel sizes): its measurements and its drawing then agree on any device.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from leukodesk.core.contract.outputs import Assessment
from leukodesk.ui.handoff.paper import Painting, paper_font
from leukodesk.ui.panels.trend_plot import draw_trend
from leukodesk.ui.panels.trend_style import PAPER, trend_style
from leukodesk.ui.panels.trend_view import TrendPlotView, trend_plot_view

PLOT_TEXT_PT = 8.0
UNITS_PER_PT = 10  # the plot's coordinates: tenths of a point


def _trend_painting(view: TrendPlotView) -> Painting:
    def paint(p: QPainter, rect: QRectF) -> None:
        device = p.device()
        per_unit = device.logicalDpiX() / 72.0 / UNITS_PER_PT  # device pixels per unit
        font = paper_font(PLOT_TEXT_PT)
        font.setPixelSize(round(PLOT_TEXT_PT * UNITS_PER_PT))
        p.save()
        p.translate(rect.topLeft())
        p.scale(per_unit, per_unit)
        draw_trend(p, QRectF(0, 0, rect.width() / per_unit, rect.height() / per_unit), view,
                   trend_style(PAPER, font))
        p.restore()
    return paint


def handoff_figures(a: Assessment) -> dict[str, Painting]:
    """The drawings of ``a``'s hand-off, by kind: "trend" when it has a history."""
    view = trend_plot_view(a)
    return {} if view is None else {"trend": _trend_painting(view)}
