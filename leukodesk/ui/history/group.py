"""The earlier counts in the input column (RULES §13): the time of the current counts, the
end of the last chemotherapy, the table of earlier counts with its add / remove / paste
buttons, and what the core refuses in them.

Widgets forward what the user does to the view model and nothing else; ``sync`` sets them
from it (a case opened, Reset, a unit switch, rows added or removed). ``show_state`` is
this group's render path: :func:`history_view` of the state, painted unless it equals the
last. The clock is read here, in the window, when the first earlier count is added (the
core never reads it): the current counts get that time, which the user may change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core.content import field_help
from leukodesk.core.contract.limits import HISTORY_MAX_ROWS
from leukodesk.core.contract.units import UNIT_LABELS
from leukodesk.ui.draft import TIME_KEYS
from leukodesk.ui.history.rows import CELLS
from leukodesk.ui.history.table import HistoryTable
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.view_model import ViewModel, ViewState
from leukodesk.ui.widgets import ErrorReveal, NumberRow, add_number_row
from leukodesk.ui.window_actions import say

TITLE = "Earlier counts (trend)"
HEADERS = {"time": "Time", "wbc": "WBC", "anc": "ANC", "differential.segs_pct": "Seg%",
           "differential.bands_pct": "Band%", "platelets": "Plt", "hemoglobin_g_dl": "Hb"}
NAMES = {"time": "time", "wbc": "WBC", "anc": "ANC", "differential.segs_pct": "segmented %",
         "differential.bands_pct": "band %", "platelets": "platelets",
         "hemoglobin_g_dl": "hemoglobin"}
TIME_LABELS = {"counts_time": "Time of these counts", "last_chemo_at": "Last chemo ended"}
TIME_SAMPLE = "2026-03-14T09:30"
TIME_FORMAT = "yyyy-mm-ddThh:mm"   # a placeholder that cannot be read as a time
TYPED_FORMS = "Write 2026-03-14 or 2026-03-14T09:30 (14.03.2026 09:30 is read too)."
ADD_KEY, PASTE_KEY, REMOVE_KEY = "Ctrl+Shift+N", "Ctrl+Shift+V", "Ctrl+Del"
HINT = ("The trend projects the ANC below 0.5 within 48 h (a hint from the earlier counts: "
        "answer the question yourself).")
_KEY = re.compile(r"history\[(\d+)\](?:\.([a-z_]+(?:\.[a-z_]+)?))?$")


def now_text() -> str:
    """The time now, to the minute, as the history's times are written."""
    return datetime.now().strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class HistoryView:
    """What the group shows of a state: each refused cell (table row, cell key, message),
    the problem of each time field (None: none) and those of the history as a whole."""

    cells: tuple[tuple[int, str, str], ...] = ()
    times: tuple[str | None, ...] = (None, None)
    whole: tuple[str, ...] = ()


def history_view(state: ViewState) -> HistoryView:
    """The group's view data: the state's problems of the earlier counts (a blank patient
    is prompted, not scolded)."""
    if state.blank:
        return HistoryView()
    cells, whole = [], []
    for key, message in state.errors.items():
        match = _KEY.match(key)
        if match is not None:
            leaf = match.group(2) or "time"   # a whole row: shown on its time
            cell = leaf if leaf in CELLS else "differential.segs_pct" \
                if leaf == "differential" else "time"
            cells.append((int(match.group(1)), cell, message))
        elif key == "history":
            whole.append(message)
    return HistoryView(tuple(sorted(cells)), tuple(state.errors.get(k) for k in TIME_KEYS),
                       tuple(whole))


def projection_hint(state: ViewState) -> str | None:
    """The hint beside the 48-hour question when the core's trend projects the ANC below
    0.5 within 48 h (RULES §13); it never answers the question."""
    trend = state.assessment.trend if state.assessment is not None else None
    return HINT if trend is not None and trend.projection_below_0_5_in_48h else None


