"""Reading an input document (a case file) into the window's draft: its texts as typed,
ticks, choices, units and ANC mode, and the dose request that goes with it. Used only when
a case is opened (:meth:`leukodesk.ui.view_model.ViewModel.load_document`), so it loads
then, not at start-up: it reads the core's pydantic models."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from leukodesk.core.contract.fn_risk_inputs import Burden, ChemoIntensity
from leukodesk.core.contract.limits import LIMITS
from leukodesk.core.contract.models import Bleeding, Diagnosis, PlannedProcedure, read_number
from leukodesk.core.contract.units import WeightUnit, parse_unit, to_canonical, to_decimal
from leukodesk.core.dosing.models import DoseRequest
from leukodesk.core.dosing.products import BRANDS, Brand
from leukodesk.ui.draft import (
    ANC_KEYS,
    DEFAULT_UNITS,
    DIFFERENTIAL_ONLY,
    DOSE_CHOICES,
    FN_RISK_CHOICES,
    FN_RISK_GRADES,
    FN_RISK_SBP,
    FN_RISK_YES_NO,
    OLD_BLEEDING,
    PATIENT_CHOICES,
    PATIENT_FLAGS,
    TIME_KEYS,
    TRI_STATE,
)
from leukodesk.ui.history.rows import CELLS


def read_dose_request(request: Mapping[str, Any] | None,
                       document: Mapping[str, Any], texts: dict[str, str],
                       units: dict[str, Enum],
                       defaults: Mapping[str, str] = DOSE_CHOICES) -> dict[str, str]:
    """The dose choices of a dose request, the others as ``defaults`` has them (a site's
    stock first, RULES §16); its tolerance goes into ``texts`` when the document gives
    none; or ``ValueError`` when the window cannot show it with the document (see
    :meth:`ViewModel.load_document`)."""
    choices = {key: defaults[key] for key in DOSE_CHOICES}
    if request is None:
        return choices
    if not isinstance(request, Mapping):
        raise ValueError("dose_request: expected an object")
    for key, value in request.items():
        if key in DOSE_CHOICES:
            if value is not None and not isinstance(value, str):
                raise ValueError(f"dose_request.{key}: not a dose choice")
            if value is not None:
                choices[key] = value
        elif key not in ("weight_kg", "weight", "weight_unit", "tolerance_pct",
                         "latest_anc") and value is not None:
            raise ValueError(f"dose_request.{key}: the window has no field for it (it "
                             "takes the weight, tolerance_pct, latest_anc and the dose "
                             "choices)")
    # A brand alone selects its molecule (RULES §15).
    known = {b.value for b in Brand}   # an unknown brand: the core names it
    if choices["brand"] in known and request.get("product") is None:
        choices["product"] = BRANDS[Brand(choices["brand"])].product.value
    # One weight: the document's weight_kg, in the document's weight unit.
    key = "weight_kg" if request.get("weight_kg") is not None else "weight"
    unit = WeightUnit.KG
    if key == "weight":
        unit = parse_unit(WeightUnit, request.get("weight_unit") or "kg") or WeightUnit.KG
    dose_weight = read_number(request.get(key))
    weight = read_number(document.get("weight_kg"))
    if dose_weight is not None:
        said = f"dose_request.{key}: {request[key]} {unit.value}, but the inputs"
        if document.get("weight_kg") is None:
            raise ValueError(f"{said} give no weight_kg (the window doses the weight "
                             "of the inputs)")
        if weight is None or \
                to_canonical(weight, units["weight"]) != to_canonical(dose_weight, unit):
            raise ValueError(f"{said}' weight_kg is {document['weight_kg']} "
                             f"{units['weight'].value} (the window doses the weight of "
                             "the inputs)")
    # One tolerance: the document's, else the request's.
    tolerance = request.get("tolerance_pct")
    if "tolerance_pct" in texts:
        given = tolerance is not None
        if not given:   # the dose's default
            tolerance = format(to_decimal(
                DoseRequest.model_fields["tolerance_pct"].default).normalize(), "f")
        if read_number(tolerance) != read_number(document["tolerance_pct"]):
            raise ValueError(
                f"dose_request.tolerance_pct: {tolerance} %{'' if given else ' (not given)'}"
                f", but the inputs' tolerance_pct is {document['tolerance_pct']} % (the "
                "window shows one tolerance)")
    elif tolerance is not None:
        put_number(texts, "tolerance_pct", tolerance)
    if request.get("latest_anc") is not None:
        put_number(texts, "latest_anc", request["latest_anc"])
    return choices


def read_document(document: Mapping[str, Any]) -> tuple[
        dict[str, str], dict[str, bool], dict[str, str], dict[str, Enum], str]:
    """The draft an input document stands for, or ``ValueError`` (nothing changed)."""
    if not isinstance(document, Mapping):
        raise ValueError("an input document is one JSON object")
    options = {"diagnosis": {d.value for d in Diagnosis},
               "planned_procedure": {p.value for p in PlannedProcedure},
               "bleeding": {b.value for b in Bleeding}}
    texts: dict[str, str] = {}
    flags: dict[str, bool] = {}
    choices = {**PATIENT_CHOICES, **FN_RISK_CHOICES}
    units = dict(DEFAULT_UNITS)   # a group the document does not name is canonical
    for key, value in document.items():
        if key in ("differential", "lln"):
            if value is None:
                continue
            if not isinstance(value, Mapping):
                raise ValueError(f"{key}: expected an object")
            for leaf, number in value.items():
                path = f"{key}.{leaf}"
                if path not in LIMITS:
                    raise ValueError(f"{path}: not an input LeukoDesk knows")
                put_number(texts, path, number)
        elif key == "units":
            if value is None:
                continue
            if not isinstance(value, Mapping):
                raise ValueError("units: expected an object")
            for group, name in value.items():
                if group not in DEFAULT_UNITS:
                    raise ValueError(f"units.{group}: not a unit group LeukoDesk knows")
                if name is None:
                    continue
                unit = parse_unit(type(DEFAULT_UNITS[group]), name)
                if unit is None:
                    raise ValueError(f"units.{group}: unknown unit {name!r}")
                units[group] = unit
        elif key == "fn_risk":
            read_fn_risk(value, texts, choices)
        elif key in TIME_KEYS:
            put_time(texts, key, value)
        elif key == "history":
            continue   # read_history
        elif key in LIMITS:
            put_number(texts, key, value)
        elif key in PATIENT_FLAGS:
            if value is not None and not isinstance(value, bool):
                raise ValueError(f"{key}: expected true or false")
            if value:
                flags[key] = True
        elif key == OLD_BLEEDING[0]:
            if value is not None and not isinstance(value, bool):
                raise ValueError(f"{key}: expected true or false")
            if value and document.get("bleeding") is None:  # given together, `bleeding` wins
                choices["bleeding"] = OLD_BLEEDING[1]
        elif key == "anc_expected_below_0_5_within_48h":
            if value is not None and not isinstance(value, bool):
                raise ValueError(f"{key}: expected true, false or null")
            choices[key] = next(w for w, v in TRI_STATE.items() if v is value)
        elif key in options:
            if value is None:
                continue
            if value not in options[key]:
                raise ValueError(f"{key}: {value!r} is not one of the choices")
            choices[key] = value
        else:
            raise ValueError(f"{key}: not an input LeukoDesk knows")
    differential = any(k in texts for k in ANC_KEYS["differential"] + DIFFERENTIAL_ONLY)
    if differential and "anc" in texts:
        raise ValueError("anc: the window takes the ANC or a differential, not both")
    return texts, flags, choices, units, "differential" if differential else "anc"


def put_number(texts: dict[str, str], key: str, value: Any) -> None:
    """A number of the document as its field's text: written as in the document."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{key}: expected a number")
    texts[key] = value if isinstance(value, str) else format(to_decimal(value), "f")


