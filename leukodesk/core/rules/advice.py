"""From findings to words: recommendations, pitfalls and what was not assessed.

Which rule fires is decided here; what it says lives in ``content/`` (catalogue id →
urgency, text, sources). Order: a unit-confirmation warning first (every other line
rests on the numbers), then emergency → urgent → routine → info, catalogue order within.
"""

from __future__ import annotations

from leukodesk.core import content
from leukodesk.core.content import URGENCY_RANK, Urgency
from leukodesk.core.contract.models import ACUTE_LEUKAEMIAS, HAEMATOLOGICAL, Diagnosis
from leukodesk.core.contract.outputs import NotAssessed, Pitfall, Recommendation
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import format_count, plain, plain_beside
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.grading import AncClass, LeukopeniaTier
from leukodesk.core.rules.transfusion import PlateletCategory
from leukodesk.core.rules.why import why_fields

FIRST = "confirm_unit"

PROCEDURE_WORDS = {
    "central_line": "central line", "lumbar_puncture": "lumbar puncture",
    "major_surgery": "major surgery",
    "neurosurgery_posterior_eye": "neurosurgery or posterior eye surgery",
}
# Word tables that state a threshold name it as a rules.py constant ({HR_ANC_AT_MOST}) and
# are read through feature_words() / needs_words(), filled once (content.with_thresholds).
FEATURE_WORDS = {
    "anc_le_0_1": "ANC ≤ {HR_ANC_AT_MOST}",
    "duration_ge_10_days": "expected neutropenia ≥ {HR_DURATION_FROM_DAYS} days",
    "age_gt_65": "age over {HR_AGE_ABOVE_YEARS}",
    "uncontrolled_disease": "uncontrolled primary disease",
    "systemic_infection": "signs of systemic infection",
}
# The input each high-risk feature is read from, when it could not be assessed.
HIGH_RISK_INPUT = {"anc_le_0_1": "anc", "duration_ge_10_days": "expected_neutropenia_days",
                   "age_gt_65": "age_years"}
# What to ask for, per input key, in "not assessed" messages.
NEEDS_WORDS = {
    "temperature_c": "a temperature", "anc": "the ANC or a differential",
    "anc_expected_below_0_5_within_48h":
        "the {FN_FALL_WITHIN_HOURS}-hour question (ANC expected below {FN_ANC_BELOW})",
    "age_years": "the age", "expected_neutropenia_days": "the expected duration",
    "lymphocytes": "a lymphocyte count", "platelets": "a platelet count",
    "hemoglobin_g_dl": "a hemoglobin", "weight_kg": "the weight",
}
OUTPUT_WORDS = {
    "anc": "ANC", "fever": "Fever", "febrile_neutropenia": "FN (IDSA/ASCO)",
    "ctcae_febrile_neutropenia": "FN (CTCAE)", "immediate_antibiotics": "Immediate antibiotics",
    "consider_gcsf": "G-CSF decision", "high_risk_features": "High-risk features",
    "ctcae.lymphocytes": "Lymphocyte grade", "ctcae.platelets": "Platelet grade",
    "ctcae.anemia": "Anemia grade", "platelet_transfusion": "Platelet transfusion",
    "platelet_transfusion.transfuse_now": "Transfuse now", "filgrastim": "Filgrastim dose",
}


COUNT_NAMES = {"wbc": "WBC", "anc": "ANC", "platelets": "platelets"}


@content.loaded_once
def feature_words() -> dict[str, str]:
    """Each high-risk feature in words, its threshold from rules.py ("ANC ≤ 0.1")."""
    return {key: content.with_thresholds(text) for key, text in FEATURE_WORDS.items()}


@content.loaded_once
def needs_words() -> dict[str, str]:
    """What to ask for, per input key, its thresholds from rules.py."""
    return {key: content.with_thresholds(text) for key, text in NEEDS_WORDS.items()}


