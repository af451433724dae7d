"""The trend plot and the Trend tab (RULES §13; issue 17 "The plot", "The trend in words").

- The plot's view data from an assessment: the nadir's label, the lines at the severe and
  escalation edges and the ANC's LLN with their words (merged where they meet), the
  points, the current point, the log scale holding 0.08 and 12 and an ANC of 0 on its
  floor, the platelet panel only with platelet counts.
- The date ticks: hours, days, weeks, months.
- The widget paints in every theme (not blank; the theme's ANC colour on it); the same
  drawing function paints into an image, as the PDF does.
- The window: a state with a history (the window's render path) brings the Trend tab
  forward, once per patient (a fever keeps the FN risk section in front); the plot's
  labelled nadir and the lines in words are the core's for the same inputs; Alt+T reaches
  the tab; without a history the tab says how to add earlier counts; Reset takes the trend
  away; the theme reaches the plot.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from leukodesk.core import assess
from leukodesk.core.formats.trend_lines import trend_lines
from leukodesk.core.rules import thresholds as rules
from leukodesk.ui import fence
from leukodesk.ui.look import theme
from leukodesk.ui.look.appearance import platform_font
from leukodesk.ui.panels.trend_panel import HOW_TO
from leukodesk.ui.panels.trend_plot import PAPER, TrendPlot, date_ticks, draw_trend, trend_style
from leukodesk.ui.panels.trend_view import trend_plot_view
from leukodesk.ui.view_model import ViewState

ISSUE: dict[str, Any] = {
    "wbc": 2, "anc": 0.4, "counts_time": "2026-03-20", "last_chemo_at": "2026-03-01",
    "history": [{"time": "2026-03-05", "wbc": 4, "anc": 2.5},
                {"time": "2026-03-10", "wbc": 1.2, "anc": 0.3},
                {"time": "2026-03-14", "wbc": 0.8, "anc": 0.08},
                {"time": "2026-03-17", "wbc": 1.5, "anc": 0.6}]}


def with_platelets() -> dict[str, Any]:
    doc = copy.deepcopy(ISSUE)
    for row, plt in zip(doc["history"], (210, 45, 8, 30), strict=True):
        row["platelets"] = plt
    doc["platelets"] = 60
    return doc


# --- view data ---------------------------------------------------------------------------
def test_the_view_data_of_the_issues_example() -> None:
    a = assess(ISSUE)
    view = trend_plot_view(a)
    assert view is not None
    assert view.nadir_label == "nadir 0.080 on 14 Mar"
    assert view.nadir is not None and (view.nadir.time, view.nadir.anc) == (
        a.trend.nadir_time, a.trend.nadir_anc)
    assert [(p.time, p.anc, p.wbc) for p in view.points] == [
        (p.time, p.anc, p.wbc) for p in a.trend_points]
    assert len(view.points) == 5 and [p.current for p in view.points] == [False] * 4 + [True]
    assert view.current.anc == a.anc == 0.4 and view.current_label == "now 0.400"
    assert [p.x for p in view.points] == [0, 5, 9, 12, 15] and view.span == 15
    assert [(x.value, x.label, x.kind) for x in view.lines] == [
        (0.5, "0.5 — severe below", "threshold"),
        (1.0, "1.0 — falling below: escalate", "threshold"),
        (2.0, "LLN 2.0", "lln")]
    assert view.lines[0].value == float(rules.TREND_SEVERE_BELOW.value)
    assert view.lines[1].value == float(rules.TREND_ESCALATE_ANC_BELOW.value)
    assert view.lines[2].value == a.effective_lln.anc
    assert view.platelets is None and view.platelet_lines == ()
    assert "nadir 0.080 on 14 Mar" in view.description and "5 counts" in view.description


def test_no_history_no_plot() -> None:
    assert trend_plot_view(assess({"wbc": 2, "anc": 0.4})) is None
    assert trend_plot_view(None) is None


def test_lines_that_meet_share_one_label() -> None:
    doc = {**ISSUE, "lln": {"anc": 1.0}}
    view = trend_plot_view(assess(doc))
    assert [(x.value, x.label) for x in view.lines] == [
        (0.5, "0.5 — severe below"), (1.0, "1.0 — falling below: escalate · LLN 1.0")]


def test_the_log_scale_holds_0_08_and_12_and_puts_0_on_its_floor() -> None:
    doc = copy.deepcopy(ISSUE)
    doc["history"][0].update(wbc=14, anc=12)
    axis = trend_plot_view(assess(doc)).counts
    assert axis.low <= 0.08 and axis.high >= 14 and not axis.clipped
    # The floor, a step under the lowest count, says what a point on it means.
    assert axis.ticks[0] == (0.05, "≤ 0.05") and axis.ticks[-1] == (20.0, "20")
    doc["history"][2]["anc"] = 0
    axis = trend_plot_view(assess(doc)).counts
    # A step under every other count (here under 0.3 and the 0.2 the floor keeps to).
    assert axis.clipped and axis.low == 0.1 and axis.ticks[0] == (0.1, "≤ 0.1")
    # An ANC of 0 typed as the current count moves neither bound.
    doc["history"][2]["anc"] = 0.08
    before = trend_plot_view(assess(doc)).counts
    assert trend_plot_view(assess({**doc, "anc": 0})).counts.low == before.low


def test_the_platelet_panel_comes_with_platelet_counts() -> None:
    view = trend_plot_view(assess(with_platelets()))
    assert view.platelets is not None
    assert [p.platelets for p in view.points] == [210, 45, 8, 30, 60]
    assert view.platelets.low <= 8 and view.platelets.high >= 210
    assert [(x.value, x.label) for x in view.platelet_lines] == [(150.0, "LLN 150")]


def test_a_row_without_an_anc_stays_on_the_plot() -> None:
    doc = copy.deepcopy(ISSUE)
    del doc["history"][1]["anc"]
    view = trend_plot_view(assess(doc))
    assert len(view.points) == 5 and view.points[1].anc is None and view.points[1].wbc == 1.2


# --- the time axis -------------------------------------------------------------------------
@pytest.mark.parametrize(("span", "most", "labels"), [
    (15, 9, ["5 Mar", "7 Mar", "9 Mar", "11 Mar", "13 Mar", "15 Mar", "17 Mar", "19 Mar"]),
    (15, 8, ["5 Mar", "8 Mar", "11 Mar", "14 Mar", "17 Mar", "20 Mar"]),
    (15, 4, ["5 Mar", "12 Mar", "19 Mar"]),
    (120, 6, ["Apr 2026", "May", "Jun", "Jul"]),
    (1, 5, ["5 Mar 00:00", "06:00", "12:00", "18:00", "6 Mar 00:00"]),
], ids=["2-days", "3-days", "weeks", "months", "hours"])
def test_date_ticks(span: float, most: int, labels: list[str]) -> None:
    ticks = date_ticks("2026-03-05", span, most)
    assert [label for _, label in ticks] == labels
    assert all(0 <= x <= span for x, _ in ticks) and len(ticks) <= most


def test_date_ticks_across_a_new_year_name_the_years() -> None:
    labels = [label for _, label in date_ticks("2025-12-28", 8, 5)]
    assert labels == ["28 Dec 2025", "30 Dec", "1 Jan 2026", "3 Jan", "5 Jan"]


# --- painting ------------------------------------------------------------------------------
def colours_in(image: QImage) -> set[int]:
    step = max(1, image.width() // 200)
    return {image.pixel(x, y) for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)}


def every_colour(image: QImage) -> set[int]:
    return {image.pixel(x, y) for y in range(image.height()) for x in range(image.width())}


@pytest.mark.parametrize("name", theme.theme_names())
def test_the_plot_paints_in_every_theme(qtbot, name: str) -> None:
    plot = TrendPlot()
    qtbot.addWidget(plot)
    plot.resize(640, 320)
    plot.set_colours(theme.trend_colours(name))
    plot.painter.show(trend_plot_view(assess(with_platelets())))
    image = plot.grab().toImage()
    seen = every_colour(image)
    assert len(seen) > 20, "blank"
    c = theme.trend_colours(name)
    for token in (c.anc, c.platelets, c.base):
        assert QColor(token).rgb() in seen, token
    assert plot.accessibleDescription().startswith("Trend plot of 5 counts")


def test_the_drawing_paints_on_paper_too(qtbot) -> None:
    """What the PDF does: draw_trend on any QPainter, here an image's, in paper colours."""
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    p = QPainter(image)
    draw_trend(p, QRectF(20, 20, 760, 360), trend_plot_view(assess(ISSUE)),
               trend_style(PAPER, QFont("DejaVu Sans", 9)))
    p.end()
    seen = every_colour(image)
    assert QColor(PAPER.anc).rgb() in seen and QColor(PAPER.threshold).rgb() in seen


