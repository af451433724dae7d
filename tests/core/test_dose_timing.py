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
                "peg_too_close_to_next_chemo", "no_pegfilgrastim_window", "stop_anc_above_10",
                "transient_rise", "first_dose_too_soon_after_infusion",
                "mobilisation_start_too_late"}
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


@pytest.mark.parametrize(("indication", "rule", "stop"), [
    ("bmt", "after the marrow infusion", "Titrate by the ANC"),
    ("mobilization", "before the first apheresis", None),
    ("scn_congenital", "No chemotherapy timing", "between 1.5 and 10"),
    ("scn_idiopathic_cyclic", "No chemotherapy timing", "between 1.5 and 10"),
    ("h_ars", "above 2 Gy", "above 1.0 ×10⁹/L on 3 consecutive counts"),
])
def test_the_chemotherapy_course_does_not_apply_to_other_indications(
        indication: str, rule: str, stop: str | None) -> None:
    """RULES §10 (2026.2): timing follows the indication, never the chemotherapy rule."""
    r = dose(indication=indication, first_dose_at="2026-03-03T10:00", latest_anc=12,
             past_nadir="yes", last_chemo_at=LAST, next_chemo_at="2026-03-03T12:00")
    t = r["timing"]
    assert t["stop_by"] is None and t["last_dose_by"] is None
    assert rule in t["rule"] and "24 hours after chemotherapy; none" not in t["rule"]
    assert (t["stop_rule"] is None) if stop is None else (stop in t["stop_rule"])
    assert timing_warnings(r) == {}


@pytest.mark.parametrize("nadir", ["yes", "no", "unknown", None])
@pytest.mark.parametrize(("anc", "above"), [
    (10, False), (10.01, True), (10.1, True), (9.99, False), (0.2, False), (45, True),
], ids=["10", "10.01", "10.1", "9.99", "0.2", "45"])
def test_stop_rule_on_the_latest_anc(anc: float, above: bool, nadir: str | None) -> None:
    """ANC above 10 stops only after the nadir; before it (or unknown) it is a transient
    rise. Exactly 10 is not above 10: nothing."""
    r = dose(latest_anc=anc, **({} if nadir is None else {"past_nadir": nadir}))
    found = timing_warnings(r)
    expected = set() if not above else (
        {"stop_anc_above_10"} if nadir == "yes" else {"transient_rise"})
    assert set(found) == expected
    assert all(srcs == ["NEUPOGEN-PI"] for srcs in found.values())


def test_the_transient_rise_says_not_to_stop() -> None:
    text = warning_text(dose(latest_anc=12, past_nadir="no"), "transient_rise")
    assert "not yet passed" in text and "Do not stop" in text and "transient" in text
    assert "not been confirmed" in warning_text(dose(latest_anc=12), "transient_rise")
    assert warning_text(dose(latest_anc=12, past_nadir="yes"), "stop_anc_above_10").endswith(
        "after the expected nadir: stop filgrastim.")


def test_the_stop_warning_never_rounds_the_anc_onto_its_threshold() -> None:
    # RULES §1: 10.00001 is above 10 and must not read "10 … is above 10".
    r = dose(latest_anc=10.00001, past_nadir="yes")
    assert "ANC of 10.00001 ×10⁹/L is above 10 after" in warning_text(r, "stop_anc_above_10")
    assert timing_warnings(dose(latest_anc=10, past_nadir="yes")) == {}


def test_anc_stop_rule_applies_to_tbo_filgrastim_too() -> None:
    r = dose(product="tbo_filgrastim", latest_anc=10.5, past_nadir="yes")
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
    ("2026-03-17T09:59:00", None, {"no_pegfilgrastim_window"}),
    ("2026-03-17T09:59:00", "2026-03-03T10:00:00", {"no_pegfilgrastim_window"}),
    ("2026-03-16T10:00:00", "2026-03-02T11:00:00", {"no_pegfilgrastim_window"}),  # 14-day
    ("2026-03-23T10:00:00", "2026-03-22T10:00:00", {"peg_too_close_to_next_chemo"}),  # 21 d
], ids=["15d-edge", "15d-less-1min", "15d-less-1min-with-dose", "14d-cycle-early-dose",
        "21d-cycle-is-long-enough"])