def _fired(f: Findings) -> list[tuple[str, dict[str, str]]]:
    """(catalogue id, text fields) of every rule that fires for these findings."""
    inp, i, anc = f.inputs, f.infection, f.anc
    out: list[tuple[str, dict[str, str]]] = []
    add = out.append

    extreme = [(key, value) for key, value in
               (("wbc", f.wbc), ("anc", anc), ("platelets", f.platelets))
               if value is not None and value > rules.EXTREME_ABOVE[key].value]
    if extreme:
        # Both readings keep their side of the limit (200.0004 is never "200000 cells/µL").
        what = " and ".join(
            f"{COUNT_NAMES[k]} {plain_beside(v, (rules.EXTREME_ABOVE[k].value,))} ×10⁹/L "
            f"(= {format_count(v, (rules.EXTREME_ABOVE[k].value,), cells_per_ul=True)} "
            "cells/µL)" for k, v in extreme)
        add((FIRST, {"what": what}))

    if i.febrile_neutropenia:
        add(("fn_antibiotics", {}))
    if i.afebrile_sepsis and not i.febrile_neutropenia:
        add(("afebrile_sepsis_antibiotics", {"anc": f.anc_text}))
    if f.hyperleukocytosis:
        add(("hyperleukocytosis",
             {"wbc": plain_beside(f.wbc, (rules.HYPERLEUKOCYTOSIS_ABOVE.value,))}))
    reasons = []
    if i.fever and anc is not None and anc < rules.FN_ANC_BELOW.value:
        reasons.append("fever with severe neutropenia")
    if inp.systemic_infection_signs:
        reasons.append("signs of systemic infection")
    if reasons:
        add(("escalate_now", {"reasons": " and ".join(reasons)}))
    if i.fever and anc is None and i.febrile_neutropenia is None:
        below = rules.FN_ANC_BELOW.value
        bound = (f"; with WBC {plain_beside(f.wbc, (below,))} ×10⁹/L the ANC must be below "
                 f"{rules.FN_ANC_BELOW.text}" if f.wbc < below else "")
        add(("fever_without_anc", {"bound": bound}))
    if i.borderline_48h:
        if inp.anc_expected_below_0_5_within_48h is None:
            add(("fn_answer_48h", {"anc": f.anc_text}))
        add(("fn_borderline_reassess", {"anc": f.anc_text}))
    if inp.diagnosis is Diagnosis.APL:
        add(("apl_no_leukapheresis", {}))

    p = f.platelet
    if p is not None:
        # Never a figure that reads on the other side of a threshold the text names.
        cuts = (rules.PLT_PROPHYLACTIC_AT_MOST.value, rules.PLT_FEVER_INFECTION_AT_MOST.value,
                f.lln["platelets"], *((p.procedure_threshold,) if p.procedure_threshold
                                      is not None else ()))
        plt = plain_beside(f.platelets, cuts)
        if "bleeding" in p.reasons:
            add(("plt_bleeding", {"plt": plt}))
        if "prophylactic" in p.reasons:
            add(("plt_transfuse_prophylactic", {"plt": plt}))
        trigger = [w for w, r in (("fever", "fever"), ("signs of infection", "infection"))
                   if r in p.reasons]
        if trigger:
            add(("plt_transfuse_fever_infection", {"plt": plt, "trigger": " and ".join(trigger)}))
        elif p.category is PlateletCategory.INDICATED_IF_FEVER_OR_INFECTION \
                and "bleeding" not in p.reasons:
            add(("plt_if_fever_infection", {"plt": plt}))
        if p.category is PlateletCategory.ONLY_FOR_BLEEDING and "bleeding" not in p.reasons:
            add(("plt_bleeding_only", {"plt": plt}))
        if p.procedure_threshold is not None:
            words = {"plt": plt, "threshold": plain(p.procedure_threshold),
                     "procedure": PROCEDURE_WORDS[inp.planned_procedure.value]}
            add(("plt_procedure" if "procedure" in p.reasons else "plt_procedure_ok", words))
    if inp.diagnosis is Diagnosis.APL:
        add(("apl_platelet_threshold", {}))

    if i.consider_gcsf:
        add(("gcsf_consider", {"features": ", ".join(feature_words()[c]
                                                     for c in i.high_risk_features)}))
        if inp.myelosuppressive_chemo:
            add(("gcsf_timing", {}))
    elif i.febrile_neutropenia and i.any_high_risk is False:
        add(("gcsf_not_routine", {}))
    if anc is not None and anc < rules.ANC_ACTIVE_MANAGEMENT_BELOW.value:
        add(("active_management", {"anc": f.anc_text,
                                   "grade": str(f.grades["neutrophils"])}))
    if anc is not None and anc < rules.AVOID_INVASIVE_ANC_BELOW.value:
        add(("avoid_invasive", {}))

    if inp.diagnosis in ACUTE_LEUKAEMIAS:
        days = inp.expected_neutropenia_days
        if days is None or days > rules.PROPHYLAXIS_DAYS_ABOVE.value:
            note = ("" if days is None
                    else f" (expected neutropenia: {plain(to_decimal(days))} days)")
            add(("acute_leukaemia_prophylaxis", {"duration": note}))
    disease = {Diagnosis.MDS_LOWER_RISK: "mds_lower_risk",
               Diagnosis.MDS_HIGHER_RISK: "mds_higher_risk", Diagnosis.CMML: "cmml",
               Diagnosis.CMML_MYELOPROLIFERATIVE: "cmml_myeloproliferative"}
    if inp.diagnosis in disease:
        add((disease[inp.diagnosis], {}))
    if inp.anthracycline_chemo:
        add(("anthracycline_azoles", {}))
    if f.tier is LeukopeniaTier.MILD and (anc is None or anc >= rules.ANC_MILD_FROM.value) \
            and not i.febrile_neutropenia:
        add(("mild_leukopenia_observe", {"wbc": plain_beside(f.wbc, (f.lln["wbc"],)),
                                         "lln": plain(f.lln["wbc"])}))
    neutropenic = f.anc_cls not in (None, AncClass.NORMAL)
    if (neutropenic or f.tier is LeukopeniaTier.MARKED) and not reasons:
        add(("safety_net", {}))
    if f.hemoglobin is not None and f.hemoglobin < rules.RBC_CONTEXT_BELOW.value:
        add(("rbc_context", {"hb": plain_beside(f.hemoglobin, (
            rules.RBC_CONTEXT_BELOW.value, rules.RBC_RESTRICTIVE.value))}))
    if inp.duffy_null:
        add(("duffy_null_lln", {"lln": plain(f.lln["anc"])}))
    if f.tier is LeukopeniaTier.NONE and not f.hyperleukocytosis:
        add(("no_leukopenia", {"wbc": plain_beside(f.wbc, (f.lln["wbc"],)),
                               "lln": plain(f.lln["wbc"])}))
    return out


