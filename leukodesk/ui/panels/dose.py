"""The filgrastim panel: weight, indication, product, presentations and tolerance in;
dose, presentation, volume, tolerance flag and the substituted formula out.

The inputs are set from the view model (``sync``, after a unit switch, reset or case); what
the panel shows of a result is :class:`DoseView`, from :func:`dose_view` of the state,
painted behind the panel's :class:`~leukodesk.ui.panels.painter.Painter`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from leukodesk.core.contract.units import UNIT_LABELS, WeightUnit, to_decimal
from leukodesk.core.dosing.products import BRANDS
from leukodesk.core.formats.display import format_dose
from leukodesk.core.rules.thresholds import COUNT
from leukodesk.ui.draft import DOSE_TIMES
from leukodesk.ui.fence import FencedLabel, LayoutFence, TonedFence
from leukodesk.ui.panels.advice_list import PlainTextLabel
from leukodesk.ui.panels.inputs import field_problem
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.view_model import ViewModel, ViewState
from leukodesk.ui.widgets import (
    ErrorReveal,
    NumberRow,
    add_number_row,
    fill_combo,
    select_data,
    set_state,
    tooltip,
)

if TYPE_CHECKING:
    from leukodesk.core.dosing.models import DoseResult

INDICATIONS = [("Chemotherapy-induced neutropenia (5 mcg/kg/day)", "chemotherapy"),
               ("Myeloablative chemotherapy + BMT (10 mcg/kg/day IV)", "bmt"),
               ("Progenitor-cell mobilisation (10 mcg/kg/day)", "mobilization"),
               ("Severe chronic neutropenia, congenital (6 mcg/kg twice daily)",
                "scn_congenital"),
               ("Severe chronic neutropenia, idiopathic/cyclic (5 mcg/kg/day)",
                "scn_idiopathic_cyclic"),
               ("Acute radiation syndrome (10 mcg/kg/day)", "h_ars")]
PRODUCTS = [("Filgrastim (reference/biosimilar)", "filgrastim"),
            ("Tbo-filgrastim", "tbo_filgrastim"), ("Pegfilgrastim", "pegfilgrastim"),
            ("Eflapegrastim (13.2 mg fixed)", "eflapegrastim"),
            ("Efbemalenograstim alfa (20 mg)", "efbemalenograstim"),
            ("Lipegfilgrastim (6 mg fixed)", "lipegfilgrastim")]
NO_BRAND = ("None (standard set)", "")
# A brand selects its molecule (RULES §15), which the product box then shows.
BRAND_ITEMS = [NO_BRAND, *((b.name, key.value) for key, b in BRANDS.items())]
BRAND_PRODUCT = {key.value: b.product.value for key, b in BRANDS.items()}
# Dose inputs without a field of their own: their problems show under the choices.
CHOICE_KEYS = ("indication", "product", "brand", "presentation_set", "past_nadir",
               "ordered_dose_mcg", "ordered_dose_mg", "")
PAST_NADIR = [("Unknown", "unknown"), ("Passed", "yes"), ("Not yet", "no")]
NO_DOSE_YET = "No dose: enter a weight and the counts."
NO_DOSE_INVALID = "No dose while an input is invalid."
NO_DOSE_FIX = "Filgrastim dose: not assessed — fix Weight."
PRESENTATION_SETS = [("US prefilled syringes", "us_syringes"), ("US vials", "us_vials"),
                     ("EU prefilled syringes (0.5 mL)", "eu_syringes"),
                     # no set named: what the site configuration stocks (RULES §16)
                     ("This site's stock (site configuration)", "")]


@dataclass(frozen=True)
class DoseView:
    """Everything the dose panel shows of a result: the action line (the one line to act
    on, shown first and large; empty without a dose), the problems of its fields and its
    choices (and which choices are marked invalid), the result lines and their tone
    ("none", "ok", "warning"), the workings, and whether the result and workings go back
    to their first size (a blank patient)."""

    action: str
    weight_error: tuple[str, str | None] | None
    tolerance_error: str | None
    anc_error: str | None
    time_errors: tuple[tuple[str, str | None] | None, ...]   # of the DOSE_TIMES fields
    choice_error: str
    invalid_choices: tuple[str, ...]
    presentations_apply: bool     # off for a brand (its own) and the mg products (one syringe)
    result: str
    tone: str
    formula: str
    relax: bool


def dose_view(state: ViewState) -> DoseView:
    """What the dose panel shows for a state."""
    errors, d = state.errors, state.dose
    action = "" if d is None else d.action
    if d is not None:
        tone = "ok" if d.within_tolerance is not False else "warning"
        # (while a refused site file is unconfirmed the core itself gives no presentation
        # or volume, RULES §16)
        result, formula = dose_summary(d), "\n".join(d.workings)
    else:
        # Nothing wrong and no weight typed: the dose waits for one.
        waiting = state.blank or not (errors if state.assessment is None else (
            "weight_kg" in state.document or "weight_kg" in errors))
        tone, formula = "none", ""
        result = NO_DOSE_YET if waiting else NO_DOSE_INVALID
        if not waiting and "weight_kg" in errors and state.assessment is not None:
            result = NO_DOSE_FIX  # only the dose needs the weight (RULES §2a)
    return DoseView(
        action, field_problem(state, "weight_kg"), errors.get("tolerance_pct"),
        errors.get("latest_anc"),
        tuple(field_problem(state, k) for k in DOSE_TIMES.values()),
        "\n".join(errors[k] for k in CHOICE_KEYS if k in errors),
        tuple(k for k in ("indication", "product", "brand", "presentation_set")
              if k in errors),
        d is None or (d.brand is None and d.dose_mg is None),
        result, tone, formula, state.blank)


class DosePanel(QGroupBox):
    def __init__(self, vm: ViewModel, parent: QWidget | None = None) -> None:
        super().__init__("Filgrastim / G-CSF dose", parent)
        self.vm = vm
        self.inputs_shown = True  # off while presenting with the inputs' drawer closed
        grid = QGridLayout(self)
        # The one line to act on, first and large (RULES §10, 2026.2); the workings below.
        # Two lines are kept for it, so a new dose never moves the panels around it.
        self.action = FencedLabel()
        self.action.setObjectName("dose_action_label")
        self.action.setAccessibleName("Dose to give")
        self.action.setProperty("role", "dose-action")
        self.action.setWordWrap(True)
        self.action.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # large and bold from the stylesheet, so that zoom and presentation scale it too
        self.action_fence = LayoutFence(self.action, 2)
        grid.addWidget(self.action_fence, 0, 0, 1, 6)
        self.reveal = ErrorReveal(self)
        self.weight = add_number_row(grid, 1, "weight_kg", "Weight", vm.unit("weight"), self,
                                     reveal=self.reveal)
        self.weight.edit.textEdited.connect(lambda t: vm.set_text("weight_kg", t))
        self.weight.error.linkActivated.connect(lambda _link: vm.apply_fix("weight_kg"))
        self.weight_unit = QComboBox(self)
        self.weight_unit.setObjectName("weight_unit_combo")
        self.weight_unit.setAccessibleName("Weight unit")
        fill_combo(self.weight_unit, [(UNIT_LABELS[u], u.value) for u in WeightUnit])
        self.weight_unit.currentIndexChanged.connect(self._on_weight_unit_changed)
        grid.addWidget(self.weight_unit, 1, 2)
        # Tolerance on the weight's line: the panel has to fit under the advice at 768 px.
        self.tolerance = add_number_row(grid, 1, "tolerance_pct", "Tolerance", None, self,
                                        placeholder="10", reveal=self.reveal)
        for col, widget in enumerate((self.tolerance.label, self.tolerance.edit,
                                      self.tolerance.unit), start=3):
            grid.addWidget(widget, 1, col)
        grid.addWidget(self.tolerance.error, 2, 3, 1, 3)
        self.weight.error.setParent(self)
        grid.addWidget(self.weight.error, 2, 0, 1, 3)
        self.tolerance.edit.textEdited.connect(lambda t: vm.set_text("tolerance_pct", t))
        self.combos: dict[str, QComboBox] = {}
        # Product and brand each on a line of their own: their names are never cut short.
        places = {"indication": (3, 0, 5), "product": (4, 0, 5), "brand": (5, 0, 5),
                  "presentation_set": (6, 0, 5)}
        for key, label, items in (("indication", "Indication", INDICATIONS),
                                  ("product", "Product", PRODUCTS),
                                  ("brand", "Brand", BRAND_ITEMS),
                                  ("presentation_set", "Presentations", PRESENTATION_SETS)):
            name = QLabel(label, self)
            combo = QComboBox(self)
            combo.setObjectName(f"{key}_combo")
            combo.setProperty("invalid", False)  # so the first render need not re-polish
            combo.setAccessibleName(label)
            fill_combo(combo, items)
            if key == "product":   # the molecule's name is never cut short
                combo.setMinimumContentsLength(max(len(text) for text, _ in items))
            name.setBuddy(combo)
            combo.currentIndexChanged.connect(
                lambda _i, k=key, c=combo: self._on_choice_changed(k, c.currentData()))
            row, col, span = places[key]
            grid.addWidget(name, row, col)
            grid.addWidget(combo, row, col + 1, 1, span)
            self.combos[key] = combo
        # The stop rule's inputs (RULES §10): an ANC above 10 stops only after the nadir.
        self.latest_anc = add_number_row(grid, 7, "latest_anc", "Latest ANC", None, self,
                                         reveal=self.reveal)
        self.latest_anc.unit.setText(COUNT)
        self.latest_anc.edit.setToolTip("The latest ANC, ×10⁹/L, for the stop rule")
        self.latest_anc.edit.textEdited.connect(lambda t: vm.set_text("latest_anc", t))
        grid.addWidget(self.latest_anc.error, 8, 0, 1, 6)
        # The indication's own time (RULES §10): shown for the indication that reads it.
        self.times: dict[str, NumberRow] = {}
        labels = {"bmt_infusion_at": "Marrow infusion", "first_apheresis_at": "First apheresis"}
        for key in DOSE_TIMES.values():
            label = labels[key]
            row = add_number_row(grid, 9, key, label, None, self, "yyyy-mm-dd hh:mm",
                                 reveal=self.reveal)
            row.edit.setMinimumWidth(row.edit.fontMetrics().horizontalAdvance(
                "yyyy-mm-ddThh:mm") + 12)
            grid.addWidget(row.error, 10, 0, 1, 6)
            row.edit.textEdited.connect(lambda t, k=key: vm.set_text(k, t))
            self.times[key] = row
        nadir_name = QLabel("Nadir", self)
        nadir = QComboBox(self)
        nadir.setObjectName("past_nadir_combo")
        nadir.setAccessibleName("Has the nadir passed?")
        nadir.setProperty("invalid", False)
        fill_combo(nadir, PAST_NADIR)
        nadir_name.setBuddy(nadir)
        nadir.currentIndexChanged.connect(
            lambda _i: self._on_choice_changed("past_nadir", nadir.currentData()))
        grid.addWidget(nadir_name, 7, 3)
        grid.addWidget(nadir, 7, 4, 1, 2)
        self.combos["past_nadir"] = nadir
        # A problem with the choices (e.g. tbo-filgrastim for a transplant) shows here.
        self.choice_error = QLabel(self)
        self.choice_error.setObjectName("dose_choice_error")
        self.choice_error.setProperty("role", "field-error")
        self.choice_error.setWordWrap(True)
        self.choice_error.setVisible(False)
        grid.addWidget(self.choice_error, 11, 0, 1, 6)
        self.result = FencedLabel()
        self.result.setObjectName("dose_result_label")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Dose result")
        self.formula = PlainTextLabel()
        self.formula.setProperty("role", "workings")
        self.formula.setObjectName("dose_formula_view")
        self.formula.setAccessibleName("Dose workings")
        self.formula_fence = LayoutFence(self.formula, 4)
        self.result_fence = TonedFence(self.result, 3)
        grid.addWidget(self.result_fence, 12, 0, 1, 6)
        grid.addWidget(self.formula_fence, 13, 0, 1, 6)
        grid.setRowStretch(14, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        self.painter = Painter(self._paint)
        self.sync()
        vm.texts_replaced.connect(lambda _t: self.sync())

    def _on_choice_changed(self, key: str, value: str) -> None:
        """A brand brings its molecule; a product that is not the brand's drops the brand
        (one change either way: the window never asks the core for a contradiction)."""
        brand, product = self.vm.choice("brand"), self.vm.choice("product")
        if key == "brand" and value and BRAND_PRODUCT[value] != product:
            self.vm.set_choices({"brand": value, "product": BRAND_PRODUCT[value]})
        elif key == "product" and brand and BRAND_PRODUCT[brand] != value:
            self.vm.set_choices({"product": value, "brand": ""})
        else:
            self.vm.set_choice(key, value)
        self.sync()

    def _show_times(self) -> None:
        """The time field of the chosen indication (none for the others): a choice on
        screen, not a result."""
        wanted = DOSE_TIMES.get(self.vm.choice("indication"))
        for key, row in self.times.items():
            row.set_visible(self.inputs_shown and key == wanted)

    def show_inputs(self, shown: bool) -> None:
        """Show or hide the panel's inputs (presentation mode's drawer): its number rows,
        its choices with their names, and the indication's time field for its indication;
        an error line under a field comes back with its field."""
        self.inputs_shown = shown
        for row in (self.weight, self.tolerance, self.latest_anc):
            row.set_visible(shown)
        choices = [self.weight_unit, *self.combos.values()]
        names = [label for label in self.findChildren(QLabel) if label.buddy() in choices]
        for widget in (*choices, *names):
            widget.setVisible(shown)
        self._show_times()

    @Slot(int)
    def _on_weight_unit_changed(self, _index: int) -> None:
        self.vm.set_unit("weight", WeightUnit(self.weight_unit.currentData()))

    def sync(self) -> None:
        vm = self.vm
        for row in (self.weight, self.tolerance, self.latest_anc, *self.times.values()):
            row.edit.blockSignals(True)
            if row.edit.text() != vm.text(row.key):
                row.edit.setText(vm.text(row.key))
            row.edit.blockSignals(False)
        unit = vm.unit("weight")
        self.weight.unit.setText("")
        self.weight.edit.setToolTip(tooltip("weight_kg", "Weight", unit))
        self._show_times()
        for combo, value in ((self.weight_unit, unit.value),
                             *((c, vm.choice(k)) for k, c in self.combos.items())):
            combo.blockSignals(True)
            select_data(combo, value)
            combo.blockSignals(False)

    def show_state(self, state: ViewState) -> None:
        self.painter.show(dose_view(state))

    def _paint(self, view: DoseView) -> None:
        self.action_fence.set_text(view.action)
        self.weight.show_error(*(view.weight_error or (None, None)))
        self.tolerance.show_error(view.tolerance_error)
        self.latest_anc.show_error(view.anc_error)
        for row, problem in zip(self.times.values(), view.time_errors, strict=True):
            row.show_error(*(problem or (None, None)))
        self.choice_error.setText(view.choice_error)
        self.choice_error.setVisible(bool(view.choice_error))
        for key, combo in self.combos.items():
            set_state(combo, "invalid", key in view.invalid_choices)
        self.combos["presentation_set"].setEnabled(view.presentations_apply)
        self.result_fence.set_tone(view.tone)
        self.result_fence.set_text(view.result)
        self.formula_fence.set_text(view.formula)
        if view.relax:
            self.action_fence.relax()
            self.result_fence.relax()
            self.formula_fence.relax()


def dose_summary(d: DoseResult) -> str:
    """The result lines: dose, presentation, volume, tolerance, what to give, warnings."""
    # Start-up boundary: the dose engine's words load with the first dose.
    from leukodesk.core.dosing.summary import dose_words, nearest_words, timing_lines

    lines = [f"Dose: {dose_words(d)}"]
    if d.dose_mg is None:
        lines.append(f"Nearest: {nearest_words(d)}")
        if d.within_tolerance is not None:
            lines.append(f"{'✔ Within' if d.within_tolerance else '✖ Outside'} "
                         f"±{format_dose(to_decimal(d.tolerance_pct))} %")
    lines.append(f"→ {d.statement}")
    lines += timing_lines(d)
    lines += [f"⚠ {w.message} [{', '.join(w.sources)}]" for w in d.warnings]
    return "\n".join(lines)
