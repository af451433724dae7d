"""No text of the core restates a threshold as a bare number: it names the rules.py constant.

Every threshold lives once in :mod:`leukodesk.core.rules.thresholds`. The words shown to
people (the recommendation catalogue, the rule table's names of rules, definitions and
facts, the field help, the pitfalls, the dose warnings and the core's word tables) name a
threshold as a format field with the constant's name (``{FN_ANC_BELOW}``,
``{LLN_DEFAULTS[wbc]}``), filled once from rules.py.

- Scan: a digit in the literal part of a text fails, unless it is the unit's own digits
  (×10⁹/L) or one of the few allowed below, each with its reason.
- Every upper-case field names a constant of rules.py; the filled texts keep no field.
- Follow: change constants of rules.py (and clear the caches): the texts say the new
  numbers, through ``assess`` too, and say the old ones again once the change is undone.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from leukodesk.core import assess, content
from leukodesk.core.rules import advice, facts, table
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.table import words
from leukodesk.core.rules.thresholds import Threshold

# The unit ×10⁹/L carries digits of its own; it states no threshold.
UNIT = "×10⁹/L"

# (where, key, the literal text allowed, why it is not a threshold restated).
ALLOWED: list[tuple[str, str, str, str]] = [
    ("RULE_NAMES", "active_management", "CTCAE grade 3 or 4",
     "CTCAE grade names (categories), not cut-points: the cut-point itself is "
     "{ANC_ACTIVE_MANAGEMENT_BELOW} in the same text"),
    ("recommendations.json", "duffy_null_lln", "CTCAE grade 1",
     "a CTCAE grade name (a category), not a cut-point"),
    ("fields.json", "duffy_null", "CTCAE grade 1",
     "a CTCAE grade name (a category), not a cut-point"),
    ("DEFINITIONS", "active_management", "CTCAE grade 3 or 4",
     "CTCAE grade names (categories), not cut-points: the cut-point is named in the same text"),
    ("DEFINITIONS", "lymphopenia", "CTCAE grade 3 or 4",
     "CTCAE grade names (categories), not cut-points: the cut-point is named in the same text"),
    ("CHOICE_WORDS", "clinically_significant", "WHO grade 2",
     "the WHO bleeding scale's grade names (categories) that define the choice (RULES §8)"),
    ("CHOICE_WORDS", "severe_or_critical_site", "WHO grade 3-4",
     "the WHO bleeding scale's grade names (categories) that define the choice (RULES §8)"),
    ("recommendations.json", "azole_interactions", "CYP3A4",
     "the name of an enzyme, not a number"),
    ("recommendations.json", "lymphopenia", "CTCAE grade 3 or 4",
     "CTCAE grade names (categories): the cut-point is {LYMPHOPENIA_ALC_BELOW} in the text"),
    ("fields.json", "bleeding", "WHO grade 2",
     "the WHO bleeding scale's grade names (categories) that define the choice (RULES §8)"),
    ("fields.json", "bleeding", "WHO grade 3-4",
     "the WHO bleeding scale's grade names (categories) that define the choice (RULES §8)"),
    ("fields.json", "differential.segs_pct", "/ 100",
     "the arithmetic of a percentage (RULES §1 formula), not a threshold"),
    ("fn_risk.json", "hyperglycaemia_help", "capillary glucose of 121 mg/dL (6.7 mmol/L) or "
     "more, or 250 mg/dL (13.9 mmol/L) or more",
     "CancerCalc's definition quoted for the clinician (RULES §11): LeukoDesk never compares "
     "a glucose with it"),
    ("fields.json", "differential.bands_pct", "counts as 0",
     "an empty input's value (RULES §1: bands count 0 when not given), not a threshold"),
]


def _raw(name: str) -> dict[str, Any]:
    text = resources.files("leukodesk.core.content").joinpath(name).read_text("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def templates() -> dict[tuple[str, str], str]:
    """Every text the core writes from a table, as written in its source, by (where, key)."""
    out: dict[tuple[str, str], str] = {}
    for key, entry in _raw("recommendations.json").items():
        out["recommendations.json", key] = entry["text"]
    for key, entry in _raw("pitfalls.json").items():
        out["pitfalls.json", key] = entry["title"] + "\n" + entry["text"]
    for key, entry in _raw("dose_warnings.json").items():
        out["dose_warnings.json", key] = entry["text"]
    for key, text in _raw("fields.json").items():
        out["fields.json", key] = text
    fn_risk = _raw("fn_risk.json")
    for group in ("where", "cisne_gate", "mascc_risk", "cisne_class"):
        for key, text in fn_risk[group].items():
            out["fn_risk.json", f"{group}.{key}"] = text
    for i, text in enumerate(fn_risk["pearls"]):
        out["fn_risk.json", f"pearls.{i}"] = text
    for key in ("cisne_note", "under_18", "not_fn", "hyperglycaemia_help"):
        out["fn_risk.json", key] = fn_risk[key]
    for where, words_of in (
            ("RULE_NAMES", {r.id: r.name for r in table.RULES}),
            ("DEFINITIONS", {d.name: d.label for d in table.DEFINITIONS.values()}),
            ("FACTS", {name: label for name, (label, _) in facts.FACTS.items()}),
            ("CHOICE_WORDS", facts.CHOICE_WORDS),
            ("FEATURE_WORDS", words.FEATURE_WORDS),
            ("NEEDS_WORDS", words.NEEDS_WORDS),
            ("OUTPUT_WORDS", advice.OUTPUT_WORDS),
            ("PROCEDURE_WORDS", words.PROCEDURE_WORDS)):
        for key, text in words_of.items():
            out[where, key] = text
    return out


TEMPLATES = templates()


def fields(text: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]


def literal(text: str) -> str:
    """The text without its format fields."""
    return "".join(lit for lit, _, _, _ in string.Formatter().parse(text))


def constant_of(field: str) -> str:
    """The rules.py name a field names: "LLN_DEFAULTS[wbc]" → "LLN_DEFAULTS"."""
    return re.split(r"[\[.]", field, maxsplit=1)[0]


# --- scan ------------------------------------------------------------------------------------
def bare_numbers(text: str) -> list[str]:
    """The numbers a text states itself (not in a format field), the ×10⁹/L unit aside."""
    return re.findall(r"\d+(?:[.,]\d+)?", literal(text).replace(UNIT, ""))


@pytest.mark.parametrize("where_key", sorted(TEMPLATES), ids="/".join)
def test_no_bare_number_in_a_text(where_key: tuple[str, str]) -> None:
    text = TEMPLATES[where_key]
    for where, key, allowed, _reason in ALLOWED:
        if (where, key) == where_key:
            assert allowed in literal(text), f"stale allow-list entry {where}/{key}: {allowed!r}"
            text = text.replace(allowed, "")
    bare = bare_numbers(text)
    assert not bare, (f"{'/'.join(where_key)} states {bare} as bare numbers: name the rules.py "
                      f"constant instead ({{FN_ANC_BELOW}}), or allow it here with a reason")


def test_the_allow_list_names_real_texts() -> None:
    for where, key, _allowed, reason in ALLOWED:
        assert (where, key) in TEMPLATES and reason.strip()


def test_the_scan_catches_a_bare_threshold() -> None:
    """The scan itself: a bare number fails, a field or the unit does not."""
    assert bare_numbers("ANC below 0.5 ×10⁹/L")
    assert not bare_numbers("ANC {anc} below {FN_ANC_BELOW} ×10⁹/L")


# --- fields ----------------------------------------------------------------------------------
@pytest.mark.parametrize("where_key", sorted(TEMPLATES), ids="/".join)
def test_every_upper_case_field_names_a_rules_constant(where_key: tuple[str, str]) -> None:
    for field in fields(TEMPLATES[where_key]):
        name = constant_of(field)
        if name.islower():
            continue  # filled by the rule that fires (see test_content)
        assert name.isupper() and isinstance(getattr(rules, name, None),
                                             (Threshold, dict, tuple)), (where_key, field)
        assert "{" not in content.with_thresholds("{" + field + "}")


def test_a_misspelt_constant_is_refused() -> None:
    with pytest.raises(KeyError, match="FN_ANC_BELOOW"):
        content.with_thresholds("below {FN_ANC_BELOOW}")
    assert content.with_thresholds("ANC {anc} below {FN_ANC_BELOW}") == "ANC {anc} below 0.5"


def test_the_filled_tables_keep_no_threshold_field() -> None:
    filled = [*(r.text for r in content.recommendations().values()),
              *advice.rule_names().values(), *advice.definition_labels().values(),
              *facts.labels().values(), *content.field_help().values(),
              *words.feature_words().values(), *words.needs_words().values(),
              *(p.title + p.text for p in content.pitfalls().values()),
              *(w.text for w in content.dose_warnings().values())]
    for text in filled:
        assert all(constant_of(f).islower() for f in fields(text)), text


def test_thresholds_are_written_as_the_rule_set_writes_them() -> None:
    """The rule set's own digits: 1.0 stays "1.0" (not "1"), 10 stays "10" (not "10.0")."""
    written = rules.text_values()
    assert written["FN_REASSESS_BELOW"] == "1.0" and written["HR_DURATION_FROM_DAYS"] == "10"
    assert written["CTCAE_ANEMIA"] == ("10.0", "8.0")
    assert written["LLN_DEFAULTS"]["hemoglobin"] == "12.0"
    assert rules.written(Decimal("1E+2")) == "100"
    assert rules.text_values() is written, "built once"


