"""The trend plot (RULES §13): ANC and WBC against time on a log scale, platelets in a
panel of their own below, the severe and escalation lines and the ANC's LLN drawn and
labelled, each point marked by shape (ANC ●, WBC ■, platelets ▲), the current counts
ringed and labelled ("now 0.400"), the nadir labelled ("nadir 0.080 on 14 Mar").

One function draws it, :func:`draw_trend`, for the window (:class:`TrendPlot`, in its
``paintEvent``) and for paper (the hand-off PDF): a QPainter, a rectangle, the view data
(:class:`~leukodesk.ui.panels.trend_view.TrendPlotView`) and a :class:`TrendStyle`
(fonts and colours: :func:`trend_style` from a theme's :class:`TrendColours`). Sizes
follow the font, so presentation mode's larger text draws a larger plot. Colour is never
alone: every series has its own marker shape and line style, and its name in the legend;
every line has its words.

Measured against QtCharts (PySide6-Addons) for issue 17: see the README, "The trend plot".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.panels.trend_style import PAPER, TrendColours, TrendStyle, trend_style
from leukodesk.ui.panels.trend_ticks import date_ticks
from leukodesk.ui.panels.trend_view import Axis, PlotPoint, RefLine, TrendPlotView

__all__ = ["PAPER", "TrendColours", "TrendPlot", "TrendStyle", "date_ticks", "draw_trend",
           "trend_style"]
COUNTS_SHARE = 0.64   # of the plotting height for ANC and WBC when platelets are shown


# --- drawing -------------------------------------------------------------------------------
class _Frame(NamedTuple):
    """Where a panel draws: its rectangle and how values map into it."""

    rect: QRectF
    x: Callable[[float], float]
    y: Callable[[float], float]


def _y_map(axis: Axis, rect: QRectF) -> Callable[[float], float]:
    low, high = math.log10(axis.low), math.log10(axis.high)
    size = (high - low) or 1.0

    bottom, per = rect.bottom(), rect.height() / size  # floats: called for every point
    floor, log10 = axis.low, math.log10

    def y(value: float) -> float:
        return bottom - (log10(value if value > floor else floor) - low) * per
    return y


def _shape(path: QPainterPath, shape: str, at: QPointF, r: float) -> None:
    """Add one marker's outline to ``path``: a circle, a square or a triangle."""
    x, y = at.x(), at.y()
    if shape == "circle":
        path.addEllipse(at, r, r)
    elif shape == "square":
        path.addRect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7)
    else:  # triangle
        path.addPolygon(QPolygonF([QPointF(x, y - r * 1.1), QPointF(x + r, y + r * 0.75),
                                   QPointF(x - r, y + r * 0.75), QPointF(x, y - r * 1.1)]))


def _markers(p: QPainter, shape: str, at: list[QPointF], r: float, colour: QColor,
             hollow: QColor | None = None) -> None:
    """The markers of a series: filled in ``colour`` (one path, no outline), or drawn in
    it around a ``hollow`` fill (the plot's background)."""
    if hollow is not None:
        p.setPen(QPen(colour, max(1.0, r / 3)))
        p.setBrush(hollow)
        if shape == "square":  # the raster engine's fast path for outlined shapes
            p.drawRects([QRectF(q.x() - r * 0.85, q.y() - r * 0.85, r * 1.7, r * 1.7)
                         for q in at])
            return
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
    path = QPainterPath()
    for q in at:
        _shape(path, shape, q, r)
    p.drawPath(path)


def _boxed_text(p: QPainter, box: QRectF, text: str, style: TrendStyle, ink: QColor,
                font: QFont, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
    """Text on a patch of the plot's background, so lines under it do not cross it."""
    ground = QColor(style.colour("base"))  # a copy: the style's colours are shared
    ground.setAlpha(225)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ground)
    p.drawRect(box)
    p.setFont(font)
    p.setPen(ink)
    p.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, text)


