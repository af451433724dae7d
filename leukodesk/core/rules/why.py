""""Why?" for every recommendation: the rule that fired and what it compared.

Each recommendation id of ``content/recommendations.json`` has one builder here. A
builder reads only what :mod:`leukodesk.core.rules.findings` already computed and writes each
comparison the way the rule reads it, with its exact side ("ANC 0.080 ≤ 0.1 ×10⁹/L →
high-risk feature"). Numbers are written as the rest of the app writes them (the ANC as
``anc_display``; other figures plainly), and never rounded onto the other side of the
threshold they are compared with. Thresholds come from :mod:`leukodesk.core.rules.thresholds`, so
the words cannot drift from the numbers used; their source ids join the rule's own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from leukodesk.core import content
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import plain, plain_beside
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.grading import AncClass, LeukopeniaTier
from leukodesk.core.rules.thresholds import COUNT, Threshold

# The rule behind each recommendation, in words. A threshold is named as its rules.py
# constant ({FN_ANC_BELOW}), never written as a number; read through rule_names().
RULE_NAMES = {
    "confirm_unit": "Unit check: a count that is possible but extreme",
    "fn_antibiotics": "Febrile neutropenia (IDSA/ASCO): antibiotics within "
                      "{ANTIBIOTICS_WITHIN_HOURS} hour",
    "afebrile_sepsis_antibiotics":
        "ANC below {AFEBRILE_SEPSIS_ANC_BELOW} with signs of systemic infection: antibiotics "
        "without waiting for fever",
    "hyperleukocytosis": "Hyperleukocytosis: WBC above {HYPERLEUKOCYTOSIS_ABOVE} ×10⁹/L",
    "escalate_now": "Escalate now: fever with severe neutropenia, or signs of infection",
    "fever_without_anc": "Fever with no ANC: febrile neutropenia cannot be decided",
    "fn_answer_48h": "Fever with ANC {FN_ANC_BELOW} to below {FN_REASSESS_BELOW}: the "
                     "{FN_FALL_WITHIN_HOURS}-hour question decides FN",
    "fn_borderline_reassess": "Fever with ANC {FN_ANC_BELOW} to below {FN_REASSESS_BELOW}: "
                              "not FN unless a fall is expected; reassess",
    "apl_no_leukapheresis": "APL: leukapheresis is contraindicated",
    "plt_bleeding": "Platelets below the LLN with clinically relevant bleeding",
    "plt_transfuse_prophylactic":
        "Platelets at or below {PLT_PROPHYLACTIC_AT_MOST} ×10⁹/L: prophylactic transfusion",
    "plt_transfuse_fever_infection":
        "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most {PLT_FEVER_INFECTION_AT_MOST} "
        "×10⁹/L with fever or infection: transfuse",
    "plt_if_fever_infection":
        "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most {PLT_FEVER_INFECTION_AT_MOST} "
        "×10⁹/L: transfuse if fever or infection appears",
    "plt_procedure": "Platelet threshold of a planned procedure: not reached",
    "plt_procedure_ok": "Platelet threshold of a planned procedure: reached",
    "gcsf_consider": "Established FN with at least one high-risk feature: consider G-CSF",
    "active_management": "ANC below {ANC_ACTIVE_MANAGEMENT_BELOW} ×10⁹/L (CTCAE grade 3 or 4): "
                         "active management",
    "avoid_invasive":
        "Severe neutropenia (ANC below {AVOID_INVASIVE_ANC_BELOW}): avoid invasive procedures",
    "gcsf_not_routine": "FN with no high-risk feature: no routine G-CSF",
    "plt_bleeding_only": "Platelets above {PLT_FEVER_INFECTION_AT_MOST} ×10⁹/L and below the LLN: "
                         "transfuse only for bleeding",
    "apl_platelet_threshold": "APL (or DIC): a higher platelet threshold",
    "acute_leukaemia_prophylaxis":
        "Acute leukaemia with long profound neutropenia: antimicrobial prophylaxis",
    "mds_lower_risk": "Lower-risk MDS: observation may be reasonable",
    "mds_higher_risk": "Higher-risk MDS: hypomethylating agent, transplant if eligible",
    "cmml": "CMML with fewer than {CMML_BLASTS_BELOW_PCT} % blasts: supportive care",
    "cmml_myeloproliferative": "Myeloproliferative CMML: hydroxyurea",
    "anthracycline_azoles": "Anthracycline chemotherapy: avoid azole antifungals",
    "mild_leukopenia_observe": "Mild leukopenia: observe and repeat the count",
    "safety_net": "Neutropenia or marked leukopenia with no reason to escalate: safety net",
    # One "24-hour rule": after the last and before the next chemotherapy (RULES §10).
    "gcsf_timing": "Filgrastim around chemotherapy: the {GCSF_AFTER_CHEMO_HOURS}-hour rule",
    "rbc_context": "Red cells, for context: restrictive transfusion threshold",
    "duffy_null_lln": "Duffy-null phenotype: a lower ANC lower limit of normal",
    "no_leukopenia": "No leukopenia: WBC at or above the lower limit of normal",
}


@content.loaded_once
def rule_names() -> dict[str, str]:
    """:data:`RULE_NAMES` with their thresholds written from rules.py (built once)."""
    return {key: content.with_thresholds(text) for key, text in RULE_NAMES.items()}


DIAGNOSIS_WORDS = {
    "solid_tumour": "solid tumour", "mds_lower_risk": "lower-risk MDS",
    "mds_higher_risk": "higher-risk MDS", "cmml": "CMML",
    "cmml_myeloproliferative": "myeloproliferative CMML", "aml": "AML",
    "all": "ALL", "apl": "APL", "other_haematological": "other haematological disease",
}

Lines = tuple[list[str], tuple[Threshold, ...]]
Builder = Callable[[Findings], Lines]


def _side(value: Decimal, threshold: Decimal, strict_below: bool) -> str:
    """The relation that holds: "<" or "≥" (strict_below) else "≤" or ">"."""
    if strict_below:
        return "<" if value < threshold else "≥"
    return "≤" if value <= threshold else ">"


def _v(threshold: Threshold) -> str:
    """A threshold as the rule set writes it ("1.0", "0.5", "38.3", "100")."""
    return threshold.text


def _count(value: Decimal, *thresholds: Decimal) -> str:
    return plain_beside(value, thresholds)


def _anc(f: Findings) -> str:
    """The ANC as shown everywhere (safe beside every ANC class bound)."""
    return f"ANC {f.anc_text}"


def _temperature(f: Findings) -> Lines:
    """How the fever rule read the temperature (RULES §6)."""
    single, sustained = rules.FEVER_SINGLE_FROM, rules.FEVER_SUSTAINED_FROM
    raw = f.inputs.temperature_c
    if raw is None:
        return ["No temperature entered → fever not assessed"], ()
    t = to_decimal(raw)
    shown = plain_beside(t, (single.value, sustained.value), 2)
    if t >= single.value:
        return [f"Temperature {shown} ≥ {_v(single)} °C in one reading → fever"], \
            (single,)
    if f.inputs.fever_sustained_1h:
        if t >= sustained.value:
            return [f"Temperature {shown} ≥ {_v(sustained)} °C, sustained for "
                    f"{_v(rules.FEVER_SUSTAINED_HOURS)} hour → fever"], (sustained,)
        return [f"Temperature {shown} < {_v(sustained)} °C, even sustained → no "
                "fever"], (sustained,)
    return [f"Temperature {shown} < {_v(single)} °C in one reading, and no sustained "
            f"≥ {_v(sustained)} °C ticked → no fever"], (single, sustained)


def _fn_limb(f: Findings) -> Lines:
    """Why the neutropenia limb of FN holds (ANC < 0.5, or a fall expected in 48 h)."""
    below = rules.FN_ANC_BELOW
    if f.anc is not None and f.anc < below.value:
        return [f"{_anc(f)} < {_v(below)} {COUNT} → neutropenia of FN"], (below,)
    known = "" if f.anc is None else f"{_anc(f)} ≥ {_v(below)} {COUNT}, but "
    return [f"{known}a fall below {_v(below)} {COUNT} within "
            f"{_v(rules.FN_FALL_WITHIN_HOURS)} hours is expected (answered yes) → neutropenia "
            "of FN"], (below,)


def _confirm_unit(f: Findings) -> Lines:
    out, used = [], []
    for key, name, value in (("wbc", "WBC", f.wbc), ("anc", "ANC", f.anc),
                             ("platelets", "Platelets", f.platelets)):
        limit = rules.EXTREME_ABOVE[key]
        if value is not None and value > limit.value:
            out.append(f"{name} {_count(value, limit.value)} > {_v(limit)} {COUNT} "
                       "→ possible but extreme: confirm the unit")
            used.append(limit)
    return out, tuple(used)


def _fn_antibiotics(f: Findings) -> Lines:
    fever, t = _temperature(f)
    limb, n = _fn_limb(f)
    return [*fever, *limb, "Fever and neutropenia → febrile neutropenia"], (*t, *n)


def _afebrile_sepsis(f: Findings) -> Lines:
    below = rules.AFEBRILE_SEPSIS_ANC_BELOW
    fever, t = _temperature(f)
    return [f"{_anc(f)} < {_v(below)} {COUNT} → severe neutropenia",
            "Signs of systemic infection: yes", *fever,
            "Treated as neutropenic sepsis without waiting for fever"], (below, *t)


def _hyperleukocytosis(f: Findings) -> Lines:
    above = rules.HYPERLEUKOCYTOSIS_ABOVE
    return [f"WBC {_count(f.wbc, above.value)} > {_v(above)} {COUNT} "
            "→ hyperleukocytosis"], (above,)


def _escalate(f: Findings) -> Lines:
    out: list[str] = []
    used: tuple[Threshold, ...] = ()
    below = rules.FN_ANC_BELOW
    if f.infection.fever and f.anc is not None and f.anc < below.value:
        fever, t = _temperature(f)
        out += [*fever, f"{_anc(f)} < {_v(below)} {COUNT} → fever with severe "
                        "neutropenia"]
        used = (*t, below)
    if f.inputs.systemic_infection_signs:
        out.append("Signs of systemic infection: yes")
    return out, used


def _fever_without_anc(f: Findings) -> Lines:
    fever, t = _temperature(f)
    out = [*fever, "No ANC and no differential entered → FN cannot be decided"]
    below = rules.FN_ANC_BELOW
    if f.wbc < below.value:
        out.append(f"WBC {_count(f.wbc, below.value)} < {_v(below)} {COUNT} → the "
                   f"ANC (part of the WBC) is below {_v(below)} too")
        t = (*t, below)
    return out, t


def _borderline(f: Findings) -> Lines:
    lo, hi = rules.FN_ANC_BELOW, rules.FN_REASSESS_BELOW
    fever, t = _temperature(f)
    answer = f.inputs.anc_expected_below_0_5_within_48h
    said = "not answered" if answer is None else "answered no"
    return [*fever, f"{_v(lo)} ≤ {_anc(f)} < {_v(hi)} {COUNT}",
            f"ANC expected below {_v(lo)} within {_v(rules.FN_FALL_WITHIN_HOURS)} hours: "
            f"{said}"], (*t, lo, hi)


def _diagnosis(f: Findings) -> Lines:
    return [f"Diagnosis: {DIAGNOSIS_WORDS.get(f.inputs.diagnosis.value, 'none')}"], ()


def _platelets(f: Findings) -> str:
    assert f.platelets is not None
    return _count(f.platelets, rules.PLT_PROPHYLACTIC_AT_MOST.value,
                  rules.PLT_FEVER_INFECTION_AT_MOST.value, f.lln["platelets"])


def _plt_band(f: Findings) -> Lines:
    """The band of RULES §8 the platelet count fell in, with both its edges."""
    assert f.platelets is not None
    low, mid = rules.PLT_PROPHYLACTIC_AT_MOST, rules.PLT_FEVER_INFECTION_AT_MOST
    p, lln, shown = f.platelets, f.lln["platelets"], _platelets(f)
    if p <= low.value:
        return [f"Platelets {shown} ≤ {_v(low)} {COUNT}"], (low,)
    if p <= mid.value:
        return [f"{_v(low)} < platelets {shown} ≤ {_v(mid)} {COUNT}"], \
            (low, mid)
    return [f"{_v(mid)} < platelets {shown} < LLN {plain(lln)} {COUNT}"], (mid,)


def _plt_bleeding(f: Findings) -> Lines:
    band, used = _plt_band(f)
    return [*band, "Clinically relevant bleeding: yes"], used


def _plt_prophylactic(f: Findings) -> Lines:
    band, used = _plt_band(f)
    return [f"{band[0]} → transfuse, even with no fever, infection or bleeding"], used


def _plt_fever_infection(f: Findings) -> Lines:
    band, used = _plt_band(f)
    out = list(band)
    reasons = f.platelet.reasons if f.platelet else ()
    if "fever" in reasons:
        fever, t = _temperature(f)
        out += fever
        used = (*used, *t)
    if "infection" in reasons:
        out.append("Signs of infection: yes")
    return out, used


def _plt_if_fever_infection(f: Findings) -> Lines:
    band, used = _plt_band(f)
    fever = f.infection.fever
    state = ("no temperature entered" if fever is None else
             "fever" if fever else "no fever")
    return [*band, f"Now: {state}, no signs of infection, no clinically relevant bleeding"], used


def _plt_bleeding_only(f: Findings) -> Lines:
    band, used = _plt_band(f)
    return [*band, "Clinically relevant bleeding: no"], used


def _procedure(f: Findings) -> Lines:
    from leukodesk.core.rules.advice import PROCEDURE_WORDS  # the words the advice uses

    key = f.inputs.planned_procedure.value
    limit = rules.PLT_PROCEDURE_BELOW[key]
    assert f.platelets is not None
    shown = _count(f.platelets, limit.value)
    rel = _side(f.platelets, limit.value, strict_below=True)
    then = "transfuse before it" if rel == "<" else "threshold reached"
    return [f"Planned {PROCEDURE_WORDS[key]}: platelets {shown} {rel} {_v(limit)} "
            f"{COUNT} → {then}"], (limit,)


def _features(f: Findings, present: bool) -> Lines:
    """Each high-risk feature of RULES §7 as compared: those present, or (``present``
    False) every one, each shown absent."""
    anc_at_most, days_from, age_above = (rules.HR_ANC_AT_MOST, rules.HR_DURATION_FROM_DAYS,
                                         rules.HR_AGE_ABOVE_YEARS)
    inp = f.inputs
    out: list[str] = []
    used: list[Threshold] = []
    yes, no = "→ high-risk feature", "→ not a high-risk feature"
    if f.anc is not None:
        hit = f.anc <= anc_at_most.value
        if hit == present:
            out.append(f"{_anc(f)} {_side(f.anc, anc_at_most.value, False)} "
                       f"{_v(anc_at_most)} {COUNT} {yes if hit else no}")
            used.append(anc_at_most)
    if inp.expected_neutropenia_days is not None:
        days = to_decimal(inp.expected_neutropenia_days)
        hit = days >= days_from.value
        if hit == present:
            out.append(f"Expected neutropenia {plain_beside(days, (days_from.value,))} days "
                       f"{_side(days, days_from.value, True)} {_v(days_from)} days "
                       f"{yes if hit else no}")
            used.append(days_from)
    if inp.age_years is not None:
        age = to_decimal(inp.age_years)
        hit = age > age_above.value
        if hit == present:
            out.append(f"Age {plain_beside(age, (age_above.value,))} "
                       f"{_side(age, age_above.value, False)} {_v(age_above)} years "
                       f"{yes if hit else no}")
            used.append(age_above)
    for flag, words in ((inp.uncontrolled_primary_disease, "Uncontrolled primary disease"),
                        (inp.systemic_infection_signs, "Signs of systemic infection")):
        if flag == present:
            out.append(f"{words}: {'yes' if flag else 'no'} {yes if flag else no}")
    return out, tuple(used)


def _gcsf_consider(f: Findings) -> Lines:
    lines, used = _features(f, present=True)
    return ["Febrile neutropenia: yes", *lines], used


def _gcsf_not_routine(f: Findings) -> Lines:
    lines, used = _features(f, present=False)
    return ["Febrile neutropenia: yes", *lines], used


def _gcsf_timing(f: Findings) -> Lines:
    return ["G-CSF is to be considered, and myelosuppressive chemotherapy is ticked"], ()


def _active_management(f: Findings) -> Lines:
    below = rules.ANC_ACTIVE_MANAGEMENT_BELOW
    return [f"{_anc(f)} < {_v(below)} {COUNT} (CTCAE grade "
            f"{f.grades['neutrophils']}) → needs active management"], (below,)


def _avoid_invasive(f: Findings) -> Lines:
    below = rules.AVOID_INVASIVE_ANC_BELOW
    return [f"{_anc(f)} < {_v(below)} {COUNT} → severe neutropenia"], (below,)


def _prophylaxis(f: Findings) -> Lines:
    above, seed = rules.PROPHYLAXIS_DAYS_ABOVE, rules.PROPHYLAXIS_SEED_DAYS_FROM
    out, _ = _diagnosis(f)
    raw = f.inputs.expected_neutropenia_days
    if raw is None:
        out.append("Expected duration not entered → shown with its condition (more than "
                   f"{_v(above)} days)")
    else:
        days = to_decimal(raw)
        out.append(f"Expected neutropenia {plain_beside(days, (above.value,))} days > "
                   f"{_v(above)} days (US guidelines; the seed document says "
                   f"{_v(seed)} days)")
    return out, (above, seed)


def _anthracycline(f: Findings) -> Lines:
    return ["Anthracycline-containing chemotherapy: yes"], ()


def _mild_leukopenia(f: Findings) -> Lines:
    low, mild = rules.WBC_MILD_LEUKOPENIA_FROM, rules.ANC_MILD_FROM
    lln = f.lln["wbc"]
    out = [f"{_v(low)} ≤ WBC {_count(f.wbc, low.value, lln)} < LLN {plain(lln)} "
           f"{COUNT} → mild leukopenia"]
    if f.anc is None:
        out.append("No ANC entered")
    else:
        out.append(f"{_anc(f)} ≥ {_v(mild)} {COUNT}")
    out.append("Not febrile neutropenia")
    return out, (low, mild)


def _safety_net(f: Findings) -> Lines:
    out: list[str] = []
    used: list[Threshold] = []
    if f.anc_cls not in (None, AncClass.NORMAL):
        normal = rules.ANC_NORMAL_FROM
        out.append(f"{_anc(f)} < {_v(normal)} {COUNT} → {f.anc_cls.value} "
                   "neutropenia")
        used.append(normal)
    if f.tier is LeukopeniaTier.MARKED:
        low = rules.WBC_MILD_LEUKOPENIA_FROM
        out.append(f"WBC {_count(f.wbc, low.value)} < {_v(low)} {COUNT} → marked "
                   "leukopenia")
        used.append(low)
    out.append(f"No reason to escalate now (no fever with ANC below {_v(rules.FN_ANC_BELOW)}, "
               "no signs of systemic infection)")
    return out, tuple(used)


def _rbc(f: Findings) -> Lines:
    below, restrictive = rules.RBC_CONTEXT_BELOW, rules.RBC_RESTRICTIVE
    assert f.hemoglobin is not None
    return [f"Hb {plain_beside(f.hemoglobin, (below.value,))} < {_v(below)} g/dL "
            f"(CTCAE anemia grade {f.grades['anemia']}) → context shown",
            f"Restrictive threshold: {_v(restrictive)} g/dL"], (below, restrictive)


def _duffy(f: Findings) -> Lines:
    duffy = rules.DUFFY_NULL_ANC_LLN
    entered = to_decimal(f.inputs.lln.anc)
    return ["Duffy-null phenotype confirmed: yes",
            f"ANC LLN: the lower of {_v(duffy)} and the laboratory's "
            f"{plain(entered)} → {plain(f.lln['anc'])} {COUNT} (CTCAE grade 1 only)"], (duffy,)


def _no_leukopenia(f: Findings) -> Lines:
    lln, above = f.lln["wbc"], rules.HYPERLEUKOCYTOSIS_ABOVE
    return [f"WBC {_count(f.wbc, lln, above.value)} ≥ LLN {plain(lln)} {COUNT} → no "
            "leukopenia",
            f"WBC {_count(f.wbc, lln, above.value)} ≤ {_v(above)} {COUNT} → no "
            "hyperleukocytosis"], (above,)


BUILDERS: dict[str, Builder] = {
    "confirm_unit": _confirm_unit,
    "fn_antibiotics": _fn_antibiotics,
    "afebrile_sepsis_antibiotics": _afebrile_sepsis,
    "hyperleukocytosis": _hyperleukocytosis,
    "escalate_now": _escalate,
    "fever_without_anc": _fever_without_anc,
    "fn_answer_48h": _borderline,
    "fn_borderline_reassess": _borderline,
    "apl_no_leukapheresis": _diagnosis,
    "plt_bleeding": _plt_bleeding,
    "plt_transfuse_prophylactic": _plt_prophylactic,
    "plt_transfuse_fever_infection": _plt_fever_infection,
    "plt_procedure": _procedure,
    "gcsf_consider": _gcsf_consider,
    "active_management": _active_management,
    "avoid_invasive": _avoid_invasive,
    "gcsf_not_routine": _gcsf_not_routine,
    "plt_if_fever_infection": _plt_if_fever_infection,
    "plt_bleeding_only": _plt_bleeding_only,
    "apl_platelet_threshold": _diagnosis,
    "acute_leukaemia_prophylaxis": _prophylaxis,
    "mds_lower_risk": _diagnosis,
    "mds_higher_risk": _diagnosis,
    "cmml": _diagnosis,
    "cmml_myeloproliferative": _diagnosis,
    "anthracycline_azoles": _anthracycline,
    "mild_leukopenia_observe": _mild_leukopenia,
    "safety_net": _safety_net,
    "gcsf_timing": _gcsf_timing,
    "rbc_context": _rbc,
    "duffy_null_lln": _duffy,
    "plt_procedure_ok": _procedure,
    "no_leukopenia": _no_leukopenia,
}


def why_fields(key: str, f: Findings, sources: tuple[str, ...]) -> dict[str, Any]:
    """The fields of :class:`~leukodesk.core.contract.outputs.Why` for recommendation ``key``
    under these findings: ``sources`` are the recommendation's own, joined by those of
    every threshold it compared. (A plain mapping: the Recommendation validates it in
    one pass, which is cheaper than building the model first; this runs on every
    keystroke.)"""
    because, used = BUILDERS[key](f)
    joined = list(sources)
    for threshold in used:
        joined += [s for s in threshold.sources if s not in joined]
    return {"rule": rule_names()[key], "because": because, "sources": joined}