def test_an_empty_plot_paints_its_background(qtbot) -> None:
    plot = TrendPlot()
    qtbot.addWidget(plot)
    plot.resize(200, 100)
    plot.painter.show(None)
    assert colours_in(plot.grab().toImage()) == {QColor(PAPER.base).rgb()}


# --- the window ----------------------------------------------------------------------------
def tab(window) -> str:
    tabs = window.bottom_tabs
    return tabs.tabText(tabs.currentIndex())


def show(window, doc: dict[str, Any]) -> None:
    """The window's one render path with the core's assessment of ``doc``, as the view
    model emits it."""
    state = window.vm.state
    window.show_state(ViewState(state.revision + 1, assess(doc), None, {}, dict(doc)))


def test_a_history_brings_the_trend_forward_with_the_cores_words(window) -> None:
    trend = window.trend
    window.vm.set_text("wbc", "2")
    assert tab(window) == "P&itfalls" and trend.message.text() == HOW_TO
    show(window, ISSUE)
    assert tab(window) == "&Trend"
    a = assess(ISSUE)
    view = trend.plot.view()
    assert view is not None and view.nadir_label == "nadir 0.080 on 14 Mar"
    assert view.nadir.anc == a.trend.nadir_anc and view.nadir.time == a.trend.nadir_time
    assert trend.shown_lines() == trend_lines(a)
    assert trend.shown_lines()[1].startswith("Nadir since the last chemotherapy (1 Mar "
                                            "2026): ANC 0.080 ×10⁹/L on 14 Mar 2026")
    assert trend.shown_lines()[0].startswith("ANC falling (−33.3 %)")
    strong = [f.child.property("kind") == "urgent" for f in trend.lines[:6]]
    assert strong == [True, False, False, False, False, False]  # a fall below 1.0: bold
    assert trend.plot.isVisible() and not trend.message.isVisible()
    # Another current ANC: the words and the plot follow, equal to the core's.
    show(window, {**ISSUE, "anc": 0.7})
    assert trend.shown_lines() == trend_lines(assess({**ISSUE, "anc": 0.7}))
    assert trend.plot.view().current_label == "now 0.700"
    # The user steps to another tab: a history already there does not pull it back.
    window.bottom_tabs.setCurrentIndex(0)
    show(window, {**ISSUE, "anc": 0.6})
    assert tab(window) == "P&itfalls"
    # Reset: no trend, and the tab says what to do.
    window.vm.reset()
    assert trend.shown_lines() == () and trend.plot.view() is None
    assert trend.message.text() == "Enter the counts to see results."
    show(window, ISSUE)  # a new patient's history comes forward again
    assert tab(window) == "&Trend"


