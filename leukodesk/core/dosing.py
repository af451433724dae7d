"""Filgrastim dose and rounding to a single presentation (RULES §10).

This module holds the rounding policy the assessment uses for its filgrastim block
(5 mcg/kg/day, nearest of 300 and 480 mcg). The full calculator (indications, products,
volumes, timing) builds on these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from leukodesk.core import rules
from leukodesk.core.display import format_dose


@dataclass(frozen=True)
class Rounding:
    """The nearest single presentation to an exact dose, and how far it is from it."""

    presentation_mcg: Decimal
    deviation_pct: Decimal        # signed: (presentation − dose) / dose × 100
    tie: bool                     # exactly half-way: the larger presentation is chosen
    within_tolerance: bool        # |deviation| ≤ tolerance (the edge counts as within)


def daily_dose_mcg(weight_kg: Decimal, mcg_per_kg: Decimal) -> Decimal:
    """Exact daily dose in mcg: weight (kg) × dose rate (mcg/kg/day) [NEUPOGEN-PI]."""
    return weight_kg * mcg_per_kg


def nearest_presentation(dose_mcg: Decimal, presentations: Sequence[Decimal],
                         tolerance_pct: Decimal) -> Rounding:
    """The presentation with the smallest absolute difference to ``dose_mcg``; an exact
    tie goes to the larger [CONV]; within tolerance per HOPA's ±10 % policy [HOPA]."""
    best = min(presentations, key=lambda p: (abs(p - dose_mcg), -p))
    gaps = sorted(abs(p - dose_mcg) for p in presentations)
    tie = len(gaps) > 1 and gaps[0] == gaps[1]
    deviation = (best - dose_mcg) / dose_mcg * 100
    return Rounding(best, deviation, tie, abs(deviation) <= tolerance_pct)


@dataclass(frozen=True)
class FilgrastimEstimate:
    mcg_per_kg: Decimal
    weight_kg: Decimal
    dose_mcg: Decimal
    rounding: Rounding
    tolerance_pct: Decimal
    formula: str
    sources: tuple[str, ...]


def filgrastim_standard(weight_kg: Decimal, tolerance_pct: Decimal) -> FilgrastimEstimate:
    """Filgrastim at 5 mcg/kg/day (chemotherapy-induced neutropenia) and its nearest vial."""
    rate = rules.FILGRASTIM_MCG_PER_KG.value
    dose = daily_dose_mcg(weight_kg, rate)
    rounding = nearest_presentation(dose, rules.FILGRASTIM_PRESENTATIONS_MCG, tolerance_pct)
    formula = (f"{format_dose(rate)} mcg/kg × {format_dose(weight_kg)} kg = "
               f"{format_dose(dose)} mcg")
    return FilgrastimEstimate(rate, weight_kg, dose, rounding, tolerance_pct, formula,
                              ("NEUPOGEN-PI", "HOPA", "CONV"))
