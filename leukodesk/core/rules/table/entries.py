"""The kinds of entry in the rule table: recommendations, pitfalls, what is not assessed.

Each entry is declared once, with its condition (a :mod:`~leukodesk.core.rules.logic`
tree); its text lives in ``content/`` under the same id. Evaluating the condition gives
whether the entry applies and the trace that "Why?" shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from leukodesk.core.content import Urgency
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import Facts, Node

Words = Callable[[Findings, Facts], dict[str, str]]


def no_words(f: Findings, facts: Facts) -> dict[str, str]:
    """A text with no figures of the patient."""
    return {}


@dataclass(frozen=True)
class Rule:
    """A recommendation: shown when ``when`` holds (an unknown does not fire it).

    ``id`` is also the id of its text in ``content/recommendations.json``; ``name`` is
    the rule in words (a ``{CONSTANT}`` of rules.py is written from it); ``words`` fills
    the text's lower-case fields with the patient's figures."""

    id: str
    urgency: Urgency
    sources: tuple[str, ...]
    name: str
    when: Node
    words: Words = no_words


@dataclass(frozen=True)
class PitfallRule:
    """A pitfall of the sidebar (text in ``content/pitfalls.json``), highlighted when
    its premise ``when`` holds for these inputs (RULES §12)."""

    id: str
    when: Node


@dataclass(frozen=True)
class NotAssessedRule:
    """An output left null (RULES §2a) while ``when`` holds, with the inputs that would
    settle it (``needs``, in the order they are asked for)."""

    output: str
    when: Node
    needs: Callable[[Findings, Facts], list[str]]
