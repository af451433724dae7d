"""Drawing the severity gauge: the scale (bands, hatches, words, bounds, axis and note) and a
reading (marker, glyph and readout). Plain functions of a QPainter and what to draw; the
widget (:class:`leukodesk.ui.panels.gauge.SeverityGauge`) says where."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from leukodesk.ui.panels.gauge_colours import GaugeColours, GaugePaint, faded_fill, text_colour
from leukodesk.ui.panels.gauge_scale import BOUNDS_TEXT, LEVEL_WORDS, SHAPES, UNIT, GaugeReading


class Fonts(NamedTuple):
    normal: QFont
    small: QFont
    bold: QFont


class Sizes(NamedTuple):
    line: float   # height of a line of the normal font
    sline: float  # … of the small font
    pad: float
    track: float  # height of the marker's track above the bands
    bar: float    # height of the bar: track, two label lines, a hatch


def paint_scale(p: QPainter, bar: QRectF, top: float, note: str, faded: bool, fonts: Fonts,
                sizes: Sizes, colours: GaugeColours, paint: GaugePaint, window_text: QColor,
                background: QColor, dpr: float) -> None:
    """Everything that does not follow the ANC: the bands, the axis, the note under the
    scale and, when ``faded`` (no result), "No result"."""
    paint_bands(p, bar, fonts.small, sizes, colours, paint, background if faded else None, dpr)
    p.setPen(window_text)
    if faded:
        p.setFont(fonts.bold)
        p.drawText(QRectF(bar.left(), top + sizes.pad, bar.width(), sizes.line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "No result")
    p.setFont(fonts.small)
    axis = f"ANC, {UNIT}"
    axis_w = QFontMetricsF(fonts.small).horizontalAdvance(axis) + sizes.pad
    note_box = QRectF(bar.left(), bar.bottom() + 4, bar.width(), sizes.line)
    p.drawText(note_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, axis)
    p.setFont(fonts.normal)
    p.drawText(note_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               p.fontMetrics().elidedText(note, Qt.TextElideMode.ElideRight,
                                          int(bar.width() - axis_w)))


def paint_bands(p: QPainter, bar: QRectF, small: QFont, sizes: Sizes, c: GaugeColours,
                qc: GaugePaint, faded_to: QColor | None, dpr: float) -> None:
    """The five bands, profound on the left, each with its hatch, glyph, word and bounds;
    faded towards ``faded_to`` when there is no result. Hatches are laid in device pixels:
    ``dpr`` keeps their size."""
    sline, track, w = sizes.sline, sizes.track, bar.width() / 5
    p.setFont(small)
    for i in range(5):
        level = 4 - i  # profound on the left
        band = QRectF(bar.left() + i * w, bar.top(), w, bar.height())
        fill, ink = qc.band[level], qc.text[level]
        if faded_to is not None:  # no result: a faded scale, so it cannot pass for one
            fill = faded_fill(fill, faded_to, c)
            ink = text_colour(fill, c)
        # drawRect with a brush, not fillRect: fillRect's overloads make PySide build
        # QGradient's Python enums (a few ms of start-up) just to pick one.
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawRect(band)
        hatch = QColor(ink)
        hatch.setAlphaF(0.55)
        brush = QBrush(hatch, c.pattern[level])
        brush.setTransform(QTransform.fromScale(dpr, dpr))
        p.setBrush(brush)
        p.drawRect(QRectF(band.left(), band.bottom() - track / 2, w, track / 2))
        fm = p.fontMetrics()
        word = fm.elidedText(LEVEL_WORDS[level], Qt.TextElideMode.ElideRight, int(w - 4))
        word_w, g = fm.horizontalAdvance(word), sline * 0.75
        legend = w >= word_w + g + 7  # a glyph ties the band to its marker shape, if room
        x0 = band.center().x() - (word_w + (g + 3 if legend else 0)) / 2
        y = band.top() + track + 1  # below the marker track, so the marker never crosses text
        if legend:
            draw_glyph(p, level, QPointF(x0 + g / 2, y + sline / 2), g, fill, ink, ink)
            x0 += g + 3
        p.setPen(ink)
        p.drawText(QRectF(x0, y, word_w + 1, sline),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, word)
        p.drawText(QRectF(band.left(), y + sline, w, sline), Qt.AlignmentFlag.AlignCenter,
                   fm.elidedText(BOUNDS_TEXT[level], Qt.TextElideMode.ElideRight, int(w)))
    p.setPen(QPen(qc.ink, 1))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(bar)
    for k in range(6):  # band edges, run on below the bar as ticks at every bound
        x = bar.left() + k * w
        p.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom() + 4))


def paint_reading(p: QPainter, r: GaugeReading, x: float, y: float, track_bottom: float,
                  width: float, fonts: Fonts, sizes: Sizes, c: GaugePaint,
                  window_text: QColor) -> None:
    """Glyph and readout on the top row (at ``y``), joined to the marker at ``x`` on the
    scale's track, in a widget ``width`` wide."""
    normal, bold, line, pad = fonts.normal, fonts.bold, sizes.line, sizes.pad
    head = r.head.upper()
    rest = "  " + r.detail
    nfm, head_w, gap = QFontMetricsF(normal), QFontMetricsF(bold).horizontalAdvance(head), 4.0
    rest = nfm.elidedText(rest, Qt.TextElideMode.ElideRight,  # only if wider than the widget
                          max(0.0, width - 2 * pad - line - gap - head_w))
    block = line + gap + head_w + nfm.horizontalAdvance(rest)
    # The glyph sits over the marker with the words on the side that fits; when neither side
    # does (narrow widget), the block slides inwards and an elbow joins glyph and marker.
    options = []
    for glyph_first in (True, False):
        left = x - line / 2 if glyph_first else x + line / 2 - block
        left = min(max(left, pad), width - pad - block)
        gx = left + line / 2 if glyph_first else left + block - line / 2
        options.append((abs(gx - x), not glyph_first, left, gx))
    _, glyph_last, left, gx = min(options)
    elbow = y + line + (track_bottom - y - line) / 3
    path = QPainterPath(QPointF(gx, y + line / 2))
    for point in (QPointF(gx, elbow), QPointF(x, elbow), QPointF(x, track_bottom - 3)):
        path.lineTo(point)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(c.halo, 5.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    p.drawPath(path)
    pen = QPen(c.ink, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
    if r.anc is None:  # dotted: the position is the level's band centre, not a measured ANC
        pen.setDashPattern([1.0, 1.0])
    p.setPen(pen)
    p.drawPath(path)
    tip = line / 3  # an arrow head ending where the band labels begin
    p.setPen(QPen(c.halo, 1.0))
    p.setBrush(c.ink)
    p.drawPolygon(QPolygonF([QPointF(x - tip, track_bottom - tip),
                             QPointF(x + tip, track_bottom - tip), QPointF(x, track_bottom)]))
    draw_glyph(p, r.level, QPointF(gx, y + line / 2), line, c.band[r.level], c.text[r.level],
               c.ink)
    start = left if glyph_last else left + line + gap
    p.setPen(window_text)
    for font, text, offset in ((bold, head, 0.0), (normal, rest, head_w)):
        p.setFont(font)
        p.drawText(QRectF(start + offset, y, block, line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


def paint_unplaced(p: QPainter, r: GaugeReading, y: float, width: float, fonts: Fonts,
                   sizes: Sizes, window_text: QColor) -> None:
    """The readout of a reading with no place on the scale (the ANC not measured and not
    settled by the WBC): words only, no marker or glyph."""
    head = r.head.upper()
    head_w = QFontMetricsF(fonts.bold).horizontalAdvance(head)
    rest = QFontMetricsF(fonts.normal).elidedText(
        "  " + r.detail, Qt.TextElideMode.ElideRight, max(0.0, width - 2 * sizes.pad - head_w))
    p.setPen(window_text)
    for font, text, left in ((fonts.bold, head, sizes.pad), (fonts.normal, rest,
                                                             sizes.pad + head_w)):
        p.setFont(font)
        p.drawText(QRectF(left, y, width, sizes.line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


def draw_glyph(p: QPainter, level: int, centre: QPointF, size: float, fill: QColor,
               mark: QColor, ink: QColor) -> None:
    """The shape of ``level`` (see SHAPES), filled with its colour and outlined in ink."""
    h, cx, cy = size / 2, centre.x(), centre.y()
    path = QPainterPath()
    shape = SHAPES[level]
    if shape == "circle":
        path.addEllipse(centre, h * 0.9, h * 0.9)
    elif shape == "square":
        path.addRect(QRectF(cx - h * 0.8, cy - h * 0.8, h * 1.6, h * 1.6))
    else:
        points = {"triangle": ((0, -1), (1, 0.8), (-1, 0.8)),
                  "diamond": ((0, -1), (1, 0), (0, 1), (-1, 0)),
                  "octagon": ((-0.41, -1), (0.41, -1), (1, -0.41), (1, 0.41), (0.41, 1),
                              (-0.41, 1), (-1, 0.41), (-1, -0.41))}[shape]
        path.addPolygon(QPolygonF([QPointF(cx + u * h, cy + v * h) for u, v in points]))
        path.closeSubpath()
    p.setPen(QPen(ink, max(1.0, size / 14)))
    p.setBrush(fill)
    p.drawPath(path)
    if shape == "octagon":  # a cross inside: "stop", readable without colour at any size
        p.setPen(QPen(mark, max(1.2, size / 9)))
        d = h * 0.42
        p.drawLine(QPointF(cx - d, cy - d), QPointF(cx + d, cy + d))
        p.drawLine(QPointF(cx - d, cy + d), QPointF(cx + d, cy - d))
