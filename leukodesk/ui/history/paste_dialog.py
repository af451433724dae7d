"""Paste lab results: text copied from a lab system or a spreadsheet, read into earlier
counts (RULES §13) by the core's pure parser (:mod:`leukodesk.core.contract.lab_paste`).

The dialog shows what the text was read as: the rows understood in a table, each line
that could not be read with why, the columns and how they were recognised, and anything
left out because its time is in the table already. The units are chosen once here; a
header that states another unit is pointed out. Nothing is imported until Import is
pressed, and then every row understood is imported in one step (Cancel imports nothing):
nothing is ever half imported. Loaded when first opened, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core.contract.lab_cells import typed_time
from leukodesk.core.contract.lab_names import ROLE_NAMES, VALUE_ROLES
from leukodesk.core.contract.lab_paste import (
    LineProblem,
    PastedRow,
    PasteResult,
    parse_lab_paste,
    split_duplicates,
)
from leukodesk.core.contract.limits import HISTORY_MAX_ROWS
from leukodesk.core.contract.units import UNIT_LABELS, CountUnit, HemoglobinUnit
from leukodesk.ui.view_model import ViewModel
from leukodesk.ui.widgets import fill_combo, select_data

INTRO = ("Paste the results copied from a lab system or a spreadsheet: one line per date, "
         "the columns separated by tabs, semicolons or commas, a header line naming them "
         "(WBC or Leukozyten, ANC or Neutrophile abs., PLT or Thrombozyten, Hb …). Dates as "
         "2026-03-14, 14.03.2026 or 14/03/2026, with an optional time; decimal points or "
         "commas. Nothing is imported until you press Import.")
ORDERS = [("Ask: refuse them (03/04/2026 is not read)", ""),
          ("Day first (03/04/2026 = 3 April)", "dmy"),
          ("Month first (03/04/2026 = March 4)", "mdy")]
SEPARATORS = [("Found in the text", ""), ("Tab", "tab"), ("Semicolon", "semicolon"),
              ("Comma", "comma"), ("Two or more spaces", "spaces")]
AUTO, SKIP = "auto", "skip"
COLUMNS_PER_LINE = 4
SHORT = {"time": "Time", "wbc": "WBC", "anc": "ANC", "differential.segs_pct": "Segs %",
         "differential.bands_pct": "Bands %", "platelets": "Plt", "hemoglobin_g_dl": "Hb"}
GROUPS = {"wbc": "counts", "anc": "counts", "platelets": "counts",
          "hemoglobin_g_dl": "hemoglobin"}


def importable(result: PasteResult, vm: ViewModel
               ) -> tuple[tuple[PastedRow, ...], tuple[LineProblem, ...], str]:
    """The rows of ``result`` that would join the history, the ones left out because
    their time is taken (by a row of the table or the current counts), and why nothing
    can be imported ("" when something can)."""
    taken = {time: f"row {r + 1}" for r, time in vm.history.times().items()}
    current = typed_time(vm.text("counts_time"))
    if current:
        taken.setdefault(current, "the current counts")
    rows, dropped = split_duplicates(result.rows, taken, result.where)
    room = HISTORY_MAX_ROWS - sum(1 for r in vm.history.texts() if any(t.strip() for t in r))
    if not rows:
        why = result.problems[0] if result.problems else "No line could be read as counts."
    elif len(rows) > room:
        why = (f"The history holds at most {HISTORY_MAX_ROWS} earlier counts: {len(rows)} "
               f"here and {HISTORY_MAX_ROWS - room} in the table are too many. Leave some "
               "lines out of the text.")
    else:
        why = ""
    return rows, dropped, why


class PasteDialog(QDialog):
    """Paste, check what was understood, then import it all or nothing."""

    imported = Signal(int)   # how many rows joined the history

    def __init__(self, vm: ViewModel, now: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paste_dialog")
        self.setWindowTitle("Paste lab results")
        self.vm = vm
        self.now = now   # the time the current counts get if they have none yet
        self.result: PasteResult | None = None
        self.rows: tuple[PastedRow, ...] = ()
        self.role_combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("paste_text")
        self.text_edit.setAccessibleName("Lab results pasted")
        self.text_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text_edit.setPlaceholderText("Datum\tLeukozyten\tNeutrophile abs.\tThrombozyten"
                                          "\tHb\n12.03.2026\t3,2\t1,9\t145\t11,2")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.textChanged.connect(self.reread)
        paste = QPushButton("Paste from the clip&board", self)
        paste.clicked.connect(self.text_edit.paste)
        layout.addLayout(self._options(paste))
        self.columns_box = QWidget(self)
        self.columns_grid = QGridLayout(self.columns_box)   # what each column is read as
        self.columns_grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.columns_box)
        self.preview = QTableWidget(0, 0, self)
        self.preview.setObjectName("paste_preview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.preview.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.report = QLabel(self)
        self.report.setObjectName("paste_report")
        self.report.setWordWrap(True)
        self.report.setTextFormat(Qt.TextFormat.PlainText)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        report = QScrollArea(self)
        report.setWidget(self.report)
        report.setWidgetResizable(True)
        lower = QSplitter(Qt.Orientation.Vertical, self)
        for widget in (self.text_edit, self.preview, report):
            lower.addWidget(widget)
        lower.setSizes([3, 2, 3])
        layout.addWidget(lower, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("paste_import_button")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if parent is not None:
            self.resize(min(900, int(parent.width() * 0.9)), min(680, int(parent.height() * 0.9)))
        self._prefill()
        self.reread()
        self.text_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # Enter on a choice above must not import: Import is pressed on purpose (a click,
        # Space on it, its Alt key); Esc cancels. (The button box makes a default on show.)
        for button in (self.import_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)

    def _options(self, paste: QPushButton) -> QGridLayout:
        grid = QGridLayout()
        self.count_combo = self._combo("paste_counts_combo", [
            (UNIT_LABELS[u], u.value) for u in CountUnit], self.vm.unit("counts").value)
        self.hb_combo = self._combo("paste_hb_combo", [
            (UNIT_LABELS[u], u.value) for u in HemoglobinUnit], self.vm.unit("hemoglobin").value)
        self.order_combo = self._combo("paste_order_combo", ORDERS, "")
        self.separator_combo = self._combo("paste_separator_combo", SEPARATORS, "")
        for i, (label, combo) in enumerate((("&Counts in", self.count_combo),
                                            ("&Hb in", self.hb_combo),
                                            ("&Dates like 03/04/2026", self.order_combo),
                                            ("Columns &separated by", self.separator_combo))):
            name = QLabel(label, self)
            name.setBuddy(combo)
            grid.addWidget(name, i // 2, (i % 2) * 2)
            grid.addWidget(combo, i // 2, (i % 2) * 2 + 1)
        grid.addWidget(paste, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _combo(self, name: str, items: list[tuple[str, str]], value: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        fill_combo(combo, items)
        select_data(combo, value)
        combo.currentIndexChanged.connect(self.reread)
        return combo

    def _prefill(self) -> None:
        """The clipboard's text, when it reads as lab results (anything else, say a note
        copied before, is left out of the box)."""
        text = QApplication.clipboard().text()
        if text and parse_lab_paste(text).rows:
            self.text_edit.setPlainText(text)

    # --- reading --------------------------------------------------------------------------
    def assigned(self) -> dict[int, str | None]:
        """The roles the user gave columns (the rest as their header says)."""
        out: dict[int, str | None] = {}
        for col, combo in enumerate(self.role_combos):
            value = combo.currentData()
            if value != AUTO:
                out[col] = None if value == SKIP else value
        return out

    @Slot()
    def reread(self) -> None:
        """Read the text again with the options chosen, and show what it was read as."""
        result = parse_lab_paste(self.text_edit.toPlainText(),
                                 separator=self.separator_combo.currentData() or None,
                                 columns=self.assigned(),
                                 date_order=self.order_combo.currentData() or None)
        self.result = result
        self._show_columns(result)
        rows, dropped, why = importable(result, self.vm)
        self.rows = rows if not why else ()
        self._show_preview(rows, result.where.capitalize())
        self._show_report(result, rows, dropped, why)
        self.import_button.setEnabled(bool(self.rows))
        self.import_button.setText(f"&Import {len(self.rows)} row"
                                   f"{'s' if len(self.rows) != 1 else ''}")

    def _show_columns(self, result: PasteResult) -> None:
        width = len(result.columns)
        if width != len(self.role_combos):
            for combo in self.role_combos:
                combo.parentWidget().deleteLater()
            self.role_combos = []
            for col in range(width):
                cell = QWidget(self.columns_box)
                box = QVBoxLayout(cell)
                box.setContentsMargins(0, 0, 4, 0)
                name = QLabel(cell)
                name.setWordWrap(True)
                combo = QComboBox(cell)
                combo.setObjectName(f"paste_column_{col + 1}_combo")
                fill_combo(combo, [("As the header says", AUTO),
                                   *((ROLE_NAMES[r], r) for r in ROLE_NAMES),
                                   ("Not read", SKIP)])
                combo.currentIndexChanged.connect(self.reread)
                name.setBuddy(combo)
                box.addWidget(name)
                box.addWidget(combo)
                self.columns_grid.addWidget(cell, col // COLUMNS_PER_LINE,
                                            col % COLUMNS_PER_LINE)
                self.role_combos.append(combo)
        for col, combo in enumerate(self.role_combos):
            label = combo.parentWidget().findChild(QLabel)
            header = result.names[col] if col < len(result.names) else ""
            role = result.columns[col]
            read = ROLE_NAMES[role] if role else "not read"
            kind = "Line" if result.across else "Column"   # across: the names run down
            label.setText(f"{kind} {col + 1}" + (f" “{header}”" if header else "")
                          + f": {read}")
            combo.setItemText(0, "As the header says" if result.names else "Not assigned")

    def _show_preview(self, rows: tuple[PastedRow, ...], where: str) -> None:
        roles = [r for r in VALUE_ROLES if any(r in row.values for row in rows)]
        units = {"counts": UNIT_LABELS[self._unit("counts")],
                 "hemoglobin": UNIT_LABELS[self._unit("hemoglobin")]}
        headers = [where, "Time", *(f"{SHORT[r]} ({units[GROUPS[r]]})" if r in GROUPS
                                     else SHORT[r] for r in roles)]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(headers)
        for i, row in enumerate(rows):
            for c, text in enumerate([str(row.line), row.time,
                                      *(row.values.get(r, "") for r in roles)]):
                self.preview.setItem(i, c, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()

    def _show_report(self, result: PasteResult, rows: tuple[PastedRow, ...],
                     dropped: tuple[LineProblem, ...], why: str) -> None:
        lines = [why] if why else [f"{len(rows)} row{'s' if len(rows) != 1 else ''} "
                                   "understood (in the table above)."]
        if result.lines_not_read:
            lines.append(f"{len(result.lines_not_read)} line"
                         f"{'s' if len(result.lines_not_read) != 1 else ''} not read:")
            lines += [f"  {p}" for p in result.lines_not_read]
        if result.date_order_needed and result.order_seen:
            seen = "day first" if result.order_seen == "dmy" else "month first"
            lines.append(f"  (other dates of this text can only be {seen}: choose it above "
                         "if it holds for all)")
        if dropped:
            lines.append("Left out, their time is in the table already:")
            lines += [f"  {p}" for p in dropped]
        for role, unit in result.header_units.items():
            group_name = GROUPS.get(role)
            if group_name and unit != self._unit(group_name).value:
                lines.append(f"The header gives {ROLE_NAMES[role]} in "
                             f"{UNIT_LABELS[self._parse(group_name, unit)]}, but "
                             f"{UNIT_LABELS[self._unit(group_name)]} is chosen above: check "
                             "the unit before you import.")
        current = self.vm.text("counts_time").strip()
        lines.append(f"The current counts are the latest point, at {current}: a row at or "
                     "after that time is refused until you change it." if current else
                     "The current counts get the time now when you import (you may change "
                     "it): they are the latest point.")
        lines += [f"Note: {note}." for note in result.notes]
        self.report.setText("\n".join(lines))

    def _unit(self, group_name: str) -> Enum:
        combo = self.count_combo if group_name == "counts" else self.hb_combo
        return self._parse(group_name, combo.currentData())

    @staticmethod
    def _parse(group_name: str, value: str) -> Enum:
        kind: Any = CountUnit if group_name == "counts" else HemoglobinUnit
        return kind(value)

    # --- importing ------------------------------------------------------------------------
    @Slot()
    def _on_buttons_accepted(self) -> None:
        """Every row understood joins the history in one step, then the dialog closes."""
        if not self.rows:
            return
        rows = [{"time": row.time, **row.values} for row in self.rows]
        added = self.vm.add_history_rows(rows, self.now(), {
            "counts": self._unit("counts"), "hemoglobin": self._unit("hemoglobin")})
        if len(added) != len(rows):   # the table changed under the dialog: nothing added
            self.reread()
            return
        self.imported.emit(len(added))
        self.accept()
