"""The status line: the rule set, then what the result on screen was computed from (or why
there is none). A head that stays while a patient is typed in, and a tail that follows."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from leukodesk.core.formats.display import plain_input
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.thresholds import CTCAE_VERSION, RULES_VERSION
from leukodesk.ui.draft import PATIENT_FLAGS
from leukodesk.ui.view_model import ViewState

if TYPE_CHECKING:  # the clinical engine loads on first use (after the first paint)
    from leukodesk.core.contract.outputs import Assessment

STATUS_HEAD = f"Rule set {RULES_VERSION} · CTCAE v{CTCAE_VERSION} · offline, nothing saved · "
COMPUTED_FROM = "computed from counts ×10⁹/L: "
HIDDEN = "result hidden: guess first, then press Space"


class StatusView(NamedTuple):
    """The line as a head and a tail (see :class:`leukodesk.ui.widgets.TextLine`)."""

    head: str
    tail: str

    @property
    def text(self) -> str:
        return self.head + self.tail


def computed_from(a: Assessment) -> str:
    """The inputs a result rests on, briefly, in canonical units (after
    :data:`COMPUTED_FROM`); no figure is rounded across a threshold of the rule set or
    the lower limit of normal in force (37.999 °C never reads 38)."""
    i, lln = a.inputs, a.effective_lln
    parts = [f"WBC {plain_input(i.wbc, rules.COUNT, lln.wbc)}"]
    if a.anc is not None:
        parts.append(f"ANC {a.anc_display} ({a.anc_source})")
    for value, label, unit, limit in (
            (i.platelets, "plt", rules.COUNT, lln.platelets),
            (i.hemoglobin_g_dl, "Hb", "g/dL", lln.hemoglobin),
            (i.temperature_c, "T", "°C", None), (i.age_years, "age", "years", None),
            (i.weight_kg, "weight", "kg", None)):
        if value is not None:
            shown = plain_input(value, unit, limit, 2)
            parts.append(f"{label} {shown}{'' if unit in (rules.COUNT, 'years') else ' ' + unit}")
    ticked = sum(bool(getattr(i, k)) for k in PATIENT_FLAGS)
    if ticked:
        parts.append(f"{ticked} risk factor{'s' if ticked > 1 else ''} ticked")
    return ", ".join(parts)


def status_view(state: ViewState, covered: bool = False) -> StatusView:
    """The status line for a state; while the reveal cover hides the results (``covered``),
    it hides what they were computed from too."""
    if state.assessment is not None and covered:
        return StatusView(STATUS_HEAD, HIDDEN)
    if state.assessment is not None:
        return StatusView(STATUS_HEAD + COMPUTED_FROM, computed_from(state.assessment))
    if state.blank:
        return StatusView(STATUS_HEAD, "enter the counts to start")
    n = len(state.errors)
    return StatusView(STATUS_HEAD, f"no result: {n} input problem{'s' if n != 1 else ''}")
