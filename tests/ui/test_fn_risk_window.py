"""The FN risk section in the window (issue 16, RULES §11), driven from the keyboard: the items
answered in the input column reach the core; the section shows the core's MASCC, CISNE and
disposition for what was typed (a range and what would settle it while items are not
answered, CISNE's gate, "not computed" under 18); it comes forward with a fever; "Why?" on
the disposition is the core's trace; a case file's items load into the controls and Reset
clears them; an invalid systolic pressure is named under its field and counts as not
entered."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QRadioButton
from ui_driver import FN_CHOICES, User, fn_shown, number_rows

from leukodesk.core import assess, content
from leukodesk.core.rules.table.s11_fn_risk import criteria_labels
from leukodesk.ui.panels.advice import why_text
from leukodesk.ui.panels.fn_risk import TITLE, TITLE_FEVER
from leukodesk.ui.panels.fn_risk_view import DISPOSITIONS, FN_OPEN

FEBRILE = (("wbc", "1.2"), ("anc", "0.3"), ("monocytes", "0.3"), ("temperature_c", "38.6"),
           ("expected_neutropenia_days", "5"), ("age_years", "45"))
# A low-risk solid tumour, every item answered (the README's worked FN example).
LOW_RISK = {"burden": "none_or_mild", "copd": "no", "iv_fluids_for_dehydration": "no",
            "outpatient_at_onset": "yes", "ecog": "1", "stress_hyperglycaemia": "no",
            "chronic_cardiovascular_disease": "no", "mucositis_grade": "1",
            "clinically_stable": "yes", "chemo_intensity": "mild_to_moderate"}


def section(window) -> dict[str, str]:
    """What the section holds, read back from its labels (hidden ones as "")."""
    panel = window.fn_risk
    return {name: label.text() if not panel.fences[name].isHidden() else ""
            for name, label in panel.labels.items()}


def score_shown(head: str, name: str) -> tuple[int, int]:
    """The score, or its range, that a heading shows: (low, high)."""
    found = re.match(rf"{name}(?:, if applicable:)? (?:(\d+)|between (\d+) and (\d+)) "
                     r"(?:\()?of (\d+)", head)
    assert found, head
    if found.group(1):
        return int(found.group(1)), int(found.group(1))
    return int(found.group(2)), int(found.group(3))


def activate_link(window, links, number: int) -> None:
    """Tab into the links under the disposition to the ``number``-th, and press Enter."""
    window.inputs.rows["wbc"].edit.setFocus()  # enter the line afresh, at its start
    links.setFocus()
    for _ in range(number):
        QTest.keyClick(links, Qt.Key.Key_Tab)
    QTest.keyClick(links, Qt.Key.Key_Return)


def open_why(qtbot, window, sources: int) -> None:
    """Past each source to "Why?", and Enter."""
    activate_link(window, window.fn_risk.links, sources + 1)
    qtbot.waitUntil(lambda: "Hide" in window.fn_risk.links.text())


def focused() -> str:
    return QApplication.focusWidget().objectName()


def test_a_febrile_patient_typed_with_the_keyboard_shows_the_cores_scores_and_disposition(
        user: User, window, qtbot):
    user.type_all(FEBRILE)
    user.patient_choice("diagnosis", "solid_tumour")
    # From the first item, Enter and the arrow keys alone: each Enter goes to the next
    # item in the rule set's order, the pressure included.
    burden = window.inputs.fn_risk.combos["fn_risk.burden"]
    burden.setFocus()
    qtbot.waitUntil(burden.hasFocus)
    for leaf in FN_CHOICES:
        key = f"fn_risk.{leaf}"
        widget = QApplication.focusWidget()
        if leaf == "hypotension":  # the pressure comes first, between burden and this
            assert focused() == "fn_risk_systolic_bp_mmhg_edit"
            qtbot.keyClicks(widget, "120")
            user.typed.texts["fn_risk.systolic_bp_mmhg"] = "120"
            qtbot.keyClick(widget, Qt.Key.Key_Return)
            widget = QApplication.focusWidget()
        want = LOW_RISK.get(leaf, "unknown")
        if isinstance(widget, QRadioButton):
            assert focused() == f"{key.replace('.', '_')}_unknown", leaf  # one stop per item
            for _ in range(("unknown", "yes", "no").index(want)):
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
            assert window.inputs.fn_risk.yes_no[key].value() == want
        else:
            assert isinstance(widget, QComboBox) and widget.objectName() == \
                f"{key.replace('.', '_')}_combo", leaf
            while widget.currentData() != want:
                qtbot.keyClick(widget, Qt.Key.Key_Down)
        user.typed.fn[leaf] = want
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert focused() == "lln_wbc_edit"  # past the last item, on to the next field
    exp = user.check()  # every panel, this section included, is the core's answer
    a = assess(user.typed.patient())
    assert exp.assessment == a and a.fn_risk.disposition == "outpatient_candidate"
    shown = section(window)
    mascc = a.fn_risk.mascc
    assert score_shown(shown["mascc_head"], "MASCC") == (mascc.score, mascc.score) == (26, 26)
    assert "low risk (21 or more)" in shown["mascc_head"]
    for item in a.fn_risk_detail.mascc_items:
        assert f"{item.label}: {item.points} of {item.max_points}" in shown["mascc_items"]
    assert score_shown(shown["cisne_head"], "CISNE") == (0, 0) == (a.fn_risk.cisne.score,) * 2
    rec = next(r for r in a.recommendations if r.id == "fn_outpatient_candidate")
    assert shown["heading"] == DISPOSITIONS[rec.id][0]
    assert "OUTPATIENT" in shown["heading"] and shown["where"] == rec.text
    assert "observe the patient for at least 4 hours" in shown["where"]
    assert window.fn_risk.fences["where"].tone() == "ok"
    assert shown["criteria"].endswith("none found")
    for text in shown.values():
        assert "discharge" not in text.lower()


def test_an_item_not_answered_leaves_the_score_a_range_and_says_what_settles_it(
        user: User, window):
    user.type_all(FEBRILE)
    user.patient_choice("diagnosis", "solid_tumour")
    for leaf in ("burden", "copd"):
        user.fn(leaf, LOW_RISK[leaf])
    user.fn("outpatient_at_onset", "no")  # an inpatient when the fever began
    exp = user.check()
    mascc = exp.assessment.fn_risk.mascc
    assert mascc.score is None and mascc.risk is None
    shown = section(window)
    assert score_shown(shown["mascc_head"], "MASCC") == (mascc.min, mascc.max) == (15, 23)
    assert shown["mascc_head"].startswith(f"MASCC between {mascc.min} and {mascc.max}")
    assert shown["mascc_head"].endswith("— low or high not decided")
    assert shown["mascc_items"].startswith("To decide, answer: the systolic blood pressure")
    assert "? No dehydration needing IV fluids: not answered (0–3)" in shown["mascc_items"]
    assert "NOT DECIDED" in shown["heading"]
    # One answer more still leaves it open; the last one settles it, as the core says.
    user.fn("iv_fluids_for_dehydration", "no")
    user.check()
    user.type("fn_risk.systolic_bp_mmhg", "88")
    exp = user.check()
    assert exp.assessment.fn_risk.mascc.risk == "high"
    shown = section(window)
    assert shown["mascc_head"].startswith("MASCC 18 of 26 — high risk (20 or less)")
    assert "INPATIENT" in shown["heading"]
    assert "▲ " + criteria_labels()["out_low_sbp"] in shown["criteria"]


def test_cisne_does_not_apply_to_a_haematological_malignancy(user: User, window):
    user.type_all(FEBRILE)
    user.patient_choice("diagnosis", "aml")
    user.fn("clinically_stable", "yes")
    exp = user.check()
    assert exp.assessment.fn_risk.cisne.applicable is False
    shown = section(window)
    assert shown["cisne_head"] == ("CISNE: not applicable — haematological malignancy "
                                   "(CISNE is for solid tumours).")
    assert shown["cisne_items"] == ""
    # No diagnosis: the gate is open, and the score reads "if applicable".
    user.patient_choice("diagnosis", "none")
    exp = user.check()
    assert exp.assessment.fn_risk.cisne.applicable is None
    shown = section(window)
    assert shown["cisne_head"].startswith("CISNE, if applicable: between 0 and ")
    assert "whether it applies is not decided: answer: the diagnosis (tumour type)" in \
        shown["cisne_items"].splitlines()[0]


def test_under_18_mascc_is_not_computed(user: User, window):
    user.type_all(FEBRILE)
    user.type("age_years", "17")
    user.check()
    assert section(window)["mascc_head"] == content.fn_risk_words().under_18
    assert section(window)["mascc_items"] == ""


def test_the_section_comes_forward_with_a_fever_and_steps_back_when_it_goes(
        user: User, window, qtbot):
    tabs = window.bottom_tabs
    user.type_all((("wbc", "1.2"), ("anc", "0.3")))
    assert tabs.currentWidget() is not window.fn_risk  # transfusion and dose
    assert tabs.tabText(tabs.indexOf(window.fn_risk)) == TITLE
    words = content.fn_risk_words()
    assert section(window)["where"] == FN_OPEN  # no temperature: FN not settled
    user.type("temperature_c", "38.6")
    assert tabs.currentWidget() is window.fn_risk and window.fn_risk.isVisible()
    assert tabs.tabText(tabs.indexOf(window.fn_risk)) == TITLE_FEVER
    user.check()
    # The user may go back to the dose while the fever lasts: a new keystroke leaves it.
    tabs.setCurrentIndex(0)
    user.type("anc", "0.25")
    assert tabs.currentWidget() is not window.fn_risk
    user.type("temperature_c", "37.0")
    assert tabs.tabText(tabs.indexOf(window.fn_risk)) == TITLE
    assert section(window)["where"] == words.not_fn
    user.check()
    # For teaching it stays one key away (Alt+K), and shows the scores without a fever.
    window.inputs.rows["wbc"].edit.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentWidget() is window.fn_risk
    assert section(window)["mascc_head"].startswith("MASCC between")
    # A fever comes and goes: it steps back to what was shown before.
    user.type("temperature_c", "39")
    user.type("temperature_c", "36.9")
    assert tabs.currentWidget() is window.fn_risk


def test_why_on_the_disposition_is_the_cores_trace_and_follows_the_inputs(
        user: User, window, qtbot):
    user.type_all(FEBRILE)
    user.patient_choice("diagnosis", "aml")
    user.fn("burden", "severe")
    links = window.fn_risk.links
    rec = next(r for r in assess(user.typed.patient()).recommendations
               if r.id in DISPOSITIONS)
    assert f'href="why:{rec.id}"' in links.text()
    open_why(qtbot, window, len(rec.sources))
    detail = section(window)["detail"]
    assert detail == why_text(rec) and detail.startswith(f"Why? {rec.why.rule}")
    assert "Burden of illness: severe symptoms → 0 points" in detail
    user.check()
    # An answer changes the trace shown at once (the core's, for the new inputs).
    user.fn("copd", "yes")
    rec = next(r for r in assess(user.typed.patient()).recommendations
               if r.id in DISPOSITIONS)
    assert section(window)["detail"] == why_text(rec)
    assert "COPD: yes" in section(window)["detail"]
    user.check()
    # Hide (the link after "Why?") takes it away; Reset forgets it.
    activate_link(window, links, len(rec.sources) + 2)
    qtbot.waitUntil(lambda: window.fn_risk.selection is None)
    assert section(window)["detail"] == "" and "Hide" not in links.text()
    open_why(qtbot, window, len(rec.sources))
    assert section(window)["detail"] == why_text(rec)
    window.reset_action.trigger()
    assert window.fn_risk.selection is None and section(window)["detail"] == ""


def test_answer_the_items_takes_the_focus_to_the_first_item(user: User, window, qtbot):
    user.type_all(FEBRILE)
    go = window.fn_risk.go
    go.setFocus()
    qtbot.keyClick(go, Qt.Key.Key_Tab)  # onto its link
    qtbot.keyClick(go, Qt.Key.Key_Return)
    burden = window.inputs.fn_risk.combos["fn_risk.burden"]
    qtbot.waitUntil(burden.hasFocus)
    assert burden.visibleRegion().boundingRect().height() > 0  # scrolled into view


def test_a_digit_chooses_an_ecog_grade_and_a_mucositis_grade(user: User, window, qtbot):
    user.type_all(FEBRILE)
    for key, digit in (("fn_risk.ecog", "2"), ("fn_risk.mucositis_grade", "3")):
        combo = window.inputs.fn_risk.combos[key]
        combo.setFocus()
        qtbot.waitUntil(combo.hasFocus)
        qtbot.keyClicks(combo, digit)
        assert combo.currentData() == digit
        assert combo.currentText().startswith(f"{digit} — ")
        user.typed.fn[key.partition(".")[2]] = digit
    assert window.statusBar().currentMessage() == ""  # no "not a number field" warning
    user.check()


def test_a_case_file_loads_its_items_into_the_controls_and_reset_clears_them(window, user):
    doc = {"wbc": 1.2, "anc": 0.3, "temperature_c": 38.6, "diagnosis": "solid_tumour",
           "fn_risk": {"burden": "moderate", "systolic_bp_mmhg": 101, "hypotension": None,
                       "copd": True, "ecog": 3, "mucositis_grade": 0, "clinically_stable":
                       False, "chemo_intensity": "high"}}
    window.vm.load_document(doc)
    assert number_rows(window)["fn_risk.systolic_bp_mmhg"].edit.text() == "101"
    assert fn_shown(window) == {
        **dict.fromkeys(FN_CHOICES, "unknown"), "burden": "moderate", "copd": "yes",
        "ecog": "3", "mucositis_grade": "0", "clinically_stable": "no",
        "chemo_intensity": "high"}
    assert window.inputs.fn_risk.combos["fn_risk.ecog"].currentText().startswith(
        "3 — limited self-care")
    assert window.vm.state.assessment == assess(doc)
    assert window.vm.patient_document()["fn_risk"] == {
        "systolic_bp_mmhg": "101", "burden": "moderate", "copd": True, "ecog": 3,
        "mucositis_grade": 0, "clinically_stable": False, "chemo_intensity": "high"}
    assert section(window)["cisne_head"].startswith(
        "CISNE: not applicable — not clinically stable; after high-intensity chemotherapy")
    window.reset_action.trigger()
    assert fn_shown(window) == dict.fromkeys(FN_CHOICES, "unknown")
    assert number_rows(window)["fn_risk.systolic_bp_mmhg"].edit.text() == ""
    assert "fn_risk" not in window.vm.patient_document()
    user.check()


def test_an_invalid_pressure_is_named_under_its_field_and_counts_as_not_entered(
        user: User, window):
    user.type_all(FEBRILE)
    user.patient_choice("diagnosis", "solid_tumour")
    user.fn("burden", "none_or_mild")
    user.type("fn_risk.systolic_bp_mmhg", "400")
    exp = user.check()  # the line under the field, and the rest as if not entered
    row = number_rows(window)["fn_risk.systolic_bp_mmhg"]
    assert row.error.isVisibleTo(window) and row.edit.property("invalid") is True
    assert row.error.text().startswith("Systolic blood pressure 400 mmHg is above the maximum")
    left_out = {k: v for k, v in user.typed.patient().items() if k != "fn_risk"}
    left_out["fn_risk"] = {"burden": "none_or_mild"}
    assert exp.assessment == assess(left_out)
    assert "fix Systolic blood pressure" in section(window)["mascc_items"].splitlines()[0]
    user.type("fn_risk.systolic_bp_mmhg", "120")  # and back
    user.check()
    assert not row.error.isVisibleTo(window)


def test_the_section_reads_at_1024_by_768(user: User, window, qtbot):
    user.type_all(FEBRILE)
    for leaf, value in LOW_RISK.items():
        user.fn(leaf, value)
    user.patient_choice("diagnosis", "solid_tumour")
    qtbot.wait(10)
    panel = window.fn_risk
    assert panel.isVisible()
    inside = QRect(panel.scroll.viewport().mapTo(window, QPoint(0, 0)),
                   panel.scroll.viewport().size())
    assert window.rect().contains(inside)
    # Where to treat and both score headings are on screen without scrolling.
    for name in ("heading", "mascc_head", "cisne_head"):
        fence = panel.fences[name]
        top = fence.mapTo(window, QPoint(0, 0))
        assert inside.contains(QRect(top, fence.size())), name
    line = panel.fontMetrics().lineSpacing()
    assert inside.height() >= 8 * line and inside.width() >= 400


def test_each_item_says_why_it_matters_and_can_be_named_by_a_screen_reader(window):
    inputs = window.inputs.fn_risk
    help_ = content.field_help()
    for key, control in inputs.yes_no.items():
        for value, button in control.buttons.items():
            assert button.toolTip().startswith(help_[key]), key
            assert button.accessibleName().endswith(
                {"unknown": ": not asked", "yes": ": yes", "no": ": no"}[value]), key
    for key, combo in inputs.combos.items():
        assert combo.toolTip().startswith(help_[key]) and combo.accessibleName(), key
        assert combo.itemText(0) == "Not asked" and combo.itemData(0) == "unknown", key
    # Stress hyperglycaemia: definitions differ, and the window never derives it.
    words = content.fn_risk_words().hyperglycaemia_help
    assert words in inputs.yes_no["fn_risk.stress_hyperglycaemia"].buttons["yes"].toolTip()
    # ECOG and the mucositis grade: each grade with its meaning, as the limits allow.
    ecog = inputs.combos["fn_risk.ecog"]
    assert [ecog.itemText(i) for i in range(ecog.count())] == [
        "Not asked", "0 — fully active", "1 — restricted in strenuous activity",
        "2 — ambulatory, no work; up over half the day",
        "3 — limited self-care; in bed or chair over half the day",
        "4 — completely disabled"]
    mucositis = inputs.combos["fn_risk.mucositis_grade"]
    assert mucositis.itemText(3) == "2 — moderate pain; modified diet"
    sbp = number_rows(window)["fn_risk.systolic_bp_mmhg"]
    assert sbp.edit.accessibleName() == "Systolic blood pressure"
    assert "Allowed: 40 to 300 mmHg" in sbp.edit.toolTip() and sbp.unit.text() == "mmHg"
    for name, label in window.fn_risk.labels.items():
        assert label.accessibleName(), name


def test_a_case_saved_with_its_items_opens_with_them_and_teaches_the_disposition(
        window, qtbot, tmp_path):
    from leukodesk.case_check import check_case
    from leukodesk.cases import load_case
    from leukodesk.ui.teaching.case_dialog import CaseDetails

    path = tmp_path / "fn.json"
    window.cases.use_choosers(
        open_path=lambda *_: str(path), save_path=lambda *_: str(path),
        details=lambda _w, defaults, _refused: CaseDetails("FN", "", ()),
        tell=lambda *_: None)
    window.cases.open_shipped("fn_low_risk_outpatient")
    before, items = window.vm.patient_document(), fn_shown(window)
    assert items["clinically_stable"] == "yes" and items["ecog"] == "1"
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    case = load_case(path)
    assert case.inputs["fn_risk"]["systolic_bp_mmhg"] == 128  # a number, as written
    assert case.expect["fn_risk.disposition"] == "outpatient_candidate"
    assert case.expect["fn_risk.mascc.score"] == 26 and check_case(case) == []
    window.reset_action.trigger()
    assert fn_shown(window) == dict.fromkeys(FN_CHOICES, "unknown")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.vm.patient_document() == before and fn_shown(window) == items


def test_each_answer_emits_one_state_and_the_same_answer_none(user: User, window):
    user.type_all(FEBRILE)
    states: list = []
    window.vm.state_changed.connect(states.append)
    # One state per key that changes an answer (the arrow keys step through the grades).
    for leaf, value, emitted in (("copd", "yes", 1), ("copd", "no", 1), ("ecog", "3", 4),
                                 ("copd", "no", 0), ("ecog", "3", 0), ("burden", "severe", 3),
                                 ("copd", "unknown", 2)):
        states.clear()
        user.fn(leaf, value)
        assert len(states) == emitted, (leaf, value)
        user.check()
    window.vm.state_changed.disconnect(states.append)
    # Back to "not asked": the item leaves the document (the core reads it as unknown).
    assert "copd" not in window.vm.patient_document()["fn_risk"]