# --- follow a change of rules.py -------------------------------------------------------------
@pytest.fixture
def changed(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Constants of rules.py may be changed through the yielded monkeypatch; the caches
    are cleared after the change and again after it is undone."""
    content.clear_caches()
    yield monkeypatch
    monkeypatch.undo()
    content.clear_caches()


def _set(mp: pytest.MonkeyPatch, name: str, value: str) -> None:
    old = getattr(rules, name)
    mp.setattr(rules, name, Threshold(Decimal(value), old.unit, old.sources))


def test_every_text_follows_every_constant_it_names(changed: pytest.MonkeyPatch) -> None:
    """Each constant a text names gets a value of its own; each filled text then reads
    exactly its template with those values put in (worked out here without the core)."""
    named = sorted({f for t in TEMPLATES.values() for f in fields(t)
                    if constant_of(f).isupper()})
    new = {field: f"{97 + i}.{i + 1}3" for i, field in enumerate(named)}
    for field, value in new.items():
        match = re.fullmatch(r"(\w+)\[(\w+)\]", field)
        if match:
            table, key = match.groups()
            old = getattr(rules, table)[key]
            changed.setitem(getattr(rules, table), key,
                            Threshold(Decimal(value), old.unit, old.sources))
        else:
            _set(changed, field, value)
    content.clear_caches()

    def expected(template: str) -> str:
        return re.sub(r"\{([A-Z][A-Z_0-9]*(?:\[\w+\])?)\}", lambda m: new[m.group(1)],
                      template)

    filled = {**{("recommendations.json", k): r.text
                 for k, r in content.recommendations().items()},
              **{("RULE_NAMES", k): t for k, t in advice.rule_names().items()},
              **{("DEFINITIONS", k): t for k, t in advice.definition_labels().items()},
              **{("FACTS", k): t for k, t in facts.labels().items()},
              **{("fields.json", k): t for k, t in content.field_help().items()},
              **{("FEATURE_WORDS", k): t for k, t in words.feature_words().items()},
              **{("NEEDS_WORDS", k): t for k, t in words.needs_words().items()}}
    followed = 0
    for where_key, text in filled.items():
        assert text == expected(TEMPLATES[where_key]), where_key
        followed += text != TEMPLATES[where_key]
    assert followed >= 30


def test_assess_says_the_new_numbers_and_then_the_old_ones(
        changed: pytest.MonkeyPatch) -> None:
    docs = {"hyperleukocytosis": {"wbc": 150},
            "plt_transfuse_prophylactic": {"wbc": 5, "platelets": 8},
            "fn_answer_48h": {"wbc": 2, "anc": 0.7, "temperature_c": 38.5},
            "fn_antibiotics": {"wbc": 5.0, "anc": 0.3, "temperature_c": 38.5},
            "cmml": {"wbc": 3, "diagnosis": "cmml"}}

    def said() -> dict[str, tuple[str, str, str]]:
        out = {}
        for key, doc in docs.items():
            a = assess(doc)
            (rec,) = [r for r in a.recommendations if r.id == key]
            out[key] = (rec.text, rec.why.rule, " ".join(n.message for n in a.not_assessed))
        return out

    before = said()
    _set(changed, "HYPERLEUKOCYTOSIS_ABOVE", "120")
    _set(changed, "PLT_PROPHYLACTIC_AT_MOST", "12")
    _set(changed, "FN_FALL_WITHIN_HOURS", "72")
    _set(changed, "ANTIBIOTICS_WITHIN_HOURS", "3")
    _set(changed, "CMML_BLASTS_BELOW_PCT", "20")
    content.clear_caches()
    after = said()

    text, rule, _ = after["hyperleukocytosis"]
    assert "above 120)" in text and rule == "Hyperleukocytosis: WBC above 120 ×10⁹/L"
    because = assess(docs["hyperleukocytosis"]).recommendations[0].why.because
    assert "  WBC 150 ×10⁹/L > 120 ×10⁹/L → yes" in because
    text, rule, _ = after["plt_transfuse_prophylactic"]
    assert "(12 or below)" in text and "at or below 12 ×10⁹/L" in rule
    text, rule, missing = after["fn_answer_48h"]
    assert "within 72 hours" in text and "the 72-hour question" in rule
    assert "the 72-hour question (ANC expected below 0.5)" in missing
    text, rule, _ = after["fn_antibiotics"]
    assert "within 3 hour of triage" in text and rule.endswith("within 3 hour")
    text, rule, _ = after["cmml"]
    assert "fewer than 20 % blasts" in text and "fewer than 20 % blasts" in rule
    for key in docs:
        assert after[key] != before[key], key

    changed.undo()
    content.clear_caches()
    assert said() == before
    assert "above 100)" in before["hyperleukocytosis"][0]


def test_field_help_follows_a_laboratory_default(changed: pytest.MonkeyPatch) -> None:
    old = rules.LLN_DEFAULTS["wbc"]
    changed.setitem(rules.LLN_DEFAULTS, "wbc", Threshold(Decimal("3.5"), old.unit, old.sources))
    content.clear_caches()
    assert content.field_help()["lln.wbc"].endswith("empty uses 3.5.")


def test_assess_fills_no_threshold_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """The words are filled once: once warm, ``assess`` (the window runs it on every
    keystroke) neither fills a template nor rebuilds the written values again."""
    docs = [{"wbc": 150, "platelets": 8, "diagnosis": "cmml", "age_years": 70},
            {"wbc": 2, "anc": 0.7, "temperature_c": 38.5},
            {"wbc": 1.1, "anc": 0.05, "temperature_c": 39, "weight_kg": 70, "age_years": 70,
             "diagnosis": "aml", "myelosuppressive_chemo": True, "hemoglobin_g_dl": 6.5}]
    warm = [assess(d) for d in docs]

    def refuse(*_: object) -> str:
        raise AssertionError("a template was filled during assess")

    monkeypatch.setattr(content, "with_thresholds", refuse)
    monkeypatch.setattr(rules, "_as_written", refuse)
    assert [assess(d) for d in docs] == warm
