"""The rule table (issue 14): each entry declared once, and "Why?" is its evaluation.

- The table, the texts and the facts agree: every rule has a text and every text a rule;
  every name a condition uses exists; every rule fires for some patient, with a why.
- Honest why: for the golden record's patients and every rule (fired or not), each
  comparison in the trace holds for the inputs, recomputed here from the validated inputs
  (not from the trace), a shown figure never sits across the threshold from the value
  compared, and the trace's result is whether the rule fired.
- Just below, at and just above thresholds, the why states the exact side.
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from leukodesk import cli
from leukodesk.core import assess, content, parse_inputs
from leukodesk.core.content import Urgency
from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.rules import advice, facts, logic, table
from leukodesk.core.rules.findings import compute
from leukodesk.core.rules.logic import COMPARE, Node, Step
from leukodesk.core.rules.scores import ScoreCmp
from tests.golden.generate import cases as golden_cases

FN = {"wbc": 5.0, "anc": 0.3, "temperature_c": 38.5}
# Febrile neutropenia with every high-risk feature known and absent (RULES §7).
FN_NO_FEATURES = {**FN, "age_years": 50, "expected_neutropenia_days": 5}

# Inputs that fire each recommendation of the table (at least).
FIRES: dict[str, dict[str, Any]] = {
    "confirm_unit": {"wbc": 250},
    "fn_antibiotics": FN,
    "neutropenic_sepsis_antibiotics": {"wbc": 1, "anc": 0.2, "temperature_c": 36.5,
                                       "systemic_infection_signs": True},
    "suspected_sepsis_antibiotics": {"wbc": 3, "temperature_c": 38.5,
                                     "myelosuppressive_chemo": True},
    "remeasure_temperature": {"wbc": 2, "anc": 0.7, "temperature_c": 38.1},
    "hypothermia_check": {"wbc": 1, "anc": 0.2, "temperature_c": 35.5},
    "hyperleukocytosis": {"wbc": 150},
    "escalate_now": FN,
    "fever_without_anc": {"wbc": 2, "temperature_c": 38.6},
    "fn_answer_48h": {"wbc": 2, "anc": 0.7, "temperature_c": 38.5},
    "fn_borderline_reassess": {"wbc": 2, "anc": 0.7, "temperature_c": 38.5,
                               "anc_expected_below_0_5_within_48h": False},
    "apl_no_leukapheresis": {"wbc": 5, "diagnosis": "apl"},
    "plt_bleeding": {"wbc": 5, "platelets": 29, "active_bleeding": True},
    "plt_bleeding_not_count": {"wbc": 5, "platelets": 140, "bleeding": "clinically_significant"},
    "plt_bleeding_watch": {"wbc": 5, "platelets": 30, "bleeding": "clinically_significant"},
    "bleeding_no_count": {"wbc": 5, "bleeding": "severe_or_critical_site"},
    "apl_platelets": {"wbc": 5, "platelets": 29, "diagnosis": "apl"},
    "apl_coagulation": {"wbc": 5, "diagnosis": "apl"},
    "plt_chronic_not_routine": {"wbc": 3, "platelets": 8, "diagnosis": "mds_lower_risk"},
    "plt_transfuse_prophylactic": {"wbc": 5, "platelets": 8},
    "plt_transfuse_fever_infection": {"wbc": 5, "platelets": 15, "temperature_c": 38.5,
                                      "systemic_infection_signs": True},
    "plt_procedure": {"wbc": 5, "platelets": 40, "planned_procedure": "lumbar_puncture"},
    "gcsf_consider": {**FN, "age_years": 70},
    "active_management": {"wbc": 2, "anc": 0.7},
    "avoid_invasive": {"wbc": 2, "anc": 0.3},
    "gcsf_not_routine": FN_NO_FEATURES,
    "plt_if_fever_infection": {"wbc": 5, "platelets": 15, "temperature_c": 37},
    "plt_bleeding_only": {"wbc": 5, "platelets": 60},
    "acute_leukaemia_prophylaxis": {"wbc": 1, "diagnosis": "aml",
                                    "expected_neutropenia_days": 21},
    "mds_lower_risk": {"wbc": 3.5, "anc": 1.2, "platelets": 100, "hemoglobin_g_dl": 10.5,
                       "diagnosis": "mds_lower_risk"},
    "mds_lower_risk_unknown": {"wbc": 3, "diagnosis": "mds_lower_risk"},
    "mds_lower_risk_not_modest": {"wbc": 3, "platelets": 20, "diagnosis": "mds_lower_risk"},
    "marrow_production": {"wbc": 3, "platelets": 100, "hemoglobin_g_dl": 10},
    "lymphopenia": {"wbc": 3, "lymphocytes": 0.4},
    "mds_higher_risk": {"wbc": 3, "diagnosis": "mds_higher_risk"},
    "cmml": {"wbc": 3, "diagnosis": "cmml"},
    "cmml_myeloproliferative": {"wbc": 30, "diagnosis": "cmml_myeloproliferative"},
    "azole_interactions": {"wbc": 3, "anthracycline_chemo": True},
    "mild_leukopenia_observe": {"wbc": 3.5},
    "safety_net": {"wbc": 2, "anc": 0.7},
    "gcsf_timing": {**FN, "age_years": 70, "myelosuppressive_chemo": True},
    "rbc_context": {"wbc": 5, "hemoglobin_g_dl": 7.5},
    "duffy_null_lln": {"wbc": 5, "duffy_null": True},
    "plt_procedure_ok": {"wbc": 5, "platelets": 60, "planned_procedure": "lumbar_puncture"},
    "no_leukopenia": {"wbc": 5},
    "fn_inpatient": {**FN, "systemic_infection_signs": True},
    "fn_outpatient_candidate": {**FN_NO_FEATURES, "diagnosis": "other_haematological",
                                "fn_risk": {"burden": "none_or_mild", "systolic_bp_mmhg": 120,
                                            "copd": False, "previous_fungal_infection": False,
                                            "iv_fluids_for_dehydration": False,
                                            "outpatient_at_onset": True,
                                            "clinically_stable": True}},
    "fn_disposition_open": FN,
    # RULES §13: profound neutropenia from the 1st to the 10th (9 days, going on), and a
    # recovery to 0.5 on three consecutive days after the nadir.
    "trend_profound_over_7_days": {"wbc": 0.5, "anc": 0.05, "counts_time": "2026-03-10",
                                   "history": [{"time": "2026-03-01", "wbc": 0.4,
                                                "anc": 0.08}]},
    "trend_recovery_confirmed": {"wbc": 3, "anc": 1.2, "counts_time": "2026-03-12",
                                 "history": [{"time": "2026-03-09", "wbc": 0.5, "anc": 0.2},
                                             {"time": "2026-03-10", "wbc": 1, "anc": 0.5},
                                             {"time": "2026-03-11", "wbc": 2, "anc": 0.9}]},
}


def ids(doc: dict[str, Any]) -> list[str]:
    return [r.id for r in assess(doc).recommendations]


def why_of(doc: dict[str, Any], key: str) -> list[str]:
    found = [r for r in assess(doc).recommendations if r.id == key]
    assert found, f"{key} did not fire for {doc}"
    return found[0].why.because


# --- the table, the texts and the facts agree -------------------------------------------------
def nodes(node: Node) -> list[Node]:
    """``node`` and every node below it."""
    out = [node]
    for child in (getattr(node, "parts", ()) or ()):
        out += nodes(child)
    for name in ("part", "matters"):
        if hasattr(node, name):
            out += nodes(getattr(node, name))
    return out


def every_condition() -> list[tuple[str, Node]]:
    return [*((f"rule {r.id}", r.when) for r in table.RULES),
            *((f"definition {d.name}", d.condition) for d in table.DEFINITIONS.values()),
            *((f"pitfall {p.id}", p.when) for p in table.PITFALLS),
            *((f"not assessed {n.output}", n.when) for n in table.NOT_ASSESSED)]


def test_every_rule_has_a_text_and_every_text_a_rule() -> None:
    assert [r.id for r in table.RULES] and len({r.id for r in table.RULES}) == len(table.RULES)
    assert {r.id for r in table.RULES} == set(content.recommendations()) == set(FIRES)
    assert {p.id for p in table.PITFALLS} == set(content.pitfalls())


def test_every_entry_is_well_formed() -> None:
    register = set(content.sources())
    for rule in table.RULES:
        assert isinstance(rule.urgency, Urgency), rule.id
        assert rule.sources and set(rule.sources) <= register, rule.id
        assert advice.rule_names()[rule.id].strip() and "{" not in advice.rule_names()[rule.id]


def test_definition_names_are_unique_across_sections() -> None:
    names = [d.name for s in table.SECTIONS for d in getattr(s, "DEFINITIONS", ())]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("where", "condition"), every_condition(), ids=lambda x: str(x)[:40])
def test_every_name_a_condition_uses_exists(where: str, condition: Node) -> None:
    for node in nodes(condition):
        if isinstance(node, logic.Ref):
            assert node.name in table.DEFINITIONS, (where, node.name)
        fact = getattr(node, "fact", None)
        if fact is not None:
            assert fact in facts.FACTS, (where, fact)
        if isinstance(node, logic.Cmp):
            assert node.op in COMPARE, where
            limit = node.threshold
            if isinstance(limit, str) and limit[0].isupper():
                assert content.with_thresholds("{" + limit + "}"), (where, limit)
            elif isinstance(limit, str):
                assert limit in facts.FACTS, (where, limit)


@pytest.mark.parametrize("key", sorted(FIRES))
def test_each_recommendation_fires_with_a_why(key: str) -> None:
    recs = {r.id: r for r in assess(FIRES[key]).recommendations}
    assert key in recs
    r = recs[key]
    assert r.why.rule == advice.rule_names()[key]
    assert r.why.because and all(line.strip() for line in r.why.because)
    assert len(r.why.trace) == len(r.why.because)
    assert r.text and "{" not in r.text and "}" not in r.text
    assert r.why.sources[:len(r.sources)] == r.sources       # the rule's own come first
    assert len(set(r.why.sources)) == len(r.why.sources)
    assert set(r.why.sources) <= set(content.sources())


# --- honest why: every comparison of every trace holds for the inputs ----------------------
PROCEDURE_THRESHOLD = {"central_line": "20", "lumbar_puncture": "50", "major_surgery": "50",
                       "neurosurgery_posterior_eye": "100"}  # RULES §8, written again here
# CTCAE v5.0 (RULES §4), written again here: the lower bounds of grades 2, 3 and 4.
CTCAE = {"wbc": ("3.0", "2.0", "1.0"), "neutrophils": ("1.5", "1.0", "0.5"),
         "platelets": ("75", "50", "25"), "anemia": ("10.0", "8.0")}


def grade(value: Decimal | None, lln: Decimal, key: str) -> Decimal | None:
    """The CTCAE grade of RULES §4: 2–4 absolute, 1 below the LLN above the grade-2 band."""
    if value is None:
        return None
    found = 0
    for g, bound in enumerate(CTCAE[key], start=2):
        if value < Decimal(bound):
            found = g
    if found == 0 and value < lln:
        found = 1
    return Decimal(found)


def d(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def facts_from_inputs(i: PatientInputs) -> dict[str, Any]:
    """The facts a rule may compare, worked out here from the validated inputs (RULES §1),
    not taken from the core."""
    wbc = d(i.wbc)
    diff = i.differential
    anc = d(i.anc)
    if anc is None and diff is not None and diff.segs_pct is not None:
        anc = wbc * (d(diff.segs_pct) + (d(diff.bands_pct) or 0)) / 100
    alc = d(i.lymphocytes)
    if alc is None and diff is not None and diff.lymphs_pct is not None:
        alc = wbc * d(diff.lymphs_pct) / 100
    procedure = i.planned_procedure.value
    return {
        "wbc": wbc, "anc": anc, "alc": alc, "platelets": d(i.platelets),
        "hemoglobin": d(i.hemoglobin_g_dl), "temperature": d(i.temperature_c),
        "age": d(i.age_years), "expected_neutropenia_days": d(i.expected_neutropenia_days),
        "fever_sustained_1h": i.fever_sustained_1h,
        "fall_48h": i.anc_expected_below_0_5_within_48h,
        "systemic_infection_signs": i.systemic_infection_signs,
        "uncontrolled_primary_disease": i.uncontrolled_primary_disease,
        "bleeding": i.bleeding.value, "myelosuppressive_chemo": i.myelosuppressive_chemo,
        "anthracycline_chemo": i.anthracycline_chemo, "duffy_null": i.duffy_null,
        "diagnosis": i.diagnosis.value, "planned_procedure": procedure,
        "lln_wbc": d(i.lln.wbc), "lln_platelets": d(i.lln.platelets),
        "lln_hemoglobin": d(i.lln.hemoglobin), "lab_lln_anc": d(i.lln.anc),
        "procedure_threshold": (Decimal(PROCEDURE_THRESHOLD[procedure])
                                if procedure in PROCEDURE_THRESHOLD else None),
        "grade_wbc": grade(wbc, d(i.lln.wbc), "wbc"),
        "grade_neutrophils": grade(anc, min(d(i.lln.anc), Decimal("1.2")) if i.duffy_null
                                   else d(i.lln.anc), "neutrophils"),
        "grade_platelets": grade(d(i.platelets), d(i.lln.platelets), "platelets"),
        "grade_anemia": grade(d(i.hemoglobin_g_dl), d(i.lln.hemoglobin), "anemia"),
        **fn_risk_facts(i, wbc),
        **trend_facts(i, anc),
    }


def trend_facts(i: PatientInputs, anc: Decimal | None) -> dict[str, Any]:
    """The trend facts of RULES §13, worked out here: the direction of the last two ANCs,
    the days of the latest profound run, the recovery to 0.5 after the nadir."""
    if not i.history:
        return {"trend_direction": "no_trend", "profound_days": None, "recovery_0_5": None}
    rows = [(r.time, d(r.anc) if r.anc is not None else None if r.differential is None
             or r.differential.segs_pct is None else d(r.wbc) * (
                 d(r.differential.segs_pct) + (d(r.differential.bands_pct) or 0)) / 100)
            for r in i.history]
    points = sorted([*rows, (i.counts_time, anc)], key=lambda p: datetime.fromisoformat(p[0]))
    ancs = [(datetime.fromisoformat(t), "T" in t, a) for t, a in points if a is not None]

    def days(a: tuple[Any, ...], b: tuple[Any, ...]) -> Decimal:
        if a[1] and b[1]:
            return Decimal((b[0] - a[0]).total_seconds()) / 86400
        return Decimal((b[0].date() - a[0].date()).days)

    direction = "no_trend" if len(ancs) < 2 else {-1: "falling", 0: "unchanged", 1: "rising"}[
        (ancs[-1][2] > ancs[-2][2]) - (ancs[-1][2] < ancs[-2][2])]
    below = [k for k, p in enumerate(ancs) if p[2] < Decimal("0.1")]
    profound = None
    if below:
        start = below[-1]
        while start > 0 and ancs[start - 1][2] < Decimal("0.1"):
            start -= 1
        profound = days(ancs[start], ancs[min(below[-1] + 1, len(ancs) - 1)])
    since = [p for p in ancs if i.last_chemo_at is None
             or p[0] >= datetime.fromisoformat(i.last_chemo_at)]
    recovery = None
    if since and min(p[2] for p in since) < Decimal("0.5"):
        low = min(range(len(since)), key=lambda k: (since[k][2], k))
        after, recovery = since[low + 1:], "not_yet"
        for k, p in enumerate(after):
            run = [q[0].date() for q in after[k:]]
            stop = next((n for n, q in enumerate(after[k:]) if q[2] < Decimal("0.5")), len(run))
            if p[2] >= Decimal("0.5") and {p[0].date() + timedelta(days=n) for n in (1, 2)} \
                    <= set(run[:stop]):
                recovery = "confirmed"
                break
        if recovery == "not_yet" and after and after[-1][2] >= Decimal("0.5"):
            recovery = "provisional"
    return {"trend_direction": direction, "profound_days": profound, "recovery_0_5": recovery}


def fn_risk_facts(i: PatientInputs, wbc: Decimal) -> dict[str, Any]:
    """The FN risk items (RULES §11) and both scores' ranges, worked out here."""
    r, diff = i.fn_risk, i.differential
    amc = d(i.monocytes)
    if amc is None and diff is not None and diff.monos_pct is not None:
        amc = wbc * d(diff.monos_pct) / 100
    tumour = {"none": None, "solid_tumour": "solid"}.get(i.diagnosis.value, "haematological")
    known = {
        "amc": amc, "tumour": tumour, "burden": r.burden and r.burden.value,
        "systolic_bp": d(r.systolic_bp_mmhg), "hypotension": r.hypotension, "copd": r.copd,
        "previous_fungal_infection": r.previous_fungal_infection,
        "iv_fluids_for_dehydration": r.iv_fluids_for_dehydration,
        "outpatient_at_onset": r.outpatient_at_onset,
        "ecog": None if r.ecog is None else Decimal(r.ecog),
        "stress_hyperglycaemia": r.stress_hyperglycaemia,
        "chronic_cardiovascular_disease": r.chronic_cardiovascular_disease,
        "mucositis_grade": None if r.mucositis_grade is None else Decimal(r.mucositis_grade),
        "clinically_stable": r.clinically_stable,
        "chemo_intensity": r.chemo_intensity and r.chemo_intensity.value,
    }
    known["mascc"], known["cisne"] = mascc_range(known, d(i.age_years)), cisne_range(known, wbc)
    return known


