"""Recommendations ordered by urgency, the escalation banner, and the detail below them.

Every recommendation shows its source ids as links and a "Why?" link. A source shows its
full reference below the list; "Why?" shows the rule that fired, the inputs and
thresholds it compared and its sources, as the core wrote them (``Recommendation.why``).
No pop-up: keyboard users keep their place, and a projector shows both at once. The
"Why?" shown follows the inputs: it is rewritten from every new result.

View data: :class:`AdviceView`, from :func:`advice_view` of the state and of what the user
chose to see under the list; painted behind the panel's
:class:`~leukodesk.ui.panels.painter.Painter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from leukodesk.core import content
from leukodesk.ui.fence import FencedLabel, LayoutFence
from leukodesk.ui.panels.advice_list import AdviceItem, AdviceList
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.partial import not_assessed_line, without_offer
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import set_state

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Recommendation

URGENCY_WORDS = {"emergency": "EMERGENCY", "urgent": "URGENT", "routine": "Routine",
                 "info": "Info"}
DETAIL_HINT = ("Click a source (or Tab to it and press Enter) to see its full reference, or "
               "“Why?” to see the rule, the comparisons and the sources behind a "
               "recommendation.")
URGENCY_MARKS = {"emergency": "‼", "urgent": "!", "routine": "•", "info": "i"}
BANNER_CALM = "No emergency alert for these inputs; read the advice below."
BANNER_EMPTY = "Emergency alerts appear here."
ACT_NOW = "ACT NOW — the full text of each is in the list below:\n"
LEFT_OUT = "Not counted until fixed (an invalid input counts as not entered):\n"


@dataclass(frozen=True)
class AdviceView:
    """Everything the advice panel shows: the paragraphs in order, the escalation strip
    (its words and whether it alerts), the detail area under the list, and whether the
    strip goes back to its first size (a blank patient)."""

    items: tuple[AdviceItem, ...]
    banner: str
    alerting: bool
    detail: str
    relax: bool


# What the detail area under the list shows: nothing chosen (the hint), a source's
# reference ("source", id) or the "Why?" of a recommendation ("why", id).
Selection = tuple[str, str] | None


def links_line(r: Recommendation) -> str:
    """A recommendation's sources (by their short names; each link opens the full
    reference under the list) and its "Why?", as links."""
    links = "; ".join(f'<a href="source:{escape(s)}">{escape(content.source_name(s))}</a>'
                      for s in r.sources)
    return f'Sources: {links} · <a href="why:{escape(r.id)}">Why?</a>'


def recommendation_item(r: Recommendation) -> AdviceItem:
    """One recommendation: urgency mark and word, its text, and its sources and "Why?"
    as links."""
    u = r.urgency.value
    note = f"\nLocal note: {r.local_note}" if r.local_note else ""   # the site's (RULES §16)
    return AdviceItem(r.id, f"{URGENCY_MARKS[u]} {URGENCY_WORDS[u]}: {r.text}{note}",
                      links_line(r), u)


def why_text(r: Recommendation) -> str:
    """The core's "why" of one recommendation, as the detail area shows it."""
    lines = [f"Why? {r.why.rule}"]
    lines += [f"• {line}" for line in r.why.because]
    lines.append(f"Sources: {content.cite(r.why.sources)}")
    return "\n".join(lines)


def why_detail(state: ViewState, rec_id: str) -> str:
    """The "Why?" of ``rec_id`` for the current result, or why there is none now."""
    a = state.assessment
    if a is None:
        return ("No result while an input is invalid, so there is no “why” to show."
                if not state.blank else "Enter the counts to start.")
    for r in a.recommendations:
        if r.id == rec_id:
            return why_text(r)
    return "The recommendation whose “why” was shown no longer applies to these inputs."


