"""RULES §13 (2026.2): what the serial counts add to the advice. The trend's figures are
computed in :mod:`leukodesk.core.rules.trend`; a falling ANC below 1.0 is one of the reasons
to escalate now (``escalate``, §6 and §9)."""

from __future__ import annotations

from decimal import Decimal

from leukodesk.core.content import Urgency as U
from leukodesk.core.formats.display import format_count, plain_beside
from leukodesk.core.rules import thresholds as r
from leukodesk.core.rules.findings import ANC_CLASS_BOUNDS, Findings
from leukodesk.core.rules.logic import Cmp, Definition, Facts, Is, Ref, all_
from leukodesk.core.rules.table.entries import Rule

D = Definition
DEFINITIONS = (
    # The current ANC (or the WBC that bounds it) below 1.0 and the last two ANCs falling.
    # With fewer than two ANCs the direction is "no_trend": never a reason to escalate.
    D("anc_falling", "A falling ANC below {TREND_ESCALATE_ANC_BELOW} ×10⁹/L", all_(
        Cmp("anc", "<", "TREND_ESCALATE_ANC_BELOW"), Is("trend_direction", ("falling",)))),
    D("profound_over_7_days", "Profound neutropenia for more than {PROFOUND_DAYS_ABOVE} days "
                              "in the counts (IDSA high risk)",
      Cmp("profound_days", ">", "PROFOUND_DAYS_ABOVE")),
    D("recovery_confirmed", "ANC recovery to {RECOVERY_ANC_FROM} confirmed",
      Is("recovery_0_5", ("confirmed",))),
)


def _anc(value: Decimal | None) -> str:
    """An ANC of the trend as shown, never across a class bound or the 1.0 it is said
    to be below."""
    assert value is not None
    return format_count(value, (*ANC_CLASS_BOUNDS, r.TREND_ESCALATE_ANC_BELOW.value))


def falling_words(f: Findings) -> str:
    """The fall, for the reasons to escalate: the last two ANCs."""
    assert f.trend is not None
    previous, last = f.trend.anc_points[-2:]
    return (f"an ANC below {r.TREND_ESCALATE_ANC_BELOW.text} ×10⁹/L and falling, from "
            f"{_anc(previous.anc)} to {_anc(last.anc)} between {previous.moment.text} and "
            f"{last.moment.text}")


def _profound(f: Findings, facts: Facts) -> dict[str, str]:
    assert f.trend is not None and f.trend.profound is not None
    run = f.trend.profound
    days = plain_beside(run.days, (r.PROFOUND_DAYS_ABOVE.value,))
    return {"days": f"at least {days} days, still going on" if run.ongoing else f"{days} days",
            "since": run.start.moment.text}


def _recovery(f: Findings, facts: Facts) -> dict[str, str]:
    t = f.trend
    assert t is not None and t.nadir is not None and t.recovery_0_5_at is not None
    return {"nadir": _anc(t.nadir.anc), "nadir_time": t.nadir.moment.text,
            "time": t.recovery_0_5_at.moment.text}


RULES = (
    Rule("trend_profound_over_7_days", U.URGENT, ("IDSA-2010",),
         "Profound neutropenia for more than {PROFOUND_DAYS_ABOVE} days in the counts: high "
         "risk (IDSA)", Ref("profound_over_7_days"), _profound),
    Rule("trend_recovery_confirmed", U.INFO, ("ASTCT-2019", "BMT-2002"),
         "ANC recovery to {RECOVERY_ANC_FROM} confirmed on {RECOVERY_CONSECUTIVE_DAYS} "
         "consecutive days after the nadir", Ref("recovery_confirmed"), _recovery),
)
