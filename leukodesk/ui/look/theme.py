"""Themes and zoom bounds: what the window looks like, as data.

The themes live in ``resources/themes.json`` (name → colour token → colour), the one
stylesheet in ``resources/style.qss`` is a template naming those tokens as ``@token``.
This module reads both (once, a few kilobytes), renders the stylesheet for a theme and a
font size, and builds the Qt colour objects the painted widgets use (the palette, the
fence tones, the gauge colours), each once per theme. It imports no clinical code and no
pydantic: the window applies its theme before its first paint.

:mod:`leukodesk.ui.look.appearance` applies a theme and a zoom to the running window.
"""

from __future__ import annotations

import json
import logging
import re
from functools import cache
from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette

from leukodesk.resources import read_text
from leukodesk.ui.panels.gauge import OKABE_ITO, GaugeColours
from leukodesk.ui.panels.trend_style import TrendColours

log = logging.getLogger(__name__)

THEMES_FILE = "themes.json"
TEMPLATE_FILE = "style.qss"
DEFAULT_THEME = "light"  # when the user has chosen none, or the stored one is unknown
HIGH_CONTRAST = "high_contrast"  # presentation mode's theme
# Zoom: 1.0 is the platform's font size. The steps of Ctrl+plus / Ctrl+minus (10–25 %
# apart, as browsers step) and the bounds a stored zoom must keep to.
ZOOM_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
ZOOM_MIN, ZOOM_MAX = ZOOM_STEPS[0], ZOOM_STEPS[-1]
SMALL_TEXT = 0.9  # @font_small: sources and workings, relative to the body text
LARGE_TEXT = 1.2  # @font_large: the dose's line of what to give (RULES §10: large)
# The gauge's band tokens by level (0 normal … 4 profound).
GAUGE_BANDS = ("gauge_normal", "gauge_mild", "gauge_moderate", "gauge_severe",
               "gauge_profound")
_TOKEN = re.compile(r"@([a-z_]+)")


class ThemeError(ValueError):
    """themes.json is missing a theme, a token or a well-formed colour."""


class Theme(NamedTuple):
    """One theme: its name, the words the View menu shows, and its colour tokens."""

    name: str
    label: str
    colours: dict[str, str]
    gauge_fade: float

    def colour(self, token: str) -> QColor:
        """The theme's colour for ``token`` (made once per theme and token)."""
        return _qcolour(self.name, token)


class TextPair(NamedTuple):
    """A text colour token drawn on a background token, and where that happens."""

    text: str
    on: str
    where: str


@cache
def _data() -> dict:
    raw = read_text(THEMES_FILE)
    if not raw:
        log.warning("%s is missing: the window is drawn in the platform's colours",
                    THEMES_FILE)
        return {"themes": {}, "text_pairs": []}
    return json.loads(raw)


@cache
def themes() -> dict[str, Theme]:
    """Every theme, by name, in the order of themes.json."""
    found = {}
    for name, entry in _data()["themes"].items():
        colours = dict(entry["colours"])
        for token, value in colours.items():
            if not QColor.isValidColorName(value):
                raise ThemeError(f"theme {name}: {token} = {value!r} is not a colour")
        found[name] = Theme(name, entry["label"], colours, float(entry["gauge_fade"]))
    return found


def theme_names() -> tuple[str, ...]:
    return tuple(themes())


def text_pairs() -> tuple[TextPair, ...]:
    """Which text colour is drawn on which background, as themes.json declares."""
    return tuple(TextPair(p["text"], p["on"], p["where"]) for p in _data()["text_pairs"])


def ui_pairs() -> tuple[TextPair, ...]:
    """Outlines and marks that show a control or a state, on their backgrounds (WCAG
    non-text contrast), as themes.json declares."""
    return tuple(TextPair(p["mark"], p["on"], p["where"]) for p in _data().get("ui_pairs", []))


@cache
def _qcolour(theme: str, token: str) -> QColor:
    return QColor(themes()[theme].colours[token])


@cache
def template() -> str:
    return read_text(TEMPLATE_FILE)


