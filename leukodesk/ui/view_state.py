"""What the window shows, computed from one draft (:class:`ViewState`): the view model
(:mod:`leukodesk.ui.view_model`) emits one per change, every panel paints from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from leukodesk.ui.partial import Fix, needs_of
from leukodesk.ui.site_state import NO_SITE, SiteState

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment
    from leukodesk.core.dosing.models import DoseResult

# The dose request's names for the window's weight field.
DOSE_FIELDS = {"weight": "weight_kg", "weight_unit": "weight_kg"}
INTERNAL_ERROR = ("LeukoDesk could not compute a result for these inputs (an internal error, "
                  "reported in the error dialog). Check the inputs and try again.")


@dataclass(frozen=True)
class ViewState:
    """Everything the window shows, computed from one draft. Results are None when any
    input is invalid (then ``errors`` says which and why). A problem of an earlier count
    is keyed by its row in the window's table ("history[2].anc", row 3 on screen)."""

    revision: int
    assessment: Assessment | None
    dose: DoseResult | None
    errors: dict[str, str] = field(default_factory=dict)   # input key → message
    document: dict[str, Any] = field(default_factory=dict)
    blank: bool = False   # nothing entered yet: prompt, don't scold
    fixes: dict[str, Fix] = field(default_factory=dict)    # input key → a unit slip's reading
    site: SiteState = NO_SITE   # the site configuration computed with (RULES §16)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def left_out(self) -> dict[str, str]:
        """Invalid fields counted as not entered (RULES §2a): output key → field name."""
        return needs_of(self.errors) if self.assessment is not None else {}
