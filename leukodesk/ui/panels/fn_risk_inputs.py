"""The FN risk items of RULES §11 in the input column: every item can say "not asked".

A yes/no item is three radio buttons in one exclusive group — Not asked, Yes, No — never a
check box that silently means "no" (a score must not count an unasked item as favourable,
RULES §2a). Burden of illness, ECOG, the mucositis grade and the chemotherapy intensity are
choices whose first entry is "Not asked"; ECOG and the mucositis grade say what each grade
means. The systolic pressure is a number row of the input panel (its limits and error line
as every other number), with the hypotension question below it for when no pressure is at
hand. Widgets only forward what the user chose to the view model; ``sync`` sets them from
it with signals blocked (a case opened, Reset).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from leukodesk.core import content
from leukodesk.core.contract.limits import LIMITS, OTHER_LABELS
from leukodesk.ui.draft import FN_RISK_CHOICES, FN_RISK_SBP
from leukodesk.ui.view_model import ViewModel
from leukodesk.ui.widgets import fill_combo, select_data

NOT_ASKED = "Not asked"
YES_NO = ((NOT_ASKED, "unknown"), ("Yes", "yes"), ("No", "no"))
BURDEN = [(NOT_ASKED, "unknown"), ("None or mild symptoms", "none_or_mild"),
          ("Moderate symptoms", "moderate"), ("Severe symptoms", "severe")]
CHEMO = [(NOT_ASKED, "unknown"), ("Mild to moderate", "mild_to_moderate"),
         ("High intensity", "high")]
# What each grade means, one line each (ECOG performance status; NCI CTCAE oral mucositis).
ECOG = ("fully active", "restricted in strenuous activity",
        "ambulatory, no work; up over half the day",
        "limited self-care; in bed or chair over half the day", "completely disabled")
MUCOSITIS = ("none", "mild; normal diet", "moderate pain; modified diet",
             "severe pain; cannot eat", "life-threatening")
# Shorter names where the core's would crowd the column (the tooltip says the rest).
SHORT = {"fn_risk.hypotension": "Hypotension (no SBP)",
         "fn_risk.ecog": "ECOG", "fn_risk.chemo_intensity": "Chemotherapy"}
INTRO = "“Not asked” is never read as “no”: an unanswered item leaves the score open."


def label_of(key: str) -> str:
    """The item's name as the core writes it in messages."""
    return LIMITS[key].label if key in LIMITS else OTHER_LABELS[key]


def help_of(key: str) -> str:
    """The item's tooltip: why it matters and its source (content.field_help); stress
    hyperglycaemia adds that its definitions differ (RULES §11)."""
    text = content.field_help().get(key, label_of(key))
    if key == "fn_risk.stress_hyperglycaemia":
        text += "\n" + content.fn_risk_words().hyperglycaemia_help
    return text


def grade_items(key: str, meanings: tuple[str, ...]) -> list[tuple[str, str]]:
    """Not asked, then each grade of the limits table with its meaning."""
    lim = LIMITS[key]
    grades = range(int(lim.minimum), int(lim.maximum) + 1)
    if len(grades) != len(meanings):  # the meanings must cover the limits exactly
        raise RuntimeError(f"{key}: {len(meanings)} meanings for grades {list(grades)}")
    return [(NOT_ASKED, "unknown"), *((f"{g} — {m}", str(g)) for g, m in zip(
        grades, meanings, strict=True))]