def _points(held: bool | None, points: int) -> tuple[int, int]:
    return (0, points) if held is None else (points, points) if held else (0, 0)


def _total(parts: list[tuple[int, int]]) -> tuple[int, int]:
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def mascc_range(k: dict[str, Any], age: Decimal | None) -> tuple[int, int]:
    """MASCC [MASCC-2000], written again: unknown items 0 in the low end, full in the high."""
    burden = {None: (0, 5), "none_or_mild": (5, 5), "moderate": (3, 3), "severe": (0, 0)}
    sbp = k["systolic_bp"]
    no_hypotension = (sbp > 90) if sbp is not None else \
        None if k["hypotension"] is None else not k["hypotension"]
    if k["tumour"] == "solid":
        tumour = True
    elif k["tumour"] == "haematological":
        fungal = k["previous_fungal_infection"]
        tumour = None if fungal is None else not fungal
    else:  # tumour type unknown: a solid tumour would score whatever the infection
        tumour = None
    flip = {None: None, True: False, False: True}
    return _total([burden[k["burden"]], _points(no_hypotension, 5),
                   _points(flip[k["copd"]], 4), _points(tumour, 4),
                   _points(flip[k["iv_fluids_for_dehydration"]], 3),
                   _points(k["outpatient_at_onset"], 3),
                   _points(None if age is None else age < 60, 2)])


