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

It draws in two parts that make the whole: the history (everything but the current
counts) and the current counts (their segments, markers, ring and label, and the nadir's
label). The window
keeps the history part as a picture while only the current counts change, as they do
with every keystroke in the current counts: the view data decides, through
:func:`history_key`, never a list of what was typed.

Measured against QtCharts (PySide6-Addons) for issue 17: see the README, "The trend plot".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.panels.trend_marks import (
    Avoid,
    Frame,
    axis_grid,
    current_ring,
    legend,
    place,
    ref_lines,
    series,
    y_map,
)
from leukodesk.ui.panels.trend_style import PAPER, TrendColours, TrendStyle, trend_style
from leukodesk.ui.panels.trend_ticks import date_ticks
from leukodesk.ui.panels.trend_view import PlotPoint, TrendPlotView

__all__ = ["PAPER", "TrendColours", "TrendPlot", "TrendStyle", "date_ticks", "draw_trend",
           "history_key", "trend_style"]
COUNTS_SHARE = 0.64   # of the plotting height for ANC and WBC when platelets are shown
ALL, HISTORY, CURRENT = "all", "history", "current"
ROOM_FOR_PLATELETS = 13  # lines of the small font: less, and the platelets are left out
FIT_LINES, FIT_MOST_SMALLER = 15, 0.6  # the window's plot: text made smaller to fit (_style)


class Layout(NamedTuple):
    """Where everything goes in a rectangle, from the view's scales and the fonts."""

    rect: QRectF
    legend: QRectF
    counts: Frame
    platelets: Frame | None
    small: float     # a line of the small font
    scale: float     # pen widths follow the text size
    thin: float      # the width of the thin lines
    r: float         # a marker's radius
    inset: float


def layout(rect: QRectF, view: TrendPlotView, style: TrendStyle) -> Layout:
    fm, sfm = QFontMetricsF(style.font), QFontMetricsF(style.small)
    line, small = fm.height(), sfm.height()
    scale = max(1.0, line / 16)
    thin = 1.0 if scale < 1.5 else scale  # 1 px: the raster engine's fast path
    r = max(3.0, line / 5)
    gutter = max(sfm.horizontalAdvance(t) for a in (view.counts, view.platelets) if a
                 for _, t in a.ticks) + small / 2
    top = QRectF(rect.left() + gutter, rect.top(), rect.width() - gutter, small)
    area = QRectF(rect.left() + gutter, top.bottom() + small / 2,
                  rect.width() - gutter - small / 2, rect.height() - 2.6 * small - small / 2)
    boxes = [area]
    if view.platelets is not None and area.height() >= ROOM_FOR_PLATELETS * small:
        top_h = area.height() * COUNTS_SHARE
        boxes = [QRectF(area.left(), area.top(), area.width(), top_h),
                 QRectF(area.left(), area.top() + top_h + small * 1.6, area.width(),
                        area.height() - top_h - small * 1.6)]
    span, inset = view.span or 1.0, r * 2.6

    def x_of(box: QRectF) -> Callable[[float], float]:
        left, width = box.left() + inset, box.width() - 2 * inset
        if not view.span:
            return lambda _x: left + width / 2
        return lambda x: left + x / span * width

    frames = [Frame(box, x_of(box), y_map(axis, box))
              for box, axis in zip(boxes, (view.counts, view.platelets), strict=False)]
    return Layout(rect, top, frames[0], frames[1] if len(frames) > 1 else None, small,
                  scale, thin, r, inset)


def history_key(view: TrendPlotView) -> tuple[object, ...]:
    """All that the history part draws: it is drawn again only when this changes (not
    when the nadir moves: its label is drawn with the current counts)."""
    scales = tuple(None if a is None else (a.low, a.high, a.ticks)
                   for a in (view.counts, view.platelets))
    return (tuple((p.x, p.anc, p.wbc, p.platelets) for p in view.points[:-1]),
            view.current.x, view.origin, view.span, scales, view.lines,
            view.platelet_lines, view.unit)


