"""The inputs of the golden record: deterministic, seeded, free of clocks and of the code
under test.

:func:`cases` returns every command the record holds, in a fixed order, each a
:class:`GoldenCase` (id, kind, the argv of ``leukodesk``, the JSON document or raw text
given on standard input, and whether the document is meant to be accepted). It is built
from ``random.Random(SEED)`` and this module's own tables only: nothing here imports
``leukodesk``, so a refactor of the core cannot change what is generated, and the test
holds that the generator still gives exactly the recorded documents.

What is generated (rule set 2026.1; the tables below copy the baseline's
``core/models.py``, ``units.py``, ``limits.py``, ``rules.py``, ``dose_models.py``,
``dose_request.py`` and ``dose_tables.py``):

- ``assess`` documents: every threshold of rules.py on, just below and just above (and a
  hair's breadth either side, for the never-round-across-a-threshold display), every
  input limit, every diagnosis x planned procedure, every checkbox, the 48-hour question
  yes/no/null/absent against fever and ANC bands, ANC given / from a differential /
  neither, lower limits of normal and Duffy-null, every unit and unit alias (counts,
  hemoglobin, temperature, weight, LLNs included), empty (null or absent) optional
  inputs, numbers written as text, and random patients; a few lists of documents and a
  few refused documents.
- ``dose`` requests: every product x indication x presentation set that is accepted,
  weights at the exact presentations, ties and tolerance edges of each regimen, the
  pegfilgrastim weight bands (kg and lb, half-up rounding edges), tolerances, chemotherapy
  timing edges (24 h, 14 days, no window; naive and zoned times), latest ANC at the stop
  rule, previous weight and ordered doses at the tolerance edges; a few refused requests.
- the shipped teaching cases (``resources/cases``): ``case --list``, ``case --check``,
  ``case NAME``, and each case's inputs through ``assess`` and dose request through
  ``dose``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

SEED = 20260114  # issue 14
REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "resources" / "cases"
CASE_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")

D = Decimal

# --- the baseline's tables (rule set 2026.1) ------------------------------------------------
DIAGNOSES = ("none", "solid_tumour", "mds_lower_risk", "mds_higher_risk", "cmml",
             "cmml_myeloproliferative", "aml", "all", "apl", "other_haematological")
PROCEDURES = ("none", "central_line", "lumbar_puncture", "major_surgery",
              "neurosurgery_posterior_eye")
PROCEDURE_PLATELETS = {"central_line": "20", "lumbar_puncture": "50", "major_surgery": "50",
                       "neurosurgery_posterior_eye": "100"}
CHECKBOXES = ("fever_sustained_1h", "uncontrolled_primary_disease", "systemic_infection_signs",
              "myelosuppressive_chemo", "anthracycline_chemo", "active_bleeding", "duffy_null")
INDICATIONS = ("chemotherapy", "bmt", "mobilization", "scn_congenital",
               "scn_idiopathic_cyclic", "h_ars")
PRODUCTS = ("filgrastim", "tbo_filgrastim", "pegfilgrastim")
PRESENTATION_SETS = ("us_vials", "us_syringes", "eu_syringes")
# mcg/kg per administration of each regimen (tbo-filgrastim: 5, chemotherapy only).
MCG_PER_KG = {"chemotherapy": D(5), "bmt": D(10), "mobilization": D(10),
              "scn_congenital": D(6), "scn_idiopathic_cyclic": D(5), "h_ars": D(10)}

# Unit group → (canonical unit, {unit: aliases a user may type}).
UNITS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "counts": ("10^9/L", {
        "10^9/L": ("10^9/L", "x10^9/L", "×10⁹/L", "1e9/L", "G/L", "K/uL", "10^3/uL"),
        "cells/uL": ("cells/uL", "/uL", "cells/µL", "/µL", "cells/mm3", "/mm3")}),
    "hemoglobin": ("g/dL", {"g/dL": ("g/dL", "G/DL"), "g/L": ("g/L",),
                            "mmol/L": ("mmol/L", " mmol/l ")}),
    "temperature": ("C", {"C": ("C", "°C", "celsius"), "F": ("F", "°F", "Fahrenheit")}),
    "weight": ("kg", {"kg": ("kg", "KG"), "lb": ("lb", "lbs")}),
}
UNIT_GROUP = {"wbc": "counts", "anc": "counts", "lymphocytes": "counts", "platelets": "counts",
              "lln.wbc": "counts", "lln.anc": "counts", "lln.lymphocytes": "counts",
              "lln.platelets": "counts", "hemoglobin_g_dl": "hemoglobin",
              "lln.hemoglobin": "hemoglobin", "temperature_c": "temperature",
              "weight_kg": "weight"}
KG_PER_LB = D("0.45359237")
HB_G_DL_PER_MMOL_L = D("1.611")

# Input limits, canonical units.
LIMITS = {
    "age_years": ("0", "120"), "weight_kg": ("0.5", "350"), "wbc": ("0", "1000"),
    "anc": ("0", "1000"), "lymphocytes": ("0", "1000"), "platelets": ("0", "3000"),
    "hemoglobin_g_dl": ("1", "25"), "temperature_c": ("25.0", "45.0"),
    "expected_neutropenia_days": ("0", "365"), "tolerance_pct": ("0", "50"),
    "differential.segs_pct": ("0", "100"), "differential.bands_pct": ("0", "100"),
    "differential.lymphs_pct": ("0", "100"), "differential.monos_pct": ("0", "100"),
    "lln.wbc": ("0.5", "20"), "lln.anc": ("0.1", "10"), "lln.lymphocytes": ("0.1", "10"),
    "lln.platelets": ("10", "1000"), "lln.hemoglobin": ("5", "20"),
}
DOSE_LIMITS = {"weight_kg": ("0.5", "350"), "previous_weight_kg": ("0.5", "350"),
               "tolerance_pct": ("0", "50"), "latest_anc": ("0", "1000"),
               "ordered_dose_mcg": ("1", "100000"), "ordered_dose_mg": ("0.01", "100")}

# Every threshold of rules.py per input (canonical), with the LLN defaults (4.0, 2.0, 1.0,
# 150, 12.0), Duffy-null's 1.2 and the unit-slip warnings (200, 100, 1500).
THRESHOLDS = {
    "wbc": ("0.5", "1.0", "2.0", "3.0", "4.0", "100", "200"),
    "anc": ("0.1", "0.5", "1.0", "1.2", "1.5", "2.0", "10", "100"),
    "lymphocytes": ("0.2", "0.5", "0.8", "1.0"),
    "platelets": ("10", "20", "25", "50", "75", "100", "150", "1500"),
    "hemoglobin_g_dl": ("7", "8.0", "10.0", "12.0"),
    "temperature_c": ("38.0", "38.3"),
    "age_years": ("65",),
    "expected_neutropenia_days": ("7", "10", "14"),
    "weight_kg": ("45", "48", "50", "60", "78", "80", "96"),
    "tolerance_pct": ("10", "20", "25"),
    "lln.wbc": ("3.0", "4.0"),
    "lln.anc": ("1.2", "1.5", "2.0"),
    "lln.lymphocytes": ("0.8", "1.0"),
    "lln.platelets": ("75", "150"),
    "lln.hemoglobin": ("10.0", "12.0"),
}
# "Just below / just above": the step a person would type, and a hair's breadth.
NEAR_STEPS = {
    "wbc": ("0.001", "0.00001"), "anc": ("0.001", "0.00001"),
    "lymphocytes": ("0.001", "0.00001"), "platelets": ("1", "0.001"),
    "hemoglobin_g_dl": ("0.1", "0.001"), "temperature_c": ("0.1", "0.01", "0.001"),
    "age_years": ("1", "0.5"), "expected_neutropenia_days": ("1", "0.5"),
    "weight_kg": ("0.1", "0.001"), "tolerance_pct": ("1", "0.01"),
    "lln.wbc": ("0.1", "0.001"), "lln.anc": ("0.1", "0.001"),
    "lln.lymphocytes": ("0.1", "0.001"), "lln.platelets": ("1", "0.01"),
    "lln.hemoglobin": ("0.1", "0.001"),
}


@dataclass(frozen=True)
class GoldenCase:
    """One command of the record."""

    id: str
    kind: str                 # "assess", "dose" or "case"
    argv: tuple[str, ...]
    document: Any = None      # the JSON document given on standard input
    stdin: str | None = None  # raw standard input, when it is not a JSON document
    valid: bool = True        # meant to be accepted (exit status 0)

    def stdin_text(self) -> str:
        if self.stdin is not None:
            return self.stdin
        if self.document is None:
            return ""
        return json.dumps(self.document, ensure_ascii=False, sort_keys=True)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "argv": list(self.argv),
                               "valid": self.valid}
        if self.document is not None:
            out["document"] = self.document
        if self.stdin is not None:
            out["stdin"] = self.stdin
        return out


# --- numbers ----------------------------------------------------------------------------------
def num(value: Decimal, as_int: bool = False) -> int | float:
    """A JSON number for a decimal: an int when asked and whole, else the float whose
    shortest repr is the decimal (0.1 → 0.1)."""
    if as_int and value == value.to_integral_value():
        return int(value)
    number = float(value)
    if D(repr(number)) != value:
        raise ValueError(f"{value} has no exact shortest float")
    return number


def rnd(rng: random.Random, lo: str | Decimal, hi: str | Decimal, places: int) -> Decimal:
    """A uniformly random decimal with ``places`` decimals in [lo, hi]."""
    scale = D(10) ** places
    a = int((D(lo) * scale).to_integral_value(rounding=ROUND_HALF_UP))
    b = int((D(hi) * scale).to_integral_value(rounding=ROUND_DOWN))
    return (D(rng.randint(a, b)) / scale).normalize() if places else D(rng.randint(a, b))


def near(key: str, limits: dict[str, tuple[str, str]] = LIMITS) -> list[Decimal]:
    """Each threshold of ``key``, just below and just above it, inside the input limits;
    and the limits themselves."""
    lo, hi = (D(x) for x in limits[key])
    values = {lo, hi}
    for t in THRESHOLDS.get(key, ()):
        values.add(D(t))
        for step in NEAR_STEPS[key]:
            values.update((D(t) - D(step), D(t) + D(step)))
    return sorted(v for v in values if lo <= v <= hi)


def outside(key: str, limits: dict[str, tuple[str, str]] = LIMITS) -> list[Decimal]:
    """Values just outside the limits of ``key`` (refused)."""
    lo, hi = (D(x) for x in limits[key])
    step = D(NEAR_STEPS.get(key, ("0.001",))[-1])
    return [v for v in (lo - step, hi + step) if v >= 0 or lo > 0]


def to_unit(group: str, unit: str, canonical: Decimal) -> Decimal:
    """A canonical value written in ``unit`` (exact where the conversion is)."""
    if unit == "cells/uL":
        return canonical * 1000
    if unit == "g/L":
        return canonical * 10
    if unit == "mmol/L":
        return (canonical / HB_G_DL_PER_MMOL_L).quantize(D("0.0001"), rounding=ROUND_HALF_UP)
    if unit == "F":
        return canonical * 9 / 5 + 32
    if unit == "lb":
        return (canonical / KG_PER_LB).quantize(D("0.001"), rounding=ROUND_HALF_UP)
    return canonical


def from_unit(unit: str, value: Decimal) -> Decimal:
    if unit == "cells/uL":
        return value / 1000
    if unit == "g/L":
        return value / 10
    if unit == "mmol/L":
        return value * HB_G_DL_PER_MMOL_L
    if unit == "F":
        return (value - 32) * 5 / 9
    if unit == "lb":
        return value * KG_PER_LB
    return value


def unit_of_alias(group: str, alias: str) -> str:
    for unit, aliases in UNITS[group][1].items():
        if alias in aliases:
            return unit
    raise KeyError(alias)


def sorted_doc(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: sorted_doc(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sorted_doc(v) for v in value]
    return value


# --- assess documents -------------------------------------------------------------------------
class Patient:
    """An assess document under construction, in canonical decimals (``None``: written as
    JSON null; a key not set: absent), rendered in chosen units by :meth:`document`."""

    def __init__(self) -> None:
        self.values: dict[str, Decimal | None] = {}   # numeric inputs, dotted keys
        self.other: dict[str, Any] = {}               # booleans, choices, the 48-h answer
        self.units: dict[str, str] = {}               # group → alias as written
        self.differential_null = False
        self.int_style = False                        # whole numbers written as ints

    def get(self, key: str) -> Decimal | None:
        return self.values.get(key)

    def set(self, key: str, value: Decimal | None) -> None:
        self.values[key] = value
        if key.startswith("differential."):
            self.differential_null = False

    def drop(self, key: str) -> None:
        self.values.pop(key, None)

    # The core's cross checks: ANC and lymphocytes ≤ WBC, segs + bands ≤ 100 %, not an
    # ANC and a differential's segs/bands both.
    def repair(self, rng: random.Random, keep: str = "") -> None:
        wbc = self.get("wbc")
        assert wbc is not None
        for part in ("anc", "lymphocytes"):
            value = self.get(part)
            if value is None or value <= wbc:
                continue
            if keep == part:
                self.set("wbc", value if rng.random() < 0.2
                         else min(D(1000), value + rnd(rng, 0, 5, 2)))
                wbc = self.get("wbc")
                assert wbc is not None
            else:
                self.set(part, (wbc * rnd(rng, 0, 1, 2)).quantize(D("0.001"), ROUND_DOWN)
                         .normalize())
        segs, bands = self.get("differential.segs_pct"), self.get("differential.bands_pct")
        if segs is not None and bands is not None and segs + bands > 100:
            self.set("differential.bands_pct", D(100) - segs)
        if "anc" in self.values and self.get("anc") is not None and (
                segs is not None or bands is not None):
            if keep.startswith("differential"):
                self.drop("anc")
            else:
                self.drop("differential.segs_pct")
                self.drop("differential.bands_pct")

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.other)
        units = {group: unit_of_alias(group, alias) for group, alias in self.units.items()}
        for key, value in self.values.items():
            parent, _, leaf = key.rpartition(".")
            target = doc.setdefault(parent, {}) if parent else doc
            if value is None:
                target[leaf] = None
                continue
            group = UNIT_GROUP.get(key)
            if group is not None and group in units:
                value = to_unit(group, units[group], value)
                lo, hi = (D(x) for x in LIMITS[key])
                back = from_unit(units[group], value)
                if not lo <= back <= hi:  # an inexact conversion at a limit: step inside
                    step = D("0.0001") if units[group] == "mmol/L" else D("0.001")
                    value = value - step if back > hi else value + step
            target[leaf] = num(value.normalize(), self.int_style)
        if self.differential_null:
            doc["differential"] = None
        if self.units:
            doc["units"] = dict(self.units)
        return sorted_doc(doc)


def _maybe(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _absent_or_null(rng: random.Random, patient: Patient, key: str) -> None:
    """Leave an optional input out, or write it as null."""
    if _maybe(rng, 0.3):
        patient.set(key, None)


def _count(rng: random.Random, key: str, p_near: float, lo: str, hi: str) -> Decimal:
    if _maybe(rng, p_near):
        return rng.choice(near(key))
    return rnd(rng, lo, hi, rng.choice((1, 2, 2, 3)))


def random_patient(rng: random.Random) -> Patient:
    """A random patient: each input given, null or absent; values near thresholds or in
    a clinical range; random units."""
    p = Patient()
    p.int_style = _maybe(rng, 0.5)
    band = rng.choice((("0", "1"), ("0", "4"), ("1", "4"), ("3", "11"), ("4", "15"),
                       ("11", "100"), ("90", "400"), ("0", "1000")))
    p.set("wbc", _count(rng, "wbc", 0.25, *band))
    wbc = p.get("wbc")
    assert wbc is not None
    mode = rng.choice(("anc", "anc", "anc", "differential", "differential", "neither"))
    if mode == "anc":
        if _maybe(rng, 0.4):
            p.set("anc", rng.choice(near("anc")))
        else:
            p.set("anc", (wbc * rnd(rng, 0, 1, 2)).quantize(
                D("0.001") if wbc < 10 else D("0.01"), ROUND_DOWN).normalize())
    elif mode == "differential":
        segs = rnd(rng, 0, 100, rng.choice((0, 0, 1)))
        p.set("differential.segs_pct", segs)
        if _maybe(rng, 0.6):
            p.set("differential.bands_pct", rnd(rng, 0, min(D(100) - segs, D(30)), 0))
        elif _maybe(rng, 0.3):
            p.set("differential.bands_pct", None)
    else:
        if _maybe(rng, 0.3):
            p.set("anc", None)
        if _maybe(rng, 0.2):
            p.differential_null = True
    if not p.differential_null and _maybe(rng, 0.35):
        p.set("differential.lymphs_pct", rnd(rng, 0, 80, 0))
        if _maybe(rng, 0.7):
            p.set("differential.monos_pct", rnd(rng, 0, 40, rng.choice((0, 1))))
    if _maybe(rng, 0.4):
        p.set("lymphocytes", rng.choice(near("lymphocytes")) if _maybe(rng, 0.5)
              else (wbc * rnd(rng, 0, 1, 2)).quantize(D("0.01"), ROUND_DOWN).normalize())
    else:
        _absent_or_null(rng, p, "lymphocytes")
    if _maybe(rng, 0.75):
        p.set("platelets", _count(rng, "platelets", 0.45, "0", rng.choice(("60", "600"))))
    else:
        _absent_or_null(rng, p, "platelets")
    if _maybe(rng, 0.6):
        p.set("hemoglobin_g_dl", _count(rng, "hemoglobin_g_dl", 0.4, "5", "17"))
    else:
        _absent_or_null(rng, p, "hemoglobin_g_dl")
    if _maybe(rng, 0.75):
        p.set("temperature_c", _count(rng, "temperature_c", 0.5, "35", "40.5"))
        if _maybe(rng, 0.5):
            p.other["fever_sustained_1h"] = _maybe(rng, 0.5)
    else:
        _absent_or_null(rng, p, "temperature_c")
    answer = rng.choice(("yes", "no", "null", "absent", "absent"))
    if answer != "absent":
        p.other["anc_expected_below_0_5_within_48h"] = {"yes": True, "no": False,
                                                        "null": None}[answer]
    if _maybe(rng, 0.7):
        p.set("age_years", rng.choice(near("age_years")) if _maybe(rng, 0.3)
              else rnd(rng, 0, 100, 0))
    else:
        _absent_or_null(rng, p, "age_years")
    if _maybe(rng, 0.4):
        p.set("expected_neutropenia_days", rng.choice(near("expected_neutropenia_days"))
              if _maybe(rng, 0.5) else rnd(rng, 0, 40, 0))
    else:
        _absent_or_null(rng, p, "expected_neutropenia_days")
    for box in CHECKBOXES:
        if box == "fever_sustained_1h":
            continue
        if _maybe(rng, 0.45):
            p.other[box] = _maybe(rng, 0.4)
        elif _maybe(rng, 0.05):
            p.other[box] = None  # null: the default (no)
    if _maybe(rng, 0.7):
        p.other["diagnosis"] = rng.choice(DIAGNOSES)
    if _maybe(rng, 0.4):
        p.other["planned_procedure"] = rng.choice(PROCEDURES)
    if _maybe(rng, 0.4):
        p.set("weight_kg", rng.choice(near("weight_kg")) if _maybe(rng, 0.4)
              else rnd(rng, "2", "150", rng.choice((0, 1, 1, 2))))
        if _maybe(rng, 0.3):
            p.set("tolerance_pct", rng.choice(near("tolerance_pct")))
    else:
        _absent_or_null(rng, p, "weight_kg")
    if _maybe(rng, 0.2):
        for key in rng.sample(("lln.wbc", "lln.anc", "lln.lymphocytes", "lln.platelets",
                               "lln.hemoglobin"), rng.randint(1, 5)):
            p.set(key, rng.choice(near(key)))
    if _maybe(rng, 0.35):
        for group in rng.sample(sorted(UNITS), rng.randint(1, 4)):
            unit = rng.choice(sorted(UNITS[group][1]))
            p.units[group] = rng.choice(UNITS[group][1][unit])
    p.repair(rng)
    return p


def _force(rng: random.Random, key: str, value: Decimal) -> Patient:
    p = random_patient(rng)
    p.set(key, value)
    if key.startswith("differential."):
        p.drop("anc")
    p.repair(rng, keep=key)
    return p


def _anc_from_differential(rng: random.Random, anc: Decimal) -> Patient | None:
    """A patient whose differential gives exactly ``anc``: WBC × (segs + bands) / 100."""
    for wbc in rng.sample([D(x) for x in ("0.2", "1", "1.6", "2", "2.5", "4", "5", "8",
                                          "10", "20", "50", "125", "400")], 13):
        pct = anc * 100 / wbc
        if pct <= 100 and pct == pct.quantize(D("0.01")):
            p = random_patient(rng)
            p.drop("anc")
            p.differential_null = False
            p.set("wbc", wbc)
            bands = min(rnd(rng, 0, 10, 0), pct.to_integral_value(ROUND_DOWN)) \
                if _maybe(rng, 0.5) else D(0)
            p.set("differential.segs_pct", (pct - bands).normalize())
            if bands or _maybe(rng, 0.5):
                p.set("differential.bands_pct", bands)
            else:
                p.drop("differential.bands_pct")
            lymph = p.get("lymphocytes")
            if lymph is not None and lymph > wbc:
                p.set("lymphocytes", wbc)
            return p
    return None


def assess_documents(rng: random.Random) -> Iterator[tuple[str, Any]]:
    """(group, document) of every valid assess document, in a fixed order."""
    # 1. Every threshold and limit of every numeric input, in two random contexts.
    for key in THRESHOLDS:
        if key == "weight_kg" or key == "tolerance_pct":
            continue
        for value in near(key):
            for _ in range(2):
                yield f"threshold-{key}", _force(rng, key, value).document()
    for key in ("age_years", "expected_neutropenia_days", "differential.segs_pct",
                "differential.bands_pct", "differential.lymphs_pct",
                "differential.monos_pct"):
        lo, hi = (D(x) for x in LIMITS[key])
        for value in (lo, hi, rnd(rng, lo, hi, 1)):
            yield f"limit-{key}", _force(rng, key, value).document()
    # 2. The ANC from a differential, at each ANC threshold.
    for value in near("anc"):
        p = _anc_from_differential(rng, value)
        if p is not None:
            yield "threshold-anc-differential", p.document()
    # 3. The standard filgrastim dose: weights at 300/480 mcg, the 390 tie, the tolerance
    #    edges (dose 250/375/400/600 mcg at ±20 %, 240 at +25 %), in kg and lb.
    for weight in [*near("weight_kg"), D("54.545"), D("66.667"), D("75"), D("120")]:
        for tolerance in (None, D(10), D(20), D(25), rng.choice(near("tolerance_pct"))):
            p = random_patient(rng)
            p.set("weight_kg", weight)
            if tolerance is not None:
                p.set("tolerance_pct", tolerance)
            else:
                p.drop("tolerance_pct")
            yield "filgrastim-weight", p.document()
    # 4. Fever x ANC band x the 48-hour question (yes, no, null, absent).
    temps: list[tuple[str | None, bool | None]] = [
        (None, None), ("37.9", None), ("37.99", True), ("38.0", False), ("38.0", True),
        ("38.29", False), ("38.3", None), ("38.31", False)]
    ancs = (None, "0.099", "0.1", "0.101", "0.499", "0.5", "0.501", "0.999", "1.0", "1.001")
    for answer in ("yes", "no", "null", "absent"):
        for temp, sustained in temps:
            for anc in ancs:
                p = Patient()
                p.set("wbc", rng.choice((D("0.4"), D("1.2"), D("2.5"), D("6"))))
                if anc is not None:
                    p.set("anc", D(anc))
                if temp is not None:
                    p.set("temperature_c", D(temp))
                if sustained is not None:
                    p.other["fever_sustained_1h"] = sustained
                if answer != "absent":
                    p.other["anc_expected_below_0_5_within_48h"] = {
                        "yes": True, "no": False, "null": None}[answer]
                for box in ("systemic_infection_signs", "uncontrolled_primary_disease",
                            "myelosuppressive_chemo"):
                    if _maybe(rng, 0.3):
                        p.other[box] = True
                if _maybe(rng, 0.5):
                    p.set("age_years", rng.choice((D(40), D(65), D(66))))
                if _maybe(rng, 0.5):
                    p.set("expected_neutropenia_days", rng.choice((D(5), D(10))))
                p.repair(rng, keep="anc")
                yield "fever-anc-48h", p.document()
    # 5. Every diagnosis x every planned procedure, platelets near the procedure's bound.
    for diagnosis in DIAGNOSES:
        for procedure in PROCEDURES:
            for _ in range(2):
                p = random_patient(rng)
                p.other["diagnosis"] = diagnosis
                p.other["planned_procedure"] = procedure
                bound = D(PROCEDURE_PLATELETS.get(procedure, "20"))
                p.set("platelets", bound + rng.choice((D(-1), D(0), D(1), D("-0.001"))))
                if diagnosis in ("aml", "all", "apl"):
                    p.set("expected_neutropenia_days",
                          rng.choice((None, D(6), D(7), D("7.5"), D(8), D(14))))
                yield "diagnosis-procedure", p.document()
    # 6. Every checkbox alone (and with bleeding at each platelet band).
    for box in CHECKBOXES:
        for value in (True, False, None):
            for _ in range(3):
                p = random_patient(rng)
                for other in CHECKBOXES:
                    p.other.pop(other, None)
                p.other[box] = value
                yield f"checkbox-{box}", p.document()
    for platelets in ("5", "10", "15", "20", "30", "149", "150"):
        for fever in (None, "37", "38.5"):
            p = random_patient(rng)
            p.set("platelets", D(platelets))
            p.units.pop("counts", None)
            p.units.pop("temperature", None)
            p.other["active_bleeding"] = True
            if fever is None:
                p.drop("temperature_c")
            else:
                p.set("temperature_c", D(fever))
            yield "bleeding", p.document()
    # 7. Duffy-null against the laboratory's ANC LLN.
    for lln in (None, "0.5", "1.0", "1.2", "1.5", "2.0", "2.5"):
        for anc in ("0.9", "1.0", "1.19", "1.2", "1.21", "1.6", "2.1"):
            p = Patient()
            p.set("wbc", D("3.5") + D(anc))
            p.set("anc", D(anc))
            p.other["duffy_null"] = _maybe(rng, 0.75)
            if lln is not None:
                p.set("lln.anc", D(lln))
            if _maybe(rng, 0.4):
                p.other["diagnosis"] = rng.choice(("none", "solid_tumour"))
            if _maybe(rng, 0.3):
                p.other["myelosuppressive_chemo"] = True
            yield "duffy-null", p.document()
    # 8. Every unit and alias of each group, with that group's thresholds in it.
    for group, (_canonical, units) in UNITS.items():
        keys = [k for k, g in UNIT_GROUP.items() if g == group]
        for unit, aliases in units.items():
            for alias in aliases:
                for _ in range(6):
                    p = random_patient(rng)
                    p.units = {group: alias}
                    key = rng.choice(keys)
                    p.set(key, rng.choice(near(key)))
                    p.repair(rng, keep=key)
                    yield f"units-{group}-{unit}", p.document()
    # 9. Empty optional inputs: only the WBC, and the WBC with every other input null.
    for wbc in ("0", "0.3", "3.5", "4.0", "150"):
        yield "only-wbc", {"wbc": num(D(wbc))}
        nulls: dict[str, Any] = {key: None for key in LIMITS if "." not in key}
        nulls.update({key: None for key in ("differential", "lln", "units", "diagnosis",
                                            "planned_procedure", *CHECKBOXES,
                                            "anc_expected_below_0_5_within_48h")})
        nulls["wbc"] = num(D(wbc))
        yield "all-null", sorted_doc(nulls)
        yield "empty-objects", {"wbc": num(D(wbc)), "differential": {}, "lln": {}, "units": {}}
    # 10. Numbers written as text (the core reads them).
    for _ in range(12):
        doc = random_patient(rng).document()
        for key in ("wbc", "anc", "platelets", "temperature_c"):
            if isinstance(doc.get(key), int | float) and not isinstance(doc[key], bool):
                doc[key] = repr(doc[key])
        yield "numbers-as-text", doc
    # 11. Random patients.
    for _ in range(1300):
        yield "random", random_patient(rng).document()


def invalid_assess(rng: random.Random) -> Iterator[tuple[str, Any, str | None]]:
    """(group, document, raw stdin) of documents the core refuses (a handful)."""
    for key in ("wbc", "anc", "platelets", "hemoglobin_g_dl", "temperature_c", "age_years",
                "lln.wbc", "lln.anc", "differential.segs_pct"):
        for value in outside(key):
            p = random_patient(rng)
            p.units = {}
            p.set(key, value)
            if key.startswith("differential"):
                p.drop("anc")
            doc = p.document()
            yield f"outside-{key}", doc, None
    yield "wbc-typed-in-cells", {"wbc": 2100, "platelets": 180, "temperature_c": 37.2}, None
    yield "fahrenheit-as-celsius", {"wbc": 3.1, "anc": 0.9, "temperature_c": 101.3}, None
    yield "missing-wbc", {"anc": 0.4, "temperature_c": 38.5}, None
    yield "anc-above-wbc", {"wbc": 1.0, "anc": 1.5}, None
    yield "anc-in-cells", {"wbc": 2.4, "anc": 1200}, None
    yield "anc-and-differential", {"wbc": 2.0, "anc": 0.5, "differential": {"segs_pct": 20}}, \
        None
    yield "segs-bands-over-100", {"wbc": 2.0, "differential": {"segs_pct": 80,
                                                               "bands_pct": 30}}, None
    yield "unknown-unit", {"wbc": 2.0, "units": {"counts": "mmol/L"}}, None
    yield "unknown-unit-key", {"wbc": 2.0, "units": {"volume": "mL"}}, None
    yield "unknown-input", {"wbc": 2.0, "neutrophils": 0.4}, None
    yield "bool-as-number", {"wbc": True}, None
    yield "text-not-number", {"wbc": "two"}, None
    yield "unknown-diagnosis", {"wbc": 2.0, "diagnosis": "leukaemia"}, None
    yield "bad-48h-answer", {"wbc": 2.0, "anc_expected_below_0_5_within_48h": "maybe"}, None
    yield "not-an-object", [1, 2], None
    yield "many-problems", {"wbc": -1, "anc": 2000, "temperature_c": 99, "platelets": -5,
                            "units": {"weight": "stone"}}, None
    yield "raw-empty", None, ""
    yield "raw-not-json", None, "wbc = 2.0"
    yield "raw-nan", None, '{"wbc": NaN}'
    yield "raw-repeated-key", None, '{"wbc": 2.0, "wbc": 3.0}'
    yield "raw-number-string-too-long", None, '{"wbc": ' + "9" * 5000 + "}"


# --- dose requests ----------------------------------------------------------------------------
TIMEZONES = (None, "Z", "+02:00", "-05:00", "+05:30")


def _at(moment: datetime, zone: str | None, style: int) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S" if style else "%Y-%m-%dT%H:%M")
    return text + (zone or "")


def _weight(rng: random.Random, doc: dict[str, Any], kg: Decimal, prefer_lb: bool = False
            ) -> None:
    """Write a weight as weight_kg, or as weight + weight_unit (kg or lb)."""
    style = rng.choice(("weight_kg", "weight_kg", "kg", "lb")) if not prefer_lb else "lb"
    if style == "weight_kg":
        doc["weight_kg"] = num(kg.normalize(), rng.random() < 0.5)
    elif style == "kg":
        doc["weight"] = num(kg.normalize())
        doc["weight_unit"] = rng.choice(("kg", "KG"))
    else:
        doc["weight"] = num(lb_of(kg).normalize())
        doc["weight_unit"] = rng.choice(("lb", "lbs"))


def lb_of(kg: Decimal) -> Decimal:
    """A weight in lb (3 decimals) whose kg lies inside the weight limits (0.5 to 350)."""
    return min(max(to_unit("weight", "lb", kg), D("1.103")), D("771.617"))


def _per_dose(product: str, indication: str, kg: Decimal) -> Decimal:
    if product == "tbo_filgrastim":
        return kg * 5
    return kg * MCG_PER_KG[indication]


def _peg_mg(kg: Decimal) -> Decimal:
    rounded = kg.quantize(D(1), ROUND_HALF_UP)
    if rounded >= 45:
        return D(6)
    if rounded < 10:
        return D("0.1") * kg
    return D("1.5") if rounded <= 20 else D("2.5") if rounded <= 30 else D(4)


def random_request(rng: random.Random, product: str | None = None,
                   indication: str | None = None) -> dict[str, Any]:
    product = product or rng.choice(PRODUCTS)
    if indication is None:
        indication = rng.choice(INDICATIONS) if product == "filgrastim" else "chemotherapy"
    doc: dict[str, Any] = {}
    if product != "filgrastim" or rng.random() < 0.7:
        doc["product"] = product
    if indication != "chemotherapy" or rng.random() < 0.5:
        doc["indication"] = indication
    if product == "tbo_filgrastim":
        if rng.random() < 0.4:
            doc["presentation_set"] = "us_syringes"
    elif rng.random() < 0.75:
        doc["presentation_set"] = rng.choice(PRESENTATION_SETS)
    kg = rnd(rng, "2", "150", rng.choice((0, 1, 1, 2))) if rng.random() < 0.8 \
        else rnd(rng, "0.5", "350", 1)
    _weight(rng, doc, kg)
    tolerance = D(10)
    if rng.random() < 0.35:
        tolerance = rng.choice(near("tolerance_pct", DOSE_LIMITS))
        doc["tolerance_pct"] = num(tolerance, rng.random() < 0.5)
    elif rng.random() < 0.05:
        doc["tolerance_pct"] = None
    if rng.random() < 0.25:  # a previous weight (same unit as the weight)
        before = max(D("0.5"), min(D(350), (kg * rnd(rng, "0.7", "1.3", 2)).quantize(
            D("0.1"))))
        if "weight" in doc:
            in_lb = unit_of_alias("weight", doc["weight_unit"]) == "lb"
            doc["previous_weight"] = num((lb_of(before) if in_lb else before).normalize())
        else:
            doc["previous_weight_kg"] = num(before.normalize())
    if rng.random() < 0.25:  # the ordered dose, at or near the tolerance edge
        true_kg = kg if "weight_unit" not in doc or doc["weight_unit"] in ("kg", "KG") \
            else from_unit("lb", D(repr(doc["weight"])))
        factor = 1 + rng.choice((-1, 1)) * tolerance / 100 + rng.choice(
            (D(0), D(0), D("0.0001"), D("-0.0001"), D("0.05")))
        if product == "pegfilgrastim":
            mg = (_peg_mg(true_kg) * factor).quantize(D("0.01"), ROUND_HALF_UP)
            doc["ordered_dose_mg"] = num(max(D("0.01"), min(D(100), mg)).normalize())
        else:
            mcg = (_per_dose(product, indication, true_kg) * factor).quantize(D("0.1"))
            doc["ordered_dose_mcg"] = num(max(D(1), min(D(100000), mcg)).normalize())
    if rng.random() < 0.3:
        doc["latest_anc"] = num(rng.choice(
            (D("9.999"), D(10), D("10.001"), D(0), D(1000), rnd(rng, 0, 30, 2))))
    if rng.random() < 0.5:
        _times(rng, doc)
    return doc


def _times(rng: random.Random, doc: dict[str, Any]) -> None:
    """Chemotherapy times at the timing rules' edges, all naive or all with a zone."""
    zone = rng.choice(TIMEZONES)
    style = rng.randint(0, 1)
    last = datetime(2026, 1, 1, 0, 0) + timedelta(minutes=15 * rng.randint(0, 35000))
    gap = rng.choice((timedelta(days=21), timedelta(days=14), timedelta(hours=48),
                      timedelta(hours=47, minutes=59), timedelta(days=15, hours=23, minutes=59),
                      timedelta(days=15), timedelta(days=16), timedelta(days=28),
                      timedelta(hours=1)))
    nxt = last + gap
    first = rng.choice((
        None, last + timedelta(hours=24), last + timedelta(hours=23, minutes=59),
        last + timedelta(hours=24, minutes=1), last + timedelta(hours=72),
        nxt - timedelta(hours=24), nxt - timedelta(hours=23, minutes=59),
        nxt - timedelta(days=14), nxt - timedelta(days=13, hours=23, minutes=59),
        last - timedelta(hours=2)))
    which = rng.choice(("all", "all", "all", "last", "next", "first", "last+first",
                        "next+first"))
    if "all" in which or "last" in which:
        doc["last_chemo_at"] = _at(last, zone, style)
    if "all" in which or "next" in which:
        doc["next_chemo_at"] = _at(nxt, zone, style)
    if first is not None and ("all" in which or "first" in which):
        doc["first_dose_at"] = _at(first, zone, style)


