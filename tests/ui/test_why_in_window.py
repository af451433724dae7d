""""Why?" in the window: every recommendation has a "Why?" link; the reason shown is the
core's (``Recommendation.why``) for the inputs now typed, and follows them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from leukodesk.core import assess, content

FEBRILE = (("wbc", "0.8"), ("anc", "0.08"), ("platelets", "15"), ("temperature_c", "38.5"))


def links_of(window, rec_id: str) -> QLabel:
    label = window.advice.list.findChild(QLabel, f"advice_{rec_id}_sources")
    assert label is not None and label.isVisibleTo(window), rec_id
    return label


def open_why_by_keyboard(window, rec_id: str, sources: int) -> None:
    """Tab into the links line, past each source link to "Why?", and press Enter."""
    label = links_of(window, rec_id)
    window.inputs.rows["wbc"].edit.setFocus()  # enter the line afresh, at its start
    label.setFocus()
    for _ in range(sources + 1):
        QTest.keyClick(label, Qt.Key.Key_Tab)
    QTest.keyClick(label, Qt.Key.Key_Return)


def test_every_recommendation_has_a_why_link(user, window):
    user.type_all(FEBRILE + (("weight_kg", "70"),))
    recs = window.vm.state.assessment.recommendations
    assert len(recs) >= 4
    for r in recs:
        assert f'href="why:{r.id}"' in links_of(window, r.id).text()


def test_why_shows_the_cores_rule_comparisons_and_sources(user, window, qtbot):
    user.type_all(FEBRILE)
    fn = next(r for r in window.vm.state.assessment.recommendations
              if r.id == "fn_antibiotics")
    open_why_by_keyboard(window, fn.id, len(fn.sources))
    qtbot.waitUntil(lambda: window.advice.why_id == fn.id)
    detail = window.advice.source.text()
    expected = assess(user.typed.patient())
    why = next(r for r in expected.recommendations if r.id == fn.id).why
    assert detail.splitlines() == [f"Why? {why.rule}", *(f"• {b}" for b in why.because),
                                   f"Sources: {content.cite(why.sources)}"]
    # The comparison is written with its exact side and the figure as typed.
    assert "Temperature 38.5 °C ≥ 38.3 °C → yes" in detail
    assert "ANC 0.080 ×10⁹/L < 0.5 ×10⁹/L → yes" in detail
    user.check()


def test_the_why_shown_follows_the_inputs_and_says_when_it_no_longer_applies(user, window,
                                                                           qtbot):
    user.type_all(FEBRILE)
    fn = next(r for r in window.vm.state.assessment.recommendations
              if r.id == "fn_antibiotics")
    open_why_by_keyboard(window, fn.id, len(fn.sources))
    qtbot.waitUntil(lambda: window.advice.why_id == fn.id)
    # A new temperature: the reason is rewritten from the new result at once.
    user.type("temperature_c", "39.2")
    assert "Temperature 39.2 °C ≥ 38.3 °C → yes" in window.advice.source.text()
    user.check()
    # Invalid: the temperature counts as not entered (RULES §2a), so FN is not assessed
    # and its reason is gone.
    user.type("temperature_c", "3")
    assert "no longer applies" in window.advice.source.text()
    assert "38.3" not in window.advice.source.text()
    user.check()  # as after a pause in typing
    # No fever: the recommendation is gone, and the area says so.
    user.type("temperature_c", "37.1")
    assert "no longer applies" in window.advice.source.text()
    user.check()
    # Fever again: the same "Why?" comes back with the new figure.
    user.type("temperature_c", "38.3")
    assert "Temperature 38.3 °C ≥ 38.3 °C → yes" in window.advice.source.text()
    user.check()
    # A source link replaces the reason with the reference; Reset clears both.
    first = window.vm.state.assessment.recommendations[0]
    links = links_of(window, first.id)
    links.setFocus()
    QTest.keyClick(links, Qt.Key.Key_Tab)
    QTest.keyClick(links, Qt.Key.Key_Return)
    short = content.source_name(first.sources[0])
    qtbot.waitUntil(lambda: window.advice.source.text().startswith(short))
    assert window.advice.why_id is None
    open_why_by_keyboard(window, first.id, len(first.sources))
    qtbot.waitUntil(lambda: window.advice.why_id == first.id)
    window.reset_action.trigger()
    assert window.advice.why_id is None
    assert window.advice.source.text().startswith("Click a source")
