"""The dialogs of own case files: the file choosers, the case's details, and the message
that a file was refused. Imported only when the user saves or opens a case file.

Tests replace all of them (:meth:`leukodesk.ui.teaching.case_menu.CaseLibrary.use_choosers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from leukodesk.cases import MAX_TITLE

FILTER = "LeukoDesk cases (*.json);;All files (*)"


@dataclass(frozen=True)
class CaseDetails:
    """What the teacher writes around the inputs of a case being saved."""

    title: str
    vignette: str = ""
    teaching_points: tuple[str, ...] = field(default_factory=tuple)
    record_result: bool = True   # write today's result as what the case teaches


def ask_open_path(parent: QWidget, caption: str, folder: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, folder, FILTER, "",
                                          QFileDialog.Option.DontUseNativeDialog)
    return path


def ask_save_path(parent: QWidget, caption: str, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, FILTER, "",
                                          QFileDialog.Option.DontUseNativeDialog)
    return path


def tell(parent: QWidget, title: str, text: str) -> None:
    """A refusal the user must see: a window-modal message that does not block the
    program (``open``, not ``exec``); closed with Enter or Esc."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    box.open()


class CaseDetailsDialog(QDialog):
    """Title, story and teaching points of a case being saved."""

    def __init__(self, parent: QWidget, defaults: CaseDetails, refused: bool) -> None:
        """``refused``: the core refuses the inputs on screen, so there is no result to
        record (the case teaches the refusal)."""
        super().__init__(parent)
        self.setWindowTitle("Save case")
        layout = QVBoxLayout(self)
        intro = QLabel("The inputs on screen are saved with what you write here. The file "
                       "holds no patient's name: write none into the story either.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.title_edit = QLineEdit(defaults.title, self)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setAccessibleName("Case title")
        self.vignette_edit = QPlainTextEdit(defaults.vignette, self)
        self.vignette_edit.setAccessibleName("Story of the case")
        self.vignette_edit.setTabChangesFocus(True)
        self.points_edit = QPlainTextEdit("\n".join(defaults.teaching_points), self)
        self.points_edit.setAccessibleName("Teaching points, one per line")
        self.points_edit.setTabChangesFocus(True)
        # One point a line, unwrapped: a wrapped point would look like two.
        self.points_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        for label, widget in (("&Title:", self.title_edit), ("&Story:", self.vignette_edit),
                              ("Teaching &points\n(one per line):", self.points_edit)):
            name = QLabel(label, self)
            name.setBuddy(widget)
            form.addRow(name, widget)
        layout.addLayout(form)
        self.record_check = QCheckBox("&Record the result on screen as what the case "
                                      "teaches", self)
        self.record_check.setChecked(not refused and defaults.record_result)
        self.record_check.setEnabled(not refused)
        self.record_check.setToolTip("Opening the case later, or `leukodesk case --check`, "
                                     "then says whether the rules still give this result.")
        layout.addWidget(self.record_check)
        if refused:
            note = QLabel("The inputs are refused as they stand: the case will teach that "
                          "refusal (opening it shows the same messages).", self)
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.title_edit.textChanged.connect(
            lambda text: self.save_button.setEnabled(bool(text.strip())))
        self.save_button.setEnabled(bool(defaults.title.strip()))
        layout.addWidget(buttons)
        self.resize(520, 420)

    def details(self) -> CaseDetails:
        points = tuple(line.strip() for line in self.points_edit.toPlainText().splitlines()
                       if line.strip())
        return CaseDetails(self.title_edit.text().strip(),
                           self.vignette_edit.toPlainText().strip(), points,
                           self.record_check.isChecked())


def ask_details(parent: QWidget, defaults: CaseDetails, refused: bool) -> CaseDetails | None:
    dialog = CaseDetailsDialog(parent, defaults, refused)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.details()
