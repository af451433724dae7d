"""The texts of ``leukodesk/core/content`` and how the advice builder uses them.

Catalogue entries are well formed; the rule table and the catalogue match both ways (no
missing text, no dead entry; that every placeholder is filled is held by
test_rule_table.py, which fires every rule); the pitfalls of RULES §12 are all there;
advice is ordered confirm_unit first, then emergency > urgent > routine > info, catalogue
order within.
"""

from __future__ import annotations

import json
import string
from importlib import resources
from typing import Any

import pytest

from leukodesk.core import assess, content
from leukodesk.core.rules import table

URGENCIES = ["emergency", "urgent", "routine", "info"]
RULES_12_PITFALLS = {  # id: words its title or text must contain (RULES §12)
    "not_all_need_treatment": ("treatment",),
    "no_reflex_prophylaxis": ("prophylaxis",),
    "blast_maturation": ("blast maturation",),
    "nutrition": ("nutrition",),
    "apl_leukapheresis": ("leukapheresis", "promyelocytic"),
    "duffy_null": ("duffy-null",),
    "trend_and_lines": ("earlier counts", "platelets"),
    "manual_smear": ("manual", "smear"),
}


def raw(name: str) -> dict[str, Any]:
    text = resources.files("leukodesk.core.content").joinpath(name).read_text("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


# --- catalogue -------------------------------------------------------------------------------
RULES = {rule.id: rule for rule in table.RULES}


@pytest.mark.parametrize("key", sorted(raw("recommendations.json")))
def test_catalogue_entry_is_well_formed(key: str) -> None:
    """The catalogue holds the words; urgency, sources and condition are the table's."""
    entry = raw("recommendations.json")[key]
    assert set(entry) == {"text"}
    assert entry["text"].strip()
    assert key in RULES
    assert RULES[key].urgency.value in URGENCIES
    assert RULES[key].sources and set(RULES[key].sources) <= set(content.sources())


def test_loaded_catalogue_matches_the_file() -> None:
    loaded = content.recommendations()
    assert list(loaded) == list(raw("recommendations.json"))
    assert [e.order for e in loaded.values()] == list(range(len(loaded)))


def test_every_rule_has_a_catalogue_entry_and_none_is_dead() -> None:
    assert set(RULES) == set(content.recommendations())


# --- pitfalls and sources --------------------------------------------------------------------
def test_all_pitfalls_of_rules_section_12_are_present() -> None:
    pits = content.pitfalls()
    assert len(pits) == 8
    assert set(pits) == set(RULES_12_PITFALLS)
    for key, words in RULES_12_PITFALLS.items():
        pit = pits[key]
        said = f"{pit.title} {pit.text}".lower()
        assert all(w in said for w in words), (key, words)
        assert pit.title.strip() and pit.text.strip()
        assert pit.sources and set(pit.sources) <= set(content.sources()), key


def test_pitfalls_file_has_only_title_text_sources() -> None:
    for key, entry in raw("pitfalls.json").items():
        assert set(entry) == {"title", "text", "sources"}, key


def test_source_register_entries_are_complete() -> None:
    register = content.sources()
    assert {"SEED", "CONV", "CTCAE-ADMIRAL", "IDSA-2010", "AABB-PLT-2015"} <= set(register)
    for key, src in register.items():
        assert src.id == key
        assert src.title.strip() and src.where.strip() and src.kind.strip(), key


# --- ordering --------------------------------------------------------------------------------
EVERYTHING = {  # fires confirm_unit and advice of all four urgencies
    "wbc": 250, "anc": 0.05, "temperature_c": 39.2, "platelets": 5, "active_bleeding": True,
    "diagnosis": "apl", "systemic_infection_signs": True, "age_years": 70, "weight_kg": 70,
    "hemoglobin_g_dl": 6.5, "myelosuppressive_chemo": True, "anthracycline_chemo": True,
    "duffy_null": True, "planned_procedure": "lumbar_puncture",
}
SCENARIOS = [
    EVERYTHING,
    {"wbc": 6, "platelets": 1600},
    {"wbc": 3.5, "anc": 1.6, "hemoglobin_g_dl": 7.5},
    {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6, "age_years": 70,
     "platelets": 8, "weight_kg": 72.4},
    {"wbc": 1.6, "anc": 0.7, "temperature_c": 38.4, "platelets": 40,
     "planned_procedure": "central_line", "diagnosis": "aml", "expected_neutropenia_days": 21},
]


def check_order(ids: list[str]) -> None:
    catalogue = content.recommendations()
    if "confirm_unit" in ids:
        assert ids[0] == "confirm_unit"
        ids = ids[1:]
    keys = [(URGENCIES.index(RULES[i].urgency.value), catalogue[i].order) for i in ids]
    assert keys == sorted(keys), ids


@pytest.mark.parametrize("doc", SCENARIOS)
def test_recommendations_are_ordered(doc: dict[str, Any]) -> None:
    a = assess(doc)
    ids = [r.id for r in a.recommendations]
    assert len(ids) == len(set(ids)), "no rule fires twice"
    check_order(ids)
    for r in a.recommendations:
        assert r.urgency == RULES[r.id].urgency
        assert r.text and "{" not in r.text and "}" not in r.text


def test_confirm_unit_precedes_emergencies() -> None:
    recs = assess(EVERYTHING).recommendations
    assert recs[0].id == "confirm_unit" and recs[0].urgency.value == "urgent"
    assert {r.urgency.value for r in recs[1:]} == set(URGENCIES)
    assert recs[1].urgency.value == "emergency"
