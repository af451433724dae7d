"""RULES §6–7: fever, febrile neutropenia, immediate antibiotics, high-risk features, G-CSF.

Definitions first (the findings the outputs report and other rules name), then the
recommendations they give. Kleene logic: an unknown comparison leaves a finding unknown
unless the known ones settle it (RULES §2a).
"""

from __future__ import annotations

from leukodesk.core.content import Urgency as U
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import (
    Ask,
    Cmp,
    Definition,
    Facts,
    Flag,
    Missing,
    Not,
    Ref,
    all_,
    any_,
    not_yes,
    unknown,
)
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.words import (
    anc_words,
    bound_words,
    feature_list,
)

D = Definition
DEFINITIONS = (
    D("fever", "Fever (IDSA)", any_(
        Cmp("temperature", "≥", "FEVER_SINGLE_FROM"),
        all_(Flag("fever_sustained_1h"), Cmp("temperature", "≥", "FEVER_SUSTAINED_FROM")))),
    D("fn_neutropenia", "Neutropenia of FN (ANC below {FN_ANC_BELOW}, or a fall expected)",
      any_(Cmp("anc", "<", "FN_ANC_BELOW"),
           Ask("fall_48h", matters=Cmp("anc", "<", "FN_REASSESS_BELOW")))),
    D("fn", "Febrile neutropenia (IDSA/ASCO)", all_(Ref("fever"), Ref("fn_neutropenia"))),
    D("ctcae_fever", "Fever (CTCAE)", any_(
        Cmp("temperature", ">", "CTCAE_FN_SINGLE_ABOVE"),
        all_(Flag("fever_sustained_1h"),
             Cmp("temperature", "≥", "CTCAE_FN_SUSTAINED_FROM")))),
    D("ctcae_fn", "Febrile neutropenia (CTCAE)",
      all_(Cmp("anc", "<", "CTCAE_FN_ANC_BELOW"), Ref("ctcae_fever"))),
    D("afebrile_sepsis", "Severe neutropenia with signs of systemic infection",
      all_(Cmp("anc", "<", "AFEBRILE_SEPSIS_ANC_BELOW"), Flag("systemic_infection_signs"))),
    D("immediate_antibiotics", "Immediate antibiotics", any_(Ref("fn"), Ref("afebrile_sepsis"))),
    D("borderline_48h", "Fever with ANC {FN_ANC_BELOW} to below {FN_REASSESS_BELOW}, no fall "
                        "expected", all_(
        Ref("fever"), Cmp("anc", "≥", "FN_ANC_BELOW"), Cmp("anc", "<", "FN_REASSESS_BELOW"),
        not_yes(Flag("fall_48h")))),
    D("fever_with_severe_neutropenia", "Fever with severe neutropenia",
      all_(Ref("fever"), Cmp("anc", "<", "FN_ANC_BELOW"))),
    D("escalate", "A reason to escalate now", any_(
        Ref("fever_with_severe_neutropenia"), Flag("systemic_infection_signs"))),
    # High-risk features in established FN [SEED], each named when present.
    D("anc_le_0_1", "High-risk feature: ANC ≤ {HR_ANC_AT_MOST}",
      Cmp("anc", "≤", "HR_ANC_AT_MOST")),
    D("duration_ge_10_days", "High-risk feature: expected neutropenia ≥ "
                             "{HR_DURATION_FROM_DAYS} days",
      Cmp("expected_neutropenia_days", "≥", "HR_DURATION_FROM_DAYS")),
    D("age_gt_65", "High-risk feature: age over {HR_AGE_ABOVE_YEARS}",
      Cmp("age", ">", "HR_AGE_ABOVE_YEARS")),
    D("uncontrolled_disease", "High-risk feature: uncontrolled primary disease",
      Flag("uncontrolled_primary_disease")),
    D("systemic_infection", "High-risk feature: signs of systemic infection",
      Flag("systemic_infection_signs")),
    D("any_high_risk", "At least one high-risk feature", any_(
        Ref("anc_le_0_1"), Ref("duration_ge_10_days"), Ref("age_gt_65"),
        Ref("uncontrolled_disease"), Ref("systemic_infection"))),
    D("consider_gcsf", "Consider G-CSF", all_(Ref("fn"), Ref("any_high_risk"))),
)
HIGH_RISK_FEATURES = ("anc_le_0_1", "duration_ge_10_days", "age_gt_65",
                      "uncontrolled_disease", "systemic_infection")


def _features(f: Findings, facts: Facts) -> dict[str, str]:
    return {"features": feature_list(facts)}


def _bound(f: Findings, facts: Facts) -> dict[str, str]:
    return {"bound": bound_words(f)}


def _anc_only(f: Findings, facts: Facts) -> dict[str, str]:
    return {"anc": anc_words(f)}


RULES = (
    Rule("fn_antibiotics", U.EMERGENCY, ("ASCO-IDSA-2018-OUT", "IDSA-2010", "SEED"),
         "Febrile neutropenia (IDSA/ASCO): antibiotics within {ANTIBIOTICS_WITHIN_HOURS} hour",
         Ref("fn")),
    Rule("afebrile_sepsis_antibiotics", U.EMERGENCY,
         ("ASCO-IDSA-2018-PROPH", "ASCO-IDSA-2018-OUT", "SEED"),
         "ANC below {AFEBRILE_SEPSIS_ANC_BELOW} with signs of systemic infection: "
         "antibiotics without waiting for fever",
         all_(Ref("afebrile_sepsis"), not_yes(Ref("fn"))), _anc_only),
    Rule("fever_without_anc", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-OUT"),
         "Fever with no ANC: febrile neutropenia cannot be decided",
         all_(Ref("fever"), Missing("anc"), unknown(Ref("fn"))), _bound),
    Rule("fn_answer_48h", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-OUT"),
         "Fever with ANC {FN_ANC_BELOW} to below {FN_REASSESS_BELOW}: the "
         "{FN_FALL_WITHIN_HOURS}-hour question decides FN",
         all_(Ref("borderline_48h"), Missing("fall_48h")), _anc_only),
    Rule("fn_borderline_reassess", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-OUT", "NICE-CG151"),
         "Fever with ANC {FN_ANC_BELOW} to below {FN_REASSESS_BELOW}: not FN unless a fall "
         "is expected; reassess",
         Ref("borderline_48h"), _anc_only),
    Rule("gcsf_consider", U.URGENT, ("SEED", "ASCO-CSF-2015"),
         "Established FN with at least one high-risk feature: consider G-CSF",
         Ref("consider_gcsf"), _features),
    Rule("gcsf_not_routine", U.ROUTINE, ("ASCO-CSF-2015",),
         "FN with no high-risk feature: no routine G-CSF",
         all_(Ref("fn"), Not(Ref("any_high_risk")))),
    # One "24-hour rule": after the last and before the next chemotherapy (RULES §10).
    Rule("gcsf_timing", U.INFO, ("NEUPOGEN-PI",),
         "Filgrastim around chemotherapy: the {GCSF_AFTER_CHEMO_HOURS}-hour rule",
         all_(Ref("consider_gcsf"), Flag("myelosuppressive_chemo"))),
)


