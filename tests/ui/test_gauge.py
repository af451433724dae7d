"""The severity gauge draws what the core decided, and tells every level apart without colour."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QImage, QPaintEvent

from leukodesk.core import assess
from leukodesk.core.rules import thresholds as rules
from leukodesk.ui.panels.gauge import SeverityGauge
from leukodesk.ui.panels.gauge_colours import COLOURS, text_colour
from leukodesk.ui.panels.gauge_scale import (
    LEVEL_WORDS,
    SHAPES,
    WBC_GRADE_WORDS,
    GaugeReading,
    gauge_reading,
)

CUTS = [t.value for t in (rules.ANC_SEVERE_FROM, rules.ANC_MODERATE_FROM, rules.ANC_MILD_FROM,
                          rules.ANC_NORMAL_FROM)]
SWEEP = ["0", "0.05", "0.099", "0.1", "0.3", "0.499", "0.5", "0.75", "0.999", "1.0", "1.2",
         "1.499", "1.5", "2.0", "3.0", "5.0"]
BY_LEVEL = {0: "2.4", 1: "1.2", 2: "0.5", 3: "0.495", 4: "0.05"}


def reading_for(anc: str, lln: str = "2.0") -> GaugeReading:
    """The reading for an ANC alone (WBC 10), from the core's assessment as it is."""
    return gauge_reading(assess({"wbc": "10", "anc": anc, "lln": {"anc": lln}}))


# A WBC alone whose bound puts the ANC in each level's class or worse (RULES §5).
WBC_BY_LEVEL = {1: "1.2", 2: "0.7", 3: "0.3", 4: "0.05"}


def wbc_reading(level: int) -> GaugeReading:
    return gauge_reading(assess({"wbc": WBC_BY_LEVEL[level]}))


@pytest.fixture
def gauge(qtbot) -> SeverityGauge:
    widget = SeverityGauge()
    qtbot.addWidget(widget)
    widget.resize(640, 120)
    return widget


def image_of(gauge: SeverityGauge) -> QImage:
    return gauge.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def colours_in(image: QImage, rows: range) -> set[int]:
    return {image.pixel(x, y) & 0xFFFFFF for y in rows for x in range(0, image.width(), 2)}


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance, written out here independently of the widget's own."""
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("level", range(5), ids=[f"level{n}" for n in range(5)])
def test_every_level_renders_with_its_colour_over_the_scale(gauge, level):
    gauge.resize(gauge.sizeHint())
    gauge.set_reading(reading_for(BY_LEVEL[level]))
    assert gauge.reading().level == level  # the table above really spans the five levels
    image = image_of(gauge)
    assert len(colours_in(image, range(image.height()))) > 20  # not a blank, uniform grab
    # The glyph above the scale is filled with the level's colour (and no other band's).
    top_row = colours_in(image, range(int(image.height() * 0.3)))
    band_rgb = [int(c.lstrip("#"), 16) for c in COLOURS.band]
    assert [rgb in top_row for rgb in band_rgb] == [n == level for n in range(5)]


def test_levels_and_the_empty_state_all_look_different(gauge):
    images = []
    for reading in [*(reading_for(BY_LEVEL[n]) for n in range(5)), wbc_reading(4), None]:
        gauge.set_reading(reading)
        images.append(image_of(gauge))
    for a, b in itertools.combinations(images, 2):
        assert a != b


def test_marker_never_moves_left_as_the_anc_rises(gauge):
    fractions = []
    for anc in SWEEP:
        gauge.set_reading(reading_for(anc))
        fractions.append(gauge.marker_fraction())
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0  # capped at the right end
    assert all(0.0 <= f <= 1.0 for f in fractions)


@pytest.mark.parametrize("anc", SWEEP)
def test_marker_sits_in_the_band_of_the_cores_class(gauge, anc):
    gauge.set_reading(reading_for(anc))
    band = min(4, int(gauge.marker_fraction() * 5))  # 0 profound … 4 normal, left to right
    assert 4 - band == gauge.reading().level  # 0.5 is moderate: a bound starts the higher band


@pytest.mark.parametrize(("anc", "k"), [("0", 0), ("0.1", 1), ("0.5", 2), ("1.0", 3), ("1.5", 4),
                                        ("3.0", 5), ("5.0", 5)])
def test_band_bounds_land_exactly_on_fifths(gauge, anc, k):
    gauge.set_reading(reading_for(anc))
    assert gauge.marker_fraction() == k / 5


def test_no_result_shows_the_empty_scale_and_says_so(gauge):
    gauge.set_reading(reading_for("0.3"))
    gauge.set_reading(None)
    assert gauge.reading() is None
    assert gauge.marker_fraction() is None
    assert "No result" in gauge.accessibleDescription()
    assert "No result" in gauge.toolTip()


@pytest.mark.parametrize("level", range(5))
def test_without_an_anc_the_marker_is_at_the_centre_of_the_levels_band(gauge, level):
    if level == 0:  # a WBC bound never settles "no neutropenia": nothing is measured
        gauge.set_reading(gauge_reading(assess({"wbc": "3"})))
        assert gauge.marker_fraction() is None
        assert "ANC not measured" in gauge.accessibleDescription()
        return
    gauge.set_reading(wbc_reading(level))
    assert gauge.marker_fraction() == pytest.approx((4 - level + 0.5) / 5)
    assert "or worse" in gauge.accessibleDescription()
    assert "ANC not measured: at most the WBC" in gauge.accessibleDescription()


