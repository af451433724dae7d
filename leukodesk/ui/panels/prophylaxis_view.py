"""What the Prophylaxis tab shows (RULES §14), from what is typed and ticked in it: the
draft (:class:`ProphylaxisDraft`) → the core's decision
(:func:`~leukodesk.core.dosing.prophylaxis.decide_prophylaxis`) → frozen view data
(:class:`ProphylaxisView`), painted by :mod:`leukodesk.ui.panels.prophylaxis`.

Nothing here decides: the words are :func:`~leukodesk.core.formats.prophylaxis_lines.
prophylaxis_lines` of the core's result. An invalid field counts as not entered
(RULES §2a): its line says why, and an output that could change with it reads "not
assessed — fix <field>" (the core is asked with the field's possible readings, and an
output that differs between them is not shown).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from leukodesk.core.contract.errors import InputErrors

if TYPE_CHECKING:
    from leukodesk.core.dosing.prophylaxis import ProphylaxisResult

TRI = {"unknown": None, "yes": True, "no": False}
# How each input is named when it has to be fixed.
FIELD_NAMES = {"regimen_fn_risk_pct": "Regimen FN risk", "age_years": "Age",
               "regimen_risk_category": "Regimen FN risk category"}


@dataclass(frozen=True)
class ProphylaxisDraft:
    """The tab's inputs as typed: texts as typed, the category's value ("" = none), each
    yes / no / unknown answer as "yes", "no" or "unknown"."""

    pct: str = ""
    category: str = ""
    age: str = ""
    dense: bool = False
    factors: tuple[str, ...] = ()
    previous_fn: bool = False
    complication: str = "unknown"
    compromise: str = "unknown"
    chemoradiation: bool = False
    patient_age: float | None = None   # the age the assessment used (its input column)


@dataclass(frozen=True)
class ProphylaxisView:
    """Everything the tab shows: the problems of its fields (by input key), the decision
    in words, its tone ("ok", "warning", "none") and the "Why?" lines when open."""

    errors: tuple[tuple[str, str], ...]
    primary: str
    basis: str
    context: str
    secondary: str
    factors: str
    warnings: str
    notes: str
    sources: str
    tone: str
    why: str


def _number(text: str) -> Any:
    """The typed number for the core (a comma as the decimal mark), or the text itself,
    which the core refuses with its reason."""
    text = text.strip()
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return text
    return float(number) if number.is_finite() else text


def document(draft: ProphylaxisDraft) -> dict[str, Any]:
    """The draft as the JSON request the command line reads."""
    return {"regimen_fn_risk_pct": _number(draft.pct),
            "regimen_risk_category": draft.category or None,
            "dose_dense_survival_benefit": draft.dense,
            "risk_factors": list(draft.factors), "previous_fn": draft.previous_fn,
            "prior_cycle_neutropenic_complication": TRI[draft.complication],
            "reduced_dose_compromises_outcome": TRI[draft.compromise],
            "mediastinal_chemoradiation": draft.chemoradiation,
            # the tab's own age when typed, else the patient's (one age, RULES §14)
            "age_years": _number(draft.age) if draft.age.strip() else draft.patient_age}


def decide(draft: ProphylaxisDraft) -> tuple[ProphylaxisResult, dict[str, str], set[str]]:
    """The core's decision with every invalid field left out, the problems by field, and
    the outputs ("primary", "secondary") that an invalid field could change."""
    # Start-up boundary: the clinical engine (pydantic) loads with the tab's first result.
    from leukodesk.core.dosing.prophylaxis import decide_prophylaxis

    doc = document(draft)
    try:
        return decide_prophylaxis(doc), {}, set()
    except InputErrors as exc:
        errors = {e.field: e.message for e in exc.errors}
    bad = {key.partition("[")[0] for key in errors}
    if "regimen_risk_category" in bad:  # the percentage and the category: both out
        bad.add("regimen_fn_risk_pct")
    readings = [{**doc, **{k: None for k in bad}}]
    if "regimen_fn_risk_pct" in bad:  # whatever the regimen's risk turns out to be
        readings += [{**readings[0], "regimen_risk_category": c}
                     for c in ("high", "intermediate", "low")]
    if "age_years" in bad:  # the age decides the age box: both of its readings, the
        # box as ticked first (what the factors line shows)
        first = "age_ge_65" in doc["risk_factors"]
        readings = [{**r, "risk_factors": [*(f for f in r["risk_factors"] if f != "age_ge_65"),
                                           *(["age_ge_65"] if ticked else [])]}
                    for r in readings for ticked in (first, not first)]
    results = [decide_prophylaxis(r) for r in readings]
    open_ = {name for name in ("primary", "secondary", "without_chemoradiation")
             if len({repr(getattr(r, name)) for r in results}) > 1}
    return results[0], errors, open_


def _fix(errors: dict[str, str], outputs: str) -> str:
    fields = [FIELD_NAMES.get(k, k) for k in errors if k.partition("[")[0] in FIELD_NAMES]
    return f"{outputs}: not assessed — fix {', '.join(dict.fromkeys(fields))}"


def prophylaxis_view(draft: ProphylaxisDraft, why_open: bool = False) -> ProphylaxisView:
    """What the tab shows for ``draft`` (``why_open``: the "Why?" lines are shown)."""
    # Start-up boundary: the words load with the tab's first result, as the engine does.
    from leukodesk.core.formats.prophylaxis_lines import prophylaxis_lines

    result, errors, open_ = decide(draft)
    words = prophylaxis_lines(result)
    primary, basis, context = words.primary, words.basis, words.context
    secondary = words.secondary
    if "primary" in open_:
        primary, basis, context = _fix(errors, "Primary G-CSF prophylaxis"), "", ""
    elif "without_chemoradiation" in open_:
        basis, context = "", _fix(errors, "Without the chemoradiation, the regimen alone")
    if "secondary" in open_:
        secondary = _fix(errors, "Secondary prophylaxis")
    tone = ("warning" if result.primary == "avoid_chemoradiation" else
            "none" if "primary" in open_ or result.primary is None else "ok")
    why = ""
    if why_open:
        why = "\n".join(["Why (primary):", *result.why.primary,
                         "Why (secondary):", *result.why.secondary])
    return ProphylaxisView(
        errors=tuple(errors.items()), primary=primary, basis=basis, context=context,
        secondary=secondary, factors=words.factors, warnings="\n".join(
            f"⚠ {w}" for w in words.warnings), notes="\n".join(words.notes),
        sources=words.sources, tone=tone, why=why)


def with_factor(draft: ProphylaxisDraft, code: str, ticked: bool) -> ProphylaxisDraft:
    """``draft`` with risk factor ``code`` ticked or not (kept in the list's order)."""
    factors = tuple(f for f in draft.factors if f != code) + ((code,) if ticked else ())
    return replace(draft, factors=factors)


def filled_result(draft: ProphylaxisDraft) -> ProphylaxisResult | None:
    """The core's decision for the worksheet: None while the tab is blank or an input is
    invalid (a hand-off never carries a decision made without a field typed in it)."""
    if draft == ProphylaxisDraft(patient_age=draft.patient_age):  # nothing typed in the tab
        return None
    result, errors, _ = decide(draft)
    return None if errors else result