def cisne_range(k: dict[str, Any], wbc: Decimal) -> tuple[int, int]:
    """CISNE [CISNE-2015], written again; monocytes at most the WBC (RULES §2a)."""
    amc = k["amc"]
    low_mono = (amc < Decimal("0.2")) if amc is not None else True if wbc < Decimal("0.2") \
        else None
    return _total([_points(None if k["ecog"] is None else k["ecog"] >= 2, 2),
                   _points(k["stress_hyperglycaemia"], 2), _points(k["copd"], 1),
                   _points(k["chronic_cardiovascular_disease"], 1),
                   _points(None if k["mucositis_grade"] is None else k["mucositis_grade"] >= 2, 1),
                   _points(low_mono, 1)])


FIRST_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def number_in(text: str) -> Decimal:
    return Decimal(FIRST_NUMBER.search(text).group())


def check_step(step: Step, known: dict[str, Any], node_ops: set[str]) -> None:
    """One step of a trace against the facts worked out from the inputs."""
    if step.op in COMPARE and step.fact in ("mascc", "cisne"):  # a score's whole range
        low, high = known[step.fact]
        limit = number_in(step.threshold)
        assert step.value.startswith(str(low) if low == high else f"{low} to {high} "), step
        settled = {COMPARE[step.op](low, limit), COMPARE[step.op](high, limit)}
        assert step.result == (settled.pop() if len(settled) == 1 else None), step
        return
    if step.op in COMPARE:
        assert step.op in node_ops, step
        value = known[step.fact]
        if value is None and step.result is True:  # settled by the WBC bound (§2a)
            assert step.fact in ("anc", "amc") and step.op in ("<", "≤"), step
            assert COMPARE[step.op](known["wbc"], number_in(step.threshold)), step
            assert step.value.startswith("not measured, but at most the WBC"), step
            return
        if value is None:
            assert step.result is None and step.holds is None and step.value == "not entered"
            if step.fact in ("anc", "amc") and known["wbc"] is not None:
                assert not COMPARE[step.op](known["wbc"], number_in(step.threshold)) \
                    or step.op in (">", "≥"), step
            return
        limit = number_in(step.threshold)
        assert step.result == COMPARE[step.op](value, limit), step
        assert step.holds == (step.op if step.result else logic.OPPOSITE[step.op]), step
        shown = number_in(step.value)
        assert COMPARE[step.holds](shown, limit), f"{step.value} read across {step.threshold}"
    elif step.op == "is" and step.threshold == "not entered":
        assert step.result == (known[step.fact] is None), step
    elif step.op == "is" and step.threshold == "yes":
        assert step.result == known[step.fact], step
    elif step.op in ("is", "is one of") and known[step.fact] is None:  # not answered
        assert step.result is None and step.holds is None, step
    elif step.op in ("is", "is one of"):
        assert step.result == (facts.show(step.fact, known[step.fact], ())
                               in step.threshold.split(", ")), step


