"""The transfusion panel and the pitfalls sidebar."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget

from leukodesk.core import content
from leukodesk.ui.fence import CachedLabel, LayoutFence
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
        self.fence = LayoutFence(self.label, 5)
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

    Each list shown is kept, laid out, in a browser of its own (a few, most recent last),
    and going back to a list already shown (an invalid keystroke and its correction,
    which removes and restores the highlights) brings its browser to the front. One
    browser given another document would lay the whole catalogue out again, even when
    the document was laid out at that width before (about a twentieth of a keystroke's
    cost, over all keystrokes)."""

    KEEP = 6  # lists kept: those of the last few inputs
    NAME = "pitfalls_view"  # the browser in front; the others are named KEPT
    KEPT = "pitfalls_view_kept"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pitfalls", parent)
        layout = QVBoxLayout(self)
        self._stack = QStackedWidget(self)
        layout.addWidget(self._stack)
        self._browsers: dict[tuple[str, ...], QTextBrowser] = {}
        self._shown: tuple[str, ...] | None = None  # the ids of the pitfalls that apply
        self._show(())

    @property
    def view(self) -> QTextBrowser:
        """The browser in front: the list shown."""
        return self._stack.currentWidget()

    @property
    def applying(self) -> list[str]:
        """The ids of the pitfalls shown as applying, first."""
        return list(self._shown or ())

    def render(self, state: ViewState) -> None:
        a = state.assessment
        applying = tuple(p.id for p in a.pitfalls) if a is not None else ()
        if applying != self._shown:
            self._show(applying)

    def _show(self, applying: tuple[str, ...]) -> None:
        browser = self._browsers.pop(applying, None)
        if browser is None:
            browser = QTextBrowser(self._stack)
            browser.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
            browser.setAccessibleName("Pitfalls, those that apply first")
            browser.setHtml(pitfalls_html(applying))
            self._stack.addWidget(browser)
            while len(self._browsers) >= self.KEEP:
                oldest = self._browsers.pop(next(iter(self._browsers)))
                self._stack.removeWidget(oldest)
                oldest.deleteLater()
        self._browsers[applying] = browser  # the most recent last
        previous = self._stack.currentWidget()
        if previous is not None and previous is not browser:
            previous.setObjectName(self.KEPT)
        browser.setObjectName(self.NAME)
        browser.verticalScrollBar().setValue(0)  # the ones that apply, at the top
        self._stack.setCurrentWidget(browser)
        self._shown = applying


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
