"""G-CSF dosing data (RULES §10): indications, products and presentations, with sources.

Data only; the arithmetic is in :mod:`leukodesk.core.dosing.calc`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from leukodesk.core.formats.display import format_dose
from leukodesk.core.rules import thresholds as rules


class Indication(str, Enum):
    CHEMOTHERAPY = "chemotherapy"
    BMT = "bmt"
    MOBILIZATION = "mobilization"
    SCN_CONGENITAL = "scn_congenital"
    SCN_IDIOPATHIC_CYCLIC = "scn_idiopathic_cyclic"
    H_ARS = "h_ars"


class Product(str, Enum):
    FILGRASTIM = "filgrastim"          # reference product or a biosimilar
    TBO_FILGRASTIM = "tbo_filgrastim"
    PEGFILGRASTIM = "pegfilgrastim"


class PresentationSet(str, Enum):
    US_VIALS = "us_vials"
    US_SYRINGES = "us_syringes"
    EU_SYRINGES = "eu_syringes"


@dataclass(frozen=True)
class Regimen:
    """A labelled filgrastim regimen: mcg/kg per administration, how often, how given."""

    name: str
    mcg_per_kg: Decimal           # per administration
    per_day: int                  # administrations per day
    route: str
    sources: tuple[str, ...]

    @property
    def mcg_per_kg_day(self) -> Decimal:
        return self.mcg_per_kg * self.per_day


REGIMENS: dict[Indication, Regimen] = {
    Indication.CHEMOTHERAPY: Regimen(
        "chemotherapy-induced neutropenia (including AML induction or consolidation)",
        rules.FILGRASTIM_MCG_PER_KG.value, 1, "once daily SC, or IV",
        rules.FILGRASTIM_MCG_PER_KG.sources),
    Indication.BMT: Regimen(
        "myeloablative chemotherapy followed by bone-marrow transplant",
        Decimal(10), 1, "IV infusion over no more than 24 hours", ("NEUPOGEN-PI",)),
    Indication.MOBILIZATION: Regimen(
        "autologous progenitor-cell mobilisation", Decimal(10), 1, "once daily SC",
        ("NEUPOGEN-PI",)),
    Indication.SCN_CONGENITAL: Regimen(
        "severe chronic neutropenia, congenital", Decimal(6), 2, "twice daily SC",
        ("NEUPOGEN-PI",)),
    Indication.SCN_IDIOPATHIC_CYCLIC: Regimen(
        "severe chronic neutropenia, idiopathic or cyclic", Decimal(5), 1, "once daily SC",
        ("NEUPOGEN-PI",)),
    Indication.H_ARS: Regimen(
        "haematopoietic syndrome of acute radiation syndrome (H-ARS)", Decimal(10), 1,
        "once daily SC", ("NEUPOGEN-PI", "REMM")),
}

# Tbo-filgrastim: 5 mcg/kg/day, chemotherapy-induced neutropenia only [GRANIX].
TBO_REGIMEN = Regimen("chemotherapy-induced neutropenia", Decimal(5), 1, "once daily SC",
                      ("GRANIX",))

PRODUCT_NAMES = {
    Product.FILGRASTIM: "filgrastim (reference or biosimilar)",
    Product.TBO_FILGRASTIM: "tbo-filgrastim",
    Product.PEGFILGRASTIM: "pegfilgrastim",
}


@dataclass(frozen=True)
class Presentation:
    """One single-use container: its content in mcg and its volume in mL."""

    mcg: Decimal
    ml: Decimal
    kind: str                     # "vial" or "prefilled syringe"
    million_units: Decimal | None = None   # where the label states MU (1 MU = 10 mcg)

    @property
    def mcg_per_ml(self) -> Decimal:
        return self.mcg / self.ml

    @property
    def label(self) -> str:
        mu = f" ({format_dose(self.million_units)} MU)" if self.million_units else ""
        return f"{format_dose(self.mcg)} mcg/{format_dose(self.ml)} mL{mu} {self.kind}"


def _p(mcg: str, ml: str, kind: str, mu: str | None = None) -> Presentation:
    return Presentation(Decimal(mcg), Decimal(ml), kind, Decimal(mu) if mu else None)


PRESENTATIONS: dict[PresentationSet, tuple[Presentation, ...]] = {
    PresentationSet.US_VIALS: (_p("300", "1", "vial"), _p("480", "1.6", "vial")),
    PresentationSet.US_SYRINGES: (_p("300", "0.5", "prefilled syringe"),
                                  _p("480", "0.8", "prefilled syringe")),
    PresentationSet.EU_SYRINGES: (_p("300", "0.5", "prefilled syringe", "30"),
                                  _p("480", "0.5", "prefilled syringe", "48")),
}
PRESENTATION_SOURCES = {
    PresentationSet.US_VIALS: ("NEUPOGEN-PI",),
    PresentationSet.US_SYRINGES: ("NEUPOGEN-PI",),
    PresentationSet.EU_SYRINGES: ("MIMS-EU",),
}
# When no presentation is within tolerance, the exact dose is also given from a vial.
REFERENCE_VIAL = PRESENTATIONS[PresentationSet.US_VIALS][0]   # 300 mcg/mL
MCG_PER_MU = Decimal(10)

# --- Pegfilgrastim [PEGFIL], weights rounded half up to the nearest kg first [CONV].
PEG_ADULT_FROM_KG = Decimal(45)
PEG_ADULT_MG = Decimal(6)
PEG_MG_PER_KG_UNDER_10 = Decimal("0.1")       # < 10 kg: 0.1 mg/kg × actual weight
PEG_BANDS = (                                  # (lowest kg, highest kg, mg)
    (Decimal(10), Decimal(20), Decimal("1.5")),
    (Decimal(21), Decimal(30), Decimal("2.5")),
    (Decimal(31), Decimal(44), Decimal(4)),
)
PEG_SYRINGE = Presentation(Decimal(6000), Decimal("0.6"), "prefilled syringe")  # 6 mg/0.6 mL