def read_fn_risk(value: Any, texts: dict[str, str], choices: dict[str, str]) -> None:
    """The FN risk items of a document (RULES §11) into the draft: the systolic pressure as
    its field's text, every other item as its choice (null: not asked)."""
    if value is None:
        return
    if not isinstance(value, Mapping):
        raise ValueError("fn_risk: expected an object")
    for leaf, answer in value.items():
        key = f"fn_risk.{leaf}"
        if key == FN_RISK_SBP:
            put_number(texts, key, answer)
        elif key not in FN_RISK_CHOICES:
            raise ValueError(f"{key}: not an input LeukoDesk knows")
        elif answer is None:
            choices[key] = "unknown"
        elif leaf in FN_RISK_YES_NO:
            if not isinstance(answer, bool):
                raise ValueError(f"{key}: expected true, false or null")
            choices[key] = "yes" if answer else "no"
        elif leaf in FN_RISK_GRADES:
            lim = LIMITS[key]
            if isinstance(answer, bool) or not isinstance(answer, int | float) \
                    or answer != int(answer) or not lim.minimum <= answer <= lim.maximum:
                raise ValueError(f"{key}: {answer!r} is not one of the choices (a whole "
                                 f"number from {lim.minimum} to {lim.maximum})")
            choices[key] = str(int(answer))
        else:
            options = {o.value for o in (Burden if leaf == "burden" else ChemoIntensity)}
            if answer not in options:
                raise ValueError(f"{key}: {answer!r} is not one of the choices")
            choices[key] = answer


def put_time(texts: dict[str, str], key: str, value: Any) -> None:
    """A time of the document (RULES §13) as its field's text, as written."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a date or date-time as text (2026-03-14T09:30)")
    texts[key] = value


def read_history(document: Mapping[str, Any]) -> list[dict[str, str]]:
    """The earlier counts of a document (RULES §13) as the history table's texts, row by
    row (cell key → text, numbers as written in the document's units), or ``ValueError``
    naming the row and key the window has no cell for."""
    rows = document.get("history") if isinstance(document, Mapping) else None
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise ValueError("history: expected a list of earlier counts")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ValueError(f"history[{i}]: expected an object")
        texts: dict[str, str] = {}
        for key, value in row.items():
            if key == "differential" and value is not None:
                if not isinstance(value, Mapping):
                    raise ValueError(f"history[{i}].differential: expected an object")
                for leaf, number in value.items():
                    path = f"differential.{leaf}"
                    if path not in CELLS:
                        raise ValueError(f"history[{i}].{path}: the window has no cell for it "
                                         "(segmented and band % only)")
                    put_number(texts, path, number)
            elif key in CELLS:
                try:
                    (put_time if key == "time" else put_number)(texts, key, value)
                except ValueError as exc:
                    raise ValueError(f"history[{i}].{exc}") from None
            elif key != "differential":
                raise ValueError(f"history[{i}].{key}: not an input LeukoDesk knows")
        out.append(texts)
    return out