class YesNo(QWidget):
    """Not asked / Yes / No: three radio buttons in one exclusive group. Tab stops at the
    one chosen and the arrow keys move the choice, as in any group of radio buttons."""

    chosen = Signal(str)  # "unknown", "yes" or "no"

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        name = label_of(key)
        for text, value in YES_NO:
            button = QRadioButton(text, self)
            button.setObjectName(f"{key.replace('.', '_')}_{value}")
            button.setAccessibleName(f"{name}: {text.lower()}")
            button.setToolTip(help_of(key))
            self.group.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)
        row.addStretch(1)
        self.buttons["unknown"].setChecked(True)
        self._tab_to_chosen()
        self.group.buttonToggled.connect(self._on_group_button_toggled)

    def value(self) -> str:
        return next(v for v, b in self.buttons.items() if b.isChecked())

    def set_value(self, value: str) -> None:
        """Show ``value`` without telling the view model (it is the model's already)."""
        self.group.blockSignals(True)
        self.buttons[value].setChecked(True)
        self.group.blockSignals(False)
        self._tab_to_chosen()

    def _tab_to_chosen(self) -> None:
        # Qt does this itself once a button of the group has had the focus; before that
        # Tab would stop at all three.
        for button in self.buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button.isChecked()
                                  else Qt.FocusPolicy.ClickFocus)

    @Slot(QAbstractButton, bool)
    def _on_group_button_toggled(self, button: QAbstractButton, on: bool) -> None:
        if on:
            self._tab_to_chosen()
            self.chosen.emit(next(v for v, b in self.buttons.items() if b is button))


class FnRiskInputs:
    """The group of FN risk items, built into the input panel's column. ``number`` adds
    the systolic pressure's number row to the panel (its rows, its error line)."""

    def __init__(self, vm: ViewModel, parent: QWidget,
                 number: Callable[[QGridLayout, str, str, str | None], object]) -> None:
        self.vm = vm
        self.yes_no: dict[str, YesNo] = {}
        self.combos: dict[str, QComboBox] = {}
        group = self.group = QGroupBox("FN risk: MASCC and CISNE items", parent)
        group.setObjectName("fn_risk_inputs")
        grid = self.grid = QGridLayout(group)
        intro = QLabel(INTRO, group)
        intro.setWordWrap(True)
        intro.setProperty("role", "workings")
        grid.addWidget(intro, 0, 0, 1, 3)
        # In the order of RULES §11 (the document's), the pressure with hypotension below.
        self._combo("fn_risk.burden", BURDEN)
        number(grid, FN_RISK_SBP, "Systolic BP", None)
        for key in FN_RISK_CHOICES:
            leaf = key.partition(".")[2]
            if leaf in ("burden",):
                continue
            if leaf == "ecog":
                self._combo(key, grade_items(key, ECOG), digits=True)
            elif leaf == "mucositis_grade":
                self._combo(key, grade_items(key, MUCOSITIS), digits=True)
            elif leaf == "chemo_intensity":
                self._combo(key, CHEMO)
            else:
                self._yes_no(key)
        grid.setColumnStretch(1, 1)

    def _name(self, key: str, buddy: QWidget | None) -> QLabel:
        name = QLabel(SHORT.get(key, label_of(key)), self.group)
        name.setWordWrap(True)
        name.setToolTip(help_of(key))
        if buddy is not None:
            name.setBuddy(buddy)
        return name

    def _yes_no(self, key: str) -> None:
        row = self.grid.rowCount()
        control = YesNo(key, self.group)
        control.chosen.connect(lambda value, k=key: self.vm.set_choice(k, value))
        self.yes_no[key] = control
        self.grid.addWidget(self._name(key, None), row, 0)
        self.grid.addWidget(control, row, 1, 1, 2)

    def _combo(self, key: str, items: list[tuple[str, str]], digits: bool = False) -> None:
        row = self.grid.rowCount()
        combo = QComboBox(self.group)
        combo.setObjectName(f"{key.replace('.', '_')}_combo")
        combo.setAccessibleName(label_of(key))
        combo.setToolTip(help_of(key))
        fill_combo(combo, items)
        if digits:  # typing a grade's digit chooses it (EnterMovesOn lets it through)
            combo.setProperty("digits_choose", True)
        combo.currentIndexChanged.connect(
            lambda _i, k=key, c=combo: self.vm.set_choice(k, c.currentData()))
        self.combos[key] = combo
        self.grid.addWidget(self._name(key, combo), row, 0)
        self.grid.addWidget(combo, row, 1, 1, 2)

    def first(self) -> QWidget:
        """The first item (where "answer the items" takes the focus)."""
        return self.combos["fn_risk.burden"]

    def sync(self) -> None:
        """Set every item from the view model without echoing changes back."""
        for key, control in self.yes_no.items():
            if control.value() != self.vm.choice(key):
                control.set_value(self.vm.choice(key))
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            select_data(combo, self.vm.choice(key))
            combo.blockSignals(False)
