"""A case file from the window's draft: what File ▸ Save case… writes (issue 5).

The inputs on screen as a case (the format of ``leukodesk.cases``): the title, story and
teaching points the teacher gives, the inputs (``ViewModel.patient_document``, the earlier
counts with their times included: a case file is one of the two places they are ever
written, with a PDF the user saves), the dose
choices (``dose_request``), and what the case teaches: when the inputs give a result, the
outputs a case usually teaches, taken from that result (``expect``, ``expect_dose``), if
the teacher wants them recorded; when the core refuses the inputs, the refusal
(``expect_errors``, with the unit the core suggests), so that the case shows the same
refusal when opened. Numbers are written as JSON numbers when that keeps them exactly,
else as the text typed.

Imported when a case is first saved (it loads the clinical core), never at start-up.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from leukodesk.case_check import resolve
from leukodesk.core import InputErrors, assess
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.dosing.request import parse_dose_request
from leukodesk.ui.draft import PATIENT_CHOICES

if TYPE_CHECKING:
    from leukodesk.ui.view_model import ViewModel

# Outputs a teaching case usually teaches (see resources/cases): recorded when saving.
TAUGHT = ("anc", "anc_class", "severity_level", "leukopenia_tier", "ctcae.wbc",
          "ctcae.neutrophils", "ctcae.platelets", "ctcae.anemia", "fever",
          "febrile_neutropenia", "immediate_antibiotics", "high_risk_features",
          "consider_gcsf", "hyperleukocytosis", "platelet_transfusion.category",
          "platelet_transfusion.transfuse_now", "filgrastim.dose_mcg",
          "filgrastim.nearest_vial_mcg", "filgrastim.within_tolerance", "filgrastim.tie",
          "fn_risk.mascc.score", "fn_risk.mascc.risk", "fn_risk.cisne.class",
          "fn_risk.disposition", "trend.direction", "trend.nadir_anc", "trend.nadir_passed",
          "trend.recovery_0_5", "trend.profound_over_7_days",
          "trend.projection_below_0_5_in_48h")
TAUGHT_DOSE = ("daily_dose_mcg", "nearest_presentation_mcg", "within_tolerance")


def _json_number(text: Any) -> Any:
    """A typed number as a JSON number when that keeps it exactly ("0.6" → 0.6, "78" →
    78), else the text itself ("38.29999999999999999" stays text: a float would round it,
    perhaps across a threshold; "abc" stays text: the case teaches its refusal)."""
    if not isinstance(text, str):
        return text
    try:
        exact = Decimal(text)
    except InvalidOperation:
        return text
    if not exact.is_finite() or abs(exact) > 10**15:
        return text
    if text.lstrip("-").isdigit():
        return int(text)
    number = float(exact)
    return number if Decimal(repr(number)) == exact else text


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    """An earlier count (RULES §13) with its numbers as JSON numbers where exact; its time
    stays text."""
    return {key: value if key == "time" else
            {leaf: _json_number(v) for leaf, v in value.items()} if isinstance(value, dict)
            else _json_number(value) for key, value in row.items()}


def case_document(vm: ViewModel, title: str, vignette: str = "",
                  teaching_points: tuple[str, ...] | list[str] = (),
                  record_result: bool = True) -> dict[str, Any]:
    """The case file (a JSON document) for the inputs in ``vm``: see the module docstring."""
    raw = vm.patient_document()
    inputs: dict[str, Any] = {}
    for key, value in raw.items():
        if key in PATIENT_CHOICES and value in ("none", None):
            continue   # the default choice: the file stays short
        if isinstance(value, dict) and key != "units":
            value = {leaf: _json_number(v) for leaf, v in value.items()}
        if key == "history":   # the earlier counts: kept in the case file, never elsewhere
            value = [_json_row(row) for row in value]
        inputs[key] = value if key in ("counts_time", "last_chemo_at") else _json_number(value)
    doc: dict[str, Any] = {"title": title, "vignette": vignette,
                           "teaching_points": list(teaching_points), "inputs": inputs}
    dose_doc = vm.dose_document()
    dose_request = None
    if dose_doc is not None:
        dose_request = {k: _json_number(v) for k, v in dose_doc.items()}
        try:
            parse_dose_request(dose_request)
        except InputErrors:
            dose_request = None  # the weight's refusal is taught by the inputs
    if dose_request is not None:
        doc["dose_request"] = dose_request
    try:
        assessment = assess(inputs)
    except InputErrors as exc:
        doc["expect_errors"] = [{"field": e.field, "suggested_unit": e.suggested_unit}
                                if e.suggested_unit else {"field": e.field}
                                for e in exc.errors]
        return doc
    if record_result:
        output = assessment.model_dump(mode="json")
        expect = {path: resolve(output, path) for path in TAUGHT}
        doc["expect"] = {k: v for k, v in expect.items()
                         if v is not None and isinstance(v, str | int | float | bool | list)}
        if dose_request is not None:
            dose = calculate_dose(dose_request).model_dump(mode="json")
            doc["expect_dose"] = {k: dose[k] for k in TAUGHT_DOSE if dose.get(k) is not None}
    return doc
