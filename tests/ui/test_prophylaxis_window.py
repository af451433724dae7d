"""The Prophylaxis tab (RULES §14): a pharmacist reaches it with Alt+Y, types the regimen's
risk and ticks factors with the keyboard, and after every step the decision shown is the
core's for the same inputs; "Dose this product…" brings the dose panel forward."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pdf_check import read_pdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leukodesk.core.dosing.prophylaxis import decide_prophylaxis
from leukodesk.core.formats.prophylaxis_lines import prophylaxis_lines
from leukodesk.ui.handoff.dialog import HandoffChoice


def shown(window) -> dict[str, str]:
    labels = window.prophylaxis.labels
    return {name: labels[name].text() for name in ("primary", "secondary", "factors",
                                                   "context", "warnings", "sources")}


def expected(doc: dict[str, Any]) -> dict[str, str]:
    w = prophylaxis_lines(decide_prophylaxis(doc))
    return {"primary": w.primary, "secondary": w.secondary, "factors": w.factors,
            "context": w.context, "warnings": "\n".join(f"⚠ {x}" for x in w.warnings),
            "sources": w.sources}


def key(qtbot, k: Qt.Key, text: str = "") -> None:
    """One key on whatever has the focus, as a user presses it."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, k)


def test_a_pharmacists_keyboard_path_shows_the_cores_decision(qtbot, window) -> None:
    p = window.prophylaxis
    qtbot.keyClick(window.bottom_tabs, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert window.bottom_tabs.currentWidget() is p
    assert QApplication.focusWidget() is p.pct  # forward, on the first input
    doc: dict[str, Any] = {}
    assert shown(window) == expected(doc)
    for text, value in (("1", 1), ("9", 19), (".", 19), ("9", 19.9), ("9", 19.99)):
        key(qtbot, Qt.Key.Key_unknown, text)
        doc["regimen_fn_risk_pct"] = value
        assert shown(window) == expected(doc), text
    assert shown(window)["primary"] == "Primary G-CSF prophylaxis: not routinely recommended"
    key(qtbot, Qt.Key.Key_Tab)                 # the category: left as it is
    key(qtbot, Qt.Key.Key_Tab)                 # the age
    assert QApplication.focusWidget() is p.age
    key(qtbot, Qt.Key.Key_unknown, "64")
    doc["age_years"] = 64
    assert shown(window) == expected(doc)
    key(qtbot, Qt.Key.Key_Tab)                 # dose-dense
    key(qtbot, Qt.Key.Key_Tab)                 # the first factor: age 65 or over
    assert QApplication.focusWidget() is p.factors["age_ge_65"]
    key(qtbot, Qt.Key.Key_Space)               # ticked, but the age says 64: not counted
    doc["risk_factors"] = ["age_ge_65"]
    assert shown(window) == expected(doc)
    assert "not counted" in shown(window)["factors"]
    assert shown(window)["primary"] == "Primary G-CSF prophylaxis: not routinely recommended"
    key(qtbot, Qt.Key.Key_Tab)                 # poor performance
    key(qtbot, Qt.Key.Key_Tab)                 # advanced disease
    assert QApplication.focusWidget() is p.factors["advanced_disease"]
    key(qtbot, Qt.Key.Key_Space)
    doc["risk_factors"] = ["age_ge_65", "advanced_disease"]
    assert shown(window) == expected(doc)
    assert shown(window)["primary"] == "Primary G-CSF prophylaxis: consider it"
    assert "Advanced disease" in shown(window)["factors"]
    # The age to 65: counted by the age, and NCCN's difference said.
    p.age.setFocus()
    p.age.selectAll()
    key(qtbot, Qt.Key.Key_unknown, "65")
    doc["age_years"] = 65
    assert shown(window) == expected(doc)
    assert "NCCN counts only an age above 65" in shown(window)["warnings"]


def test_an_invalid_percentage_is_not_entered_then_fixed(qtbot, window) -> None:
    p = window.prophylaxis
    window.bottom_tabs.setCurrentWidget(p)
    qtbot.keyClicks(p.pct, "2o")
    error = p.errors["regimen_fn_risk_pct"]
    assert error.isVisibleTo(p) and "not a number" in error.text()
    assert p.pct.property("invalid") is True
    assert shown(window)["primary"] == ("Primary G-CSF prophylaxis: not assessed — fix "
                                        "Regimen FN risk")
    qtbot.keyClick(p.pct, Qt.Key.Key_Backspace)
    qtbot.keyClicks(p.pct, "0")
    assert not error.isVisibleTo(p) and p.pct.property("invalid") is False
    assert shown(window) == expected({"regimen_fn_risk_pct": 20})
    assert "NCCN counts it as intermediate" in shown(window)["warnings"]


def test_percentage_and_category_together_are_refused_under_the_category(qtbot, window) -> None:
    p = window.prophylaxis
    qtbot.keyClicks(p.pct, "12")
    p.category.setCurrentIndex(p.category.findData("high"))
    assert p.errors["regimen_risk_category"].isVisibleTo(p)
    assert "not both" in p.errors["regimen_risk_category"].text()
    assert "not assessed" in shown(window)["primary"]
    p.pct.setFocus()
    p.pct.selectAll()
    qtbot.keyClick(p.pct, Qt.Key.Key_Backspace)
    assert shown(window) == expected({"regimen_risk_category": "high"})


def test_chemoradiation_overrides_with_the_regimen_beneath(qtbot, window) -> None:
    p = window.prophylaxis
    qtbot.keyClicks(p.pct, "25")
    p.complication.setCurrentIndex(p.complication.findData("yes"))
    p.compromise.setCurrentIndex(p.compromise.findData("no"))
    p.chemoradiation.setFocus()
    qtbot.keyClick(p.chemoradiation, Qt.Key.Key_Space)
    doc = {"regimen_fn_risk_pct": 25, "prior_cycle_neutropenic_complication": True,
           "reduced_dose_compromises_outcome": False, "mediastinal_chemoradiation": True}
    assert shown(window) == expected(doc)
    assert shown(window)["context"].startswith("Without the chemoradiation")
    assert p.fences["primary"].tone() == "warning"


def test_dose_this_product_brings_the_dose_panel_with_its_product_focused(qtbot,
                                                                          window) -> None:
    window.bottom_tabs.setCurrentWidget(window.prophylaxis)
    qtbot.mouseClick(window.prophylaxis.dose_button, Qt.MouseButton.LeftButton)
    # The dose row sits below the tabs, outside them (issue 19): the focus goes there.
    product = window.dose.combos["product"]
    assert product.isVisibleTo(window)
    assert QApplication.focusWidget() is product


def test_why_shows_the_cores_trace_and_reset_clears_everything(qtbot, window) -> None:
    p = window.prophylaxis
    qtbot.keyClicks(p.pct, "15")
    p.factors["hiv"].setChecked(True)
    assert not p.fences["why"].isVisibleTo(p)
    p.why_button.click()
    r = decide_prophylaxis({"regimen_fn_risk_pct": 15, "risk_factors": ["hiv"]})
    assert p.labels["why"].text().splitlines()[1:len(r.why.primary) + 1] == r.why.primary
    window.reset_action.trigger()
    assert p.pct.text() == "" and not p.factors["hiv"].isChecked()
    assert shown(window) == expected({})
    assert not p.fences["why"].isVisibleTo(p)


def test_the_worksheet_carries_the_decision_when_the_tab_is_filled_in(user, window, qtbot,
                                                                    tmp_path: Path) -> None:
    paths = iter(str(tmp_path / f"sheet{n}.pdf") for n in range(3))
    window.handoff.use_choosers(choose=lambda *a: HandoffChoice("a4", "", "pdf"),
                                choose_path=lambda *a: next(paths),
                                choose_printer=lambda *a: None,
                                clock=lambda: datetime(2026, 3, 14, 9, 30))
    user.type("wbc", "1.1")
    user.type("weight_kg", "72.4")
    title = "G-CSF prophylaxis before this cycle"
    assert not read_pdf(Path(window.handoff.worksheet()).read_bytes()).has(title)
    p = window.prophylaxis
    qtbot.keyClicks(p.pct, "15")
    p.factors["hiv"].setChecked(True)
    pdf = read_pdf(Path(window.handoff.worksheet()).read_bytes())
    words = prophylaxis_lines(decide_prophylaxis({"regimen_fn_risk_pct": 15,
                                                  "risk_factors": ["hiv"]}))
    for wanted in (title, words.primary, words.factors):
        assert pdf.has(wanted), wanted
    qtbot.keyClicks(p.age, "x")  # an invalid input: no decision goes on paper
    assert not read_pdf(Path(window.handoff.worksheet()).read_bytes()).has(title)


def test_opening_a_case_clears_the_previous_patients_prophylaxis(qtbot, window) -> None:
    p = window.prophylaxis
    qtbot.keyClicks(p.pct, "25")
    p.factors["infection"].setChecked(True)
    assert p.result() is not None
    assert window.cases.open_shipped("duffy_null_neutropenia")
    assert p.pct.text() == "" and not p.factors["infection"].isChecked()
    assert p.result() is None and shown(window) == expected({})


def test_the_patients_age_counts_when_the_tab_has_none(qtbot, window) -> None:
    """One age (RULES §14: age ≥ 65 is a factor): the tab reads the patient's age from the
    input column unless its own Age is typed; the decision is the core's for that age."""
    from leukodesk.core.dosing.prophylaxis import decide_prophylaxis

    p = window.prophylaxis
    qtbot.keyClicks(p.pct, "15")
    window.vm.set_text("wbc", "5")
    window.vm.set_text("age_years", "70")
    assert p.result() == decide_prophylaxis({"regimen_fn_risk_pct": 15, "age_years": 70})
    assert p.result().primary == "consider" and "age_ge_65" in p.result().factors
    qtbot.keyClicks(p.age, "50")   # the tab's own age wins
    assert p.result().primary == "not_routinely_recommended"
    p.age.clear()
    window.vm.set_text("age_years", "64")
    assert p.result().primary == "not_routinely_recommended"
