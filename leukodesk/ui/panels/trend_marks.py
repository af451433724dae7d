"""The trend plot's marks, each a plain function of a QPainter: the panels' frames and
log scales, the lines with their words, the series (a line and a marker shape each), the
ring of the current counts, the labels placed where they cover nothing, and the legend.
:func:`leukodesk.ui.panels.trend_plot.draw_trend` lays them out."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from leukodesk.ui.panels.trend_style import TrendStyle
from leukodesk.ui.panels.trend_view import Axis, PlotPoint, RefLine, TrendPlotView


class Frame(NamedTuple):
    """Where a panel draws: its rectangle and how values map into it."""

    rect: QRectF
    x: Callable[[float], float]
    y: Callable[[float], float]


def y_map(axis: Axis, rect: QRectF) -> Callable[[float], float]:
    low, high = math.log10(axis.low), math.log10(axis.high)
    size = (high - low) or 1.0

    bottom, per = rect.bottom(), rect.height() / size  # floats: called for every point
    floor, log10 = axis.low, math.log10

    def y(value: float) -> float:
        return bottom - (log10(value if value > floor else floor) - low) * per
    return y


def markers(p: QPainter, shape: str, at: list[QPointF], r: float, colour: QColor,
             hollow: QColor | None = None) -> None:
    """The markers of a series: filled in ``colour``, or drawn in it around a ``hollow``
    fill (the plot's background). Each shape by the raster engine's fastest way."""
    if shape == "circle" and hollow is None:  # round points of a wide pen
        p.setPen(QPen(colour, 2 * r, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPoints(QPolygonF(at))
        return
    if hollow is not None:
        p.setPen(QPen(colour, max(1.0, r / 3)))
        p.setBrush(hollow)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
    if shape == "square":
        p.drawRects([QRectF(q.x() - r * 0.85, q.y() - r * 0.85, r * 1.7, r * 1.7) for q in at])
    elif shape == "circle":
        for q in at:
            p.drawEllipse(q, r, r)
    else:
        for q in at:
            x, y = q.x(), q.y()
            p.drawPolygon([QPointF(x, y - r * 1.1), QPointF(x + r, y + r * 0.75),
                           QPointF(x - r, y + r * 0.75)])


def boxed_text(p: QPainter, box: QRectF, text: str, style: TrendStyle, ink: QColor,
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


def axis_grid(p: QPainter, frame: Frame, axis: Axis, style: TrendStyle, gutter: float) -> None:
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


def covers(box: QRectF, marks: list[tuple[float, float]], margin: float = 4) -> bool:
    """Whether ``box`` (with a margin) covers any of the points ``marks`` (x, y)."""
    left, top = box.left() - margin, box.top() - margin
    right, bottom = box.right() + margin, box.bottom() + margin
    return any(left <= x <= right and top <= y <= bottom for x, y in marks)


def crosses(box: QRectF, path: list[tuple[float, float]]) -> bool:
    """Whether the polyline ``path`` passes through ``box``."""
    left, top, right, bottom = box.left(), box.top(), box.right(), box.bottom()
    corners = ((left, top), (right, top), (left, bottom), (right, bottom))
    for (x1, y1), (x2, y2) in zip(path, path[1:], strict=False):
        if max(x1, x2) < left or min(x1, x2) > right or max(y1, y2) < top \
                or min(y1, y2) > bottom:
            continue
        sides = {(x2 - x1) * (cy - y1) - (y2 - y1) * (cx - x1) > 0 for cx, cy in corners}
        if len(sides) == 2:  # corners on both sides of the segment's line
            return True
    return False


class Avoid(NamedTuple):
    """What a line's words should not cover: points, the series' lines, and a band of x
    where the current counts' segments will go (drawn later, with every keystroke)."""

    marks: list[tuple[float, float]]
    paths: list[list[tuple[float, float]]]
    band: tuple[float, float]

    def hit(self, box: QRectF) -> bool:
        return covers(box, self.marks) or any(crosses(box, path) for path in self.paths) \
            or (box.right() >= self.band[0] and box.left() <= self.band[1])


def ref_lines(p: QPainter, frame: Frame, lines: tuple[RefLine, ...], style: TrendStyle,
              scale: float, taken: list[QRectF], avoid: Avoid) -> None:
    """The lines and their words: at the right or the left end or between, above or below
    the line, the first place that covers no other label and nothing of ``avoid``."""
    fm = QFontMetricsF(style.small)
    for line in lines:
        y = frame.y(line.value)
        kind = "threshold" if line.kind == "threshold" else "lln"
        pen = QPen(style.colour(kind), 1.4 * scale,
                   Qt.PenStyle.DashLine if kind == "threshold" else Qt.PenStyle.DotLine)
        p.setPen(pen)
        p.drawLine(QPointF(frame.rect.left(), y), QPointF(frame.rect.right(), y))
        h = fm.height()
        for text in dict.fromkeys((line.label, line.short or line.label)):
            w = fm.horizontalAdvance(text) + h / 2
            right, left = frame.rect.right() - scale * 2 - w, frame.rect.left() + scale * 2
            xs = (right, left, *(left + (right - left) * k / 4 for k in (3, 2, 1)))
            tries = [QRectF(x, top, w, h) for x in xs for top in (y - h - scale, y + scale)]
            free = [b for b in tries if frame.rect.contains(b)
                    and not any(b.intersects(t) for t in taken)]
            if free:  # else the short words, or the first place after all
                break
        box = next((b for b in free if not avoid.hit(b)), None) or (free or tries)[0]
        taken.append(box)
        boxed_text(p, box, text, style, style.colour(kind), style.small)


def series(p: QPainter, frame: Frame, points: list[tuple[PlotPoint, float]], shape: str,
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
    else:  # as segments (their joins sit under the markers): a wide polyline's joins, or
        # round caps, cost 4 to 6 times as much
        p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawLines([q for pair in zip(at, at[1:], strict=False) for q in pair])
    markers(p, shape, at, r, colour, hollow)


def current_ring(p: QPainter, at: QPointF, r: float, style: TrendStyle, scale: float) -> None:
    p.setPen(QPen(style.colour("text"), 1.6 * scale))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(at, r * 2.1, r * 2.1)


def place(p: QPainter, at: QPointF, text: str, style: TrendStyle, inside: QRectF,
          taken: list[QRectF], r: float, prefer_above: bool,
          paths: list[list[tuple[float, float]]] | None = None) -> QRectF:
    """A label beside the point ``at``: the first of eight places inside the plot that
    covers no other label and crosses none of ``paths`` (else no other label)."""
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
    free = [b for b in tries if inside.contains(b) and not any(b.intersects(t) for t in taken)]
    box = next((b for b in free if not any(crosses(b, path) for path in paths or [])),
               free[0] if free else None)
    if box is None:  # nowhere free: the first place, moved inside
        box = tries[0]
        box.moveLeft(min(max(box.left(), inside.left()), inside.right() - w))
        box.moveTop(min(max(box.top(), inside.top()), inside.bottom() - h))
    taken.append(box)
    boxed_text(p, box, text, style, style.colour("text"), style.bold)
    return box


def legend(p: QPainter, rect: QRectF, view: TrendPlotView, style: TrendStyle, r: float,
           platelets: bool) -> None:
    """The series' markers with their names, the current counts' ring, the unit and the
    scale; ``platelets``: their panel is drawn (else, with platelet counts, the legend says
    they need more room)."""
    fm = QFontMetricsF(style.small)
    p.setFont(style.small)
    x, mid = rect.left(), rect.top() + fm.height() / 2
    keys = [("circle", "anc", True, "ANC"), ("square", "wbc", False, "WBC")]
    if platelets:
        keys.append(("triangle", "platelets", True, "platelets"))
    for shape, name, filled, words in keys:
        markers(p, shape, [QPointF(x + r, mid)], r, style.colour(name),
                None if filled else style.colour("base"))
        p.setPen(style.colour("text"))
        x += 2 * r + fm.height() / 4
        p.drawText(QPointF(x, mid + fm.ascent() / 2 - fm.descent() / 2), words)
        x += fm.horizontalAdvance(words) + fm.height()
    current_ring(p, QPointF(x + r * 2.1, mid), r * 0.55, style, r / 3)
    x += r * 4.2 + fm.height() / 4
    p.setPen(style.colour("text"))
    words = f"the current counts · {view.unit}, log scale"
    if view.platelets is not None and not platelets:
        words = f"now · {view.unit}, log · platelets: enlarge to see them"
    p.drawText(QPointF(x, mid + fm.ascent() / 2 - fm.descent() / 2),
               fm.elidedText(words, Qt.TextElideMode.ElideRight, max(0.0, rect.right() - x)))
