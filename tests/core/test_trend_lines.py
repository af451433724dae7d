"""The trend in words (RULES §13; issue 17 "The trend in words"): formats/trend_lines.py.

Both sides of every condition the words turn on: no history against a history; a
direction against fewer than two ANCs; the nadir passed against not passed, since the last
chemotherapy or among all counts; each episode going on against ended, and none; profound
neutropenia for more than 7 days against exactly 7; recovery confirmed, provisional, not
yet, and not applying; the filgrastim stop reached, undecided and not reached; the 48-hour
hint on both sides and absent. Every figure read back equals the core's trend; the texts
name the thresholds from rules.py (a changed constant changes the words) and state none
as a bare number.
"""

from __future__ import annotations

import ast
import inspect
import re
from decimal import Decimal
from typing import Any

import pytest

from leukodesk.core import assess
from leukodesk.core.formats import trend_lines
from leukodesk.core.formats.trend_lines import NO_HISTORY, trend_entries, trend_section, when
from leukodesk.core.formats.trend_lines import trend_lines as lines_of
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.thresholds import Threshold
from tests.core.test_trend import day, patient


def words(doc: dict[str, Any]) -> tuple[str, ...]:
    return lines_of(assess(doc))


def line(doc: dict[str, Any], start: str) -> str:
    found = [t for t in words(doc) if t.startswith(start)]
    assert len(found) == 1, (start, words(doc))
    return found[0]


ISSUE = {"wbc": 2, "anc": 0.4, "counts_time": "2026-03-20", "last_chemo_at": "2026-03-01",
         "history": [{"time": "2026-03-05", "wbc": 4, "anc": 2.5},
                     {"time": "2026-03-10", "wbc": 1.2, "anc": 0.3},
                     {"time": "2026-03-14", "wbc": 0.8, "anc": 0.08},
                     {"time": "2026-03-17", "wbc": 1.5, "anc": 0.6}]}


def test_the_issues_example_in_words() -> None:
    assert words(ISSUE) == (
        "ANC falling (−33.3 %): 0.600 → 0.400 ×10⁹/L from 17 Mar 2026 to 20 Mar 2026, "
        "−0.067 ×10⁹/L per day",
        "Nadir since the last chemotherapy (1 Mar 2026): ANC 0.080 ×10⁹/L on 14 Mar 2026 — "
        "passed: a later ANC is higher (a hint for “past the nadir”, never its answer)",
        "Severe neutropenia (ANC below 0.5): since the latest count (20 Mar 2026), going on "
        "— its length is not known yet; counts 3 days apart: the true span may differ by up "
        "to one interval at each end [IDSA febrile neutropenia guideline, 2010]",
        "Profound neutropenia (ANC below 0.1): 3 days, ended (from 14 Mar 2026 to the first "
        "count at or above 0.1); counts 3–4 days apart: the true span may differ by up to "
        "one interval at each end [IDSA febrile neutropenia guideline, 2010]",
        "Recovery to ANC 0.5 or more: not yet — the latest ANC is below 0.5 (confirmed by 3 "
        "counts on 3 consecutive calendar days, each at or above 0.5) [ASTCT transplant outcome "
        "definitions, 2019; Myeloid engraftment definition (BMT), 2002]",
        "Filgrastim stop (ANC above 10 after the nadir): not reached — the latest ANC is 10 "
        "or less [Neupogen (filgrastim) US label; Granix (tbo-filgrastim) dosing]")
    a = assess(ISSUE)
    assert [e.strong for e in trend_entries(a)][0] is True  # falling below 1.0
    section = trend_section(a)
    assert section is not None and section.title == trend_lines.TITLE
    assert tuple(e.text for e in section.entries) == lines_of(a)


def test_no_history_no_lines() -> None:
    a = assess({"wbc": 2, "anc": 0.4})
    assert a.trend is None and trend_entries(a) == () and trend_section(a) is None
    assert "earlier counts" in NO_HISTORY
    assert trend_entries(assess({"wbc": 2, "history": []})) == ()


