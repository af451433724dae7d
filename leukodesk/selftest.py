"""``leukodesk --self-test``: prove that this installation (source or frozen) computes and
shows known cases correctly, with no display, no network and no files written.

1. Each case of :data:`CASES` goes through the clinical core (``assess`` and
   ``calculate_dose``) and its results are held against values derived by hand from the
   rule set (shared/clinical/RULES.md, section numbers in the comments).
2. The main window is built offscreen with no settings store (so nothing is read or
   saved), each case is typed into it through its view model, and what the panels show is
   held against the core: the view state, the gauge, the transfusion and dose texts, the
   recommendations, the pitfalls (those that apply first) and the status line. The window
   is rendered once per case (``grab``, into memory only). An invalid input must clear
   every result.

One line goes to standard output, e.g. ``LeukoDesk 0.1.0 self-test: OK, 5 cases, rule set
2026.1 (frozen)``, and the exit status is 0; otherwise the line says FAILED with the first
reason, every reason goes to standard error, and the status is 1. (A windowed Windows
build has no standard output: read the exit status.)
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from leukodesk import __version__
from leukodesk.core import assess, content
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.formats.display import format_dose
from leukodesk.core.rules.thresholds import RULES_VERSION

# Widgets the check reads, by objectName. Texts are read through text() when the widget
# has it (QLabel, or a self-painted line), else toPlainText() (QTextBrowser).
TRANSFUSION = "transfusion_label"
DOSE = "dose_result_label"
RECOMMENDATIONS = "recommendations_view"
PITFALLS = "pitfalls_view"
STATUS = "status_label"


@dataclass(frozen=True)
class Case:
    """One patient as typed into the window, and what the rule set says about it.

    ``expected`` keys are attribute paths into the core's Assessment; ``dose.`` paths go
    into the DoseResult of the dose calculator. Enums compare by value; floats within
    0.01 (values are written to two decimals)."""

    name: str
    texts: dict[str, str]
    expected: dict[str, Any]
    flags: tuple[str, ...] = ()
    anc_mode: str = "anc"


CASES: tuple[Case, ...] = (
    Case(
        "febrile neutropenia",
        {"wbc": "0.8", "anc": "0.3", "platelets": "15", "temperature_c": "38.3",
         "age_years": "70", "weight_kg": "70"},
        {
            "anc_class": "severe",               # §5: 0.1 ≤ 0.3 < 0.5
            "ctcae.wbc": 4, "ctcae.neutrophils": 4, "ctcae.platelets": 4,  # §4
            "severity_level": 3,                 # §5 (2026.2): the ANC class; the WBC grade
            "severity_basis": "anc_class",       # (4) no longer moves the gauge
            "fever": True,                       # §6: 38.3 ≥ 38.3, a single reading
            "febrile_neutropenia": True,         # fever and ANC < 0.5
            "ctcae_febrile_neutropenia": False,  # §4: CTCAE needs > 38.3 (strict)
            "immediate_antibiotics": True,
            "high_risk_features": ["age_gt_65"],  # §7: 70 > 65
            "consider_gcsf": True,
            "platelet_transfusion.category": "indicated_if_fever_or_infection",  # §8: 10 < 15 ≤ 20
            "platelet_transfusion.transfuse_now": True,                          # fever
            "filgrastim.dose_mcg": 350.0,        # §10: 5 mcg/kg × 70 kg
            "filgrastim.nearest_vial_mcg": 300.0,
            "filgrastim.deviation_pct": -14.29,  # (300 − 350) / 350
            "filgrastim.within_tolerance": False,
            "dose.daily_dose_mcg": 350.0,
            "dose.nearest_presentation_mcg": 300.0,
            "dose.within_tolerance": False,
        },
    ),
    Case(
        "mild leukopenia",
        {"wbc": "3.5", "anc": "1.8", "platelets": "160", "temperature_c": "36.8",
         "hemoglobin_g_dl": "13"},
        {
            "anc_class": "normal",               # §5: 1.8 ≥ 1.5
            "leukopenia": True, "leukopenia_tier": "mild",  # 3.0 ≤ 3.5 < 4.0
            "ctcae.wbc": 1, "ctcae.neutrophils": 1, "ctcae.platelets": 0, "ctcae.anemia": 0,
            "severity_level": 0,                 # §5: the ANC class (normal), not the WBC
            "fever": False, "febrile_neutropenia": False, "immediate_antibiotics": False,
            "consider_gcsf": False,
            "platelet_transfusion.category": "not_indicated",   # 160 ≥ 150
            "platelet_transfusion.transfuse_now": False,
            "filgrastim": None,                  # §2a: no weight, no dose
        },
    ),
    Case(
        "differential",
        {"wbc": "1.1", "differential.segs_pct": "45", "temperature_c": "38.6",
         "age_years": "70", "platelets": "8", "weight_kg": "72.4"},
        {
            "anc": 0.495, "anc_display": "0.495",  # §1: 1.1 × 45 %, never shown as 0.50
            "anc_class": "severe",
            "ctcae.wbc": 3, "ctcae.neutrophils": 4,
            "severity_level": 3, "severity_basis": "anc_class",
            "febrile_neutropenia": True,
            "ctcae_febrile_neutropenia": True,   # 38.6 > 38.3
            "platelet_transfusion.category": "indicated",        # 8 ≤ 10
            "platelet_transfusion.transfuse_now": True,
            "platelet_transfusion.reasons": ["prophylactic"],
            "filgrastim.dose_mcg": 362.0,        # 5 × 72.4
            "filgrastim.deviation_pct": -17.13,
            "dose.daily_dose_mcg": 362.0,
        },
        anc_mode="differential",
    ),
    Case(
        "fever, ANC 0.5 to 1.0, 48-hour fall unknown",
        {"wbc": "2.5", "anc": "0.7", "platelets": "45", "temperature_c": "38.5",
         "weight_kg": "96"},
        {
            "anc_class": "moderate",
            "ctcae.wbc": 2, "ctcae.neutrophils": 3, "ctcae.platelets": 3,
            "fever": True,
            "febrile_neutropenia": None,         # §6: not assessed until the 48-h answer
            "ctcae_febrile_neutropenia": True,
            "immediate_antibiotics": None,
            "platelet_transfusion.category": "only_for_bleeding",  # 20 < 45 < 150
            "platelet_transfusion.transfuse_now": False,
            "filgrastim.dose_mcg": 480.0,        # 5 × 96: exactly one 480 mcg presentation
            "filgrastim.deviation_pct": 0.0,
            "filgrastim.within_tolerance": True,
            "dose.nearest_presentation_mcg": 480.0,
            "dose.within_tolerance": True,
        },
    ),
    Case(
        "profound, afebrile with infection signs, dose tie",
        {"wbc": "0.09", "anc": "0.05", "platelets": "30", "temperature_c": "37.0",
         "weight_kg": "78"},
        {
            "anc_class": "profound",             # 0.05 < 0.1
            "severity_level": 4, "severity_basis": "anc_class",
            "fever": False, "febrile_neutropenia": False,
            "immediate_antibiotics": True,       # §6 rule 2: ANC ≤ 0.5 with infection signs
            "high_risk_features": ["anc_le_0_1", "systemic_infection"],
            "consider_gcsf": False,              # §7: needs FN
            "platelet_transfusion.transfuse_now": False,
            "filgrastim.dose_mcg": 390.0,        # 300 is −23.08 %, 480 is +23.08 %: a tie
            "filgrastim.nearest_vial_mcg": 480.0,  # §10: an exact tie goes to the larger
            "filgrastim.tie": True,
            "filgrastim.within_tolerance": False,
            "dose.tie": True,
            "dose.nearest_presentation_mcg": 480.0,
        },
        flags=("systemic_infection_signs",),
    ),
)


class SelfTestFailure(Exception):
    """A check that did not hold; the message says which and why."""


def _lookup(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
        if obj is None:
            break
    return obj


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, Enum):
        actual = actual.value
    if isinstance(expected, float) and isinstance(actual, int | float) and \
            not isinstance(actual, bool):
        return math.isclose(actual, expected, abs_tol=0.01)
    if isinstance(actual, list | tuple) and isinstance(expected, list | tuple):
        return [a.value if isinstance(a, Enum) else a for a in actual] == list(expected)
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    return actual == expected


def patient_document(case: Case) -> dict[str, Any]:
    """The case as the core reads it (the raw document the window builds from typed text)."""
    doc: dict[str, Any] = {}
    for key, text in case.texts.items():
        parent, _, leaf = key.rpartition(".")
        (doc.setdefault(parent, {}) if parent else doc)[leaf] = text
    doc.update({flag: True for flag in case.flags})
    return doc


def dose_document(case: Case) -> dict[str, Any] | None:
    weight = case.texts.get("weight_kg")
    return None if weight is None else {"weight": weight, "weight_unit": "kg"}


def check_values(case: Case, assessment: Any, dose: Any, where: str) -> None:
    """Hold the hand-derived values of ``case`` against an assessment and a dose."""
    for path, expected in case.expected.items():
        if path.startswith("dose."):
            if dose is None:
                raise SelfTestFailure(f"{where}, case '{case.name}': no dose result")
            actual = _lookup(dose, path[len("dose."):])
        else:
            actual = _lookup(assessment, path)
        if not _same(actual, expected):
            shown = actual.value if isinstance(actual, Enum) else actual
            raise SelfTestFailure(f"{where}, case '{case.name}': {path} is {shown!r}, "
                                  f"expected {expected!r}")


def check_core() -> None:
    for case in CASES:
        dose_doc = dose_document(case)
        check_values(case, assess(patient_document(case)),
                     None if dose_doc is None else calculate_dose(dose_doc), "core")


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2029", " ").replace("\u2028", " ").split())


def widget_text(widget: Any, name: str) -> str:
    """What the output widget named ``name`` (``widget``, None when the window has none)
    shows: text() when it has one, else toPlainText()."""
    if widget is None:
        raise SelfTestFailure(f"window: no widget named {name!r}")
    read: Callable[[], str] | None = getattr(widget, "text", None)
    if not callable(read):
        read = getattr(widget, "toPlainText", None)
    if not callable(read):
        raise SelfTestFailure(f"window: widget {name!r} has neither text() nor toPlainText()")
    return _flat(read())


def enter_case(vm: Any, case: Case) -> None:
    """Type a case into the view model as the input panels would, from a blank patient."""
    vm.reset()
    vm.set_anc_mode(case.anc_mode)
    for key, text in case.texts.items():
        vm.set_text(key, text)
    for flag in case.flags:
        vm.set_flag(flag, True)


def check_panels(window: Any, case: Case, state: Any, shown_in: Callable[[str], str]) -> None:
    """What every panel shows for a valid case (``shown_in``: the text of a named widget),
    against the state the core produced."""
    a, d = state.assessment, state.dose
    where = f"window, case '{case.name}'"
    reading = window.gauge.reading()
    if reading is None or (reading.level, reading.basis) != (a.severity_level,
                                                             a.severity_basis):
        raise SelfTestFailure(f"{where}: the gauge shows {reading!r}, the core "
                              f"level {a.severity_level} ({a.severity_basis})")
    shown = shown_in(TRANSFUSION)
    now = a.platelet_transfusion.transfuse_now if a.platelet_transfusion else None
    if ("YES" in shown) != (now is True):
        raise SelfTestFailure(f"{where}: transfusion panel reads {shown!r}, the core says "
                              f"transfuse now {now}")
    shown = shown_in(DOSE)
    if d is not None:
        daily = f"{format_dose(to_decimal(d.daily_dose_mcg))} mcg/day"
        if daily not in shown or _flat(d.nearest_presentation) not in shown:
            raise SelfTestFailure(f"{where}: dose panel reads {shown!r}, the core "
                                  f"{daily}, {d.nearest_presentation}")
    elif "mcg/day" in shown:
        raise SelfTestFailure(f"{where}: dose panel shows a dose with no weight: {shown!r}")
    shown = shown_in(RECOMMENDATIONS)
    for r in a.recommendations:
        if _flat(r.text) not in shown:
            raise SelfTestFailure(f"{where}: recommendation {r.id!r} is not shown")
    shown = shown_in(PITFALLS)
    catalogue = content.pitfalls()
    applying = [p.id for p in a.pitfalls]
    place = {key: shown.find(_flat(p.title)) for key, p in catalogue.items()}
    if any(place[key] < 0 for key in applying):
        raise SelfTestFailure(f"{where}: a pitfall that applies is not shown: {applying}")
    others = [place[k] for k in catalogue if k not in applying and place[k] >= 0]
    if others and applying and max(place[k] for k in applying) > min(others):
        raise SelfTestFailure(f"{where}: the pitfalls that apply are not listed first")
    shown = shown_in(STATUS)
    if RULES_VERSION not in shown or (a.anc_display and a.anc_display not in shown):
        raise SelfTestFailure(f"{where}: status line reads {shown!r}")


def check_window() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # start-up: Qt for the window check alone; where Qt cannot load, the core check reports
    from PySide6.QtWidgets import QWidget

    from leukodesk.ui.main_window import MainWindow
    from leukodesk.ui.run import apply_style, create_app

    app = create_app(sys.argv[:1])
    window = MainWindow(None)  # no settings store: nothing is read or saved

    def shown_in(name: str) -> str:
        return widget_text(window.findChild(QWidget, name), name)

    apply_style(app)
    window.resize(1024, 768)
    try:
        for case in CASES:
            enter_case(window.vm, case)
            app.processEvents()
            state = window.vm.state
            where = f"window, case '{case.name}'"
            if not state.valid or state.assessment is None:
                raise SelfTestFailure(f"{where}: inputs refused: {state.errors}")
            if state.assessment != assess(state.document):
                raise SelfTestFailure(f"{where}: the view state differs from the core")
            dose_doc = window.vm.dose_document()
            if (state.dose is None) != (dose_doc is None) or (
                    dose_doc is not None and state.dose != calculate_dose(dose_doc)):
                raise SelfTestFailure(f"{where}: the dose differs from the core")
            check_values(case, state.assessment, state.dose, "window")
            check_panels(window, case, state, shown_in)
            if window.grab().isNull():
                raise SelfTestFailure(f"{where}: the window did not render")
        # An invalid input clears every result (a stale result is the worst failure).
        window.vm.set_text("wbc", "not a number")
        app.processEvents()
        state = window.vm.state
        if state.valid or state.assessment is not None or state.dose is not None \
                or window.gauge.reading() is not None \
                or "YES" in shown_in(TRANSFUSION) or "mcg/day" in shown_in(DOSE):
            raise SelfTestFailure("window: an invalid WBC left a result on screen")
        if window.grab().isNull():
            raise SelfTestFailure("window: the window did not render an invalid input")
    finally:
        window.deleteLater()
        app.processEvents()


def run() -> tuple[bool, list[str]]:
    """Run every check; (passed, reasons)."""
    reasons: list[str] = []
    for check in (check_core, check_window):
        try:
            check()
        except SelfTestFailure as exc:
            reasons.append(str(exc))
        except Exception as exc:  # an error is a failure too, with its reason
            reasons.append(f"{check.__name__}: {type(exc).__name__}: {exc}")
    return not reasons, reasons


def main() -> int:
    """``leukodesk --self-test``: one line on standard output, exit status 0 or 1."""
    passed, reasons = run()
    kind = "frozen" if getattr(sys, "frozen", False) else "source"
    head = f"LeukoDesk {__version__} self-test:"
    if passed:
        line = f"{head} OK, {len(CASES)} cases, rule set {RULES_VERSION} ({kind})"
    else:
        line = f"{head} FAILED: {reasons[0]}"
        if sys.stderr is not None:
            for reason in reasons:
                sys.stderr.write(f"self-test: {reason}\n")
    if sys.stdout is not None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    return 0 if passed else 1
