"""Help ▸ Glossary (F1) and the tooltips of the window's jargon (issue 19): every term
the issue names is there in our own words with sources from the register; the dialog is
searched and read from the keyboard and follows the zoom; the labels that use a term
explain it."""

from __future__ import annotations

import re
from html import escape

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

from leukodesk.core import content
from leukodesk.core.content import GlossaryEntry
from leukodesk.ui import fence
from leukodesk.ui.glossary import GlossaryDialog, entry_line, terms_in, tooltip_html
from leukodesk.ui.look import theme
from leukodesk.ui.look.appearance import platform_font


@pytest.fixture(autouse=True)
def _unstyled_afterwards(qapp):
    """Zoom and styling here are the application's: put the platform's look back for the
    tests that follow (as tests/ui/test_appearance.py does)."""
    yield
    qapp.setStyleSheet("")
    qapp.setPalette(qapp.style().standardPalette())
    qapp.setFont(platform_font())
    fence.set_tones(theme.tones(theme.DEFAULT_THEME))


NAMED_IN_THE_ISSUE = ("LLN", "FN", "ANC", "CTCAE", "Duffy-null", "Tolerance", "MASCC",
                      "CISNE", "G-CSF", "Nadir", "AMC")


# --- the content ---------------------------------------------------------------------------
def test_every_term_the_issue_names_is_explained_with_sources_from_the_register() -> None:
    glossary = content.glossary()
    assert set(NAMED_IN_THE_ISSUE) <= set(glossary)
    register = content.sources()
    for term, e in glossary.items():
        assert e.term == term and e.name.strip() and len(e.text) > 40, term
        assert e.sources and set(e.sources) <= set(register), term
        assert e.match and not re.search(r"[{}]", e.text), term  # thresholds filled in


def test_the_texts_take_their_numbers_from_the_rules() -> None:
    from leukodesk.core.rules import thresholds as rules
    g = content.glossary()
    assert f"{rules.DUFFY_NULL_ANC_LLN.text} ×10⁹/L" in g["Duffy-null"].text
    assert f"{rules.ROUNDING_TOLERANCE_PCT_DEFAULT.text} %" in g["Tolerance"].text
    assert f"{rules.FN_ANC_BELOW.text} ×10⁹/L" in g["FN"].text
    assert f"{rules.MASCC_LOW_FROM.text} points or more: low risk" in g["MASCC"].text


@pytest.mark.parametrize(("text", "terms"), [
    ("ANC", ["ANC"]), ("ANC < 0.5 expected in 48 h", ["ANC"]),
    ("Duffy-null phenotype confirmed", ["Duffy-null"]), ("Tolerance", ["Tolerance"]),
    ("FN risk — fever", ["FN"]), ("Filgrastim / G-CSF dose", ["G-CSF"]),
    ("Laboratory lower limits of normal (empty: default)", ["LLN"]),
    ("Finance", []), ("fn", []), ("CANCEL", []), ("panc", []), ("G-CSFs", []),
], ids=lambda v: v if isinstance(v, str) else None)
def test_terms_are_found_as_whole_words(text: str, terms: list[str]) -> None:
    assert [e.term for e in terms_in(text)] == terms


# --- the dialog ----------------------------------------------------------------------------
def open_by_f1(qtbot, window) -> GlossaryDialog:
    window.inputs.rows["wbc"].edit.setFocus()
    assert window.glossary.action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.glossary.action.trigger()  # what F1 does (offscreen, shortcuts need focus)
    dialog = window.glossary.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_help_menu_lists_the_glossary_first(window) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert menus["&Help"].actions()[0] is window.glossary.action
    assert window.glossary.action in window.actions()  # F1 from anywhere in the window


