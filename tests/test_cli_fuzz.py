"""A fuzz of the command line (issue 15): generated documents over every input key of
``leukodesk assess`` and ``leukodesk dose`` — nested ones included (differential.*, lln.*,
units.*) — holding wrong types, nulls, strings, huge and negative numbers, NaN and Infinity,
unknown keys and nested nulls, alone or in a list.

Whatever the document, the command exits 0 with a valid result (the printed JSON parses and
carries its rule set's version) or 2 with errors that each name a field — never 1, which is
an internal error. Deterministic (derandomised hypothesis, explicit settings) and quick.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_cli import call

from leukodesk.core.contract.models import (
    Bleeding,
    Diagnosis,
    Differential,
    LowerLimits,
    PatientInputs,
    PlannedProcedure,
    Units,
)
from leukodesk.core.dosing.models import DoseRequest
from leukodesk.core.dosing.tables import Indication, PresentationSet, Product
from leukodesk.core.rules.thresholds import DOSE_RULES_VERSION, RULES_VERSION

FUZZ = settings(derandomize=True, deadline=None, max_examples=600, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Every input key, read from the models so a new one is fuzzed too; the keys issue 15 names
# are checked to be among them.
ASSESS_KEYS = sorted(PatientInputs.model_fields)
NESTED = {"differential": sorted(Differential.model_fields),
          "lln": sorted(LowerLimits.model_fields),
          "units": sorted(Units.model_fields)}
DOSE_KEYS = sorted({*DoseRequest.model_fields, "weight", "weight_unit", "previous_weight"})
assert {"bleeding", "monocytes", "active_bleeding", *NESTED} <= set(ASSESS_KEYS)
assert {"segs_pct", "bands_pct", "lymphs_pct", "monos_pct"} <= set(NESTED["differential"])

# Strings a field might plausibly hold: every enum value and unit, numbers written as text.
WORDS = sorted({*(m.value for e in (Bleeding, Diagnosis, PlannedProcedure, Indication, Product,
                                    PresentationSet) for m in e),
                "10^9/L", "cells/uL", "g/dL", "g/L", "mmol/L", "C", "F", "kg", "lb", "lbs",
                "yes", "no", "unknown", "true", "null", "", " ", "2.5", "-1", "1e3", "5,5",
                "NaN", "Infinity", "0x10", "2026-01-01T08:00:00", "2026-13-45", "\u00b5",
                "\U0001f9a0", "\ud800"})   # an emoji, a lone surrogate (escaped)
NUMBERS = st.one_of(
    st.integers(-10, 400),
    st.sampled_from([0, -0.0, 0.1, 0.5, 1.0, 1.5, 2.0, 10, 20, 30, 38.3, 50, 100, 101.3, 1000,
                     1001, 3000, 3001, 2100, 10**15, -(10**15), 10**16, 10**400, 1e-300,
                     5e-324, 1e308, -1e308]),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-50, 500))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.sampled_from(WORDS),
                    st.text(max_size=12))
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=6)
UNKNOWN_KEY = st.text(min_size=1, max_size=12).filter(
    lambda k: k not in ASSESS_KEYS and k not in DOSE_KEYS)


def sub_object(keys: list[str]) -> st.SearchStrategy[Any]:
    """A nested object (lln, units, differential): its own keys with any values, nested
    nulls and unknown keys — or anything else in its place."""
    members = st.dictionaries(st.one_of(st.sampled_from(keys), UNKNOWN_KEY),
                              st.one_of(st.none(), SCALARS, JUNK), max_size=len(keys) + 1)
    return st.one_of(members, st.none(), JUNK)


def value_for(key: str) -> st.SearchStrategy[Any]:
    if key in NESTED:
        return sub_object(NESTED[key])
    return st.one_of(st.none(), SCALARS, JUNK)


SHAPES = ["object"] * 5 + ["nulls"] * 3 + ["list", "other"]


@st.composite
def document(draw: st.DrawFn, keys: list[str], base: dict[str, Any]) -> Any:
    """A plausible document with some keys replaced, added or unknown; or with nulls put in
    (nested ones too: "null means the default", §2); sometimes a list of documents, or no
    object at all."""
    shape = draw(st.sampled_from(SHAPES))
    doc = dict(base) if shape == "nulls" or draw(st.booleans()) else {}
    if shape == "nulls":
        for key in draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)):
            if key in NESTED and draw(st.booleans()):
                doc[key] = dict.fromkeys(draw(st.lists(st.sampled_from(NESTED[key]),
                                                       min_size=1, unique=True)))
            else:
                doc[key] = None
        return doc
    for key in draw(st.lists(st.sampled_from(keys), max_size=5, unique=True)):
        doc[key] = draw(value_for(key))
    for key in draw(st.lists(UNKNOWN_KEY, max_size=1)):
        doc[key] = draw(JUNK)
    if shape == "list":
        return [doc, draw(st.one_of(st.just(dict(base)), JUNK))]
    if shape == "other":
        return draw(JUNK)
    return doc


def plausible_patient() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"wbc": st.sampled_from([0.4, 1.2, 3.5, 12, 128])},
        optional={"anc": st.sampled_from([0.05, 0.3, 0.9]),
                  "differential": st.fixed_dictionaries({}, optional={
                      k: st.sampled_from([0, 10, 45]) for k in NESTED["differential"]}),
                  "platelets": st.sampled_from([8, 25, 45, 140]),
                  "temperature_c": st.sampled_from([35.4, 38.2, 38.6]),
                  "bleeding": st.sampled_from([b.value for b in Bleeding]),
                  "diagnosis": st.sampled_from([d.value for d in Diagnosis]),
                  "monocytes": st.sampled_from([0.1, 0.3]),
                  "lln": st.fixed_dictionaries({}, optional={
                      k: st.sampled_from([None, 1.0]) for k in NESTED["lln"]}),
                  "units": st.fixed_dictionaries({}, optional={
                      k: st.none() for k in NESTED["units"]})})


def plausible_dose() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"weight_kg": st.sampled_from([40, 72.4, 78])},
        optional={"indication": st.sampled_from([i.value for i in Indication]),
                  "product": st.sampled_from([p.value for p in Product]),
                  "presentation_set": st.sampled_from([p.value for p in PresentationSet]),
                  "latest_anc": st.sampled_from([None, 12.5])})


def names_a_field(field: Any, item: dict[str, Any], known: list[str]) -> bool:
    """Whether an error's field is a key of the document, a path into one ("lln.wbc",
    "first_dose_at[0]"; keys may hold dots themselves), or a known input (a required one
    that is missing)."""
    if not isinstance(field, str):
        return False
    return any(field == k or field.startswith((f"{k}.", f"{k}[")) for k in item) or (
        re.split(r"[.\[]", field)[0] in known)


def check(command: str, doc: Any, version: str, known: list[str]) -> None:
    text = json.dumps(doc, allow_nan=True)   # \u escapes: even a lone surrogate goes in
    status, out, err = call([command, "-"], text)
    assert status in (0, 2), f"exit {status} for {text!r}: {err}"
    assert "internal error" not in err, err
    printed = json.loads(out)
    if isinstance(printed, dict) and "errors" in printed:   # the document as a whole
        assert status == 2, out
        pairs = [(doc, printed)]
    elif isinstance(doc, list):                              # one result per item
        assert isinstance(printed, list) and len(printed) == len(doc), out
        pairs = list(zip(doc, printed, strict=True))
    else:
        pairs = [(doc, printed)]
    refused = [(item, result) for item, result in pairs if "errors" in result]
    if status == 0:
        assert not refused, out
        for _, result in pairs:
            assert result["rules_version"] == version, out
        return
    assert refused, f"exit 2 without errors: {out}"
    for item, result in refused:
        assert result["errors"], out
        for error in result["errors"]:
            assert isinstance(error["message"], str) and error["message"].strip(), error
            field = error["field"]
            if isinstance(item, dict):
                # Every refusal of an object names its field: one of the document's keys
                # (an unknown key by itself, even "" or "a.b"), or a known input (a required
                # one that is missing), or a path into a nested object.
                assert names_a_field(field, item, known), (
                    f"an error naming no field of {text!r}: {error}")


@FUZZ
@given(document(ASSESS_KEYS, {"wbc": 5}) | plausible_patient().flatmap(
    lambda base: document(ASSESS_KEYS, base)))
@example({"wbc": 5, "lln": {"wbc": None}})            # the crash the review found
@example({"wbc": 5, "lln": None, "units": {"counts": None, "temperature": None},
          "differential": {"segs_pct": None, "monos_pct": None}})
@example({"wbc": 5, "differential": {"segs_pct": {"a": None}}, "bleeding": None})
@example({"wbc": 10**400, "platelets": -1, "monocytes": 1e308, "temperature_c": float("nan")})
@example([{"wbc": 0.4, "temperature_c": 38.6}, {"wbc": "x"}])
@example({"wbc": 5, "lln": {"wbc": None, "bogus": None}, "units": []})
def test_assess_never_fails_internally(doc: Any) -> None:
    check("assess", doc, RULES_VERSION, ASSESS_KEYS)


@FUZZ
@given(document(DOSE_KEYS, {"weight_kg": 72}) | plausible_dose().flatmap(
    lambda base: document(DOSE_KEYS, base)))
@example({"weight_kg": 70, "latest_anc": None, "weight_unit": None})
@example({"weight": 154, "weight_unit": "lb", "previous_weight": None})
@example({"weight_kg": 70, "last_chemo_at": "2026-13-45", "next_chemo_at": 5})
@example({"weight_kg": 1e308, "ordered_dose_mcg": -(10**400), "tolerance_pct": float("inf")})
def test_dose_never_fails_internally(doc: Any) -> None:
    check("dose", doc, DOSE_RULES_VERSION, DOSE_KEYS)
