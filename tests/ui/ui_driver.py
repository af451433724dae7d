"""Drive the bedside window as a user does, and say what it must show for what was typed.

``User`` types into the real widgets and keeps its own record of what it typed (``Typed``),
independently of the window's view model. ``expected_for`` hands that record to the core;
``assert_window_shows`` checks every panel against the core's answer.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from leukodesk.core import RULES_VERSION, FieldError, InputErrors, assess
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.dosing.models import DoseResult
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.panels.advice import why_detail
from leukodesk.ui.panels.dose import dose_summary
from leukodesk.ui.panels.gauge import gauge_reading
from leukodesk.ui.widgets import NumberRow

DEFAULT_UNITS = {"counts": "10^9/L", "hemoglobin": "g/dL", "temperature": "C", "weight": "kg"}
DEFAULT_CHOICES = {"diagnosis": "none", "planned_procedure": "none",
                   "anc_expected_below_0_5_within_48h": "unknown"}
DIFFERENTIAL_KEYS = ("differential.segs_pct", "differential.bands_pct",
                     "differential.lymphs_pct", "differential.monos_pct")
APPLIES = "▶ Applies"
TRI_STATE = {"unknown": None, "yes": True, "no": False}
TRI_STATE_KEYS = ("anc_expected_below_0_5_within_48h",)


def none_leaked_per_call() -> float:
    """References to None lost per call of a PySide method that returns nothing."""
    probe = QObject()
    probe.setObjectName("probe")
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return (before - sys.getrefcount(None)) / 100


@dataclass
class Typed:
    """What the user typed, ticked and chose: the test's own record, never the window's."""

    texts: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    units: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_UNITS))
    choices: dict[str, str] = field(default_factory=dict)       # patient choices as chosen
    dose_choices: dict[str, str] = field(default_factory=dict)
    mode: str = "anc"

    def patient(self) -> dict[str, Any]:
        skipped = set(DIFFERENTIAL_KEYS) if self.mode == "anc" else {"anc"}
        doc: dict[str, Any] = {}
        for key, text in self.texts.items():
            if key in skipped or not text.strip():
                continue
            parent, _, leaf = key.rpartition(".")
            (doc.setdefault(parent, {}) if parent else doc)[leaf] = text.strip()
        doc.update(dict.fromkeys(sorted(self.flags), True))
        for key, value in self.choices.items():
            doc[key] = TRI_STATE[value] if key in TRI_STATE_KEYS else value
        doc["units"] = dict(self.units)
        return doc

    def dose(self) -> dict[str, Any] | None:
        weight = self.texts.get("weight_kg", "").strip()
        if not weight:
            return None
        doc = {"weight": weight, "weight_unit": self.units["weight"], **self.dose_choices}
        if self.texts.get("tolerance_pct", "").strip():
            doc["tolerance_pct"] = self.texts["tolerance_pct"].strip()
        return doc

    @property
    def blank(self) -> bool:
        return not any(t.strip() for t in self.texts.values()) and not self.flags \
            and not self.choices and not self.dose_choices


@dataclass(frozen=True)
class Expected:
    assessment: Assessment | None
    dose: DoseResult | None
    errors: list[FieldError]

    @property
    def valid(self) -> bool:
        return not self.errors


def expected_for(typed: Typed) -> Expected:
    """The core's answer for the record: both results, or every field problem."""
    errors: list[FieldError] = []
    assessment = dose = None
    try:
        assessment = assess(typed.patient())
    except InputErrors as exc:
        errors += exc.errors
    if typed.dose() is not None:
        try:
            dose = calculate_dose(typed.dose())
        except InputErrors as exc:
            names = {"weight": "weight_kg", "weight_unit": "weight_kg"}
            errors += [FieldError(names.get(e.field, e.field), e.message) for e in exc.errors]
    return Expected(assessment, dose, errors)


def number_rows(window: MainWindow) -> dict[str, NumberRow]:
    return {**window.inputs.rows, "weight_kg": window.dose.weight,
            "tolerance_pct": window.dose.tolerance}


def shown(window: MainWindow) -> tuple:
    """Everything the result panels show, for before/after comparisons."""
    return (window.gauge.reading(), window.advice.list.toPlainText(),
            window.advice.alerting, window.advice.banner.text(),
            window.transfusion.label.text(), window.dose.result.text(),
            window.dose.formula.toPlainText(), tuple(window.pitfalls.applying),
            window.pitfalls.view.toPlainText())


def assert_in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} missing or out of order in {text!r}"
        at = found


