"""Opening a case in one step (issue 5): ``ViewModel.load_document`` replaces every text,
tick, choice, the ANC mode and the units, emits one ``texts_replaced`` and one state, and
the window then shows exactly what the core computes for the case file. A document the
window cannot hold is refused and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from ui_driver import (
    DEFAULT_CHOICES,
    DEFAULT_UNITS,
    FN_CHOICES,
    TRI_STATE,
    Typed,
    assert_window_shows,
    fn_shown,
    number_rows,
    shown,
)

from leukodesk.cases import list_cases, load_case
from leukodesk.core import assess
from leukodesk.core.contract.units import to_decimal
from leukodesk.ui.draft import PATIENT_FLAGS
from leukodesk.ui.main_window import MainWindow


def typed_for(doc: dict[str, Any]) -> Typed:
    """What a user would have typed to enter this document: the test's own reading."""
    typed = Typed(units={**DEFAULT_UNITS, **(doc.get("units") or {})},
                  choices=dict(DEFAULT_CHOICES))
    for key, value in doc.items():
        if key in ("differential", "lln"):
            for leaf, number in value.items():
                typed.texts[f"{key}.{leaf}"] = format(to_decimal(number), "f")
        elif key in PATIENT_FLAGS:
            if value:
                typed.flags.add(key)
        elif key == "anc_expected_below_0_5_within_48h":
            typed.choices[key] = next(w for w, v in TRI_STATE.items() if v is value)
        elif key in ("diagnosis", "planned_procedure", "bleeding"):
            typed.choices[key] = value
        elif key == "active_bleeding":  # the 2026.1 box: clinically significant bleeding
            if value and doc.get("bleeding") is None:
                typed.choices["bleeding"] = "clinically_significant"
        elif key == "fn_risk":  # the pressure typed, every other item chosen
            for leaf, answer in (value or {}).items():
                if leaf == "systolic_bp_mmhg":
                    typed.texts[f"fn_risk.{leaf}"] = format(to_decimal(answer), "f")
                elif answer is not None:
                    typed.fn[leaf] = next(w for w, v in TRI_STATE.items() if v is answer) \
                        if isinstance(answer, bool) else str(answer)
        elif key == "history":   # the earlier counts as the table holds them (RULES §13)
            typed.history = [{k: v if isinstance(v, str | dict) else format(to_decimal(v), "f")
                              for k, v in row.items()} for row in value]
        elif key in ("counts_time", "last_chemo_at"):
            typed.texts[key] = value
        elif key != "units":
            typed.texts[key] = format(to_decimal(value), "f")
    typed.mode = "differential" if "differential" in doc else "anc"
    return typed


def load(window: MainWindow, doc: dict[str, Any]) -> tuple[list, list]:
    states: list = []
    replaced: list = []
    window.vm.state_changed.connect(states.append)
    window.vm.texts_replaced.connect(replaced.append)
    try:
        window.vm.load_document(doc)
    finally:
        window.vm.state_changed.disconnect(states.append)
        window.vm.texts_replaced.disconnect(replaced.append)
    window.reveal_errors_now()
    return states, replaced


def assert_widgets_hold(window: MainWindow, typed: Typed) -> None:
    """Every input widget shows the document: texts, ticks, choices, units, mode."""
    rows = number_rows(window)
    for key, row in rows.items():
        assert row.edit.text() == typed.texts.get(key, ""), key
    for key, box in window.inputs.flags.items():
        assert box.isChecked() == (key in typed.flags), key
    for key, combo in window.inputs.choices.items():
        assert combo.currentData() == typed.choices[key], key
    for group, combo in window.inputs.unit_combos.items():
        assert combo.currentData() == typed.units[group], group
    assert window.dose.weight_unit.currentData() == typed.units["weight"]
    assert window.inputs.diff_radio.isChecked() == (typed.mode == "differential")
    assert window.inputs.anc_radio.isChecked() == (typed.mode == "anc")
    assert fn_shown(window) == {leaf: typed.fn.get(leaf, "unknown") for leaf in FN_CHOICES}


def test_every_shipped_case_opens_in_one_step_and_shows_what_the_core_computes(window):
    # One window, case after case: each load also replaces everything the last one set.
    for name in list_cases():
        case = load_case(name)
        states, replaced = load(window, case.inputs)
        assert len(states) == 1 and states[0] is window.vm.state, name
        assert len(replaced) == 1, name
        typed = typed_for(case.inputs)
        assert_widgets_hold(window, typed)
        exp = assert_window_shows(window, typed)
        if case.expect_errors:
            assert {e.field for e in case.expect_errors} == set(window.vm.state.errors)
        else:   # the very result of the case file, not only of what the window typed
            assert exp.valid and window.vm.state.assessment == assess(case.inputs), name


def test_the_window_accepts_the_user_after_loading(window, user):
    window.vm.load_document(load_case("fn_at_38_3_no_high_risk").inputs)
    user.typed = typed_for(load_case("fn_at_38_3_no_high_risk").inputs)
    user.type("temperature_c", "38.2")   # below the fever threshold now
    exp = user.check()
    assert exp.assessment is not None and exp.assessment.febrile_neutropenia is False


def test_loading_replaces_what_the_user_had_entered(window, user):
    user.type("wbc", "2.5")
    user.type("anc", "0.4")
    user.patient_choice("bleeding", "clinically_significant")
    user.patient_choice("diagnosis", "aml")
    user.unit("temperature", "F")
    doc = load_case("cmml").inputs   # a differential, canonical units, no ticks
    states, _ = load(window, doc)
    assert len(states) == 1
    typed = typed_for(doc)
    assert_widgets_hold(window, typed)
    assert window.vm.text("anc") == "" and window.vm.choice("bleeding") == "none"
    assert_window_shows(window, typed)