def test_the_glossary_is_searched_and_read_from_the_keyboard(qtbot, window) -> None:
    dialog = open_by_f1(qtbot, window)
    assert dialog.shown_terms() == list(content.glossary())
    assert dialog.focusWidget() is dialog.search  # typing goes to the search at once
    qtbot.keyClicks(dialog.search, "duffy")
    assert dialog.shown_terms() == ["Duffy-null"]
    text = dialog.text.toPlainText()
    e = content.glossary()["Duffy-null"]
    assert e.name in text and e.text in text
    for s in e.sources:  # by short name, with the full reference
        assert content.sources()[s].short in text and content.sources()[s].title in text
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.terms
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "lower limit")  # words of a meaning find it too
    assert "LLN" in dialog.shown_terms()
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "lln")  # from the start of a word: not "illness"
    assert "LLN" in dialog.shown_terms() and "MASCC" not in dialog.shown_terms()
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "zzzz")
    assert dialog.shown_terms() == [] and "No term matches" in dialog.text.toPlainText()
    dialog.show_term("CTCAE")
    assert dialog.terms.currentItem().text() == "CTCAE"
    assert content.glossary()["CTCAE"].text in dialog.text.toPlainText()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_glossary_follows_the_zoom(qtbot, window) -> None:
    dialog = open_by_f1(qtbot, window)
    before = {w: w.font().pointSizeF() for w in (dialog.search, dialog.terms, dialog.text)}
    window.appearance.set_zoom(2.0)
    QApplication.processEvents()
    for w, size in before.items():
        assert w.font().pointSizeF() == pytest.approx(size * 2.0, rel=0.05), w.objectName()
    window.appearance.set_zoom(1.0)
    QApplication.processEvents()
    assert dialog.text.font().pointSizeF() == pytest.approx(before[dialog.text], rel=0.05)


# --- the tooltips --------------------------------------------------------------------------
def explained(e: GlossaryEntry) -> str:
    return f"<p>{escape(entry_line(e))}</p>"


def test_labels_that_use_a_term_explain_it_after_their_own_tooltip(window) -> None:
    g = content.glossary()
    duffy = window.findChild(QCheckBox, "duffy_null_check")
    tip = duffy.toolTip()
    own = content.field_help()["duffy_null"]
    assert tip.startswith(f"<p>{escape(own)}</p>") and explained(g["Duffy-null"]) in tip
    tolerance = [w for w in window.findChildren(QLabel) if w.text() == "Tolerance"]
    assert tolerance and all(explained(g["Tolerance"]) in w.toolTip() for w in tolerance)
    anc = [w for w in window.findChildren(QLabel) if w.text() == "ANC"]
    assert anc and all(explained(g["ANC"]) in w.toolTip() for w in anc)
    tabs = window.bottom_tabs
    fn_tab = next(i for i in range(tabs.count()) if tabs.tabText(i).startswith("FN"))
    assert explained(g["FN"]) in tabs.tabToolTip(fn_tab)
    # A label that uses no term keeps what it had.
    plain = [w for w in window.findChildren(QLabel) if w.text() == "Age"]
    assert plain and all("Glossary" not in w.toolTip() for w in plain)


def test_a_tooltip_is_rich_text_so_that_it_wraps() -> None:
    tip = tooltip_html("a < b", terms_in("LLN"))
    assert tip.startswith("<p>a &lt; b</p>") and "Glossary (F1)" in tip


def test_group_titles_are_bold_and_what_is_inside_them_is_not(qtbot, window) -> None:
    from PySide6.QtWidgets import QGroupBox

    from leukodesk.ui.run import apply_style

    apply_style(QApplication.instance(), window)
    QApplication.processEvents()
    groups = window.findChildren(QGroupBox)
    assert groups and all(g.font().bold() for g in groups)
    inside = [w for g in groups for w in g.findChildren(QLabel) + g.findChildren(QCheckBox)
              # the dose's action line is bold and large on purpose (RULES §10)
              if w.property("role") not in ("field-error", "dose-action")
              and w.property("kind") is None]
    assert inside and not [w.text() for w in inside if w.font().bold()]
