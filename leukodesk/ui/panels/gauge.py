"""The colour-coded severity gauge: the ANC scale of RULES §5 with a marker for one reading.

The gauge computes nothing clinical: level, word, ANC text and grade all come from the core
through :class:`GaugeReading`. Each level is told apart by four means, never colour alone:
its colour, the shape of its glyph, a greyscale-distinct lightness plus hatch, and its word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from leukodesk.core.rules import thresholds as rules

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment

UNIT = "×10⁹/L"
LEVEL_WORDS = ("normal", "mild", "moderate", "severe", "profound")  # the ANC classes, by level
SHAPES = ("circle", "triangle", "diamond", "square", "octagon")      # glyph of each level
_CUTS = (rules.ANC_SEVERE_FROM, rules.ANC_MODERATE_FROM, rules.ANC_MILD_FROM,
         rules.ANC_NORMAL_FROM)
# Scale bounds left to right (profound … normal). The right end, twice the normal bound, is for
# display only: the normal band needs a width; larger values sit at the end.
BOUNDS = (0.0, *(float(t.value) for t in _CUTS), 2 * float(rules.ANC_NORMAL_FROM.value))
_CUT_TEXT = tuple(str(t.value) for t in _CUTS)
BOUNDS_TEXT = (f"≥ {_CUT_TEXT[3]}", f"{_CUT_TEXT[2]}–{_CUT_TEXT[3]}",  # by level 0…4
               f"{_CUT_TEXT[1]}–{_CUT_TEXT[2]}", f"{_CUT_TEXT[0]}–{_CUT_TEXT[1]}",
               f"< {_CUT_TEXT[0]}")


@dataclass(frozen=True)
class GaugeReading:
    """One result to show, as the core worded it (level 0 normal … 4 profound)."""

    level: int
    label: str
    basis: str
    anc: float | None
    anc_text: str | None
    grade_text: str

    def __post_init__(self) -> None:
        # A wiring slip upstream must fail loudly, not draw a plausible wrong gauge.
        if (self.level not in range(5) or self.basis not in ("anc_class", "wbc_grade")
                or (self.basis == "anc_class" and self.anc is None)):
            raise ValueError(f"inconsistent gauge reading: {self!r}")


@dataclass(frozen=True)
class GaugeColours:
    """Every colour the gauge paints with, kept together so that a theme can swap the set."""

    band: tuple[str, ...]             # fill by level 0…4
    pattern: tuple[Qt.BrushStyle, ...]  # hatch by level, the greyscale key beside lightness
    dark_text: str
    light_text: str
    ink: str                          # marker, ticks, outlines
    halo: str                         # keeps the marker visible on dark and light bands
    fade: float = 0.55                # how far the bands fade to the background: no result


# Okabe–Ito hues: bluish green (lightened), yellow, orange, vermillion, and reddish purple
# (darkened so profound is the darkest). Relative luminance 0.60/0.74/0.42/0.22/0.07.
OKABE_ITO = GaugeColours(
    band=("#99D8BE", "#F0E442", "#E69F00", "#D55E00", "#882255"),
    pattern=(Qt.BrushStyle.NoBrush, Qt.BrushStyle.Dense6Pattern, Qt.BrushStyle.BDiagPattern,
             Qt.BrushStyle.CrossPattern, Qt.BrushStyle.DiagCrossPattern),
    dark_text="#000000", light_text="#FFFFFF", ink="#000000", halo="#FFFFFF")
COLOURS = OKABE_ITO


def relative_luminance(colour: QColor | str) -> float:
    """WCAG 2 relative luminance (0 black … 1 white) of an sRGB colour."""
    c = QColor(colour)
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
           for v in (c.redF(), c.greenF(), c.blueF())]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: QColor | str, b: QColor | str) -> float:
    """WCAG 2 contrast ratio (1…21) between two colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(fill: QColor | str, colours: GaugeColours = COLOURS) -> QColor:
    """The dark or light text colour, whichever contrasts more with ``fill``."""
    dark, light = QColor(colours.dark_text), QColor(colours.light_text)
    return dark if contrast_ratio(fill, dark) >= contrast_ratio(fill, light) else light