def _values(view: TrendPlotView, pt: PlotPoint) -> list[tuple[str, float | None]]:
    return [("wbc", pt.wbc), ("anc", pt.anc), ("platelets", pt.platelets)]


def _draw_history(p: QPainter, lay: Layout, view: TrendPlotView, style: TrendStyle
                  ) -> list[QRectF]:
    """Everything but the current counts; the labels' places (the current one avoids
    them)."""
    c, small, r = lay.counts, lay.small, lay.r
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(style.colour("base"))
    p.drawRect(lay.rect)
    legend(p, lay.legend, view, style, r, lay.platelets is not None)
    gutter = lay.legend.left() - lay.rect.left()
    for frame, axis in ((c, view.counts), (lay.platelets, view.platelets)):
        if frame is None or axis is None:
            continue
        p.setPen(QPen(style.colour("border"), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame.rect)
        axis_grid(p, frame, axis, style, gutter)
    past = view.points[:-1]
    taken: list[QRectF] = []
    paths = [[(c.x(pt.x), c.y(v)) for pt in past if (v := getattr(pt, name)) is not None]
             for name in ("anc", "wbc")]
    band = (c.x(past[-1].x) if past else c.rect.left(), c.rect.right())
    ref_lines(p, c, view.lines, style, lay.scale, taken,
              Avoid([m for path in paths for m in path], paths, band))
    series(p, c, [(pt, pt.wbc) for pt in past], "square", style.colour("wbc"), lay.thin,
           r * 0.85, style.colour("base"))
    series(p, c, [(pt, pt.anc) for pt in past if pt.anc is not None], "circle",
           style.colour("anc"), 2.2 * lay.scale, r)
    plts = lay.platelets
    if plts is not None:
        p.setFont(style.small)
        p.setPen(style.colour("text"))
        p.drawText(QRectF(plts.rect.left(), plts.rect.top() - small * 1.5, plts.rect.width(),
                          small), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   f"Platelets, {view.unit}, log scale")
        on = [(pt, pt.platelets) for pt in past if pt.platelets is not None]
        path = [(plts.x(pt.x), plts.y(v)) for pt, v in on]
        ref_lines(p, plts, view.platelet_lines, style, lay.scale, [],
                  Avoid(path, [path], band))
        series(p, plts, on, "triangle", style.colour("platelets"), lay.thin, r)
    _dates(p, lay, view, style)
    return taken


def _dates(p: QPainter, lay: Layout, view: TrendPlotView, style: TrendStyle) -> None:
    sfm, small = QFontMetricsF(style.small), lay.small
    bottom = (lay.platelets or lay.counts).rect
    room = bottom.width() - 2 * lay.inset
    most = int(room // (sfm.horizontalAdvance("28 Sep") + small))
    most_hours = int(room // (sfm.horizontalAdvance("28 Sep 00:00") + small))
    p.setFont(style.small)
    for x, label in date_ticks(view.origin, view.span, most, most_hours):
        px = lay.counts.x(x)
        p.setPen(QPen(style.colour("border"), 1))
        p.drawLine(QPointF(px, bottom.bottom()), QPointF(px, bottom.bottom() + small / 4))
        w = sfm.horizontalAdvance(label) + small / 2
        left = min(max(px - w / 2, lay.rect.left()), lay.rect.right() - w)
        p.setPen(style.colour("text"))
        p.drawText(QRectF(left, bottom.bottom() + small / 4, w, small),
                   Qt.AlignmentFlag.AlignCenter, label)


def _draw_current(p: QPainter, lay: Layout, view: TrendPlotView, style: TrendStyle,
                  taken: list[QRectF]) -> None:
    """The current counts: the segment from each series' last earlier point, both
    markers, the ring, and its label; and the nadir's label (which moves with a current
    ANC that becomes the nadir)."""
    c, r, now = lay.counts, lay.r, view.current
    looks = {"wbc": ("square", lay.thin, r * 0.85, style.colour("base")),
             "anc": ("circle", 2.2 * lay.scale, r, None),
             "platelets": ("triangle", lay.thin, r, None)}
    paths = []
    for name, value in _values(view, now):
        frame = lay.platelets if name == "platelets" else c
        if value is None or frame is None:
            continue
        before = next(((pt, v) for pt in reversed(view.points[:-1])
                       for n, v in _values(view, pt) if n == name and v is not None), None)
        shape, width, size, hollow = looks[name]
        segment = [*([before] if before else []), (now, value)]
        series(p, frame, segment, shape, style.colour(name), width, size, hollow)
        if frame is c:
            paths.append([(c.x(pt.x), c.y(v)) for pt, v in segment])
    at = QPointF(c.x(now.x), c.y(now.anc if now.anc is not None else now.wbc))
    current_ring(p, at, r, style, lay.scale)
    nadir = view.nadir
    if now.nadir:
        place(p, at, f"{view.nadir_label} (now)", style, c.rect, taken, r, False, paths)
        return
    if nadir is not None and nadir.anc is not None:
        paths += [[(c.x(pt.x), c.y(pt.anc)) for pt in view.points[:-1] if pt.anc is not None]]
        place(p, QPointF(c.x(nadir.x), c.y(nadir.anc)), view.nadir_label, style, c.rect,
              taken, r, False, paths)
    place(p, at, view.current_label, style, c.rect, taken, r, True, paths)


def draw_trend(p: QPainter, rect: QRectF, view: TrendPlotView, style: TrendStyle,
               part: str = ALL, taken: list[QRectF] | None = None) -> list[QRectF]:
    """Draw ``view`` into ``rect`` with ``style``: the legend, the ANC and WBC panel with
    its lines, the platelet panel (when there are platelet counts) and the dates. ``part``
    draws the history alone (returning its labels' places) or the current counts alone
    (given those places, ``taken``); the two make the whole."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    lay = layout(rect, view, style)
    placed = list(taken or [])
    if part in (ALL, HISTORY):
        placed = _draw_history(p, lay, view, style)
    if part in (ALL, CURRENT):
        _draw_current(p, lay, view, style, list(placed))
    p.restore()
    return placed


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
        self._layer: QPixmap | None = None  # the history part, while its key holds
        self._layer_key: tuple[object, ...] = ()
        self._taken: list[QRectF] = []
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
        """The style for the widget's font and colours (made again when either changes).
        Where the plot has fewer than FIT_LINES lines of its font in height (presentation
        mode's large text on a small screen), its text is made smaller to fit them, down
        to FIT_MOST_SMALLER of the font: a plot of large words and no room to draw in
        reads worse than one of smaller words."""
        font = self.font()
        line = QFontMetricsF(font).height()
        fit = max(FIT_MOST_SMALLER, min(1.0, self.height() / (FIT_LINES * line)))
        key = (self._colours, font.key(), round(fit, 2))
        if self._style_key != key:
            if key[2] < 1 and font.pointSizeF() > 0:
                font = QFont(font)
                font.setPointSizeF(font.pointSizeF() * key[2])
            self._style_key, self._style_cache = key, trend_style(self._colours, font)
        return self._style_cache

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        style = self._style()
        if self._view is None:
            p.fillRect(QRectF(self.rect()), style.colour("base"))
        else:
            layer, taken = self._history_layer(style)
            p.drawPixmap(0, 0, layer)  # opaque: it covers every pixel
            draw_trend(p, self._inner(), self._view, style, CURRENT, taken)
        p.end()
        self.paints += 1

    def _inner(self) -> QRectF:
        return QRectF(self.rect()).adjusted(2, 2, -2, -2)

    def _history_layer(self, style: TrendStyle) -> tuple[QPixmap, list[QRectF]]:
        """The history part as a picture, drawn again when its key, the size, the scale
        of the screen or the style changes."""
        assert self._view is not None
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr, self._style_key, history_key(self._view))
        if key != self._layer_key or self._layer is None:
            layer = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            layer.setDevicePixelRatio(dpr)
            layer.fill(style.colour("base"))
            q = QPainter(layer)
            self._taken = draw_trend(q, self._inner(), self._view, style, HISTORY)
            q.end()
            self._layer, self._layer_key = layer, key
        return self._layer, self._taken
