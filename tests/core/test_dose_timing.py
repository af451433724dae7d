"""Timing of G-CSF around chemotherapy (RULES §10): both edges of every window, the stop
rule, and time zones. A broken rule is a warning with its source; nothing is adjusted."""

from __future__ import annotations

from typing import Any

import pytest

from leukodesk.core.content import sources
from leukodesk.core.contract.errors import InputErrors
from leukodesk.core.dosing.calc import calculate_dose

LAST = "2026-03-02T10:00:00"          # end of the last chemotherapy
TIMING_CODES = {"first_dose_too_soon", "dose_too_close_to_next_chemo",
                "no_window_between_cycles", "peg_too_soon_after_chemo",
                "peg_too_close_to_next_chemo", "peg_no_window", "stop_anc_above_10",
                "anc_target_reached"}
LABEL = {"filgrastim": "NEUPOGEN-PI", "tbo_filgrastim": "GRANIX", "pegfilgrastim": "PEGFIL"}


def dose(**request: Any) -> dict[str, Any]:
    return calculate_dose({"weight_kg": 60, **request}).model_dump(mode="json")


def timing_warnings(result: dict[str, Any]) -> dict[str, list[str]]:
    """Timing warnings found, code → sources."""
    return {w["code"]: w["sources"] for w in result["warnings"] if w["code"] in TIMING_CODES}


def warning_text(result: dict[str, Any], code: str) -> str:
    return next(w["message"] for w in result["warnings"] if w["code"] == code)


# --- filgrastim and tbo-filgrastim: 24 h after the last cycle --------------------------------
@pytest.mark.parametrize("product", ["filgrastim", "tbo_filgrastim"])
@pytest.mark.parametrize(("first", "expected"), [
    ("2026-03-03T10:00:00", {}),                                     # exactly 24 h: allowed
    ("2026-03-03T09:59:00", {"first_dose_too_soon"}),                # 23 h 59 min
    ("2026-03-02T10:00:00", {"first_dose_too_soon"}),                # with the chemotherapy
    ("2026-03-04T10:00:00", {}),
], ids=["exactly-24h", "23h59", "same-time", "48h"])
def test_first_dose_after_chemotherapy(product: str, first: str, expected: set[str]) -> None:
    r = dose(product=product, last_chemo_at=LAST, first_dose_at=first)
    found = timing_warnings(r)
    assert set(found) == set(expected)
    assert all(srcs == [LABEL[product]] for srcs in found.values())
    assert r["timing"]["earliest_first_dose_at"] == "2026-03-03T10:00:00"


def test_too_soon_message_gives_the_earliest_time() -> None:
    r = dose(last_chemo_at=LAST, first_dose_at="2026-03-03T09:59")
    (w,) = [w for w in r["warnings"] if w["code"] == "first_dose_too_soon"]
    assert "2026-03-03 10:00" in w["message"] and "2026-03-03 09:59" in w["message"]


# --- none in the 24 h before the next cycle -------------------------------------------------
NEXT = "2026-03-16T10:00:00"


@pytest.mark.parametrize("product", ["filgrastim", "tbo_filgrastim"])
@pytest.mark.parametrize(("first", "expected"), [
    ("2026-03-15T10:00:00", set()),                                  # exactly 24 h before
    ("2026-03-15T10:01:00", {"dose_too_close_to_next_chemo"}),       # 23 h 59 min before
    ("2026-03-16T09:00:00", {"dose_too_close_to_next_chemo"}),
    ("2026-03-05T10:00:00", set()),
], ids=["exactly-24h-before", "1min-later", "1h-before", "well-before"])
def test_dose_before_the_next_cycle(product: str, first: str, expected: set[str]) -> None:
    r = dose(product=product, last_chemo_at=LAST, next_chemo_at=NEXT, first_dose_at=first)
    found = timing_warnings(r)
    assert set(found) == expected
    assert all(srcs == [LABEL[product]] for srcs in found.values())
    assert r["timing"]["last_dose_by"] == "2026-03-15T10:00:00"


