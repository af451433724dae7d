"""Texts shown to people (recommendations, pitfalls, source register), loaded once.

The texts are package data so that a clinician can review them in one place and a
translator can work on them without touching rules.

A text never writes a threshold as a bare number: it names the constant of
:mod:`leukodesk.core.rules.thresholds` as a format field (``"ANC below {FN_ANC_BELOW}"``), filled
once, when the catalogue is loaded (:func:`with_thresholds`), so the words cannot drift
from the numbers compared. Lower-case fields (``{anc}``) are left for the rule that fires
to fill with the patient's figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import _lru_cache_wrapper, cache
from importlib import resources
from typing import Any, TypeVar

from leukodesk.core.rules import thresholds as rules


class Urgency(str, Enum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"
    INFO = "info"


URGENCY_RANK = {u: i for i, u in enumerate(Urgency)}


@dataclass(frozen=True)
class RecommendationText:
    """A recommendation's words; its urgency, sources and condition are its entry in the
    rule table (leukodesk/core/rules/table/). ``order`` breaks ties within an urgency."""

    id: str
    text: str
    order: int


@dataclass(frozen=True)
class PitfallText:
    id: str
    title: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """A source of the register: ``short`` is the name people read where the id would
    stand ("Seed guideline summary, 2025"); ``title`` and ``where`` the full reference."""

    id: str
    short: str
    title: str
    where: str
    kind: str


T = TypeVar("T")
_LOADED: list[_lru_cache_wrapper[Any]] = []


def loaded_once(build: Callable[[], T]) -> _lru_cache_wrapper[T]:
    """``functools.cache`` for a table of words built once from package data and the
    rules' constants (texts, not answers: nothing computed for a patient is kept), and
    remembered so that :func:`clear_caches` forgets it too."""
    cached = cache(build)
    _LOADED.append(cached)
    return cached


class _Thresholds(dict):  # type: ignore[type-arg]
    """The rules' constants by name; any other (lower-case) field is kept for later."""

    def __missing__(self, key: str) -> str:
        if not key.islower():
            raise KeyError(f"{key!r} is not a constant of leukodesk.core.rules.thresholds")
        return "{" + key + "}"


def with_thresholds(template: str) -> str:
    """``template`` with every ``{CONSTANT}`` of :mod:`leukodesk.core.rules.thresholds` written as
    the rule set writes it (:func:`leukodesk.core.rules.thresholds.written`); lower-case fields such
    as ``{anc}`` stay as they are. An upper-case field that names no constant raises
    ``KeyError`` (a typo must not reach the screen)."""
    return template.format_map(_Thresholds(rules.text_values()))


def _load(name: str) -> dict[str, Any]:
    raw = json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@loaded_once
def recommendations() -> dict[str, RecommendationText]:
    """The recommendation catalogue, by id, in catalogue order."""
    return {key: RecommendationText(key, with_thresholds(v["text"]), i)
            for i, (key, v) in enumerate(_load("recommendations.json").items())}


@loaded_once
def pitfalls() -> dict[str, PitfallText]:
    """Every pitfall of the sidebar, by id, in display order."""
    return {key: PitfallText(key, with_thresholds(v["title"]), with_thresholds(v["text"]),
                             tuple(v["sources"]))
            for key, v in _load("pitfalls.json").items()}


@loaded_once
def sources() -> dict[str, Source]:
    """The source register: id → short name, title, where to find it, what kind of
    source it is."""
    return {key: Source(key, v["short"], v["title"], v["where"], v["kind"])
            for key, v in _load("sources.json").items()}


def source_name(source_id: str) -> str:
    """The short name people read for a source id; the id itself if the register has
    none (tests keep every id the rules, texts and doses use in the register)."""
    src = sources().get(source_id)
    return src.short if src is not None else source_id


def cite(source_ids: Iterable[str]) -> str:
    """Source ids as people read them: their short names, in order, each once, joined
    by "; " (a short name may hold a comma). The JSON output keeps the ids."""
    return "; ".join(source_name(s) for s in dict.fromkeys(source_ids))


@dataclass(frozen=True)
class WarningText:
    code: str
    text: str
    sources: tuple[str, ...]   # "LABEL" stands for the product's label source


@loaded_once
def dose_warnings() -> dict[str, WarningText]:
    """Warning texts of the dose calculator, by code."""
    return {key: WarningText(key, with_thresholds(v["text"]), tuple(v["sources"]))
            for key, v in _load("dose_warnings.json").items()}


@loaded_once
def field_help() -> dict[str, str]:
    """Why each input matters, by input key (shown in tooltips)."""
    return {key: with_thresholds(text) for key, text in _load("fields.json").items()}


@dataclass(frozen=True)
class FnRiskWords:
    where: dict[str, str]       # the FN antibiotics line's end, per disposition or undecided
    cisne_gate: dict[str, str]  # why CISNE does not apply, per gate item that fails
    mascc_risk: dict[str, str]  # "low risk (21 or more)" ...
    cisne_class: dict[str, str]
    pearls: tuple[str, ...]
    pearl_sources: tuple[str, ...]
    cisne_note: str
    under_18: str
    not_fn: str
    hyperglycaemia_help: str


@loaded_once
def fn_risk_words() -> FnRiskWords:
    """The words of the FN risk section (RULES §11), thresholds filled in."""
    raw = _load("fn_risk.json")
    return FnRiskWords(
        **{group: {k: with_thresholds(v) for k, v in raw[group].items()}
           for group in ("where", "cisne_gate", "mascc_risk", "cisne_class")},
        pearls=tuple(with_thresholds(p) for p in raw["pearls"]),
        pearl_sources=tuple(raw["pearl_sources"]),
        **{k: with_thresholds(raw[k]) for k in ("cisne_note", "under_18", "not_fn",
                                                 "hyperglycaemia_help")})


@dataclass(frozen=True)
class GlossaryEntry:
    """A word of the window's jargon: the ``term`` as shown ("LLN"), its ``name`` ("Lower
    limit of normal"), what it means here (``text``, thresholds filled in), its sources,
    and the words that call it up in a label (``match``)."""

    term: str
    name: str
    text: str
    sources: tuple[str, ...]
    match: tuple[str, ...]


@loaded_once
def glossary() -> dict[str, GlossaryEntry]:
    """The glossary (Help ▸ Glossary and the tooltips), by term, in the file's order."""
    return {key: GlossaryEntry(key, v["name"], with_thresholds(v["text"]),
                               tuple(v["sources"]), tuple(v["match"]))
            for key, v in _load("glossary.json").items()}


@dataclass(frozen=True)
class Change:
    section: str
    title: str
    text: str


@loaded_once
def changes() -> tuple[str, str, tuple[Change, ...]]:
    """What changed in this rule set: (version, previous version, the changes in words)."""
    raw = json.loads(resources.files(__name__).joinpath("changes.json")
                     .read_text(encoding="utf-8"))
    return raw["version"], raw["previous"], tuple(
        Change(c["section"], c["title"], c["text"]) for c in raw["changes"])


def clear_caches() -> None:
    """Forget every loaded text and the rules' written values (tests that change a
    constant of :mod:`leukodesk.core.rules.thresholds` call this; the app never does)."""
    rules.text_values.cache_clear()
    rules.thresholds_in.cache_clear()
    for loaded in _LOADED:
        loaded.cache_clear()
