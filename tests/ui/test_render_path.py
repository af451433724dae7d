"""One render path that cannot go stale: state → each panel's view data → paint, skipped only
when the view data equals the last painted.

- The guard itself (``Painter``): equal views are skipped, any difference is painted, and a
  paint that failed is painted again.
- Every field of every panel's view data reaches the real widgets: a view differing in one
  field alone is painted, and Qt then holds exactly it.
- A change the panel does not show leaves it unpainted; a change it shows paints it.
- The check the sweeps make after every keystroke fails on a panel left stale.
- A seeded walk of a user typing, ticking and choosing, checked after every key event.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from PySide6.QtWidgets import QApplication
from ui_driver import HOLDS, User, expected_for, expected_views

from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.panels.advice_list import AdviceItem
from leukodesk.ui.panels.gauge_scale import GaugeReading
from leukodesk.ui.panels.painter import Painter
from leukodesk.ui.panels.sidebars import PitfallRow
from leukodesk.ui.panels.status import StatusView

FEBRILE = (("wbc", "2.1"), ("anc", "0.4"), ("platelets", "15"), ("temperature_c", "38.3"),
           ("weight_kg", "70"))


def painters(window: MainWindow) -> dict[str, Painter]:
    return {"inputs": window.inputs.painter, "gauge": window.gauge.painter,
            "advice": window.advice.painter, "dose": window.dose.painter,
            "transfusion": window.transfusion.painter, "pitfalls": window.pitfalls.painter,
            "status": window.status_painter, "fn_risk": window.fn_risk.painter}


# --- the guard ---------------------------------------------------------------------------------
def test_the_guard_skips_an_equal_view_and_paints_any_other():
    painted: list = []
    painter = Painter(painted.append)
    assert painter.show(("a", 1)) and painter.show(("a", 2))
    assert not painter.show(("a", 2))          # equal: skipped
    assert not painter.show(("a", 1 + 1))      # equal, made afresh: skipped too
    assert painter.show(("b", 2))
    assert painted == [("a", 1), ("a", 2), ("b", 2)] and painter.paints == 3
    assert painter.painted == ("b", 2)


def test_a_paint_that_failed_is_painted_again():
    calls: list = []

    def paint(view):
        calls.append(view)
        if view == "boom" and len(calls) == 2:
            raise RuntimeError("paint failed")

    painter = Painter(paint)
    painter.show("calm")
    with pytest.raises(RuntimeError):
        painter.show("boom")
    assert painter.painted is None  # half painted counts as nothing painted
    assert painter.show("boom")      # the same view again: painted, not skipped
    assert painter.show("calm")
    assert calls == ["calm", "boom", "boom", "calm"]


# --- every part of every view reaches the widgets -------------------------------------------
def changed(value, name: str):
    """A value of the same kind as ``value`` that differs from it (for the field ``name``)."""
    if name == "tone":
        return "warning" if value != "warning" else "ok"
    if name == "weight_error" or (name == "problem"):
        # a field's problem: its message, and the one-click reading it may offer
        message = f"{value[0] if value else ''} (changed)".strip()
        return [(message, None), (message, "Use 1 ×10⁹/L")]
    if isinstance(value, tuple) and value and all(v is None or isinstance(v, tuple)
                                                  for v in value):
        # the inputs: the first field's problem, and the last's
        return [*((changed(value[0], "problem")[i], *value[1:]) for i in (0, 1)),
                (*value[:-1], changed(value[-1], "problem")[0])]
    if isinstance(value, bool):
        return not value
    if value is None or isinstance(value, str):
        return f"{value or ''} (changed)".strip()
    if isinstance(value, StatusView):
        return [value._replace(head=value.head + "!"), value._replace(tail=value.tail + "!")]
    if isinstance(value, tuple) and value and isinstance(value[0], str | None):
        # the first field's problem, and the last's
        return [(changed(value[0], name), *value[1:]), (*value[:-1], changed(value[-1], name))]
    if name == "invalid_choices":
        return ("product",) if value != ("product",) else ()
    if isinstance(value, tuple) and value and isinstance(value[0], AdviceItem | PitfallRow):
        first = value[0]
        out = [value[::-1]] if len(value) > 1 else []  # the same rows in another order
        for f in dataclasses.fields(first):
            if f.name not in ("key", "id"):
                new = changed(getattr(first, f.name), f.name)
                if f.name == "kind":
                    new = "urgent" if first.kind != "urgent" else "info"
                out.append((dataclasses.replace(first, **{f.name: new}), *value[1:]))
        return out
    raise AssertionError(f"no change written for {name}={value!r}")


def variants(view) -> list[tuple[str, object]]:
    """Views that differ from ``view`` in one part each, named by that part."""
    if isinstance(view, GaugeReading):
        return [("anc", dataclasses.replace(view, anc=view.anc + 0.01)),
                ("head", dataclasses.replace(view, head=view.head + "!")),
                ("detail", dataclasses.replace(view, detail=view.detail + "0")),
                ("marks", dataclasses.replace(view, marks=("lymphocytes CTCAE grade 3/4",))),
                ("act_now", dataclasses.replace(view, act_now=not view.act_now)),
                ("basis", dataclasses.replace(view, basis="wbc_bound", anc=None)),
                ("level", dataclasses.replace(view, level=(view.level + 1) % 5)), ("none", None)]
    if not dataclasses.is_dataclass(view):
        found = changed(view, "view")
        return [("view", v) for v in (found if isinstance(found, list) else [found])]
    out = []
    for f in dataclasses.fields(view):
        found = changed(getattr(view, f.name), f.name)
        for new in found if isinstance(found, list) else [found]:
            out.append((f.name, dataclasses.replace(view, **{f.name: new})))
    return out


@pytest.mark.parametrize("panel", list(HOLDS))
def test_a_view_that_differs_in_any_one_part_is_painted_and_held(user: User, window, panel):
    user.type_all(FEBRILE)
    painter = painters(window)[panel]
    start = painter.painted
    tried = 0
    for part, view in variants(start):
        before = painter.paints
        assert painter.show(view), (panel, part)
        assert painter.paints == before + 1
        window.reveal_errors_now()
        if part != "relax":  # going back to the first size: an act, not something shown
            HOLDS[panel](window, view)
        assert painter.show(start) and painter.paints == before + 2  # and back
        HOLDS[panel](window, start)
        tried += 1
    assert tried >= 2


# --- what a panel does not show leaves it alone ------------------------------------------------
def paints(window: MainWindow) -> dict[str, int]:
    return {name: p.paints for name, p in painters(window).items()}


def test_a_new_weight_paints_the_dose_and_what_shows_the_weight_and_nothing_else(user, window):
    user.type_all(FEBRILE)
    dose_text = window.dose.result.text()
    before = paints(window)
    user.type("weight_kg", "71", check_each=True)  # "7", then "71"
    after = paints(window)
    painted = {name for name in after if after[name] != before[name]}
    # The status line says the weight it rests on; advice, gauge, transfusion, pitfalls
    # and the fields' problems do not change with it.
    assert painted == {"dose", "status"}
    assert window.dose.result.text() != dose_text and "355 mcg" in window.dose.result.text()


def test_a_new_platelet_count_leaves_the_dose_unpainted(user, window):
    user.type_all(FEBRILE)
    before = paints(window)
    user.type("platelets", "16", check_each=True)
    after = paints(window)
    assert after["dose"] == before["dose"]
    assert after["transfusion"] > before["transfusion"] or \
        window.transfusion.label.text() == expected_views(
            window, expected_for(user.typed)).transfusion.text
    assert after["status"] == before["status"] + 2  # "plt 1", "plt 16"


# --- a stale panel fails the check -------------------------------------------------------------
STALE = {  # panel → (what the window calls to show it, a change the panel shows)
    "inputs": ("inputs", ("wbc", "2100")), "gauge": ("gauge", ("anc", "1.6")),
    "advice": ("advice", ("temperature_c", "37")), "dose": ("dose", ("weight_kg", "60")),
    "transfusion": ("transfusion", ("platelets", "60")),
    "pitfalls": ("pitfalls", ("wbc", "x")), "status": ("status", ("platelets", "60")),
    "fn_risk": ("fn_risk", ("age_years", "12"))}


@pytest.mark.parametrize("panel", list(STALE))
def test_the_check_after_a_keystroke_fails_on_a_stale_panel(user: User, window, monkeypatch,
                                                            panel):
    user.type_all(FEBRILE)
    user.check()
    attribute, (key, text) = STALE[panel]
    if attribute == "status":
        monkeypatch.setattr(window, "show_status", lambda _state: None)
    else:
        monkeypatch.setattr(getattr(window, attribute), "show_state", lambda _state: None)
    user.type(key, text)
    with pytest.raises(AssertionError):
        user.check()


# --- a user's walk, checked after every key event ------------------------------------------------
VALUES = {"wbc": ["0.8", "2.1", "3.4", "12", "2100", "x", ""],
          "anc": ["0.05", "0.4", "0.5", "1.6", ""],
          "differential.segs_pct": ["10", "45", ""], "differential.bands_pct": ["5", ""],
          "platelets": ["9", "10", "20", "55", ""], "hemoglobin_g_dl": ["7.9", "12", ""],
          "temperature_c": ["36.8", "38", "38.3", "39.1", "3", ""],
          "age_years": ["16", "70", ""], "lln.anc": ["1.2", ""],
          "fn_risk.systolic_bp_mmhg": ["90", "91", "400", ""],
          "weight_kg": ["48", "70", "72.5", "1000", ""], "tolerance_pct": ["5", "25", ""]}
FLAGS = ["fever_sustained_1h", "systemic_infection_signs", "myelosuppressive_chemo",
         "anthracycline_chemo", "duffy_null"]
PATIENT_CHOICES = {"diagnosis": ["none", "apl", "aml", "solid_tumour"],
                   "planned_procedure": ["none", "lumbar_puncture", "major_surgery"],
                   "anc_expected_below_0_5_within_48h": ["unknown", "yes", "no"],
                   "bleeding": ["none", "clinically_significant", "severe_or_critical_site"]}
FN_ANSWERS = {"burden": ["unknown", "none_or_mild", "severe"], "copd": ["unknown", "yes", "no"],
              "clinically_stable": ["unknown", "yes", "no"], "ecog": ["unknown", "0", "2", "4"],
              "chemo_intensity": ["unknown", "mild_to_moderate", "high"],
              "outpatient_at_onset": ["unknown", "yes", "no"]}
DOSE_CHOICES = {"indication": ["chemotherapy", "bmt", "scn_congenital"],
                "product": ["filgrastim", "tbo_filgrastim", "pegfilgrastim"],
                "presentation_set": ["us_syringes", "us_vials", "eu_syringes"]}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_walk_of_typing_ticking_and_choosing_is_shown_as_computed_after_every_key(
        user: User, window, seed):
    rng = random.Random(seed)
    user.type("wbc", "2.1", check_each=True)
    for _ in range(60):
        action = rng.choice(["type", "type", "type", "tick", "choice", "dose", "mode", "fn"])
        if action == "type":
            key = rng.choice(list(VALUES))
            mode = "differential" if key.startswith("differential") else \
                "anc" if key == "anc" else user.typed.mode
            if mode != user.typed.mode:
                continue  # a field hidden in this mode
            user.type(key, rng.choice(VALUES[key]), check_each=True)
        elif action == "tick":
            flag = rng.choice(FLAGS)
            user.tick(flag, flag not in user.typed.flags)
        elif action == "choice":
            key = rng.choice(list(PATIENT_CHOICES))
            user.patient_choice(key, rng.choice(PATIENT_CHOICES[key]))
        elif action == "dose":
            key = rng.choice(list(DOSE_CHOICES))
            user.dose_choice(key, rng.choice(DOSE_CHOICES[key]))
        elif action == "fn":  # an FN risk item, from the keyboard (RULES §11)
            key = rng.choice(list(FN_ANSWERS))
            user.fn(key, rng.choice(FN_ANSWERS[key]))
        else:
            user.mode("differential" if user.typed.mode == "anc" else "anc")
        user.check()


# --- results keep their places while typing -----------------------------------------------------
def settle() -> None:
    """Let the layouts run: a size asked for goes up the panels in a few passes."""
    for _ in range(4):
        QApplication.processEvents()


def places(window: MainWindow) -> dict[str, tuple[int, int]]:
    """Top and height of each result, in the window."""
    widgets = {"gauge": window.gauge, "banner": window.advice.banner_fence,
               "advice": window.advice.list, "transfusion": window.transfusion.fence,
               "dose": window.dose.result_fence, "workings": window.dose.formula_fence}
    return {name: (w.mapTo(window, w.rect().topLeft()).y(), w.height())
            for name, w in widgets.items()}


def test_results_keep_their_places_while_typing_and_start_afresh_on_reset(user, window):
    user.type_all(FEBRILE)
    fences = [window.advice.banner_fence, window.transfusion.fence, window.dose.result_fence,
              window.dose.formula_fence]
    settle()
    # Each text fits its place (a grown text is not cut at its old size).
    assert all(f.height() >= f.needed() for f in fences)
    typed = places(window)
    # Shorter texts (no result at all, then a calmer patient) leave every result where it
    # was: nothing below them jumps up and back while a value is being typed.
    for key, text in (("wbc", "x"), ("wbc", "2.1"), ("temperature_c", "36.8"),
                      ("platelets", "150"), ("temperature_c", "38.3")):
        user.type(key, text)
        settle()
        assert places(window) == typed, (key, text)
        assert all(f.height() >= f.needed() for f in fences), (key, text)
    # A new patient: the reservations go back to their first size.
    window.reset_action.trigger()
    settle()
    fresh = places(window)
    assert all(fresh[name][1] <= typed[name][1] for name in typed)
    assert fresh["dose"][1] < typed["dose"][1]
