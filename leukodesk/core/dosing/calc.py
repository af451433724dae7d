"""G-CSF doses a pharmacist can check (RULES §10, §1 display).

- Filgrastim (and tbo-filgrastim): weight × the regimen's mcg/kg, per administration;
  the nearest single presentation (an exact tie goes to the larger) with its signed
  deviation and whether it lies within the tolerance (the edge counts as within); the
  volume of the exact dose at that presentation's concentration; when nothing is within
  tolerance, also the exact dose's volume from a 300 mcg/mL vial and the nearest sum of
  two presentations when that sum is within tolerance. Never a volume larger than the
  named presentation holds; a volume beyond one unit names how many units it takes.
- The mg products (pegfilgrastim, the fixed doses): :mod:`.long_acting`.
- ``action``: the one line to act on, naming the molecule.
Every figure is also written out with its numbers substituted (``workings``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from leukodesk.core import content
from leukodesk.core.contract.errors import FieldError, InputErrors
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.dose_parts import WEIGHT_PLACES, Parts, weight_working
from leukodesk.core.dosing.long_acting import long_acting, mg_dose
from leukodesk.core.dosing.models import DoseRequest, DoseResult, DoseWarning
from leukodesk.core.dosing.products import (
    SiteStock,
    Stock,
    brand_words,
    builtin_stock,
    presentations_for,
    stock_problems,
)
from leukodesk.core.dosing.request import parse_dose_request
from leukodesk.core.dosing.tables import (
    LABEL_SOURCE,
    MCG_PER_MU,
    MG_PRODUCTS,
    PRODUCT_NAMES,
    REFERENCE_VIAL,
    REGIMENS,
    TBO_REGIMEN,
    Indication,
    Presentation,
    PresentationSet,
    Product,
    Regimen,
)
from leukodesk.core.dosing.timing import check_timing
from leukodesk.core.formats.display import (
    equals,
    format_dose,
    format_signed_pct,
    format_volume,
    pct_equals,
    plain,
    volume_places,
)
from leukodesk.core.rules.thresholds import DOSE_RULES_VERSION


@dataclass(frozen=True)
class Rounding:
    """The nearest single presentation to an exact dose, and how far it is from it."""

    presentation_mcg: Decimal
    deviation_pct: Decimal        # signed: (presentation − dose) / dose × 100
    tie: bool                     # exactly half-way: the larger presentation is chosen
    within_tolerance: bool        # |deviation| ≤ tolerance (the edge counts as within)


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
class PairRounding:
    """The nearest sum of two presentations (two of the same count), larger first."""

    presentations_mcg: tuple[Decimal, Decimal]
    total_mcg: Decimal
    deviation_pct: Decimal        # signed: (total − dose) / dose × 100
    within_tolerance: bool


def nearest_pair(dose_mcg: Decimal, presentations: Sequence[Decimal],
                 tolerance_pct: Decimal) -> PairRounding:
    """The sum of two presentations nearest to ``dose_mcg`` [HOPA][CONV]. Ties: an exact
    tie between two sums goes to the larger sum, as for one presentation; two pairs with
    the same sum (possible with a site's presentations) go to the pair with the larger
    single presentation (480 + 120 before 300 + 300: fewer small containers to open)."""
    pairs = {(max(a, b), min(a, b)) for a in presentations for b in presentations}
    best = min(pairs, key=lambda p: (abs(sum(p) - dose_mcg), -sum(p), -p[0]))
    total = best[0] + best[1]
    deviation = (total - dose_mcg) / dose_mcg * 100
    return PairRounding(best, total, deviation, abs(deviation) <= tolerance_pct)


def regimen_for(product: Product, indication: Indication) -> Regimen:
    return TBO_REGIMEN if product is Product.TBO_FILGRASTIM else REGIMENS[indication]


def _warn(code: str, product: Product, fields: dict[str, str]) -> DoseWarning:
    text = content.dose_warnings()[code]
    sources = [LABEL_SOURCE[product] if s == "LABEL" else s for s in text.sources]
    return DoseWarning(code=code, message=text.text.format(**fields), sources=sources)


@dataclass(frozen=True)
class FilgrastimFigures:
    """The numbers of one filgrastim or tbo-filgrastim dose, before any text."""

    regimen: Regimen
    weight_kg: Decimal
    per_dose: Decimal             # mcg per administration
    daily: Decimal                # mcg per day
    chosen: Presentation
    rounding: Rounding
    pair: PairRounding | None     # two presentations, when no single one is within but these are
    exact_ml: Decimal             # the exact dose at the chosen presentation's strength
    vial_ml: Decimal | None       # the exact dose from a 300 mcg/mL vial, when not within
    tolerance: Decimal
    sources: tuple[str, ...]

    @property
    def formula(self) -> str:
        """The dose with its numbers: "5 mcg/kg × 72.4 kg = 362 mcg"."""
        return regimen_formula(self.regimen, self.weight_kg)


def regimen_formula(regimen: Regimen, weight: Decimal) -> str:
    """A daily product's dose with its numbers: "5 mcg/kg × 72.4 kg = 362 mcg"."""
    per_dose = weight * regimen.mcg_per_kg
    text = (f"{format_dose(regimen.mcg_per_kg)} mcg/kg × {plain(weight, WEIGHT_PLACES)} kg "
            f"{equals(per_dose)} mcg")
    if regimen.per_day > 1:
        text += (f" per dose; × {regimen.per_day} doses a day "
                 f"{equals(per_dose * regimen.per_day)} mcg/day")
    return text


def filgrastim_figures(product: Product, indication: Indication, presentation_set:
                       PresentationSet, weight: Decimal, tolerance: Decimal,
                       stock: Stock | None = None) -> FilgrastimFigures:
    """Dose, nearest presentation (or two), and volumes for filgrastim or tbo-filgrastim
    [RULES §10], from ``stock`` (default: the product's built-in presentations)."""
    stock = stock or builtin_stock(product, presentation_set)
    regimen = regimen_for(product, indication)
    per_dose = weight * regimen.mcg_per_kg
    presentations = stock.presentations
    r = nearest_presentation(per_dose, [p.mcg for p in presentations], tolerance)
    chosen = max((p for p in presentations if p.mcg == r.presentation_mcg),
                 key=lambda p: p.mcg_per_ml)
    pair = None
    if not r.within_tolerance:
        found = nearest_pair(per_dose, [p.mcg for p in presentations], tolerance)
        pair = found if found.within_tolerance else None
    vial_ml = None if r.within_tolerance else per_dose / REFERENCE_VIAL.mcg_per_ml
    sources = (*regimen.sources, *stock.sources, "HOPA")
    return FilgrastimFigures(regimen, weight, per_dose, per_dose * regimen.per_day, chosen, r,
                             pair, per_dose / chosen.mcg_per_ml, vial_ml, tolerance, sources)


def _units(ml: Decimal, p: Presentation) -> str:
    """How many of ``p`` a volume takes, in words: "one 300 mcg/1 mL vial"."""
    return p.units(max(1, math.ceil(ml / p.ml)))


def _pair_words(pair: PairRounding, presentations: Sequence[Presentation]) -> str:
    """"one 300 mcg/0.5 mL prefilled syringe and one 480 …", or "two 300 mcg/… syringes"."""
    big, small = (next(p for p in presentations if p.mcg == mcg)
                  for mcg in pair.presentations_mcg)
    return big.units(2) if big == small else f"{big.units(1)} and {small.units(1)}"


def _draw(per_dose: Decimal, source: Presentation) -> str:
    """The exact dose drawn at ``source``'s strength, naming how many it takes:
    "1.2 mL of 300 mcg/mL (two 300 mcg/1 mL vials)"."""
    ml = per_dose / source.mcg_per_ml
    return (f"{format_volume(ml)} mL of {format_dose(source.mcg_per_ml)} mcg/mL "
            f"({_units(ml, source)})")


def _dose_only(req: DoseRequest, weight: Decimal, stock: Stock) -> Parts:
    """A brand with no presentation on file: the dose alone, no presentation or volume."""
    regimen = regimen_for(req.product, req.indication)
    per_dose = weight * regimen.mcg_per_kg
    per = " per dose, twice a day" if regimen.per_day > 1 else ""
    action = f"Give {format_dose(per_dose)} mcg {brand_words(req)}{per} — {stock.withheld}"
    formula = regimen_formula(regimen, weight)
    fields = {
        "regimen": regimen.name, "route": regimen.route,
        "mcg_per_kg": float(regimen.mcg_per_kg), "mcg_per_kg_day": float(regimen.mcg_per_kg_day),
        "administrations_per_day": regimen.per_day,
        "daily_dose_mcg": float(per_dose * regimen.per_day),
        "dose_per_administration_mcg": float(per_dose), "daily_dose_mu": None,
        "dose_per_administration_mu": None, "presentation_set": None,
        "nearest_presentation_mcg": None, "nearest_presentation": None, "deviation_pct": None,
        "tie": False, "within_tolerance": None, "exact_volume_ml": None,
        "presentation_volume_ml": None, "vial_volume_ml": None, "combination": None,
        "dose_mg": None, "rounded_weight_kg": None, "weight_band": None, "fixed_dose": False,
        "formula": formula, "workings": [*weight_working(req), formula],
        "statement": action + ".", "action": action, "presentations_on_file": False,
        "presentations_missing": stock.withheld}
    return Parts(fields, [], [*regimen.sources, *stock.sources], per_dose)


def _filgrastim(req: DoseRequest, weight: Decimal, tolerance: Decimal, stock: Stock) -> Parts:
    if not stock.presentations:
        return _dose_only(req, weight, stock)
    f = filgrastim_figures(req.product, req.indication, req.presentation_set, weight, tolerance,
                           stock)
    regimen, per_dose, daily, chosen, r, pair = (f.regimen, f.per_dose, f.daily, f.chosen,
                                                 f.rounding, f.pair)
    exact_ml, vial_ml = f.exact_ml, f.vial_ml
    eu = stock.set is PresentationSet.EU_SYRINGES and req.brand is None  # its MU
    molecule = brand_words(req)
    per = " per dose, twice a day" if regimen.per_day > 1 else ""
    per_dose_words = " per dose" if regimen.per_day > 1 else ""
    tol = f"±{plain(tolerance)} %"

    dose_text = f"{format_dose(per_dose)} mcg"
    # The exact dose from a 300 mcg/mL vial of the same molecule; a brand or tbo-filgrastim
    # draws from its own presentation (their mcg are not another product's).
    # A site's own presentations are drawn from as they are (the site may stock no vial).
    own_vial = req.product is Product.FILGRASTIM and req.brand is None and stock.set is not None
    draw = _draw(per_dose, REFERENCE_VIAL if own_vial else chosen)
    if r.within_tolerance:
        use = f"one {chosen.label} ({tol} of the exact dose)"
        action = f"Give {plain(chosen.mcg)} mcg {molecule}: {chosen.units(1)}{per}"
    elif pair is not None:
        use = _pair_words(pair, stock.presentations)
        action = f"Give {plain(pair.total_mcg)} mcg {molecule}: {use}{per}"
    else:
        use = draw
        action = f"Give {dose_text} {molecule}: {draw}{per}"
    formula = f.formula
    workings = [*weight_working(req), formula]
    if eu:
        workings.append(f"{dose_text} ÷ {plain(MCG_PER_MU)} mcg/MU = "
                        f"{format_dose(per_dose / MCG_PER_MU)} MU")
    workings.append(
        f"Nearest presentation: {chosen.label}; ({plain(chosen.mcg)} − {format_dose(per_dose)})"
        f" ÷ {format_dose(per_dose)} × 100 {pct_equals(r.deviation_pct, tolerance)}"
        f"{' (exact tie: the larger is chosen)' if r.tie else ''}; "
        f"{'within' if r.within_tolerance else 'outside'} {tol}")
    # Never a volume larger than the named presentation holds (RULES §10).
    fits = exact_ml <= chosen.ml
    workings.append(
        f"Volume of the exact dose: {dose_text} ÷ {format_dose(chosen.mcg_per_ml)} mcg/mL "
        f"{equals(exact_ml, volume_places(exact_ml))} mL (of the {format_dose(chosen.ml)} mL "
        f"in one {chosen.kind.split()[-1]})" if fits else
        f"The exact {dose_text} is more than one {chosen.label} holds: use {use}")
    warnings: list[tuple[str, dict[str, str]]] = []
    if r.within_tolerance:
        statement = (f"Give one {chosen.label} ({plain(chosen.mcg)} mcg, "
                     f"{format_signed_pct(r.deviation_pct, tolerance)} from the exact {dose_text}, "
                     f"within {tol}){per_dose_words}.")
    else:
        assert vial_ml is not None
        workings.append(f"From a 300 mcg/mL vial: {dose_text} ÷ 300 mcg/mL "
                        f"{equals(vial_ml, volume_places(vial_ml))} mL"
                        + ("" if vial_ml <= REFERENCE_VIAL.ml
                           else f" ({_units(vial_ml, REFERENCE_VIAL)})"))
        fields_ = {"tolerance": plain(tolerance), "dose": format_dose(per_dose),
                   "presentation": plain(chosen.mcg),
                   "deviation": format_signed_pct(r.deviation_pct, tolerance)}
        if pair is not None:
            sizes = " + ".join(plain(m) for m in pair.presentations_mcg)
            deviation = format_signed_pct(pair.deviation_pct, tolerance)
            workings.append(
                f"Two presentations: {sizes} = {plain(pair.total_mcg)} mcg; "
                f"({plain(pair.total_mcg)} − {format_dose(per_dose)}) ÷ {format_dose(per_dose)}"
                f" × 100 {pct_equals(pair.deviation_pct, tolerance)}; within {tol}")
            statement = (f"No single presentation is within {tol}; give {use} "
                         f"({sizes} = {plain(pair.total_mcg)} mcg, {deviation} from the exact "
                         f"{dose_text}){per_dose_words}.")
            warnings.append(("two_presentations", {**fields_, "pair": sizes,
                                                   "total": plain(pair.total_mcg),
                                                   "pair_deviation": deviation}))
        else:
            statement = (f"Rounding to one presentation would exceed {tol}: give the "
                         f"exact dose, {dose_text}: {draw}{per_dose_words}.")
            warnings.append(("rounding_exceeds_tolerance", fields_))
    if r.tie:
        warnings.append(("presentation_tie", {"dose": format_dose(per_dose),
                                              "presentation": plain(chosen.mcg)}))
    combination = None if pair is None else {
        "presentations_mcg": [float(m) for m in pair.presentations_mcg],
        "total_mcg": float(pair.total_mcg), "deviation_pct": float(pair.deviation_pct),
        "within_tolerance": pair.within_tolerance}
    fields = {
        "regimen": regimen.name, "route": regimen.route,
        "mcg_per_kg": float(regimen.mcg_per_kg), "mcg_per_kg_day": float(regimen.mcg_per_kg_day),
        "administrations_per_day": regimen.per_day, "daily_dose_mcg": float(daily),
        "dose_per_administration_mcg": float(per_dose),
        "daily_dose_mu": float(daily / MCG_PER_MU) if eu else None,
        "dose_per_administration_mu": float(per_dose / MCG_PER_MU) if eu else None,
        "presentation_set": stock.set,
        "nearest_presentation_mcg": float(chosen.mcg), "nearest_presentation": chosen.label,
        "deviation_pct": float(r.deviation_pct), "tie": r.tie,
        "within_tolerance": r.within_tolerance,
        "exact_volume_ml": float(exact_ml) if fits else None,
        "presentation_volume_ml": float(chosen.ml),
        "vial_volume_ml": None if vial_ml is None else float(vial_ml),
        "combination": combination, "dose_mg": None, "rounded_weight_kg": None,
        "weight_band": None, "fixed_dose": False, "formula": formula, "workings": workings,
        "statement": statement, "action": action, "presentations_on_file": True,
    }
    return Parts(fields, warnings, list(f.sources), per_dose)


def _per_dose(req: DoseRequest, weight: Decimal) -> Decimal:
    """The dose per administration for a weight (mcg, or mg for the mg products)."""
    if req.product in MG_PRODUCTS:
        return mg_dose(req.product, weight)
    return weight * regimen_for(req.product, req.indication).mcg_per_kg


def _safety(req: DoseRequest, dose: Decimal, tolerance: Decimal) -> list[tuple[str, dict]]:
    """Dose-change and order checks: flagged, never corrected."""
    found: list[tuple[str, dict[str, str]]] = []
    unit = "mg" if req.product in MG_PRODUCTS else "mcg"
    if req.previous_weight_kg is not None:
        before = _per_dose(req, to_decimal(req.previous_weight_kg))
        change = (dose - before) / before * 100
        if abs(change) > tolerance:
            found.append(("weight_changed", {
                "previous": format_dose(to_decimal(req.previous_weight_kg)),
                "now": format_dose(to_decimal(req.weight_kg)),
                "change": format_signed_pct(change, tolerance), "tolerance": plain(tolerance)}))
    ordered = req.ordered_dose_mg if unit == "mg" else req.ordered_dose_mcg
    if ordered is not None:
        deviation = (to_decimal(ordered) - dose) / dose * 100
        if abs(deviation) > tolerance:
            code = "ordered_above_label" if deviation > 0 else "ordered_below_label"
            found.append((code, {
                "ordered": f"{format_dose(to_decimal(ordered), 3)} {unit}",
                "dose": f"{format_dose(dose, 3)} {unit}",
                "deviation": format_signed_pct(deviation, tolerance),
                "tolerance": plain(tolerance)}))
    return found


def calculate_dose(request: DoseRequest | dict[str, Any], *, stocked: SiteStock | None = None,
                   withheld: str | None = None) -> DoseResult:
    """The dose for one request. A raw document is validated first (raising
    :class:`~leukodesk.core.contract.errors.InputErrors` naming every bad field).
    ``stocked``: what a site configuration stocks (RULES §16; a molecule or presentation
    set it does not stock is refused, naming the field); ``withheld``: the reason
    presentations and volumes are withheld (a refused site file not yet confirmed) — the
    dose is then given in mcg or mg alone."""
    req = parse_dose_request(request)
    problems = stock_problems(req, stocked)
    if problems:
        raise InputErrors([FieldError(field, message) for field, message in problems])
    weight, tolerance = to_decimal(req.weight_kg), to_decimal(req.tolerance_pct)
    stock = presentations_for(req, stocked, withheld)
    parts = (long_acting(req, weight, stock) if req.product in MG_PRODUCTS
             else _filgrastim(req, weight, tolerance, stock))
    timing = check_timing(req)
    findings = parts.warnings + timing.findings + _safety(req, parts.dose, tolerance)
    warnings = [_warn(code, req.product, fields) for code, fields in findings]
    # Every source a figure or a warning rests on, each once, in order of first use.
    sources = list(dict.fromkeys([*parts.sources, *(s for w in warnings for s in w.sources)]))
    return DoseResult(
        rules_version=DOSE_RULES_VERSION, product=req.product,
        product_name=brand_words(req) if req.brand else PRODUCT_NAMES[req.product],
        brand=req.brand, molecule=brand_words(req),
        indication=req.indication, weight_kg=float(weight), tolerance_pct=float(tolerance),
        timing=timing.timing, warnings=warnings, sources=sources, request=req, **parts.fields)