def refused_changes_nothing(window, said: str, *refused) -> None:
    """``load_document(*refused)`` raises ``said`` and leaves the window as it was."""
    window.reveal_errors_now()
    before_state, before_shown = window.vm.state, shown(window)
    before_texts = {k: r.edit.text() for k, r in number_rows(window).items()}
    states: list = []
    window.vm.state_changed.connect(states.append)
    window.vm.texts_replaced.connect(states.append)
    with pytest.raises(ValueError, match=said):
        window.vm.load_document(*refused)
    assert states == []
    assert window.vm.state is before_state and shown(window) == before_shown
    assert {k: r.edit.text() for k, r in number_rows(window).items()} == before_texts


@pytest.mark.parametrize(("doc", "said"), [
    ({"wbc": 3, "temp": 38}, "temp: not an input"),
    ({"wbc": 3, "differential": {"segs": 40}}, "differential.segs"),
    ({"wbc": 3, "units": {"count": "cells/uL"}}, "units.count"),
    ({"wbc": 3, "units": {"counts": "per litre"}}, "unknown unit"),
    ({"wbc": 3, "duffy_null": "yes"}, "duffy_null: expected true or false"),
    ({"wbc": 3, "diagnosis": "leukaemia"}, "diagnosis"),
    ({"wbc": 3, "anc_expected_below_0_5_within_48h": "unknown"}, "true, false or null"),
    ({"wbc": True}, "wbc: expected a number"),
    ({"wbc": [3]}, "wbc: expected a number"),
    ({"wbc": 3, "anc": 1, "differential": {"segs_pct": 40}}, "not both"),
    ([{"wbc": 3}], "one JSON object"),
])
def test_a_document_the_window_cannot_hold_changes_nothing(window, doc, said):
    window.vm.load_document(load_case("post_chemo_fn_high_risk").inputs)
    refused_changes_nothing(window, said, doc)


def test_a_dose_request_loads_its_choices_and_tolerance_in_the_same_step(window, user):
    user.type("tolerance_pct", "40")   # the user's, replaced by the case's
    doc = {"wbc": 1.8, "anc": 0.6, "weight_kg": 78}
    request = {"weight_kg": 78, "presentation_set": "us_vials", "tolerance_pct": 25,
               "product": None}
    states: list = []
    replaced: list = []
    window.vm.state_changed.connect(states.append)
    window.vm.texts_replaced.connect(replaced.append)
    window.vm.load_document(doc, request)
    window.vm.state_changed.disconnect(states.append)
    window.vm.texts_replaced.disconnect(replaced.append)
    assert len(states) == 1 and len(replaced) == 1
    assert replaced[0]["tolerance_pct"] == "25"
    assert window.vm.text("tolerance_pct") == "25"
    assert window.dose.tolerance.edit.text() == "25"
    assert window.vm.choice("presentation_set") == "us_vials"
    assert window.vm.choice("product") == "filgrastim"   # null: the standard choice
    assert window.vm.state.dose.within_tolerance is True
    typed = typed_for(doc)
    typed.texts["tolerance_pct"] = "25"
    typed.dose_choices = {"presentation_set": "us_vials"}
    assert_window_shows(window, typed)
    window.vm.load_document(doc)   # no dose request: no tolerance, the standard choices
    assert window.vm.text("tolerance_pct") == ""
    assert window.vm.choice("presentation_set") == "us_syringes"


@pytest.mark.parametrize(("doc", "request_", "said"), [
    ({"wbc": 3, "weight_kg": 78}, {"weight_kg": 70}, "weight_kg is 78 kg"),
    ({"wbc": 3, "weight_kg": 78}, {"weight": 78, "weight_unit": "lb"}, "78 lb"),
    ({"wbc": 3, "weight_kg": 78, "units": {"weight": "lb"}}, {"weight_kg": 78},
     "weight_kg is 78 lb"),
    ({"wbc": 3}, {"weight_kg": 70}, "the inputs give no weight_kg"),
    ({"wbc": 3, "weight_kg": 78, "tolerance_pct": 20}, {"weight_kg": 78, "tolerance_pct": 25},
     "tolerance_pct is 20 %"),
    ({"wbc": 3, "weight_kg": 78, "tolerance_pct": 20}, {"weight_kg": 78},
     r"10 % \(not given\)"),
    ({"wbc": 3, "weight_kg": 78}, {"weight_kg": 78, "first_dose_at": "2026-03-03T10:00"},
     "dose_request.first_dose_at: the window has no field"),
    ({"wbc": 3, "weight_kg": 78}, {"weight_kg": 78, "product": 3}, "not a dose choice"),
    ({"wbc": 3, "weight_kg": 78}, [78], "dose_request: expected an object"),
])
def test_a_dose_request_the_window_cannot_show_changes_nothing(window, doc, request_, said):
    window.vm.load_document(load_case("filgrastim_78kg_tie").inputs,
                            load_case("filgrastim_78kg_tie").dose_request)
    refused_changes_nothing(window, said, doc, request_)
    assert window.vm.choice("presentation_set") == "us_vials"


def test_the_flags_the_view_model_reads_are_the_windows_ticks(window):
    assert set(PATIENT_FLAGS) == set(window.inputs.flags)
