"""The colour-coded severity gauge: the ANC scale of RULES §5 with a marker for one reading.

View data: :class:`GaugeReading` (or None), from :func:`gauge_reading` of the core's
assessment (:mod:`leukodesk.ui.panels.gauge_scale`). Each level is told apart by four means,
never colour alone: its colour (:mod:`~leukodesk.ui.panels.gauge_colours`), the shape of its
glyph, a greyscale-distinct lightness plus hatch, and its word
(:mod:`~leukodesk.ui.panels.gauge_drawing`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from leukodesk.ui.panels.gauge_colours import OKABE_ITO, GaugeColours, GaugePaint
from leukodesk.ui.panels.gauge_drawing import (
    Fonts,
    Sizes,
    paint_reading,
    paint_scale,
    paint_unplaced,
)
from leukodesk.ui.panels.gauge_scale import (
    BOUNDS_TEXT,
    LEVEL_WORDS,
    GaugeReading,
    describe,
    gauge_reading,
    marker_fraction,
    note_for,
)
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.view_model import ViewState


class SeverityGauge(QWidget):
    """A horizontal ANC scale in five equal bands with a marker, glyph and words for a reading;
    the marks (hyperleukocytosis, lymphopenia) in words on the line under it."""

    def __init__(self, parent: QWidget | None = None, *,
                 colours: GaugeColours = OKABE_ITO) -> None:
        super().__init__(parent)
        self._colours = colours
        self._paint = GaugePaint.of(colours)
        self._reading: GaugeReading | None = None
        self._layers: dict[tuple[bool, str], QPixmap] = {}  # (faded, note) → the scale
        self._layer_key: tuple[object, ...] = ()
        # Fonts and sizes, until the font or style changes (changeEvent): read on every
        # paint, and a font's key alone costs more than the arithmetic.
        self._font_cache: Fonts | None = None
        self._sizes_cache: Sizes | None = None
        self.painter = Painter(self.set_reading)
        self.setAccessibleName("Severity gauge")
        # Opaque: a new reading repaints the gauge alone. Every paint covers the widget
        # with its opaque scale layer, so there is no background to fill first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._describe()

    def show_state(self, state: ViewState) -> None:
        """Show the reading of the state's assessment (its view data)."""
        self.painter.show(gauge_reading(state.assessment, state.left_out.get("anc")))

    def set_reading(self, reading: GaugeReading | None) -> None:
        """Paint ``reading``; None shows the empty scale and "No result"."""
        self._reading = reading
        self._describe()
        self.update()  # the scale comes from its layer: the readout and marker are drawn

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
        self._paint = GaugePaint.of(colours)
        self._layers.clear()
        self._layer_key = ()
        self.update()

    def marker_fraction(self) -> float | None:
        """Where the marker sits along the scale (0 left … 1 right), None without one."""
        return None if self._reading is None else marker_fraction(self._reading)

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

    def _fonts(self) -> Fonts:
        if self._font_cache is None:
            small, bold = QFont(self.font()), QFont(self.font())
            if small.pointSizeF() > 0:
                small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
            else:
                small.setPixelSize(max(9, round(small.pixelSize() * 0.85)))
            bold.setBold(True)
            self._font_cache = Fonts(self.font(), small, bold)
        return self._font_cache

    def _sizes(self) -> Sizes:
        if self._sizes_cache is None:
            fonts = self._fonts()
            line, sline = QFontMetricsF(fonts.normal).height(), QFontMetricsF(fonts.small).height()
            pad, track = max(2.0, line / 4), max(8.0, sline * 0.8)
            self._sizes_cache = Sizes(line, sline, pad, track, track + 2 * sline + track / 2 + 3)
        return self._sizes_cache

    def _height(self) -> float:
        # Top pad, readout, a stem half a line long, the bar, ticks, the note line, bottom pad.
        s = self._sizes()
        return 2 * s.pad + 2.5 * s.line + s.bar + 4

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(round(self.minimumSizeHint().width() * 1.75), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        sfm = QFontMetricsF(self._fonts().small)
        # "no neutropenia" is cut short ("no neutrop…") only when the gauge is at its
        # narrowest: its band's bounds ("≥ 1.5") and the readout say the same in full.
        widest = max(max(sfm.horizontalAdvance(w) + sfm.height(), sfm.horizontalAdvance(b))
                     for w, b in zip(LEVEL_WORDS[1:], BOUNDS_TEXT[1:], strict=True))
        s = self._sizes()
        return QSize(round(5 * (widest + 2 * s.pad) + s.line + 2), round(self._height()))

    # --- painting ---

    def _bar(self) -> tuple[QRectF, float]:
        """The scale's bar and the top of the drawing (centred when given more room)."""
        s = self._sizes()
        top = max(0.0, (self.height() - self._height()) / 2)
        margin = s.pad + s.line / 2 + 1  # room for the glyph centred on either end
        return QRectF(margin, top + s.pad + 1.5 * s.line, self.width() - 2 * margin, s.bar), top

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        bar, top = self._bar()
        s = self._sizes()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # What does not follow the ANC (the bands, the axis, the note under the scale, or
        # "No result") is drawn once into a pixmap: a keystroke repaints the marker and
        # readout over it.
        r = self._reading
        p.drawPixmap(0, 0, self._scale_layer(bar, top, note_for(r)))
        fraction = None if r is None else marker_fraction(r)
        if r is not None and fraction is None:
            paint_unplaced(p, r, top + s.pad, self.width(), self._fonts(), s,
                           self.palette().color(QPalette.ColorRole.WindowText))
        elif r is not None and fraction is not None:
            x = bar.left() + fraction * bar.width()
            paint_reading(p, r, x, top + s.pad, bar.top() + s.track, self.width(),
                          self._fonts(), s, self._paint,
                          self.palette().color(QPalette.ColorRole.WindowText))
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
            layer = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            layer.setDevicePixelRatio(dpr)
            # Opaque, on the gauge's own background: painting it is a copy, not a blend.
            layer.fill(self.palette().color(self.backgroundRole()))
            q = QPainter(layer)
            q.setRenderHint(QPainter.RenderHint.Antialiasing)
            q.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            palette = self.palette()
            paint_scale(q, bar, top, note, faded, self._fonts(), self._sizes(), self._colours,
                        self._paint, palette.color(QPalette.ColorRole.WindowText),
                        palette.color(QPalette.ColorRole.Window), dpr)
            q.end()
            self._layers[(faded, note)] = layer
        return layer