def faded_fill(fill: QColor | str, background: QColor | str,
               colours: GaugeColours = COLOURS) -> QColor:
    """A band's fill when there is no result: faded towards the background, so that the
    empty scale cannot pass for a reading (its words stay readable: see the themes' test)."""
    return _blend(QColor(fill), QColor(background), colours.fade)


@dataclass(frozen=True)
class _Paint:
    """A colour set made into QColors once (not on every paint): by level, the fill and
    its text, and the ink and halo."""

    band: tuple[QColor, ...]
    text: tuple[QColor, ...]
    ink: QColor
    halo: QColor

    @classmethod
    def of(cls, c: GaugeColours) -> _Paint:
        band = tuple(QColor(b) for b in c.band)
        return cls(band, tuple(text_colour(b, c) for b in band), QColor(c.ink), QColor(c.halo))


def anc_fraction(anc: float) -> float:
    """Position 0…1 of an ANC on the scale: five equal bands, linear inside each; a value on a
    bound starts the higher band (0.5 is moderate), as the classes are lower-bound inclusive."""
    band = sum(anc >= b for b in BOUNDS[1:5])
    lo, hi = BOUNDS[band], BOUNDS[band + 1]
    return min(1.0, (band + max(0.0, min(1.0, (anc - lo) / (hi - lo)))) / 5)


def gauge_reading(a: Assessment | None) -> GaugeReading | None:
    """What the gauge draws for an assessment, taken from it as it is (the window and the
    printed summary both draw this)."""
    if a is None:
        return None
    if a.severity_basis == "anc_class":
        grade = f"CTCAE grade {a.ctcae.neutrophils}"
    else:
        grade = f"WBC CTCAE grade {a.ctcae.wbc}"
    return GaugeReading(level=a.severity_level, label=a.severity_label, basis=a.severity_basis,
                        anc=a.anc, anc_text=a.anc_display, grade_text=grade)


_WBC_NOTE = "; level from the WBC grade, worse than the ANC class"


def describe(reading: GaugeReading | None) -> str:
    """The full reading in words, for screen readers and the tooltip."""
    if reading is None:
        return "No result: the inputs are incomplete or invalid."
    anc = (f"ANC {reading.anc_text} {UNIT}" if reading.anc_text
           else "ANC not given — level from WBC grade")
    text = f"{reading.label.capitalize()} (level {reading.level} of 4): {anc}, {reading.grade_text}"
    # The level is the worse of ANC class and WBC grade: when the WBC set it, the marker (the
    # ANC) sits in a milder band than the level, so say why rather than seem to disagree.
    return text + (_WBC_NOTE if reading.anc_text and reading.basis == "wbc_grade" else "")


