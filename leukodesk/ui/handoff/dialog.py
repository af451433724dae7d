"""The hand-off dialogs: paper size and an optional patient label (:class:`HandoffDialog`),
the file to save to, and the printer. Imported only when a hand-off is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core.formats.handoff import LABEL_MAX, PAPER_NAMES, printed_label
from leukodesk.ui.handoff.paper import PAPERS

KINDS = {"summary": "summary", "worksheet": "dose worksheet"}
TITLES = {("summary", "pdf"): "Export PDF", ("summary", "print"): "Print the summary",
          ("worksheet", "pdf"): "Pharmacist's dose worksheet",
          ("worksheet", "print"): "Pharmacist's dose worksheet"}


@dataclass(frozen=True)
class HandoffChoice:
    """What the hand-off dialog settled: paper ("a4"/"letter"), the patient label (empty:
    none printed) and where it goes ("pdf" or "print")."""

    paper: str
    label: str
    destination: str


def default_paper() -> str:
    """US Letter where the locale measures in US units, else A4."""
    return "letter" if QLocale().measurementSystem() \
        == QLocale.MeasurementSystem.ImperialUSSystem else "a4"


class HandoffDialog(QDialog):
    """Paper size and an optional patient label; buttons for the destinations offered."""

    def __init__(self, parent: QWidget | None, kind: str, destinations: tuple[str, ...]) -> None:
        super().__init__(parent)
        self.setObjectName("handoff_dialog")
        self.setWindowTitle(TITLES[(kind, destinations[0])])
        self.destination = ""
        self.paper_combo = QComboBox(self)
        self.paper_combo.setObjectName("paper_combo")
        self.paper_combo.setAccessibleName("Paper size")
        for value, text in PAPER_NAMES.items():
            self.paper_combo.addItem(text, value)
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(default_paper()))
        self.label_edit = QLineEdit(self)  # empty every time: never the last patient's label
        self.label_edit.setObjectName("patient_label_edit")
        self.label_edit.setAccessibleName("Patient label (optional)")
        self.label_edit.setMaxLength(LABEL_MAX)
        self.label_edit.setPlaceholderText("Optional: name, date of birth or record number")
        form = QFormLayout()
        form.addRow("&Paper:", self.paper_combo)
        form.addRow("Patient &label:", self.label_edit)
        note = QLabel(f"The {KINDS[kind]} is printed with the label only if you type one. "
                      "The label is not saved.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.buttons: dict[str, QPushButton] = {}
        for destination in destinations:
            text = "&Save PDF…" if destination == "pdf" else "Pr&int…"
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
            button.setObjectName(f"{destination}_button")
            button.clicked.connect(lambda _=False, d=destination: self._choose(d))
            self.buttons[destination] = button
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.buttons[destinations[0]].setDefault(True)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(note)
        column.addWidget(buttons)
        # Room for the placeholder and a typical label without scrolling.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 62)

    def _choose(self, destination: str) -> None:
        self.destination = destination
        self.accept()

    def choice(self) -> HandoffChoice | None:
        """The settled choice, or None if the dialog was cancelled."""
        if self.result() != QDialog.DialogCode.Accepted or not self.destination:
            return None
        return HandoffChoice(self.paper_combo.currentData(),
                             printed_label(self.label_edit.text()), self.destination)


def ask_choice(parent: QWidget, kind: str, destinations: tuple[str, ...]) -> HandoffChoice | None:
    dialog = HandoffDialog(parent, kind, destinations)
    dialog.exec()
    return dialog.choice()


def ask_path(parent: QWidget, caption: str, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, "PDF files (*.pdf)")
    return path


def ask_printer(parent: QWidget, paper: str) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAPERS[paper]))
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
