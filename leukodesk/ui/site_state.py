"""The site configuration the window runs on (RULES §16), as the view model carries it
into every state: pure data and text, no widgets (:mod:`leukodesk.ui.site` shows it).

While a refused file is not replaced and the presentation set not confirmed, presentations
and volumes are withheld (doses stay in mcg or mg): a volume drawn from the wrong
presentation — a US 480 mcg/0.8 mL volume from an EU 480 mcg/0.5 mL syringe — is a 60 %
overdose.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from leukodesk.core.formats.site_line import site_line
from leukodesk.core.rules.thresholds import LLN_DEFAULTS

if TYPE_CHECKING:
    from leukodesk.core.config.model import SiteConfig

WITHHELD = ("Presentations and volumes withheld: the site configuration was refused and no "
            "presentation set is confirmed. Give the dose in mcg or mg; fix the file, or "
            "confirm the presentation set in Tools.")


@dataclass(frozen=True)
class SiteState:
    """The site configuration the window runs on: ``config`` (None: built-in defaults),
    its ``stamp`` {name, hash}, or why a file was ``refused``; ``confirmed`` once the user
    confirms the presentation set after a refusal."""

    config: SiteConfig | None = None
    stamp: dict[str, str] | None = None
    refused: str | None = None
    confirmed: bool = False

    @property
    def line(self) -> str:
        """The header line of every note, PDF and worksheet ("" with no configuration)."""
        return site_line(self.stamp, self.refused)

    @property
    def dose_choices(self) -> dict[str, str]:
        """The dose's first choices here: "" (no set named: the site's stock, RULES §16)
        for the presentations when the site names what it stocks; none otherwise."""
        sets = None if self.config is None else self.config.dosing.presentation_sets
        return {"presentation_set": ""} if sets else {}

    @property
    def withhold(self) -> bool:
        """Whether presentations and volumes are withheld (a refused file, unconfirmed)."""
        return self.refused is not None and not self.confirmed

    @property
    def status(self) -> str:
        """The status bar's words (short: the errors are in its tooltip, :attr:`line`)."""
        if self.refused is not None:
            withheld = "; presentations and volumes withheld" if self.withhold else ""
            return f"Site configuration refused: built-in defaults{withheld}"
        return self.line or "No site configuration: built-in defaults"


NO_SITE = SiteState()


def lln_default(site: SiteState, name: str) -> Decimal:
    """The LLN ``name`` in force when the field is empty: the site's, else RULES §3's."""
    value = None if site.config is None else getattr(site.config.lln, name)
    return LLN_DEFAULTS[name].value if value is None else value


def site_words(site: SiteState) -> dict[str, str | None]:
    """What a note or PDF says of the site (RULES §16): its header line, and why the
    standard dose names no presentation while presentations are withheld (the dose
    calculator's result, withheld by the core, says so itself)."""
    return {"site": site.line, "withheld": WITHHELD if site.withhold else None}
