"""Recommendations ordered by urgency, the escalation banner, and the detail below them.

Every recommendation shows its source ids as links and a "Why?" link. A source shows its
full reference below the list; "Why?" shows the rule that fired, the inputs and
thresholds it compared and its sources, as the core wrote them (``Recommendation.why``).
No pop-up: keyboard users keep their place, and a projector shows both at once. The
"Why?" shown follows the inputs: it is rewritten from every new result.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from leukodesk.core import content
from leukodesk.ui.fence import CachedLabel, LayoutFence
from leukodesk.ui.panels.advice_list import AdviceItem, AdviceList
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import set_state

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Recommendation

URGENCY_WORDS = {"emergency": "EMERGENCY", "urgent": "URGENT", "routine": "Routine",
                 "info": "Info"}
DETAIL_HINT = ("Click a source id to see its reference, or “Why?” to see the rule, the "
               "comparisons and the sources behind a recommendation.")
URGENCY_MARKS = {"emergency": "‼", "urgent": "!", "routine": "•", "info": "i"}


@lru_cache(maxsize=256)
def _links(ids: tuple[str, ...]) -> str:  # a recommendation's sources never change
    return ", ".join(f'<a href="source:{escape(s)}">{escape(s)}</a>' for s in ids)


@lru_cache(maxsize=256)
def _links_line(rec_id: str, ids: tuple[str, ...]) -> str:
    return f'Sources: {_links(ids)} · <a href="why:{escape(rec_id)}">Why?</a>'


def recommendation_item(r: Recommendation) -> AdviceItem:
    """One recommendation: urgency mark and word, its text, and its sources and "Why?"
    as links."""
    u = r.urgency.value
    return AdviceItem(r.id, f"{URGENCY_MARKS[u]} {URGENCY_WORDS[u]}: {r.text}",
                      _links_line(r.id, tuple(r.sources)), u)


def why_text(r: Recommendation) -> str:
    """The core's "why" of one recommendation, as the detail area shows it."""
    lines = [f"Why? {r.why.rule}"]
    lines += [f"• {line}" for line in r.why.because]
    lines.append(f"Sources: {', '.join(r.why.sources)}")
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
        items = [recommendation_item(r) for r in a.recommendations]
        if a.not_assessed:
            items.append(AdviceItem("not_assessed", "Not assessed:\n" + "\n".join(
                f"• {n.message}" for n in a.not_assessed)))
        return items
    if state.blank:
        return [AdviceItem("prompt", "Enter the counts to start. The WBC is the only required "
                           "input; every other field may stay empty until you know it.",
                           kind="prompt")]
    return [AdviceItem("errors", "No result. Fix the inputs marked in red:\n" + "\n".join(
        f"• {m}" for m in state.errors.values()), kind="error")]


def source_text(source_id: str) -> str:
    src = content.sources().get(source_id)
    if src is None:
        return f"{source_id}: not in the source register."
    return f"{source_id} — {src.title}. {src.where} ({src.kind})."


class AdvicePanel(QWidget):
    """Escalation banner, the ordered recommendations, and the reference of a source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The alert strip stays in one place whether or not there is an alert, so the
        # advice below never jumps while a patient is typed in.
        self.banner = CachedLabel()
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
        self.why_id: str | None = None
        self._state: ViewState | None = None
        self._shown: tuple[object, ...] | None = None  # what the last render showed
        layout.addWidget(self.list, 1)
        layout.addWidget(self.source)

    def render(self, state: ViewState) -> None:
        a = state.assessment
        self._state = state
        # What the panel shows follows from these alone: most keystrokes (a weight, a
        # decimal) leave them as they were, and the core hands back the very same
        # recommendation objects, so the comparison is cheap and nothing is redone.
        shown = ("none", state.blank, tuple(state.errors.values())) if a is None else (
            "result", tuple(a.recommendations), tuple(a.not_assessed))
        if shown == self._shown:
            return
        self._shown = shown
        self.list.set_paragraphs(advice_items(state))
        if self.why_id is not None:
            if state.blank:
                self.why_id = None
                self.source.setText(DETAIL_HINT)
            else:
                self.source.setText(why_detail(state, self.why_id))
        emergencies = [] if a is None else [
            r.text for r in a.recommendations if r.urgency.value == "emergency"]
        if emergencies:
            banner = "‼ ACT NOW: " + "  ‼ ".join(emergencies)
        elif a is not None:
            banner = "No emergency alert for these inputs; read the advice below."
        else:
            banner = "Emergency alerts appear here."
        set_state(self.banner, "severity", "emergency" if emergencies else "none")
        self.banner_fence.set_text(banner)
        if state.blank:
            self.banner_fence.relax()

    @property
    def alerting(self) -> bool:
        """Whether the strip shows an emergency (it is always on screen)."""
        return self.banner.property("severity") == "emergency"

    @Slot(str)
    def _on_link_activated(self, link: str) -> None:
        scheme, _, key = link.partition(":")
        if scheme == "source":
            self.why_id = None
            self.source.setText(source_text(key))
        elif scheme == "why" and self._state is not None:
            self.why_id = key
            self.source.setText(why_detail(self._state, key))
