"""Unit groups and exact conversions to the canonical units (RULES §1).

Canonical units: cell counts ×10⁹/L, hemoglobin g/dL, temperature °C, weight kg.
Conversions work on ``Decimal`` so that, for example, 100.4 °F gives exactly 38.0 °C.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum


class CountUnit(str, Enum):
    """Unit of every cell count (WBC, ANC, lymphocytes, platelets) and their LLNs."""

    G_PER_L = "10^9/L"       # ×10⁹/L = ×10³/µL = K/µL (canonical)
    CELLS_PER_UL = "cells/uL"  # cells/µL = cells/mm³


class HemoglobinUnit(str, Enum):
    G_DL = "g/dL"  # canonical
    G_L = "g/L"
    MMOL_L = "mmol/L"


class TemperatureUnit(str, Enum):
    C = "C"  # canonical
    F = "F"


class WeightUnit(str, Enum):
    KG = "kg"  # canonical
    LB = "lb"


# What a user or script may type for each unit; compared case-insensitively.
UNIT_ALIASES: dict[type[Enum], dict[str, Enum]] = {
    CountUnit: {
        "10^9/l": CountUnit.G_PER_L, "x10^9/l": CountUnit.G_PER_L, "×10⁹/l": CountUnit.G_PER_L,
        "1e9/l": CountUnit.G_PER_L, "g/l": CountUnit.G_PER_L, "k/ul": CountUnit.G_PER_L,
        "10^3/ul": CountUnit.G_PER_L,
        "cells/ul": CountUnit.CELLS_PER_UL, "/ul": CountUnit.CELLS_PER_UL,
        "cells/µl": CountUnit.CELLS_PER_UL, "/µl": CountUnit.CELLS_PER_UL,
        "cells/mm3": CountUnit.CELLS_PER_UL, "/mm3": CountUnit.CELLS_PER_UL,
    },
    HemoglobinUnit: {"g/dl": HemoglobinUnit.G_DL, "g/l": HemoglobinUnit.G_L,
                     "mmol/l": HemoglobinUnit.MMOL_L},
    TemperatureUnit: {"c": TemperatureUnit.C, "°c": TemperatureUnit.C,
                      "celsius": TemperatureUnit.C, "f": TemperatureUnit.F,
                      "°f": TemperatureUnit.F, "fahrenheit": TemperatureUnit.F},
    WeightUnit: {"kg": WeightUnit.KG, "lb": WeightUnit.LB, "lbs": WeightUnit.LB},
}

# How each unit is written for people.
UNIT_LABELS: dict[Enum, str] = {
    CountUnit.G_PER_L: "×10⁹/L",
    CountUnit.CELLS_PER_UL: "cells/µL",
    HemoglobinUnit.G_DL: "g/dL",
    HemoglobinUnit.G_L: "g/L",
    HemoglobinUnit.MMOL_L: "mmol/L",
    TemperatureUnit.C: "°C",
    TemperatureUnit.F: "°F",
    WeightUnit.KG: "kg",
    WeightUnit.LB: "lb",
}

CELLS_PER_UL_PER_G_PER_L = Decimal(1000)
HB_G_DL_PER_MMOL_L = Decimal("1.611")
HB_G_L_PER_G_DL = Decimal(10)
KG_PER_LB = Decimal("0.45359237")


def to_decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a person typed: ``repr`` of a float is its shortest round-trip form."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def to_canonical(value: Decimal, unit: Enum) -> Decimal:
    """Convert ``value`` given in ``unit`` to the canonical unit of its group."""
    if unit is CountUnit.CELLS_PER_UL:
        return value / CELLS_PER_UL_PER_G_PER_L
    if unit is HemoglobinUnit.G_L:
        return value / HB_G_L_PER_G_DL
    if unit is HemoglobinUnit.MMOL_L:
        return value * HB_G_DL_PER_MMOL_L
    if unit is TemperatureUnit.F:
        return (value - 32) * 5 / 9
    if unit is WeightUnit.LB:
        return value * KG_PER_LB
    return value


def from_canonical(value: Decimal, unit: Enum) -> Decimal:
    """Convert a canonical ``value`` to ``unit`` (inverse of :func:`to_canonical`)."""
    if unit is CountUnit.CELLS_PER_UL:
        return value * CELLS_PER_UL_PER_G_PER_L
    if unit is HemoglobinUnit.G_L:
        return value * HB_G_L_PER_G_DL
    if unit is HemoglobinUnit.MMOL_L:
        return value / HB_G_DL_PER_MMOL_L
    if unit is TemperatureUnit.F:
        return value * 9 / 5 + 32
    if unit is WeightUnit.LB:
        return value / KG_PER_LB
    return value


_BY_VALUE: dict[type[Enum], dict[str, Enum]] = {
    kind: {member.value: member for member in kind} for kind in UNIT_ALIASES}


def parse_unit(kind: type[Enum], text: object) -> Enum | None:
    """Read a unit name or alias; ``None`` when it is not one of ``kind``'s units."""
    if isinstance(text, kind):
        return text
    if not isinstance(text, str):
        return None
    member = _BY_VALUE[kind].get(text)
    return member if member is not None else UNIT_ALIASES[kind].get(text.strip().lower())
