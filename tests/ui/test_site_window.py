"""The site configuration in the window (RULES §16): the status bar names the site and its
hash; a refused file runs on the built-in defaults, says so on the status bar and on every
note, PDF and worksheet, and withholds presentations and volumes until the user confirms
the presentation set."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from pdf_check import read_pdf
from PySide6.QtWidgets import QLabel, QMessageBox
from ui_driver import User

from leukodesk.core import assess
from leukodesk.core.config.read import read_config
from leukodesk.ui.handoff.dialog import HandoffChoice
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.panels.dose import dose_view
from leukodesk.ui.panels.sidebars import transfusion_view
from leukodesk.ui.site import config_argument, load_site
from leukodesk.ui.site_state import WITHHELD

GOOD = ('[site]\nname = "St Elsewhere"\n[procedures.central_line]\nthreshold = 50\n'
        'source = "Transfusion policy 2026, s.4"\n[notes]\n'
        'plt_procedure = "Blood bank: ext 1234"\n')
BAD = GOOD + "[lln]\nwbc = 99\n"
AT = datetime(2026, 3, 14, 9, 30)


def site_label(window: MainWindow) -> QLabel:
    label = window.statusBar().findChild(QLabel, "site_label")
    assert label is not None and label.isVisible()
    return label


def open_site(window: MainWindow, tmp_path: Path, text: str) -> Path:
    """Run ``window`` on a site file holding ``text`` (as loaded at start)."""
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    window.site.set(load_site(str(path)))
    return path


def type_patient(user: User) -> None:
    for key, text in (("wbc", "3"), ("platelets", "30"), ("weight_kg", "72")):
        user.type(key, text)
    user.patient_choice("planned_procedure", "central_line")


def test_no_file_says_built_in_defaults(window: MainWindow) -> None:
    assert site_label(window).text() == "No site configuration: built-in defaults"
    assert window.vm.state.site.config is None


def test_a_good_file_is_named_with_its_hash_and_its_threshold_is_used(
        user: User, window: MainWindow, tmp_path: Path) -> None:
    path = open_site(window, tmp_path, GOOD)
    short = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert site_label(window).text() == f"Site: St Elsewhere (configuration {short})"
    type_patient(user)
    state = window.vm.state
    # what is shown is the core's result for these inputs and this site
    assert state.assessment == assess(state.document, site=read_config(path).config)
    assert state.assessment.platelet_transfusion.transfuse_now is True   # 30 < 50
    assert ("transfuse below 50 ×10⁹/L (this site's: Transfusion policy 2026, s.4)"
            in transfusion_view(state).text)
    assert WITHHELD not in dose_view(state).result
    assert "mL" in dose_view(state).result
    note = window.handoff.copy_note()
    assert note is not None and f"Site: St Elsewhere (configuration {short})" in note
    assert "Local note: Blood bank: ext 1234" in " ".join(note.split())


def test_a_bad_file_runs_on_defaults_says_so_and_withholds_volumes(
        user: User, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    open_site(window, tmp_path, BAD)
    label = site_label(window)
    assert label.text() == ("Site configuration refused: built-in defaults; presentations "
                            "and volumes withheld")
    assert "config.lln.wbc (line 9)" in label.toolTip()
    type_patient(user)
    state = window.vm.state
    assert state.assessment == assess(state.document)   # the built-in rule set
    assert state.assessment.platelet_transfusion.transfuse_now is False   # 30 ≥ 20
    shown = dose_view(state)
    assert "Dose: 360 mcg/day" in shown.result and WITHHELD in shown.result
    assert "mL" not in shown.result + shown.formula
    assert "syringe" not in shown.result + shown.formula
    # the action line, first and large, is the core's: the dose alone, no container
    assert shown.action.startswith("Give 360 mcg") and WITHHELD in shown.action
    assert not any(w in window.dose.action.text() for w in ("mL", "vial", "syringe"))
    note = window.handoff.copy_note()
    assert note is not None
    assert "Site configuration refused:" in note and "built-in defaults" in note
    assert " mL" not in note
    assert "Action: Give 360 mcg filgrastim" in note   # the dose itself is never withheld
    # the worksheet, read back from its PDF
    window.handoff.use_choosers(choose=lambda *a: HandoffChoice("a4", "", "pdf"),
                                choose_path=lambda *a: str(tmp_path / "w.pdf"),
                                choose_printer=lambda *a: None, clock=lambda: AT)
    pdf = read_pdf(Path(window.handoff.worksheet()).read_bytes())
    assert pdf.has("Site configuration refused:") and pdf.has("built-in defaults")
    assert pdf.has("Presentations and volumes withheld") and not pdf.has(" mL")
    assert pdf.has("Give 360 mcg filgrastim")
    # the user confirms the presentation set: volumes come back, the refusal still shows
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.site.confirm_action.trigger()
    assert not window.site.confirm_action.isEnabled()
    shown = dose_view(window.vm.state)
    assert WITHHELD not in shown.result and "mL" in shown.result
    assert WITHHELD not in shown.action and "mL" in shown.action
    assert label.text() == "Site configuration refused: built-in defaults"
    assert "Site configuration refused:" in (window.handoff.copy_note() or "")


def test_declining_the_confirmation_keeps_volumes_withheld(
        user: User, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = open_site(window, tmp_path, BAD)
    type_patient(user)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    window.site.confirm_action.trigger()
    assert WITHHELD in dose_view(window.vm.state).result
    # a valid file loaded later ends the withholding
    path.write_text(GOOD, encoding="utf-8")
    window.site.set(load_site(str(path)))
    assert WITHHELD not in dose_view(window.vm.state).result
    assert not window.site.confirm_action.isEnabled()


def test_the_window_reads_config_from_its_arguments() -> None:
    assert config_argument(["leukodesk", "--config", "a.toml"]) == "a.toml"
    assert config_argument(["leukodesk", "--config=b.toml", "-platform", "xcb"]) == "b.toml"
    assert config_argument(["leukodesk"]) is None


def test_the_empty_lln_fields_show_the_defaults_in_force(user: User, window: MainWindow,
                                                         tmp_path: Path) -> None:
    edit = user.edit("lln.platelets")
    assert edit.placeholderText() == "150"
    open_site(window, tmp_path, GOOD + "[lln]\nplatelets = 140\n")
    assert edit.placeholderText() == "140"
    user.type("wbc", "5")
    user.type("platelets", "145")
    assert window.vm.state.assessment.effective_lln.platelets == 140   # what the field says
    user.unit("counts", "cells/uL")
    assert edit.placeholderText() == "140000"
    open_site(window, tmp_path, BAD)   # refused: the built-in default again
    assert edit.placeholderText() == "150000"


def test_the_sites_units_are_the_windows_until_the_user_has_saved_their_own(
        qtbot, tmp_path: Path) -> None:
    from leukodesk.ui.settings_store import SettingsStore, UiPreferences

    path = tmp_path / "site.toml"
    path.write_text(GOOD + '[units]\ncounts = "cells/uL"\n', encoding="utf-8")
    store = SettingsStore(str(tmp_path / "prefs.ini"))
    site = load_site(str(path))
    first = MainWindow(store)   # as install_site does at start, with this file found
    qtbot.addWidget(first)
    first.site.set(site)
    first.site.take_units(site)
    assert first.vm.unit("counts").value == "cells/uL"
    assert first.inputs.unit_combos["counts"].currentData() == "cells/uL"
    store.save(UiPreferences())   # the user's own (×10⁹/L), kept from a session
    later = MainWindow(store)
    qtbot.addWidget(later)
    later.site.set(site)
    later.site.take_units(site)
    assert later.vm.unit("counts").value == "10^9/L"


STOCK = ('[site]\nname = "EU Hospital"\n[[dosing.presentation_sets.pharmacy]]\n'
         'product = "filgrastim"\nmcg = 480\nml = 0.5\nkind = "syringe"\n'
         'source = "Formulary 2026, item 12"\n')


def test_the_dose_draws_from_the_sites_own_stock_until_another_set_is_chosen(
        user: User, window: MainWindow, tmp_path: Path) -> None:
    open_site(window, tmp_path, STOCK)
    for key, text in (("wbc", "3"), ("weight_kg", "100")):   # 500 mcg
        user.type(key, text)
    combo = window.dose.combos["presentation_set"]
    assert combo.currentData() == ""   # the site's stock, first
    action = window.dose.action.text()
    assert "480 mcg/0.5 mL" in action and "this site's stock" in action
    assert window.vm.state.dose.nearest_presentation.startswith("480 mcg/0.5 mL")
    # a built-in set the site does not stock is refused, naming the field
    combo.setCurrentIndex(combo.findData("us_vials"))
    assert window.vm.state.dose is None
    assert "not stocked at this site" in window.dose.choice_error.text()
    # Reset keeps the site's stock as the first choice
    window.reset_action.trigger()
    assert window.vm.choice("presentation_set") == ""


def test_opening_a_case_keeps_the_sites_stock_as_the_presentations(
        window: MainWindow, tmp_path: Path) -> None:
    open_site(window, tmp_path, STOCK)
    window.vm.load_document({"wbc": 3, "weight_kg": 100}, {"weight_kg": 100})
    assert window.vm.choice("presentation_set") == ""
    assert "this site's stock" in window.vm.state.dose.nearest_presentation
    window.vm.load_document({"wbc": 3, "weight_kg": 100},
                            {"weight_kg": 100, "presentation_set": "us_vials"})
    assert window.vm.choice("presentation_set") == "us_vials"   # a case's own choice wins
