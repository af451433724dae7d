"""Drive the bedside window as a user does, and say what it must show for what was typed.

``User`` types into the real widgets and keeps its own record of what it typed (``Typed``),
independently of the window's view model. ``expected_for`` hands that record to the core
(fresh calls of its plain functions: nothing the window computed or kept is used);
``assert_window_shows`` checks every panel against the core's answer, both by what it must
say and by reading what the real Qt widgets hold against each panel's view of the core's
answer (``expected_views`` and ``assert_panels_hold``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QTabWidget, QWidget

from leukodesk.core import RULES_VERSION, FieldError, InputErrors, assess, content
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.contract.units import parse_unit
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.dosing.models import DoseResult
from leukodesk.ui.draft import DEFAULT_UNITS as WINDOW_UNITS
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.panels.advice import AdviceView, advice_view, why_detail
from leukodesk.ui.panels.dose import CHOICE_KEYS, DoseView, dose_summary, dose_view
from leukodesk.ui.panels.fn_risk import tab_title
from leukodesk.ui.panels.fn_risk_view import FnRiskView, fn_risk_view
from leukodesk.ui.panels.gauge_scale import GaugeReading, describe, gauge_reading
from leukodesk.ui.panels.inputs import FIELD_KEYS, field_errors
from leukodesk.ui.panels.sidebars import (
    PitfallRow,
    TransfusionView,
    pitfalls_view,
    transfusion_view,
)
from leukodesk.ui.panels.status import StatusView, status_view
from leukodesk.ui.partial import group_of, unit_fix, without_offer
from leukodesk.ui.view_model import ViewState
from leukodesk.ui.widgets import NumberRow

DEFAULT_UNITS = {"counts": "10^9/L", "hemoglobin": "g/dL", "temperature": "C", "weight": "kg"}
DEFAULT_CHOICES = {"diagnosis": "none", "planned_procedure": "none",
                   "anc_expected_below_0_5_within_48h": "unknown", "bleeding": "none"}
DIFFERENTIAL_KEYS = ("differential.segs_pct", "differential.bands_pct",
                     "differential.lymphs_pct", "differential.monos_pct")
APPLIES = "▶ Applies"
TRI_STATE = {"unknown": None, "yes": True, "no": False}
TRI_STATE_KEYS = ("anc_expected_below_0_5_within_48h",)
# The FN risk items chosen in the window (RULES §11): yes/no items, grades, and choices.
FN_YES_NO = ("hypotension", "copd", "previous_fungal_infection", "iv_fluids_for_dehydration",
             "outpatient_at_onset", "stress_hyperglycaemia", "chronic_cardiovascular_disease",
             "clinically_stable")
FN_GRADES = ("ecog", "mucositis_grade")
FN_CHOICES = ("burden", *FN_YES_NO[:5], "ecog", *FN_YES_NO[5:7], "mucositis_grade",
              "clinically_stable", "chemo_intensity")


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
    fn: dict[str, str] = field(default_factory=dict)  # FN risk item → as chosen ("yes", "2")
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier counts (RULES §13)

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
        for leaf, value in self.fn.items():
            if value != "unknown":
                doc.setdefault("fn_risk", {})[leaf] = TRI_STATE[value] if leaf in FN_YES_NO \
                    else int(value) if leaf in FN_GRADES else value
        if self.history:
            doc["history"] = self.history
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
            and not self.choices and not self.dose_choices \
            and all(v == "unknown" for v in self.fn.values())


@dataclass(frozen=True)
class Expected:
    assessment: Assessment | None
    dose: DoseResult | None
    errors: list[FieldError]
    state: ViewState  # the core's answer as the panels take it (their view's input)

    @property
    def valid(self) -> bool:
        return not self.errors


# The inputs the window may leave out when invalid (RULES §2a): every optional number.
OPTIONAL_NUMBERS = {"anc", "lymphocytes", "monocytes", "platelets", "hemoglobin_g_dl",
                    "temperature_c", "expected_neutropenia_days", "age_years", "weight_kg",
                    "tolerance_pct", *DIFFERENTIAL_KEYS, "lln.wbc", "lln.anc",
                    "lln.lymphocytes", "lln.platelets", "lln.hemoglobin",
                    "fn_risk.systolic_bp_mmhg"}
NEUTROPHIL_PARTS = ("differential.segs_pct", "differential.bands_pct")


def _without(doc: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in doc.items()}
    for key in keys:
        parent, _, leaf = key.rpartition(".")
        (out.get(parent, {}) if parent else out).pop(leaf, None)
    return {k: v for k, v in out.items() if v != {} or k == "units"}


def _call_leaving_out(call, doc: dict[str, Any], names: dict[str, str]
                      ) -> tuple[Any, list[FieldError]]:
    """The test's own reading of RULES §2a: the result with each invalid optional field
    left out (the neutrophil parts of a differential together), or None when the WBC or
    anything else is invalid; every problem found on the way."""
    found: list[FieldError] = []
    while True:
        try:
            return call(doc), found
        except InputErrors as exc:
            errors = [FieldError(names.get(e.field, e.field), e.message, e.suggested_unit)
                      for e in exc.errors]
            found += errors
            keys = {e.field for e in exc.errors}
            if not {names.get(k, k) for k in keys} <= OPTIONAL_NUMBERS or names:
                if names and keys == {"tolerance_pct"}:
                    doc = _without(doc, keys)
                    continue
                return None, found
            if keys & set(NEUTROPHIL_PARTS):
                keys |= set(NEUTROPHIL_PARTS)
            doc = _without(doc, keys)


def expected_for(typed: Typed) -> Expected:
    """The core's answer for the record: the results with invalid optional fields left
    out (none when the WBC is invalid), and every field problem."""
    patient = typed.patient()
    assessment, errors = _call_leaving_out(assess, patient, {})
    dose = None
    if typed.dose() is not None:
        dose, found = _call_leaving_out(calculate_dose, typed.dose(),
                                        {"weight": "weight_kg", "weight_unit": "weight_kg"})
        errors += found
    if assessment is None:
        dose = None
    shown: dict[str, str] = {}
    for e in errors:
        shown.setdefault(e.field, e.message)  # a field shows one problem, the patient's first
    fixes = {}
    for e in errors:
        group = group_of(e.field)
        if e.suggested_unit and group and e.field not in fixes:
            fix = unit_fix(e.field, typed.texts[e.field].strip().replace(",", "."),
                           parse_unit(type(WINDOW_UNITS[group]), typed.units[group]),
                           e.suggested_unit)
            if fix is not None:
                fixes[e.field] = fix
    state = ViewState(-1, assessment, dose, shown, patient, typed.blank, fixes)
    return Expected(assessment, dose, errors, state)


@dataclass(frozen=True)
class Views:
    """What each panel must hold: its view of the core's answer."""

    inputs: tuple[tuple[str, str | None] | None, ...]
    gauge: GaugeReading | None
    advice: AdviceView
    dose: DoseView
    transfusion: TransfusionView
    pitfalls: tuple[PitfallRow, ...]
    status: StatusView
    fn_risk: FnRiskView


