"""Help ▸ Glossary (F1) and the glossary's tooltips: the window's jargon (LLN, FN, ANC,
CTCAE, Duffy-null, tolerance, MASCC, CISNE, G-CSF, nadir, AMC ...) explained in our own
words, as :func:`leukodesk.core.content.glossary` holds them, each with its sources by
short name and full reference.

- The dialog: a search field over the list of terms and the entry chosen, in the
  window's font (it follows the zoom); keyboard only works (type to filter, Down or Tab
  to the list, Esc closes).
- The tooltips: a label, check box, group title or tab whose words use a term says what
  the term means when the pointer rests on it (a tooltip it already had comes first).
  Set once, on the widgets there when the glossary is installed: the words of results
  that change with every patient are not scanned (the dialog explains them).
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core import content
from leukodesk.core.content import GlossaryEntry

HELP_MENU = "&Help"
TOOLTIP_HINT = "Help ▸ Glossary (F1): sources and the other terms."


Finder = list[tuple[GlossaryEntry, re.Pattern[str]]]


def finder() -> Finder:
    """Each entry with one pattern of its words, whole words only: an all-capital word
    (ANC, FN) keeps its case, any other word (nadir, tolerance) ignores it."""
    def word(w: str) -> str:
        return re.escape(w) if w.upper() == w else f"(?i:{re.escape(w)})"
    return [(e, re.compile(rf"(?<![\w-])(?:{'|'.join(word(w) for w in e.match)})(?!\w)"))
            for e in content.glossary().values()]


def terms_in(text: str, found: Finder | None = None) -> list[GlossaryEntry]:
    """The glossary entries whose words ``text`` uses, in glossary order, each once
    (``found``: a :func:`finder` made once for many texts)."""
    return [e for e, pattern in (found or finder()) if pattern.search(text)]


def entry_line(e: GlossaryEntry) -> str:
    """One entry in a sentence: "LLN — Lower limit of normal: …" (the name alone when
    it starts with the term: "Duffy-null phenotype: …")."""
    name = e.name if e.name.startswith(e.term) else f"{e.term} — {e.name}"
    return f"{name}: {e.text}"


def tooltip_html(own: str, entries: list[GlossaryEntry]) -> str:
    """A tooltip with the widget's own words first, then each term it uses (rich text,
    so that Qt wraps it)."""
    parts = [f"<p>{escape(own)}</p>"] if own else []
    parts += [f"<p>{escape(entry_line(e))}</p>" for e in entries]
    parts.append(f"<p><i>{escape(TOOLTIP_HINT)}</i></p>")
    return "".join(parts)


def entry_html(e: GlossaryEntry) -> str:
    """One entry as the dialog shows it: the term, its name, the meaning, and each source
    by short name with its full reference."""
    sources = content.sources()
    refs = "".join(f"<li><b>{escape(sources[s].short)}</b>: {escape(sources[s].title)}. "
                   f"{escape(sources[s].where)}</li>" if s in sources
                   else f"<li>{escape(s)}</li>" for s in e.sources)
    return (f"<h2>{escape(e.term)}</h2><p><b>{escape(e.name)}</b></p><p>{escape(e.text)}</p>"
            f"<h3>Sources</h3><ul>{refs}</ul>")


def matches(e: GlossaryEntry, query: str) -> bool:
    """Whether a search finds ``e``: words starting with it in its term, name, words or
    meaning, any case ("lln" finds LLN, never "illness")."""
    q = query.strip()
    if not q:
        return True
    start = re.compile(rf"(?<!\w){re.escape(q)}", re.IGNORECASE)
    return any(start.search(t) for t in (e.term, e.name, e.text, *e.match))


class GlossaryDialog(QDialog):
    """The glossary: a search field, the terms it finds, and the chosen term's entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.setObjectName("glossary_dialog")
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("glossary_search")
        self.search.setPlaceholderText("Search the glossary (a term or any word)")
        self.search.setAccessibleName("Search the glossary")
        self.search.setClearButtonEnabled(True)
        find = QLabel("&Find:", self)
        find.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(find)
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        row = QHBoxLayout()
        self.terms = QListWidget(self)
        self.terms.setObjectName("glossary_terms")
        self.terms.setAccessibleName("Terms")
        self.text = QTextBrowser(self)
        self.text.setObjectName("glossary_text")
        self.text.setAccessibleName("Meaning and sources")
        self.text.setOpenLinks(False)
        row.addWidget(self.terms, 1)
        row.addWidget(self.text, 3)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self.terms.setFocus)
        self.terms.currentItemChanged.connect(self._on_terms_current_item_changed)
        self._fill("")
        self._fit()
        self.search.setFocus()

    def _fit(self) -> None:
        """About 90 characters by 26 lines of the current font (so a zoom keeps the
        entry readable), never larger than the screen's free area."""
        fm = self.fontMetrics()
        width, height = fm.averageCharWidth() * 90, fm.lineSpacing() * 26
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        # A zoom reaches the dialog, but not the children the stylesheet styles: they
        # take the dialog's size here, so the glossary reads at any zoom.
        if event.type() == QEvent.Type.FontChange:
            for child in (self.search, self.terms, self.text):
                child.setFont(self.font())
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Down in the search field goes to the list (Enter in it would close the dialog).
        if event.key() == Qt.Key.Key_Down and self.focusWidget() is self.search:
            self.terms.setFocus()
            return
        super().keyPressEvent(event)

    def shown_terms(self) -> list[str]:
        return [self.terms.item(i).text() for i in range(self.terms.count())]

    def _fill(self, query: str) -> None:
        self.terms.clear()
        for e in content.glossary().values():
            if matches(e, query):
                item = QListWidgetItem(e.term, self.terms)
                item.setData(Qt.ItemDataRole.UserRole, e.term)
                item.setToolTip(e.name)
        if self.terms.count():
            self.terms.setCurrentRow(0)
        else:
            self.text.setPlainText(f"No term matches “{query.strip()}”.")

    def show_term(self, term: str) -> None:
        """Choose ``term`` (its entry shows), clearing a search that hides it."""
        if term not in self.shown_terms():
            self.search.clear()
        self.terms.setCurrentRow(self.shown_terms().index(term))

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self._fill(text)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_terms_current_item_changed(self, item: QListWidgetItem | None,
                                       _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.text.setHtml(entry_html(content.glossary()[item.data(Qt.ItemDataRole.UserRole)]))


def _own_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.RichText:
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def explain_widgets(root: QWidget) -> int:
    """Give every label, button and group title under ``root`` whose words use a
    glossary term a tooltip explaining it (after its own); tabs likewise. Returns how
    many widgets and tabs were given one."""
    count, found = 0, finder()
    for widget in root.findChildren(QWidget):
        text = _own_text(widget).replace("&", "")
        entries = terms_in(text, found) if text else []
        if entries:
            widget.setToolTip(tooltip_html(widget.toolTip(), entries))
            count += 1
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            entries = terms_in(tabs.tabText(i).replace("&", ""), found)
            if entries:
                tabs.setTabToolTip(i, tooltip_html(tabs.tabToolTip(i), entries))
                count += 1
    return count


class Glossary:
    """Help ▸ Glossary (F1) on a window, and the tooltips of its jargon."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.dialog: GlossaryDialog | None = None
        self.action = QAction("&Glossary…", window)
        self.action.setObjectName("glossary_action")
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.action.setToolTip("What the abbreviations and terms on screen mean, with sources")
        self.action.triggered.connect(self.open)
        menu = help_menu(window)
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action)
        window.addAction(self.action)  # F1 works wherever the focus is
        self.explained = explain_widgets(window)

    @Slot()
    def open(self) -> GlossaryDialog:
        """Show the glossary (made on first use), in front."""
        if self.dialog is None:
            self.dialog = GlossaryDialog(self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.search.setFocus()
        return self.dialog


def help_menu(window: QMainWindow) -> QMenu:
    """The window's Help menu (made at the end of the menu bar if it has none)."""
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text() == HELP_MENU:
            return action.menu()
    return window.menuBar().addMenu(HELP_MENU)


def install_glossary(window: QMainWindow) -> Glossary:
    """Add Help ▸ Glossary (F1) to ``window`` and explain the jargon of its labels in
    tooltips. Call once, after the window's widgets and menus are built."""
    return Glossary(window)
