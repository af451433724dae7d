"""Point scores in the language of the rule table (MASCC, CISNE: RULES §11).

A score adds the points of its items. An item is a named definition of the table (its
points when it holds, 0 when it does not) or a choice scored by level (MASCC's burden of
illness). An unknown item counts 0 in ``low`` and its full points in ``high``, so the
true score lies in [low, high] whatever the missing answers turn out to be (RULES §2a).

:class:`ScoreCmp` compares a score with a threshold of rules.py in three-valued logic:
settled when the whole range lies on one side, unknown otherwise. Its trace is the
score, then each item with its points and the comparisons that decided it, so "Why?"
shows every item compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from leukodesk.core.rules.logic import COMPARE, OPPOSITE, Facts, Node, Ref, Step, Tri, limit_of


@dataclass(frozen=True)
class Item:
    """``points`` when the definition ``name`` holds (see the rule table)."""

    name: str
    points: int


@dataclass(frozen=True)
class Levels:
    """A choice scored by level: ``levels`` maps each choice to its points."""

    name: str
    fact: str
    levels: tuple[tuple[str, int], ...]

    @property
    def points(self) -> int:
        return max(p for _, p in self.levels)


class Scored(NamedTuple):
    """One item as scored: its points (None while unknown) out of ``most``."""

    name: str
    points: int | None
    most: int


class Range(NamedTuple):
    low: int
    high: int
    items: tuple[Scored, ...]

    @property
    def settled(self) -> int | None:
        """The score when no unknown item could change it."""
        return self.low if self.low == self.high else None


@dataclass(frozen=True)
class Score:
    name: str
    label: str
    items: tuple[Item | Levels, ...]
    sources: tuple[str, ...]   # where the items' points come from

    def range(self, facts: Facts) -> Range:
        """The lowest and highest score these facts allow (computed once per Facts)."""
        known = facts.scores.get(self.name)
        if known is None:
            scored = tuple(_score(item, facts) for item in self.items)
            known = Range(sum(s.points or 0 for s in scored),
                          sum(s.most if s.points is None else s.points for s in scored),
                          scored)
            facts.scores[self.name] = known
        return known


def _score(item: Item | Levels, facts: Facts) -> Scored:
    if isinstance(item, Levels):
        value = facts.values.get(item.fact)
        return Scored(item.name, None if value is None else dict(item.levels)[value],
                      item.points)
    held = facts.of(item.name)
    return Scored(item.name, None if held is None else item.points if held else 0,
                  item.points)


def points_words(scored: Scored) -> str:
    if scored.points is None:
        return f"not known (0 to {scored.most} points)"
    return f"{scored.points} point{'' if scored.points == 1 else 's'}"


def range_words(r: Range) -> str:
    return str(r.low) if r.low == r.high else f"{r.low} to {r.high} (items not answered)"


@dataclass(frozen=True)
class ScoreCmp(Node):
    """``score op threshold``: True when every score in the range satisfies it, False
    when none does, else unknown."""

    score: Score
    op: str
    threshold: str

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        r = self.score.range(facts)
        limit = limit_of(self.threshold, facts)
        value: Decimal = limit.value  # type: ignore[union-attr]  (a rules.py constant)
        low, high = COMPARE[self.op](r.low, value), COMPARE[self.op](r.high, value)
        result = low if low == high else None
        if trace is not None:
            holds = None if result is None else self.op if result else OPPOSITE[self.op]
            trace.append(Step(self.score.label, range_words(r), self.op,
                              f"{limit.text} points", holds, result, depth,  # type: ignore
                              limit.sources, self.score.name))  # type: ignore[union-attr]
            for item, scored in zip(self.score.items, r.items, strict=True):
                _trace_item(item, scored, facts, trace, depth + 1)
        return result


def _trace_item(item: Item | Levels, scored: Scored, facts: Facts, trace: list[Step],
                depth: int) -> None:
    """One item under its score: a heading with its points, then what decided it."""
    if isinstance(item, Levels):
        value = facts.values.get(item.fact)
        shown = facts.show(item.fact, value, ())
        trace.append(Step(facts.labels[item.fact], f"{shown} → {points_words(scored)}", "",
                          "", None, None if value is None else True, depth, (), item.name))
        return
    inner: list[Step] = []
    Ref(item.name).test(facts, inner, depth)
    head = inner[0]
    trace.append(head._replace(value=f"{head.value} → {points_words(scored)}"))
    trace.extend(inner[1:])
