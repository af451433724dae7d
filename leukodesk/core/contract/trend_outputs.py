"""The trend outputs of RULES §13 (rule set 2026.2): ``trend`` with exactly the keys of the
contract, and ``trend_points`` for a plot. Counts in ×10⁹/L and slopes per day whatever
the input unit; times echoed as the user wrote them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Trend(BaseModel):
    """The serial counts' trend; a key whose condition does not apply is null."""

    model_config = _FROZEN
    anc_delta: float | None = Field(
        description="Last ANC minus the previous ANC, ×10⁹/L, unrounded; null with fewer "
                    "than two ANCs")
    anc_slope_per_day: float | None = Field(
        description="anc_delta per day between those two points; null if 0 days apart")
    direction: Literal["falling", "rising", "unchanged"] | None = Field(
        description="The sign of anc_delta; null with fewer than two ANCs")
    nadir_anc: float | None = Field(
        description="The lowest ANC, ×10⁹/L, among the points at or after last_chemo_at "
                    "when given, else among all")
    nadir_time: str | None = Field(description="Its time as given (the earliest on ties)")
    nadir_passed: bool | None = Field(
        description="A later point has an ANC strictly above the nadir: a hint for the dose "
                    "calculator's past_nadir, never its answer")
    severe_days: float | None = Field(
        description="The latest run of points with ANC below 0.5: days from its first point "
                    "to the first later point at or above 0.5, or to the last point while "
                    "it goes on (a minimum); null when no point is below 0.5. Sampling can "
                    "be off by up to one interval at each end")
    severe_ongoing: bool | None
    profound_days: float | None = Field(description="The same with ANC below 0.1")
    profound_ongoing: bool | None
    profound_over_7_days: bool = Field(
        description="profound_days above 7 (IDSA high risk); false when it is null")
    recovery_0_5: Literal["confirmed", "provisional", "not_yet"] | None = Field(
        description="ANC recovery to 0.5 after the nadir: confirmed on 3 consecutive "
                    "calendar days; provisional from the first point at or above 0.5 until "
                    "then; not_yet; null when the nadir is 0.5 or more")
    recovery_0_5_time: str | None = Field(
        description="Confirmed: the first of the three points; provisional: the first point "
                    "at or above 0.5 of the latest rise; else null")
    projection_below_0_5_in_48h: bool | None = Field(
        description="Only when falling with the last ANC at or above 0.5: the last ANC plus "
                    "2 days of the slope is below 0.5. A hint beside the 48-hour question, "
                    "never its answer")
    filgrastim_stop_reached: bool | None = Field(
        description="Last ANC above 10 after a passed nadir below 1.0 sought after "
                    "last_chemo_at: true; above 10 otherwise: null (it may be the transient "
                    "rise); 10 or less: false")


class TrendEpisode(BaseModel):
    """The latest episode below a threshold and how the sampling limits its days (RULES
    §13: "sampling can be off by up to one interval at each end")."""

    model_config = _FROZEN
    start_time: str = Field(description="Its first count's time, as given")
    gap_min_days: float | None = Field(
        description="The shortest gap between the counts around it (from the count before "
                    "it to its end); null with a single count")
    gap_max_days: float | None = Field(description="The longest such gap")
    from_first_count: bool = Field(description="It begins at the first count with an ANC: "
                                               "it may have begun earlier")


class TrendEpisodes(BaseModel):
    model_config = _FROZEN
    severe: TrendEpisode | None = Field(description="The episode of trend.severe_days")
    profound: TrendEpisode | None = Field(description="The episode of trend.profound_days")


class TrendPoint(BaseModel):
    """One point of the trend, for a plot: the earlier counts and the current ones."""

    model_config = _FROZEN
    time: str = Field(description="As given")
    current: bool = Field(description="The current counts (the last point)")
    wbc: float
    anc: float | None = Field(description="Given or from the differential; null if neither")
    platelets: float | None
    hemoglobin_g_dl: float | None
    anc_change_pct: float | None = Field(
        description="Change from the previous point with an ANC, % of it; null for the "
                    "first ANC, a point without one, or a previous ANC of 0")
