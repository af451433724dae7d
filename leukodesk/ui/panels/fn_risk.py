"""The FN risk section (RULES §11): where to treat a febrile neutropenia, the MASCC index and
CISNE, item by item, with the pearls.

It shares the place of the transfusion and dose row, as a tab: the tab comes forward when
the patient turns febrile (``Assessment.fever``), says "fever" in its title while it lasts,
and steps back when the fever goes; otherwise it stays a click (or Alt+K) away, for
teaching. Where to treat reads on the left, the two scores item by item on the right.
"Why?" on the disposition shows its recommendation's reason right under it, as the advice
panel shows one under the list, and follows the inputs. View data:
:class:`~leukodesk.ui.panels.fn_risk_view.FnRiskView`, painted behind the panel's
:class:`~leukodesk.ui.panels.painter.Painter`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leukodesk.ui.fence import FencedLabel, LayoutFence, TonedFence
from leukodesk.ui.panels.advice_list import LINKS
from leukodesk.ui.panels.fn_risk_view import FnRiskView, Selection, fn_risk_view
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import OpaqueScrollBar

TITLE = "FN ris&k"
TITLE_FEVER = "FN ris&k — fever"
GO_TO_ITEMS = '<a href="items:">Answer the FN risk items</a> in the input column'
# The texts of the view, top to bottom in each column: field → (accessible name, bold).
TEXTS = {"heading": ("Where to treat", True), "where": ("Where to treat, in words", False),
         "detail": ("Why, or the selected source", False),
         "criteria": ("High risk for outpatient care (IDSA)", False),
         "mascc_head": ("MASCC score", True), "mascc_items": ("MASCC items", False),
         "cisne_head": ("CISNE score", True), "cisne_items": ("CISNE items", False),
         "notes": ("Pearls and the CISNE note", False)}
SCORES = ("mascc_head", "mascc_items", "cisne_head", "cisne_items")  # the right column


def tab_title(fever: bool) -> str:
    return TITLE_FEVER if fever else TITLE


class FnRiskPanel(QWidget):
    """Where to treat, MASCC and CISNE with each item's points, and the pearls."""

    items_requested = Signal()  # "Answer the FN risk items": the window moves the focus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fn_risk_section")
        self.tabs: QTabWidget | None = None  # the tab widget it comes forward in
        self.selection: Selection = None
        self._state: ViewState | None = None
        self._fever = False  # as last painted: the tab comes forward when it turns true
        self._behind: QWidget | None = None  # the tab it came forward over
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("fn_risk_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
        page = QWidget()
        page.setObjectName("fn_risk_page")
        row = QHBoxLayout(page)
        row.setContentsMargins(6, 6, 6, 6)
        left, right = QVBoxLayout(), QVBoxLayout()
        for column in (left, right):
            column.setSpacing(4)
            row.addLayout(column, 1)
        self.go = self._links_label("fn_risk_go_to_items", "Answer the FN risk items")
        self.go.setText(GO_TO_ITEMS)
        left.addWidget(self.go)
        self.labels: dict[str, FencedLabel] = {}
        self.fences: dict[str, LayoutFence] = {}
        for name, (accessible, bold) in TEXTS.items():
            column = right if name in SCORES else left
            column.addWidget(self._text(name, accessible, bold))
            if name == "where":  # the disposition's sources and "Why?" under its words
                self.links = self._links_label("fn_risk_links", "Sources and why, where to treat")
                left.addWidget(self.links)
        for column in (left, right):
            column.addStretch(1)
        self.scroll.setWidget(page)
        outer.addWidget(self.scroll)
        self.painter: Painter[FnRiskView] = Painter(self._paint)

    def _text(self, name: str, accessible: str, bold: bool) -> LayoutFence:
        label = FencedLabel()
        label.setObjectName(f"fn_risk_{name}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAccessibleName(accessible)
        if name == "notes":
            label.setProperty("role", "workings")
        elif bold:
            label.setProperty("kind", "urgent")  # bold (style.qss), as urgent advice is
        fence_type = TonedFence if name == "where" else LayoutFence
        fence = fence_type(label, 0, exact=True, opaque=False)
        if name == "where":
            label.setContentsMargins(8, 2, 2, 2)  # room for the tone's bar
        fence.hide()  # until it has a text
        self.labels[name] = label
        self.fences[name] = fence
        return fence

    def _links_label(self, name: str, accessible: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setProperty("role", "sources")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(LINKS)
        label.setOpenExternalLinks(False)
        label.setAccessibleName(accessible)
        label.linkActivated.connect(self._on_link_activated)
        return label

    def show_state(self, state: ViewState) -> None:
        self._state = state
        if state.blank:
            self.selection = None  # a new patient: no reason is carried over
        self.painter.show(fn_risk_view(state, self.selection))

    def _paint(self, view: FnRiskView) -> None:
        for name, fence in self.fences.items():
            text = getattr(view, name)
            fence.set_text(text)
            if fence.isHidden() == bool(text):
                fence.setVisible(bool(text))
        self.fences["where"].set_tone(view.tone)  # type: ignore[attr-defined]
        if self.links.text() != view.links:
            self.links.setText(view.links)
        self.links.setVisible(bool(view.links))
        if self.tabs is not None:
            self.tabs.setTabText(self.tabs.indexOf(self), tab_title(view.fever))
            if view.fever and not self._fever:  # comes forward with the fever
                shown = self.tabs.currentWidget()
                self._behind = shown if shown is not self else None
                self.tabs.setCurrentWidget(self)
            elif self._fever and not view.fever:  # and steps back when it goes
                if self._behind is not None and self.tabs.currentWidget() is self:
                    self.tabs.setCurrentWidget(self._behind)
                self._behind = None
        self._fever = view.fever

    @Slot(str)
    def _on_link_activated(self, link: str) -> None:
        scheme, _, key = link.partition(":")
        if scheme == "items":
            self.items_requested.emit()
            return
        self.selection = {"why": ("why", ""), "source": ("source", key)}.get(scheme)
        if self._state is not None:
            self.show_state(self._state)