def advice_items(state: ViewState) -> list[AdviceItem]:
    """What the advice list shows for a state, in order."""
    a = state.assessment
    if a is not None:
        items = []
        if state.errors:  # invalid optional fields, counted as not entered (RULES §2a)
            items.append(AdviceItem("left_out", LEFT_OUT + "\n".join(
                f"• {without_offer(m)}" for m in state.errors.values()), kind="error"))
        items += [recommendation_item(r) for r in a.recommendations]
        if a.not_assessed:
            left_out = state.left_out
            items.append(AdviceItem("not_assessed", "Not assessed:\n" + "\n".join(
                f"• {not_assessed_line(n.message, n.needs, left_out)}"
                for n in a.not_assessed)))
        return items
    if state.blank:
        return [AdviceItem("prompt", "Enter the counts to start. The WBC is the only required "
                           "input; every other field may stay empty until you know it.",
                           kind="prompt")]
    return [AdviceItem("errors", "No result. Fix the inputs marked in red:\n" + "\n".join(
        f"• {m}" for m in state.errors.values()), kind="error")]


def source_text(source_id: str) -> str:
    """A source's full reference, as the area under the list shows it: its short name,
    the full title, where to find it, what kind of source it is, and its id."""
    src = content.sources().get(source_id)
    if src is None:
        return f"{source_id}: not in the source register."
    return f"{src.short} — {src.title}. {src.where} ({src.kind}). Source id: {source_id}."


def detail_text(state: ViewState, selection: Selection) -> str:
    """What the area under the list shows for the selection, with this state."""
    if selection is None:
        return DETAIL_HINT
    kind, key = selection
    return source_text(key) if kind == "source" else why_detail(state, key)


def advice_view(state: ViewState, selection: Selection = None) -> AdviceView:
    """What the advice panel shows for a state (and what is chosen under the list)."""
    a = state.assessment
    # One short line per alert (the rule's name); the full text is once, in the list.
    emergencies: list[str] = []
    if a is not None:  # the words load with the first result, not at start-up
        from leukodesk.core.formats.words import act_now_lines
        emergencies = act_now_lines(a)
    if emergencies:
        banner = ACT_NOW + "\n".join(f"‼ {line}" for line in emergencies)
    else:
        banner = BANNER_CALM if a is not None else BANNER_EMPTY
    return AdviceView(tuple(advice_items(state)), banner, bool(emergencies),
                      detail_text(state, selection), state.blank)


class AdvicePanel(QWidget):
    """Escalation banner, the ordered recommendations, and the reference of a source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The alert strip stays in one place whether or not there is an alert, so the
        # advice below never jumps while a patient is typed in.
        self.banner = FencedLabel()
        self.banner.setObjectName("escalation_banner")
        self.banner.setProperty("severity", "none")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Escalation alert")
        self.banner_fence = LayoutFence(self.banner, 2)
        self.list = AdviceList(self)
        self.list.setObjectName("recommendations_view")
        self.list.setAccessibleName("Recommendations, most urgent first")
        self.list.link_activated.connect(self._on_link_activated)
        # A source's reference, or the "why" of a recommendation (and which one it is).
        self.source = QLabel(self)
        self.source.setObjectName("source_label")
        self.source.setWordWrap(True)
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setAccessibleName("Selected source or reason")
        self.source.setText(DETAIL_HINT)
        self.selection: Selection = None
        self._state: ViewState | None = None
        self.painter = Painter(self._paint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.source)

    @property
    def why_id(self) -> str | None:
        """The recommendation whose "Why?" is shown under the list, if one is."""
        return self.selection[1] if self.selection and self.selection[0] == "why" else None

    def show_state(self, state: ViewState) -> None:
        self._state = state
        if state.blank and self.why_id is not None:
            self.selection = None  # a new patient: no reason is carried over
        self.painter.show(advice_view(state, self.selection))

    def _paint(self, view: AdviceView) -> None:
        self.list.set_paragraphs(view.items)
        if self.source.text() != view.detail:
            self.source.setText(view.detail)
        set_state(self.banner, "severity", "emergency" if view.alerting else "none")
        self.banner_fence.set_text(view.banner)
        if view.relax:
            self.banner_fence.relax()

    @property
    def alerting(self) -> bool:
        """Whether the strip shows an emergency (it is always on screen)."""
        return self.banner.property("severity") == "emergency"

    @Slot(str)
    def _on_link_activated(self, link: str) -> None:
        scheme, _, key = link.partition(":")
        if scheme in ("source", "why") and self._state is not None:
            self.selection = (scheme, key)
            self.show_state(self._state)