def dose_documents(rng: random.Random) -> Iterator[tuple[str, Any]]:
    # 1. Every accepted product x indication x presentation set (absent = the default).
    for product in PRODUCTS:
        for indication in INDICATIONS if product == "filgrastim" else ("chemotherapy",):
            sets: tuple[str | None, ...] = ("us_syringes", None) \
                if product == "tbo_filgrastim" else (*PRESENTATION_SETS, None)
            for presentation_set in sets:
                for _ in range(3):
                    doc = random_request(rng, product, indication)
                    doc.pop("presentation_set", None)
                    doc["product"] = product
                    doc["indication"] = indication
                    if presentation_set is not None:
                        doc["presentation_set"] = presentation_set
                    yield "product-indication-set", sorted_doc(doc)
    # 2. Filgrastim weights at the presentations, the tie and the tolerance edges.
    per_doses = ("240", "250", "272.73", "300", "333.33", "375", "390", "400", "436.36",
                 "480", "533.33", "600", "1500")
    for product, indication in [*(("filgrastim", i) for i in INDICATIONS),
                                ("tbo_filgrastim", "chemotherapy")]:
        mcg_per_kg = D(5) if product == "tbo_filgrastim" else MCG_PER_KG[indication]
        for per_dose in per_doses:
            kg = (D(per_dose) / mcg_per_kg).quantize(D("0.001"), ROUND_HALF_UP).normalize()
            for tolerance in (None, D(10), D(20), D(25), D(0), D(50)):
                if not D("0.5") <= kg <= 350 or rng.random() < 0.45:
                    continue
                doc = {"product": product, "indication": indication,
                       "weight_kg": num(kg, True)}
                if product == "filgrastim":
                    doc["presentation_set"] = rng.choice(PRESENTATION_SETS)
                if tolerance is not None:
                    doc["tolerance_pct"] = num(tolerance, True)
                yield "filgrastim-edges", doc
    # 3. Pegfilgrastim at the weight bands: kg, and lb near each rounding edge.
    peg_kg = ("0.5", "1", "5", "9.49", "9.499", "9.5", "9.51", "10", "15", "20", "20.49",
              "20.5", "21", "25", "30", "30.49", "30.5", "31", "40", "44", "44.49", "44.5",
              "45", "45.5", "60", "120", "350")
    for kg_text in peg_kg:
        for _ in range(2):
            doc = random_request(rng, "pegfilgrastim")
            for key in ("weight", "weight_unit", "weight_kg", "previous_weight",
                        "previous_weight_kg", "ordered_dose_mg"):
                doc.pop(key, None)
            _weight(rng, doc, D(kg_text), prefer_lb=rng.random() < 0.3)
            yield "pegfilgrastim-band", sorted_doc(doc)
    for lb in ("20.9", "20.94", "21", "44.1", "45.1", "45.2", "66.1", "67.2", "67.3",
               "68.3", "97.9", "98", "98.1", "98.2", "99.2", "99.3", "771.6"):
        yield "pegfilgrastim-lb", {"product": "pegfilgrastim", "weight": num(D(lb)),
                                   "weight_unit": "lb"}
    # 4. Timing: every edge, for each product.
    for product in PRODUCTS:
        for _ in range(40):
            doc = random_request(rng, product)
            for key in ("last_chemo_at", "next_chemo_at", "first_dose_at"):
                doc.pop(key, None)
            _times(rng, doc)
            yield f"timing-{product}", sorted_doc(doc)
    # 5. The stop rule: latest ANC at 10, and for indications without a course.
    for anc in ("0", "9.99", "9.999", "10", "10.0", "10.001", "10.01", "55", "1000"):
        for indication in ("chemotherapy", "bmt", "scn_congenital"):
            yield "latest-anc", {"weight_kg": 70, "indication": indication,
                                 "latest_anc": num(D(anc)),
                                 **({"first_dose_at": "2026-05-02T10:00"}
                                    if rng.random() < 0.5 else {})}
    # 6. Weight limits, tolerance limits, nulls for defaulted fields.
    for kg in near("weight_kg", DOSE_LIMITS):
        yield "weight-limits", {"weight_kg": num(kg), "product": rng.choice(PRODUCTS)}
    for tolerance in near("tolerance_pct", DOSE_LIMITS):
        yield "tolerance-limits", {"weight_kg": 66.667, "tolerance_pct": num(tolerance)}
    yield "nulls", {"weight_kg": 70, "product": None, "indication": None,
                    "presentation_set": None, "tolerance_pct": None, "last_chemo_at": None,
                    "next_chemo_at": None, "first_dose_at": None, "latest_anc": None,
                    "previous_weight_kg": None, "ordered_dose_mcg": None,
                    "ordered_dose_mg": None}
    yield "weight-as-text", {"weight_kg": "72.5"}
    # 7. Random requests.
    for _ in range(300):
        yield "random", sorted_doc(random_request(rng))