@pytest.mark.parametrize(("next_", "first", "expected"), [
    ("2026-03-04T10:00:00", None, set()),                            # 48 h: one instant
    ("2026-03-04T10:00:00", "2026-03-03T10:00:00", set()),
    ("2026-03-04T09:59:00", None, {"no_window_between_cycles"}),
    ("2026-03-03T10:00:00", "2026-03-03T09:00:00", {"no_window_between_cycles"}),
], ids=["48h", "48h-dose-at-the-instant", "47h59", "24h-apart-no-per-dose-messages"])
def test_cycles_under_48_hours_apart_leave_no_window(next_: str, first: str | None,
                                                     expected: set[str]) -> None:
    r = dose(last_chemo_at=LAST, next_chemo_at=next_, first_dose_at=first)
    found = timing_warnings(r)
    assert set(found) == expected
    assert all(srcs == ["NEUPOGEN-PI"] for srcs in found.values())


# --- the course and the stop rule -----------------------------------------------------------
@pytest.mark.parametrize("product", ["filgrastim", "tbo_filgrastim"])
def test_stop_by_is_two_weeks_after_the_first_dose(product: str) -> None:
    t = dose(product=product, first_dose_at="2026-03-03T10:00")["timing"]
    assert t["stop_by"] == "2026-03-17T10:00:00"
    assert "10" in t["stop_rule"] and "2 weeks" in t["stop_rule"]


def test_no_course_end_without_a_first_dose() -> None:
    t = dose(last_chemo_at=LAST)["timing"]
    assert t["stop_by"] is None and t["last_dose_by"] is None


@pytest.mark.parametrize("indication", ["bmt", "mobilization", "scn_congenital",
                                        "scn_idiopathic_cyclic", "h_ars"])
def test_the_chemotherapy_course_does_not_apply_to_other_indications(indication: str) -> None:
    r = dose(indication=indication, first_dose_at="2026-03-03T10:00", latest_anc=12)
    assert r["timing"]["stop_by"] is None and r["timing"]["stop_rule"] is None
    assert timing_warnings(r) == {}


@pytest.mark.parametrize(("anc", "expected"), [
    (10, {"anc_target_reached"}), (10.01, {"stop_anc_above_10"}), (9.99, set()),
    (0.2, set()), (45, {"stop_anc_above_10"}),
], ids=["10", "10.01", "9.99", "0.2", "45"])
def test_stop_rule_on_the_latest_anc(anc: float, expected: set[str]) -> None:
    r = dose(latest_anc=anc)
    found = timing_warnings(r)
    assert set(found) == expected
    assert all(srcs == ["NEUPOGEN-PI"] for srcs in found.values())


def test_the_stop_warning_never_rounds_the_anc_onto_its_threshold() -> None:
    # RULES §1: 10.00001 is above 10 and must not read "10 … is above 10".
    r = dose(latest_anc=10.00001)
    assert "ANC of 10.00001 ×10⁹/L is above 10:" in warning_text(r, "stop_anc_above_10")
    r = dose(latest_anc=10)
    assert "ANC of 10 ×10⁹/L has reached 10:" in warning_text(r, "anc_target_reached")


def test_anc_stop_rule_applies_to_tbo_filgrastim_too() -> None:
    r = dose(product="tbo_filgrastim", latest_anc=10.5)
    found = timing_warnings(r)
    assert set(found) == {"stop_anc_above_10"}
    assert found["stop_anc_above_10"] and set(found["stop_anc_above_10"]) <= set(sources())


# --- pegfilgrastim: 24 h after, 14 days before ----------------------------------------------
PEG_NEXT = "2026-03-30T10:00:00"      # 28 days after LAST


@pytest.mark.parametrize(("at", "expected"), [
    ("2026-03-03T10:00:00", set()),                                  # exactly 24 h after
    ("2026-03-03T09:59:00", {"peg_too_soon_after_chemo"}),
    ("2026-03-16T10:00:00", set()),                                  # exactly 14 days before
    ("2026-03-16T10:01:00", {"peg_too_close_to_next_chemo"}),
    ("2026-03-10T10:00:00", set()),
], ids=["exactly-24h-after", "1min-early", "exactly-14d-before", "1min-late", "middle"])
def test_pegfilgrastim_window(at: str, expected: set[str]) -> None:
    r = dose(product="pegfilgrastim", last_chemo_at=LAST, next_chemo_at=PEG_NEXT,
             first_dose_at=at)
    found = timing_warnings(r)
    assert set(found) == expected
    assert all(srcs == ["PEGFIL"] for srcs in found.values())
    t = r["timing"]
    assert (t["earliest_first_dose_at"], t["last_dose_by"]) == (
        "2026-03-03T10:00:00", "2026-03-16T10:00:00")
    assert t["stop_by"] is None and t["stop_rule"] is None


