"""Properties of assess() over generated valid inputs (hypothesis, derandomised profile), rule
set 2026.2.

The strategy draws every bound from ``leukodesk.core.contract.limits.LIMITS``, so a limit changed
there is followed here. Values are exact decimals on a grid, written in the unit the
document names (×10⁹/L or cells/µL; g/dL, g/L or mmol/L; °C or °F; kg or lb).
"""

from __future__ import annotations

import math
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leukodesk.core import assess, parse_inputs
from leukodesk.core.content import sources
from leukodesk.core.contract.limits import LIMITS
from leukodesk.core.contract.models import Bleeding, Diagnosis, PlannedProcedure
from leukodesk.core.contract.units import (
    UNIT_ALIASES,
    CountUnit,
    HemoglobinUnit,
    TemperatureUnit,
    WeightUnit,
    from_canonical,
    to_canonical,
    to_decimal,
)

ANC_CLASS_ORDER = ["normal", "mild", "moderate", "severe", "profound"]          # mildest first
# Most urgent first. "not_routine_chronic" (RULES §8, 2026.2) is the category of platelets ≤ 20 in
# chronic marrow failure, where above 20 the table's "only_for_bleeding" follows: in that patient
# it stands where "indicated" and "indicated_if_fever_or_infection" stand for everyone else.
PLATELET_ORDER = ["indicated", "indicated_if_fever_or_infection", "not_routine_chronic",
                  "only_for_bleeding", "not_indicated"]
# transfuse_now: yes is more urgent than "not assessed", which is more urgent than no.
TRANSFUSE_RANK = {True: 2, None: 1, False: 0}
BLEEDING_ORDER = [b.value for b in Bleeding]                                   # none first
# RULES §8 (2026.2): chronic bone-marrow failure is MDS (either risk) or CMML (either type).
CHRONIC_MARROW_FAILURE = {"mds_lower_risk", "mds_higher_risk", "cmml", "cmml_myeloproliferative"}
VIALS = (Decimal(300), Decimal(480))
BOOLEAN_KEYS = ("fever_sustained_1h", "uncontrolled_primary_disease", "systemic_infection_signs",
                "myelosuppressive_chemo", "anthracycline_chemo", "active_bleeding", "duffy_null")
COUNT_KEYS = ("wbc", "anc", "lymphocytes", "monocytes", "platelets",
              "lln.wbc", "lln.anc", "lln.lymphocytes", "lln.platelets")
# Decimal places of the grid values are drawn on, per entry unit.
PLACES: dict[Enum, int] = {
    CountUnit.G_PER_L: 2, CountUnit.CELLS_PER_UL: 0, HemoglobinUnit.G_DL: 1,
    HemoglobinUnit.G_L: 0, HemoglobinUnit.MMOL_L: 2, TemperatureUnit.C: 1,
    TemperatureUnit.F: 1, WeightUnit.KG: 1, WeightUnit.LB: 1,
}
# Where the clinically interesting values lie (canonical unit); the full range is drawn too.
FOCUS = {"wbc": Decimal(12), "platelets": Decimal(200), "expected_neutropenia_days": Decimal(30)}
# Clinical cut-points (canonical unit): values at them and one grid step either side are
# drawn often, since that is where a property is most likely to break.
NEAR = {"wbc": "1 2 3 4 100 200", "platelets": "10 20 25 50 75 100 150 1500",
        "temperature_c": "38.0 38.3", "age_years": "65", "expected_neutropenia_days": "7 10 14",
        "weight_kg": "60 78 96"}
ANC_CUTS = [Decimal(c) + d for c in ("0.1", "0.5", "1.0", "1.5", "2.0")
            for d in (Decimal("-0.01"), 0, Decimal("0.01"))]


@cache
def grid(lo: Decimal, hi: Decimal, places: int) -> st.SearchStrategy[Decimal]:
    """Decimals with ``places`` decimals in [lo, hi], rounded inwards."""
    scale = Decimal(10) ** places
    first, last = math.ceil(lo * scale), math.floor(hi * scale)
    return st.integers(first, last).map(lambda n: (Decimal(n) / scale).normalize())


