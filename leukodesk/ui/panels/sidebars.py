"""The transfusion panel and the pitfalls sidebar."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QGroupBox, QTextBrowser, QVBoxLayout, QWidget

from leukodesk.core import content
from leukodesk.ui.fence import CachedLabel, TonedFence
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import OpaqueScrollBar

CATEGORY_WORDS = {
    "indicated": "Indicated (prophylactic)",
    "indicated_if_fever_or_infection": "Indicated if fever or infection",
    "only_for_bleeding": "Only for clinically relevant bleeding",
    "not_indicated": "Not indicated",
}
REASON_WORDS = {"prophylactic": "prophylactic threshold", "fever": "fever",
                "infection": "signs of infection", "bleeding": "bleeding",
                "procedure": "planned procedure"}


class TransfusionPanel(QGroupBox):
    """Platelet category, whether to transfuse now, and the threshold that applied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Platelet transfusion", parent)
        layout = QVBoxLayout(self)
        self.label = CachedLabel()
        self.label.setObjectName("transfusion_label")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Platelet transfusion advice")
        self.fence = TonedFence(self.label, 5)
        layout.addWidget(self.fence)
        layout.addStretch(1)
        self._shown: tuple[object, ...] | None = None  # what the last render showed

    def render(self, state: ViewState) -> None:
        a = state.assessment
        p = a.platelet_transfusion if a is not None else None
        shown = (a is None, state.blank, p)
        if shown == self._shown:
            return  # the same advice (most keystrokes leave the platelets alone)
        self._shown = shown
        if a is None:
            text = ("Enter the counts to see results." if state.blank
                    else "No result while an input is invalid.")
            severity = "none"
        elif p is None:
            text, severity = "Not assessed: enter a platelet count.", "none"
        else:
            now = {True: "YES — transfuse now", False: "No",
                   None: "Not assessed — enter a temperature"}[p.transfuse_now]
            why = f" ({', '.join(REASON_WORDS[r] for r in p.reasons)})" if p.reasons else ""
            lines = [f"Category: {CATEGORY_WORDS[p.category.value]}",
                     f"Transfuse now: {now}{why}", f"Rule applied: platelets {p.threshold}"]
            if p.procedure_threshold is not None:
                lines.append(f"Planned procedure: transfuse below {p.procedure_threshold:g} "
                             "×10⁹/L")
            if p.higher_threshold_note:
                lines.append("APL: a higher threshold than usual is used.")
            text = "\n".join(lines)
            severity = "urgent" if p.transfuse_now else "ok"
        self.fence.set_text(text)
        self.fence.set_tone(severity)
        if state.blank:
            self.fence.relax()


class PitfallsPanel(QGroupBox):
    """Every pitfall; those that apply to the current inputs first and marked.

    Each list shown is kept as its own laid-out document (a few, most recent first), so
    going back to a list already shown (an invalid keystroke and its correction, which
    removes and restores the highlights) swaps documents instead of parsing and laying
    out the whole catalogue again (about 1 ms)."""

    KEEP = 6  # documents kept: the lists of the last few inputs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pitfalls", parent)
        layout = QVBoxLayout(self)
        self.view = QTextBrowser(self)
        self.view.setObjectName("pitfalls_view")
        self.view.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
        self.view.setAccessibleName("Pitfalls, those that apply first")
        layout.addWidget(self.view)
        self._shown: tuple[str, ...] | None = None  # the ids of the pitfalls that apply
        self._documents: dict[tuple[str, ...], QTextDocument] = {}
        self._font = QFont()  # the font the documents kept were laid out in

    @property
    def applying(self) -> list[str]:
        """The ids of the pitfalls shown as applying, first."""
        return list(self._shown or ())

    def render(self, state: ViewState) -> None:
        a = state.assessment
        applying = tuple(p.id for p in a.pitfalls) if a is not None else ()
        font = self.view.font()
        if font != self._font:  # zoom or theme: the documents not shown are stale (the
            self._font = font    # view itself gives the one shown its new font)
            for key in [k for k in self._documents if k != self._shown]:
                self._documents.pop(key).deleteLater()
        if applying == self._shown:
            return  # the same pitfalls apply: nothing to build or show again
        document = self._documents.pop(applying, None)
        if document is None:
            # Parented to the panel, so the view does not delete it when it is swapped out.
            document = QTextDocument(self)
            document.setDefaultFont(self.view.font())
            document.setHtml(pitfalls_html(applying))
            while len(self._documents) >= self.KEEP:
                oldest = next(iter(self._documents))
                self._documents.pop(oldest).deleteLater()
        self._documents[applying] = document  # the most recent last
        self._shown = applying
        self.view.setDocument(document)


def pitfalls_html(applying: tuple[str, ...]) -> str:
    """The catalogue as rich text: the pitfalls that apply first, each marked in words."""
    catalogue = content.pitfalls()
    order = list(applying) + [k for k in catalogue if k not in applying]
    rows = []
    for key in order:
        p = catalogue[key]
        if key in applying:
            rows.append(f'<p class="applies"><b>▶ Applies: {escape(p.title)}</b><br>'
                        f"{escape(p.text)}</p>")
        else:
            rows.append(f'<p class="other">{escape(p.title)}<br>{escape(p.text)}</p>')
    return "".join(rows)
