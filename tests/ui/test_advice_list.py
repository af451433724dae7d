"""The advice column keeps hidden paragraphs in a pool and moves as few as it can; what
it shows must still be exactly the paragraphs asked for, in their order."""

from __future__ import annotations

import random

import pytest
from PySide6.QtWidgets import QLabel

from leukodesk.ui.panels.advice_list import AdviceItem, AdviceList

KEYS = [f"rec_{i}" for i in range(9)]


def item(key: str, version: int = 0) -> AdviceItem:
    links = "" if key.endswith(("3", "7")) else f'<a href="source:{key}">{key}</a>'
    return AdviceItem(key, f"{key} says {version}", links,
                      "urgent" if key.endswith("1") else "info")


def shown(advice: AdviceList) -> list[str]:
    return [label.text() for label in advice.labels()]


def expected(items: list[AdviceItem]) -> list[str]:
    out = []
    for p in items:
        out.append(p.text)
        if p.links:
            out.append(p.links)
    return out


def test_any_sequence_of_orders_and_subsets_shows_exactly_what_was_asked(qtbot):
    advice = AdviceList()
    qtbot.addWidget(advice)
    advice.resize(400, 600)
    advice.show()
    rng = random.Random(20261124)
    for step in range(300):
        keys = rng.sample(KEYS, rng.randint(0, len(KEYS)))
        if step % 3 == 0:  # mostly small changes, as keystrokes make
            keys = sorted(keys)
        items = [item(k, rng.randint(0, 2)) for k in keys]
        advice.set_paragraphs(items)
        assert shown(advice) == expected(items), step
        visible = [w for w in advice.widget().findChildren(QLabel) if w.isVisibleTo(advice)]
        assert len(visible) == len(expected(items)), step
        kinds = {label.objectName(): label.property("kind") for label in advice.labels()
                 if not label.objectName().endswith("_sources")}
        assert kinds == {f"advice_{p.key}": p.kind for p in items}, step
        # The stretch stays last: the paragraphs stand at the top, none below it.
        layout = advice.widget().layout()
        assert layout.itemAt(layout.count() - 1).spacerItem() is not None, step


def test_a_swap_moves_nothing_else(qtbot):
    advice = AdviceList()
    qtbot.addWidget(advice)
    advice.resize(400, 600)
    advice.show()
    first = [item(k) for k in ("rec_0", "rec_2", "rec_4", "rec_6")]
    advice.set_paragraphs(first)
    layout = advice.widget().layout()
    before = {layout.itemAt(i).widget(): i for i in range(layout.count())
              if layout.itemAt(i).widget() is not None}
    swapped = [item(k) for k in ("rec_0", "rec_2", "rec_5", "rec_6")]  # one in, one out
    inserted: list[str] = []
    place = layout.insertWidget

    def insert(index, widget):
        inserted.append(widget.objectName() or widget.child.objectName())
        place(index, widget)

    layout.insertWidget = insert  # what set_paragraphs calls to place a row
    advice.set_paragraphs(swapped)
    # The newcomer alone is placed (its text and its sources); the rest stay as they are.
    assert inserted == ["advice_rec_5", "advice_rec_5_sources"]
    assert shown(advice) == expected(swapped)
    after = {layout.itemAt(i).widget(): i for i in range(layout.count())
             if layout.itemAt(i).widget() is not None}
    for key in ("rec_0", "rec_2"):  # above the swap: not moved
        for name in (f"advice_{key}", f"advice_{key}_sources"):
            label = advice.widget().findChild(QLabel, name)
            widget = label if label.parent() is advice.widget() else label.parent()
            assert after[widget] == before[widget], name


def test_a_placing_that_failed_half_way_is_done_again(qtbot):
    advice = AdviceList()
    qtbot.addWidget(advice)
    advice.resize(400, 600)
    advice.show()
    first = [item(k) for k in ("rec_0", "rec_2", "rec_4")]
    other = [item(k) for k in ("rec_5", "rec_1", "rec_4", "rec_0")]
    layout = advice.widget().layout()
    place = layout.insertWidget

    def fail_half_way(index, widget):
        layout.insertWidget = place  # the next placing goes through
        place(index, widget)
        raise RuntimeError("placing failed")

    # Asked again for what was shown before the failure, or for what failed: either is
    # shown whole, not taken for what is already there.
    for again in (first, other):
        advice.set_paragraphs(first)
        layout.insertWidget = fail_half_way
        with pytest.raises(RuntimeError):
            advice.set_paragraphs(other)
        advice.set_paragraphs(again)
        assert shown(advice) == expected(again)