def expected_views(window: MainWindow, exp: Expected) -> Views:
    """Each panel's view data for the core's answer (and for what the user chose to see
    under the advice list, and whether the reveal cover is on: choices, not results)."""
    s = exp.state
    return Views(field_errors(s), gauge_reading(s.assessment, s.left_out.get("anc")),
                 advice_view(s, window.advice.selection), dose_view(s), transfusion_view(s),
                 pitfalls_view(s), status_view(s, window.reveal.covered),
                 fn_risk_view(s, window.fn_risk.selection))


def pitfalls_plain_text(rows: tuple[PitfallRow, ...]) -> str:
    """The sidebar's text as Qt gives it back: each pitfall's title (marked when it applies)
    and its text, a line each."""
    return "\n".join(f"{APPLIES + ': ' if r.applies else ''}{r.title}\n{r.text}" for r in rows)


def held_error(row: NumberRow) -> str | None:
    """The problem a field's error line holds (None: no line)."""
    return row.error.text() or None


def assert_row_holds(row: NumberRow, problem: tuple[str, str | None] | None) -> None:
    """A field's error line and mark hold ``problem`` (message, fix words) after the
    pause in typing; the fix is a link in the line."""
    message, fix = problem or (None, None)
    held = held_error(row)
    if fix:
        assert held == f'{escape(message)} <a href="fix">{escape(fix)}</a>', row.key
    else:
        assert held == message, row.key
    assert bool(row.edit.property("invalid")) == bool(message), row.key
    if not row.edit.isHidden():
        assert row.error.isHidden() == (message is None), row.key


