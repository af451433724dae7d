"""The command line with serial counts (RULES §13, issue 17): ``leukodesk assess -`` with a
history prints the trend (exit 0); each refusal exits 2 naming the row; ``leukodesk schema``
shows the new keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.core.test_trend import CONTRACT_KEYS
from tests.test_cli import assert_errors, call, command

HISTORY = {"wbc": 1.8, "anc": 0.62, "platelets": 95, "hemoglobin_g_dl": 9.1,
           "counts_time": "2026-03-20T08:00", "last_chemo_at": "2026-03-02",
           "history": [
               {"time": "2026-03-02", "wbc": 5.1, "anc": 3.2, "platelets": 210,
                "hemoglobin_g_dl": 11.2},
               {"time": "2026-03-09", "wbc": 1.1, "differential": {"segs_pct": 30,
                                                                   "bands_pct": 2}},
               {"time": "2026-03-12", "wbc": 0.4, "anc": 0.04},
               {"time": "2026-03-16", "wbc": 0.9, "anc": 0.3},
               {"time": "2026-03-17", "wbc": 1.2, "anc": 0.55},
               {"time": "2026-03-18", "wbc": 1.5, "anc": 0.7},
               {"time": "2026-03-19T08:00", "wbc": 1.6},
           ]}


def test_assess_with_a_history_prints_the_trend() -> None:
    status, out, err = call(["assess", "-"], json.dumps(HISTORY))
    assert status == 0, err
    result = json.loads(out)
    trend = result["trend"]
    assert list(trend) == CONTRACT_KEYS
    assert trend == {
        "anc_delta": pytest.approx(-0.08), "anc_slope_per_day": pytest.approx(-0.04),
        "direction": "falling", "nadir_anc": 0.04, "nadir_time": "2026-03-12",
        "nadir_passed": True, "severe_days": 8.0, "severe_ongoing": False,
        "profound_days": 4.0, "profound_ongoing": False, "profound_over_7_days": False,
        # 17th, 18th and 20th: the 19th has no ANC, so not three consecutive days
        "recovery_0_5": "provisional", "recovery_0_5_time": "2026-03-17",
        # 0.62 − 2 × 0.04 = 0.54
        "projection_below_0_5_in_48h": False, "filgrastim_stop_reached": False}
    assert [p["time"] for p in result["trend_points"]] == [
        *(row["time"] for row in HISTORY["history"]), "2026-03-20T08:00"]
    assert result["trend_points"][1]["anc"] == pytest.approx(0.352)
    assert result["trend_points"][-1]["current"] is True
    recs = {r["id"] for r in result["recommendations"]}
    assert "escalate_now" in recs and "trend_recovery_confirmed" not in recs


def test_the_real_command_prints_the_trend() -> None:
    proc = command("assess", "-", stdin=json.dumps(HISTORY))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["trend"]["nadir_time"] == "2026-03-12"


def test_a_cells_per_microlitre_history_prints_the_trend_in_si_units() -> None:
    doc = {"wbc": 1800, "anc": 620, "units": {"counts": "cells/uL"},
           "counts_time": "2026-03-20", "history": [{"time": "2026-03-18", "wbc": 1500,
                                                     "anc": 700}]}
    status, out, _ = call(["assess", "-"], json.dumps(doc))
    result = json.loads(out)
    assert status == 0 and result["trend"]["anc_delta"] == pytest.approx(-0.08)
    assert result["trend"]["anc_slope_per_day"] == pytest.approx(-0.04)
    assert result["trend_points"][0]["anc"] == 0.7


def test_without_a_history_the_trend_is_null() -> None:
    status, out, _ = call(["assess", "-"], json.dumps({"wbc": 2, "anc": 0.7}))
    assert status == 0
    assert json.loads(out)["trend"] is None and json.loads(out)["trend_points"] == []


def _with(**changes: Any) -> dict[str, Any]:
    return {**HISTORY, **changes}


ROWS = HISTORY["history"]


@pytest.mark.parametrize(("doc", "field"), [
    (_with(counts_time=None), "counts_time"),
    (_with(history=[*ROWS, {"time": "2026-03-12T00:00", "wbc": 1}]), "history[7].time"),
    (_with(history=[*ROWS, {"time": "2026-03-20T08:00", "wbc": 1}]), "history[7].time"),
    (_with(history=[*ROWS, {"time": "2026-03-21", "wbc": 1}]), "history[7].time"),
    (_with(history=[*ROWS, {"time": "2025-03-19", "wbc": 1}]), "history[7].time"),
    (_with(history=[{"time": f"2026-03-0{1 + n // 10}T{n % 10:02d}:00", "wbc": 1}
                    for n in range(61)]), "history"),
    (_with(history=[*ROWS[:3], {"time": "2026-03-13", "wbc": 1, "anc": 2}]), "history[3].anc"),
    (_with(history=[*ROWS[:3], {"time": "2026-03-13", "wbc": 1, "anc": 0.2,
                                "differential": {"segs_pct": 20}}]), "history[3].anc"),
    (_with(history=[*ROWS[:3], {"time": "2026-03-13", "wbc": 1, "platelets": 4000}]),
     "history[3].platelets"),
    (_with(history=[*ROWS[:3], {"time": "13/03/2026", "wbc": 1}]), "history[3].time"),
    (_with(last_chemo_at="yesterday"), "last_chemo_at"),
], ids=["no-counts-time", "duplicate-time", "at-counts-time", "after-counts-time",
        "over-365-days", "61-rows", "anc-above-wbc", "anc-and-differential", "range",
        "bad-time", "bad-chemo-time"])
def test_each_refusal_exits_2_naming_the_field(doc: dict[str, Any], field: str) -> None:
    status, out, err = call(["assess", "-"], json.dumps(doc))
    errors = assert_errors(status, out, err)
    assert field in [e["field"] for e in errors], errors


def test_schema_shows_the_new_keys() -> None:
    status, out, _ = call(["schema"])
    schema = json.loads(out)
    assert status == 0
    assert {"history", "counts_time", "last_chemo_at"} <= set(schema["input"]["properties"])
    assert schema["input"]["properties"]["history"]["maxItems"] == 60
    assert {"trend", "trend_points"} <= set(schema["output"]["properties"])
    assert list(schema["output"]["$defs"]["Trend"]["properties"]) == CONTRACT_KEYS
    row = schema["input"]["$defs"]["HistoryRow"]
    assert set(row["properties"]) == {"time", "wbc", "anc", "differential", "platelets",
                                      "hemoglobin_g_dl"} and set(row["required"]) == {"time",
                                                                                     "wbc"}