class SeverityGauge(QWidget):
    """A horizontal ANC scale in five equal bands with a marker, glyph and words for a reading."""

    def __init__(self, parent: QWidget | None = None, *, colours: GaugeColours = COLOURS) -> None:
        super().__init__(parent)
        self._colours = colours
        self._paint = _Paint.of(colours)
        self._reading: GaugeReading | None = None
        self._layers: dict[tuple[bool, str], QPixmap] = {}  # (faded, note) → the scale
        self._layer_key: tuple[object, ...] = ()
        # Fonts and sizes, until the font or style changes (changeEvent): read on every
        # paint, and a font's key alone costs more than the arithmetic.
        self._font_cache: tuple[QFont, QFont, QFont] | None = None
        self._sizes_cache: tuple[float, float, float, float, float] | None = None
        self.setAccessibleName("Severity gauge")
        # Opaque: a new reading repaints the gauge alone. Every paint covers the widget
        # with its opaque scale layer, so there is no background to fill first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._describe()

    def set_reading(self, reading: GaugeReading | None) -> None:
        """Show ``reading``; None shows the empty scale and "No result"."""
        if reading == self._reading:
            return  # nothing changed: no repaint, no accessibility chatter
        faded = (reading is None) != (self._reading is None)
        new_note = _note(reading) != _note(self._reading)
        self._reading = reading
        self._describe()
        if faded:
            self.update()  # the scale fades or comes back: all of it
        else:
            # Only the readout and the marker's track change (and the note, if it does);
            # the bands do not.
            line, _, pad, track, bar_h = self._sizes()
            top = max(0.0, (self.height() - self._height()) / 2)
            bar_top = top + pad + 1.5 * line
            self.update(0, 0, self.width(), int(bar_top + track + 2))
            if new_note:
                self.update(0, int(bar_top + bar_h), self.width(), self.height())

    def reading(self) -> GaugeReading | None:
        """The reading shown, or None."""
        return self._reading

    def colours(self) -> GaugeColours:
        return self._colours

    def set_colours(self, colours: GaugeColours) -> None:
        """Paint with ``colours`` from now on (a theme): the cached scale is drawn anew."""
        if colours == self._colours:
            return
        self._colours = colours
        self._paint = _Paint.of(colours)
        self._layers.clear()
        self._layer_key = ()
        self.update()

    def marker_fraction(self) -> float | None:
        """Where the marker sits along the scale (0 left … 1 right), None without a reading."""
        r = self._reading
        if r is None:
            return None
        # Without an ANC the level came from the WBC grade: mark the middle of its band.
        return anc_fraction(r.anc) if r.anc is not None else (4 - r.level + 0.5) / 5

    def _describe(self) -> None:
        text = describe(self._reading)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # --- geometry, all from font metrics so it follows the font and the screen's scaling ---

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._font_cache = self._sizes_cache = None
            self._layers.clear()
            self._layer_key = ()
        super().changeEvent(event)

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        if self._font_cache is None:
            self._font_cache = self._make_fonts()
        return self._font_cache

    def _make_fonts(self) -> tuple[QFont, QFont, QFont]:
        small, bold = QFont(self.font()), QFont(self.font())
        if small.pointSizeF() > 0:
            small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
        else:
            small.setPixelSize(max(9, round(small.pixelSize() * 0.85)))
        bold.setBold(True)
        return self.font(), small, bold

    def _sizes(self) -> tuple[float, float, float, float, float]:
        """(line height, small line height, padding, marker track height, bar height)."""
        if self._sizes_cache is None:
            normal, small, _ = self._fonts()
            line, sline = QFontMetricsF(normal).height(), QFontMetricsF(small).height()
            pad, track = max(2.0, line / 4), max(8.0, sline * 0.8)
            # The bar: a track for the marker's tip, two label lines, a hatch half the
            # track high.
            self._sizes_cache = line, sline, pad, track, track + 2 * sline + track / 2 + 3
        return self._sizes_cache

    def _height(self) -> float:
        # Top pad, readout, a stem half a line long, the bar, ticks, the note line, bottom pad.
        line, _, pad, _, bar = self._sizes()
        return 2 * pad + 2.5 * line + bar + 4

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(round(self.minimumSizeHint().width() * 1.75), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        _, small, _ = self._fonts()
        sfm = QFontMetricsF(small)
        widest = max(max(sfm.horizontalAdvance(w) + sfm.height(), sfm.horizontalAdvance(b))
                     for w, b in zip(LEVEL_WORDS, BOUNDS_TEXT, strict=True))
        line, _, pad, _, _ = self._sizes()
        return QSize(round(5 * (widest + 2 * pad) + line + 2), round(self._height()))

    # --- painting ---

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        normal, small, bold = self._fonts()
        line, sline, pad, track, bar_h = self._sizes()
        top = max(0.0, (self.height() - self._height()) / 2)  # centred when given more room
        margin = pad + line / 2 + 1  # room for the glyph centred on either end of the scale
        bar = QRectF(margin, top + pad + 1.5 * line, self.width() - 2 * margin, bar_h)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # What does not follow the ANC (the bands, the axis, the note under the scale, or
        # "No result") is drawn once into a pixmap: a keystroke repaints the marker and
        # readout over it.
        r = self._reading
        p.drawPixmap(0, 0, self._scale_layer(bar, top, _note(r)))
        if r is not None:
            x = bar.left() + (self.marker_fraction() or 0.0) * bar.width()
            self._paint_reading(p, r, x, top + pad, line, bar.top() + track, (normal, bold),
                                pad)
        p.end()

    def _scale_layer(self, bar: QRectF, top: float, note: str) -> QPixmap:
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr, self.palette().cacheKey())
        if self._layer_key != key:  # a new size or palette (or font): every layer goes
            self._layers.clear()
            self._layer_key = key
        # One layer per look: faded (no result) or not, and each note (at most four).
        faded = self._reading is None
        layer = self._layers.get((faded, note))
        if layer is None:
            normal, small, bold = self._fonts()
            line, sline, pad, track, _ = self._sizes()
            layer = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            layer.setDevicePixelRatio(dpr)
            # Opaque, on the gauge's own background: painting it is a copy, not a blend.
            layer.fill(self.palette().color(self.backgroundRole()))
            q = QPainter(layer)
            q.setRenderHint(QPainter.RenderHint.Antialiasing)
            q.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self._paint_bands(q, bar, small, sline, track)
            window_text = self.palette().color(QPalette.ColorRole.WindowText)
            q.setPen(window_text)
            if faded:
                q.setFont(bold)
                q.drawText(QRectF(bar.left(), top + pad, bar.width(), line),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           "No result")
            q.setFont(small)
            axis = f"ANC, {UNIT}"
            axis_w = QFontMetricsF(small).horizontalAdvance(axis) + pad
            note_box = QRectF(bar.left(), bar.bottom() + 4, bar.width(), line)
            q.drawText(note_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       axis)
            q.setFont(normal)
            q.drawText(note_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       q.fontMetrics().elidedText(note, Qt.TextElideMode.ElideRight,
                                                  int(bar.width() - axis_w)))
            q.end()
            self._layers[(faded, note)] = layer
        return layer

    def _paint_bands(self, p: QPainter, bar: QRectF, small: QFont, sline: float,
                     track: float) -> None:
        c, qc, w = self._colours, self._paint, bar.width() / 5
        background = self.palette().color(QPalette.ColorRole.Window)
        dpr = self.devicePixelRatioF()  # hatches are laid in device pixels: keep their size
        p.setFont(small)
        for i in range(5):
            level = 4 - i  # profound on the left
            band = QRectF(bar.left() + i * w, bar.top(), w, bar.height())
            fill, ink = qc.band[level], qc.text[level]
            if self._reading is None:  # no result: a faded scale, so it cannot pass for one
                fill = faded_fill(fill, background, c)
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
                _draw_glyph(p, level, QPointF(x0 + g / 2, y + sline / 2), g, fill, ink, ink)
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

    def _paint_reading(self, p: QPainter, r: GaugeReading, x: float, y: float, line: float,
                       track_bottom: float, fonts: tuple[QFont, QFont], pad: float) -> None:
        """Glyph and readout on the top row, joined to the marker on the scale's track."""
        c, (normal, bold) = self._paint, fonts
        head = r.label.upper()
        rest = "  " + " · ".join(t for t in (f"ANC {r.anc_text} {UNIT}" if r.anc_text else "",
                                            r.grade_text) if t)
        nfm, head_w, gap = QFontMetricsF(normal), QFontMetricsF(bold).horizontalAdvance(head), 4.0
        rest = nfm.elidedText(rest, Qt.TextElideMode.ElideRight,  # only if wider than the widget
                              max(0.0, self.width() - 2 * pad - line - gap - head_w))
        block = line + gap + head_w + nfm.horizontalAdvance(rest)
        # The glyph sits over the marker with the words on the side that fits; when neither side
        # does (narrow widget), the block slides inwards and an elbow joins glyph and marker.
        options = []
        for glyph_first in (True, False):
            left = x - line / 2 if glyph_first else x + line / 2 - block
            left = min(max(left, pad), self.width() - pad - block)
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
        _draw_glyph(p, r.level, QPointF(gx, y + line / 2), line, c.band[r.level],
                    c.text[r.level], c.ink)
        start = left if glyph_last else left + line + gap
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for font, text, offset in ((bold, head, 0.0), (normal, rest, head_w)):
            p.setFont(font)
            p.drawText(QRectF(start + offset, y, block, line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


def _note(r: GaugeReading | None) -> str:
    """The line under the scale for a reading (mirrors describe())."""
    if r is None:
        return ""
    if r.anc is None:
        return "ANC not given — level from WBC grade"
    return "Level from WBC grade (worse than the ANC class)" if r.basis == "wbc_grade" else ""


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way towards ``b``."""
    return QColor.fromRgbF(*(u + (v - u) * t for u, v in
                             ((a.redF(), b.redF()), (a.greenF(), b.greenF()),
                              (a.blueF(), b.blueF()))))


def _draw_glyph(p: QPainter, level: int, centre: QPointF, size: float, fill: QColor,
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