ASSESSED = [c.document for c in golden_cases()
            if c.kind == "assess" and c.valid and isinstance(c.document, dict)]


def test_the_record_gives_enough_patients() -> None:
    assert len(ASSESSED) >= 2000


@pytest.mark.parametrize("chunk", range(8))
def test_every_comparison_in_every_trace_holds_for_the_inputs(chunk: int) -> None:
    ops = {n.op for _, c in every_condition() for n in nodes(c)
           if isinstance(n, (logic.Cmp, ScoreCmp))}
    checked = 0
    for doc in ASSESSED[chunk::8]:
        inputs = parse_inputs(doc)
        known = facts_from_inputs(inputs)
        found = compute(inputs)
        evaluated = advice.evaluate(found)
        fired = {r.id: r for r in assess(inputs).recommendations}
        for rule in table.RULES:
            trace: list[Step] = []
            result = rule.when.test(evaluated, trace, 0)
            assert (result is True) == (rule.id in fired), (rule.id, doc)
            if rule.id in fired:
                assert [advice.because(s) for s in trace] == fired[rule.id].why.because
            for step in trace:
                check_step(step, known, ops)
                checked += 1
    assert checked > 1000


# --- threshold sides (RULES.md), just below / at / just above ---------------------------------
@pytest.mark.parametrize(("doc", "key", "line"), [
    # §7 high-risk features: ANC ≤ 0.1; expected duration ≥ 10 days; age > 65
    ({**FN_NO_FEATURES, "anc": 0.099}, "gcsf_consider", "ANC 0.099 ×10⁹/L ≤ 0.1 ×10⁹/L → yes"),
    ({**FN_NO_FEATURES, "anc": 0.1}, "gcsf_consider", "ANC 0.100 ×10⁹/L ≤ 0.1 ×10⁹/L → yes"),
    ({**FN_NO_FEATURES, "anc": 0.101}, "gcsf_not_routine",
     "ANC 0.101 ×10⁹/L > 0.1 ×10⁹/L → no (the rule asks ≤ 0.1 ×10⁹/L)"),
    ({**FN_NO_FEATURES, "expected_neutropenia_days": 9.5}, "gcsf_not_routine",
     "Expected neutropenia 9.5 days < 10 days → no (the rule asks ≥ 10 days)"),
    ({**FN_NO_FEATURES, "expected_neutropenia_days": 10}, "gcsf_consider",
     "Expected neutropenia 10 days ≥ 10 days → yes"),
    ({**FN_NO_FEATURES, "age_years": 65}, "gcsf_not_routine",
     "Age 65 years ≤ 65 years → no (the rule asks > 65 years)"),
    ({**FN_NO_FEATURES, "age_years": 65.5}, "gcsf_consider", "Age 65.5 years > 65 years → yes"),
    # §6 fever: single ≥ 38.3 °C, or ≥ 38.0 °C sustained
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.29}, "neutropenic_sepsis_antibiotics",
     "Temperature 38.29 °C > 38.0 °C → yes"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.0001}, "neutropenic_sepsis_antibiotics",
     "Temperature 38.0001 °C > 38.0 °C → yes"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.0}, "remeasure_temperature",
     "Temperature 38 °C < 38.3 °C → yes"),
    ({"wbc": 2, "anc": 0.7, "temperature_c": 38.2999}, "remeasure_temperature",
     "Temperature 38.2999 °C < 38.3 °C → yes"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.3}, "fn_antibiotics",
     "Temperature 38.3 °C ≥ 38.3 °C → yes"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 100.94, "units": {"temperature": "F"}},
     "fn_antibiotics", "Temperature 38.3 °C ≥ 38.3 °C → yes"),
    ({"wbc": 1, "anc": 0.3, "temperature_c": 38.0, "fever_sustained_1h": True},
     "fn_antibiotics", "Temperature 38 °C ≥ 38.0 °C → yes"),
    # §6 FN: ANC < 0.5; the ANC is never shown rounded up to 0.5
    ({"wbc": 1, "anc": 0.4999, "temperature_c": 38.5}, "fn_antibiotics",
     "ANC 0.4999 ×10⁹/L < 0.5 ×10⁹/L → yes"),
    ({"wbc": 2, "anc": 0.5, "temperature_c": 38.5}, "fn_answer_48h",
     "ANC 0.500 ×10⁹/L ≥ 0.5 ×10⁹/L → yes"),
    ({"wbc": 2, "anc": 0.9999, "temperature_c": 38.5,
      "anc_expected_below_0_5_within_48h": False}, "fn_borderline_reassess",
     "ANC 0.9999 ×10⁹/L < 1.0 ×10⁹/L → yes"),
    # §5 seed tier: ANC < 1.0 needs active management
    ({"wbc": 2, "anc": 0.999}, "active_management", "ANC 0.999 ×10⁹/L < 1.0 ×10⁹/L → yes"),
    # §8 platelets: ≤ 10; > 10 and ≤ 20; > 20 and < LLN
    ({"wbc": 5, "platelets": 10}, "plt_transfuse_prophylactic",
     "Platelets 10 ×10⁹/L ≤ 10 ×10⁹/L → yes"),
    ({"wbc": 5, "platelets": 10.00001}, "plt_if_fever_infection",
     "Platelets 10.00001 ×10⁹/L > 10 ×10⁹/L → yes"),
    ({"wbc": 5, "platelets": 20}, "plt_if_fever_infection",
     "Platelets 20 ×10⁹/L ≤ 20 ×10⁹/L → yes"),
    ({"wbc": 5, "platelets": 20.5}, "plt_bleeding_only",
     "Platelets 20.5 ×10⁹/L < the platelet LLN 150 ×10⁹/L → yes"),
    ({"wbc": 5, "platelets": 49.99, "planned_procedure": "lumbar_puncture"}, "plt_procedure",
     "  Platelets 49.99 ×10⁹/L < 50 ×10⁹/L → yes"),
    ({"wbc": 5, "platelets": 50, "planned_procedure": "lumbar_puncture"}, "plt_procedure_ok",
     "Platelets 50 ×10⁹/L ≥ 50 ×10⁹/L → yes"),
    # §9 hyperleukocytosis: WBC > 100 (strict)
    ({"wbc": 100}, "no_leukopenia", "  WBC 100 ×10⁹/L ≤ 100 ×10⁹/L → no (the rule asks > 100 "
                                    "×10⁹/L)"),
    ({"wbc": 100.00001}, "hyperleukocytosis", "  WBC 100.00001 ×10⁹/L > 100 ×10⁹/L → yes"),
    # §5 mild leukopenia: 3.0 ≤ WBC < LLN
    ({"wbc": 3.0}, "mild_leukopenia_observe", "  WBC 3 ×10⁹/L ≥ 3.0 ×10⁹/L → yes"),
    ({"wbc": 3.99999}, "mild_leukopenia_observe",
     "  WBC 3.99999 ×10⁹/L < the WBC LLN 4 ×10⁹/L → yes"),
    ({"wbc": 2.9999, "anc": 1.6}, "safety_net", "  WBC 2.9999 ×10⁹/L < 3.0 ×10⁹/L → yes"),
])
def test_the_why_states_the_exact_side(doc: dict[str, Any], key: str, line: str) -> None:
    lines = why_of(doc, key)
    assert any(shown.endswith(line.strip()) for shown in lines), lines
    if line.startswith(" "):
        assert line in lines, lines


