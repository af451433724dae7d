"""The site configuration the window runs on (RULES §16), as the view model carries it
into every state: pure data and text, no widgets (:mod:`leukodesk.ui.site` shows it).

While a refused file is not replaced and the presentation set not confirmed, presentations
and volumes are withheld (doses stay in mcg or mg): a volume drawn from the wrong
presentation — a US 480 mcg/0.8 mL volume from an EU 480 mcg/0.5 mL syringe — is a 60 %
overdose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from leukodesk.core.formats.site_line import site_line
from leukodesk.core.rules.thresholds import LLN_DEFAULTS

if TYPE_CHECKING:
    from leukodesk.core.config.model import SiteConfig
    from leukodesk.core.formats.handoff import Handoff

WITHHELD = ("Presentations and volumes withheld: the site configuration was refused and no "
            "presentation set is confirmed. Give the dose in mcg or mg; fix the file, or "
            "confirm the presentation set in Tools.")
# A line that names a container or a volume (the dose panel's and the worksheet's).
_VOLUME = re.compile(r"\bmL\b|\bvials?\b|\bsyringes?\b|[Pp]resentation|\bNearest\b")


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


def withheld_text(text: str, site: SiteState, notice: bool = True) -> str:
    """``text`` (the dose panel's lines) without a line naming a presentation or a volume
    while they are withheld, and (``notice``) one line saying why."""
    if not site.withhold or not text:
        return text
    kept = [line for line in text.splitlines() if not _VOLUME.search(line)]
    return "\n".join([*kept, *([WITHHELD] if notice else [])])


def site_handoff(doc: Handoff, site: SiteState) -> Handoff:
    """A note, PDF or worksheet with the site's header line, and — while withheld — no
    entry naming a presentation or a volume (one line says why)."""
    doc = replace(doc, site=site.line)
    if not site.withhold:
        return doc
    from leukodesk.core.formats.handoff import Entry  # start-up: with the first hand-off

    sections = []
    for part in doc.sections:
        kept = tuple(e for e in part.entries if not _VOLUME.search(e.text))
        if len(kept) != len(part.entries):
            kept += (Entry(WITHHELD, marker="! ", strong=True),)
        sections.append(replace(part, entries=kept))
    return replace(doc, sections=tuple(sections))