def places_of(key: str, unit: Enum | None) -> int:
    if unit is not None:
        return PLACES[unit]
    return max(0, -LIMITS[key].step.as_tuple().exponent)


def entry_range(key: str, unit: Enum | None) -> tuple[Decimal, Decimal]:
    lim = LIMITS[key]
    if unit is None:
        return lim.minimum, lim.maximum
    return from_canonical(lim.minimum, unit), from_canonical(lim.maximum, unit)


@cache
def value(key: str, unit: Enum | None) -> st.SearchStrategy[Decimal]:
    """A valid value of input ``key`` written in ``unit``."""
    lo, top = entry_range(key, unit)
    places = places_of(key, unit)
    choices = [grid(lo, top, places)]
    if key in FOCUS:
        focus = FOCUS[key] if unit is None else from_canonical(FOCUS[key], unit)
        choices.append(grid(lo, min(top, focus), places))
    if key in NEAR:
        step = Decimal(1).scaleb(-places)
        cuts = [Decimal(t) if unit is None else from_canonical(Decimal(t), unit)
                for t in NEAR[key].split()]
        near = sorted({c + d for c in cuts for d in (-step, 0, step) if lo <= c + d <= top})
        if near:
            choices.append(st.sampled_from(near))
    return st.one_of(choices)


def as_json(number: Decimal, integral_as_int: bool) -> int | float:
    if integral_as_int and number == number.to_integral_value():
        return int(number)
    return float(number)


def unit_of(doc: dict[str, Any], kind: type[Enum]) -> Enum:
    group = {CountUnit: "counts", HemoglobinUnit: "hemoglobin", TemperatureUnit: "temperature",
             WeightUnit: "weight"}[kind]
    text = doc.get("units", {}).get(group)
    if text is None:
        return next(iter(kind))
    return next(m for m in kind if text == m.value or UNIT_ALIASES[kind].get(text.lower()) is m)


def spellings(member: Enum) -> list[str]:
    kind = type(member)
    return [member.value] + [a for a, m in UNIT_ALIASES[kind].items() if m is member]


@st.composite
def valid_inputs(draw: st.DrawFn, anc_mode: str | None = None, need: frozenset[str] = frozenset(),
                 counts: CountUnit | None = None) -> dict[str, Any]:
    """One valid raw input document. ``anc_mode``: "anc", "differential" or "none"."""
    units: dict[type[Enum], Enum] = {}
    unit_doc: dict[str, str] = {}
    for kind, group in ((CountUnit, "counts"), (HemoglobinUnit, "hemoglobin"),
                        (TemperatureUnit, "temperature"), (WeightUnit, "weight")):
        member = counts if kind is CountUnit and counts is not None else draw(st.sampled_from(kind))
        units[kind] = member
        if member is not next(iter(kind)) or draw(st.booleans()):
            unit_doc[group] = draw(st.sampled_from(spellings(member)))
    ints = draw(st.booleans())
    doc: dict[str, Any] = {}
    if unit_doc or draw(st.booleans()):
        doc["units"] = unit_doc

    def put(key: str, number: Decimal) -> None:
        doc[key] = as_json(number, ints)

    def maybe(key: str) -> bool:
        return key in need or draw(st.booleans())

    cu = units[CountUnit]
    wbc = draw(value("wbc", cu))
    put("wbc", wbc)
    mode = anc_mode or draw(st.sampled_from(["anc", "differential", "none"]))
    if mode == "anc":
        low = grid(Decimal(0), min(wbc, from_canonical(Decimal(2), cu)), PLACES[cu])
        cuts = [c for c in (from_canonical(a, cu) for a in ANC_CUTS) if c <= wbc]
        near = [st.sampled_from(cuts)] if cuts else []
        put("anc", draw(st.one_of(low, grid(Decimal(0), wbc, PLACES[cu]), *near)))
    diff: dict[str, Any] = {}
    if mode == "differential":
        segs = draw(grid(Decimal(0), Decimal(100), 0))
        diff["segs_pct"] = as_json(segs, ints)
        if draw(st.booleans()):
            diff["bands_pct"] = as_json(draw(grid(Decimal(0), 100 - segs, 0)), ints)
    for pct in ("lymphs_pct", "monos_pct"):
        if draw(st.booleans()):
            diff[pct] = as_json(draw(value(f"differential.{pct}", None)), ints)
    if diff or (mode == "differential" and draw(st.booleans())):
        doc["differential"] = diff
    for key in ("lymphocytes", "monocytes"):
        # a monocyte count and the differential's monocytes % are not given together
        if maybe(key) and not (key == "monocytes" and "monos_pct" in diff):
            put(key, draw(grid(Decimal(0), wbc, PLACES[cu])))
    for key, kind in (("platelets", CountUnit), ("hemoglobin_g_dl", HemoglobinUnit),
                      ("temperature_c", TemperatureUnit), ("weight_kg", WeightUnit),
                      ("age_years", None), ("expected_neutropenia_days", None),
                      ("tolerance_pct", None)):
        if maybe(key):
            put(key, draw(value(key, units[kind] if kind else None)))
    for key in BOOLEAN_KEYS:
        if maybe(key):
            doc[key] = draw(st.booleans())
    if draw(st.booleans()):
        doc["anc_expected_below_0_5_within_48h"] = draw(st.sampled_from([True, False, None]))
    if maybe("bleeding"):   # beside the 2026.1 active_bleeding, which it overrides when both
        doc["bleeding"] = draw(st.sampled_from(BLEEDING_ORDER))
    for key, enum in (("diagnosis", Diagnosis), ("planned_procedure", PlannedProcedure)):
        if maybe(key):
            doc[key] = draw(st.sampled_from([m.value for m in enum]))
    if draw(st.booleans()):
        lln: dict[str, Any] = {}
        for name in ("wbc", "anc", "lymphocytes", "platelets", "hemoglobin"):
            if draw(st.booleans()):
                kind = HemoglobinUnit if name == "hemoglobin" else CountUnit
                lln[name] = as_json(draw(value(f"lln.{name}", units[kind])), ints)
        doc["lln"] = lln
    return doc