def assert_inputs_hold(window: MainWindow,
                       errors: tuple[tuple[str, str | None] | None, ...]) -> None:
    for key, message in zip(FIELD_KEYS, errors, strict=True):
        assert_row_holds(window.inputs.rows[key], message)


def assert_gauge_holds(window: MainWindow, reading: GaugeReading | None) -> None:
    # The gauge paints itself from its reading; Qt holds its words.
    assert window.gauge.reading() == reading
    assert window.gauge.accessibleDescription() == describe(reading)


def assert_advice_holds(window: MainWindow, advice: AdviceView) -> None:
    panel = window.advice
    labels = panel.list.labels()
    held = [(label.objectName(), label.text()) for label in labels]
    wanted = []
    for item in advice.items:
        wanted.append((f"advice_{item.key}", item.text))
        if item.links:
            wanted.append((f"advice_{item.key}_sources", item.links))
    assert held == wanted
    kinds = {label.objectName(): label.property("kind") for label in labels}
    assert [kinds[f"advice_{item.key}"] for item in advice.items] == [
        item.kind for item in advice.items]
    assert panel.banner.text() == advice.banner
    assert panel.banner.property("severity") == ("emergency" if advice.alerting else "none")
    assert panel.source.text() == advice.detail


def assert_dose_holds(window: MainWindow, dose: DoseView) -> None:
    d = window.dose
    assert_row_holds(d.weight, dose.weight_error)
    assert_row_holds(d.tolerance, dose.tolerance_error and (dose.tolerance_error, None))
    assert d.choice_error.text() == dose.choice_error
    assert d.choice_error.isHidden() == (not dose.choice_error)
    assert {k for k, c in d.combos.items() if c.property("invalid")} == set(dose.invalid_choices)
    assert d.result.text() == dose.result and d.result_fence.tone() == dose.tone
    assert d.formula.text() == dose.formula
    assert d.action.text() == dose.action
    assert_row_holds(d.latest_anc, dose.anc_error and (dose.anc_error, None))
    for row, problem in zip(d.times.values(), dose.time_errors, strict=True):
        assert_row_holds(row, problem)
    assert d.combos["presentation_set"].isEnabled() == dose.presentations_apply


def assert_transfusion_holds(window: MainWindow, view: TransfusionView) -> None:
    t = window.transfusion
    assert (t.label.text(), t.fence.tone()) == (view.text, view.tone)


def assert_pitfalls_hold(window: MainWindow, rows: tuple[PitfallRow, ...]) -> None:
    assert window.pitfalls.view.toPlainText() == pitfalls_plain_text(rows)


def assert_status_holds(window: MainWindow, view: StatusView) -> None:
    # The line paints itself; Qt holds the whole text as its description and tooltip.
    assert window.status.accessibleDescription() == view.text
    assert window.status.toolTip() == view.text


