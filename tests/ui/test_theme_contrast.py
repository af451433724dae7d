"""Every theme's text is readable: WCAG contrast of the colour pairs the themes declare
(resources/themes.json), at least AA (4.5:1) in every theme and AAA (7:1) in high
contrast, for the stylesheet's texts and for the gauge's labels on each band. The pairs
are read from the theme data and the stylesheet template, not restated here."""

from __future__ import annotations

import itertools
import re

import pytest

from leukodesk.ui.look import theme
from leukodesk.ui.panels.gauge_colours import (
    contrast_ratio,
    faded_fill,
    relative_luminance,
    text_colour,
)

THEMES = theme.theme_names()
AAA, AA = 7.0, 4.5


def needed(name: str) -> float:
    return AAA if name == theme.HIGH_CONTRAST else AA


def rules() -> list[tuple[str, dict[str, str]]]:
    """The template's rules: (selector, {property: token}) for properties set to a token."""
    text = re.sub(r"/\*.*?\*/", "", theme.template(), flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        props = dict(re.findall(r"(?:^|;)\s*([a-z-]+)\s*:\s*[^;@]*@([a-z_]+)", body))
        found.append((" ".join(selector.split()), props))
    return found


def test_the_contrast_formula_is_wcags():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_light_dark_and_high_contrast_exist_and_share_one_set_of_tokens():
    assert {"light", "dark", "high_contrast"} <= set(THEMES)
    assert theme.DEFAULT_THEME in THEMES
    tokens = {name: set(t.colours) for name, t in theme.themes().items()}
    first = tokens[THEMES[0]]
    assert all(t == first for t in tokens.values())
    sized = {"font_small", "font_large", "stamp", "indicator", "indicator_inner",
             "indicator_radius"}
    assert theme.template_tokens() - sized <= first
    for pair in (*theme.text_pairs(), *theme.ui_pairs()):
        assert {pair.text, pair.on} <= first, pair


def test_the_declared_pairs_cover_every_text_colour_of_the_stylesheet():
    declared = {(p.text, p.on) for p in theme.text_pairs()}
    texts = {p.text for p in theme.text_pairs()}
    seen = 0
    for selector, props in rules():
        colour = props.get("color")
        if colour is None:
            continue
        seen += 1
        assert colour in texts, selector  # drawn on some declared background
        background = props.get("background")
        if background is not None:
            assert (colour, background) in declared, selector
    assert seen >= 5


@pytest.mark.parametrize("name", THEMES)
def test_every_text_pair_meets_the_themes_contrast(name):
    t = theme.themes()[name]
    failing = []
    for pair in theme.text_pairs():
        ratio = contrast_ratio(t.colours[pair.text], t.colours[pair.on])
        if ratio < needed(name):
            failing.append(f"{pair.text} on {pair.on} ({pair.where}): {ratio:.2f}")
    assert not failing, failing


@pytest.mark.parametrize("name", THEMES)
def test_outlines_and_marks_of_controls_stand_out(name):
    """WCAG 1.4.11: a field's outline, the focus, a refused field, a scroll bar's handle,
    the tone bars and the borders of menus, popups and tooltips at least 3:1 against what
    is beside them; in high contrast, 7:1 (the theme's promise, for marks as for text)."""
    t = theme.themes()[name]
    pairs = theme.ui_pairs()
    assert len(pairs) >= 5
    least = AAA if name == theme.HIGH_CONTRAST else 3.0
    failing = [f"{p.text} on {p.on} ({p.where})" for p in pairs
               if contrast_ratio(t.colours[p.text], t.colours[p.on]) < least]
    assert not failing, failing


def test_menus_popups_and_tooltips_are_bordered_in_the_border_colour():
    """Issue 19: in high contrast the menus melted into the window. Each popup has a
    border in @menu_border, and that border is declared against the window and against
    its own background (so the pairs above hold it to its contrast)."""
    found = {selector: body for selector, body in rules()}
    for selector in ("QMenu", "QComboBox QAbstractItemView", "QToolTip"):
        assert found.get(selector, {}).get("border") == "menu_border", selector
    declared = {(p.text, p.on) for p in theme.ui_pairs()}
    assert {("menu_border", "window"), ("menu_border", "base"),
            ("menu_border", "tooltip_base")} <= declared


def test_headings_differ_from_body_text_by_weight_not_colour_alone():
    """Group titles are bold in every theme, in a heading colour held to the theme's
    contrast (the fields inside keep their weight: tests/ui/test_glossary.py); pitfall
    titles are bold and a size up, with or without a result."""
    from leukodesk.ui.panels.sidebars import PitfallRow, pitfalls_html

    text = re.sub(r"/\*.*?\*/", "", theme.template(), flags=re.S)
    group = re.search(r"(?m)^QGroupBox\s*\{([^}]*)\}", text).group(1)
    assert re.search(r"font-weight:\s*bold", group) and "@heading" in group
    assert {("heading", "window"), ("heading", "base")} <= {(p.text, p.on)
                                                           for p in theme.text_pairs()}
    html = pitfalls_html((PitfallRow("a", "Title A", "Body A", False),
                          PitfallRow("b", "Title B", "Body B", True)))
    assert "<b><big>Title A</big></b>" in html and "Applies: Title B</big></b>" in html
    assert "<b>" not in html.split("<br>")[1].split("</p>")[0]  # the body stays body text


@pytest.mark.parametrize("name", THEMES)
def test_gauge_labels_are_readable_on_every_band_and_on_the_window(name):
    """The words and bounds on each band (with a result, and faded without one), and the
    readout and notes on the gauge's background (the window colour)."""
    t, colours = theme.themes()[name], theme.gauge_colours(name)
    window = t.colours["window"]
    failing = []
    for level, fill in enumerate(colours.band):
        for state, shown in (("", fill), ("faded ", faded_fill(fill, window, colours))):
            ratio = contrast_ratio(shown, text_colour(shown, colours))
            if ratio < needed(name):
                failing.append(f"{state}band {level} {fill}: {ratio:.2f}")
    readout = contrast_ratio(t.colours["text"], window)
    assert readout >= needed(name)
    assert not failing, failing


@pytest.mark.parametrize("name", THEMES)
def test_gauge_bands_stay_apart_without_colour(name):
    """Told apart in greyscale (and so by colour-blind readers), beside hatch and glyph."""
    colours = theme.gauge_colours(name)
    lum = [relative_luminance(c) for c in colours.band]
    for a, b in itertools.combinations(range(5), 2):
        assert abs(lum[a] - lum[b]) >= 0.05, (name, a, b)
    assert len(set(colours.pattern)) == 5
    # The marker's ink shows against the background it crosses.
    window = theme.themes()[name].colours["window"]
    assert max(contrast_ratio(colours.ink, window), contrast_ratio(colours.halo, window)) >= 3


@pytest.mark.parametrize("name", THEMES)
def test_each_theme_renders_a_whole_stylesheet(name):
    sheet = theme.stylesheet(theme.themes()[name], 8.1)
    assert "@" not in sheet and "8.1pt" in sheet
    for token, value in theme.themes()[name].colours.items():
        if token in theme.template_tokens():
            assert value in sheet, token