def entry(doc: dict[str, Any], key: str) -> Decimal:
    return to_decimal(doc[key])


def lower_anc() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    @st.composite
    def pair(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
        doc = draw(valid_inputs(anc_mode="anc"))
        anc = entry(doc, "anc")
        lower = draw(st.one_of(grid(Decimal(0), anc, 4), grid(anc / 2, anc, 4)))
        return doc, {**doc, "anc": float(lower)}
    return pair()


def no_anc_then_anc() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    """A document with no ANC and no differential, and the same with an ANC ≤ the WBC."""
    @st.composite
    def pair(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
        doc = draw(valid_inputs(anc_mode="none", counts=CountUnit.G_PER_L))
        wbc = entry(doc, "wbc")
        near = [c for c in ANC_CUTS if c <= wbc]
        anc = draw(st.one_of(grid(Decimal(0), wbc, 3), *([st.sampled_from(near)] if near else [])))
        return doc, {**doc, "anc": float(anc)}
    return pair()


def higher_platelets(need: frozenset[str] = frozenset()
                     ) -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    @st.composite
    def pair(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
        doc = draw(valid_inputs(need=frozenset({"platelets"}) | need))
        _, top = entry_range("platelets", unit_of(doc, CountUnit))
        plt = entry(doc, "platelets")
        higher = draw(st.one_of(grid(plt, top, 1), grid(plt, min(top, plt * 2 + 10), 1)))
        return doc, {**doc, "platelets": float(higher)}
    return pair()


def heavier() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    @st.composite
    def pair(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
        doc = draw(valid_inputs(need=frozenset({"weight_kg"})))
        _, top = entry_range("weight_kg", unit_of(doc, WeightUnit))
        more = draw(grid(entry(doc, "weight_kg"), top, 2))
        return doc, {**doc, "weight_kg": float(more)}
    return pair()


def dump(a: Any) -> dict[str, Any]:
    return a.model_dump(mode="json")


def anc_class_index(value: float) -> int:
    """RULES §5: the ANC class of a count (×10⁹/L), 0 normal … 4 profound."""
    return sum(value < cut for cut in (1.5, 1.0, 0.5, 0.1))


# (a) ------------------------------------------------------------------------------------
@given(valid_inputs())
def test_valid_input_never_raises(doc: dict[str, Any]) -> None:
    a = assess(doc)
    wbc = float(to_canonical(entry(doc, "wbc"), unit_of(doc, CountUnit)))
    assert a.inputs.wbc == wbc
    # RULES §5 (2026.2): one neutrophil gauge. Its level is the ANC class when there is an ANC;
    # without one, the class the WBC bound settles (WBC < 1.5); else not assessed (null) — the
    # WBC grade no longer moves it.
    if a.anc is not None:
        assert (a.severity_basis, a.anc_upper_bound) == ("anc_class", None)
        assert a.severity_level == ANC_CLASS_ORDER.index(a.anc_class.value)
    elif wbc < 1.5:
        assert (a.severity_basis, a.anc_upper_bound) == ("wbc_bound", wbc)
        assert a.severity_level == anc_class_index(wbc)
    else:
        assert (a.severity_level, a.severity_label, a.severity_basis) == (None, None, None)
        assert a.anc_upper_bound == wbc
    if a.severity_level is not None:
        assert 0 <= a.severity_level <= 4 and a.severity_label
    # The marks: a list, never null, of only what is known (§5, §9, §9a).
    assert isinstance(a.gauge_marks, list)
    assert ("hyperleukocytosis" in a.gauge_marks) == (wbc > 100)
    assert ("lymphopenia" in a.gauge_marks) == (a.alc is not None and a.alc < 0.5)
    assert set(a.gauge_marks) <= {"hyperleukocytosis", "lymphopenia"}
    assert a.model_dump_json()  # the whole result serialises


@given(valid_inputs())
def test_cytopenia_pattern_counts_the_low_lines_only_when_all_are_known(
        doc: dict[str, Any]) -> None:
    a = assess(doc)
    counts = (a.inputs.wbc, a.inputs.hemoglobin_g_dl, a.inputs.platelets)
    llns = (a.effective_lln.wbc, a.effective_lln.hemoglobin, a.effective_lln.platelets)
    low = sum(v is not None and v < lln for v, lln in zip(counts, llns, strict=True))
    if None in counts:   # a missing count could always add a low line (§9: null)
        assert a.cytopenia_pattern is None
    else:
        assert a.cytopenia_pattern == ("none", "isolated", "bicytopenia", "pancytopenia")[low]


# (b) ------------------------------------------------------------------------------------
@given(lower_anc())
def test_lower_anc_is_never_milder(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    base, low = (assess(d) for d in pair)
    assert ANC_CLASS_ORDER.index(low.anc_class.value) >= ANC_CLASS_ORDER.index(
        base.anc_class.value)
    assert low.severity_level >= base.severity_level   # both from the ANC class (§5)
    assert low.ctcae.neutrophils >= base.ctcae.neutrophils
    if base.febrile_neutropenia is True:
        assert low.febrile_neutropenia is True
    if base.immediate_antibiotics is True:
        assert low.immediate_antibiotics is True


@given(no_anc_then_anc())
def test_what_the_wbc_bound_settles_holds_for_every_anc_below_the_wbc(
        pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    # RULES §2a (2026.2): with no ANC the ANC is at most the WBC. Whatever the bound settles must
    # be what any ANC ≤ WBC gives, so measuring the ANC never reverses it.
    bound, measured = (assess(d) for d in pair)
    assert bound.anc is None and bound.anc_upper_bound == bound.inputs.wbc
    for key in ("febrile_neutropenia", "ctcae_febrile_neutropenia", "needs_active_management"):
        settled = getattr(bound, key)
        if settled is not None:
            assert getattr(measured, key) is settled, key
    if bound.severity_level is not None:   # the WBC's class "or below"
        assert measured.severity_level >= bound.severity_level
    assert set(bound.high_risk_features) <= set(measured.high_risk_features)
    # Antibiotics settled by the bound (FN, or NICE sepsis with WBC ≤ 0.5) stay; suspected
    # sepsis (§6 rule 3) is for an ANC that is unknown, so a measured ANC may undo it.
    if bound.immediate_antibiotics is True and "suspected_sepsis_antibiotics" not in {
            r.id for r in bound.recommendations}:
        assert measured.immediate_antibiotics is True
    if bound.immediate_antibiotics is False:   # no fever, no temperature above 38, no signs
        assert measured.immediate_antibiotics is not True


# (c) ------------------------------------------------------------------------------------
# 2026.1 held only "never from no to yes" and four categories. 2026.2 (§8) adds the bleeding
# thresholds (< 30, < 100), APL (< 30, < 50 with bleeding) and chronic marrow failure (no
# prophylactic transfusion at any count, "not_routine_chronic" up to 20): every one of them is a
# "below X" rule, so a higher count of the same patient is still never more urgent — now in the
# full order of transfuse_now (yes > not assessed > no), not only no → yes.
@given(st.one_of(higher_platelets(),
                 higher_platelets(frozenset({"diagnosis", "bleeding", "planned_procedure"}))))
def test_higher_platelets_are_never_more_urgent(
        pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    base, high = (assess(d).platelet_transfusion for d in pair)
    assert PLATELET_ORDER.index(high.category.value) >= PLATELET_ORDER.index(
        base.category.value)
    assert TRANSFUSE_RANK[high.transfuse_now] <= TRANSFUSE_RANK[base.transfuse_now]
    # The "below X" rules that fire at the higher count fire at the lower one too. (The bands
    # of the table are not nested: 8 is "prophylactic", 15 with infection is "infection".)
    thresholds = {"bleeding", "procedure", "apl"}
    assert set(high.reasons) & thresholds <= set(base.reasons)


@st.composite
def worse_bleeding(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = draw(valid_inputs(need=frozenset({"bleeding"})))
    doc.pop("active_bleeding", None)   # one bleeding input, so "worse" is plain
    worse = draw(st.sampled_from(BLEEDING_ORDER[BLEEDING_ORDER.index(doc["bleeding"]):]))
    return doc, {**doc, "bleeding": worse}


@given(worse_bleeding())
def test_worse_bleeding_is_never_less_urgent(
        pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    base, worse = (assess(d) for d in pair)
    if base.platelet_transfusion is None:
        assert worse.platelet_transfusion is None
    else:
        b, w = base.platelet_transfusion, worse.platelet_transfusion
        assert w.category == b.category   # bleeding changes the action, not the table's row
        assert TRANSFUSE_RANK[w.transfuse_now] >= TRANSFUSE_RANK[b.transfuse_now]
    # Bleeding is an emergency whatever the count, and with no count at all (§8).
    if worse.inputs.bleeding.value != "none":
        assert "emergency" in {r.urgency.value for r in worse.recommendations}


@given(valid_inputs(need=frozenset({"platelets", "diagnosis"})))
def test_chronic_marrow_failure_and_apl_platelets(doc: dict[str, Any]) -> None:
    a = assess(doc)
    plt, given_in = a.platelet_transfusion, a.inputs
    bleeding = given_in.bleeding.value != "none"
    if given_in.diagnosis.value in CHRONIC_MARROW_FAILURE and not given_in.myelosuppressive_chemo:
        # No prophylactic platelets in chronic marrow failure: only bleeding and procedures.
        assert not {"prophylactic", "fever", "infection"} & set(plt.reasons)
        assert (plt.category.value == "not_routine_chronic") == (given_in.platelets <= 20)
    else:
        assert plt.category.value != "not_routine_chronic"
    if given_in.diagnosis.value == "apl" and given_in.platelets < (50 if bleeding else 30):
        assert plt.transfuse_now is True and "apl" in plt.reasons
    if given_in.diagnosis.value != "apl":
        assert "apl" not in plt.reasons


# (d) ------------------------------------------------------------------------------------
@given(valid_inputs())
def test_every_recommendation_cites_known_sources(doc: dict[str, Any]) -> None:
    a = assess(doc)
    known = set(sources())
    assert a.recommendations, "there is always at least one line of advice"
    for rec in a.recommendations:
        assert rec.sources, rec.id
        assert set(rec.sources) <= known, (rec.id, rec.sources)
    for pit in a.pitfalls:
        assert pit.sources and set(pit.sources) <= known, pit.id
    for block in (a.platelet_transfusion, a.filgrastim):
        if block is not None:
            assert block.sources and set(block.sources) <= known


# (e) ------------------------------------------------------------------------------------
@given(valid_inputs())
def test_echoed_inputs_give_the_same_assessment(doc: dict[str, Any]) -> None:
    first = assess(doc)
    again = assess(first.inputs.model_dump(mode="json", exclude_none=True))
    assert dump(again) == dump(first)


ECHO_EXAMPLES = [
    {"wbc": 2, "anc": 0.3},
    {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6, "age_years": 70,
     "platelets": 8, "weight_kg": 72.4},
]


@pytest.mark.parametrize("doc", ECHO_EXAMPLES)
def test_echoed_inputs_verbatim_with_nulls_give_the_same_assessment(doc: dict[str, Any]) -> None:
    first = assess(doc)
    again = assess(dump(first)["inputs"])  # exactly what `leukodesk assess` prints
    assert dump(again) == dump(first)


# (f) ------------------------------------------------------------------------------------
def in_cells_per_ul(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in doc.items()}
    for key in COUNT_KEYS:
        parent, _, leaf = key.rpartition(".")
        node = out.get(parent) if parent else out
        if isinstance(node, dict) and node.get(leaf) is not None:
            node[leaf] = as_json(to_decimal(node[leaf]) * 1000, True)
    out["units"] = {**out.get("units", {}), "counts": "cells/uL"}
    return out


def facts(a: Any) -> dict[str, Any]:
    d = dump(a)
    keep = ("anc", "anc_class", "needs_active_management", "leukopenia", "leukopenia_tier",
            "ctcae", "fever", "febrile_neutropenia", "ctcae_febrile_neutropenia",
            "immediate_antibiotics", "high_risk_features", "consider_gcsf",
            "hyperleukocytosis", "severity_level", "severity_label", "effective_lln",
            "amc", "anc_upper_bound", "severity_basis", "gauge_marks", "cytopenia_pattern")
    out = {k: d[k] for k in keep}
    plt = d["platelet_transfusion"]
    out["platelets"] = plt and (plt["category"], plt["transfuse_now"], plt["reasons"])
    out["recommendations"] = [r["id"] for r in d["recommendations"]]
    out["pitfalls"] = [p["id"] for p in d["pitfalls"]]
    out["not_assessed"] = [n["output"] for n in d["not_assessed"]]
    return out


@given(valid_inputs(counts=CountUnit.G_PER_L))
def test_cells_per_ul_gives_the_same_picture(doc: dict[str, Any]) -> None:
    assert facts(assess(in_cells_per_ul(doc))) == facts(assess(doc))


# (g) ------------------------------------------------------------------------------------
def check_vial(dose: Decimal, vial: Decimal, tie: bool) -> None:
    gaps = {v: abs(v - dose) for v in VIALS}
    best = min(gaps.values())
    assert gaps[vial] == best, (dose, vial)
    assert tie == (gaps[VIALS[0]] == gaps[VIALS[1]])
    if tie:
        assert vial == Decimal(480)


@given(heavier())
def test_filgrastim_dose_grows_with_weight_and_vial_is_nearest(
        pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    light, heavy = (assess(d).filgrastim for d in pair)
    assert heavy.dose_mcg >= light.dose_mcg
    for g in (light, heavy):
        dose = to_decimal(g.weight_kg) * 5  # the exact dose the core rounds
        assert abs(to_decimal(g.dose_mcg) - dose) <= Decimal("1e-9") * dose
        check_vial(dose, to_decimal(g.nearest_vial_mcg), g.tie)


def test_vial_tie_goes_to_480() -> None:
    g = assess({"wbc": 5, "weight_kg": 78}).filgrastim  # 390 mcg: 90 from each vial
    assert (g.dose_mcg, g.nearest_vial_mcg, g.tie) == (390, 480, True)


# (h) ------------------------------------------------------------------------------------
@given(valid_inputs())
def test_assess_is_deterministic(doc: dict[str, Any]) -> None:
    first, second = assess(doc), assess(doc)
    assert dump(first) == dump(second)
    assert dump(assess(parse_inputs(doc))) == dump(first)