def assert_fn_risk_holds(window: MainWindow, view: FnRiskView) -> None:
    panel = window.fn_risk
    for name, label in panel.labels.items():
        assert label.text() == getattr(view, name), name
        assert panel.fences[name].isHidden() == (not getattr(view, name)), name
    assert panel.fences["where"].tone() == view.tone
    assert panel.links.text() == view.links
    assert panel.links.isHidden() == (not view.links)
    tabs = window.bottom_tabs
    assert tabs.tabText(tabs.indexOf(panel)) == tab_title(view.fever)


HOLDS = {"inputs": assert_inputs_hold, "gauge": assert_gauge_holds,
         "advice": assert_advice_holds, "dose": assert_dose_holds,
         "transfusion": assert_transfusion_holds, "pitfalls": assert_pitfalls_hold,
         "status": assert_status_holds, "fn_risk": assert_fn_risk_holds}


def assert_panels_hold(window: MainWindow, views: Views) -> None:
    """What the real widgets hold (read back from Qt) is each panel's view data."""
    for name, holds in HOLDS.items():
        holds(window, getattr(views, name))


def number_rows(window: MainWindow) -> dict[str, NumberRow]:
    return {**window.inputs.rows, "weight_kg": window.dose.weight,
            "tolerance_pct": window.dose.tolerance}


def shown(window: MainWindow) -> tuple:
    """Everything the result panels show, as Qt holds it, for before/after comparisons."""
    return (window.gauge.reading(), window.gauge.accessibleDescription(),
            window.advice.list.toPlainText(), window.advice.banner.property("severity"),
            window.advice.banner.text(), window.advice.source.text(),
            window.transfusion.label.text(), window.dose.result.text(),
            window.dose.formula.toPlainText(), window.pitfalls.view.toPlainText(),
            window.status.accessibleDescription())


def assert_in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} missing or out of order in {text!r}"
        at = found


def assert_window_shows(window: MainWindow, typed: Typed) -> Expected:
    """Every panel shows exactly the core's result for what was typed."""
    exp = expected_for(typed)
    assert_panels_hold(window, expected_views(window, exp))
    state = window.vm.state
    rows = number_rows(window)
    advice = window.advice.list.toPlainText()
    status = window.status.text()
    assert f"Rule set {RULES_VERSION}" in status
    by_field: dict[str, set[str]] = {}
    for e in exp.errors:
        by_field.setdefault(e.field, set()).add(e.message)
    assert set(state.errors) == set(by_field)
    if exp.assessment is None:
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
    for key, message in state.errors.items():
        assert message in by_field[key] and without_offer(message) in advice
    for key, row in rows.items():
        if key in by_field:
            # (A field behind the FN risk tab, the weight during a fever, is out of
            # sight with its line: the line is there when its tab is brought back.)
            assert row.error.isVisibleTo(window) or not behind_a_tab(window, row.edit), key
            held = row.error.text()
            assert any(without_offer(m) in held or escape(without_offer(m)) in held
                       for m in by_field[key]), key
        else:
            assert not row.error.isVisibleTo(window), (key, row.error.text())
    # A problem of the dose choices shows under them (for which: choice_error).
    choices = set(CHOICE_KEYS) & set(by_field)
    for key in choices:
        assert state.errors[key] in window.dose.choice_error.text(), key
    assert set(by_field) - choices <= set(rows), f"errors with no place: {by_field}"
    if exp.assessment is None:
        return exp
    a = exp.assessment
    assert state.assessment == a and state.dose == exp.dose
    reading = window.gauge.reading()
    assert reading == gauge_reading(a, state.left_out.get("anc"))
    assert reading.level == a.severity_level and reading.basis == a.severity_basis
    assert "life-threatening" not in window.gauge.accessibleDescription()
    if a.severity_basis == "anc_class":
        assert f"ANC {a.anc_display} " in reading.detail
    assert_in_order(advice, [r.text for r in a.recommendations])
    emergencies = [r for r in a.recommendations if r.urgency.value == "emergency"]
    assert window.advice.alerting == bool(emergencies)
    assert_in_order(window.advice.banner.text(), [r.why.rule for r in emergencies])
    for r in emergencies:  # one short line in the strip, the full text once, in the list
        assert r.text not in window.advice.banner.text() and advice.count(r.text) == 1
    if not emergencies:  # the strip stays on screen, calm, and says so in words
        assert window.advice.banner.text().startswith("No emergency alert")
    p, transfusion = a.platelet_transfusion, window.transfusion.label.text()
    if p is None:
        assert ("fix Platelets" if "platelets" in by_field else "enter a platelet count") \
            in transfusion
    else:
        assert f"platelets {p.threshold}" in transfusion
        assert ("YES" in transfusion) == (p.transfuse_now is True)
        if p.procedure_threshold is not None:
            assert f"transfuse below {p.procedure_threshold:g}" in transfusion
        assert ("APL" in transfusion) == p.higher_threshold_note
    if exp.dose is None and "weight_kg" in by_field:
        assert window.dose.result.text() == "Filgrastim dose: not assessed — fix Weight."
    elif exp.dose is None and typed.texts.get("weight_kg", "").strip():
        assert window.dose.result.text().startswith("No dose while an input is invalid")
    elif exp.dose is None:
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
                                           f"Sources: {content.cite(rec.why.sources)}"]
    return exp