# The outputs below are frozen models built from words alone: the same words give the same
# object, shared by every assessment that says them (read-only, like every output).
# Keystroke after keystroke most of them stay the same, and building one (pydantic
# validates it) costs more than finding it (tests/core/test_shared_outputs.py).
@content.remembered(1024)
def _recommendation(key: str, urgency: Urgency, text: str, sources: tuple[str, ...],
                    rule: str, because: tuple[str, ...],
                    why_sources: tuple[str, ...]) -> Recommendation:
    return Recommendation(id=key, urgency=urgency, text=text, sources=list(sources),
                          why={"rule": rule, "because": list(because),
                               "sources": list(why_sources)})


@content.remembered(64)
def _pitfall(pitfall_id: str) -> Pitfall:
    p = content.pitfalls()[pitfall_id]
    return Pitfall(id=p.id, title=p.title, text=p.text, sources=list(p.sources))


@content.remembered(256)
def _not_assessed(output: str, needs: tuple[str, ...]) -> NotAssessed:
    asked = needs_words()
    return NotAssessed(output=output, needs=list(needs),
                       message=f"{OUTPUT_WORDS[output]}: not assessed — enter "
                               + " or ".join(asked[n] for n in needs) + ".")


def no_dose() -> NotAssessed:
    """What is not assessed without a weight: the standard filgrastim dose (the last line
    of an assessment's ``not_assessed``, added by assess.py)."""
    return _not_assessed("filgrastim", ("weight_kg",))


def recommendations(f: Findings) -> list[Recommendation]:
    """The ordered advice for these findings, each with its urgency and sources."""
    catalogue = content.recommendations()
    items = []
    for key, words in _fired(f):
        entry = catalogue[key]
        why = why_fields(key, f, entry.sources)
        items.append(_recommendation(key, entry.urgency, entry.text.format(**words),
                                     tuple(entry.sources), why["rule"],
                                     tuple(why["because"]), tuple(why["sources"])))
    items.sort(key=lambda r: (r.id != FIRST, URGENCY_RANK[r.urgency],
                              catalogue[r.id].order))
    return items


