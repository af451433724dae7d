"""The severity gauge's colours: the Okabe–Ito set, contrast arithmetic (WCAG 2) and the
faded look of the empty scale. Themes (:mod:`leukodesk.ui.look.theme`) give their own set."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor


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
    return blend(QColor(fill), QColor(background), colours.fade)


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way towards ``b``."""
    return QColor.fromRgbF(*(u + (v - u) * t for u, v in
                             ((a.redF(), b.redF()), (a.greenF(), b.greenF()),
                              (a.blueF(), b.blueF()))))


@dataclass(frozen=True)
class GaugePaint:
    """A colour set made into QColors once (not on every paint): by level, the fill and
    its text, and the ink and halo."""

    band: tuple[QColor, ...]
    text: tuple[QColor, ...]
    ink: QColor
    halo: QColor

    @classmethod
    def of(cls, c: GaugeColours) -> GaugePaint:
        band = tuple(QColor(b) for b in c.band)
        return cls(band, tuple(text_colour(b, c) for b in band), QColor(c.ink), QColor(c.halo))