# --- direction ---------------------------------------------------------------------------
@pytest.mark.parametrize(("first", "last", "said", "strong"), [
    (0.9, 0.6, "ANC falling (−33.3 %): 0.900 → 0.600", True),
    (1.6, 1.2, "ANC falling (−25 %): 1.60 → 1.20", False),   # not below 1.0: not strong
    (0.6, 0.9, "ANC rising (+50 %): 0.600 → 0.900", False),
    (0.6, 0.6, "ANC unchanged (0 %): 0.600 → 0.600", False),
    (0, 0.2, "ANC rising: 0.000 → 0.200", False),                # no % of a zero ANC
], ids=["falling-low", "falling-high", "rising", "unchanged", "from-zero"])
def test_direction_with_its_change(first: float, last: float, said: str, strong: bool) -> None:
    doc = patient((day(1), first), (day(3), last))
    text = line(doc, "ANC ")
    assert text.startswith(said + " ×10⁹/L from 1 Mar 2026 to 3 Mar 2026, "), text
    assert trend_entries(assess(doc))[0].strong is strong
    assert text.endswith(" ×10⁹/L per day")


def test_the_slope_follows_the_core() -> None:
    doc = patient((day(1), 0.9), (day(4), 0.6))
    assert assess(doc).trend.anc_slope_per_day == pytest.approx(-0.1)
    assert line(doc, "ANC ").endswith(", −0.1 ×10⁹/L per day")


def test_no_slope_on_the_same_day() -> None:
    doc = patient((day(3), 0.9), (day(3, "08:00"), 0.6))
    assert assess(doc).trend.anc_slope_per_day is None
    assert line(doc, "ANC ").endswith("from 3 Mar 2026 to 3 Mar 2026 08:00, on the same day")


@pytest.mark.parametrize(("points", "told"), [
    (((day(1), None), (day(3), 0.6)), "only one count has one"),
    (((day(1), None), (day(3), None)), "no count has one"),
], ids=["one-anc", "no-anc"])
def test_direction_needs_two_ancs(points: tuple, told: str) -> None:
    said = words(patient(*points))
    assert said[0] == ("ANC trend: not assessed — it needs two counts with an ANC, and "
                       f"{told} (a WBC alone gives none).")
    if told == "no count has one":  # nothing else can be said
        assert said[1:] == ("Nadir: not assessed — no count with an ANC.",)


# --- nadir -------------------------------------------------------------------------------
def test_nadir_passed_and_not() -> None:
    passed = patient((day(1), 0.9), (day(3), 0.2), (day(5), 0.4))
    assert line(passed, "Nadir") == ("Nadir: ANC 0.200 ×10⁹/L on 3 Mar 2026 — passed: a later "
                                     "ANC is higher (a hint for “past the nadir”, never its "
                                     "answer)")
    not_yet = patient((day(1), 0.9), (day(3), 0.4), (day(5), 0.2))
    assert line(not_yet, "Nadir") == ("Nadir: ANC 0.200 ×10⁹/L on 5 Mar 2026 — not passed "
                                      "yet: no later ANC is higher (the count may still fall)")


def test_nadir_since_the_last_chemotherapy() -> None:
    doc = patient((day(1), 0.1), (day(5), 0.3), (day(8), 0.6), last_chemo_at=day(4))
    assert assess(doc).trend.nadir_anc == 0.3
    assert line(doc, "Nadir").startswith("Nadir since the last chemotherapy (4 Mar 2026): "
                                         "ANC 0.300 ×10⁹/L on 5 Mar 2026 — passed")
    none_after = patient((day(1), 0.1), (day(5), None), last_chemo_at=day(4))
    assert assess(none_after).trend.nadir_anc is None
    assert line(none_after, "Nadir") == ("Nadir since the last chemotherapy (4 Mar 2026): not "
                                         "assessed — no count with an ANC at or after it.")


# --- episodes ----------------------------------------------------------------------------
def test_severe_ended_against_going_on() -> None:
    ended = patient((day(1), 0.8), (day(4), 0.4), (day(6), 0.3), (day(11), 0.7))
    t = assess(ended).trend
    assert (t.severe_days, t.severe_ongoing) == (7, False)
    assert line(ended, "Severe") == (
        "Severe neutropenia (ANC below 0.5): 7 days, ended (from 4 Mar 2026 to the first "
        "count at or above 0.5); counts 2–5 days apart: the true span may differ by up to "
        "one interval at each end [IDSA febrile neutropenia guideline, 2010]")
    going = patient((day(1), 0.8), (day(4), 0.4), (day(6), 0.3))
    t = assess(going).trend
    assert (t.severe_days, t.severe_ongoing) == (2, True)
    assert line(going, "Severe") == (
        "Severe neutropenia (ANC below 0.5): at least 2 days, going on (from 4 Mar 2026 to "
        "the latest count); counts 2–3 days apart: the true span may differ by up to one "
        "interval at each end [IDSA febrile neutropenia guideline, 2010]")