class User:
    """Types, ticks and chooses in the real widgets; records what it did in ``typed``."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window, self.typed = qtbot, window, Typed()

    def edit(self, key: str) -> QLineEdit:
        return number_rows(self.window)[key].edit

    def type(self, key: str, text: str, check_each: bool = False) -> None:
        """Replace the field's text key by key (select all first, as a user would; a
        field behind a tab is brought forward with its tab first)."""
        edit = self.edit(key)
        if behind_a_tab(self.window, edit):
            bar = self.window.bottom_tabs.tabBar()  # a click on the row's tab
            self.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
            assert not behind_a_tab(self.window, edit), key
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

    def fn(self, leaf: str, value: str) -> None:
        """Answer an FN risk item as a keyboard user does: Tab into it, then the arrow
        keys (a yes/no item's radio buttons, a grade's or choice's list)."""
        inputs = self.window.inputs.fn_risk
        key = f"fn_risk.{leaf}"
        if key in inputs.yes_no:
            control = inputs.yes_no[key]
            order = ["unknown", "yes", "no"]
            now = control.value()
            control.buttons[now].setFocus()
            self.qtbot.waitUntil(control.buttons[now].hasFocus)
            step = order.index(value) - order.index(now)
            for _ in range(abs(step)):
                self.qtbot.keyClick(self.window.focusWidget(),
                                    Qt.Key.Key_Right if step > 0 else Qt.Key.Key_Left)
            assert control.value() == value and control.buttons[value].hasFocus()
        else:
            combo = inputs.combos[key]
            combo.setFocus()
            self.qtbot.waitUntil(combo.hasFocus)
            step = combo.findData(value) - combo.currentIndex()
            for _ in range(abs(step)):
                self.qtbot.keyClick(combo, Qt.Key.Key_Down if step > 0 else Qt.Key.Key_Up)
            assert combo.currentData() == value
        self.typed.fn[leaf] = value

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


def fn_shown(window: MainWindow) -> dict[str, str]:
    """The FN risk items as the input column shows them, by item ("unknown": not asked)."""
    inputs = window.inputs.fn_risk
    held = {k: c.value() for k, c in inputs.yes_no.items()}
    held.update({k: c.currentData() for k, c in inputs.combos.items()})
    return {leaf: held[f"fn_risk.{leaf}"] for leaf in FN_CHOICES}


def behind_a_tab(window: MainWindow, widget: QWidget) -> bool:
    """Whether ``widget`` is on a page of a tab widget that is not the one shown."""
    page = widget
    while page is not None and page is not window:
        parent = page.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(page) >= 0 \
                and tabs.currentWidget() is not page:
            return True
        page = parent
    return False


def click(qtbot, button: QWidget) -> None:
    """A left click on the indicator of a check box or radio button."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, button.height() // 2))
