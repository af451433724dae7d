"""The Prophylaxis tab (RULES §14): G-CSF prophylaxis before a cycle, keyboard first.

Inputs on the left, in Tab order: the regimen's FN risk (a percentage, or a category),
the age, a dose-dense regimen, the twelve ASCO 2015 patient risk factors and previous
FN (Space ticks a box), the prior cycle's two yes / no / unknown questions, and
chemoradiation to the mediastinum. The decision on the right, in words, with its
sources and "Why?". "Dose this product…" brings the dose panel forward with the focus
on its product. It sits beside "Platelets and dose" in the results' tabs (Alt+Y).

The path is the house's: the inputs make a :class:`~.prophylaxis_view.ProphylaxisDraft`,
:func:`~.prophylaxis_view.prophylaxis_view` asks the core and gives frozen view data,
painted behind a :class:`~leukodesk.ui.panels.painter.Painter`; this module computes
nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core.contract.limits import PROPHYLAXIS_LIMITS
from leukodesk.core.formats.prophylaxis_words import factor_names
from leukodesk.ui.fence import FencedLabel, LayoutFence, TonedFence
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.panels.prophylaxis_view import (
    ProphylaxisDraft,
    ProphylaxisView,
    filled_result,
    prophylaxis_view,
    with_factor,
)
from leukodesk.ui.widgets import OpaqueScrollBar, fill_combo, range_text, set_state

if TYPE_CHECKING:
    from leukodesk.core.dosing.prophylaxis import ProphylaxisResult
    from leukodesk.ui.view_state import ViewState

TITLE = "Proph&ylaxis"
CATEGORIES = [("(use the percentage)", ""), ("High", "high"),
              ("Intermediate", "intermediate"), ("Low", "low")]
ANSWERS = [("Unknown", "unknown"), ("Yes", "yes"), ("No", "no")]
# The results, top to bottom: field of the view → (accessible name, bold).
RESULTS = {"primary": ("Primary prophylaxis", True), "context": ("The regimen alone", False),
           "basis": ("Why primary", False), "secondary": ("Secondary prophylaxis", True),
           "factors": ("Risk factors counted", False), "warnings": ("Warnings", False),
           "notes": ("Notes", False), "sources": ("Sources", False), "why": ("Why?", False)}


class ProphylaxisPanel(QWidget):
    """Primary and secondary G-CSF prophylaxis before a cycle, with the factors counted."""

    dose_requested = Signal()  # "Dose this product…": the window brings the dose panel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prophylaxis_section")
        self.tabs: QTabWidget | None = None
        self.draft = ProphylaxisDraft()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("prophylaxis_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setVerticalScrollBar(OpaqueScrollBar(Qt.Orientation.Vertical))
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(6, 6, 6, 6)
        left, right = QVBoxLayout(), QVBoxLayout()
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        self._inputs(left)
        self._results(right)
        scroll.setWidget(page)
        outer.addWidget(scroll)
        self.painter: Painter[ProphylaxisView] = Painter(self._paint)
        # The first result when the tab is first shown or typed in (the engine is not
        # loaded before the window's first frame).

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.painter.painted is None:
            self._refresh()
        super().showEvent(event)

    # --- inputs -----------------------------------------------------------------------------
    def _inputs(self, column: QVBoxLayout) -> None:
        grid = QGridLayout()
        column.addLayout(grid)
        self.pct = self._edit(grid, 0, "regimen_fn_risk_pct", "Regimen FN risk")
        grid.addWidget(QLabel("or category", self), 0, 3)
        self.category = self._combo("regimen_risk_category", "Regimen FN risk category",
                                    CATEGORIES)
        grid.addWidget(self.category, 0, 4)
        self.age = self._edit(grid, 3, "age_years", "Age")
        # Each field's problem on the line under it (the category's under the percentage).
        self.errors: dict[str, QLabel] = {}
        for key, line in (("regimen_fn_risk_pct", 1), ("regimen_risk_category", 1),
                          ("age_years", 4)):
            label = QLabel(self)
            label.setObjectName(f"prophylaxis_{key}_error")
            label.setProperty("role", "field-error")
            label.setWordWrap(True)
            label.setVisible(False)
            self.errors[key] = label
            grid.addWidget(label, line + (key == "regimen_risk_category"), 0, 1, 5)
        grid.setColumnStretch(5, 1)
        self.dense = self._box("dose_dense", "Dose-dense regimen with a survival benefit",
                               lambda on: replace(self.draft, dense=on))
        column.addWidget(self.dense)
        group = QGroupBox("Patient risk factors (ASCO 2015) and previous FN", self)
        boxes = QGridLayout(group)
        boxes.setVerticalSpacing(2)
        self.factors: dict[str, QCheckBox] = {}
        for n, (code, name) in enumerate(factor_names().items()):
            if code == "previous_fn":
                box = self._box(code, name, lambda on: replace(self.draft, previous_fn=on))
            else:
                box = self._box(code, name, lambda on, c=code: with_factor(self.draft, c, on))
            self.factors[code] = box
            boxes.addWidget(box, n, 0)  # one column: the tab fits a 1024-pixel window
        column.addWidget(group)
        prior = QGridLayout()
        column.addLayout(prior)
        self.complication = self._combo("complication", "Neutropenic complication in the "
                                        "prior cycle, without CSF prophylaxis", ANSWERS)
        self.compromise = self._combo("compromise", "A reduced dose would compromise the "
                                      "outcome", ANSWERS)
        for n, combo in enumerate((self.complication, self.compromise)):
            name = QLabel(combo.accessibleName(), self)
            name.setWordWrap(True)
            name.setBuddy(combo)
            prior.addWidget(name, n, 0)
            prior.addWidget(combo, n, 1)
        prior.setColumnStretch(0, 1)
        self.chemoradiation = self._box("chemoradiation", "Concurrent chemoradiation "
                                        "involving the mediastinum",
                                        lambda on: replace(self.draft, chemoradiation=on))
        column.addWidget(self.chemoradiation)
        self.dose_button = QPushButton("Dose this product…", self)
        self.dose_button.setObjectName("prophylaxis_dose_button")
        self.dose_button.setToolTip("Bring the dose calculator forward, on its product "
                                    "choice: the dose and its timing are worked out there.")
        self.dose_button.clicked.connect(self.dose_requested)
        column.addWidget(self.dose_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

    def _edit(self, grid: QGridLayout, row: int, key: str, label: str) -> QLineEdit:
        lim = PROPHYLAXIS_LIMITS[key]
        name = QLabel(label, self)
        edit = QLineEdit(self)
        edit.setObjectName(f"prophylaxis_{key}_edit")
        # The patient's age has a field of its own in the input column.
        edit.setAccessibleName(label if key != "age_years" else "Age (prophylaxis)")
        edit.setToolTip(f"{label}. Allowed: {range_text(lim, None)}. Leave empty if unknown.")
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("000.00") + 16)
        name.setBuddy(edit)
        edit.textEdited.connect(lambda _t: self._on_input_changed())
        edit.returnPressed.connect(edit.focusNextChild)
        grid.addWidget(name, row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(QLabel(lim.unit_label, self), row, 2)
        return edit

    def _combo(self, key: str, label: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"prophylaxis_{key}_combo")
        combo.setAccessibleName(label)
        combo.setProperty("invalid", False)
        fill_combo(combo, items)
        combo.currentIndexChanged.connect(lambda _i: self._on_input_changed())
        return combo

    def _box(self, key: str, text: str, changed: object) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(f"prophylaxis_{key}_check")
        box.toggled.connect(lambda on: self._set(changed(on)))  # type: ignore[operator]
        return box

    # --- results ----------------------------------------------------------------------------
    def _results(self, column: QVBoxLayout) -> None:
        self.labels: dict[str, FencedLabel] = {}
        self.fences: dict[str, LayoutFence] = {}
        for name, (accessible, bold) in RESULTS.items():
            label = FencedLabel()
            label.setObjectName(f"prophylaxis_{name}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setAccessibleName(accessible)
            if bold:
                label.setProperty("kind", "urgent")  # bold (style.qss)
            elif name in ("sources", "why", "notes"):
                label.setProperty("role", "workings")
            fence = (TonedFence if name == "primary" else LayoutFence)(
                label, 0, exact=True, opaque=False)
            if name == "primary":
                label.setContentsMargins(8, 2, 2, 2)  # room for the tone's bar
            fence.hide()
            self.labels[name], self.fences[name] = label, fence
            column.addWidget(fence)
            if name == "sources":
                self.why_button = QPushButton("Why?", self)
                self.why_button.setObjectName("prophylaxis_why_button")
                self.why_button.setCheckable(True)
                self.why_button.toggled.connect(lambda _on: self._refresh())
                column.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

    # --- the one path: draft → view → paint ---------------------------------------------------
    def _set(self, draft: ProphylaxisDraft) -> None:
        self.draft = draft
        self._refresh()

    @Slot()
    def _on_input_changed(self) -> None:
        self._set(replace(self.draft, pct=self.pct.text(), age=self.age.text(),
                          category=self.category.currentData(),
                          complication=self.complication.currentData(),
                          compromise=self.compromise.currentData()))

    def _refresh(self) -> None:
        self.painter.show(prophylaxis_view(self.draft, self.why_button.isChecked()))

    def _paint(self, view: ProphylaxisView) -> None:
        errors = dict(view.errors)
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        for key, widget in (("regimen_fn_risk_pct", self.pct), ("age_years", self.age),
                            ("regimen_risk_category", self.category)):
            set_state(widget, "invalid", key in errors)
        for name, fence in self.fences.items():
            text = getattr(view, name)
            fence.set_text(text)
            if fence.isHidden() == bool(text):
                fence.setVisible(bool(text))
        self.fences["primary"].set_tone(view.tone)  # type: ignore[attr-defined]

    def show_state(self, state: ViewState) -> None:
        """The patient's age as the assessment used it: the age when the tab's own Age is
        empty (its placeholder shows it)."""
        a = state.assessment
        age = None if a is None else a.inputs.age_years
        if age != self.draft.patient_age:
            self.age.setPlaceholderText("" if age is None else f"{age:g} (the patient's)")
            self._set(replace(self.draft, patient_age=age))

    def result(self) -> ProphylaxisResult | None:
        """The decision for the worksheet, when the tab is filled in and valid."""
        return filled_result(self.draft)

    def reset(self) -> None:
        """Every input back to empty (a blank patient), painted once."""
        widgets = [self.pct, self.age, self.category, self.complication, self.compromise,
                   self.dense, self.chemoradiation, self.why_button, *self.factors.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.pct.clear()
        self.age.clear()
        for combo in (self.category, self.complication, self.compromise):
            combo.setCurrentIndex(0)
        for box in (self.dense, self.chemoradiation, self.why_button, *self.factors.values()):
            box.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._set(ProphylaxisDraft(patient_age=self.draft.patient_age))  # the patient's stays

    def attach(self, tabs: QTabWidget) -> None:
        """Sit in ``tabs``: coming forward takes the focus to the first input."""
        self.tabs = tabs
        tabs.currentChanged.connect(self._on_tab_changed)

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs is not None and self.tabs.currentWidget() is self \
                and not self.isAncestorOf(QApplication.focusWidget() or self):
            self.pct.setFocus(Qt.FocusReason.TabFocusReason)
