"""Recommendations ordered by urgency, the escalation banner, and the source viewer.

Every line shows its source ids as links; clicking one shows the full reference below
the list (no pop-up, so keyboard users keep their place).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Slot
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from leukodesk.core import content
from leukodesk.core.outputs import Assessment
from leukodesk.ui.fence import LayoutFence
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import set_state

URGENCY_WORDS = {"emergency": "EMERGENCY", "urgent": "URGENT", "routine": "Routine",
                 "info": "Info"}
URGENCY_MARKS = {"emergency": "‼", "urgent": "!", "routine": "•", "info": "i"}


def source_links(ids: list[str]) -> str:
    return ", ".join(f'<a href="source:{escape(s)}">{escape(s)}</a>' for s in ids)


def recommendations_html(a: Assessment) -> str:
    """The advice list as rich text: urgency word and mark, text, source links."""
    rows = []
    for r in a.recommendations:
        u = r.urgency.value
        rows.append(
            f'<p class="{u}"><b>{URGENCY_MARKS[u]} {URGENCY_WORDS[u]}:</b> {escape(r.text)} '
            f'<span class="sources">[{source_links(r.sources)}]</span></p>')
    if a.not_assessed:
        items = "".join(f"<li>{escape(n.message)}</li>" for n in a.not_assessed)
        rows.append(f'<p class="info"><b>Not assessed:</b></p><ul>{items}</ul>')
    return "".join(rows)


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
        self.banner = QLabel()
        self.banner.setObjectName("escalation_banner")
        self.banner.setProperty("severity", "none")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Escalation alert")
        self.banner_fence = LayoutFence(self.banner, 2)
        self.list = QTextBrowser(self)
        self.list.setObjectName("recommendations_view")
        self.list.setAccessibleName("Recommendations, most urgent first")
        self.list.setOpenLinks(False)
        self.list.anchorClicked.connect(self._on_list_anchor_clicked)
        self.source = QLabel(self)
        self.source.setObjectName("source_label")
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Selected source")
        self.source.setText("Click a source id to see the reference.")
        layout.addWidget(self.list, 1)
        layout.addWidget(self.source)
        self._html = ""

    def render(self, state: ViewState) -> None:
        a = state.assessment
        emergencies: list[str] = []
        if a is not None:
            html = recommendations_html(a)
            emergencies = [r.text for r in a.recommendations if r.urgency.value == "emergency"]
        elif state.blank:
            html = ("<p><b>Enter the counts to start.</b> The WBC is the only required "
                    "input; every other field may stay empty until you know it.</p>")
        else:
            items = "".join(f"<li>{escape(m)}</li>" for m in state.errors.values())
            html = f"<p><b>No result.</b> Fix the inputs marked in red:</p><ul>{items}</ul>"
        if html != self._html:
            self._html = html
            self.list.setHtml(html)
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

    @Slot(QUrl)
    def _on_list_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "source":
            self.source.setText(source_text(url.path()))
