"""The transfusion panel and the pitfalls sidebar. View data: :class:`TransfusionView`
(:func:`transfusion_view`) and the rows of the pitfall catalogue (:func:`pitfalls_view`),
each painted behind its panel's :class:`~leukodesk.ui.panels.painter.Painter`."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QTextBrowser, QVBoxLayout, QWidget

from leukodesk.core import content
from leukodesk.ui.fence import FencedLabel, TonedFence
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.partial import not_assessed_line
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import OpaqueScrollBar

CATEGORY_WORDS = {
    "indicated": "Indicated (prophylactic)",
    "indicated_if_fever_or_infection": "Indicated if fever or infection",
    "only_for_bleeding": "Only for bleeding (NICE thresholds) or a procedure",
    "not_indicated": "Not indicated",
    "not_routine_chronic": "Not routine in chronic marrow failure (bleeding or procedures)",
}
REASON_WORDS = {"prophylactic": "prophylactic threshold", "fever": "fever",
                "infection": "signs of infection", "bleeding": "bleeding",
                "procedure": "planned procedure", "apl": "APL threshold"}
APPLIES = "▶ Applies"


@dataclass(frozen=True)
class TransfusionView:
    """The transfusion advice: its lines, its tone ("none", "ok", "urgent"), and whether
    it goes back to its first size (a blank patient)."""

    text: str
    tone: str
    relax: bool


def transfusion_view(state: ViewState) -> TransfusionView:
    """What the transfusion panel shows for a state."""
    a = state.assessment
    p = a.platelet_transfusion if a is not None else None
    if a is None:
        text = ("Enter the counts to see results." if state.blank
                else "No result while an input is invalid.")
        return TransfusionView(text, "none", state.blank)
    if p is None:
        fix = state.left_out.get("platelets")
        return TransfusionView(f"Not assessed — fix {fix}." if fix else
                               "Not assessed: enter a platelet count.", "none", state.blank)
    unknown = next((n for n in a.not_assessed if n.output == "platelet_transfusion"), None)
    now = {True: "YES — transfuse now", False: "No",
           None: not_assessed_line(unknown.message, unknown.needs, state.left_out)
           .partition(": ")[2].capitalize() if unknown else "Not assessed — enter a temperature"
           }[p.transfuse_now]
    why = f" ({', '.join(REASON_WORDS.get(r, r) for r in p.reasons)})" if p.reasons else ""
    lines = [f"Category: {CATEGORY_WORDS[p.category.value]}",
             f"Transfuse now: {now}{why}", f"Rule applied: platelets {p.threshold}"]
    if p.procedure_threshold is not None:
        lines.append(f"Planned procedure: transfuse below {p.procedure_threshold:g} ×10⁹/L"
                     + (f" (this site's: {p.procedure_threshold_source})"
                        if p.procedure_threshold_source else ""))
    if p.higher_threshold_note:
        lines.append("APL: a higher threshold than usual is used.")
    return TransfusionView("\n".join(lines), "urgent" if p.transfuse_now else "ok",
                           state.blank)


class TransfusionPanel(QGroupBox):
    """Platelet category, whether to transfuse now, and the threshold that applied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Platelet transfusion", parent)
        layout = QVBoxLayout(self)
        self.label = FencedLabel()
        self.label.setObjectName("transfusion_label")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Platelet transfusion advice")
        self.fence = TonedFence(self.label, 5)
        layout.addWidget(self.fence)
        layout.addStretch(1)
        self.painter = Painter(self._paint)

    def show_state(self, state: ViewState) -> None:
        self.painter.show(transfusion_view(state))

    def _paint(self, view: TransfusionView) -> None:
        self.fence.set_text(view.text)
        self.fence.set_tone(view.tone)
        if view.relax:
            self.fence.relax()


@dataclass(frozen=True)
class PitfallRow:
    """One pitfall of the catalogue as the sidebar shows it."""

    id: str
    title: str
    text: str
    applies: bool


def pitfalls_view(state: ViewState) -> tuple[PitfallRow, ...]:
    """The whole catalogue, the pitfalls that apply to the result first (in the core's
    order) and marked; none applies without a result."""
    a = state.assessment
    applying = [p.id for p in a.pitfalls] if a is not None else []
    catalogue = content.pitfalls()
    order = applying + [k for k in catalogue if k not in applying]
    return tuple(PitfallRow(k, catalogue[k].title, catalogue[k].text, k in applying)
                 for k in order)


def pitfalls_html(rows: tuple[PitfallRow, ...]) -> str:
    """The rows as rich text: each title a heading (bold and a size up, in every theme,
    with a result or none), each pitfall that applies marked in words before its title."""
    return "".join(
        f'<p class="{"applies" if r.applies else "other"}"><b><big>'
        f'{f"{APPLIES}: " if r.applies else ""}{escape(r.title)}</big></b><br>'
        f'{escape(r.text)}</p>' for r in rows)


class PitfallsPanel(QGroupBox):
    """Every pitfall; those that apply to the current inputs first and marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pitfalls", parent)
        layout = QVBoxLayout(self)
        self.view = QTextBrowser(self)
        self.view.setObjectName("pitfalls_view")
        self.view.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
        self.view.setAccessibleName("Pitfalls, those that apply first")
        layout.addWidget(self.view)
        self.painter: Painter[tuple[PitfallRow, ...]] = Painter(self._paint)

    @property
    def applying(self) -> list[str]:
        """The ids of the pitfalls last painted as applying, first."""
        return [r.id for r in self.painter.painted or () if r.applies]

    def show_state(self, state: ViewState) -> None:
        self.painter.show(pitfalls_view(state))

    def _paint(self, rows: tuple[PitfallRow, ...]) -> None:
        self.view.setHtml(pitfalls_html(rows))