def test_fever_with_anc_0_5_escalates_for_sepsis_not_for_fn() -> None:
    rec = next(r for r in assess({"wbc": 2, "anc": 0.5, "temperature_c": 38.5}).recommendations
               if r.id == "escalate_now")
    assert "fever with severe neutropenia" not in rec.text and "sepsis" in rec.text


def test_the_why_shows_only_what_was_compared() -> None:
    """A feature that was not compared is not claimed; the trace stops where the
    condition was settled (Any at the first yes)."""
    assert "active_management" not in ids({"wbc": 2, "anc": 1.0})
    lines = why_of({**FN_NO_FEATURES, "age_years": 70}, "gcsf_consider")
    assert "      Age 70 years > 65 years → yes" in lines
    assert not any("Uncontrolled" in line for line in lines)
    # gcsf_timing says it checked the chemotherapy: the 2026.1 why claimed it whatever held
    lines = why_of(FIRES["gcsf_timing"], "gcsf_timing")
    assert "Myelosuppressive chemotherapy: yes" in lines


def test_the_why_adds_the_sources_of_the_thresholds_it_compared() -> None:
    rec = next(r for r in assess(FN).recommendations if r.id == "fn_antibiotics")
    assert rec.why.sources == ["ASCO-IDSA-2018-OUT", "IDSA-2010", "SEED"]
    rbc = next(r for r in assess(FIRES["rbc_context"]).recommendations if r.id == "rbc_context")
    assert rbc.why.sources == ["AABB-RBC-2016", "CTCAE-ADMIRAL"]


