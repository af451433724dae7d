"""The language of the rule table: conditions as data, evaluated in three-valued logic.

A condition is a tree of frozen nodes: comparisons of named facts with the thresholds of
:mod:`leukodesk.core.rules.thresholds` (:class:`Cmp`), yes/no inputs (:class:`Flag`),
choices (:class:`Is`), empty inputs (:class:`Missing`), named definitions
(:class:`Ref`) and :class:`All` / :class:`Any` / :class:`Not`. Evaluating a node gives
True, False or None ("unknown": RULES §2a) and, when asked, the trace of every
comparison it made (:class:`Step`), which is what "Why?" shows: the explanation is the
evaluation, so it cannot say what the condition did not check.

Kleene's logic throughout: a comparison on an unknown fact is unknown; All is False as
soon as one part is False, Any is True as soon as one part is True (evaluation stops
there, and the trace shows the parts it looked at). :class:`Result` says how an unknown
counts where the rule set settles it ("not known to hold", :func:`not_yes`).

The tree is data, so a test can mutate it (flip an operator, swap All for Any, drop a
Not) and check that the rule tests notice (scripts/mutate_rules.py).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any as AnyType
from typing import NamedTuple

from leukodesk.core.rules import thresholds
from leukodesk.core.rules.thresholds import Threshold

Tri = bool | None
_UNSEEN = object()

COMPARE: dict[str, Callable[[AnyType, AnyType], bool]] = {
    "<": operator.lt, "≤": operator.le, ">": operator.gt, "≥": operator.ge}
# The relation that holds when the rule's own does not.
OPPOSITE = {"<": "≥", "≤": ">", ">": "≤", "≥": "<"}




class Step(NamedTuple):
    """One comparison a rule made, as "Why?" shows it.

    ``what`` is the fact or definition ("ANC", "Fever (IDSA)"); ``value`` the fact as
    shown (never rounded across ``threshold``), or "not entered"; ``op`` the rule's
    operator and ``threshold`` what it compared with (with its unit); ``holds`` the
    relation that holds between them (``op`` itself, its opposite, or None when the value
    is unknown); ``result`` what the comparison gave. ``depth`` nests the parts of a named
    definition under it."""

    what: str
    value: str
    op: str
    threshold: str
    holds: str | None
    result: Tri
    depth: int
    sources: tuple[str, ...] = ()
    fact: str = ""   # the fact or definition compared, by name (for tests and tools)


class Facts:
    """What a condition can read: named values (Decimal, bool, str choice, or None when
    unknown), how to show each, and the named definitions of the rule table. Each
    definition is evaluated, and traced, at most once per :class:`Facts` (one assessment;
    nothing outlives it)."""

    def __init__(self, values: Mapping[str, AnyType], labels: Mapping[str, str],
                 show: Callable[[str, AnyType, tuple[Decimal, ...]], str],
                 definitions: Mapping[str, Definition], titles: Mapping[str, str],
                 bounds: Mapping[str, str] | None = None) -> None:
        self.values = values
        self.labels = labels          # fact → its name in a trace
        self.show = show
        self.definitions = definitions
        self.titles = titles          # definition → its name in a trace
        # fact → a fact it never exceeds: an unknown ANC is at most the WBC (RULES §2a),
        # so "ANC < X" holds when the WBC is below X.
        self.bounds = bounds or {}
        self.results: dict[str, Tri] = {}
        self.traces: dict[str, list[Step]] = {}   # each definition's trace, at depth 0
        self.scores: dict[str, AnyType] = {}      # each score's range (rules.scores)

    def of(self, name: str) -> Tri:
        """The result of definition ``name`` (evaluated on first use)."""
        result = self.results.get(name, _UNSEEN)
        if result is _UNSEEN:
            result = self.definitions[name].condition.test(self, None, 0)
            self.results[name] = result
        return result


@dataclass(frozen=True)
class Definition:
    """A named finding of the rule table (fever, FN, a high-risk feature ...)."""

    name: str
    label: str
    condition: Node
    sources: tuple[str, ...] = ()


def limit_of(threshold: Threshold | str, facts: Facts) -> Threshold | Decimal | None:
    """What a comparison compares with. An upper-case name is a constant of rules.py,
    read when compared (``"FN_ANC_BELOW"``, ``"EXTREME_ABOVE[wbc]"``, as the texts name
    them); a lower-case name is a fact holding a :class:`Threshold` or a Decimal (the
    laboratory's LLN, a procedure's threshold)."""
    if type(threshold) is Threshold:
        return threshold
    if threshold[0].isupper():
        if "[" not in threshold:
            return getattr(thresholds, threshold)
        name, _, key = threshold.partition("[")
        return getattr(thresholds, name)[key[:-1]]
    return facts.values.get(threshold)


def _written(threshold: Threshold | str, limit: Threshold | Decimal | None,
             facts: Facts) -> tuple[str, tuple[str, ...]]:
    """The threshold as a trace shows it, with its unit, and its sources."""
    if isinstance(limit, Threshold):
        return f"{limit.text} {limit.unit}".rstrip(), limit.sources
    if limit is None:
        return facts.labels.get(threshold, threshold), ()
    return f"{facts.labels[threshold]} {facts.show(threshold, limit, ())}", ()


class Node:
    """A condition: ``test(facts, trace, depth)`` → True / False / None, appending the
    comparisons it made to ``trace`` when one is given."""

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        raise NotImplementedError


@dataclass(frozen=True)
class Cmp(Node):
    """``fact op threshold``, e.g. ``Cmp("anc", "<", "FN_ANC_BELOW")``. An unknown fact
    with a known upper bound (the ANC is never above the WBC) settles "below" when the
    bound is below: "ANC < 0.5" holds with the ANC unknown and the WBC 0.4."""

    fact: str
    op: str
    threshold: Threshold | str

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        value = facts.values.get(self.fact)
        spec = self.threshold
        # the usual case inline (a rules.py constant by name); the others in _limit
        held = (getattr(thresholds, spec) if type(spec) is str and spec[0].isupper()
                and "[" not in spec else limit_of(spec, facts))
        limit = held.value if type(held) is Threshold else held
        if value is not None and limit is not None:
            result = COMPARE[self.op](value, limit)
            if trace is None:
                return result
        else:
            result = None
        bounded_by = facts.bounds.get(self.fact)
        bound = None
        if result is None and bounded_by is not None and limit is not None \
                and self.op in ("<", "≤"):
            bound = facts.values.get(bounded_by)  # the fact is never above this one
            if bound is not None and COMPARE[self.op](bound, limit):
                result = True
        if trace is not None:
            written, sources = _written(self.threshold, held, facts)
            if value is not None:
                shown = facts.show(self.fact, value, () if limit is None else (limit,))
            elif result is True and bounded_by is not None:
                shown = (f"not measured, but at most the {facts.labels[bounded_by]} "
                         f"{facts.show(bounded_by, bound, (limit,))}")
            else:
                shown = "not entered"
            holds = None if result is None else self.op if result else OPPOSITE[self.op]
            trace.append(Step(facts.labels[self.fact], shown, self.op, written, holds,
                              result, depth, sources, self.fact))
        return result


@dataclass(frozen=True)
class Flag(Node):
    """A yes/no fact (a ticked box; None when unanswered)."""

    fact: str

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        value = facts.values.get(self.fact)
        if trace is not None:
            trace.append(Step(facts.labels[self.fact], _yes_no(value), "is", "yes",
                              None if value is None else "is" if value else "is not",
                              value, depth, (), self.fact))
        return value


@dataclass(frozen=True)
class Is(Node):
    """A choice is one of ``choices`` (the diagnosis, the 48-hour answer ...); unknown
    while the choice is not made (a tumour type with no diagnosis, an unanswered item)."""

    fact: str
    choices: tuple[str, ...]

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        value = facts.values.get(self.fact)
        result = None if value is None else value in self.choices
        if trace is not None:
            words = [facts.show(self.fact, c, ()) for c in self.choices]
            trace.append(Step(facts.labels[self.fact], facts.show(self.fact, value, ()),
                              "is" if len(words) == 1 else "is one of", ", ".join(words),
                              None if result is None else "is" if result else "is not",
                              result, depth, (), self.fact))
        return result


@dataclass(frozen=True)
class Missing(Node):
    """The fact is empty (not entered)."""

    fact: str

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        value = facts.values.get(self.fact)
        result = value is None
        if trace is not None:
            shown = "not entered" if result else facts.show(self.fact, value, ())
            trace.append(Step(facts.labels[self.fact], shown, "is", "not entered",
                              "is" if result else "is not", result, depth, (), self.fact))
        return result


@dataclass(frozen=True)
class Ref(Node):
    """A named definition of the table; its own comparisons nest under it."""

    name: str

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        if trace is None:
            return facts.of(self.name)
        steps = facts.traces.get(self.name)
        if steps is None:  # traced once per assessment, then placed at each depth
            inner: list[Step] = []
            result = facts.definitions[self.name].condition.test(facts, inner, 1)
            steps = [Step(facts.titles[self.name], _yes_no(result, "not assessed"), "", "",
                          None, result, 0, facts.definitions[self.name].sources, self.name),
                     *inner]
            facts.traces[self.name] = steps
        if depth == 0:
            trace += steps
        else:
            trace += [Step(s[0], s[1], s[2], s[3], s[4], s[5], s[6] + depth, s[7], s[8])
                      for s in steps]
        return steps[0].result


@dataclass(frozen=True)
class Result(Node):
    """True when ``part``'s result is one of ``accept`` (True, False or None), else
    False: how the rule set says an unknown counts ("FN not known to hold" is
    ``Result(Ref("fn"), (False, None))``). Never unknown itself."""

    part: Node
    accept: tuple[Tri, ...]

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        return self.part.test(facts, trace, depth) in self.accept


@dataclass(frozen=True)
class Maybe(Node):
    """Unknown while ``part`` holds, else False: a prompt that leaves an output open until
    it is answered (RULES §6: re-measure the temperature; look for sepsis)."""

    part: Node

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        return None if self.part.test(facts, trace, depth) is True else False


def not_yes(part: Node) -> Result:
    """``part`` is not known to hold (false or unknown)."""
    return Result(part, (False, None))


def unknown(part: Node) -> Result:
    """``part`` is not assessed."""
    return Result(part, (None,))


def not_no(part: Node) -> Result:
    """``part`` holds or is not assessed."""
    return Result(part, (True, None))


@dataclass(frozen=True)
class Not(Node):
    part: Node

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        result = self.part.test(facts, trace, depth)
        return None if result is None else not result


@dataclass(frozen=True)
class All(Node):
    parts: tuple[Node, ...]

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        unknown = False
        for part in self.parts:
            result = part.test(facts, trace, depth)
            if result is False:
                return False
            unknown = unknown or result is None
        return None if unknown else True


@dataclass(frozen=True)
class Any(Node):
    """True as soon as one part is True. With ``every``, a trace goes on through all
    the parts (the result is the same), so "Why?" names each reason that holds."""

    parts: tuple[Node, ...]
    every: bool = False

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        unknown = found = False
        for part in self.parts:
            result = part.test(facts, trace, depth)
            if result is True:
                if trace is None or not self.every:
                    return True
                found = True
            unknown = unknown or result is None
        return True if found else None if unknown else False


@dataclass(frozen=True)
class Ask(Node):
    """A three-state question (yes / no / unknown) whose "unknown" matters only while
    ``matters`` may hold: "yes" → True, "no" → False, unknown → None while ``matters``
    is True or unknown, else False (e.g. the 48-hour question of RULES §6, which an ANC
    of 1.0 or more settles)."""

    fact: str
    matters: Node

    def test(self, facts: Facts, trace: list[Step] | None, depth: int) -> Tri:
        value = facts.values.get(self.fact)
        if trace is not None:
            trace.append(Step(facts.labels[self.fact], _yes_no(value, "not answered"), "is",
                              "yes", None if value is None else "is" if value else "is not",
                              value, depth, (), self.fact))
        if value is not None:
            return value
        return None if self.matters.test(facts, trace, depth + 1) is not False else False


def all_(*parts: Node) -> All:
    return All(parts)


def any_(*parts: Node) -> Any:
    return Any(parts)


def every_(*parts: Node) -> Any:
    """``any_`` whose trace shows every part (see :class:`Any`)."""
    return Any(parts, every=True)


def _yes_no(value: object, unknown: str = "not entered") -> str:
    return unknown if value is None else "yes" if value else "no"