def _axis(p: QPainter, frame: _Frame, axis: Axis, style: TrendStyle, gutter: float) -> None:
    """Grid lines and tick labels (crowded labels left out, the floor's kept)."""
    fm = QFontMetricsF(style.small)
    h, left, right = fm.height(), frame.rect.left(), frame.rect.right()
    ys = [frame.y(value) for value, _ in axis.ticks]
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # level lines: crisp and cheap
    p.setPen(QPen(style.colour("grid"), 1))
    p.drawLines([QPointF(x, round(y)) for y in ys for x in (left, right)])
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(style.small)
    p.setPen(style.colour("muted"))
    last_top = math.inf
    for y, (_, label) in zip(ys, axis.ticks, strict=True):
        if y + h / 2 > last_top:
            continue
        p.drawText(QRectF(left - gutter, y - h / 2, gutter - h / 4, h),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        last_top = y - h / 2


def _covers(box: QRectF, marks: list[tuple[float, float]], margin: float = 4) -> bool:
    """Whether ``box`` (with a margin) covers any of the points ``marks`` (x, y)."""
    left, top = box.left() - margin, box.top() - margin
    right, bottom = box.right() + margin, box.bottom() + margin
    return any(left <= x <= right and top <= y <= bottom for x, y in marks)


def _ref_lines(p: QPainter, frame: _Frame, lines: tuple[RefLine, ...], style: TrendStyle,
               scale: float, taken: list[QRectF], marks: list[tuple[float, float]]) -> None:
    """The lines and their words: at the right or the left end, above or below the line,
    the first place that covers no other label and no point (``marks``)."""
    fm = QFontMetricsF(style.small)
    for line in lines:
        y = frame.y(line.value)
        kind = "threshold" if line.kind == "threshold" else "lln"
        pen = QPen(style.colour(kind), 1.4 * scale,
                   Qt.PenStyle.DashLine if kind == "threshold" else Qt.PenStyle.DotLine)
        p.setPen(pen)
        p.drawLine(QPointF(frame.rect.left(), y), QPointF(frame.rect.right(), y))
        w, h = fm.horizontalAdvance(line.label) + fm.height() / 2, fm.height()
        right, left = frame.rect.right() - scale * 2 - w, frame.rect.left() + scale * 2
        tries = [QRectF(x, top, w, h) for x in (right, left)
                 for top in (y - h - scale, y + scale)]
        free = [b for b in tries if frame.rect.contains(b)
                and not any(b.intersects(t) for t in taken)]
        clear = [b for b in free if not _covers(b, marks)]
        box = (clear or free or tries)[0]
        taken.append(box)
        _boxed_text(p, box, line.label, style, style.colour(kind), style.small)


def _series(p: QPainter, frame: _Frame, points: list[tuple[PlotPoint, float]], shape: str,
            colour: QColor, width: float, r: float, hollow: QColor | None = None) -> None:
    """A series' line and markers. Thin lines are drawn 1 px wide at normal text sizes:
    the raster engine strokes wider antialiased lines twenty times slower, and the
    markers' shapes already tell the series apart."""
    if not points:
        return
    at = [QPointF(frame.x(pt.x), frame.y(v)) for pt, v in points]
    p.setBrush(Qt.BrushStyle.NoBrush)
    if width <= 1:
        p.setPen(QPen(colour, width))
        p.drawPolyline(QPolygonF(at))
    else:  # as segments with round caps: a wide polyline's joins cost 3 times as much
        p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLines([q for pair in zip(at, at[1:], strict=False) for q in pair])
    _markers(p, shape, at, r, colour, hollow)


def _current_ring(p: QPainter, at: QPointF, r: float, style: TrendStyle, scale: float) -> None:
    p.setPen(QPen(style.colour("text"), 1.6 * scale))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(at, r * 2.1, r * 2.1)


def _place(p: QPainter, at: QPointF, text: str, style: TrendStyle, inside: QRectF,
           taken: list[QRectF], r: float, prefer_above: bool) -> QRectF:
    """A label beside the point ``at``: the first of eight places inside the plot that
    covers no other label."""
    fm = QFontMetricsF(style.bold)
    w, h = fm.horizontalAdvance(text) + fm.height() / 2, fm.height()
    off = r * 2.6
    above = [QRectF(at.x() - w / 2, at.y() - off - h, w, h),
             QRectF(at.x() + off * 0.5, at.y() - off - h, w, h),
             QRectF(at.x() - w - off * 0.5, at.y() - off - h, w, h)]
    below = [QRectF(at.x() - w / 2, at.y() + off, w, h),
             QRectF(at.x() + off * 0.5, at.y() + off, w, h),
             QRectF(at.x() - w - off * 0.5, at.y() + off, w, h)]
    side = [QRectF(at.x() + off, at.y() - h / 2, w, h), QRectF(at.x() - off - w,
                                                               at.y() - h / 2, w, h)]
    tries = (above + below if prefer_above else below + above) + side
    for box in tries:
        if inside.contains(box) and not any(box.intersects(t) for t in taken):
            break
    else:  # nowhere free: the first place, moved inside
        box = tries[0]
        box.moveLeft(min(max(box.left(), inside.left()), inside.right() - w))
        box.moveTop(min(max(box.top(), inside.top()), inside.bottom() - h))
    taken.append(box)
    _boxed_text(p, box, text, style, style.colour("text"), style.bold)
    return box


def _legend(p: QPainter, rect: QRectF, view: TrendPlotView, style: TrendStyle,
            r: float) -> None:
    fm = QFontMetricsF(style.small)
    p.setFont(style.small)
    x, mid = rect.left(), rect.top() + fm.height() / 2
    keys = [("circle", "anc", True, "ANC"), ("square", "wbc", False, "WBC")]
    if view.platelets is not None:
        keys.append(("triangle", "platelets", True, "platelets"))
    for shape, name, filled, words in keys:
        _markers(p, shape, [QPointF(x + r, mid)], r, style.colour(name),
                 None if filled else style.colour("base"))
        p.setPen(style.colour("text"))
        x += 2 * r + fm.height() / 4
        p.drawText(QPointF(x, mid + fm.ascent() / 2 - fm.descent() / 2), words)
        x += fm.horizontalAdvance(words) + fm.height()
    _current_ring(p, QPointF(x + r * 2.1, mid), r * 0.55, style, r / 3)
    x += r * 4.2 + fm.height() / 4
    p.setPen(style.colour("text"))
    words = f"the current counts · {view.unit}, log scale"
    p.drawText(QPointF(x, mid + fm.ascent() / 2 - fm.descent() / 2),
               fm.elidedText(words, Qt.TextElideMode.ElideRight, max(0.0, rect.right() - x)))


def draw_trend(p: QPainter, rect: QRectF, view: TrendPlotView, style: TrendStyle) -> None:
    """Draw ``view`` into ``rect`` with ``style``: the legend, the ANC and WBC panel with
    its lines, the platelet panel (when there are platelet counts) and the dates."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    fm, sfm = QFontMetricsF(style.font), QFontMetricsF(style.small)
    line, small = fm.height(), sfm.height()
    scale = max(1.0, line / 16)          # pen widths and markers follow the text size
    thin = 1.0 if scale < 1.5 else scale  # 1 px: the raster engine's fast path
    r = max(3.0, line / 5)
    gutter = max(sfm.horizontalAdvance(t) for a in (view.counts, view.platelets) if a
                 for _, t in a.ticks) + small / 2
    legend = QRectF(rect.left() + gutter, rect.top(), rect.width() - gutter, small)
    area = QRectF(rect.left() + gutter, legend.bottom() + small / 2,
                  rect.width() - gutter - small / 2, rect.height() - 2.6 * small - small / 2)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(style.colour("base"))
    p.drawRect(rect)
    _legend(p, legend, view, style, r)
    if view.platelets is None:
        panels = [(area, view.counts)]
    else:
        top_h = area.height() * COUNTS_SHARE
        panels = [(QRectF(area.left(), area.top(), area.width(), top_h), view.counts),
                  (QRectF(area.left(), area.top() + top_h + small * 1.6, area.width(),
                          area.height() - top_h - small * 1.6), view.platelets)]
    span = view.span or 1.0
    inset = r * 2.6

    def x_of(rect_: QRectF) -> Callable[[float], float]:
        left, width = rect_.left() + inset, rect_.width() - 2 * inset
        if not view.span:
            return lambda _x: left + width / 2
        return lambda x: left + x / span * width

    taken: list[QRectF] = []
    frames = [_Frame(box, x_of(box), _y_map(axis, box)) for box, axis in panels]
    for frame, (_box, axis) in zip(frames, panels, strict=True):
        p.setPen(QPen(style.colour("border"), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame.rect)
        _axis(p, frame, axis, style, gutter)
    counts = frames[0]
    marks = [(counts.x(pt.x), counts.y(v)) for pt in view.points
             for v in (pt.anc, pt.wbc) if v is not None]
    _ref_lines(p, counts, view.lines, style, scale, taken, marks)
    wbc = [(pt, pt.wbc) for pt in view.points]
    _series(p, counts, wbc, "square", style.colour("wbc"), thin, r * 0.85, style.colour("base"))
    anc = [(pt, pt.anc) for pt in view.points if pt.anc is not None]
    _series(p, counts, anc, "circle", style.colour("anc"), 2.2 * scale, r)
    if len(frames) > 1:
        plts = frames[1]
        p.setFont(style.small)
        p.setPen(style.colour("text"))
        p.drawText(QRectF(plts.rect.left(), plts.rect.top() - small * 1.5, plts.rect.width(),
                          small), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   f"Platelets, {view.unit}, log scale")
        _ref_lines(p, plts, view.platelet_lines, style, scale, [],
                   [(plts.x(pt.x), plts.y(pt.platelets)) for pt in view.points
                    if pt.platelets is not None])
        _series(p, plts, [(pt, pt.platelets) for pt in view.points if pt.platelets is not None],
                "triangle", style.colour("platelets"), thin, r)
    current = view.current
    now_value = current.anc if current.anc is not None else current.wbc
    now_at = QPointF(counts.x(current.x), counts.y(now_value))
    _current_ring(p, now_at, r, style, scale)
    nadir = view.nadir
    if nadir is not None and nadir.anc is not None:
        at = QPointF(counts.x(nadir.x), counts.y(nadir.anc))
        text = view.nadir_label + (" (now)" if nadir.current else "")
        _place(p, at, text, style, counts.rect, taken, r, prefer_above=False)
    if nadir is None or not nadir.current:
        _place(p, now_at, view.current_label, style, counts.rect, taken, r, prefer_above=True)
    bottom = frames[-1].rect
    room = bottom.width() - 2 * inset
    most = int(room // (sfm.horizontalAdvance("28 Sep") + small))
    most_hours = int(room // (sfm.horizontalAdvance("28 Sep 00:00") + small))
    p.setFont(style.small)
    for x, label in date_ticks(view.origin, view.span, most, most_hours):
        px = counts.x(x)
        p.setPen(QPen(style.colour("border"), 1))
        p.drawLine(QPointF(px, bottom.bottom()), QPointF(px, bottom.bottom() + small / 4))
        w = sfm.horizontalAdvance(label) + small / 2
        left = min(max(px - w / 2, rect.left()), rect.right() - w)
        p.setPen(style.colour("text"))
        p.drawText(QRectF(left, bottom.bottom() + small / 4, w, small),
                   Qt.AlignmentFlag.AlignCenter, label)
    p.restore()


# --- the widget ----------------------------------------------------------------------------
class TrendPlot(QWidget):
    """The plot in the window: paints its view data with :func:`draw_trend`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trend_plot")
        self.setAccessibleName("Trend plot")
        self._view: TrendPlotView | None = None
        self._colours = PAPER
        self._style_key: tuple[object, ...] = ()
        self._style_cache: TrendStyle | None = None
        self.painter: Painter[TrendPlotView | None] = Painter(self._paint)
        self.paints = 0  # paint events drawn (benchmarks and tests)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def view(self) -> TrendPlotView | None:
        return self._view

    def colours(self) -> TrendColours:
        return self._colours

    def set_colours(self, colours: TrendColours) -> None:
        """Draw with ``colours`` from now on (a theme)."""
        if colours != self._colours:
            self._colours = colours
            self.update()

    def _paint(self, view: TrendPlotView | None) -> None:
        self._view = view
        text = view.description if view is not None else ""
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 28), round(line * 13))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 16), round(line * 8))

    def _style(self) -> TrendStyle:
        """The style for the widget's font and colours (made again when either changes)."""
        key = (self._colours, self.font().key())
        if self._style_key != key:
            self._style_key, self._style_cache = key, trend_style(self._colours, self.font())
        return self._style_cache

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        style = self._style()
        rect = QRectF(self.rect())
        p.fillRect(rect, style.colour("base"))  # opaque: every pixel is painted here
        if self._view is not None:
            draw_trend(p, rect.adjusted(2, 2, -2, -2), self._view, style)
        p.end()
        self.paints += 1
