"""G-CSF doses a pharmacist can check (RULES §10, §1 display).

- Filgrastim (and tbo-filgrastim): weight × the regimen's mcg/kg, per administration;
  the nearest single presentation (an exact tie goes to the larger) with its signed
  deviation and whether it lies within the tolerance (the edge counts as within); the
  volume of the exact dose at that presentation's concentration; when nothing is within
  tolerance, also the exact dose's volume from a 300 mcg/mL vial.
- Pegfilgrastim: 6 mg per cycle from 45 kg; paediatric bands below, on the weight
  rounded half up to the nearest kg.
Every figure is also written out with its numbers substituted (``workings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from leukodesk.core import content
from leukodesk.core.contract.units import KG_PER_LB, to_decimal
from leukodesk.core.dosing.models import DoseRequest, DoseResult, DoseWarning
from leukodesk.core.dosing.request import parse_dose_request
from leukodesk.core.dosing.tables import (
    MCG_PER_MU,
    PEG_ADULT_FROM_KG,
    PEG_ADULT_MG,
    PEG_BANDS,
    PEG_MG_PER_KG_UNDER_10,
    PEG_SYRINGE,
    PRESENTATION_SOURCES,
    PRESENTATIONS,
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

# Weights are written with every decimal they have (a lb conversion has up to 12).
WEIGHT_PLACES = 12
LABEL_SOURCE = {Product.FILGRASTIM: "NEUPOGEN-PI", Product.TBO_FILGRASTIM: "GRANIX",
                Product.PEGFILGRASTIM: "PEGFIL"}


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


def regimen_for(product: Product, indication: Indication) -> Regimen:
    return TBO_REGIMEN if product is Product.TBO_FILGRASTIM else REGIMENS[indication]


def pegfilgrastim_mg(weight_kg: Decimal) -> tuple[Decimal, Decimal, str, str]:
    """(dose mg, weight used for banding, band in words, formula) [PEGFIL][CONV]."""
    rounded = weight_kg.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    shown = f"{plain(weight_kg, WEIGHT_PLACES)} kg"
    note = "" if rounded == weight_kg else f"{shown} rounds (half up) to {plain(rounded)} kg; "
    # The band edges and doses in words come from the table compared, never restated.
    if rounded >= PEG_ADULT_FROM_KG:
        band = f"{plain(PEG_ADULT_FROM_KG)} kg or more"
        return PEG_ADULT_MG, rounded, band, f"{note}{band}: {format_dose(PEG_ADULT_MG)} mg"
    lowest_band = PEG_BANDS[0][0]
    if rounded < lowest_band:
        dose = PEG_MG_PER_KG_UNDER_10 * weight_kg
        band = f"under {plain(lowest_band)} kg"
        return (dose, rounded, band, f"{note}{band}: {plain(PEG_MG_PER_KG_UNDER_10)} mg/kg × "
                                     f"{shown} {equals(dose, 4)} mg")
    for low, high, mg in PEG_BANDS:
        if low <= rounded <= high:
            band = f"{plain(low)} to {plain(high)} kg"
            return mg, rounded, band, f"{note}{band}: {format_dose(mg)} mg"
    raise AssertionError(f"no pegfilgrastim band for {rounded} kg")  # bands cover 10–44


def _warn(code: str, product: Product, fields: dict[str, str]) -> DoseWarning:
    text = content.dose_warnings()[code]
    sources = [LABEL_SOURCE[product] if s == "LABEL" else s for s in text.sources]
    return DoseWarning(code=code, message=text.text.format(**fields), sources=sources)


def _weight_working(req: DoseRequest) -> list[str]:
    """How a weight typed in lb became kg, written out (nothing when typed in kg)."""
    typed = req.weight_typed
    if typed is None:
        return []
    exact = typed * KG_PER_LB
    used = to_decimal(req.weight_kg)
    return [f"{plain(typed, 4)} lb × {plain(KG_PER_LB, 8)} kg/lb {'=' if used == exact else '≈'} "
            f"{plain(used, WEIGHT_PLACES)} kg"]


class _Parts(NamedTuple):
    """One product's figures: result fields, warnings found, sources, the dose per
    administration (mcg, or mg for pegfilgrastim) for the safety checks."""

    fields: dict[str, Any]
    warnings: list[tuple[str, dict[str, str]]]
    sources: list[str]
    dose: Decimal


@dataclass(frozen=True)
class FilgrastimFigures:
    """The numbers of one filgrastim or tbo-filgrastim dose, before any text."""

    regimen: Regimen
    weight_kg: Decimal
    per_dose: Decimal             # mcg per administration
    daily: Decimal                # mcg per day
    chosen: Presentation
    rounding: Rounding
    exact_ml: Decimal             # the exact dose at the chosen presentation's strength
    vial_ml: Decimal | None       # the exact dose from a 300 mcg/mL vial, when not within
    tolerance: Decimal
    sources: tuple[str, ...]

    @property
    def formula(self) -> str:
        """The dose with its numbers: "5 mcg/kg × 72.4 kg = 362 mcg"."""
        text = (f"{format_dose(self.regimen.mcg_per_kg)} mcg/kg × "
                f"{plain(self.weight_kg, WEIGHT_PLACES)} kg "
                f"{equals(self.per_dose)} mcg")
        if self.regimen.per_day > 1:
            text += (f" per dose; × {self.regimen.per_day} doses a day "
                     f"{equals(self.daily)} mcg/day")
        return text


def filgrastim_figures(product: Product, indication: Indication, presentation_set:
                       PresentationSet, weight: Decimal, tolerance: Decimal) -> FilgrastimFigures:
    """Dose, nearest presentation and volumes for filgrastim or tbo-filgrastim [RULES §10]."""
    regimen = regimen_for(product, indication)
    per_dose = weight * regimen.mcg_per_kg
    presentations: tuple[Presentation, ...] = PRESENTATIONS[presentation_set]
    r = nearest_presentation(per_dose, [p.mcg for p in presentations], tolerance)
    chosen = next(p for p in presentations if p.mcg == r.presentation_mcg)
    vial_ml = None if r.within_tolerance else per_dose / REFERENCE_VIAL.mcg_per_ml
    # Tbo-filgrastim's own label covers its syringes; filgrastim's set has its source.
    sources = (*regimen.sources, *(() if product is Product.TBO_FILGRASTIM
                                   else PRESENTATION_SOURCES[presentation_set]), "HOPA")
    return FilgrastimFigures(regimen, weight, per_dose, per_dose * regimen.per_day, chosen, r,
                             per_dose / chosen.mcg_per_ml, vial_ml, tolerance, sources)


def _filgrastim(req: DoseRequest, weight: Decimal, tolerance: Decimal) -> _Parts:
    f = filgrastim_figures(req.product, req.indication, req.presentation_set, weight, tolerance)
    regimen, per_dose, daily, chosen, r = f.regimen, f.per_dose, f.daily, f.chosen, f.rounding
    exact_ml, vial_ml = f.exact_ml, f.vial_ml
    eu = req.presentation_set is PresentationSet.EU_SYRINGES

    dose_text = f"{format_dose(per_dose)} mcg"
    formula = f.formula
    workings = [*_weight_working(req), formula]
    if eu:
        workings.append(f"{dose_text} ÷ {plain(MCG_PER_MU)} mcg/MU = "
                        f"{format_dose(per_dose / MCG_PER_MU)} MU")
    workings += [
        f"Nearest presentation: {chosen.label}; ({plain(chosen.mcg)} − {format_dose(per_dose)})"
        f" ÷ {format_dose(per_dose)} × 100 {pct_equals(r.deviation_pct, tolerance)}"
        f"{' (exact tie: the larger is chosen)' if r.tie else ''}; "
        f"{'within' if r.within_tolerance else 'outside'} ±{plain(tolerance)} %",
        f"Volume of the exact dose: {dose_text} ÷ {format_dose(chosen.mcg_per_ml)} mcg/mL "
        f"{equals(exact_ml, volume_places(exact_ml))} mL "
        f"({'more than' if exact_ml > chosen.ml else 'of'} the "
        f"{format_dose(chosen.ml)} mL in one {chosen.kind.split()[-1]})",
    ]
    warnings: list[tuple[str, dict[str, str]]] = []
    if r.within_tolerance:
        statement = (f"Give one {chosen.label} ({plain(chosen.mcg)} mcg, "
                     f"{format_signed_pct(r.deviation_pct, tolerance)} from the exact {dose_text}, "
                     "within "
                     f"±{plain(tolerance)} %){' per dose' if regimen.per_day > 1 else ''}.")
    else:
        assert vial_ml is not None
        workings.append(f"From a 300 mcg/mL vial: {dose_text} ÷ 300 mcg/mL "
                        f"{equals(vial_ml, volume_places(vial_ml))} mL")
        statement = (f"Rounding to one presentation would exceed ±{plain(tolerance)} %: give the "
                     f"exact dose, {dose_text}: {format_volume(vial_ml)} mL from 300 mcg/mL "
                     "vial stock"
                     f"{' per dose' if regimen.per_day > 1 else ''}.")
        warnings.append(("rounding_exceeds_tolerance", {
            "tolerance": plain(tolerance), "dose": format_dose(per_dose),
            "presentation": plain(chosen.mcg),
            "deviation": format_signed_pct(r.deviation_pct, tolerance)}))
    if r.tie:
        warnings.append(("presentation_tie", {"dose": format_dose(per_dose),
                                              "presentation": plain(chosen.mcg)}))
    fields = {
        "regimen": regimen.name, "route": regimen.route,
        "mcg_per_kg": float(regimen.mcg_per_kg), "mcg_per_kg_day": float(regimen.mcg_per_kg_day),
        "administrations_per_day": regimen.per_day, "daily_dose_mcg": float(daily),
        "dose_per_administration_mcg": float(per_dose),
        "daily_dose_mu": float(daily / MCG_PER_MU) if eu else None,
        "dose_per_administration_mu": float(per_dose / MCG_PER_MU) if eu else None,
        "presentation_set": req.presentation_set,
        "nearest_presentation_mcg": float(chosen.mcg), "nearest_presentation": chosen.label,
        "deviation_pct": float(r.deviation_pct), "tie": r.tie,
        "within_tolerance": r.within_tolerance, "exact_volume_ml": float(exact_ml),
        "presentation_volume_ml": float(chosen.ml),
        "vial_volume_ml": None if vial_ml is None else float(vial_ml),
        "dose_mg": None, "rounded_weight_kg": None, "weight_band": None,
        "formula": formula, "workings": workings, "statement": statement,
    }
    return _Parts(fields, warnings, list(f.sources), per_dose)


def _pegfilgrastim(req: DoseRequest, weight: Decimal) -> _Parts:
    mg, rounded, band, formula = pegfilgrastim_mg(weight)
    mg_per_ml = PEG_SYRINGE.mcg_per_ml / 1000
    volume = mg / mg_per_ml
    fields = {
        "regimen": "chemotherapy-induced neutropenia, once per chemotherapy cycle",
        "route": "SC, once per cycle", "mcg_per_kg": None, "mcg_per_kg_day": None,
        "administrations_per_day": None, "daily_dose_mcg": None,
        "dose_per_administration_mcg": None, "daily_dose_mu": None,
        "dose_per_administration_mu": None, "presentation_set": None,
        "nearest_presentation_mcg": None, "nearest_presentation": "6 mg/0.6 mL prefilled syringe",
        "deviation_pct": None, "tie": False, "within_tolerance": None,
        "exact_volume_ml": float(volume), "presentation_volume_ml": float(PEG_SYRINGE.ml),
        "vial_volume_ml": None, "dose_mg": float(mg), "rounded_weight_kg": float(rounded),
        "weight_band": band, "formula": formula,
        "workings": [*_weight_working(req), formula,
                     f"Volume: {plain(mg, 4)} mg ÷ {plain(mg_per_ml)} mg/mL "
                     f"{equals(volume, volume_places(volume))} mL of the 6 mg/0.6 mL syringe"],
        "statement": (f"Give {plain(mg, 4)} mg ({format_volume(volume)} mL) once this "
                      "cycle" + (": the whole syringe." if mg == PEG_ADULT_MG
                                 else ", measured from the 6 mg/0.6 mL syringe.")),
    }
    return _Parts(fields, [], ["PEGFIL", "CONV"], mg)


def _per_dose(req: DoseRequest, weight: Decimal) -> Decimal:
    """The dose per administration for a weight (mcg, or mg for pegfilgrastim)."""
    if req.product is Product.PEGFILGRASTIM:
        return pegfilgrastim_mg(weight)[0]
    return weight * regimen_for(req.product, req.indication).mcg_per_kg


def _safety(req: DoseRequest, dose: Decimal, tolerance: Decimal) -> list[tuple[str, dict]]:
    """Dose-change and order checks: flagged, never corrected."""
    found: list[tuple[str, dict[str, str]]] = []
    unit = "mg" if req.product is Product.PEGFILGRASTIM else "mcg"
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


def calculate_dose(request: DoseRequest | dict[str, Any]) -> DoseResult:
    """The dose for one request. A raw document is validated first (raising
    :class:`~leukodesk.core.contract.errors.InputErrors` naming every bad field)."""
    req = parse_dose_request(request)
    weight, tolerance = to_decimal(req.weight_kg), to_decimal(req.tolerance_pct)
    peg = req.product is Product.PEGFILGRASTIM
    parts = _pegfilgrastim(req, weight) if peg else _filgrastim(req, weight, tolerance)
    timing = check_timing(req)
    findings = parts.warnings + timing.findings + _safety(req, parts.dose, tolerance)
    warnings = [_warn(code, req.product, fields) for code, fields in findings]
    # Every source a figure or a warning rests on, each once, in order of first use.
    sources = list(dict.fromkeys([*parts.sources, *(s for w in warnings for s in w.sources)]))
    return DoseResult(
        rules_version=DOSE_RULES_VERSION, product=req.product,
        product_name=PRODUCT_NAMES[req.product],
        indication=req.indication, weight_kg=float(weight), tolerance_pct=float(tolerance),
        timing=timing.timing, warnings=warnings, sources=sources, request=req, **parts.fields)