@pytest.mark.parametrize(("doc", "missing"), [
    ({"wbc": 5, "anc": 2.0, "temperature_c": 37.0, "platelets": 200, "hemoglobin_g_dl": 13,
      "lymphocytes": 1.5, "age_years": 40, "expected_neutropenia_days": 3, "weight_kg": 70},
     []),
    ({**FN_NO_FEATURES, "platelets": 200, "hemoglobin_g_dl": 13, "lymphocytes": 1.5,
      "weight_kg": 70}, ["fn_risk.mascc.risk", "fn_risk.cisne.applicable",
                         "fn_risk.cisne.class", "fn_risk.disposition"]),
    # every FN risk item answered: nothing left open (RULES §11)
    ({**FN_NO_FEATURES, "platelets": 200, "hemoglobin_g_dl": 13, "lymphocytes": 1.5,
      "weight_kg": 70, "diagnosis": "solid_tumour", "monocytes": 0.3,
      "fn_risk": {"burden": "moderate", "systolic_bp_mmhg": 100, "copd": False,
                  "iv_fluids_for_dehydration": False, "outpatient_at_onset": True, "ecog": 1,
                  "stress_hyperglycaemia": False, "chronic_cardiovascular_disease": True,
                  "mucositis_grade": 0, "clinically_stable": True,
                  "chemo_intensity": "mild_to_moderate"}}, []),
    ({"wbc": 5, "anc": 0.3, "temperature_c": 37.0}, ["ctcae.lymphocytes", "ctcae.platelets",
                                                     "ctcae.anemia", "cytopenia_pattern",
                                                     "platelet_transfusion", "filgrastim"]),
    ({"wbc": 5, "anc": 0.3}, ["fever", "febrile_neutropenia", "ctcae_febrile_neutropenia",
                              "immediate_antibiotics", "high_risk_features", "consider_gcsf",
                              "ctcae.lymphocytes", "ctcae.platelets", "ctcae.anemia",
                              "cytopenia_pattern", "fn_risk.mascc.risk",
                              "fn_risk.cisne.applicable", "fn_risk.cisne.class",
                              "platelet_transfusion", "filgrastim"]),
])
def test_only_what_is_null_is_listed_as_not_assessed(doc: dict[str, Any],
                                                    missing: list[str]) -> None:
    a = assess(doc)
    assert [n.output for n in a.not_assessed] == missing
    for n in a.not_assessed:
        if n.output == "high_risk_features":  # a list: the unknown ones are listed apart
            assert a.high_risk_not_assessed
            continue
        value = a.model_dump(mode="json")
        for part in n.output.split("."):
            value = value[part]
        assert value is None, n.output


def test_the_json_contract_carries_the_why_and_its_trace() -> None:
    out = io.StringIO()
    assert cli.run(["assess", "-"], out=out, stdin=io.StringIO(json.dumps(FN))) == 0
    rec = json.loads(out.getvalue())["recommendations"][0]
    assert list(rec) == ["id", "urgency", "text", "sources", "why", "local_note"]
    assert list(rec["why"]) == ["rule", "because", "sources", "trace"]
    assert rec["why"]["trace"][0] == {
        "what": "Febrile neutropenia (IDSA/ASCO)", "value": "yes", "op": "", "threshold": "",
        "holds": None, "result": True, "depth": 0}
    assert {"what": "Temperature", "value": "38.5 °C", "op": "≥", "threshold": "38.3 °C",
            "holds": "≥", "result": True, "depth": 2} in rec["why"]["trace"]
    out = io.StringIO()
    assert cli.run(["schema"], out=out) == 0
    defs = json.loads(out.getvalue())["output"]["$defs"]
    assert list(defs["Recommendation"]["properties"]) == ["id", "urgency", "text", "sources",
                                                          "why", "local_note"]
    assert set(defs["Why"]["properties"]) == {"rule", "because", "sources", "trace"}
    assert set(defs["TraceStep"]["properties"]) == {"what", "value", "op", "threshold",
                                                    "holds", "result", "depth"}


# --- combinations that decide which advice appears (both sides of each) ---------------------
FN_WITH_FEATURE = {**FN, "age_years": 70}