def template_tokens() -> set[str]:
    """The tokens the stylesheet template uses."""
    return set(_TOKEN.findall(template()))


def stylesheet(theme: Theme, font_small_pt: float, stamp: str = "",
               indicator_px: int = 13) -> str:
    """The template filled in for ``theme``; ``font_small_pt`` sizes the small text and
    ``indicator_px`` the check boxes. ``stamp`` (written into a comment) makes each theme
    and zoom a different sheet."""
    body = font_small_pt / SMALL_TEXT
    values = {**theme.colours, "font_small": f"{round(font_small_pt, 4):g}pt",
              "font_large": f"{round(body * LARGE_TEXT, 4):g}pt",
              "indicator": f"{indicator_px}px",
              "indicator_inner": f"{max(1, indicator_px - 4)}px",  # less a 2px padding
              "indicator_radius": f"{(indicator_px + 4) // 2}px",
              "stamp": stamp or theme.name}

    def fill(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise ThemeError(f"style.qss names @{match.group(1)}, which theme "
                             f"{theme.name} does not define") from None
    return _TOKEN.sub(fill, template())


@cache
def palette(name: str) -> QPalette:
    """The application palette of a theme, so that widgets the stylesheet does not name
    (menus, drop-downs, the pitfalls view, the painted gauge and status line) follow it."""
    t = themes()[name]
    c = t.colour
    pal = QPalette(c("button"), c("window"))  # derives the bevel shades from these two
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, token in ((role.Window, "window"), (role.WindowText, "text"),
                     (role.Base, "base"), (role.AlternateBase, "window"),
                     (role.Text, "text"), (role.Button, "button"),
                     (role.ButtonText, "text"), (role.BrightText, "text"),
                     (role.Highlight, "highlight"), (role.HighlightedText, "highlight_text"),
                     (role.ToolTipBase, "tooltip_base"), (role.ToolTipText, "tooltip_text"),
                     (role.PlaceholderText, "placeholder"), (role.Link, "link"),
                     (role.LinkVisited, "link")):
        pal.setColor(r, c(token))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, c("disabled_text"))
    return pal


@cache
def tones(name: str) -> dict[str, tuple[QColor | None, QColor]]:
    """The fence tones of a theme: tone → (background or None, left bar)."""
    c = themes()[name].colour
    warning = (c("tone_warning_base"), c("tone_warning_bar"))
    return {"ok": (None, c("tone_ok_bar")), "warning": warning, "urgent": warning}


@cache
def gauge_colours(name: str) -> GaugeColours:
    """The gauge's colours in a theme (its hatches stay those of every theme)."""
    t = themes()[name]
    return GaugeColours(band=tuple(t.colours[k] for k in GAUGE_BANDS),
                        pattern=OKABE_ITO.pattern, dark_text=t.colours["gauge_dark_text"],
                        light_text=t.colours["gauge_light_text"], ink=t.colours["gauge_ink"],
                        halo=t.colours["gauge_halo"], fade=t.gauge_fade)


@cache
def trend_colours(name: str) -> TrendColours:
    """The trend plot's colours in a theme: its plot_* tokens, on the theme's base."""
    c = themes()[name].colours
    return TrendColours(text=c["text"], muted=c["muted_text"], base=c["base"],
                        border=c["border"], grid=c["plot_grid"], anc=c["plot_anc"],
                        wbc=c["plot_wbc"], platelets=c["plot_platelets"],
                        threshold=c["plot_threshold"], lln=c["plot_lln"])


def clamp_zoom(zoom: float) -> float:
    return min(ZOOM_MAX, max(ZOOM_MIN, zoom))


def zoom_in(zoom: float) -> float:
    """The next step up from ``zoom`` (a zoom between steps goes to the step above)."""
    return next((s for s in ZOOM_STEPS if s > zoom + 1e-9), ZOOM_MAX)


def zoom_out(zoom: float) -> float:
    return next((s for s in reversed(ZOOM_STEPS) if s < zoom - 1e-9), ZOOM_MIN)
