"""RULES §6–7 (2026.2): fever, febrile neutropenia, immediate antibiotics, high-risk
features, G-CSF in established FN.

Definitions first (the findings the outputs report and other rules name), then the
recommendations they give. Kleene logic: an unknown comparison leaves a finding unknown
unless the known ones settle it (RULES §2a); an unknown ANC is at most the WBC, so
"ANC < 0.5" holds when the WBC is below 0.5.
"""

from __future__ import annotations

from leukodesk.core import content
from leukodesk.core.content import Urgency as U
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import (
    Ask,
    Cmp,
    Definition,
    Facts,
    Flag,
    Is,
    Maybe,
    Missing,
    Not,
    Ref,
    all_,
    any_,
    not_yes,
    unknown,
)
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.s11_fn_risk import disposition
from leukodesk.core.rules.table.words import (
    anc_or_bound_words,
    anc_words,
    bound_words,
    feature_list,
    temp_words,
)

ON_CHEMO = Flag("myelosuppressive_chemo")
INFECTION = Flag("systemic_infection_signs")

D = Definition
DEFINITIONS = (
    # A temperature that NICE counts: a single reading above 38.0 °C, or fever (IDSA).
    D("nice_temperature", "A temperature above {NICE_SEPSIS_TEMP_ABOVE} °C, or fever",
      any_(Cmp("temperature", ">", "NICE_SEPSIS_TEMP_ABOVE"), Ref("fever"))),
    D("fever", "Fever (IDSA)", any_(
        Cmp("temperature", "≥", "FEVER_SINGLE_FROM"),
        all_(Flag("fever_sustained_1h"), Cmp("temperature", "≥", "FEVER_SUSTAINED_FROM")))),
    # The 48-hour question matters while the ANC could still fall below 0.5 within 48 h:
    # below 1.0, or below 2.0 on myelosuppressive chemotherapy (2.0 fixed: never an LLN).
    D("fn_neutropenia", "Neutropenia of FN (ANC below {FN_ANC_BELOW}, or a fall expected)",
      any_(Cmp("anc", "<", "FN_ANC_BELOW"),
           Ask("fall_48h", matters=any_(Cmp("anc", "<", "FN_REASSESS_BELOW"),
                                        all_(ON_CHEMO, Cmp("anc", "<", "FN_ASK_ON_CHEMO_BELOW"))
                                        )))),
    D("fn", "Febrile neutropenia (IDSA/ASCO)", all_(Ref("fever"), Ref("fn_neutropenia"))),
    D("ask_48h", "The {FN_FALL_WITHIN_HOURS}-hour question decides FN", all_(
        Ref("fever"), Missing("fall_48h"), Cmp("anc", "≥", "FN_ANC_BELOW"),
        any_(Cmp("anc", "<", "FN_REASSESS_BELOW"),
             all_(ON_CHEMO, Cmp("anc", "<", "FN_ASK_ON_CHEMO_BELOW"))))),
    D("ctcae_fever", "Fever (CTCAE)", any_(
        Cmp("temperature", ">", "CTCAE_FN_SINGLE_ABOVE"),
        all_(Flag("fever_sustained_1h"),
             Cmp("temperature", "≥", "CTCAE_FN_SUSTAINED_FROM")))),
    D("ctcae_fn", "Febrile neutropenia (CTCAE)",
      all_(Cmp("anc", "<", "CTCAE_FN_ANC_BELOW"), Ref("ctcae_fever"))),
    # Immediate antibiotics, rule 2: neutropenic sepsis as NICE defines it.
    D("nice_sepsis", "Neutropenic sepsis (NICE): ANC at most {NICE_SEPSIS_ANC_AT_MOST} with a "
                     "temperature above {NICE_SEPSIS_TEMP_ABOVE} °C or signs of infection",
      all_(Cmp("anc", "≤", "NICE_SEPSIS_ANC_AT_MOST"), any_(Ref("nice_temperature"), INFECTION))),
    # Rule 3: suspected neutropenic sepsis on chemotherapy with the ANC not known.
    D("suspected_sepsis", "Suspected neutropenic sepsis: on chemotherapy, ANC not measured",
      all_(ON_CHEMO, Missing("anc"), Not(Cmp("wbc", "≤", "NICE_SEPSIS_ANC_AT_MOST")),
           any_(Ref("nice_temperature"), INFECTION))),
    # Prompts that leave immediate antibiotics open until they are answered.
    D("remeasure", "A single borderline temperature while the ANC may be below "
                   "{BORDERLINE_ANC_BELOW}", all_(
        Cmp("temperature", "≥", "BORDERLINE_TEMP_FROM"),
        Cmp("temperature", "<", "FEVER_SINGLE_FROM"), Not(Flag("fever_sustained_1h")),
        any_(Cmp("anc", "<", "BORDERLINE_ANC_BELOW"), all_(Missing("anc"), ON_CHEMO)),
        not_yes(Ref("nice_sepsis")), not_yes(Ref("suspected_sepsis")))),
    D("hypothermia", "A low temperature in severe neutropenia", all_(
        Cmp("temperature", "<", "HYPOTHERMIA_BELOW"), Cmp("anc", "<", "HYPOTHERMIA_ANC_BELOW"),
        Not(INFECTION))),
    D("immediate_antibiotics", "Immediate antibiotics", any_(
        Ref("fn"), Ref("nice_sepsis"), Ref("suspected_sepsis"),
        Maybe(any_(Ref("remeasure"), Ref("hypothermia"))))),
    D("fever_with_severe_neutropenia", "Fever with severe neutropenia",
      all_(Ref("fever"), Cmp("anc", "<", "FN_ANC_BELOW"))),
    # Neutropenic sepsis by NICE's rules is escalated like FN (antibiotics are due now);
    # so is a falling ANC below 1.0 (RULES §13, defined in s13_trend).
    D("escalate", "A reason to escalate now", any_(
        Ref("fever_with_severe_neutropenia"), INFECTION, Ref("nice_sepsis"),
        Ref("suspected_sepsis"), Ref("anc_falling"))),
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
    D("systemic_infection", "High-risk feature: signs of systemic infection", INFECTION),
    D("any_high_risk", "At least one high-risk feature", any_(
        Ref("anc_le_0_1"), Ref("duration_ge_10_days"), Ref("age_gt_65"),
        Ref("uncontrolled_disease"), Ref("systemic_infection"))),
    D("consider_gcsf", "Consider G-CSF", all_(Ref("fn"), Ref("any_high_risk"))),
)
HIGH_RISK_FEATURES = ("anc_le_0_1", "duration_ge_10_days", "age_gt_65",
                      "uncontrolled_disease", "systemic_infection")