@pytest.mark.parametrize(("doc", "present", "absent"), [
    # G-CSF timing only around chemotherapy, and only when G-CSF is to be considered
    ({**FN_WITH_FEATURE, "myelosuppressive_chemo": True}, {"gcsf_consider", "gcsf_timing"}, set()),
    (FN_WITH_FEATURE, {"gcsf_consider"}, {"gcsf_timing"}),
    ({**FN_NO_FEATURES, "myelosuppressive_chemo": True}, {"gcsf_not_routine"},
     {"gcsf_consider", "gcsf_timing"}),
    # avoid invasive procedures: ANC < 0.5, strictly
    ({"wbc": 2, "anc": 0.4999}, {"avoid_invasive"}, set()),
    ({"wbc": 2, "anc": 0.5}, set(), {"avoid_invasive"}),
    # mild leukopenia: observe, never in febrile neutropenia (a fall below 0.5 expected)
    ({"wbc": 3.5, "anc": 1.2}, {"mild_leukopenia_observe"}, set()),
    ({"wbc": 3.5, "anc": 1.2, "temperature_c": 38.5, "anc_expected_below_0_5_within_48h": True},
     {"fn_antibiotics"}, {"mild_leukopenia_observe"}),
    ({"wbc": 3.5, "anc": 0.9}, {"active_management"}, {"mild_leukopenia_observe"}),
    ({"wbc": 3.5}, {"mild_leukopenia_observe"}, set()),
    ({"wbc": 3.5, "anc": 1.0}, {"mild_leukopenia_observe"}, set()),
    ({"wbc": 3.5, "anc": 0.9999}, set(), {"mild_leukopenia_observe"}),
    # the safety net never beside "escalate now"
    ({"wbc": 2, "anc": 0.3}, {"safety_net"}, {"escalate_now"}),
    (FN, {"escalate_now"}, {"safety_net"}),
    ({"wbc": 2, "anc": 0.7, "systemic_infection_signs": True}, {"escalate_now"},
     {"safety_net"}),
    ({"wbc": 2, "anc": 0.3, "temperature_c": 37.5}, {"safety_net"}, {"escalate_now"}),
    ({"wbc": 2, "anc": 0.3, "temperature_c": 38.2},
     {"neutropenic_sepsis_antibiotics", "escalate_now"}, {"safety_net", "fn_antibiotics"}),
    ({"wbc": 2, "anc": 0.3, "temperature_c": 38.0}, {"remeasure_temperature"},
     {"safety_net", "escalate_now"}),
    ({"wbc": 2.9, "anc": 1.6}, {"safety_net"}, set()),
    # marked leukopenia needs the WBC below its LLN as well (a laboratory LLN under 3.0)
    ({"wbc": 2.5, "anc": 2.0, "lln": {"wbc": 2.5}}, set(), {"safety_net"}),
    ({"wbc": 2.49, "anc": 2.0, "lln": {"wbc": 2.5}}, {"safety_net"}, set()),
    # fever with ANC exactly 0.5: not FN by IDSA/ASCO, but neutropenic sepsis by NICE (≤ 0.5)
    ({"wbc": 2, "anc": 0.5, "temperature_c": 38.5},
     {"escalate_now", "neutropenic_sepsis_antibiotics"}, {"fn_antibiotics"}),
    ({"wbc": 2, "anc": 0.5001, "temperature_c": 38.5}, set(),
     {"escalate_now", "neutropenic_sepsis_antibiotics"}),
    ({"wbc": 3.0, "anc": 1.5}, set(), {"safety_net"}),
    # neutropenic sepsis (NICE, ANC ≤ 0.5): only when it is not FN already
    ({"wbc": 1, "anc": 0.4, "systemic_infection_signs": True},
     {"neutropenic_sepsis_antibiotics"}, {"fn_antibiotics"}),
    ({"wbc": 1, "anc": 0.4, "systemic_infection_signs": True, "temperature_c": 38.5},
     {"fn_antibiotics"}, {"neutropenic_sepsis_antibiotics"}),
    ({"wbc": 1, "anc": 0.5, "systemic_infection_signs": True},
     {"neutropenic_sepsis_antibiotics"}, set()),
    ({"wbc": 1, "anc": 0.5001, "systemic_infection_signs": True}, set(),
     {"neutropenic_sepsis_antibiotics"}),
    # fever with no ANC: only while FN is open (a WBC below 0.5 settles it)
    ({"wbc": 0.6, "temperature_c": 38.6}, {"fever_without_anc"}, {"fn_antibiotics"}),
    ({"wbc": 0.4, "temperature_c": 38.6}, {"fn_antibiotics"}, {"fever_without_anc"}),
    ({"wbc": 0.6, "temperature_c": 38.6, "anc_expected_below_0_5_within_48h": True},
     {"fn_antibiotics"}, {"fever_without_anc"}),
    ({"wbc": 0.4, "temperature_c": 38.2}, set(), {"fever_without_anc"}),
    # the 48-hour question: asked only while unanswered, in 0.5 ≤ ANC < 1.0 with fever
    ({"wbc": 2, "anc": 0.7, "temperature_c": 38.5}, {"fn_answer_48h"},
     {"fn_borderline_reassess"}),
    ({"wbc": 2, "anc": 0.7, "temperature_c": 38.5, "anc_expected_below_0_5_within_48h": False},
     {"fn_borderline_reassess"}, {"fn_answer_48h"}),
    ({"wbc": 2, "anc": 0.7, "temperature_c": 38.5, "anc_expected_below_0_5_within_48h": True},
     {"fn_antibiotics"}, {"fn_answer_48h", "fn_borderline_reassess"}),
    ({"wbc": 2, "anc": 1.0, "temperature_c": 38.5}, set(),
     {"fn_answer_48h", "fn_borderline_reassess"}),
    ({"wbc": 2, "anc": 0.7, "temperature_c": 38.0}, set(),
     {"fn_answer_48h", "fn_borderline_reassess"}),
    # platelets: fever or infection only in the middle band; bleeding in every band below LLN
    ({"wbc": 5, "platelets": 15, "temperature_c": 38.5}, {"plt_transfuse_fever_infection"},
     {"plt_if_fever_infection"}),
    ({"wbc": 5, "platelets": 15}, {"plt_if_fever_infection"},
     {"plt_transfuse_fever_infection"}),
    ({"wbc": 5, "platelets": 10}, {"plt_transfuse_prophylactic"}, {"plt_if_fever_infection"}),
    ({"wbc": 5, "platelets": 20}, {"plt_if_fever_infection"}, {"plt_bleeding_only"}),
    ({"wbc": 5, "platelets": 20.01}, {"plt_bleeding_only"}, {"plt_if_fever_infection"}),
    # red cells for context below Hb 8.0, strictly
    ({"wbc": 5, "hemoglobin_g_dl": 7.99}, {"rbc_context"}, set()),
    ({"wbc": 5, "hemoglobin_g_dl": 8.0}, set(), {"rbc_context"}),
    ({"wbc": 5, "platelets": 15, "active_bleeding": True}, {"plt_bleeding"},
     {"plt_if_fever_infection"}),
    ({"wbc": 5, "platelets": 25, "temperature_c": 38.5}, {"plt_bleeding_only"},
     {"plt_transfuse_fever_infection"}),
    ({"wbc": 5, "platelets": 25, "active_bleeding": True}, {"plt_bleeding"},
     {"plt_bleeding_only"}),
    ({"wbc": 5, "platelets": 150, "active_bleeding": True}, set(),
     {"plt_bleeding", "plt_bleeding_only"}),
    ({"wbc": 5, "platelets": 8, "temperature_c": 38.5}, {"plt_transfuse_prophylactic"},
     {"plt_transfuse_fever_infection", "plt_if_fever_infection"}),
    ({"wbc": 5, "platelets": 150}, set(), {"plt_procedure", "plt_procedure_ok"}),
    # acute leukaemia prophylaxis: more than 7 days (or unknown)
    ({"wbc": 1, "diagnosis": "aml", "expected_neutropenia_days": 7}, set(),
     {"acute_leukaemia_prophylaxis"}),
    ({"wbc": 1, "diagnosis": "aml", "expected_neutropenia_days": 7.5},
     {"acute_leukaemia_prophylaxis"}, set()),
    ({"wbc": 1, "diagnosis": "apl"}, {"acute_leukaemia_prophylaxis"}, set()),
    ({"wbc": 1, "diagnosis": "mds_higher_risk"}, set(), {"acute_leukaemia_prophylaxis"}),
    # the unit check (RULES §1): possible but extreme above 200 / 100 / 1500, strictly
    ({"wbc": 200}, set(), {"confirm_unit"}),
    ({"wbc": 200.001}, {"confirm_unit"}, set()),
    ({"wbc": 300, "anc": 100}, {"confirm_unit"}, set()),
    ({"wbc": 150, "anc": 100}, set(), {"confirm_unit"}),
    ({"wbc": 150, "anc": 100.001}, {"confirm_unit"}, set()),
    ({"wbc": 5, "platelets": 1500}, set(), {"confirm_unit"}),
    ({"wbc": 5, "platelets": 1500.5}, {"confirm_unit"}, set()),
    # no leukopenia: WBC ≥ LLN and no hyperleukocytosis
    ({"wbc": 4.0}, {"no_leukopenia"}, {"mild_leukopenia_observe"}),
    ({"wbc": 3.9999}, {"mild_leukopenia_observe"}, {"no_leukopenia"}),
    ({"wbc": 100.5}, {"hyperleukocytosis"}, {"no_leukopenia"}),
    ({"wbc": 5, "lln": {"wbc": 5.5}}, {"mild_leukopenia_observe"}, {"no_leukopenia"}),
])
def test_which_advice_appears(doc: dict[str, Any], present: set[str], absent: set[str]) -> None:
    shown = set(ids(doc))
    assert present <= shown, (present - shown, doc)
    assert not absent & shown, (absent & shown, doc)