def test_fever_keeps_the_fn_risk_section_in_front(window) -> None:
    febrile = {**ISSUE, "temperature_c": 38.6}
    show(window, febrile)
    assert tab(window).startswith("FN ris&k")
    assert window.trend.shown_lines() == trend_lines(assess(febrile))


def test_without_a_history_the_tab_says_how_to_add_counts(window) -> None:
    window.vm.set_text("wbc", "2")
    window.bottom_tabs.setCurrentWidget(window.trend)
    assert window.trend.message.isVisible() and window.trend.message.text() == HOW_TO
    assert window.trend.plot is None  # the plotting code loads with the first history
    assert tab(window) == "&Trend"  # the tab stays where the user put it


def test_alt_t_reaches_the_trend_tab(window, qtbot) -> None:
    window.vm.set_text("wbc", "2")
    assert tab(window) == "P&itfalls"
    qtbot.keyClick(window.bottom_tabs, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert tab(window) == "&Trend"


@pytest.fixture
def _unstyled_afterwards(qapp):
    """The look is the application's: put the platform's back for the tests that follow."""
    yield
    qapp.setStyleSheet("")
    qapp.setPalette(qapp.style().standardPalette())
    qapp.setFont(platform_font())
    fence.set_tones(theme.tones(theme.DEFAULT_THEME))


@pytest.mark.usefixtures("_unstyled_afterwards")
@pytest.mark.parametrize("name", theme.theme_names())
def test_the_theme_reaches_the_plot(window, name: str) -> None:
    window.appearance.set_theme(name)
    assert window.trend.colours() == theme.trend_colours(name)
    show(window, ISSUE)  # the plot, made now, takes the theme's colours
    assert window.trend.plot.colours() == theme.trend_colours(name)
    other = next(n for n in theme.theme_names() if n != name)
    window.appearance.set_theme(other)
    assert window.trend.plot.colours() == theme.trend_colours(other)


# --- through the view model: a history entered, then changed -----------------------------
def test_a_history_through_the_view_model_shows_the_cores_trend(window) -> None:
    """The window's one path: the view model's document → the core → the plot and the
    words, equal to the core's for that document after each change."""
    trend = window.trend
    window.vm.load_document(ISSUE)
    assert tab(window) == "&Trend"

    def core():
        return assess(window.vm.patient_document())

    a = core()
    assert a.trend == assess(ISSUE).trend
    assert trend.plot.view().nadir_label == "nadir 0.080 on 14 Mar"
    assert trend.shown_lines() == trend_lines(a)
    # A deeper count typed into the table's third row (14 Mar): a new nadir, labelled.
    window.vm.set_history_text(2, "anc", "0.05")
    a = core()
    assert a.trend.nadir_anc == 0.05
    assert trend.plot.view().nadir_label == "nadir 0.050 on 14 Mar"
    assert trend.shown_lines() == trend_lines(a)
    # Rows added (as a paste does): the plot takes them, the words follow.
    window.vm.add_history_rows([{"time": "2026-03-18", "wbc": "1.8", "anc": "0.7"},
                                {"time": "2026-03-19", "wbc": "1.9", "anc": "0.8"}],
                               "2026-03-20")
    a = core()
    assert len(trend.plot.view().points) == len(a.trend_points) == 7
    assert trend.shown_lines() == trend_lines(a)
    # The current ANC typed: the current point and its label follow.
    window.vm.set_text("anc", "0.9")
    a = core()
    assert trend.plot.view().current_label == "now 0.900"
    assert trend.shown_lines() == trend_lines(a)
    assert trend.shown_lines()[0].startswith("ANC rising")