def _features(f: Findings, facts: Facts) -> dict[str, str]:
    return {"features": feature_list(facts)}


def _fn_words(f: Findings, facts: Facts) -> dict[str, str]:
    """How FN was decided, when the ANC was not measured (the WBC bound, RULES §2a), and
    where to treat, which follows the disposition (RULES §11)."""
    return {"how": "" if f.anc is not None or facts.values["fall_48h"] is True
            else f" ({bound_words(f)}: measure the ANC)",
            "where": content.fn_risk_words().where[disposition(facts) or "undecided"]}


def _anc_only(f: Findings, facts: Facts) -> dict[str, str]:
    return {"anc": anc_words(f)}


def _sepsis(f: Findings, facts: Facts) -> dict[str, str]:
    said = [w for w, name in (
        (f"a temperature of {temp_words(f)} °C", "nice_temperature"),
        ("signs of systemic infection", "systemic_infection")) if facts.of(name) is True]
    return {"anc": anc_or_bound_words(f), "why": " and ".join(said)}


def _temperature(f: Findings, facts: Facts) -> dict[str, str]:
    return {"temp": temp_words(f), "anc": anc_or_bound_words(f)}


RULES = (
    Rule("fn_antibiotics", U.EMERGENCY, ("ASCO-IDSA-2018-OUT", "IDSA-2010", "SEED"),
         "Febrile neutropenia (IDSA/ASCO): antibiotics within {ANTIBIOTICS_WITHIN_HOURS} hour",
         Ref("fn"), _fn_words),
    Rule("neutropenic_sepsis_antibiotics", U.EMERGENCY, ("NICE-CG151", "ASCO-IDSA-2018-OUT",
                                                         "ASCO-IDSA-2018-PROPH", "SEED"),
         "Neutropenic sepsis (NICE): ANC at most {NICE_SEPSIS_ANC_AT_MOST} with a temperature "
         "above {NICE_SEPSIS_TEMP_ABOVE} °C or signs of infection: antibiotics now",
         all_(Ref("nice_sepsis"), not_yes(Ref("fn"))), _sepsis),
    Rule("suspected_sepsis_antibiotics", U.EMERGENCY, ("NICE-CG151", "SEED"),
         "Suspected neutropenic sepsis on chemotherapy with the ANC not measured: the first "
         "dose now", all_(Ref("suspected_sepsis"), not_yes(Ref("fn")))),
    Rule("fever_without_anc", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-OUT"),
         "Fever with no ANC: febrile neutropenia cannot be decided",
         all_(Ref("fever"), Missing("anc"), unknown(Ref("fn")))),
    Rule("fn_answer_48h", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-OUT"),
         "Fever, the ANC not below {FN_ANC_BELOW} and the {FN_FALL_WITHIN_HOURS}-hour question "
         "unanswered: the answer decides FN", Ref("ask_48h"), _anc_only),
    Rule("fn_borderline_reassess", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-OUT", "NICE-CG151"),
         "Fever with ANC {FN_ANC_BELOW} to below {FN_REASSESS_BELOW}, no fall expected: not FN "
         "by IDSA/ASCO; reassess", all_(
             Ref("fever"), Cmp("anc", "≥", "FN_ANC_BELOW"), Cmp("anc", "<", "FN_REASSESS_BELOW"),
             Is("fall_48h", (False,))), _anc_only),
    Rule("remeasure_temperature", U.URGENT, ("IDSA-2010", "ESMO-2016"),
         "A single temperature from {BORDERLINE_TEMP_FROM} to below {FEVER_SINGLE_FROM} °C with "
         "the ANC below {BORDERLINE_ANC_BELOW} (or not measured, on chemotherapy): re-measure",
         Ref("remeasure"), _temperature),
    Rule("hypothermia_check", U.URGENT, ("IDSA-2010", "ASCO-IDSA-2018-PROPH"),
         "Temperature below {HYPOTHERMIA_BELOW} °C with ANC below {HYPOTHERMIA_ANC_BELOW}: look "
         "for sepsis", Ref("hypothermia"), _temperature),
    Rule("gcsf_consider", U.URGENT, ("SEED", "ASCO-CSF-2015"),
         "Established FN with at least one high-risk feature: consider G-CSF",
         Ref("consider_gcsf"), _features),
    Rule("gcsf_not_routine", U.ROUTINE, ("ASCO-CSF-2015",),
         "FN with no high-risk feature: no routine G-CSF",
         all_(Ref("fn"), Not(Ref("any_high_risk")))),
    # One "24-hour rule": after the last and before the next chemotherapy (RULES §10).
    Rule("gcsf_timing", U.INFO, ("NEUPOGEN-PI",),
         "Filgrastim around chemotherapy: the {GCSF_AFTER_CHEMO_HOURS}-hour rule",
         all_(Ref("consider_gcsf"), ON_CHEMO)),
)
