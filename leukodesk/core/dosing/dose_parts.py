"""What each product's dose calculation hands back to :func:`~leukodesk.core.dosing.calc.
calculate_dose`, and the weight working they share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from leukodesk.core.contract.units import KG_PER_LB, to_decimal
from leukodesk.core.dosing.models import DoseRequest
from leukodesk.core.formats.display import plain

# Weights are written with every decimal they have (a lb conversion has up to 12).
WEIGHT_PLACES = 12


class Parts(NamedTuple):
    """One product's figures: result fields, warnings found (code, text fields), sources,
    the dose per administration (mcg, or mg for the mg products) for the safety checks."""

    fields: dict[str, Any]
    warnings: list[tuple[str, dict[str, str]]]
    sources: list[str]
    dose: Decimal


def weight_working(req: DoseRequest) -> list[str]:
    """How a weight typed in lb became kg, written out (nothing when typed in kg)."""
    typed = req.weight_typed
    if typed is None:
        return []
    exact = typed * KG_PER_LB
    used = to_decimal(req.weight_kg)
    return [f"{plain(typed, 4)} lb × {plain(KG_PER_LB, 8)} kg/lb {'=' if used == exact else '≈'} "
            f"{plain(used, WEIGHT_PLACES)} kg"]
