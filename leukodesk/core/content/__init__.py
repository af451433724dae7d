"""Texts shown to people (recommendations, pitfalls, source register), loaded once.

The texts are package data so that a clinician can review them in one place and a
translator can work on them without touching rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any


class Urgency(str, Enum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"
    INFO = "info"


URGENCY_RANK = {u: i for i, u in enumerate(Urgency)}


@dataclass(frozen=True)
class RecommendationText:
    id: str
    urgency: Urgency
    text: str
    sources: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class PitfallText:
    id: str
    title: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    where: str
    kind: str


def _load(name: str) -> dict[str, Any]:
    raw = json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@cache
def recommendations() -> dict[str, RecommendationText]:
    """The recommendation catalogue, by id, in catalogue order."""
    return {key: RecommendationText(key, Urgency(v["urgency"]), v["text"],
                                    tuple(v["sources"]), i)
            for i, (key, v) in enumerate(_load("recommendations.json").items())}


@cache
def pitfalls() -> dict[str, PitfallText]:
    """Every pitfall of the sidebar, by id, in display order."""
    return {key: PitfallText(key, v["title"], v["text"], tuple(v["sources"]))
            for key, v in _load("pitfalls.json").items()}


@cache
def sources() -> dict[str, Source]:
    """The source register: id → title, where to find it, what kind of source it is."""
    return {key: Source(key, v["title"], v["where"], v["kind"])
            for key, v in _load("sources.json").items()}


@dataclass(frozen=True)
class WarningText:
    code: str
    text: str
    sources: tuple[str, ...]   # "LABEL" stands for the product's label source


@cache
def dose_warnings() -> dict[str, WarningText]:
    """Warning texts of the dose calculator, by code."""
    return {key: WarningText(key, v["text"], tuple(v["sources"]))
            for key, v in _load("dose_warnings.json").items()}


@cache
def field_help() -> dict[str, str]:
    """Why each input matters, by input key (shown in tooltips)."""
    return _load("fields.json")