def _pitfall_applies(f: Findings) -> dict[str, bool]:
    inp, anc = f.inputs, f.anc
    mild_wbc = f.tier is LeukopeniaTier.MILD
    mild = mild_wbc or f.anc_cls is AncClass.MILD
    # The laboratory's own ANC LLN (before Duffy-null): a low ANC that may be a Duffy-null
    # normal is low against it.
    low_anc = anc is not None and anc < to_decimal(inp.lln.anc)
    low_lines = sum((f.tier is not LeukopeniaTier.NONE or low_anc,
                     f.hemoglobin is not None and f.hemoglobin < f.lln["hemoglobin"],
                     f.platelets is not None and f.platelets < f.lln["platelets"]))
    any_low = f.tier is not LeukopeniaTier.NONE or low_anc
    return {
        "not_all_need_treatment": mild and not f.infection.febrile_neutropenia,
        "no_reflex_prophylaxis": mild_wbc and (anc is None or anc >= rules.ANC_MILD_FROM.value),
        "blast_maturation": inp.diagnosis in HAEMATOLOGICAL,
        "nutrition": mild_wbc,
        "apl_leukapheresis": inp.diagnosis is Diagnosis.APL,
        "duffy_null": low_anc and anc >= rules.ANC_MILD_FROM.value
        and inp.diagnosis is Diagnosis.NONE and not inp.myelosuppressive_chemo,
        "trend_and_lines": any_low or low_lines >= 2,
        "manual_smear": any_low,
    }


def pitfalls(f: Findings) -> list[Pitfall]:
    """The pitfalls of the sidebar that apply to these findings, in sidebar order."""
    applies = _pitfall_applies(f)
    return [_pitfall(key) for key in content.pitfalls() if applies[key]]


def _fn_needs(f: Findings) -> list[str]:
    i, inp = f.infection, f.inputs
    needs = []
    if i.fever is None:
        needs.append("temperature_c")
    if f.anc is None and inp.anc_expected_below_0_5_within_48h is not True:
        needs.append("anc")
    if i.borderline_48h and inp.anc_expected_below_0_5_within_48h is None:
        needs.append("anc_expected_below_0_5_within_48h")
    return needs


def not_assessed(f: Findings) -> list[NotAssessed]:
    """Each null output with the inputs that would settle it (RULES §2a), but the dose
    (:func:`no_dose`)."""
    i = f.infection
    missing: list[tuple[str, list[str]]] = []
    if f.anc is None:
        missing.append(("anc", ["anc"]))
    if i.fever is None:
        missing.append(("fever", ["temperature_c"]))
    if i.febrile_neutropenia is None:
        missing.append(("febrile_neutropenia", _fn_needs(f)))
    if i.ctcae_febrile_neutropenia is None:
        missing.append(("ctcae_febrile_neutropenia",
                        [k for k, v in (("temperature_c", i.fever), ("anc", f.anc))
                         if v is None]))
    if i.immediate_antibiotics is None:
        missing.append(("immediate_antibiotics", _fn_needs(f)))
    hr_needs = [HIGH_RISK_INPUT[c] for c in i.high_risk_not_assessed]
    if i.any_high_risk is None and i.febrile_neutropenia is not False:
        missing.append(("high_risk_features", hr_needs))  # they matter only in FN
    if i.consider_gcsf is None:
        needs = _fn_needs(f) if i.febrile_neutropenia is None else []
        if i.any_high_risk is None:
            needs += [k for k in hr_needs if k not in needs]
        missing.append(("consider_gcsf", needs))
    for grade, key in (("lymphocytes", "lymphocytes"), ("platelets", "platelets"),
                       ("anemia", "hemoglobin_g_dl")):
        if f.grades[grade] is None:
            missing.append((f"ctcae.{grade}", [key]))
    if f.platelet is None:
        missing.append(("platelet_transfusion", ["platelets"]))
    elif f.platelet.transfuse_now is None:
        missing.append(("platelet_transfusion.transfuse_now", ["temperature_c"]))
    return [_not_assessed(out, tuple(needs)) for out, needs in missing]
