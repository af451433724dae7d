"""The input panels: counts, patient and risk factors, laboratory limits.

Widgets only forward what the user did to the view model; ``sync`` sets every widget
from the model (signals blocked) after a unit switch or a reset; ``render`` shows each
field's problem under it (the panel's view data: :func:`field_errors`).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from leukodesk.core.content import field_help
from leukodesk.core.contract.units import (
    UNIT_LABELS,
    CountUnit,
    HemoglobinUnit,
    TemperatureUnit,
    from_canonical,
)
from leukodesk.core.formats.display import plain
from leukodesk.core.rules.thresholds import FEVER_SUSTAINED_FROM
from leukodesk.ui.draft import FN_RISK_SBP
from leukodesk.ui.history.group import HistoryGroup, projection_hint
from leukodesk.ui.panels.fn_risk_inputs import FnRiskInputs
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.partial import group_of, without_offer
from leukodesk.ui.site_state import lln_default
from leukodesk.ui.view_model import ViewModel, ViewState
from leukodesk.ui.widgets import (
    ErrorReveal,
    NumberRow,
    add_number_row,
    fill_combo,
    select_data,
    tooltip,
)

DIAGNOSES = [("None", "none"), ("Solid tumour", "solid_tumour"),
             ("MDS, lower risk", "mds_lower_risk"), ("MDS, higher risk", "mds_higher_risk"),
             ("CMML", "cmml"), ("CMML, myeloproliferative", "cmml_myeloproliferative"),
             ("AML", "aml"), ("ALL", "all"), ("APL", "apl"),
             ("Other haematological", "other_haematological")]
PROCEDURES = [("None planned", "none"), ("Central line", "central_line"),
              ("Lumbar puncture", "lumbar_puncture"), ("Major surgery", "major_surgery"),
              ("Neurosurgery or posterior eye", "neurosurgery_posterior_eye")]
FALL_48H = [("Unknown", "unknown"), ("Yes", "yes"), ("No", "no")]
BLEEDING = [("None", "none"), ("Clinically significant (WHO 2)", "clinically_significant"),
            ("Severe or critical site (WHO 3–4, CNS, eye)", "severe_or_critical_site")]
FLAGS = [("fever_sustained_1h",
          f"Sustained ≥ {FEVER_SUSTAINED_FROM.value} °C for 1 hour"),
         ("systemic_infection_signs", "Signs of systemic infection"),
         ("uncontrolled_primary_disease", "Uncontrolled primary disease"),
         ("myelosuppressive_chemo", "On myelosuppressive chemotherapy"),
         ("anthracycline_chemo", "Anthracycline-containing chemotherapy"),
         ("duffy_null", "Duffy-null phenotype confirmed")]
COUNT_ROWS = [("wbc", "WBC"), ("anc", "ANC"), ("differential.segs_pct", "Segmented %"),
              ("differential.bands_pct", "Bands %"), ("differential.lymphs_pct", "Lymphocytes %"),
              ("differential.monos_pct", "Monocytes %"), ("lymphocytes", "Lymphocytes"),
              ("monocytes", "Monocytes"), ("platelets", "Platelets")]
# The placeholders show the defaults in force (a site's, or RULES §3's) in the unit chosen:
# sync().
LLN_ROWS = [("lln.wbc", "WBC"), ("lln.anc", "ANC"), ("lln.lymphocytes", "Lymphocytes"),
            ("lln.platelets", "Platelets"), ("lln.hemoglobin", "Hemoglobin")]
UNIT_CHOICES: dict[str, list[Enum]] = {
    "counts": list(CountUnit), "hemoglobin": list(HemoglobinUnit),
    "temperature": list(TemperatureUnit),
}
# Every number field of the panel, top to bottom.
FIELD_KEYS = (*(k for k, _ in COUNT_ROWS), "hemoglobin_g_dl",
              "temperature_c", "expected_neutropenia_days", "age_years", FN_RISK_SBP,
              *(k for k, _ in LLN_ROWS))
# The values read off a lab report and the chart, in the order Enter goes through them with
# no selector between (the unit selectors and the ANC mode come before them). The systolic
# pressure is one of the FN risk items: Enter there goes on to the next item.
LAB_KEYS = tuple(k for k in FIELD_KEYS if k != FN_RISK_SBP)
UNIT_TITLES = {"counts": "Count unit", "hemoglobin": "Hb unit",
               "temperature": "Temperature unit"}


def field_errors(state: ViewState) -> tuple[tuple[str, str | None] | None, ...]:
    """The problem shown under each field of :data:`FIELD_KEYS` and the one-click reading
    a unit slip offers (None: no problem). A blank patient is prompted, not scolded: no
    field shows one."""
    if state.blank:
        return (None,) * len(FIELD_KEYS)
    return tuple(field_problem(state, key) for key in FIELD_KEYS)


def field_problem(state: ViewState, key: str) -> tuple[str, str | None] | None:
    """One field's problem and its fix's words, as its line shows them."""
    message = state.errors.get(key)
    if message is None:
        return None
    fix = state.fixes.get(key)
    return (message, None) if fix is None else (without_offer(message), fix.label)


def unit_combo(group: str, parent: QWidget, choices: list[Enum]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(f"{group}_unit_combo")
    combo.setAccessibleName(f"{group.capitalize()} unit")
    fill_combo(combo, [(UNIT_LABELS[u], u.value) for u in choices])
    return combo


class InputPanel(QWidget):
    """Counts, patient and risk factors, and laboratory limits, top to bottom."""

    def __init__(self, vm: ViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.rows: dict[str, NumberRow] = {}
        self.reveal = ErrorReveal(self)
        self.unit_combos: dict[str, QComboBox] = {}
        self.flags: dict[str, QCheckBox] = {}
        self.choices: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._counts_group())
        layout.addWidget(self._risk_group())
        # RULES §13: below the risk factors, so that the temperature stays near the counts
        self.history = HistoryGroup(vm, self.reveal, self)
        layout.addWidget(self.history)
        self.fn_risk = FnRiskInputs(vm, self, self._number)  # RULES §11
        layout.addWidget(self.fn_risk.group)
        layout.addWidget(self._lln_group())
        layout.addStretch(1)
        if tuple(self.rows) != FIELD_KEYS:  # a field its view data would not cover
            raise RuntimeError(f"FIELD_KEYS {FIELD_KEYS} are not the fields {tuple(self.rows)}")
        self.painter = Painter(self._paint)
        self.hint_painter = Painter(self._paint_hint)
        self.sync()
        vm.texts_replaced.connect(self._on_vm_texts_replaced)

    # --- building -------------------------------------------------------------------------
    def _number(self, grid: QGridLayout, key: str, label: str, group: str | None,
                placeholder: str = "") -> NumberRow:
        unit = self.vm.unit(group) if group else None
        row = add_number_row(grid, grid.rowCount(), key, label, unit, self, placeholder,
                             self.reveal)
        row.edit.textEdited.connect(lambda text, k=key: self.vm.set_text(k, text))
        row.error.linkActivated.connect(lambda _link, k=key: self.vm.apply_fix(k))
        self.rows[key] = row
        return row

    def _unit_selectors(self, box: QVBoxLayout) -> None:
        """The three unit selectors above the fields, so none sits between the values a
        clinician types in a row."""
        grid = QGridLayout()
        for i, (group, title) in enumerate(UNIT_TITLES.items()):
            name = QLabel(title, self)
            combo = unit_combo(group, self, UNIT_CHOICES[group])
            name.setBuddy(combo)
            combo.currentIndexChanged.connect(lambda _i, g=group, c=combo: self.vm.set_unit(
                g, next(u for u in UNIT_CHOICES[g] if u.value == c.currentData())))
            grid.addWidget(name, i, 0)
            grid.addWidget(combo, i, 1)
            self.unit_combos[group] = combo
        grid.setColumnStretch(2, 1)
        box.addLayout(grid)

    def _counts_group(self) -> QGroupBox:
        group = QGroupBox("Blood counts", self)
        box = QVBoxLayout(group)
        self._unit_selectors(box)
        mode = QHBoxLayout()
        self.anc_radio = QRadioButton("ANC given", group)
        self.diff_radio = QRadioButton("From a differential", group)
        self.anc_radio.setToolTip("Enter the absolute neutrophil count directly.")
        self.diff_radio.setToolTip("Enter the differential; the ANC is computed from it.")
        self.mode_buttons = QButtonGroup(self)
        self.mode_buttons.addButton(self.anc_radio)
        self.mode_buttons.addButton(self.diff_radio)
        self.anc_radio.toggled.connect(self._on_mode_toggled)
        mode.addWidget(QLabel("Neutrophils:", group))
        mode.addWidget(self.anc_radio)
        mode.addWidget(self.diff_radio)
        mode.addStretch(1)
        box.addLayout(mode)
        grid = QGridLayout()  # Tab order follows creation, top to bottom
        for key, label in COUNT_ROWS:
            self._number(grid, key, label, None if "_pct" in key else "counts")
        self._number(grid, "hemoglobin_g_dl", "Hemoglobin", "hemoglobin")
        box.addLayout(grid)
        return group

    def _risk_group(self) -> QGroupBox:
        group = QGroupBox("Patient and risk factors", self)
        box = QVBoxLayout(group)
        grid = QGridLayout()  # the temperature follows the hemoglobin with nothing between
        self._number(grid, "temperature_c", "Temperature", "temperature")
        self._number(grid, "expected_neutropenia_days", "Expected neutropenia", None)
        self._number(grid, "age_years", "Age", None)
        box.addLayout(grid)
        for key, label in FLAGS:
            check = QCheckBox(label, group)
            check.setObjectName(f"{key}_check")
            check.setToolTip(field_help().get(key, label))
            check.toggled.connect(lambda on, k=key: self.vm.set_flag(k, on))
            self.flags[key] = check
            box.addWidget(check)
            if key == "fever_sustained_1h":
                box.addLayout(self._choice("anc_expected_below_0_5_within_48h",
                                           "ANC < 0.5 expected in 48 h", FALL_48H))
                # the trend's projection beside it (RULES §13): a hint, never the answer
                self.projection_hint = QLabel(group)
                self.projection_hint.setObjectName("projection_hint")
                self.projection_hint.setProperty("role", "workings")
                self.projection_hint.setWordWrap(True)
                self.projection_hint.setVisible(False)
                box.addWidget(self.projection_hint)
        box.addLayout(self._choice("bleeding", "Bleeding now", BLEEDING))
        box.addLayout(self._choice("diagnosis", "Diagnosis", DIAGNOSES))
        box.addLayout(self._choice("planned_procedure", "Planned procedure", PROCEDURES))
        return group

    def _choice(self, key: str, label: str, items: list[tuple[str, str]]) -> QHBoxLayout:
        line = QHBoxLayout()
        name = QLabel(label, self)
        combo = QComboBox(self)
        combo.setObjectName(f"{key}_combo")
        combo.setAccessibleName(label)
        combo.setToolTip(field_help().get(key, label))
        fill_combo(combo, items)
        name.setBuddy(combo)
        combo.currentIndexChanged.connect(
            lambda _i, k=key, c=combo: self.vm.set_choice(k, c.currentData()))
        self.choices[key] = combo
        line.addWidget(name)
        line.addWidget(combo, 1)
        return line

    def _lln_group(self) -> QGroupBox:
        group = QGroupBox("Laboratory lower limits of normal (empty: default)", self)
        grid = QGridLayout(group)
        for key, label in LLN_ROWS:
            unit_group = "hemoglobin" if key == "lln.hemoglobin" else "counts"
            self._number(grid, key, label, unit_group)
        return group

    # --- model → widgets ------------------------------------------------------------------
    def sync(self) -> None:
        """Set every widget from the view model without echoing changes back."""
        vm = self.vm
        for key, row in self.rows.items():
            row.edit.blockSignals(True)
            if row.edit.text() != vm.text(key):
                row.edit.setText(vm.text(key))
            row.edit.blockSignals(False)
            group = group_of(key)
            if group:
                unit = vm.unit(group)
                row.unit.setText(UNIT_LABELS[unit])
                row.edit.setToolTip(tooltip(key, row.label.text(), unit))
                if key.startswith("lln."):  # the default in force (a site's), in this unit
                    default = lln_default(vm.site, key.partition(".")[2])
                    row.edit.setPlaceholderText(plain(from_canonical(default, unit), 3))
        for group, combo in self.unit_combos.items():
            combo.blockSignals(True)
            select_data(combo, vm.unit(group).value)
            combo.blockSignals(False)
        for key, check in self.flags.items():
            check.blockSignals(True)
            check.setChecked(vm.flag(key))
            check.blockSignals(False)
        for key, combo in self.choices.items():
            combo.blockSignals(True)
            select_data(combo, vm.choice(key))
            combo.blockSignals(False)
        self.fn_risk.sync()
        self.history.sync()
        differential = vm.anc_mode == "differential"
        for radio, on in ((self.anc_radio, not differential), (self.diff_radio, differential)):
            radio.blockSignals(True)
            radio.setChecked(on)
            radio.blockSignals(False)
        self._show_mode(differential)

    def _show_mode(self, differential: bool) -> None:
        self.rows["anc"].set_visible(not differential)
        for key in ("differential.segs_pct", "differential.bands_pct",
                    "differential.lymphs_pct", "differential.monos_pct"):
            self.rows[key].set_visible(differential)
        self.history.show_mode(differential)

    @Slot(bool)
    def _on_mode_toggled(self, anc_checked: bool) -> None:
        self._show_mode(not anc_checked)
        self.vm.set_anc_mode("anc" if anc_checked else "differential")

    @Slot(dict)
    def _on_vm_texts_replaced(self, _texts: dict) -> None:
        self.sync()

    def show_state(self, state: ViewState) -> None:
        """Each field's problem under it (or nothing), the trend's hint beside the 48-hour
        question, and the earlier counts' problems."""
        self.painter.show(field_errors(state))
        self.hint_painter.show(projection_hint(state))
        self.history.show_state(state)

    def _paint_hint(self, hint: str | None) -> None:
        self.projection_hint.setText(hint or "")
        self.projection_hint.setVisible(hint is not None)

    def _paint(self, errors: tuple[tuple[str, str | None] | None, ...]) -> None:
        for row, problem in zip(self.rows.values(), errors, strict=True):
            row.show_error(*(problem or (None, None)))