@pytest.mark.parametrize(("doc", "reasons"), [
    ({"platelets": 10, "temperature_c": 38.5}, ["prophylactic"]),
    ({"platelets": 10, "systemic_infection_signs": True}, ["prophylactic"]),
    ({"platelets": 10.01, "temperature_c": 38.5, "systemic_infection_signs": True},
     ["fever", "infection"]),
    ({"platelets": 20, "systemic_infection_signs": True}, ["infection"]),
    ({"platelets": 20, "temperature_c": 38.5}, ["fever"]),
    ({"platelets": 20.01, "systemic_infection_signs": True}, []),
    # bleeding by the NICE thresholds, whatever the laboratory's LLN (RULES §8, 2026.2)
    ({"platelets": 29.99, "active_bleeding": True, "lln": {"platelets": 15}}, ["bleeding"]),
    ({"platelets": 30, "active_bleeding": True, "lln": {"platelets": 15}}, []),
])
def test_why_platelets_are_transfused_now(doc: dict[str, Any], reasons: list[str]) -> None:
    assert assess({"wbc": 5, **doc}).platelet_transfusion.reasons == reasons


def pitfall_ids(doc: dict[str, Any]) -> set[str]:
    return {p.id for p in assess(doc).pitfalls}


@pytest.mark.parametrize(("doc", "present", "absent"), [
    ({"wbc": 3.5}, {"not_all_need_treatment", "no_reflex_prophylaxis", "nutrition"}, set()),
    ({"wbc": 3.5, "anc": 0.9}, set(),
     {"nutrition", "no_reflex_prophylaxis", "not_all_need_treatment"}),
    ({"wbc": 5, "anc": 1.2}, {"not_all_need_treatment"}, {"nutrition"}),
    ({"wbc": 5, "anc": 1.5}, set(), {"not_all_need_treatment"}),
    ({"wbc": 5, "anc": 1.0}, {"not_all_need_treatment", "duffy_null"}, set()),
    ({"wbc": 3.5, "anc": 1.0}, {"no_reflex_prophylaxis"}, set()),
    ({"wbc": 5, "anc": 2.0}, set(), {"trend_and_lines", "manual_smear"}),
    ({"wbc": 5, "anc": 1.99}, {"trend_and_lines", "manual_smear"}, set()),
    ({"wbc": 5, "platelets": 150, "hemoglobin_g_dl": 11.9}, set(), {"trend_and_lines"}),
    ({"wbc": 5, "platelets": 149, "hemoglobin_g_dl": 12.0}, set(), {"trend_and_lines"}),
    ({"wbc": 5, "platelets": 149, "hemoglobin_g_dl": 11.9}, {"trend_and_lines"}, set()),
    ({"wbc": 5, "anc": 0.9999}, set(), {"not_all_need_treatment"}),
    ({"wbc": 3.5, "anc": 1.2, "temperature_c": 38.5, "anc_expected_below_0_5_within_48h": True},
     set(), {"not_all_need_treatment"}),
    ({"wbc": 5, "anc": 1.5}, {"duffy_null"}, set()),
    ({"wbc": 5, "anc": 0.99}, set(), {"duffy_null"}),
    ({"wbc": 5, "anc": 2.0}, set(), {"duffy_null", "manual_smear"}),
    ({"wbc": 5, "anc": 1.5, "myelosuppressive_chemo": True}, set(), {"duffy_null"}),
    ({"wbc": 5, "anc": 1.5, "diagnosis": "solid_tumour"}, set(), {"duffy_null"}),
    ({"wbc": 5, "platelets": 100, "hemoglobin_g_dl": 10}, {"trend_and_lines"},
     {"manual_smear"}),
    ({"wbc": 5, "platelets": 100}, set(), {"trend_and_lines"}),
    ({"wbc": 3.9}, {"trend_and_lines", "manual_smear"}, set()),
    ({"wbc": 5, "diagnosis": "cmml"}, {"blast_maturation"}, {"apl_leukapheresis"}),
    ({"wbc": 5, "diagnosis": "apl"}, {"blast_maturation", "apl_leukapheresis"}, set()),
    ({"wbc": 5, "diagnosis": "solid_tumour"}, set(), {"blast_maturation"}),
])
def test_which_pitfalls_apply(doc: dict[str, Any], present: set[str], absent: set[str]) -> None:
    shown = pitfall_ids(doc)
    assert present <= shown, (present - shown, doc)
    assert not absent & shown, (absent & shown, doc)
