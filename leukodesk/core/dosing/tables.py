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
    EFLAPEGRASTIM = "eflapegrastim"            # Rolvedon, 13.2 mg fixed [ROLVEDON]
    EFBEMALENOGRASTIM = "efbemalenograstim"    # Ryzneuta, 20 mg fixed [RYZNEUTA]
    LIPEGFILGRASTIM = "lipegfilgrastim"        # Lonquex, 6 mg [LONQUEX]


# Daily products are dosed in mcg/kg; these once-per-cycle ones in mg (RULES §10, §15).
MG_PRODUCTS = frozenset({Product.PEGFILGRASTIM, Product.EFLAPEGRASTIM,
                         Product.EFBEMALENOGRASTIM, Product.LIPEGFILGRASTIM})
# Fixed adult doses, no weight rounding and no partial doses; ``fixed_dose`` true only for
# these (pegfilgrastim is banded by weight) [ROLVEDON][RYZNEUTA][LONQUEX].
FIXED_DOSE_MG = {Product.EFLAPEGRASTIM: Decimal("13.2"),
                 Product.EFBEMALENOGRASTIM: Decimal(20),
                 Product.LIPEGFILGRASTIM: Decimal(6)}


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
    Product.EFLAPEGRASTIM: "eflapegrastim-xnst",
    Product.EFBEMALENOGRASTIM: "efbemalenograstim alfa-vuxw",
    Product.LIPEGFILGRASTIM: "lipegfilgrastim",
}
# The molecule a dose is written with (its mg are not interchangeable, RULES §15).
MOLECULES = {Product.FILGRASTIM: "filgrastim", Product.TBO_FILGRASTIM: "tbo-filgrastim",
             Product.PEGFILGRASTIM: "pegfilgrastim", Product.EFLAPEGRASTIM: "eflapegrastim",
             Product.EFBEMALENOGRASTIM: "efbemalenograstim alfa",
             Product.LIPEGFILGRASTIM: "lipegfilgrastim"}
# The label a product's dose and timing rest on (a biosimilar doses as its reference).
LABEL_SOURCE = {Product.FILGRASTIM: "NEUPOGEN-PI", Product.TBO_FILGRASTIM: "GRANIX",
                Product.PEGFILGRASTIM: "PEGFIL", Product.EFLAPEGRASTIM: "ROLVEDON",
                Product.EFBEMALENOGRASTIM: "RYZNEUTA", Product.LIPEGFILGRASTIM: "LONQUEX"}


@dataclass(frozen=True)
class Presentation:
    """One single-use container: its content in mcg and its volume in mL. ``in_mg``: the
    label states it in mg (the long-acting products)."""

    mcg: Decimal
    ml: Decimal
    kind: str                     # "vial" or "prefilled syringe"
    million_units: Decimal | None = None   # where the label states MU (1 MU = 10 mcg)
    in_mg: bool = False
    site_source: str | None = None   # a site's own presentation (RULES §16): its source

    @property
    def mcg_per_ml(self) -> Decimal:
        return self.mcg / self.ml

    @property
    def content(self) -> str:
        """What it holds, as its label states it: "300 mcg/0.5 mL", "13.2 mg/0.6 mL"."""
        amount = (f"{format_dose(self.mcg / 1000)} mg" if self.in_mg
                  else f"{format_dose(self.mcg)} mcg")
        return f"{amount}/{format_dose(self.ml)} mL"

    @property
    def label(self) -> str:
        """The one name of this container, used by every output (JSON, text, window, PDF):
        "480 mcg/0.8 mL prefilled syringe", "300 mcg/0.5 mL (30 MU) prefilled syringe"."""
        mu = f" ({format_dose(self.million_units)} MU)" if self.million_units else ""
        site = f" (this site's stock: {self.site_source})" if self.site_source else ""
        return f"{self.content}{mu} {self.kind}{site}"

    def units(self, count: int) -> str:
        """``count`` of these in words: "one 300 mcg/1 mL vial", "two 300 mcg/1 mL vials"."""
        word = NUMBER_WORDS.get(count, str(count))
        return f"{word} {self.label}{'' if count == 1 else 's'}"


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _p(mcg: str, ml: str, kind: str, mu: str | None = None) -> Presentation:
    return Presentation(Decimal(mcg), Decimal(ml), kind, Decimal(mu) if mu else None)


def _mg(mg: str, ml: str) -> Presentation:
    return Presentation(Decimal(mg) * 1000, Decimal(ml), "prefilled syringe", in_mg=True)


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
    PresentationSet.EU_SYRINGES: ("EU-FILG-SmPC", "MIMS-EU"),
}
# The assessment's standard filgrastim dose (RULES §10) is rounded to these presentations.
STANDARD_SET = PresentationSet.US_SYRINGES


def standard_label(mcg: float | Decimal) -> str:
    """The name of the standard set's presentation of ``mcg`` (the one wording of a
    container, :attr:`Presentation.label`): "300 mcg/0.5 mL prefilled syringe"."""
    return next(p.label for p in PRESENTATIONS[STANDARD_SET] if p.mcg == Decimal(str(mcg)))


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
PEG_SYRINGE = _mg("6", "0.6")   # [PEGFIL]
# The long-acting products' single-dose syringes, verified (EVIDENCE-2026.2 §5.2).
MG_SYRINGES = {Product.PEGFILGRASTIM: PEG_SYRINGE,
               Product.EFLAPEGRASTIM: _mg("13.2", "0.6"),       # [ROLVEDON]
               Product.EFBEMALENOGRASTIM: _mg("20", "1"),       # [RYZNEUTA]
               Product.LIPEGFILGRASTIM: _mg("6", "0.6")}        # [LONQUEX]
