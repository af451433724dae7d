"""The recommendations as a scrolled column of paragraphs, one label per paragraph.

A keystroke usually changes one or two paragraphs (the platelet line, the ANC in the
FN line). A single rich-text browser would parse and lay out the whole list again and
repaint all of it (about 2.3 ms per keystroke, bench/bench_ui.py); here only the
paragraphs whose text changed are laid out and painted again, and the column's
relayout stays inside its scroll area.

Source ids are links: a click, or Tab to a link and Enter, emits ``link_activated``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from leukodesk.ui.fence import CachedLabel, LayoutFence
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
    words as rich text) with its source ids as links on a line of their own below it;
    those change only when the paragraph itself comes or goes."""

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
        # Per paragraph: its text in an exact-height fence (a new text that keeps its
        # height repaints that text alone, without laying the column out again), and the
        # line of source links (set once: a paragraph's sources do not change).
        self._rows: dict[str, tuple[LayoutFence, QLabel | None]] = {}
        self._kinds: dict[str, str] = {}   # the "kind" each paragraph's label was given
        self._order: list[str] = []        # the keys shown, top to bottom

    def set_paragraphs(self, paragraphs: list[AdviceItem]) -> None:
        """Show the paragraphs in this order. What the list already shows in place is not
        touched: a keystroke that swaps one paragraph shows one, hides one and moves
        only what would otherwise stand out of order (each Qt call from here costs)."""
        order = [p.key for p in paragraphs]
        for p in paragraphs:
            row = self._rows.get(p.key)
            if row is None:  # a key keeps its sources: its links line is made once
                row = self._rows[p.key] = self._new_row(p)
            fence = row[0]
            if self._kinds.get(p.key) != p.kind:
                self._kinds[p.key] = p.kind
                set_state(fence.child, "kind", p.kind)
            fence.set_text(p.text)
        if order != self._order:
            # Paragraphs that leave are hidden, not deleted: they come back when the inputs
            # do (an invalid keystroke and its correction), without being laid out again.
            # The pool is bounded by the catalogue of recommendation ids.
            showing = set(order)
            for key in self._order:
                if key not in showing:
                    for widget in self._rows[key]:
                        if widget is not None:
                            widget.hide()
            # Hidden rows may stay anywhere; the shown ones must follow ``order``. A row
            # already below the one placed before it stays where it is.
            last = -1
            for key in order:
                for widget in self._rows[key]:
                    if widget is None:
                        continue
                    at = self._layout.indexOf(widget)
                    if at < 0 or at <= last:
                        self._layout.insertWidget(last + 1, widget)
                        at = last + 1
                    last = at
            shown = set(self._order)
            for key in order:
                if key not in shown:
                    for widget in self._rows[key]:
                        if widget is not None:
                            widget.show()
            self._order = order

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for lines of about 60 characters: the advice is the main reading."""
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 60, fm.lineSpacing() * 10)

    def _new_row(self, p: AdviceItem) -> tuple[LayoutFence, QLabel | None]:
        text = CachedLabel()
        text.setObjectName(f"advice_{p.key}")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        fence = LayoutFence(text, 0, self._column, exact=True, opaque=False)
        links = None
        if p.links:
            links = CachedLabel(self._column)
            links.setObjectName(f"advice_{p.key}_sources")
            links.setProperty("role", "sources")
            links.setTextFormat(Qt.TextFormat.RichText)
            links.setWordWrap(True)
            links.setTextInteractionFlags(LINKS)
            links.setOpenExternalLinks(False)
            links.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            links.setText(p.links)
            links.setAccessibleName(f"Sources of: {p.text[:60]}")
            links.linkActivated.connect(self.link_activated)
        return fence, links

    def labels(self) -> list[QLabel]:
        """The labels on screen, top to bottom (texts and their source lines), read from
        the layout itself: what is shown, not what was asked for."""
        found = (self._layout.itemAt(i).widget() for i in range(self._layout.count()))
        shown = [w for w in found if w is not None and not w.isHidden()]
        return [w.child if isinstance(w, LayoutFence) else w for w in shown
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


class PlainTextLabel(CachedLabel):
    """A wrapped plain-text label read like a text view (the dose workings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def toPlainText(self) -> str:  # noqa: N802 (QPlainTextEdit's name: callers read alike)
        return self.text()