def invalid_dose(rng: random.Random) -> Iterator[tuple[str, Any, str | None]]:
    yield "missing-weight", {"product": "filgrastim"}, None
    yield "weight-too-low", {"weight_kg": 0.4}, None
    yield "weight-too-high-lb", {"weight": 800, "weight_unit": "lb"}, None
    yield "weight-unit-alone", {"weight_kg": 70, "weight_unit": "lb"}, None
    yield "weight-twice", {"weight_kg": 70, "weight": 154, "weight_unit": "lb"}, None
    yield "unknown-weight-unit", {"weight": 70, "weight_unit": "stone"}, None
    yield "tbo-not-chemo", {"weight_kg": 70, "product": "tbo_filgrastim",
                            "indication": "bmt"}, None
    yield "tbo-vials", {"weight_kg": 70, "product": "tbo_filgrastim",
                        "presentation_set": "us_vials"}, None
    yield "peg-in-mcg", {"weight_kg": 70, "product": "pegfilgrastim",
                         "ordered_dose_mcg": 6000}, None
    yield "filgrastim-in-mg", {"weight_kg": 70, "ordered_dose_mg": 0.35}, None
    yield "mixed-zones", {"weight_kg": 70, "last_chemo_at": "2026-03-01T08:00Z",
                          "first_dose_at": "2026-03-02T08:00"}, None
    yield "next-before-last", {"weight_kg": 70, "last_chemo_at": "2026-03-21T08:00",
                               "next_chemo_at": "2026-03-01T08:00"}, None
    yield "next-equals-last", {"weight_kg": 70, "last_chemo_at": "2026-03-21T08:00",
                               "next_chemo_at": "2026-03-21T08:00"}, None
    yield "bad-time", {"weight_kg": 70, "last_chemo_at": "yesterday"}, None
    yield "unknown-product", {"weight_kg": 70, "product": "sargramostim"}, None
    yield "unknown-key", {"weight_kg": 70, "dose": 300}, None
    yield "tolerance-too-high", {"weight_kg": 70, "tolerance_pct": 51}, None
    yield "latest-anc-negative", {"weight_kg": 70, "latest_anc": -0.1}, None
    yield "ordered-mg-too-low", {"weight_kg": 70, "product": "pegfilgrastim",
                                 "ordered_dose_mg": 0.001}, None
    yield "bool-weight", {"weight_kg": True}, None
    yield "not-an-object", "70 kg", None
    yield "raw-not-json", None, "{weight_kg: 70}"
    yield "raw-infinity", None, '{"weight_kg": Infinity}'


