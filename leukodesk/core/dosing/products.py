"""Brands of G-CSF and which presentations a request may use (RULES §15).

A brand selects its molecule and its presentations; a biosimilar doses as its reference
product and names the reference label as its source. Built-in presentations are only
those verified in EVIDENCE-2026.2 §5; a brand with none gives the dose alone.

:func:`presentations_for` is the one place that decides which presentations a request
may use, and :func:`default_tolerance_pct` the one place the default rounding tolerance is
read: a site configuration (RULES §16) plugs in there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Protocol

from leukodesk.core.dosing.tables import (
    FIXED_DOSE_MG,
    MG_SYRINGES,
    MOLECULES,
    PRESENTATION_SOURCES,
    PRESENTATIONS,
    Presentation,
    PresentationSet,
    Product,
    _mg,
    _p,
)
from leukodesk.core.rules.thresholds import ROUNDING_TOLERANCE_PCT_DEFAULT


class DoseRequest(Protocol):
    """What this module reads of a :class:`~leukodesk.core.dosing.models.DoseRequest`
    (a protocol: the request model itself reads this module for its brands)."""

    @property
    def brand(self) -> Brand | None: ...

    @property
    def product(self) -> Product: ...

    @property
    def presentation_set(self) -> PresentationSet: ...


class Brand(str, Enum):
    ZARXIO = "zarxio"
    NIVESTYM = "nivestym"
    RELEUKO = "releuko"
    NYPOZI = "nypozi"
    FILKRI = "filkri"
    GRANIX = "granix"
    NEULASTA = "neulasta"
    FULPHILA = "fulphila"
    UDENYCA = "udenyca"
    ZIEXTENZO = "ziextenzo"
    NYVEPRIA = "nyvepria"
    FYLNETRA = "fylnetra"
    STIMUFEND = "stimufend"
    ROLVEDON = "rolvedon"
    RYZNEUTA = "ryzneuta"
    LONQUEX = "lonquex"


@dataclass(frozen=True)
class BrandInfo:
    """One brand: its name on the box, the molecule it doses as, its non-proprietary name
    (an unverified suffix is left out), its verified presentations (empty: none on file),
    the sources of those, and the presentation sets that agree with it."""

    name: str
    product: Product
    nonproprietary: str
    presentations: tuple[Presentation, ...]
    sources: tuple[str, ...]
    sets: tuple[PresentationSet, ...]


_US_SYR = (PresentationSet.US_SYRINGES,)
_PEG = (MG_SYRINGES[Product.PEGFILGRASTIM],)
_F, _P = Product.FILGRASTIM, Product.PEGFILGRASTIM
NDC = ("FDA-NDC-GCSF",)
PEG_SOURCES = ("PEG-BIOSIM",)

BRANDS: dict[Brand, BrandInfo] = {
    Brand.ZARXIO: BrandInfo("Zarxio", _F, "filgrastim-sndz",
                            (_p("480", "0.8", "prefilled syringe"),), NDC, _US_SYR),
    Brand.NIVESTYM: BrandInfo("Nivestym", _F, "filgrastim-aafi", (), ("BIOSIM-LABELS",),
                              (PresentationSet.US_VIALS, PresentationSet.US_SYRINGES)),
    # openFDA lists Releuko as "Filgrastim": its suffix is not verified, so not printed.
    Brand.RELEUKO: BrandInfo("Releuko", _F, "filgrastim",
                             (_p("300", "0.5", "prefilled syringe"),), NDC, _US_SYR),
    # Nypozi's record gives 300 and 480 mcg syringes without their volumes: none on file.
    Brand.NYPOZI: BrandInfo("Nypozi", _F, "filgrastim-txid", (), NDC, _US_SYR),
    Brand.FILKRI: BrandInfo("Filkri", _F, "filgrastim-laha",
                            (_p("480", "0.8", "prefilled syringe"),), NDC, _US_SYR),
    Brand.GRANIX: BrandInfo("Granix", Product.TBO_FILGRASTIM, "tbo-filgrastim",
                            PRESENTATIONS[PresentationSet.US_SYRINGES], ("GRANIX",), _US_SYR),
    Brand.NEULASTA: BrandInfo("Neulasta", _P, "pegfilgrastim", _PEG, ("PEGFIL",), _US_SYR),
    Brand.FULPHILA: BrandInfo("Fulphila", _P, "pegfilgrastim-jmdb", _PEG, PEG_SOURCES, _US_SYR),
    Brand.UDENYCA: BrandInfo("Udenyca", _P, "pegfilgrastim-cbqv", _PEG, PEG_SOURCES, _US_SYR),
    Brand.ZIEXTENZO: BrandInfo("Ziextenzo", _P, "pegfilgrastim-bmez", _PEG, PEG_SOURCES,
                               _US_SYR),
    Brand.NYVEPRIA: BrandInfo("Nyvepria", _P, "pegfilgrastim-apgf", _PEG, PEG_SOURCES,
                              _US_SYR),
    Brand.FYLNETRA: BrandInfo("Fylnetra", _P, "pegfilgrastim-pbbk", _PEG, PEG_SOURCES,
                              _US_SYR),
    Brand.STIMUFEND: BrandInfo("Stimufend", _P, "pegfilgrastim-fpgk", _PEG, PEG_SOURCES,
                               _US_SYR),
    Brand.ROLVEDON: BrandInfo("Rolvedon", Product.EFLAPEGRASTIM, "eflapegrastim-xnst",
                              (_mg("13.2", "0.6"),), ("ROLVEDON",), _US_SYR),
    Brand.RYZNEUTA: BrandInfo("Ryzneuta", Product.EFBEMALENOGRASTIM,
                              "efbemalenograstim alfa-vuxw", (_mg("20", "1"),), ("RYZNEUTA",),
                              (PresentationSet.US_SYRINGES, PresentationSet.EU_SYRINGES)),
    Brand.LONQUEX: BrandInfo("Lonquex", Product.LIPEGFILGRASTIM, "lipegfilgrastim",
                             (_mg("6", "0.6"),), ("LONQUEX",), (PresentationSet.EU_SYRINGES,)),
}

NOT_ON_FILE = "presentations not on file: add them to the site configuration"


@dataclass(frozen=True)
class Stock:
    """The presentations a request may use, their sources, and why there are none when
    there are none (``withheld``: the words shown instead of a presentation and volume)."""

    presentations: tuple[Presentation, ...]
    sources: tuple[str, ...]
    withheld: str | None = None


def presentations_for(req: DoseRequest) -> Stock:
    """The presentations available for this request: the brand's verified ones when a brand
    is given, else the product's built-in set. The seam for a site configuration (§16):
    its stocked presentations, or none with a reason while a bad file is in force."""
    if req.brand is not None:
        info = BRANDS[req.brand]
        if not info.presentations:
            return Stock((), info.sources, NOT_ON_FILE)
        return Stock(info.presentations, info.sources)
    if req.product in MG_SYRINGES:
        # The mg products' own labels (PEGFIL, ROLVEDON, …) are named with their dose.
        return Stock((MG_SYRINGES[req.product],), ())
    if req.product is Product.TBO_FILGRASTIM:
        return Stock(PRESENTATIONS[PresentationSet.US_SYRINGES], ())
    return Stock(PRESENTATIONS[req.presentation_set],
                 PRESENTATION_SOURCES[req.presentation_set])


def needs_age(product: str, brand: str | None = None) -> bool:
    """Whether a dose of this product (or brand) needs the age: the fixed adult doses
    (RULES §15). Unknown values: False (the request's validation names them)."""
    try:
        molecule = BRANDS[Brand(brand)].product if brand else Product(product)
    except ValueError:
        return False
    return molecule in FIXED_DOSE_MG


def default_tolerance_pct() -> Decimal:
    """The rounding tolerance used when a request gives none (RULES §10: 10 %) [HOPA]; the
    seam for a site's default tolerance (§16)."""
    return ROUNDING_TOLERANCE_PCT_DEFAULT.value


def brand_words(req: DoseRequest) -> str:
    """The molecule as the dose names it, with the brand when one is given:
    "filgrastim-sndz (Zarxio)"; without a brand, the product's molecule."""
    if req.brand is None:
        return MOLECULES[req.product]
    info = BRANDS[req.brand]
    return f"{info.nonproprietary} ({info.name})"