def test_pegfilgrastim_cycle_too_short(next_: str, at: str | None, expected: set[str]) -> None:
    r = dose(product="pegfilgrastim", last_chemo_at=LAST, next_chemo_at=next_, first_dose_at=at)
    assert set(timing_warnings(r)) == expected
    t = r["timing"]
    if "no_pegfilgrastim_window" in expected:
        # No time meets the window: neither end, never a "no later than" before the
        # "no earlier than"; the NCCN note and daily filgrastim are named.
        assert t["earliest_first_dose_at"] is None and t["last_dose_by"] is None
        text = warning_text(r, "no_pegfilgrastim_window")
        assert "every two weeks" in text and "daily filgrastim" in text
        assert timing_warnings(r)["no_pegfilgrastim_window"] == [
            "PEGFIL", "NCCN-MGF", "PEG-TIMING-2016"]
    else:
        assert t["earliest_first_dose_at"] <= t["last_dose_by"]


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


# --- 2026.2: timing per indication (RULES §10) ----------------------------------------------
INFUSION = "2026-03-03T10:00:00"      # marrow infusion, 24 h after LAST


@pytest.mark.parametrize(("first", "expected"), [
    ("2026-03-04T10:00:00", set()),                                      # exactly 24 h after
    ("2026-03-04T09:59:00", {"first_dose_too_soon_after_infusion"}),
    ("2026-03-03T09:59:00", {"first_dose_too_soon", "first_dose_too_soon_after_infusion"}),
], ids=["exactly-24h-after-infusion", "1min-early", "before-both"])
def test_bmt_first_dose_after_chemotherapy_and_marrow_infusion(first: str,
                                                               expected: set[str]) -> None:
    r = dose(indication="bmt", last_chemo_at=LAST, bmt_infusion_at=INFUSION, first_dose_at=first)
    assert set(timing_warnings(r)) == expected
    t = r["timing"]
    assert t["earliest_first_dose_at"] == "2026-03-04T10:00:00"   # the later of the two
    assert t["last_dose_by"] is None and t["stop_by"] is None
    for step in ("for 3 consecutive days", "reduce to 5 mcg/kg/day", "3 more", "stop",
                 "resume at 5 mcg/kg/day", "back to 10 mcg/kg/day"):
        assert step in t["stop_rule"]


def test_bmt_earliest_follows_chemotherapy_when_it_is_later() -> None:
    t = dose(indication="bmt", last_chemo_at="2026-03-05T10:00",
             bmt_infusion_at=INFUSION)["timing"]
    assert t["earliest_first_dose_at"] == "2026-03-06T10:00:00"
    assert dose(indication="bmt")["timing"]["earliest_first_dose_at"] is None


@pytest.mark.parametrize(("first", "late"), [
    ("2026-03-06T10:00:00", False),           # exactly 4 days before
    ("2026-03-06T10:01:00", True),
    ("2026-03-01T10:00:00", False),
], ids=["exactly-4d", "1min-late", "early"])
def test_mobilisation_starts_four_days_before_the_first_apheresis(first: str,
                                                                  late: bool) -> None:
    r = dose(indication="mobilization", first_apheresis_at="2026-03-10T10:00",
             first_dose_at=first, last_chemo_at=LAST)
    assert ("mobilisation_start_too_late" in timing_warnings(r)) is late
    t = r["timing"]
    assert t["start_by"] == "2026-03-06T10:00:00"
    assert t["earliest_first_dose_at"] is None and t["last_dose_by"] is None
    assert "continue to the last apheresis" in t["rule"]


@pytest.mark.parametrize(("product", "label"), [
    ("eflapegrastim", "ROLVEDON"), ("efbemalenograstim", "RYZNEUTA")])
def test_fixed_dose_products_keep_the_pegfilgrastim_window(product: str, label: str) -> None:
    fourteen_day = dose(product=product, age_years=40, last_chemo_at=LAST,
                        next_chemo_at="2026-03-16T10:00:00")
    assert set(timing_warnings(fourteen_day)) == {"no_pegfilgrastim_window"}
    assert fourteen_day["timing"]["last_dose_by"] is None
    ok = dose(product=product, age_years=40, last_chemo_at=LAST, next_chemo_at=PEG_NEXT,
              first_dose_at="2026-03-16T10:01:00")
    assert timing_warnings(ok) == {"peg_too_close_to_next_chemo": [label]}
    assert ok["timing"]["last_dose_by"] == "2026-03-16T10:00:00"


def test_lipegfilgrastim_is_given_about_24_hours_after_with_no_interval_before() -> None:
    r = dose(product="lipegfilgrastim", age_years=40, last_chemo_at=LAST,
             next_chemo_at="2026-03-16T10:00:00", first_dose_at="2026-03-03T09:00")
    assert timing_warnings(r) == {"peg_too_soon_after_chemo": ["LONQUEX"]}
    t = r["timing"]
    assert (t["earliest_first_dose_at"], t["last_dose_by"]) == ("2026-03-03T10:00:00", None)
