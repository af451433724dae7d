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
from typing import Any, Protocol

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

    @property
    def model_fields_set(self) -> set[str]: ...


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
    """The presentations a request may use, their sources, why there are none when there
    are none (``withheld``: the words shown instead of a presentation and volume), and the
    built-in set they are (``set``; None for a brand's, a site's own or an mg syringe)."""

    presentations: tuple[Presentation, ...]
    sources: tuple[str, ...]
    withheld: str | None = None
    set: PresentationSet | None = None


def builtin_stock(product: Product, presentation_set: PresentationSet) -> Stock:
    """A daily product's built-in presentations: tbo-filgrastim's own syringes (its label
    covers them), else the set's, with its source."""
    if product is Product.TBO_FILGRASTIM:
        return Stock(PRESENTATIONS[PresentationSet.US_SYRINGES], (),
                     set=PresentationSet.US_SYRINGES)
    return Stock(PRESENTATIONS[presentation_set], PRESENTATION_SOURCES[presentation_set],
                 set=presentation_set)


class SiteStock(Protocol):
    """What a site configuration stocks (RULES §16): :class:`leukodesk.core.config.apply.
    Stock` (a protocol: the dose core does not read the configuration file)."""

    products: tuple[str, ...] | None        # the molecules stocked (None: every one)
    built_in_sets: tuple[str, ...]          # the built-in presentation sets stocked

    def site_presentations(self, product: str) -> dict[str, tuple[Any, ...]]: ...


def site_own(stock: SiteStock | None, product: Product) -> tuple[Presentation, ...]:
    """The site's own presentations of a daily product (filgrastim, tbo-filgrastim), each
    naming the site's source; none for the mg products (their syringes are fixed)."""
    if stock is None or product in MG_SYRINGES:
        return ()
    kinds = {"syringe": "prefilled syringe", "vial": "vial"}
    return tuple(Presentation(Decimal(str(p.mcg)), Decimal(str(p.ml)), kinds[p.kind],
                              site_source=p.source)
                 for items in stock.site_presentations(product.value).values()
                 for p in items)


def stock_problems(req: DoseRequest, stock: SiteStock | None) -> list[tuple[str, str]]:
    """(field, message) for a request the site's stock cannot serve (RULES §16): a molecule
    it does not stock, or a built-in presentation set it does not stock, named."""
    if stock is None:
        return []
    problems = []
    molecule = BRANDS[req.brand].product if req.brand is not None else req.product
    if stock.products is not None and molecule.value not in stock.products:
        problems.append(("product", f"{MOLECULES[molecule]} is not stocked at this site "
                                    f"(its configuration stocks: {', '.join(stock.products)})."))
    sets = stock.built_in_sets
    named = "presentation_set" in req.model_fields_set
    if named and molecule not in MG_SYRINGES and req.brand is None and (
            sets or site_own(stock, molecule)) and req.presentation_set.value not in sets:
        stocked = ", ".join(sets) or "only its own presentations"
        problems.append(("presentation_set", f"The presentation set "
                         f"'{req.presentation_set.value}' is not stocked at this site (its "
                         f"configuration stocks: {stocked})."))
    return problems


def presentations_for(req: DoseRequest, stock: SiteStock | None = None,
                      withheld: str | None = None) -> Stock:
    """The presentations available for this request: none, with ``withheld`` as the
    reason, while a refused site file is unconfirmed (RULES §16); the brand's verified
    ones when a brand is given (else the site's own, else none on file); the site's own
    presentations of a daily product when the request names no set; else the product's
    built-in set (the first the site stocks when the default is not)."""
    if withheld:
        return Stock((), (), withheld)
    molecule = BRANDS[req.brand].product if req.brand is not None else req.product
    own = site_own(stock, molecule)
    if req.brand is not None:
        info = BRANDS[req.brand]
        if info.presentations:  # the brand's own, of the set the request agrees with
            return Stock(info.presentations, info.sources, set=req.presentation_set)
        return Stock(own, info.sources) if own else Stock((), info.sources, NOT_ON_FILE)
    if req.product in MG_SYRINGES:
        # The mg products' own labels (PEGFIL, ROLVEDON, …) are named with their dose.
        return Stock((MG_SYRINGES[req.product],), ())
    named = "presentation_set" in req.model_fields_set
    if own and not named:
        return Stock(own, ())
    chosen = req.presentation_set
    if stock is not None and not named and stock.built_in_sets \
            and chosen.value not in stock.built_in_sets:
        chosen = PresentationSet(stock.built_in_sets[0])
    return builtin_stock(req.product, chosen)


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
