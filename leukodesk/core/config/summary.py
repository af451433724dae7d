"""What is in force with a site configuration, for ``leukodesk config`` and the window:
every value the file sets or leaves to the built-in rule set, saying which."""

from __future__ import annotations

from typing import Any

from leukodesk.core.config.apply import default_tolerance
from leukodesk.core.config.model import PROCEDURES, unit_words
from leukodesk.core.config.read import ConfigError, Site
from leukodesk.core.contract.limits import LIMITS, UNIT_GROUP_OF_KIND
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import plain
from leukodesk.core.rules import thresholds as rules

SITE = "site"
BUILT_IN = "built-in"


def _n(value: float) -> str:
    return plain(to_decimal(value))


def in_force(site: Site) -> dict[str, Any]:
    """The configuration in force as JSON: each value with where it comes from."""
    c = site.config
    lln = {name: {"value": float(v if v is not None else rules.LLN_DEFAULTS[name].value),
                  "unit": LIMITS[f"lln.{name}"].unit_label,
                  "from": SITE if v is not None else BUILT_IN} for name, v in c.lln}
    units = {group: None if u is None else u.value for group, u in c.units}
    procedures = {}
    for name in PROCEDURES:
        value = getattr(c.procedures, name)
        procedures[name] = {
            "threshold": float(value.threshold if value else
                               rules.PLT_PROCEDURE_BELOW[name].value),
            "source": value.source if value else ", ".join(
                rules.PLT_PROCEDURE_BELOW[name].sources),
            "from": SITE if value else BUILT_IN}
    sets: dict[str, Any] = {}
    for name, items in c.dosing.presentation_sets.items():
        sets[name] = BUILT_IN if isinstance(items, str) else [
            {"product": p.product, "mcg": float(p.mcg), "ml": float(p.ml), "kind": p.kind,
             "source": p.source} for p in items]
    return {
        "site": site.stamp(), "path": site.path, "origin": site.origin,
        "dosing": {"tolerance_pct": float(default_tolerance(c)),
                   "tolerance_from": SITE if c.dosing.tolerance_pct is not None else BUILT_IN,
                   "products": None if c.dosing.products is None else list(c.dosing.products),
                   "presentation_sets": sets},
        "lln": lln, "units": units, "procedures": procedures, "notes": dict(c.notes)}


def in_force_lines(site: Site) -> list[str]:
    """The same in words, one value a line."""
    doc = in_force(site)
    d = doc["dosing"]
    out = [f"Site configuration in force: {site.path} (found by {site.origin})",
           f"Site: {site.name}", f"Hash: {site.hash}", "", "Dosing:",
           f"  default rounding tolerance: {_n(d['tolerance_pct'])} % "
           f"({d['tolerance_from']})",
           "  stocked products: " + (", ".join(d["products"]) if d["products"] is not None
                                     else "not restricted (built-in)")]
    if not d["presentation_sets"]:
        out.append("  presentation sets: the built-in ones")
    for name, items in d["presentation_sets"].items():
        if items == BUILT_IN:
            out.append(f"  presentation set {name}: as LeukoDesk has it on file")
            continue
        out.append(f"  presentation set {name} (the site's):")
        out += [f"    {p['product']} {_n(p['mcg'])} mcg/{_n(p['ml'])} mL {p['kind']} "
                f"— {p['source']}" for p in items]
    out += ["", "Lower limits of normal:"]
    out += [f"  {name}: "
            f"{_n(v['value']) if v['from'] == SITE else rules.LLN_DEFAULTS[name].text} "
            f"{v['unit']} ({v['from']})" for name, v in doc["lln"].items()]
    out += ["", "Units the inputs are typed in unless they say otherwise:"]
    kinds = {group: kind for kind, group in UNIT_GROUP_OF_KIND.items()}
    out += [f"  {group}: " + (f"{unit_words(next(iter(kinds[group])))} (built-in)"
                              if unit is None else
                              unit_words(getattr(site.config.units, group)) + " (site)")
            for group, unit in doc["units"].items()]
    out += ["", "Platelet thresholds before procedures:"]
    out += [f"  {name.replace('_', ' ')}: below {_n(v['threshold'])} ×10⁹/L "
            f"({v['from']}: {v['source']})" for name, v in doc["procedures"].items()]
    out += ["", "Local notes:" if doc["notes"] else "Local notes: none"]
    out += [f"  {key}: {text}" for key, text in doc["notes"].items()]
    return out


def refused_lines(path: str, errors: list[ConfigError]) -> list[str]:
    """A refused file in words: nothing of it is used."""
    return [f"Site configuration refused: {path}", *(f"  {e}" for e in errors),
            "Nothing of this file is used; fix every line named above."]
