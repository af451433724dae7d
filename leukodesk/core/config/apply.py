"""What a site configuration changes, as plain functions of it (RULES §16); the
configuration is always passed in, never kept.

- :func:`with_site_units` / :func:`with_site_lln`: the site's units and LLNs become the
  defaults of the inputs not given (an input that names its own always wins);
- :func:`procedure_thresholds`: RULES §8's procedure thresholds with the site's in their
  place, each naming the site's source;
- :func:`local_notes`: the site's short notes by recommendation id;
- :func:`with_site_tolerance`: the default rounding tolerance of a dose request;
- :func:`stocked`: the stocked molecules and presentation sets, as data for the dose
  calculator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from leukodesk.core.config.model import BUILT_IN, SiteConfig, SitePresentation
from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.rules import thresholds as rules

SITE_SOURCE = "this site's threshold"


def with_site_units(document: Mapping[str, Any], config: SiteConfig | None) -> Any:
    """A raw ``assess`` document with the site's units for each group it leaves out (or
    sets to null). Anything that is not a JSON object is left for validation to refuse."""
    if config is None or not isinstance(document, Mapping):
        return document
    site = {group: unit.value for group, unit in config.units if unit is not None}
    given = document.get("units")
    if not site or not (given is None or isinstance(given, Mapping)):
        return document
    given = {k: v for k, v in (given or {}).items() if v is not None}
    return {**document, "units": {**site, **given}}


def with_site_lln(inputs: PatientInputs, config: SiteConfig | None) -> PatientInputs:
    """Validated inputs with the site's LLN for each one the input did not give."""
    if config is None:
        return inputs
    given = inputs.lln.model_fields_set if "lln" in inputs.model_fields_set else set()
    update = {name: float(value) for name, value in config.lln
              if value is not None and name not in given}
    if not update:
        return inputs
    return inputs.model_copy(update={"lln": inputs.lln.model_copy(update=update)})


def procedure_thresholds(config: SiteConfig | None) -> dict[str, rules.Threshold]:
    """The platelet threshold before each planned procedure (RULES §8): the built-in one,
    or the site's, whose unit line names the site's source so that every "why" shows it
    ("50 ×10⁹/L (this site's threshold: <source>)")."""
    limits = dict(rules.PLT_PROCEDURE_BELOW)
    if config is None:
        return limits
    for name, value in config.procedures:
        if value is not None:
            limits[name] = rules.Threshold(
                value.threshold, f"{rules.COUNT} ({SITE_SOURCE}: {value.source})", (),
                site_source=value.source)
    return limits


def local_notes(config: SiteConfig | None) -> dict[str, str]:
    """The site's note for each recommendation id it names."""
    return {} if config is None else dict(config.notes)


def with_site_tolerance(document: Any, config: SiteConfig | None) -> Any:
    """A raw dose request with the site's default ``tolerance_pct`` when it gives none."""
    tolerance = None if config is None else config.dosing.tolerance_pct
    if tolerance is None or not isinstance(document, Mapping) \
            or document.get("tolerance_pct") is not None:
        return document
    return {**document, "tolerance_pct": float(tolerance)}


@dataclass(frozen=True)
class Stock:
    """What the pharmacy stocks, for the dose calculator: ``products`` (None: every
    molecule), the built-in presentation sets named, and the site's own sets."""

    products: tuple[str, ...] | None
    built_in_sets: tuple[str, ...]
    site_sets: dict[str, tuple[SitePresentation, ...]]

    def site_presentations(self, product: str) -> dict[str, tuple[SitePresentation, ...]]:
        """The site's own sets holding presentations of ``product``."""
        return {name: tuple(p for p in items if p.product == product)
                for name, items in self.site_sets.items()
                if any(p.product == product for p in items)}


def stocked(config: SiteConfig | None) -> Stock | None:
    """The site's stock, or None: no configuration, every built-in set as on file."""
    if config is None:
        return None
    sets = config.dosing.presentation_sets
    return Stock(config.dosing.products,
                 tuple(name for name, v in sets.items() if v == BUILT_IN),
                 {name: v for name, v in sets.items() if not isinstance(v, str)})


def default_tolerance(config: SiteConfig | None) -> Decimal:
    """The rounding tolerance in force when a request gives none (RULES §10, §16)."""
    value = None if config is None else config.dosing.tolerance_pct
    return rules.ROUNDING_TOLERANCE_PCT_DEFAULT.value if value is None else value


def with_site_dose_defaults(document: Any, config: SiteConfig | None) -> Any:
    """A raw dose request with the site's defaults for what it leaves out: the rounding
    tolerance (``tolerance_pct``) and, for a ``weight`` given with no ``weight_unit``, the
    site's weight unit."""
    if config is None or not isinstance(document, Mapping):
        return document
    out = with_site_tolerance(document, config)
    unit = config.units.weight
    if unit is not None and out.get("weight") is not None and out.get("weight_unit") is None:
        out = {**out, "weight_unit": unit.value}
    return out
