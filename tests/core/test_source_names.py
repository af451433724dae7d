"""Sources read as sources (issue 19): every source id the rules, texts, doses and outputs
use has a short human name and a full reference in the register, and the hand-offs show
the short names while the JSON output keeps the ids."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from leukodesk.core import assess, content
from leukodesk.core.dosing import calc, products, tables
from leukodesk.core.formats.note import note_text
from leukodesk.core.rules import thresholds
from leukodesk.core.rules.table import RULES, s11_fn_risk, s14_prophylaxis

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "recorded.json.gz"
FN_CASE = {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6,
           "age_years": 70, "platelets": 8, "weight_kg": 72.4}
ID = re.compile(r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")  # EU-FILG-SmPC as RULES §15 names it


def _sources_in(value: Any) -> Iterator[str]:
    """Every id under a "sources" key, at any depth of an output."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                yield from item
            else:
                yield from _sources_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sources_in(item)


def used_ids() -> set[str]:
    """The ids the package itself names (thresholds, rule table, pitfalls, FN risk words,
    dose tables and warnings, the ids written in the formats' code) and every id in the
    golden record's outputs (4,500 recorded commands)."""
    ids: set[str] = set()
    ids |= {s for v in vars(thresholds).values() if isinstance(v, thresholds.Threshold)
            for s in v.sources}
    ids |= {s for rule in RULES for s in rule.sources}
    ids |= {s for p in content.pitfalls().values() for s in p.sources}
    ids |= set(content.fn_risk_words().pearl_sources)
    ids |= {s for w in content.dose_warnings().values() for s in w.sources if s != "LABEL"}
    ids |= set(calc.LABEL_SOURCE.values())
    ids |= {s for r in (*tables.REGIMENS.values(), tables.TBO_REGIMEN) for s in r.sources}
    ids |= {s for group in tables.PRESENTATION_SOURCES.values() for s in group}
    ids |= {s for brand in products.BRANDS.values() for s in brand.sources}
    ids |= {s for d in s14_prophylaxis.DEFINITIONS for s in d.sources}
    ids |= {s for score in (s11_fn_risk.MASCC, s11_fn_risk.CISNE) for s in score.sources}
    for path in (ROOT / "leukodesk").rglob("*.py"):  # cite(["ID", ...]) written in code
        for group in re.findall(r"cite\(\[([^\]]*)\]", path.read_text(encoding="utf-8")):
            ids |= set(re.findall(r"['\"]([^'\"]+)['\"]", group))
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as f:
        for case in json.load(f)["cases"]:
            try:
                ids |= set(_sources_in(json.loads(case.get("text") or "null")))
            except json.JSONDecodeError:
                continue  # a text output (case --list)
    return ids


def test_the_scan_finds_the_ids_it_must() -> None:
    ids = used_ids()
    assert s11_fn_risk.MASCC.sources and s11_fn_risk.CISNE.sources   # the points' sources
    assert {"SEED", "CONV", "IDSA-2010", "NEUPOGEN-PI", "MASCC-2000", "CISNE-2015",
            "ASTCT-2019", "HOPA"} <= ids
    assert all(ID.fullmatch(i) for i in ids), sorted(i for i in ids if not ID.fullmatch(i))


def test_every_used_id_has_a_short_name_and_a_full_reference() -> None:
    register = content.sources()
    missing = sorted(used_ids() - set(register))
    assert not missing, missing
    for key, src in register.items():
        assert src.short.strip() and src.title.strip() and src.where.strip(), key
        assert len(src.short) <= 60, (key, src.short)  # short: it stands where an id was
        assert src.short != key and not ID.fullmatch(src.short), key  # a name, not an id
        assert ";" not in src.short, key  # cite() joins names with "; "


def test_short_names_are_unique() -> None:
    shorts = [s.short for s in content.sources().values()]
    assert len(shorts) == len(set(shorts))


@pytest.mark.parametrize(("source_id", "name"), [
    ("SEED", "Seed guideline summary, 2025"), ("CONV", "Convention of this rule set"),
    ("IDSA-2010", "IDSA febrile neutropenia guideline, 2010")])
def test_the_issues_names(source_id: str, name: str) -> None:
    assert content.source_name(source_id) == name


def test_cite_keeps_order_drops_repeats_and_names_unknown_ids_as_they_are() -> None:
    assert content.cite(["SEED", "IDSA-2010", "SEED"]) == (
        "Seed guideline summary, 2025; IDSA febrile neutropenia guideline, 2010")
    assert content.cite(["NOT-AN-ID"]) == "NOT-AN-ID"
    assert content.cite([]) == ""


def test_the_note_names_sources_and_the_json_keeps_the_ids() -> None:
    a = assess(FN_CASE)
    note = " ".join(note_text(a, at=datetime(2026, 3, 14, 9, 30)).split())
    used = {s for r in a.recommendations for s in r.sources}
    for source_id in used:
        assert re.search(rf"(?<![\w-]){re.escape(source_id)}(?![\w-])", note) is None, \
            source_id
    assert "Seed guideline summary, 2025" in note
    out = json.loads(a.model_dump_json())
    assert set(_sources_in(out)) >= used  # the contract's values: the ids, unchanged