def test_an_episode_from_the_first_count_may_have_begun_before_it() -> None:
    doc = patient((day(1), 0.3), (day(3), 0.2))
    assert line(doc, "Severe").endswith(
        "at least 2 days, going on (from 1 Mar 2026 to the latest count); counts 2 days "
        "apart; it may have begun before the first count: the true span may differ by up "
        "to one interval at each end [IDSA febrile neutropenia guideline, 2010]")


def test_no_episode() -> None:
    doc = patient((day(1), 0.8), (day(3), 0.6))
    assert line(doc, "Severe") == ("Severe neutropenia (ANC below 0.5): no count below "
                                   "it [IDSA febrile neutropenia guideline, 2010]")
    assert line(doc, "Profound neutropenia (") == ("Profound neutropenia (ANC below 0.1): no "
                                                   "count below it [IDSA febrile neutropenia "
                                                   "guideline, 2010]")


@pytest.mark.parametrize(("last", "over"), [(8, True), (7, False)], ids=["8-days", "7-days"])
def test_profound_over_7_days(last: int, over: bool) -> None:
    doc = patient((day(1), 0.05), (day(1 + last), 0.08))
    a = assess(doc)
    assert a.trend.profound_days == last and a.trend.profound_over_7_days is over
    high_risk = [e for e in trend_entries(a) if "IDSA high risk" in e.text]
    if over:
        assert [e.text for e in high_risk] == [
            "Profound neutropenia for more than 7 days: IDSA high risk [IDSA febrile "
            "neutropenia guideline, 2010]"]
        assert high_risk[0].strong
    else:
        assert high_risk == []
    assert f"at least {last} days, going on" in line(doc, "Profound neutropenia (")


# --- recovery ----------------------------------------------------------------------------
def test_recovery_confirmed_provisional_not_yet_and_not_applying() -> None:
    confirmed = patient((day(1), 0.2), (day(3), 0.6), (day(4), 0.7), (day(5), 0.9))
    assert assess(confirmed).trend.recovery_0_5 == "confirmed"
    assert line(confirmed, "Recovery") == (
        "Recovery to ANC 0.5 or more: confirmed from 3 Mar 2026, the first of 3 counts on "
        "consecutive calendar days each at or above 0.5 [ASTCT transplant outcome definitions, "
        "2019; Myeloid engraftment definition (BMT), 2002]")
    gap = patient((day(1), 0.2), (day(3), 0.6), (day(4), 0.7), (day(6), 0.9))
    assert assess(gap).trend.recovery_0_5 == "provisional"
    assert line(gap, "Recovery") == (
        "Recovery to ANC 0.5 or more: provisional from 3 Mar 2026 — confirmed by 3 counts on "
        "3 consecutive calendar days, each at or above 0.5 [ASTCT transplant outcome "
        "definitions, 2019; Myeloid engraftment definition (BMT), 2002]")
    back = patient((day(1), 0.2), (day(3), 0.6), (day(4), 0.4))
    assert assess(back).trend.recovery_0_5 == "not_yet"
    assert line(back, "Recovery").startswith("Recovery to ANC 0.5 or more: not yet — the "
                                             "latest ANC is below 0.5")
    high = patient((day(1), 0.9), (day(3), 0.6))
    assert assess(high).trend.recovery_0_5 is None
    assert line(high, "Recovery") == ("Recovery to ANC 0.5 or more: does not apply — the "
                                      "nadir (0.600) is not below 0.5 [ASTCT transplant outcome "
                                      "definitions, 2019; Myeloid engraftment definition (BMT), "
                                      "2002]")


