"""The earlier counts as a small table, keyboard first: typing on a cell replaces it, Tab and
Enter go to the next cell (and out of the table after the last), Delete clears a cell or
removes the rows selected whole, Ctrl+Delete removes the current row.

Every keystroke in a cell goes to the view model at once (``edited``), as in every other
field: the results never lag behind what a cell shows. A problem the core finds in a cell
is drawn on it with a mark and a border (and its words in the tooltip and the list under
the table), never by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from leukodesk.ui.history.rows import CELLS

MARK = "⚠ "   # before a cell's text while the core refuses it
SAMPLE = {"time": "2026-03-14"}   # the narrowest a column is: this, its header or "0.000"
NUMBER_SAMPLE = "0.000"
ROWS_SHOWN = (2, 6)   # the table is as tall as this many rows at least and at most


class CellDelegate(QStyledItemDelegate):
    """A line edit per cell that reports every keystroke, Enter as Tab, and the mark and
    border of a cell with a problem."""

    edited = Signal(int, int, str)   # row, column, text

    def __init__(self, table: HistoryTable) -> None:
        super().__init__(table)
        self.table = table
        self.editor: QLineEdit | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("history_cell_edit")
        editor.setFrame(False)
        row, column = index.row(), index.column()
        editor.textEdited.connect(lambda text: self.edited.emit(row, column, text))
        editor.setAccessibleName(self.table.cell_name(row, column))
        self.editor = editor
        return editor

    def destroyEditor(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if editor is self.editor:
            self.editor = None
        super().destroyEditor(editor, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        # Only when the editor opens: a problem painted on the cell (its tooltip) must not
        # put the old text back into an editor being typed in.
        if not editor.property("filled"):
            editor.setProperty("filled", True)
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit) and editor.text() != index.data():
            model.setData(index, editor.text())

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and isinstance(editor, QWidget):
            self.commitData.emit(editor)   # Enter as Tab: on to the next cell
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.table.move_on(forward=True)
            return True
        return super().eventFilter(editor, event)

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt)
                        index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if (index.row(), index.column()) in self.table.problems:
            option.text = MARK + option.text
            option.font.setBold(True)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if (index.row(), index.column()) in self.table.problems:
            painter.save()
            painter.setPen(QPen(self.table.error_colour(), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()


class HistoryTable(QTableWidget):
    """One row per earlier count, one column per cell of :data:`CELLS`."""

    cell_typed = Signal(int, str, str)      # row, cell key, text
    remove_requested = Signal(list)         # table rows
    add_requested = Signal(str)             # a first row, typed into: the key's text

    def __init__(self, headers: Mapping[str, str], parent: QWidget | None = None,
                 error_colour: Callable[[], QColor] | None = None) -> None:
        super().__init__(0, len(CELLS), parent)
        self.setObjectName("history_table")
        self.headers = dict(headers)
        self.setHorizontalHeaderLabels([headers[key] for key in CELLS])
        self.problems: dict[tuple[int, int], str] = {}
        self.empty_text = ""   # shown in the table while it has no row
        self._error_colour = error_colour
        self.delegate = CellDelegate(self)
        self.delegate.edited.connect(self._on_delegate_edited)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setHighlightSections(False)
        self.itemChanged.connect(self._on_item_changed)
        # room for the sideways scroll bar only while it is needed (see sizeHint)
        self.horizontalScrollBar().rangeChanged.connect(lambda _lo, _hi: self.updateGeometry())
        self.fit_columns()

    def error_colour(self) -> QColor:
        return self._error_colour() if self._error_colour else QColor(Qt.GlobalColor.red)

    def cell_name(self, row: int, column: int) -> str:
        return f"Earlier counts, row {row + 1}, {self.headers[CELLS[column]]}"

    # --- showing --------------------------------------------------------------------------
    def show_texts(self, texts: tuple[tuple[str, ...], ...]) -> None:
        """Every cell from the draft (the view model's rows), without echoing it back. An
        editor open is closed: what it holds is in the draft already, keystroke by
        keystroke (its row may be another one now)."""
        if self.delegate.editor is not None:
            self.delegate.closeEditor.emit(self.delegate.editor,
                                           QAbstractItemDelegate.EndEditHint.NoHint)
        self.blockSignals(True)
        try:
            self.setRowCount(len(texts))
            for r, row in enumerate(texts):
                for c, text in enumerate(row):
                    item = self.item(r, c)
                    if item is None:
                        item = QTableWidgetItem()
                        self.setItem(r, c, item)
                    if item.text() != text:
                        item.setText(text)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, self.cell_name(r, c))
        finally:
            self.blockSignals(False)
        self.fit_columns()
        self.updateGeometry()

    def show_problems(self, problems: Mapping[tuple[int, int], str]) -> None:
        """Mark the cells the core refuses (row, column → its message); clear the rest."""
        old, self.problems = self.problems, dict(problems)
        # Signals blocked: a tooltip is item data too, and itemChanged must carry only
        # what the user typed (a cell being edited holds its old text until it closes).
        self.blockSignals(True)
        try:
            for r, c in set(old) | set(self.problems):
                item = self.item(r, c)
                if item is None:
                    continue
                message = self.problems.get((r, c), "")
                item.setToolTip(message)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, message)
        finally:
            self.blockSignals(False)
        self.fit_columns()   # a mark needs room too
        self.viewport().update()

    def fit_columns(self) -> None:
        """Each column as wide as its header, a short number (a date for the time) or
        its longest text, in the font now used (a zoom changes it): the input column
        is narrow, and the table scrolls sideways when it still does not fit."""
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        for c, key in enumerate(CELLS):
            texts = [SAMPLE.get(key, NUMBER_SAMPLE), self.headers[key]]
            texts += [(MARK if (r, c) in self.problems else "") + item.text()
                      for r in range(self.rowCount()) if (item := self.item(r, c)) is not None]
            header.resizeSection(c, max(metrics.horizontalAdvance(t) for t in texts) + 14)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 8)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        rows = max(ROWS_SHOWN[0], min(self.rowCount(), ROWS_SHOWN[1]))
        height = (self.horizontalHeader().sizeHint().height()
                  + rows * self.verticalHeader().defaultSectionSize()
                  + 2 * self.frameWidth())
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = self.sizeHint()
        return QSize(min(hint.width(), 160), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if self.rowCount() or not self.empty_text:
            return
        painter = QPainter(self.viewport())   # what to do, in an empty table
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(self.viewport().rect().adjusted(6, 4, -6, -4),
                         int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                         self.empty_text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()
            self.updateGeometry()

    # --- editing --------------------------------------------------------------------------
    def close_editor(self) -> None:
        """Close an open cell editor, keeping what it holds (every keystroke in it has
        reached the view model already)."""
        editor = self.delegate.editor
        if editor is not None:
            self.delegate.commitData.emit(editor)
            self.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def start_editing(self, row: int, column: int = 0) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setCurrentCell(row, column)
        self.editItem(self.item(row, column))

    def move_on(self, forward: bool) -> None:
        """The next (or previous) shown cell, or out of the table past the last (first)."""
        row, column = self.currentRow(), self.currentColumn()
        cells = [(r, c) for r in range(self.rowCount()) for c in range(self.columnCount())
                 if not self.isColumnHidden(c)]
        if (row, column) not in cells:
            return
        at = cells.index((row, column)) + (1 if forward else -1)
        if 0 <= at < len(cells):
            self.setCurrentCell(*cells[at])
        else:
            QWidget.focusNextPrevChild(self, forward)   # past the table, as Tab would

    def selected_rows(self) -> list[int]:
        """Rows selected whole (by their header), else the current row."""
        whole = sorted(i.row() for i in self.selectionModel().selectedRows())
        if whole:
            return whole
        return [self.currentRow()] if 0 <= self.currentRow() < self.rowCount() else []

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        # Tab moves through the cells, and past the last one out of the table (Qt would
        # wrap round to the first cell and keep the focus in the table for ever).
        if self.state() == QAbstractItemView.State.EditingState or not self.rowCount():
            return super().focusNextPrevChild(forward)
        self.move_on(forward)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            forward = not mods & Qt.KeyboardModifier.ShiftModifier
            if self.rowCount():
                self.move_on(forward)
            else:   # an empty table: on to the next control, as everywhere else
                QWidget.focusNextPrevChild(self, forward)
            return
        if not self.rowCount() and event.text().isprintable() and event.text() \
                and not mods & Qt.KeyboardModifier.ControlModifier:
            self.add_requested.emit(event.text())   # typing into an empty table starts it
            return
        if key == Qt.Key.Key_Delete and mods & Qt.KeyboardModifier.ControlModifier:
            self.remove_requested.emit(self.selected_rows())
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.rowCount():
            whole = sorted(i.row() for i in self.selectionModel().selectedRows())
            if whole:
                self.remove_requested.emit(whole)
                return
            for index in self.selectedIndexes() or [self.currentIndex()]:
                item = self.item(index.row(), index.column())
                if item is not None and item.text():
                    item.setText("")   # through itemChanged to the view model
            return
        super().keyPressEvent(event)

    def _on_delegate_edited(self, row: int, column: int, text: str) -> None:
        self.cell_typed.emit(row, CELLS[column], text)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        self.cell_typed.emit(item.row(), CELLS[item.column()], item.text())
        self.fit_columns()