def assert_window_shows(window: MainWindow, typed: Typed) -> Expected:
    """Every panel shows exactly the core's result for what was typed."""
    exp = expected_for(typed)
    state = window.vm.state
    rows = number_rows(window)
    advice = window.advice.list.toPlainText()
    status = window.status.text()
    assert f"Rule set {RULES_VERSION}" in status
    if not exp.valid:
        assert state.assessment is None and state.dose is None
        assert window.gauge.reading() is None
        assert not window.advice.alerting
        assert window.pitfalls.applying == [] and APPLIES not in window.pitfalls.view.toPlainText()
        assert window.dose.formula.toPlainText() == ""
        assert "computed from" not in status
        if typed.blank:
            assert not any(row.error.isVisibleTo(window) for row in rows.values())
            return exp
        assert advice.startswith("No result")
        assert window.transfusion.label.text().startswith("No result")
        assert window.dose.result.text().startswith("No dose")
        by_field: dict[str, set[str]] = {}
        for e in exp.errors:
            by_field.setdefault(e.field, set()).add(e.message)
        assert set(state.errors) == set(by_field)
        for key, message in state.errors.items():
            assert message in by_field[key] and message in advice
        for key, row in rows.items():
            if key in by_field:
                assert row.error.isVisibleTo(window), key
                assert row.error.text() in by_field[key]
            else:
                assert not row.error.isVisibleTo(window), (key, row.error.text())
        assert set(by_field) <= set(rows), f"errors with no field to show them: {by_field}"
        return exp
    a = exp.assessment
    assert state.assessment == a and state.dose == exp.dose
    reading = window.gauge.reading()
    assert reading == gauge_reading(a)
    assert (reading.level, reading.label, reading.anc_text) == (
        a.severity_level, a.severity_label, a.anc_display)
    assert_in_order(advice, [r.text for r in a.recommendations])
    emergencies = [r.text for r in a.recommendations if r.urgency.value == "emergency"]
    assert window.advice.alerting == bool(emergencies)
    assert_in_order(window.advice.banner.text(), emergencies)
    if not emergencies:  # the strip stays on screen, calm, and says so in words
        assert window.advice.banner.text().startswith("No emergency alert")
    p, transfusion = a.platelet_transfusion, window.transfusion.label.text()
    if p is None:
        assert "enter a platelet count" in transfusion
    else:
        assert f"platelets {p.threshold}" in transfusion
        assert ("YES" in transfusion) == (p.transfuse_now is True)
        if p.procedure_threshold is not None:
            assert f"transfuse below {p.procedure_threshold:g}" in transfusion
        assert ("APL" in transfusion) == p.higher_threshold_note
    if exp.dose is None:
        assert window.dose.result.text().startswith("No dose: enter a weight")
    else:
        assert window.dose.result.text() == dose_summary(exp.dose)
        assert f"→ {exp.dose.statement}" in window.dose.result.text()
        assert window.dose.formula.toPlainText() == "\n".join(exp.dose.workings)
    assert window.pitfalls.applying == [q.id for q in a.pitfalls]
    pitfalls_text = window.pitfalls.view.toPlainText()
    assert pitfalls_text.count(APPLIES) == len(a.pitfalls)
    if a.pitfalls:
        assert pitfalls_text.startswith(f"{APPLIES}: {a.pitfalls[0].title}")
    assert "computed from" in status
    if window.advice.why_id is not None:  # an open "Why?" follows the inputs
        source = window.advice.source.text()
        assert source == why_detail(state, window.advice.why_id)
        rec = next((r for r in a.recommendations if r.id == window.advice.why_id), None)
        if rec is None:
            assert "no longer applies" in source
        else:  # the core's own reason, line by line
            assert source.splitlines() == [f"Why? {rec.why.rule}",
                                           *(f"• {b}" for b in rec.why.because),
                                           f"Sources: {', '.join(rec.why.sources)}"]
    assert not any(row.error.isVisibleTo(window) for row in rows.values())
    return exp


class User:
    """Types, ticks and chooses in the real widgets; records what it did in ``typed``."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window, self.typed = qtbot, window, Typed()

    def edit(self, key: str) -> QLineEdit:
        return number_rows(self.window)[key].edit

    def type(self, key: str, text: str, check_each: bool = False) -> None:
        """Replace the field's text key by key (select all first, as a user would)."""
        edit = self.edit(key)
        edit.setFocus()
        if edit.text():
            self.qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            if not text:
                self.qtbot.keyClick(edit, Qt.Key.Key_Backspace)
                self.typed.texts[key] = ""
                if check_each:
                    self.check()
        for i, char in enumerate(text):
            self.qtbot.keyClick(edit, char)
            self.typed.texts[key] = text[:i + 1]
            if check_each:
                self.check()
        assert edit.text() == text

    def type_all(self, pairs) -> None:
        """Type each (field, text) pair in turn, as ``type`` does."""
        for key, text in pairs:
            self.type(key, text)

    def tick(self, key: str, on: bool = True) -> None:
        box: QCheckBox = self.window.inputs.flags[key]
        if box.isChecked() != on:
            click(self.qtbot, box)
        assert box.isChecked() == on
        (self.typed.flags.add if on else self.typed.flags.discard)(key)

    def choose(self, combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        assert index >= 0, value
        combo.setCurrentIndex(index)

    def patient_choice(self, key: str, value: str) -> None:
        self.choose(self.window.inputs.choices[key], value)
        self.typed.choices[key] = value

    def dose_choice(self, key: str, value: str) -> None:
        self.choose(self.window.dose.combos[key], value)
        self.typed.dose_choices[key] = value

    def unit(self, group: str, value: str) -> None:
        combo = self.window.dose.weight_unit if group == "weight" else \
            self.window.inputs.unit_combos[group]
        self.choose(combo, value)
        self.typed.units[group] = value

    def mode(self, mode: str) -> None:
        radio = self.window.inputs.diff_radio if mode == "differential" else \
            self.window.inputs.anc_radio
        click(self.qtbot, radio)
        assert radio.isChecked()
        self.typed.mode = mode

    def check(self) -> Expected:
        # New error lines wait for the typing to pause (ErrorReveal); a check is made
        # after the pause, as the user would read the window.
        self.window.reveal_errors_now()
        return assert_window_shows(self.window, self.typed)


def click(qtbot, button: QWidget) -> None:
    """A left click on the indicator of a check box or radio button."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, button.height() // 2))