# --- the filgrastim stop and the 48-hour hint ----------------------------------------------
def test_filgrastim_stop_reached_undecided_and_not() -> None:
    reached = patient((day(2), 0.3), (day(9), 12), last_chemo_at=day(1))
    assert assess(reached).trend.filgrastim_stop_reached is True
    text = line(reached, "Filgrastim")
    assert text.startswith("Filgrastim stop (ANC above 10 after the nadir): reached — the "
                           "ANC is above 10 after a passed nadir below 1.0")
    assert [e.strong for e in trend_entries(assess(reached)) if e.text == text] == [True]
    early = patient((day(2), 0.3), (day(9), 12))  # no end of chemotherapy given
    assert assess(early).trend.filgrastim_stop_reached is None
    assert "not decided" in line(early, "Filgrastim")
    assert "transient rise" in line(early, "Filgrastim")
    low = patient((day(2), 0.3), (day(9), 10), last_chemo_at=day(1))
    assert assess(low).trend.filgrastim_stop_reached is False
    assert line(low, "Filgrastim").endswith("not reached — the latest ANC is 10 or less "
                                            "[Neupogen (filgrastim) US label; Granix "
                                            "(tbo-filgrastim) dosing]")


def test_the_48_hour_hint_on_both_sides_and_absent() -> None:
    below = patient((day(1), 1.0), (day(2), 0.7))   # 0.7 − 2 × 0.3 = 0.1 < 0.5
    assert assess(below).trend.projection_below_0_5_in_48h is True
    assert line(below, "Hint") == (
        "Hint: at the last slope the ANC would fall below 0.5 within 48 hours. A hint "
        "beside the 48-hour question, never its answer: answer it from the patient "
        "[IDSA febrile neutropenia guideline, 2010; ASCO/IDSA outpatient febrile neutropenia "
        "guideline, 2018]")
    above = patient((day(1), 1.0), (day(2), 0.9))   # 0.9 − 0.2 = 0.7
    assert assess(above).trend.projection_below_0_5_in_48h is False
    assert "would stay at or above 0.5 for the next 48 hours" in line(above, "Hint")
    rising = patient((day(1), 0.7), (day(2), 0.9))
    assert assess(rising).trend.projection_below_0_5_in_48h is None
    assert not [t for t in words(rising) if t.startswith("Hint")]


# --- times -------------------------------------------------------------------------------
def test_times_are_written_for_people() -> None:
    assert when("2026-03-14") == "14 Mar 2026"
    assert when("2026-03-14T09:30") == "14 Mar 2026 09:30"
    assert when("2026-12-01", short=True) == "1 Dec"
    assert when("not a time") == "not a time"


# --- thresholds named from rules.py ------------------------------------------------------
def _module_texts() -> list[str]:
    """Every string literal of trend_lines.py but its docstrings."""
    tree = ast.parse(inspect.getsource(trend_lines))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.FunctionDef) and n.body
                  and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_text_states_a_threshold_as_a_bare_number() -> None:
    texts = _module_texts()
    assert any("Severe neutropenia" in t for t in texts)  # the scan sees the texts
    bare = [t for t in texts if re.search(r"\d", t)]
    assert bare == [], "name the rules.py constant instead of a number"


def test_the_words_follow_the_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    def set_(name: str, value: str) -> None:
        old = getattr(rules, name)
        monkeypatch.setattr(rules, name, Threshold(Decimal(value), old.unit, old.sources))

    doc = patient((day(1), 0.2), (day(3), 0.6), (day(4), 0.7), (day(5), 0.9))
    for name, value in (("TREND_SEVERE_BELOW", "0.65"), ("TREND_PROFOUND_BELOW", "0.25"),
                        ("RECOVERY_ANC_FROM", "0.55"), ("GCSF_STOP_ANC", "12")):
        set_(name, value)
    rules.thresholds_in.cache_clear()
    try:
        said = words(doc)
    finally:
        monkeypatch.undo()
        rules.thresholds_in.cache_clear()
    assert any(t.startswith("Severe neutropenia (ANC below 0.65): 3 days, ended") for t in said)
    assert any(t.startswith("Profound neutropenia (ANC below 0.25): 2 days, ended") for t in said)
    assert any(t.startswith("Recovery to ANC 0.55 or more: confirmed") for t in said)
    assert any(t.startswith("Filgrastim stop (ANC above 12 after") for t in said)
    assert not any("0.65" in t for t in words(doc))


@pytest.mark.parametrize(("days", "shown"), [("7.0417", "7.04 days"), ("6.96", "6.96 days"),
                                             ("7.5", "7.5 days"), ("1", "1 day")])
def test_days_never_read_across_the_7_day_threshold(days: str, shown: str) -> None:
    """Beside "more than 7 days: IDSA high risk", 7.04 days must not read "7" (RULES §1)."""
    from decimal import Decimal

    from leukodesk.core.formats.trend_lines import _days

    assert _days(Decimal(days)) == shown