# --- shipped teaching cases ---------------------------------------------------------------------
def shipped_cases() -> list[tuple[str, dict[str, Any]]]:
    """(name, file content) of each shipped teaching case, sorted by name."""
    found = []
    for path in sorted(CASES_DIR.glob("*.json")):
        if CASE_NAME.match(path.stem):
            found.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return found


# --- RULES §11 (rule set 2026.2): the FN risk items ---------------------------------------------
FN_RISK_FLAGS = ("hypotension", "copd", "previous_fungal_infection", "iv_fluids_for_dehydration",
                 "outpatient_at_onset", "stress_hyperglycaemia", "chronic_cardiovascular_disease",
                 "clinically_stable")


def _pick(rng: random.Random, *values: Any) -> Any:
    """One of ``values``, or left out (``...``), or null: an item not asked."""
    return rng.choice((..., None, *values))


def fn_risk_documents(rng: random.Random) -> Iterator[tuple[str, Any]]:
    """Febrile (mostly) patients with every FN risk item yes, no, null or absent, at the
    edges of RULES §11 (SBP 90/91, age 17/18 and 59/60, ECOG 1/2, mucositis 1/2,
    monocytes 0.199/0.2, expected days 7/8, ANC 0.1)."""
    for n in range(480):
        doc: dict[str, Any] = {
            "wbc": num(rng.choice((D("0.15"), D("0.4"), D("1.2"), D("3"), rnd(rng, 0, 8, 2)))),
            "temperature_c": num(rng.choice((D("38.3"), D("38.6"), D("37.2"), D("39.1")))),
        }
        anc = rng.choice((None, D("0.1"), D("0.099"), D("0.101"), D("0.3"), D("0.7")))
        if anc is not None and D(str(doc["wbc"])) >= anc:
            doc["anc"] = num(anc)
        mono = rng.choice((None, D("0.199"), D("0.2"), D("0.05"), "pct"))
        if mono == "pct":
            doc["differential"] = {"monos_pct": num(rng.choice((D("5"), D("20"))))}
        elif mono is not None and D(str(doc["wbc"])) >= mono:
            doc["monocytes"] = num(mono)
        for key, values in (("age_years", (D(17), D(18), D(59), D(60), D(70))),
                            ("expected_neutropenia_days", (D(7), D(8), D(3))),
                            ("diagnosis", ("none", "solid_tumour", "aml", "solid_tumour",
                                           "other_haematological"))):
            chosen = _pick(rng, *values)
            if chosen is not ...:
                doc[key] = num(chosen) if isinstance(chosen, Decimal) else chosen
        for key in ("systemic_infection_signs", "uncontrolled_primary_disease",
                    "myelosuppressive_chemo"):
            if _maybe(rng, 0.25):
                doc[key] = True
        risk: dict[str, Any] = {}
        for key, values in (("burden", ("none_or_mild", "moderate", "severe")),
                            ("systolic_bp_mmhg", (90, 91, 120, 85)),
                            ("ecog", (0, 1, 2, 4)), ("mucositis_grade", (0, 1, 2, 3)),
                            ("chemo_intensity", ("mild_to_moderate", "high")),
                            *((flag, (True, False, False)) for flag in FN_RISK_FLAGS)):
            chosen = _pick(rng, *values, *values)
            if chosen is not ...:
                risk[key] = chosen
        if risk or _maybe(rng, 0.5):
            doc["fn_risk"] = risk
        yield f"fn-risk-{n % 4}", sorted_doc(doc)
    # Near the outpatient candidate: every item favourable, then one or two changed.
    favourable: dict[str, Any] = {
        "burden": "none_or_mild", "systolic_bp_mmhg": 120, "copd": False,
        "previous_fungal_infection": False, "iv_fluids_for_dehydration": False,
        "outpatient_at_onset": True, "ecog": 1, "stress_hyperglycaemia": False,
        "chronic_cardiovascular_disease": False, "mucositis_grade": 1,
        "clinically_stable": True, "chemo_intensity": "mild_to_moderate"}
    changes: dict[str, tuple[Any, ...]] = {
        "burden": ("moderate", "severe", None), "systolic_bp_mmhg": (90, 91, None),
        "copd": (True, None), "previous_fungal_infection": (True, None),
        "iv_fluids_for_dehydration": (True, None), "outpatient_at_onset": (False, None),
        "ecog": (2, None), "stress_hyperglycaemia": (True, None),
        "chronic_cardiovascular_disease": (True, None), "mucositis_grade": (2, None),
        "clinically_stable": (False, None), "chemo_intensity": ("high", None)}
    for n in range(160):
        risk = dict(favourable)
        for key in rng.sample(sorted(changes), rng.choice((0, 1, 1, 2))):
            risk[key] = rng.choice(changes[key])
        doc = {"wbc": 1.5, "anc": num(rng.choice((D("0.3"), D("0.1"), D("0.101")))),
               "temperature_c": 38.6, "fn_risk": risk,
               "diagnosis": rng.choice(("solid_tumour", "solid_tumour", "aml", "none")),
               "age_years": rng.choice((45, 59, 60, 17, 18)),
               "expected_neutropenia_days": rng.choice((5, 7, 8)),
               "monocytes": num(rng.choice((D("0.199"), D("0.2"), D("0.5"))))}
        if _maybe(rng, 0.1):
            doc[rng.choice(("systemic_infection_signs", "uncontrolled_primary_disease"))] = True
        yield f"near-outpatient-{n % 4}", sorted_doc(doc)