class HistoryGroup(QGroupBox):
    """The earlier counts and their times, in the input column."""

    def __init__(self, vm: ViewModel, reveal: ErrorReveal, parent: QWidget | None = None
                 ) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("history_group")
        self.setToolTip(field_help()["history"])
        self.vm = vm
        self.dialog: QDialog | None = None   # the paste dialog, once opened
        box = QVBoxLayout(self)
        grid = QGridLayout()
        self.times: dict[str, NumberRow] = {}
        for key, label in TIME_LABELS.items():
            row = add_number_row(grid, grid.rowCount(), key, label, None, self, TIME_FORMAT
                                 if key == "counts_time" else "optional", reveal)
            row.edit.DIGITS = len(TIME_FORMAT) + 3   # its letters are wider than digits
            row.edit.fit_width()
            row.edit.setMinimumWidth(row.edit.fontMetrics().horizontalAdvance(TIME_FORMAT) + 12)
            row.edit.setToolTip(f"{label}\n{field_help()[key]}\n{TYPED_FORMS}")
            row.edit.textEdited.connect(lambda text, k=key: self.vm.set_text(k, text))
            self.times[key] = row
        grid.setColumnStretch(2, 1)
        box.addLayout(grid)
        self.table = HistoryTable(HEADERS, self, self._error_colour)
        self.table.setToolTip(
            f"{field_help()['history']}\nType to fill a cell; Tab or Enter goes to the next "
            f"one. {ADD_KEY} adds a row, Delete clears a cell (or removes the rows selected "
            f"by their number), {REMOVE_KEY} removes the current row; {PASTE_KEY} pastes lab "
            "results.")
        self.table.empty_text = (f"Type an earlier count here ({ADD_KEY} adds a row), or "
                                 f"paste lab results ({PASTE_KEY}).")
        self.table.cell_typed.connect(self.vm.set_history_text)
        self.table.remove_requested.connect(self._remove)
        self.table.add_requested.connect(self.add_row)
        box.addWidget(self.table)
        self.units = QLabel(self)
        self.units.setProperty("role", "workings")
        self.units.setWordWrap(True)
        box.addWidget(self.units)
        buttons = QHBoxLayout()
        self.add_button = self._button("&Add row", ADD_KEY, "Add an earlier count", self.add_row)
        self.remove_button = self._button("Remo&ve row", None, "Remove the rows selected (or "
                                          f"the current row; {REMOVE_KEY} in the table)",
                                          lambda: self._remove(self.table.selected_rows()))
        self.paste_button = self._button("&Paste lab results…", PASTE_KEY,
                                         "Read earlier counts from text copied from a lab "
                                         "system or a spreadsheet; nothing is imported until "
                                         "you confirm", self.open_paste)
        for button in (self.add_button, self.remove_button, self.paste_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.messages = QLabel(self)
        self.messages.setObjectName("history_errors")
        self.messages.setProperty("role", "field-error")
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.PlainText)
        self.messages.setVisible(False)
        box.addWidget(self.messages)
        self.painter = Painter(self._paint)
        self._differential = False

    def _button(self, text: str, key: str | None, tip: str, slot: Callable[[], object]
                ) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(re.sub(r"\W+", "_", text.replace("&", "").lower()).strip("_")
                             + "_button")
        button.setToolTip(f"{tip} ({key})" if key else tip)
        button.clicked.connect(lambda _checked=False: slot())
        if key:   # the key works wherever the focus is in the window
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False: slot())
            self.addAction(action)
        return button

    def _error_colour(self) -> QColor:
        return self.messages.palette().color(QPalette.ColorRole.WindowText)

    # --- model → widgets ------------------------------------------------------------------
    def sync(self) -> None:
        """Set every widget from the view model without echoing changes back."""
        for key, row in self.times.items():
            if row.edit.text() != self.vm.text(key):
                row.edit.setText(self.vm.text(key))   # setText: no textEdited
        self.table.show_texts(self.vm.history.texts())
        counts = UNIT_LABELS[self.vm.unit("counts")]
        hb = UNIT_LABELS[self.vm.unit("hemoglobin")]
        self.units.setText(f"WBC, ANC and Plt in {counts}, Hb in {hb} (the units above); "
                           f"the current counts are the latest point.")
        for column, key in enumerate(CELLS):
            unit = counts if key in ("wbc", "anc", "platelets") else hb \
                if key == "hemoglobin_g_dl" else "%" if "pct" in key else TYPED_FORMS
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setToolTip(f"{NAMES[key].capitalize()}: {unit}")
        self.remove_button.setEnabled(len(self.vm.history) > 0)
        self.show_mode(self.vm.anc_mode == "differential")

    def show_mode(self, differential: bool) -> None:
        """The ANC column, or the differential's, as the current counts take it; a column
        holding text stays shown whatever the mode (it is read)."""
        self._differential = differential
        history = self.vm.history
        for column, key in enumerate(CELLS):
            if key == "anc":
                shown = not differential or history.column_has_text(key)
            elif key.startswith("differential."):
                shown = differential or history.column_has_text(key)
            else:
                shown = True
            self.table.setColumnHidden(column, not shown)

    # --- state → widgets ------------------------------------------------------------------
    def show_state(self, state: ViewState) -> None:
        self.painter.show(history_view(state))

    def _paint(self, view: HistoryView) -> None:
        self.table.show_problems({(row, CELLS.index(key)): message
                                  for row, key, message in view.cells})
        for row, message in zip(self.times.values(), view.times, strict=True):
            row.show_error(message)
        lines = [*view.whole, *(message for _r, _k, message in view.cells)]
        self.messages.setText("\n".join(lines))
        self.messages.setVisible(bool(lines))

    # --- actions --------------------------------------------------------------------------
    @Slot(str)
    def add_row(self, typed: str = "") -> None:
        """One empty row at the end, its time cell being edited (``typed``: what was typed
        into an empty table, the start of that time)."""
        self.table.close_editor()
        added = self.vm.add_history_rows([], now_text())
        if not added:
            self._say(f"The history holds at most {HISTORY_MAX_ROWS} earlier counts.")
            return
        scroll = self._scroll_area()
        if scroll is not None:
            scroll.ensureWidgetVisible(self.table)
        self.table.start_editing(added[0], 0)
        editor = self.table.delegate.editor
        if typed and editor is not None:
            editor.insert(typed)
            editor.textEdited.emit(editor.text())

    def _remove(self, rows: list[int]) -> None:
        self.table.close_editor()
        gone = self.vm.remove_history_rows(rows)
        if gone:
            self._say("Removed " + ", ".join(f"row {r + 1}" for r in gone)
                      + " of the earlier counts.")
            if self.table.rowCount():
                self.table.setCurrentCell(min(gone[0], self.table.rowCount() - 1), 0)

    @Slot()
    def open_paste(self) -> None:
        """The paste dialog (window-modal); it imports only when the user confirms."""
        # start-up: the dialog and the lab report parser load when first used
        from leukodesk.ui.history.paste_dialog import PasteDialog

        self.table.close_editor()
        if self.dialog is not None:
            self.dialog.deleteLater()   # the last one, closed
        dialog = self.dialog = PasteDialog(self.vm, lambda: now_text(), self.window())
        dialog.imported.connect(self._on_dialog_imported)
        dialog.open()

    @Slot(int)
    def _on_dialog_imported(self, count: int) -> None:
        self._say(f"Imported {count} earlier count{'s' if count != 1 else ''} from the lab "
                  "results.")

    def _scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _say(self, message: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            say(window, message)
