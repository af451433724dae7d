"""The recommendations as a scrolled column of paragraphs, one label per paragraph.

A keystroke usually changes one or two paragraphs (the platelet line, the ANC in the
FN line). A single rich-text browser would parse and lay out the whole list again and
repaint all of it (about 2.3 ms per keystroke, bench/bench_ui.py); here only the
paragraphs whose text changed are laid out and painted again, and the column's
relayout stays inside its scroll area.

Source ids are links: a click, or Tab to a link and Enter, emits ``link_activated``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from leukodesk.ui.fence import FencedLabel, LayoutFence
from leukodesk.ui.widgets import OpaqueScrollBar, set_state

LINKS = (Qt.TextInteractionFlag.LinksAccessibleByMouse
         | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)


@dataclass(frozen=True)
class AdviceItem:
    """One paragraph of advice: a stable key, plain text, source links (rich text, or ""),
    and a kind the stylesheet selects on (an urgency, "info", "prompt" or "error")."""

    key: str
    text: str
    links: str = ""
    kind: str = "info"


class AdviceList(QScrollArea):
    """Paragraphs keyed by a stable id: a paragraph keeps its labels while it stays in the
    list, so a moved paragraph is not laid out again and an unchanged one is not touched.

    A paragraph is plain text (fast to lay out: about 30 µs against 450 µs for the same
    words as rich text) with its source ids as links on a line of their own below it."""

    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
        self._column = QWidget()
        self._column.setObjectName("advice_column")
        # A taller or shorter column repaints only what it gains, not every paragraph.
        self._column.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._layout = QVBoxLayout(self._column)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self.setWidget(self._column)
        # The widgets of each paragraph ever shown: its text in an exact-height fence (a
        # new text that keeps its height repaints that text alone, without laying the
        # column out again), and its line of source links, made when first needed.
        # Paragraphs that leave are hidden, not deleted: they come back when the inputs
        # do (an invalid keystroke and its correction) without being made again. The pool
        # is bounded by the catalogue of recommendation ids.
        self._rows: dict[str, tuple[LayoutFence, list[QLabel]]] = {}
        # The widgets this list last placed on screen, top to bottom (None: unknown), so
        # that new texts in the same paragraphs do not read the layout back: about 45 of
        # the panel's 150 µs a keystroke in bench/bench_ui.py's typing. Written here only.
        self._placed: list[QWidget] | None = []

    def set_paragraphs(self, paragraphs: Sequence[AdviceItem]) -> None:
        """Show exactly these paragraphs, in this order. Each text, kind and links line is
        set where it differs from what its label holds; then, if the widgets placed are
        not the ones wanted in this order, those that leave are hidden and only rows that
        would stand out of order are moved (each Qt call from here costs)."""
        wanted: list[QWidget] = []
        for p in paragraphs:
            fence, links = self._row(p.key)
            set_state(fence.child, "kind", p.kind)
            fence.set_text(p.text)
            wanted.append(fence)
            if p.links:
                if not links:
                    links.append(self._links_label(p.key))
                if links[0].text() != p.links:
                    links[0].setText(p.links)
                    links[0].setAccessibleName(f"Sources of: {p.text[:60]}")
                wanted.append(links[0])
        if wanted == self._placed:
            return
        self._placed = None  # unknown until placed (should placing fail half way)
        keep = set(wanted)
        for widget in self._shown_widgets():
            if widget not in keep:
                widget.hide()
        # Hidden rows may stay anywhere; the shown ones must follow the order wanted. A
        # widget already below the one placed before it stays where it is; one above it is
        # taken out (the rows after it move up one) and put back just below it.
        last = -1
        for widget in wanted:
            at = self._layout.indexOf(widget)
            if 0 <= at <= last:
                self._layout.removeWidget(widget)
                at, last = -1, last - 1
            if at < 0:
                self._layout.insertWidget(last + 1, widget)
                at = last + 1
            last = at
        for widget in wanted:
            if widget.isHidden():
                widget.show()
        self._placed = wanted

    def _shown_widgets(self) -> list[QWidget]:
        """The paragraph widgets on screen, top to bottom, as the layout holds them."""
        found = (self._layout.itemAt(i).widget() for i in range(self._layout.count()))
        return [w for w in found if w is not None and not w.isHidden()]

    def _row(self, key: str) -> tuple[LayoutFence, list[QLabel]]:
        row = self._rows.get(key)
        if row is None:
            text = FencedLabel()
            text.setObjectName(f"advice_{key}")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            fence = LayoutFence(text, 0, self._column, exact=True, opaque=False)
            fence.hide()  # until placed
            row = self._rows[key] = (fence, [])
        return row

    def _links_label(self, key: str) -> QLabel:
        links = FencedLabel(self._column)
        links.hide()  # until placed
        links.setObjectName(f"advice_{key}_sources")
        links.setProperty("role", "sources")
        links.setTextFormat(Qt.TextFormat.RichText)
        links.setWordWrap(True)
        links.setTextInteractionFlags(LINKS)
        links.setOpenExternalLinks(False)
        links.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        links.linkActivated.connect(self.link_activated)
        return links

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for lines of about 60 characters: the advice is the main reading."""
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 60, fm.lineSpacing() * 10)

    def labels(self) -> list[QLabel]:
        """The labels on screen, top to bottom (texts and their source lines), read from
        the layout itself: what is shown, not what was asked for."""
        return [w.child if isinstance(w, LayoutFence) else w for w in self._shown_widgets()
                if isinstance(w, QLabel | LayoutFence)]

    def toPlainText(self) -> str:  # noqa: N802 (QTextBrowser's name: callers read alike)
        """The paragraphs as plain text, one line per label."""
        lines = []
        for label in self.labels():
            text = label.text()
            if label.textFormat() == Qt.TextFormat.RichText:
                text = QTextDocumentFragment.fromHtml(text).toPlainText()
            lines.append(text)
        return "\n".join(lines)


class PlainTextLabel(FencedLabel):
    """A wrapped plain-text label read like a text view (the dose workings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def toPlainText(self) -> str:  # noqa: N802 (QPlainTextEdit's name: callers read alike)
        return self.text()