@pytest.mark.parametrize(("next_", "at", "expected"), [
    ("2026-03-17T10:00:00", "2026-03-03T10:00:00", set()),           # 15 days: one instant
    ("2026-03-17T09:59:00", None, {"peg_no_window"}),
    ("2026-03-17T09:59:00", "2026-03-03T10:00:00", {"peg_no_window"}),
    ("2026-03-16T10:00:00", "2026-03-02T11:00:00", {"peg_no_window"}),   # 14-day cycle
    ("2026-03-23T10:00:00", "2026-03-22T10:00:00", {"peg_too_close_to_next_chemo"}),  # 21 d
], ids=["15d-edge", "15d-less-1min", "15d-less-1min-with-dose", "14d-cycle-early-dose",
        "21d-cycle-is-long-enough"])
def test_pegfilgrastim_cycle_too_short(next_: str, at: str | None, expected: set[str]) -> None:
    r = dose(product="pegfilgrastim", last_chemo_at=LAST, next_chemo_at=next_, first_dose_at=at)
    assert set(timing_warnings(r)) == expected


def test_a_timing_warning_never_changes_the_dose() -> None:
    early = "2026-03-02T12:00:00"
    plain_r = dose()
    r = dose(last_chemo_at=LAST, next_chemo_at="2026-03-03T11:00:00", first_dose_at=early)
    assert r["daily_dose_mcg"] == plain_r["daily_dose_mcg"] == 300
    assert r["request"]["first_dose_at"] == early
    p = dose(product="pegfilgrastim", last_chemo_at=LAST, first_dose_at=early)
    assert p["dose_mg"] == 6 and p["request"]["first_dose_at"] == early


# --- time zones and order -------------------------------------------------------------------
@pytest.mark.parametrize(("first", "too_soon"), [
    ("2026-03-03T09:00:00Z", False),             # = 10:00+01:00, exactly 24 h after
    ("2026-03-03T08:59:00Z", True),
    ("2026-03-03T11:00:00+02:00", False),
], ids=["utc-exactly-24h", "utc-1min-early", "other-offset-exactly-24h"])
def test_aware_times_compare_across_offsets(first: str, too_soon: bool) -> None:
    r = dose(last_chemo_at="2026-03-02T10:00:00+01:00", first_dose_at=first,
             next_chemo_at="2026-03-20T10:00:00+01:00")
    assert ("first_dose_too_soon" in timing_warnings(r)) is too_soon
    assert r["timing"]["earliest_first_dose_at"] == "2026-03-03T10:00:00+01:00"
    assert r["timing"]["stop_by"].startswith("2026-03-17T")


@pytest.mark.parametrize("times", [
    {"last_chemo_at": "2026-03-02T10:00:00Z", "first_dose_at": "2026-03-03T10:00:00"},
    {"last_chemo_at": "2026-03-02T10:00:00", "next_chemo_at": "2026-03-20T10:00:00+01:00"},
    {"first_dose_at": "2026-03-03T10:00:00", "next_chemo_at": "2026-03-20T10:00:00Z",
     "product": "pegfilgrastim"},
], ids=["last-aware-first-naive", "last-naive-next-aware", "peg"])
def test_mixing_aware_and_naive_times_is_refused(times: dict[str, str]) -> None:
    with pytest.raises(InputErrors) as exc:
        dose(**times)
    (err,) = exc.value.errors
    assert err.field in {"last_chemo_at", "next_chemo_at", "first_dose_at"}
    assert "time zone" in err.message


@pytest.mark.parametrize("next_", ["2026-03-01T10:00:00", LAST], ids=["before", "same"])
def test_next_cycle_not_after_the_last_is_refused(next_: str) -> None:
    with pytest.raises(InputErrors) as exc:
        dose(last_chemo_at=LAST, next_chemo_at=next_)
    assert [e.field for e in exc.value.errors] == ["next_chemo_at"]
