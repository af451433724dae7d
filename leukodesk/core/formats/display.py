"""How numbers are written for people (RULES §1, display).

- Counts: 3 decimals below 1.0 ×10⁹/L, 2 from 1.0 up, or whole cells/µL; but never a
  rounded figure that lands on the other side of a threshold from the value used
  (0.495 must not read "0.50" beside "severe"): more decimals are shown until it does not.
- Doses (ISMP): a leading zero, no trailing zero, the unit spelled "mcg".
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext

from leukodesk.core.contract.units import CELLS_PER_UL_PER_G_PER_L, to_decimal
from leukodesk.core.rules import thresholds as rules

MAX_EXTRA_DECIMALS = 6


_QUANTUM = tuple(Decimal(1).scaleb(-p) for p in range(16))


def _quantize(number: Decimal, places: int) -> Decimal:
    """Round half up to ``places`` decimals, with precision enough for any size of number
    (the default 28 digits would raise on, say, 1e30 at 4 decimals)."""
    digits = max(0, number.adjusted()) + places + 2
    if digits <= getcontext().prec:  # the usual case: no context of its own needed
        return number.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    with localcontext() as ctx:
        ctx.prec = max(28, digits)
        return number.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)


def plain(number: Decimal, places: int = 4) -> str:
    """A number with at most ``places`` decimals, no exponent and no trailing zeros."""
    rounded = _quantize(number, places)
    text = format(rounded.normalize(), "f")
    return "0" if text == "-0" else text


def _crosses(value: Decimal, shown: Decimal, thresholds: Iterable[Decimal]) -> bool:
    """True when ``shown`` sits on another side (or on) a threshold than ``value``."""
    return any((value < t) != (shown < t) or (value == t) != (shown == t) for t in thresholds)


def _safe_round(value: Decimal, places: int, thresholds: Iterable[Decimal]) -> str:
    limits = list(thresholds)
    for extra in range(MAX_EXTRA_DECIMALS + 1):
        shown = _quantize(value, places + extra)
        if not _crosses(value, shown, limits):
            return format(shown, "f")
    return format(value, "f")


def plain_beside(number: Decimal, thresholds: tuple[Decimal, ...], places: int = 4) -> str:
    """:func:`plain`, with more decimals when the plain figure would read on the other
    side of (or on) one of ``thresholds`` (10.00001 beside "≤ 10" never reads "10")."""
    text = plain(number, places)
    if not _crosses(number, Decimal(text), thresholds):
        return text
    return format(Decimal(_safe_round(number, places, thresholds)).normalize(), "f")


def plain_input(value: float | Decimal, unit: str, lln: float | Decimal | None = None,
                places: int = 4) -> str:
    """An input (in ``unit``: ``rules.COUNT``, "°C", "g/dL", "days", "years") written again
    beside the results: :func:`plain_beside` every threshold of the rule set in that unit
    and ``lln``, the lower limit of normal in force (RULES §1): ANC 0.49996 is not "0.5",
    WBC 3.9996 beside a LLN of 4 is not "4"."""
    cuts = rules.thresholds_in(unit)
    if lln is not None:
        cuts = (*cuts, to_decimal(lln))
    return plain_beside(to_decimal(value), cuts, places)


def format_count(value: Decimal, thresholds: Iterable[Decimal] = (),
                 cells_per_ul: bool = False) -> str:
    """A cell count (canonical ×10⁹/L) as displayed, never misleading about ``thresholds``
    (canonical ×10⁹/L too). ``cells_per_ul`` writes whole cells/µL instead."""
    if cells_per_ul:
        scale = CELLS_PER_UL_PER_G_PER_L
        return _safe_round(value * scale, 0, (t * scale for t in thresholds))
    places = 3 if value < 1 else 2
    return _safe_round(value, places, thresholds)


def format_dose(value: Decimal, places: int = 2) -> str:
    """A dose or volume the ISMP way: ``0.5`` not ``.5``; ``5`` not ``5.0``."""
    return plain(value, places)


def format_signed_pct(value: Decimal, limit: Decimal | None = None) -> str:
    """A signed percentage with one decimal, e.g. ``+23.1 %`` or ``−9.1 %`` (``0 %``).
    With ``limit`` (a ±tolerance), more decimals are shown rather than a figure that
    reads on the other side of it (+10.011 % is "+10.011 %", never "+10 %")."""
    size = abs(value)
    text = plain(size, 1) if limit is None else _safe_round(size, 1, (limit,))
    text = format(Decimal(text).normalize(), "f")
    if text == "0":
        return "0 %"
    return f"{'−' if value < 0 else '+'}{text} %"


def pct_equals(value: Decimal, limit: Decimal | None = None) -> str:
    """``= +x %`` when the shown figure is exact, else ``≈ +x %``."""
    shown = format_signed_pct(value, limit)
    number = Decimal(shown.replace("−", "-").replace("+", "").replace(" %", ""))
    return f"{'=' if number == value else '≈'} {shown}"


def volume_places(ml: Decimal) -> int:
    """Decimals that keep a small volume visible: 2 from 0.1 mL, 3 from 0.01, else 4."""
    return 2 if ml >= Decimal("0.1") else 3 if ml >= Decimal("0.01") else 4


def format_volume(ml: Decimal) -> str:
    return plain(ml, volume_places(ml))


def equals(value: Decimal, places: int = 2) -> str:
    """``= x`` when ``value`` is exact at ``places`` decimals, else ``≈ x`` (rounded),
    so a written-out formula never claims more than it shows."""
    shown = plain(value, places)
    return f"= {shown}" if Decimal(shown) == value else f"≈ {shown}"
