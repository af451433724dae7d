"""The texts of ``leukodesk/core/content`` and how the advice builder uses them.

Catalogue entries are well formed and sourced; the ids advice.py can emit and the
catalogue keys match both ways (no missing text, no dead entry); every placeholder of a
text is filled by its rule; the pitfalls of RULES §12 are all there; advice is ordered
confirm_unit first, then emergency > urgent > routine > info, catalogue order within.
"""

from __future__ import annotations

import ast
import inspect
import json
import string
from importlib import resources
from typing import Any

import pytest

from leukodesk.core import assess, content
from leukodesk.core.rules import advice

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


# --- what advice.py can emit, read from its source -----------------------------------------
def _assignments(tree: ast.AST) -> dict[str, ast.expr]:
    return {node.targets[0].id: node.value for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)}


def _ids(node: ast.expr, names: dict[str, ast.expr]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _ids(node.body, names) + _ids(node.orelse, names)
    if isinstance(node, ast.Name) and isinstance(getattr(advice, node.id, None), str):
        return [getattr(advice, node.id)]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = names.get(node.value.id)
        if isinstance(table, ast.Dict):
            return [i for v in table.values for i in _ids(v, names)]
    raise AssertionError(f"cannot read the id emitted at line {node.lineno}: "
                         f"{ast.unparse(node)}")


def _keys(node: ast.expr, names: dict[str, ast.expr]) -> set[str]:
    if isinstance(node, ast.Name) and node.id in names:
        node = names[node.id]
    assert isinstance(node, ast.Dict), f"line {node.lineno}: words are not a dict literal"
    return {k.value for k in node.keys if isinstance(k, ast.Constant)}


def emitted() -> dict[str, set[str]]:
    """Each recommendation id advice.py passes to add((id, words)) → the words' keys."""
    tree = ast.parse(inspect.getsource(advice))
    names = _assignments(tree)
    out: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "add":
            (arg,) = node.args
            assert isinstance(arg, ast.Tuple) and len(arg.elts) == 2
            for ident in _ids(arg.elts[0], names):
                out[ident] = _keys(arg.elts[1], names)
    return out


EMITTED = emitted()


# --- catalogue -------------------------------------------------------------------------------
@pytest.mark.parametrize("key", sorted(raw("recommendations.json")))
def test_catalogue_entry_is_well_formed(key: str) -> None:
    entry = raw("recommendations.json")[key]
    assert set(entry) == {"urgency", "text", "sources"}
    assert entry["text"].strip()
    assert entry["urgency"] in URGENCIES
    assert entry["sources"] and set(entry["sources"]) <= set(content.sources())


def test_loaded_catalogue_matches_the_file() -> None:
    loaded = content.recommendations()
    assert list(loaded) == list(raw("recommendations.json"))
    assert [e.order for e in loaded.values()] == list(range(len(loaded)))


def test_the_id_reader_sees_the_whole_module() -> None:
    assert {"confirm_unit", "fn_antibiotics", "plt_procedure", "plt_procedure_ok", "cmml",
            "mds_higher_risk", "no_leukopenia"} <= set(EMITTED)
    assert inspect.getsource(advice).count("add((") == len(
        [n for n in ast.walk(ast.parse(inspect.getsource(advice)))
         if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "add"])


def test_every_emitted_id_has_a_catalogue_entry() -> None:
    assert set(EMITTED) - set(content.recommendations()) == set()


def test_no_catalogue_entry_is_dead() -> None:
    assert set(content.recommendations()) - set(EMITTED) == set()


@pytest.mark.parametrize("key", sorted(EMITTED))
def test_every_placeholder_is_filled_by_its_rule(key: str) -> None:
    text = content.recommendations()[key].text
    assert placeholders(text) == EMITTED[key], key


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
    keys = [(URGENCIES.index(catalogue[i].urgency.value), catalogue[i].order) for i in ids]
    assert keys == sorted(keys), ids


@pytest.mark.parametrize("doc", SCENARIOS)
def test_recommendations_are_ordered(doc: dict[str, Any]) -> None:
    a = assess(doc)
    ids = [r.id for r in a.recommendations]
    assert len(ids) == len(set(ids)), "no rule fires twice"
    check_order(ids)
    for r in a.recommendations:
        assert r.urgency == content.recommendations()[r.id].urgency
        assert r.text and "{" not in r.text and "}" not in r.text


def test_confirm_unit_precedes_emergencies() -> None:
    recs = assess(EVERYTHING).recommendations
    assert recs[0].id == "confirm_unit" and recs[0].urgency.value == "urgent"
    assert {r.urgency.value for r in recs[1:]} == set(URGENCIES)
    assert recs[1].urgency.value == "emergency"
