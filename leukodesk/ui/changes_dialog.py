"""Help ▸ What changed: the changes of this rule set from the previous one, in plain words,
as the core lists them (:func:`leukodesk.core.content.changes`, also ``leukodesk rules
--changes``). Read-only text the keyboard can scroll, and a Close button."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core import content


def changes_html() -> str:
    """The changes as a heading and one entry per change (section, title, text)."""
    version, previous, changes = content.changes()
    rows = "".join(f"<h3>{escape(c.section)} {escape(c.title)}</h3><p>{escape(c.text)}</p>"
                   for c in changes)
    return (f"<h2>What changed in rule set {escape(version)}</h2>"
            f"<p>From rule set {escape(previous)}: {len(changes)} changes.</p>{rows}")


class WhatChangedDialog(QDialog):
    """The changes of this rule set; Esc or Close shuts it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        version, previous, _ = content.changes()
        self.setWindowTitle(f"What changed in rule set {version} (from {previous})")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setObjectName("what_changed_text")
        self.text.setAccessibleName(f"Changes from rule set {previous}")
        self.text.setOpenLinks(False)
        self.text.setHtml(changes_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.text.setFocus()