def invalid_fn_risk(rng: random.Random) -> Iterator[tuple[str, Any, str | None]]:
    base = {"wbc": 1, "anc": 0.3, "temperature_c": 38.6}
    for group, risk in (("ecog-5", {"ecog": 5}), ("ecog-half", {"ecog": 1.5}),
                        ("sbp-400", {"systolic_bp_mmhg": 400}),
                        ("sbp-39", {"systolic_bp_mmhg": 39}),
                        ("burden-mild", {"burden": "mild"}),
                        ("mucositis-5", {"mucositis_grade": 5}),
                        ("copd-text", {"copd": "maybe"}), ("intensity", {"chemo_intensity": "low"}),
                        ("unknown-item", {"masc": 21}), ("ecog-bool", {"ecog": True})):
        yield group, {**base, "fn_risk": risk}, None
    yield "fn-risk-not-object", {**base, "fn_risk": [1]}, None
    yield "monocytes-above-wbc", {**base, "monocytes": 1.5}, None


# --- everything ---------------------------------------------------------------------------------
def cases() -> list[GoldenCase]:
    """Every command of the golden record, in order; ids are unique."""
    out: list[GoldenCase] = []
    out.append(GoldenCase("case-list", "case", ("case", "--list")))
    out.append(GoldenCase("case-check", "case", ("case", "--check")))
    for name, content in shipped_cases():
        refused = bool(content.get("expect_errors"))
        out.append(GoldenCase(f"case-{name}", "case", ("case", name)))
        out.append(GoldenCase(f"assess-case-{name}", "assess", ("assess", "-"),
                              sorted_doc(content["inputs"]), valid=not refused))
        if content.get("dose_request") is not None:
            out.append(GoldenCase(f"dose-case-{name}", "dose", ("dose", "-"),
                                  sorted_doc(content["dose_request"])))
    out.append(GoldenCase("case-unknown", "case", ("case", "no_such_case"), valid=False))

    def numbered(kind: str, make: Callable[[random.Random], Iterator[tuple[str, Any]]],
                 rng: random.Random, prefix: str = "") -> None:
        for n, (group, doc) in enumerate(make(rng)):
            out.append(GoldenCase(f"{prefix or kind}-{n:04d}-{group}", kind, (kind, "-"), doc))

    def refused(kind: str, make: Callable[[random.Random],
                                          Iterator[tuple[str, Any, str | None]]],
                rng: random.Random, prefix: str = "") -> None:
        for n, (group, doc, raw) in enumerate(make(rng)):
            out.append(GoldenCase(f"{prefix or kind}-invalid-{n:02d}-{group}", kind,
                                  (kind, "-"), doc, raw, valid=False))

    # One generator each, so adding to one list does not shift another.
    numbered("assess", assess_documents, random.Random(SEED))
    refused("assess", invalid_assess, random.Random(SEED + 1))
    numbered("dose", dose_documents, random.Random(SEED + 2))
    refused("dose", invalid_dose, random.Random(SEED + 3))
    numbered("assess", fn_risk_documents, random.Random(SEED + 4), "assess-fnrisk")  # issue 16
    refused("assess", invalid_fn_risk, random.Random(SEED + 5), "assess-fnrisk")
    # Lists of documents: one result per item, in order; one refused item refuses the list.
    assess = [c.document for c in out if c.kind == "assess" and c.valid
              and c.id.endswith("-random")]
    out.append(GoldenCase("assess-list-valid", "assess", ("assess", "-"), assess[:3]))
    out.append(GoldenCase("assess-list-one-refused", "assess", ("assess", "-"),
                          [assess[3], {"wbc": 1001}, assess[4]], valid=False))
    dose = [c.document for c in out if c.kind == "dose" and c.valid and c.id.endswith("-random")]
    out.append(GoldenCase("dose-list-valid", "dose", ("dose", "-"), dose[:3]))
    out.append(GoldenCase("dose-list-empty", "dose", ("dose", "-"), []))
    ids = [c.id for c in out]
    assert len(ids) == len(set(ids)), "golden case ids must be unique"
    return out


if __name__ == "__main__":
    from collections import Counter

    made = cases()
    print(Counter((c.kind, c.valid) for c in made))