def test_description_names_the_level_and_repeats_the_anc_text_verbatim(gauge):
    reading = reading_for("0.495")
    assert "ANC 0.495 " in reading.detail  # the core never rounds it to a misleading 0.50
    gauge.set_reading(reading)
    assert gauge.accessibleName() == "Severity gauge"
    assert gauge.accessibleDescription() == (
        "Neutrophils: severe (level 3 of 4): ANC 0.495 ×10⁹/L · CTCAE grade 4")
    assert gauge.toolTip() == gauge.accessibleDescription()
    for anc in SWEEP:
        reading = reading_for(anc)
        gauge.set_reading(reading)
        assert reading.label in gauge.accessibleDescription()
        assert "life-threatening" not in gauge.accessibleDescription()
        assert f"ANC {assess({'wbc': '10', 'anc': anc}).anc_display} ×10⁹/L" in \
            gauge.accessibleDescription()


def test_the_wbc_grade_no_longer_moves_the_gauge(gauge):
    # 2026.1 put "severe" (WBC grade 3) beside an ANC class of "moderate" (RULES §5).
    reading = gauge_reading(assess({"wbc": "1.2", "anc": "0.6"}))
    assert (reading.level, reading.label, reading.basis) == (2, "moderate", "anc_class")
    gauge.set_reading(reading)
    assert gauge.marker_fraction() == pytest.approx((2 + 0.1 / 0.5) / 5)  # the ANC's own place


def test_marks_are_shown_in_words_whatever_the_level(gauge):
    reading = gauge_reading(assess({"wbc": "150", "anc": "3", "lymphocytes": "0.1"}))
    assert reading.marks == ("WBC above 100 — hyperleukocytosis", "lymphocytes CTCAE grade 3/4")
    gauge.set_reading(reading)
    assert "Mark: WBC above 100 — hyperleukocytosis" in gauge.accessibleDescription()
    assert "Mark: lymphocytes CTCAE grade 3/4" in gauge.accessibleDescription()


def test_readings_that_do_not_fit_together_fail_loudly():
    with pytest.raises(ValueError):
        GaugeReading(3, "anc_class", None, "severe", "")
    with pytest.raises(ValueError):
        GaugeReading(None, "wbc_bound", None, "ANC not measured", "")


class CountingGauge(SeverityGauge):
    paints = 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        self.paints += 1
        super().paintEvent(event)


def test_an_equal_reading_does_not_repaint(qtbot, monkeypatch):
    gauge = CountingGauge()
    qtbot.addWidget(gauge)
    gauge.show()
    qtbot.waitExposed(gauge)
    gauge.painter.show(reading_for("0.495"))
    qtbot.waitUntil(lambda: gauge.paints > 0)
    painted = gauge.paints
    updates = []
    monkeypatch.setattr(gauge, "update", lambda *_: updates.append(1))
    gauge.painter.show(reading_for("0.495"))  # equal, built afresh
    qtbot.wait(50)
    assert updates == [] and gauge.paints == painted
    gauge.painter.show(reading_for("0.5"))
    assert updates == [1]  # a new reading repaints the gauge
    updates.clear()
    r = reading_for("0.5")
    gauge.painter.show(dataclasses.replace(r, marks=("lymphocytes CTCAE grade 3/4",)))
    assert updates == [1]  # so does a reading that differs in its marks alone


def test_bands_stay_apart_in_greyscale_and_their_text_is_readable():
    lum = [luminance(c) for c in COLOURS.band]
    for a, b in itertools.combinations(range(5), 2):
        assert abs(lum[a] - lum[b]) >= 0.05, (a, b)
    assert len(set(COLOURS.pattern)) == 5  # a hatch per band as well
    assert len(set(SHAPES)) == 5
    for fill in COLOURS.band:
        assert contrast(fill, text_colour(fill).name()) >= 4.5, fill


def test_inconsistent_readings_are_refused():
    with pytest.raises(ValueError):
        GaugeReading(5, "worse", "anc_class", 0.01, "0.010", "CTCAE grade 4")
    with pytest.raises(ValueError):
        GaugeReading(3, "severe", "anc_class", None, None, "CTCAE grade 3")


def test_size_follows_the_font(gauge):
    hint, minimum = gauge.sizeHint(), gauge.minimumSizeHint()
    assert 450 <= hint.width() <= 750 and hint.height() <= 110  # about 600×110 at default font
    assert minimum.width() <= 400
    big = QFont(gauge.font())
    big.setPointSizeF(big.pointSizeF() * 2)
    gauge.setFont(big)
    assert gauge.sizeHint().height() > hint.height() * 1.6
    assert gauge.minimumSizeHint().width() > minimum.width() * 1.6


def test_screenshots_of_each_state_at_both_sizes(gauge, tmp_path: Path):
    for name, reading in [*((f"level{n}", reading_for(BY_LEVEL[n])) for n in (0, 2, 3, 4)),
                          ("none", None)]:
        gauge.set_reading(reading)
        for width, height in ((640, 120), (400, 110)):
            gauge.resize(width, height)
            path = tmp_path / f"{name}_{width}x{height}.png"
            assert gauge.grab().save(str(path))
            assert QImage(str(path)).size() == gauge.size()


def test_the_gauge_words_are_the_notes_words():
    from leukodesk.core.formats import words  # the engine's words, loaded for this test

    assert words.LEVEL_WORDS is LEVEL_WORDS and words.WBC_GRADE_WORDS is WBC_GRADE_WORDS
