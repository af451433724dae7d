"""The dose panel's action line (RULES §10, 2026.2): first, large, the core's own words for
the inputs on screen; the products and brands of RULES §15 chosen from the keyboard; the
age read for the fixed doses; no product name cut short."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from leukodesk.core.dosing.calc import calculate_dose


def action_label(window) -> QLabel:
    label = window.findChild(QLabel, "dose_action_label")
    assert label is not None
    return label


def core_action(window) -> str:
    return calculate_dose(window.vm.dose_document()).action


def test_the_action_line_comes_first_and_is_the_cores(user, window, unstyled_afterwards):
    assert action_label(window).text() == ""            # no dose yet: no action
    user.type_all((("wbc", "5"), ("weight_kg", "72")))
    label = action_label(window)
    assert label.text() == core_action(window) == (
        "Give 360 mcg filgrastim: 1.2 mL of 300 mcg/mL (two 300 mcg/1 mL vials)")
    # large and bold by the stylesheet, at every zoom and in presentation mode
    from PySide6.QtWidgets import QApplication

    from leukodesk.ui.run import apply_style

    apply_style(QApplication.instance(), window)
    for presenting in (False, True):
        if presenting:
            window.appearance.enter_presentation()
        QApplication.processEvents()
        assert label.font().bold()
        assert label.font().pointSizeF() > window.dose.result.font().pointSizeF() * 1.1
        assert label.font().pointSizeF() > QApplication.font().pointSizeF() * 1.1
    window.appearance.leave_presentation()
    assert label.font().bold()
    top = label.mapTo(window.dose, QPoint(0, 0)).y()
    for widget in (window.dose.weight.edit, window.dose.result, window.dose.formula):
        assert top < widget.mapTo(window.dose, QPoint(0, 0)).y()
    user.type("weight_kg", "120")                        # 600 mcg: two 300 mcg syringes
    assert label.text() == core_action(window) == (
        "Give 600 mcg filgrastim: two 300 mcg/0.5 mL prefilled syringes")
    user.type("weight_kg", "")
    assert label.text() == ""


def test_a_pharmacists_keyboard_path_to_a_fixed_dose(user, window, qtbot):
    user.type_all((("wbc", "5"), ("weight_kg", "70")))
    brand = window.dose.combos["brand"]
    brand.setFocus()
    qtbot.waitUntil(brand.hasFocus)
    qtbot.keyClicks(brand, "Rolv")                      # keyboard search in the box
    assert brand.currentData() == "rolvedon"
    assert window.dose.combos["product"].currentData() == "eflapegrastim"
    # No age: the fixed dose is refused under the Age field, and nothing is to be given.
    assert action_label(window).text() == ""
    assert "age" in window.vm.state.errors["age_years"].lower()
    user.type("age_years", "17")
    assert action_label(window).text() == "" and "18" in window.vm.state.errors["age_years"]
    user.type("age_years", "18")
    assert action_label(window).text() == core_action(window) == (
        "Give 13.2 mg eflapegrastim-xnst (Rolvedon): one 13.2 mg/0.6 mL prefilled syringe, "
        "all of it (no partial doses)")
    assert not window.dose.combos["presentation_set"].isEnabled()   # the brand's own syringe
    # Enter moves on from the box as Tab does.
    qtbot.keyClick(brand, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is not brand


def test_a_product_that_is_not_the_brands_drops_the_brand(user, window):
    user.type_all((("wbc", "5"), ("weight_kg", "96")))
    user.choose(window.dose.combos["brand"], "zarxio")
    assert window.vm.choice("product") == "filgrastim"
    assert action_label(window).text() == (
        "Give 480 mcg filgrastim-sndz (Zarxio): one 480 mcg/0.8 mL prefilled syringe")
    user.choose(window.dose.combos["product"], "pegfilgrastim")
    assert window.vm.choice("brand") == "" and window.dose.combos["brand"].currentData() == ""
    assert action_label(window).text() == (
        "Give 6 mg pegfilgrastim: one 6 mg/0.6 mL prefilled syringe")
    assert window.vm.state.errors == {}


def test_no_product_name_is_cut_short_at_1024_by_768(window):
    combo: QComboBox = window.dose.combos["product"]
    assert window.size().width() == 1024
    widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                 for i in range(combo.count()))
    assert combo.width() >= widest + 24          # the text and the arrow


def test_the_stop_rule_reads_the_latest_anc_and_the_nadir_from_the_keyboard(user, window,
                                                                           qtbot):
    user.type_all((("wbc", "15"), ("weight_kg", "60")))
    edit = window.dose.latest_anc.edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "12")
    assert window.vm.dose_document()["latest_anc"] == "12"
    codes = {w.code for w in window.vm.state.dose.warnings}
    assert "transient_rise" in codes and "stop_anc_above_10" not in codes
    assert "Do not stop on it" in window.dose.result.text()
    nadir = window.dose.combos["past_nadir"]
    qtbot.keyClick(edit, Qt.Key.Key_Tab)                 # on to the nadir box
    assert QApplication.focusWidget() is nadir
    qtbot.keyClicks(nadir, "Pa")                          # "Passed"
    assert nadir.currentData() == "yes" and window.vm.choice("past_nadir") == "yes"
    assert "after the expected nadir: stop filgrastim" in window.dose.result.text()
    assert window.vm.state.dose == calculate_dose(window.vm.dose_document())
    user.type("weight_kg", "60")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "10")                           # 10 is not above 10
    assert not {"transient_rise", "stop_anc_above_10"} & {
        w.code for w in window.vm.state.dose.warnings}
    edit.selectAll()
    qtbot.keyClicks(edit, "5000")                         # beyond its limit: named, no dose
    assert "latest_anc" in window.vm.state.errors and action_label(window).text() == ""


def test_the_indications_own_time_is_asked_and_read(user, window, qtbot):
    user.type_all((("wbc", "5"), ("weight_kg", "70")))
    times = window.dose.times
    assert all(row.edit.isHidden() for row in times.values())      # chemotherapy: none
    user.choose(window.dose.combos["indication"], "bmt")
    assert not times["bmt_infusion_at"].edit.isHidden()
    assert times["first_apheresis_at"].edit.isHidden()
    edit = times["bmt_infusion_at"].edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "03.03.2026 10:00")                       # a dotted date, as typed
    d = window.vm.state.dose
    assert d == calculate_dose(window.vm.dose_document())
    assert d.timing.earliest_first_dose_at.isoformat() == "2026-03-04T10:00:00"
    assert "Earliest first dose: 2026-03-04 10:00" in window.dose.result.text()
    assert "Titrate by the ANC" in window.dose.result.text()
    assert "bmt_infusion_at" not in window.vm.patient_document()   # the dose's own
    user.choose(window.dose.combos["indication"], "mobilization")
    assert "bmt_infusion_at" not in window.vm.dose_document()      # not this indication's
    row = times["first_apheresis_at"]
    assert not row.edit.isHidden() and times["bmt_infusion_at"].edit.isHidden()
    row.edit.setFocus()
    qtbot.keyClicks(row.edit, "2026-03-10T10:00")
    assert "Start no later than: 2026-03-06 10:00" in window.dose.result.text()
    row.edit.selectAll()
    qtbot.keyClicks(row.edit, "tomorrow")                           # refused, named
    assert "first_apheresis_at" in window.vm.state.errors
