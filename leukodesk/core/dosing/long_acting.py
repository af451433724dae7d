"""Doses of the once-per-cycle products, in mg (RULES §10, §15).

- Pegfilgrastim: 6 mg from 45 kg; paediatric bands below, on the weight rounded half up to
  the nearest kg [PEGFIL][CONV]; the volume from the 6 mg/0.6 mL syringe.
- Eflapegrastim 13.2 mg, efbemalenograstim alfa 20 mg, lipegfilgrastim 6 mg: fixed adult
  doses, the whole syringe, no weight rounding and no partial doses [ROLVEDON][RYZNEUTA]
  [LONQUEX].
Every dose names its molecule: their mg are not interchangeable.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from leukodesk.core.dosing.dose_parts import WEIGHT_PLACES, Parts, weight_working
from leukodesk.core.dosing.models import DoseRequest
from leukodesk.core.dosing.products import Stock, brand_words
from leukodesk.core.dosing.tables import (
    FIXED_DOSE_MG,
    LABEL_SOURCE,
    PEG_ADULT_FROM_KG,
    PEG_ADULT_MG,
    PEG_BANDS,
    PEG_MG_PER_KG_UNDER_10,
    Product,
)
from leukodesk.core.formats.display import equals, format_dose, format_volume, plain, volume_places


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


def mg_dose(product: Product, weight: Decimal) -> Decimal:
    """The dose in mg of a once-per-cycle product for a weight."""
    fixed = FIXED_DOSE_MG.get(product)
    return fixed if fixed is not None else pegfilgrastim_mg(weight)[0]


_EMPTY = {"mcg_per_kg": None, "mcg_per_kg_day": None, "administrations_per_day": None,
          "daily_dose_mcg": None, "dose_per_administration_mcg": None, "daily_dose_mu": None,
          "dose_per_administration_mu": None, "presentation_set": None,
          "nearest_presentation_mcg": None, "deviation_pct": None, "tie": False,
          "within_tolerance": None, "vial_volume_ml": None, "combination": None}


def long_acting(req: DoseRequest, weight: Decimal, stock: Stock) -> Parts:
    """The mg dose of a once-per-cycle product, its volume and the action line."""
    molecule = brand_words(req)
    fixed = req.product in FIXED_DOSE_MG
    if fixed:
        mg, rounded, band = FIXED_DOSE_MG[req.product], None, None
        formula = (f"Fixed adult dose: {format_dose(mg)} mg {molecule} once per cycle, whatever "
                   "the weight")
    else:
        mg, rounded, band, formula = pegfilgrastim_mg(weight)
    sources = [LABEL_SOURCE[req.product], *stock.sources, *([] if fixed else ["CONV"])]
    dose_words = f"{plain(mg, 4)} mg {molecule}"
    fields: dict[str, Any] = {
        **_EMPTY, "regimen": "chemotherapy-induced neutropenia, once per chemotherapy cycle",
        "route": "SC, once per cycle", "dose_mg": float(mg),
        "rounded_weight_kg": None if rounded is None else float(rounded), "weight_band": band,
        "formula": formula, "fixed_dose": fixed}
    workings = [*weight_working(req), formula]
    if not stock.presentations:
        action = f"Give {dose_words} once this cycle — {stock.withheld}"
        fields.update(nearest_presentation=None, exact_volume_ml=None,
                      presentation_volume_ml=None, workings=workings, statement=action + ".",
                      action=action, presentations_on_file=False,
                      presentations_missing=stock.withheld)
        return Parts(fields, [], sources, mg)
    syringe = stock.presentations[0]
    mg_per_ml = syringe.mcg_per_ml / 1000
    volume = mg / mg_per_ml
    whole = volume == syringe.ml
    workings.append(f"Volume: {plain(mg, 4)} mg ÷ {plain(mg_per_ml)} mg/mL "
                    f"{equals(volume, volume_places(volume))} mL of the {syringe.label}")
    if whole:
        action = (f"Give {dose_words}: {syringe.units(1)}"
                  + (", all of it (no partial doses)" if fixed else ""))
        statement = (f"Give {plain(mg, 4)} mg ({format_volume(volume)} mL) once this cycle: "
                     "the whole syringe" + ("; no partial doses." if fixed else "."))
    else:
        action = (f"Give {dose_words}: {format_volume(volume)} mL of the {syringe.label} "
                  f"({plain(mg_per_ml)} mg/mL)")
        statement = (f"Give {plain(mg, 4)} mg ({format_volume(volume)} mL) once this cycle, "
                     f"measured from the {syringe.label}.")
    fields.update(nearest_presentation=syringe.label, exact_volume_ml=float(volume),
                  presentation_volume_ml=float(syringe.ml), workings=workings,
                  statement=statement, action=action, presentations_on_file=True)
    return Parts(fields, [], sources, mg)
