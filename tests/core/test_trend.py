"""Serial counts and their trend (RULES §13, rule set 2026.2; issue 17).

- Every definition of the §13 table at its edges: fewer than two ANCs, 0 days between
  points (slope null), a date against a date-time on the same day, nadir ties, the
  ``last_chemo_at`` boundary, the latest severe and profound runs (7 against 8 days),
  recovery on three consecutive calendar days against a gap and back to "not yet", the
  48-hour projection, the filgrastim stop true / null / false.
- Points without an ANC stay on the plot and out of the ANC figures; a cells/µL history
  gives the same trend in ×10⁹/L; times are echoed as written; the order rows are given in
  does not matter.
- Every refusal names its row; the trend's keys are exactly the contract's.
- What the trend adds to the advice, on both sides of each condition, and the "why" of
  each holds for the inputs (recomputed by test_rule_table's own arithmetic).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leukodesk.core import assess, parse_inputs
from leukodesk.core.contract.errors import InputErrors
from leukodesk.core.rules import advice, logic, table
from leukodesk.core.rules.findings import compute
from tests.core.test_rule_table import check_step, every_condition, facts_from_inputs, nodes

CONTRACT_KEYS = ["anc_delta", "anc_slope_per_day", "direction", "nadir_anc", "nadir_time",
                 "nadir_passed", "severe_days", "severe_ongoing", "profound_days",
                 "profound_ongoing", "profound_over_7_days", "recovery_0_5",
                 "recovery_0_5_time", "projection_below_0_5_in_48h", "filgrastim_stop_reached"]
WBC = 30   # every ANC below stays under the WBC


def day(n: int, clock: str | None = None) -> str:
    """Day ``n`` of March 2026 (n may run into April), as a date or a date-time."""
    date = f"2026-03-{n:02d}" if n <= 31 else f"2026-04-{n - 31:02d}"
    return date if clock is None else f"{date}T{clock}"


def patient(*points: tuple[str, float | None], **extra: Any) -> dict[str, Any]:
    """(time, ANC) points, the last one the current counts; an ANC of None: WBC only."""
    *earlier, (now, anc) = points
    doc: dict[str, Any] = {"wbc": WBC, "counts_time": now, **extra,
                           "history": [{"time": t, "wbc": WBC, **({} if a is None else
                                                                  {"anc": a})}
                                       for t, a in earlier]}
    if anc is not None:
        doc["anc"] = anc
    return doc


def trend(doc: dict[str, Any]) -> dict[str, Any]:
    out = assess(doc).model_dump(mode="json")["trend"]
    assert out is not None
    return out


def ids(doc: dict[str, Any]) -> set[str]:
    return {r.id for r in assess(doc).recommendations}


def refusals(doc: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputErrors) as caught:
        parse_inputs(doc)
    return {e.field: e.message for e in caught.value.errors}


# --- no history ---------------------------------------------------------------------------
@pytest.mark.parametrize("extra", [{}, {"history": []}, {"history": None},
                                   {"history": [], "counts_time": day(3)},
                                   {"counts_time": day(3), "last_chemo_at": day(1)}],
                         ids=["absent", "empty", "null", "empty-with-time", "times-only"])
def test_no_history_is_no_trend(extra: dict[str, Any]) -> None:
    a = assess({"wbc": 2, "anc": 0.4, **extra})
    assert a.trend is None and a.trend_points == []
    assert "trend_profound_over_7_days" not in ids({"wbc": 2, "anc": 0.4, **extra})


def test_the_trend_has_exactly_the_contracts_keys() -> None:
    assert list(trend(patient((day(1), 0.8), (day(2), 0.4)))) == CONTRACT_KEYS
    dumped = assess(patient((day(1), 0.8), (day(2), 0.4))).model_dump(mode="json")
    assert set(dumped["trend_points"][0]) == {"time", "current", "wbc", "anc", "platelets",
                                              "hemoglobin_g_dl", "anc_change_pct"}


# --- delta, slope, direction --------------------------------------------------------------
@pytest.mark.parametrize(("points", "delta", "slope", "direction"), [
    ([(day(1), 0.3), (day(3), 0.1)], -0.2, -0.1, "falling"),
    ([(day(1), 0.1), (day(3), 0.3)], 0.2, 0.1, "rising"),
    ([(day(1), 0.3), (day(3), 0.3)], 0.0, 0.0, "unchanged"),
    # the last two ANCs: the earlier ones do not count
    ([(day(1), 5.0), (day(2), 0.1), (day(5), 0.4)], 0.3, 0.1, "rising"),
    # both with a time of day: hours / 24
    ([(day(1, "08:00"), 0.9), (day(1, "20:00"), 0.6)], -0.3, -0.6, "falling"),
    # a date and a date-time: calendar days (the time of day is not counted)
    ([(day(1), 0.9), (day(2, "23:00"), 0.6)], -0.3, -0.3, "falling"),
    # a date and a date-time on the same day: two points, 0 days → no slope
    ([(day(1), 0.9), (day(1, "09:30"), 0.6)], -0.3, None, "falling"),
], ids=["falling", "rising", "unchanged", "last-two", "hours", "date-vs-time",
        "same-day-0-days"])
def test_delta_slope_and_direction(points: list[tuple[str, float]], delta: float,
                                   slope: float | None, direction: str) -> None:
    t = trend(patient(*points))
    assert (t["anc_delta"], t["anc_slope_per_day"], t["direction"]) == (delta, slope, direction)


def test_delta_is_exact_decimal_arithmetic() -> None:
    t = trend(patient((day(1), 0.3), (day(2), 0.1)))
    assert t["anc_delta"] == -0.2 and t["anc_slope_per_day"] == -0.2   # not -0.19999999999999998


@pytest.mark.parametrize("points", [
    [(day(1), None), (day(2), 0.4)],
    [(day(1), 0.4), (day(2), None)],
    [(day(1), None), (day(2), None)],
], ids=["history-wbc-only", "current-wbc-only", "no-anc"])
def test_fewer_than_two_ancs_leave_the_delta_null(points: list[tuple[str, float | None]]
                                                  ) -> None:
    t = trend(patient(*points))
    assert t["anc_delta"] is None and t["anc_slope_per_day"] is None
    assert t["direction"] is None and t["projection_below_0_5_in_48h"] is None


def test_points_without_an_anc_stay_on_the_plot_and_out_of_the_anc_figures() -> None:
    doc = patient((day(1), 0.3), (day(2), None), (day(4), 0.6))
    a = assess(doc)
    assert [p.time for p in a.trend_points] == [day(1), day(2), day(4)]
    assert [p.anc for p in a.trend_points] == [0.3, None, 0.6]
    t = trend(doc)
    assert t["anc_delta"] == pytest.approx(0.3) and t["anc_slope_per_day"] == pytest.approx(0.1)


def test_an_anc_from_a_rows_differential() -> None:
    doc = {"wbc": 2, "anc": 0.5, "counts_time": day(3),
           "history": [{"time": day(1), "wbc": 2, "differential": {"segs_pct": 40,
                                                                   "bands_pct": 5}}]}
    t = trend(doc)
    assert t["anc_delta"] == pytest.approx(-0.4) and t["direction"] == "falling"
    assert assess(doc).trend_points[0].anc == pytest.approx(0.9)


# --- nadir --------------------------------------------------------------------------------
def test_the_nadir_is_the_earliest_of_equal_lowest_ancs() -> None:
    t = trend(patient((day(1), 0.8), (day(2), 0.2), (day(3), 0.5), (day(4), 0.2), (day(5), 0.2)))
    assert (t["nadir_anc"], t["nadir_time"], t["nadir_passed"]) == (0.2, day(2), True)


@pytest.mark.parametrize(("last", "passed"), [(0.2, False), (0.21, True), (0.1, False)],
                         ids=["equal-is-not-passed", "strictly-above", "new-nadir"])
def test_the_nadir_is_passed_only_by_a_later_ancs_strictly_above(last: float,
                                                                 passed: bool) -> None:
    assert trend(patient((day(1), 0.8), (day(2), 0.2), (day(3), last)))["nadir_passed"] is passed


@pytest.mark.parametrize(("chemo", "nadir", "nadir_time"), [
    (day(3), 0.4, day(3)),              # a point at that very time counts as after
    (day(3, "00:00"), 0.4, day(3)),     # a date is 00:00 of its day
    (day(3, "00:01"), 0.6, day(4)),     # one minute later: the day-3 point is before it
    (day(2, "23:59"), 0.4, day(3)),
    (None, 0.1, day(1)),                # no chemotherapy given: every point
], ids=["same-date", "date-time-00-00", "a-minute-after", "a-minute-before", "none"])
def test_the_nadir_is_sought_from_the_last_chemotherapy_on(chemo: str | None, nadir: float,
                                                            nadir_time: str) -> None:
    extra = {} if chemo is None else {"last_chemo_at": chemo}
    t = trend(patient((day(1), 0.1), (day(3), 0.4), (day(4), 0.6), (day(5), 0.9), **extra))
    assert (t["nadir_anc"], t["nadir_time"]) == (nadir, nadir_time)


def test_no_point_after_the_last_chemotherapy_leaves_the_nadir_null() -> None:
    t = trend(patient((day(1), 0.1), (day(3), 0.4), last_chemo_at=day(3, "12:00")))
    assert t["nadir_anc"] is t["nadir_time"] is t["nadir_passed"] is t["recovery_0_5"] is None
    assert t["anc_delta"] == pytest.approx(0.3)   # the other figures use every point


# --- severe and profound episodes ---------------------------------------------------------
@pytest.mark.parametrize(("points", "days", "ongoing"), [
    ([(day(1), 0.6), (day(2), 0.4), (day(4), 0.3), (day(7), 0.6)], 5, False),
    ([(day(1), 0.6), (day(2), 0.4), (day(4), 0.3)], 2, True),
    ([(day(1), 0.6), (day(4), 0.3)], 0, True),            # one point: a minimum of 0 days
    ([(day(1), 0.4), (day(2), 0.5)], 1, False),           # 0.5 ends it (not below 0.5)
    # the most recent run, not the first nor the longest
    ([(day(1), 0.2), (day(9), 0.2), (day(10), 0.7), (day(12), 0.3), (day(13), 0.9)], 1, False),
    # a point without an ANC neither ends nor starts a run
    ([(day(1), 0.3), (day(2), None), (day(4), 0.7)], 3, False),
], ids=["ended", "ongoing", "single-point", "0.5-ends-it", "latest-run", "wbc-only-row"])
def test_severe_days(points: list[tuple[str, float | None]], days: float, ongoing: bool) -> None:
    t = trend(patient(*points))
    assert (t["severe_days"], t["severe_ongoing"]) == (days, ongoing)


def test_no_point_below_the_edge_leaves_the_episode_null() -> None:
    t = trend(patient((day(1), 0.5), (day(2), 0.7)))
    assert t["severe_days"] is t["severe_ongoing"] is None
    assert t["profound_days"] is t["profound_ongoing"] is None
    assert t["profound_over_7_days"] is False


@pytest.mark.parametrize(("end", "days", "over"), [
    (8, 7, False), (9, 8, True),
], ids=["7-days-is-not-over-7", "8-days"])
def test_profound_for_more_than_7_days(end: int, days: int, over: bool) -> None:
    ended = patient((day(1), 0.05), (day(4), 0.02), (day(end), 0.1))   # 0.1 ends it
    going = patient((day(1), 0.05), (day(4), 0.02), (day(end), 0.09))
    for doc, ongoing in ((ended, False), (going, True)):
        t = trend(doc)
        assert (t["profound_days"], t["profound_ongoing"], t["profound_over_7_days"]) == \
            (days, ongoing, over)
        assert ("trend_profound_over_7_days" in ids(doc)) is over


def test_profound_days_in_hours_when_both_points_carry_a_time() -> None:
    just = patient((day(1, "08:00"), 0.05), (day(8, "08:00"), 0.2))
    over = patient((day(1, "08:00"), 0.05), (day(8, "09:00"), 0.2))
    assert trend(just)["profound_days"] == 7 and trend(just)["profound_over_7_days"] is False
    assert trend(over)["profound_days"] == pytest.approx(7 + 1 / 24)
    assert trend(over)["profound_over_7_days"] is True


def test_the_profound_note_names_the_days_and_whether_it_goes_on() -> None:
    note = {r.id: r for r in assess(patient((day(1), 0.05), (day(10), 0.02))).recommendations}
    text = note["trend_profound_over_7_days"].text
    assert "at least 9 days, still going on" in text and f"from {day(1)}" in text
    assert "IDSA" in text and note["trend_profound_over_7_days"].sources == ["IDSA-2010"]
    ended = assess(patient((day(1), 0.05), (day(10), 0.3))).recommendations
    assert "for 9 days by the counts" in next(r.text for r in ended
                                               if r.id == "trend_profound_over_7_days")


# --- recovery -----------------------------------------------------------------------------
NADIR = (day(1), 0.05)


@pytest.mark.parametrize(("after", "state", "time"), [
    ([(day(2), 0.5), (day(3), 0.6), (day(4), 0.7)], "confirmed", day(2)),
    # three consecutive calendar days, however few hours apart
    ([(day(2, "23:00"), 0.6), (day(3, "01:00"), 0.6), (day(4, "01:00"), 0.6)],
     "confirmed", day(2, "23:00")),
    # the first of the three days is the first point of that day
    ([(day(2, "08:00"), 0.6), (day(2, "20:00"), 0.7), (day(3), 0.8), (day(4), 0.9)],
     "confirmed", day(2, "08:00")),
    # a gap of a day: not consecutive, so provisional from the first point ≥ 0.5
    ([(day(2), 0.6), (day(3), 0.7), (day(5), 0.8)], "provisional", day(2)),
    ([(day(2), 0.6), (day(3), 0.7)], "provisional", day(2)),
    # below 0.5 in between breaks the three days
    ([(day(2), 0.6), (day(3, "08:00"), 0.4), (day(3, "20:00"), 0.6), (day(4), 0.7)],
     "provisional", day(3, "20:00")),
    # back to not yet when a later ANC is below 0.5
    ([(day(2), 0.6), (day(3), 0.7), (day(5), 0.45)], "not_yet", None),
    ([(day(2), 0.2), (day(3), 0.49)], "not_yet", None),
    ([], "not_yet", None),                               # the nadir is the last point
    # a confirmed recovery stays confirmed through a later fall that is not deeper
    ([(day(2), 0.6), (day(3), 0.7), (day(4), 0.8), (day(6), 0.3)], "confirmed", day(2)),
], ids=["three-days", "three-calendar-days-in-26-hours", "first-point-of-the-day", "gap",
        "two-days", "dip-between", "falls-back", "never-0.5", "nadir-last",
        "confirmed-then-dip"])
def test_recovery_after_the_nadir(after: list[tuple[str, float]], state: str,
                                  time: str | None) -> None:
    t = trend(patient(NADIR, *after) if after else patient((day(1), 0.3), (day(2), 0.05)))
    assert (t["recovery_0_5"], t["recovery_0_5_time"]) == (state, time)


def test_a_deeper_later_fall_moves_the_nadir_and_the_recovery_with_it() -> None:
    first = [(day(2), 0.6), (day(3), 0.7), (day(4), 0.8)]
    t = trend(patient(NADIR, *first, (day(10), 0.01), (day(11), 0.6)))
    assert (t["nadir_time"], t["recovery_0_5"], t["recovery_0_5_time"]) == \
        (day(10), "provisional", day(11))


def test_no_recovery_figure_when_the_nadir_is_0_5_or_more() -> None:
    t = trend(patient((day(1), 0.5), (day(2), 0.7), (day(3), 0.9)))
    assert t["nadir_anc"] == 0.5 and t["recovery_0_5"] is t["recovery_0_5_time"] is None
    t = trend(patient((day(1), 0.49), (day(2), 0.7)))
    assert t["recovery_0_5"] == "provisional"


def test_a_confirmed_recovery_says_so_and_a_provisional_one_does_not() -> None:
    confirmed = patient(NADIR, (day(2), 0.5), (day(3), 0.6), (day(4), 0.7))
    recs = {r.id: r for r in assess(confirmed).recommendations}
    rec = recs["trend_recovery_confirmed"]
    assert rec.urgency.value == "info" and rec.sources == ["ASTCT-2019", "BMT-2002"]
    assert f"the first on {day(2)}" in rec.text and "0.050" in rec.text
    assert "trend_recovery_confirmed" not in ids(
        patient(NADIR, (day(2), 0.5), (day(3), 0.6), (day(5), 0.7)))


# --- the 48-hour projection ---------------------------------------------------------------
@pytest.mark.parametrize(("points", "projection"), [
    ([(day(1), 1.0), (day(2), 0.8)], True),      # 0.8 − 2 × 0.2 = 0.4
    ([(day(1), 0.9), (day(2), 0.7)], True),      # 0.7 − 2 × 0.2 = 0.3
    ([(day(1), 0.8), (day(2), 0.7)], False),     # 0.7 − 0.2 = 0.5: not below 0.5
    ([(day(1), 0.8), (day(2), 0.69)], True),     # 0.69 − 0.22 = 0.47
    ([(day(1), 0.8), (day(2), 0.5)], True),      # the last ANC at 0.5 still projects
    ([(day(1), 0.8), (day(2), 0.49)], None),     # already below 0.5
    ([(day(1), 0.5), (day(2), 0.9)], None),      # rising
    ([(day(1), 0.9), (day(1, "12:00"), 0.7)], None),   # 0 days: no slope
    ([(day(1, "00:00"), 1.9), (day(1, "12:00"), 1.4)], True),   # −1.0/day: 1.4 − 2.0 < 0.5
], ids=["0.4", "0.3", "exactly-0.5", "0.47", "last-at-0.5", "last-below-0.5", "rising",
        "0-days", "hours"])
def test_the_48_hour_projection(points: list[tuple[str, float]], projection: bool | None
                                ) -> None:
    assert trend(patient(*points))["projection_below_0_5_in_48h"] is projection


def test_the_projection_is_a_hint_that_never_answers_the_48_hour_question() -> None:
    doc = {**patient((day(1), 1.0), (day(2), 0.8)), "temperature_c": 38.6}
    a = assess(doc)
    assert a.trend is not None and a.trend.projection_below_0_5_in_48h is True
    assert a.inputs.anc_expected_below_0_5_within_48h is None
    assert a.febrile_neutropenia is None and "fn_answer_48h" in ids(doc)


# --- the filgrastim stop ------------------------------------------------------------------
@pytest.mark.parametrize(("points", "chemo", "stop"), [
    ([(day(2), 0.3), (day(9), 10.5)], day(1), True),
    ([(day(2), 0.3), (day(9), 10.0)], day(1), False),          # exactly 10 is not above
    ([(day(2), 0.3), (day(9), 4.0)], day(1), False),
    ([(day(2), 0.3), (day(9), 10.5)], None, None),              # no chemotherapy time
    ([(day(2), 1.0), (day(9), 10.5)], day(1), None),            # nadir not below 1.0
    ([(day(2), 0.99), (day(9), 10.5)], day(1), True),
    ([(day(2), 0.3), (day(9), 10.5)], day(3), None),            # nadir after it: 10.5 itself
    ([(day(2), 0.3), (day(9), None)], day(1), False),           # last ANC 0.3
], ids=["reached", "exactly-10", "below-10", "no-chemo-time", "nadir-1.0", "nadir-0.99",
        "no-nadir-after-chemo", "last-anc-from-history"])
def test_the_filgrastim_stop(points: list[tuple[str, float | None]], chemo: str | None,
                             stop: bool | None) -> None:
    extra = {} if chemo is None else {"last_chemo_at": chemo}
    assert trend(patient(*points, **extra))["filgrastim_stop_reached"] is stop


# --- units, times, order, points ----------------------------------------------------------
def test_a_cells_per_microlitre_history_gives_the_trend_in_si_units() -> None:
    si = {"wbc": 2, "anc": 0.3, "platelets": 40, "hemoglobin_g_dl": 8.5, "counts_time": day(3),
          "history": [{"time": day(1), "wbc": 3, "anc": 0.9, "platelets": 90,
                       "hemoglobin_g_dl": 9.5}]}
    cells = {"wbc": 2000, "anc": 300, "platelets": 40000, "hemoglobin_g_dl": 85,
             "units": {"counts": "cells/uL", "hemoglobin": "g/L"}, "counts_time": day(3),
             "history": [{"time": day(1), "wbc": 3000, "anc": 900, "platelets": 90000,
                          "hemoglobin_g_dl": 95}]}
    a, b = assess(si), assess(cells)
    assert a.trend == b.trend and a.trend_points == b.trend_points
    assert b.trend is not None and b.trend.anc_delta == pytest.approx(-0.6)
    assert b.trend_points[0].model_dump() == {
        "time": day(1), "current": False, "wbc": 3.0, "anc": 0.9, "platelets": 90.0,
        "hemoglobin_g_dl": 9.5, "anc_change_pct": None}
    assert b.inputs.history[0].anc == 0.9


def test_times_are_echoed_as_written_and_rows_sorted_by_time() -> None:
    rows = [(day(5, "07:45:30"), 0.4), (day(1), 0.2), (day(3, "12:00"), 0.1)]
    doc = patient(*rows, (day(6, "08:00"), 0.6))
    a = assess(doc)
    assert [p.time for p in a.trend_points] == [day(1), day(3, "12:00"), day(5, "07:45:30"),
                                                day(6, "08:00")]
    assert [p.current for p in a.trend_points] == [False, False, False, True]
    assert a.trend is not None and a.trend.nadir_time == day(3, "12:00")
    assert [p.anc_change_pct for p in a.trend_points] == [None, -50.0, 300.0, 50.0]


def test_a_previous_anc_of_0_has_no_percent_change() -> None:
    a = assess(patient((day(1), 0.0), (day(2), 0.3)))
    assert [p.anc_change_pct for p in a.trend_points] == [None, None]


ROWS = st.lists(st.tuples(st.integers(1, 40), st.sampled_from(
    [None, 0, 0.05, 0.09, 0.1, 0.3, 0.49, 0.5, 0.7, 0.99, 1.0, 4.0, 10.0, 10.5, 20.0])),
    min_size=1, max_size=20, unique_by=lambda r: r[0])


@given(ROWS, st.sampled_from([None, 0.0, 0.3, 0.6, 12.0]), st.randoms(use_true_random=False),
       st.sampled_from([None, 3, 12]))
def test_the_trend_follows_its_definitions_whatever_the_order_of_the_rows(
        rows: list[tuple[int, float | None]], now: float | None, rng: random.Random,
        chemo: int | None) -> None:
    extra = {} if chemo is None else {"last_chemo_at": day(chemo)}
    points = [(day(n), a) for n, a in sorted(rows)] + [(day(41), now)]
    t = trend(patient(*points, **extra))
    shuffled = points[:-1]
    rng.shuffle(shuffled)
    assert trend(patient(*shuffled, points[-1], **extra)) == t
    ancs = [(n, Decimal(str(a))) for n, a in [*sorted(rows), (41, now)] if a is not None]
    sign = None if t["anc_delta"] is None else (t["anc_delta"] > 0) - (t["anc_delta"] < 0)
    assert t["direction"] == {None: None, -1: "falling", 0: "unchanged", 1: "rising"}[sign]
    among = [(n, a) for n, a in ancs if chemo is None or n >= chemo]
    if among:
        low = min(a for _, a in among)
        assert t["nadir_anc"] == float(low)
        assert t["nadir_time"] == day(next(n for n, a in among if a == low))
        assert (t["recovery_0_5"] is None) == (low >= Decimal("0.5"))
    else:
        assert t["nadir_anc"] is None and t["recovery_0_5"] is None
    assert t["profound_over_7_days"] == (t["profound_days"] is not None
                                          and t["profound_days"] > 7)
    assert (t["severe_days"] is None) == all(a >= Decimal("0.5") for _, a in ancs)
    if t["filgrastim_stop_reached"] is True:
        assert chemo is not None and ancs[-1][1] > 10


# --- refusals name the row ----------------------------------------------------------------
BASE = {"wbc": 3, "anc": 1, "counts_time": day(10)}


@pytest.mark.parametrize(("doc", "field", "words"), [
    ({"wbc": 3, "history": [{"time": day(1), "wbc": 2}]}, "counts_time", "Required"),
    ({**BASE, "history": [{"time": day(1), "wbc": 2}, {"time": day(1, "00:00"), "wbc": 2}]},
     "history[1].time", "same time as history[0]"),
    ({**BASE, "history": [{"time": day(1), "wbc": 2}, {"time": day(2), "wbc": 2},
                          {"time": day(2), "wbc": 3}]}, "history[2].time", "history[1]"),
    ({**BASE, "history": [{"time": day(2), "wbc": 2}, {"time": day(10), "wbc": 2}]},
     "history[1].time", "time of the current counts"),
    ({**BASE, "counts_time": day(10, "00:00"), "history": [{"time": day(10), "wbc": 2}]},
     "history[0].time", "time of the current counts"),
    ({**BASE, "history": [{"time": day(2), "wbc": 2}, {"time": day(11), "wbc": 2}]},
     "history[1].time", "after the current counts"),
    ({**BASE, "counts_time": day(10, "08:00"),
      "history": [{"time": day(10, "08:01"), "wbc": 2}]}, "history[0].time", "after"),
    ({**BASE, "history": [{"time": "2025-03-09", "wbc": 2}]}, "history[0].time",
     "366 days before"),
    ({**BASE, "counts_time": "2026-03-10T08:00", "history": [
        {"time": "2025-03-10T07:00", "wbc": 2}]}, "history[0].time", "at most 365 days"),
    ({**BASE, "history": [{"time": day(2), "wbc": 2}, {"time": day(3), "wbc": 2, "anc": 3}]},
     "history[1].anc", "cannot be higher than the WBC"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2, "anc": 1500}]}, "history[0].anc",
     "above the maximum"),
    ({**BASE, "history": [{"time": day(3), "wbc": -1}]}, "history[0].wbc", "below the minimum"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2, "hemoglobin_g_dl": 30}]},
     "history[0].hemoglobin_g_dl", "above the maximum"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2, "anc": 1,
                           "differential": {"segs_pct": 50}}]}, "history[0].anc", "not both"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2,
                           "differential": {"segs_pct": 80, "bands_pct": 30}}]},
     "history[0].differential.bands_pct", "at most 100"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2, "differential": {"segs_pct": 101}}]},
     "history[0].differential.segs_pct", "above the maximum"),
    ({**BASE, "history": [{"time": "2026-02-30", "wbc": 2}]}, "history[0].time",
     "is not a date"),
    ({**BASE, "history": [{"time": "14.03.2026", "wbc": 2}]}, "history[0].time",
     "2026-03-14T09:30"),
    ({**BASE, "history": [{"time": 20260314, "wbc": 2}]}, "history[0].time", "is not a date"),
    ({**BASE, "history": [{"time": day(3)}]}, "history[0].wbc", "required"),
    ({**BASE, "history": [{"wbc": 2}]}, "history[0].time", "required"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2, "neutrophils": 1}]},
     "history[0].neutrophils", "Unknown input"),
    ({**BASE, "history": [{"time": day(3), "wbc": 2}, 5]}, "history[1]", "expected an object"),
    ({**BASE, "history": {"time": day(3), "wbc": 2}}, "history", "list"),
    ({**BASE, "counts_time": "today", "history": [{"time": day(3), "wbc": 2}]}, "counts_time",
     "is not a date"),
    ({**BASE, "last_chemo_at": "2026-03-01 10:00"}, "last_chemo_at", "is not a date"),
    ({**BASE, "history": [{"time": day(3, "25:00"), "wbc": 2}]}, "history[0].time",
     "is not a date"),
], ids=["no-counts-time", "date-and-00-00", "third-row", "at-counts-time",
        "date-at-00-00-counts-time", "after-counts-time", "a-minute-after", "366-days",
        "365-days-and-an-hour", "anc-above-wbc", "anc-range", "wbc-range", "hb-range",
        "anc-and-differential", "segs-and-bands", "segs-range", "no-such-date", "german-date",
        "number-time", "no-wbc", "no-time", "unknown-key", "row-not-object",
        "history-not-list", "bad-counts-time", "bad-chemo-time", "hour-25"])
def test_a_refusal_names_the_row(doc: dict[str, Any], field: str, words: str) -> None:
    found = refusals(doc)
    assert field in found, found
    assert words in found[field], found[field]


@pytest.mark.parametrize(("days_before", "valid"), [(365, True), (366, False)])
def test_the_history_may_span_365_days(days_before: int, valid: bool) -> None:
    doc = {**BASE, "counts_time": "2026-03-10",
           "history": [{"time": "2025-03-10" if days_before == 365 else "2025-03-09",
                        "wbc": 2}]}
    if valid:
        assert parse_inputs(doc).history[0].time == "2025-03-10"
    else:
        assert "history[0].time" in refusals(doc)


@pytest.mark.parametrize(("rows", "valid"), [(60, True), (61, False)])
def test_at_most_60_rows(rows: int, valid: bool) -> None:
    doc = {**BASE, "counts_time": "2026-06-30",
           "history": [{"time": f"2026-04-{1 + n // 24:02d}T{n % 24:02d}:00", "wbc": 2}
                       for n in range(rows)]}
    if valid:
        assert len(assess(doc).trend_points) == 61
    else:
        assert "60" in refusals(doc)["history"]


def test_a_history_unit_slip_offers_the_other_unit() -> None:
    found = refusals({**BASE, "history": [{"time": day(3), "wbc": 2100}]})
    assert "history[0].wbc" in found and "2.1 ×10⁹/L" in found["history[0].wbc"]


def test_every_refusal_of_a_document_comes_together_rows_in_order() -> None:
    with pytest.raises(InputErrors) as caught:
        parse_inputs({"wbc": 3, "anc": 5, "counts_time": day(4),
                      "history": [{"time": day(5), "wbc": 2}, {"time": day(2), "wbc": 2000},
                                  {"time": day(1), "wbc": 2, "anc": 3}]})
    fields = [e.field for e in caught.value.errors]
    assert fields == ["anc", "history[0].time", "history[1].wbc", "history[2].anc"]


def test_the_model_itself_refuses_what_validation_names() -> None:
    """PatientInputs built directly refuses the same documents (never a silent trend)."""
    from pydantic import ValidationError

    from leukodesk.core.contract.models import PatientInputs
    for doc in ({"wbc": 3, "history": [{"time": day(1), "wbc": 2}]},
                {**BASE, "history": [{"time": day(1), "wbc": 2}, {"time": day(1), "wbc": 2}]},
                {**BASE, "history": [{"time": day(1), "wbc": 2, "anc": 3}]}):
        with pytest.raises(ValidationError):
            PatientInputs.model_validate(doc)


# --- the advice ---------------------------------------------------------------------------
@pytest.mark.parametrize(("doc", "escalates"), [
    (patient((day(1), 0.9), (day(2), 0.7)), True),
    (patient((day(1), 1.2), (day(2), 0.99)), True),
    (patient((day(1), 1.5), (day(2), 1.0)), False),          # 1.0 is not below 1.0
    (patient((day(1), 0.5), (day(2), 0.7)), False),          # rising
    (patient((day(1), 0.7), (day(2), 0.7)), False),          # unchanged
    (patient((day(1), None), (day(2), 0.7)), False),         # fewer than two ANCs
    ({"wbc": 2, "anc": 0.7}, False),                          # no history
    # no current ANC: the WBC bounds it below 1.0, and the last two ANCs fall
    ({"wbc": 0.8, "counts_time": day(3), "history": [
        {"time": day(1), "wbc": 2, "anc": 0.9}, {"time": day(2), "wbc": 1, "anc": 0.6}]}, True),
    ({"wbc": 1.5, "counts_time": day(3), "history": [
        {"time": day(1), "wbc": 2, "anc": 0.9}, {"time": day(2), "wbc": 1, "anc": 0.6}]}, False),
], ids=["falling-0.7", "falling-0.99", "falling-to-1.0", "rising", "unchanged", "one-anc",
        "no-history", "wbc-bound", "wbc-does-not-settle"])
def test_a_falling_anc_below_1_0_escalates_now(doc: dict[str, Any], escalates: bool) -> None:
    found = ids(doc)
    assert ("escalate_now" in found) is escalates
    if escalates:
        assert "safety_net" not in found   # never "seek care if ..." beside "escalate now"
        rec = next(r for r in assess(doc).recommendations if r.id == "escalate_now")
        assert "below 1.0 ×10⁹/L and falling, from" in rec.text
        assert any("A falling ANC below 1.0" in line for line in rec.why.because)


def test_escalation_names_every_reason_the_fall_among_them() -> None:
    doc = {**patient((day(1), 0.45), (day(2), 0.3)), "temperature_c": 38.6}
    rec = next(r for r in assess(doc).recommendations if r.id == "escalate_now")
    assert rec.text.startswith("Escalate now (fever with severe neutropenia and an ANC below "
                               "1.0 ×10⁹/L and falling, from 0.450 to 0.300 between "
                               f"{day(1)} and {day(2)})")


TREND_DOCS = [
    patient((day(1), 0.9), (day(2), 0.7)),
    patient((day(1), 0.05), (day(10), 0.02)),
    patient(NADIR, (day(2), 0.5), (day(3), 0.6), (day(4), 0.7), last_chemo_at=day(1)),
    {**patient((day(1), 1.0), (day(2), 0.8)), "temperature_c": 38.6},
    {"wbc": 0.8, "counts_time": day(3), "history": [
        {"time": day(1), "wbc": 2, "anc": 0.9}, {"time": day(2), "wbc": 1, "anc": 0.6}]},
]


@pytest.mark.parametrize("doc", TREND_DOCS)
def test_every_comparison_of_the_why_holds_for_a_history(doc: dict[str, Any]) -> None:
    """As test_rule_table holds for the golden record, for patients with a history: the
    trend facts recomputed there from the inputs."""
    inputs = parse_inputs(doc)
    known = facts_from_inputs(inputs)
    evaluated = advice.evaluate(compute(inputs))
    ops = {n.op for _, c in every_condition() for n in nodes(c) if isinstance(n, logic.Cmp)}
    seen = set()
    for rule in table.RULES:
        trace: list[logic.Step] = []
        rule.when.test(evaluated, trace, 0)
        for step in trace:
            check_step(step, known, ops)
            seen.add(step.fact)
    assert {"trend_direction", "profound_days", "recovery_0_5"} <= seen


def test_the_episodes_say_where_they_begin_and_how_the_sampling_limits_them() -> None:
    from leukodesk.core import assess as assess_

    a = assess_({"wbc": 2, "anc": 0.6, "counts_time": "2026-03-20", "history": [
        {"time": "2026-03-05", "wbc": 4, "anc": 2.5},
        {"time": "2026-03-10", "wbc": 1.2, "anc": 0.3},
        {"time": "2026-03-13", "wbc": 0.8, "anc": 0.08},
        {"time": "2026-03-14", "wbc": 0.8, "anc": 0.09}]})
    severe, profound = a.trend_episodes.severe, a.trend_episodes.profound
    assert a.trend.severe_days == 10 and a.trend.severe_ongoing is False
    # from 5 Mar (the count before) to 20 Mar (the first count back at 0.5 or more)
    assert (severe.start_time, severe.gap_min_days, severe.gap_max_days,
            severe.from_first_count) == ("2026-03-10", 1, 6, False)
    assert a.trend.profound_days == 7
    assert (profound.start_time, profound.gap_min_days, profound.gap_max_days) == (
        "2026-03-13", 1, 6)
    first = assess_({"wbc": 1, "anc": 0.3, "counts_time": "2026-03-20", "history": [
        {"time": "2026-03-18", "wbc": 1, "anc": 0.2}]})
    assert first.trend_episodes.severe.from_first_count is True
    assert first.trend_episodes.profound is None
    assert assess_({"wbc": 1}).trend_episodes is None
