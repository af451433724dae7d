"""RULES §11 (2026.2): the MASCC index, CISNE with its gate, and the disposition of
febrile neutropenia (inpatient or outpatient candidate), with the pearls.

Each score item is a named definition (its points in :data:`MASCC` and :data:`CISNE`), so
"Why?" shows every item and what decided it, and the mutation study reaches them. An
unanswered item is unknown, never "no" (RULES §2a).
"""

from __future__ import annotations

from leukodesk.core import content
from leukodesk.core.content import Urgency as U
from leukodesk.core.rules import thresholds as r
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import (
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
    every_,
    not_yes,
)
from leukodesk.core.rules.scores import Item, Levels, Range, Score, ScoreCmp
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.words import needs_words

SOLID = Is("tumour", ("solid",))
HAEM = Is("tumour", ("haematological",))
STABLE = Flag("clinically_stable")
MILD_CHEMO = Is("chemo_intensity", ("mild_to_moderate",))
# The CISNE gate, item by item: (output code, the input that answers it, its condition).
GATE = (("solid_tumour", "diagnosis", SOLID),
        ("clinically_stable", "fn_risk.clinically_stable", STABLE),
        ("mild_to_moderate_chemo", "fn_risk.chemo_intensity", MILD_CHEMO))
# SBP decides when given; without it, the hypotension answer (RULES §11). Each branch is
# guarded by whether the SBP was given, so a missing SBP never leaves its branch unknown.
SBP_GIVEN = Not(Missing("systolic_bp"))
LOW_SBP = any_(all_(SBP_GIVEN, Cmp("systolic_bp", "≤", "MASCC_SBP_ABOVE")),
               all_(Missing("systolic_bp"), Flag("hypotension")))
# A two-valued box of §6 counts as assessed only once the patient is declared clinically
# stable; a ticked box always counts.
ASSESSED_ONLY_IF_STABLE = Maybe(not_yes(STABLE))

D = Definition
DEFINITIONS = (
    D("mascc_no_hypotension", "No hypotension (systolic BP above {MASCC_SBP_ABOVE} mmHg)",
      any_(all_(SBP_GIVEN, Cmp("systolic_bp", ">", "MASCC_SBP_ABOVE")),
           all_(Missing("systolic_bp"), Not(Flag("hypotension"))))),
    D("mascc_no_copd", "No COPD", Not(Flag("copd"))),
    D("mascc_tumour", "Solid tumour, or haematological malignancy with no previous fungal "
                      "infection",
      any_(SOLID, all_(HAEM, Not(Flag("previous_fungal_infection"))))),
    D("mascc_no_dehydration", "No dehydration needing IV fluids",
      Not(Flag("iv_fluids_for_dehydration"))),
    D("mascc_outpatient", "Outpatient at fever onset", Flag("outpatient_at_onset")),
    D("mascc_age", "Age under {MASCC_AGE_BELOW}", Cmp("age", "<", "MASCC_AGE_BELOW")),
    D("mascc_under_18", "Under {MASCC_ADULT_FROM} (MASCC is validated in adults)",
      Cmp("age", "<", "MASCC_ADULT_FROM")),
    D("cisne_ecog", "ECOG performance status {CISNE_ECOG_FROM} or more",
      Cmp("ecog", "≥", "CISNE_ECOG_FROM")),
    D("cisne_hyperglycaemia", "Stress hyperglycaemia", Flag("stress_hyperglycaemia")),
    D("cisne_copd", "COPD", Flag("copd")),
    D("cisne_cardiovascular", "Chronic cardiovascular disease",
      Flag("chronic_cardiovascular_disease")),
    D("cisne_mucositis", "Mucositis grade {CISNE_MUCOSITIS_FROM} or more",
      Cmp("mucositis_grade", "≥", "CISNE_MUCOSITIS_FROM")),
    D("cisne_monocytes", "Monocytes below {CISNE_MONOCYTES_BELOW}",
      Cmp("amc", "<", "CISNE_MONOCYTES_BELOW")),
    # CISNE applies to a clinically stable solid tumour after mild-to-moderate chemotherapy.
    D("cisne_applicable", "CISNE applies (solid tumour, clinically stable, mild-to-moderate "
                          "chemotherapy)", all_(*(node for _, _, node in GATE))),
)

MASCC = Score("mascc", "MASCC score", (
    Levels("mascc_burden", "burden",
           (("none_or_mild", 5), ("moderate", 3), ("severe", 0))),
    Item("mascc_no_hypotension", 5), Item("mascc_no_copd", 4), Item("mascc_tumour", 4),
    Item("mascc_no_dehydration", 3), Item("mascc_outpatient", 3), Item("mascc_age", 2)),
    ("MASCC-2000", "MASCC-SOC"))
CISNE = Score("cisne", "CISNE score", (
    Item("cisne_ecog", 2), Item("cisne_hyperglycaemia", 2), Item("cisne_copd", 1),
    Item("cisne_cardiovascular", 1), Item("cisne_mucositis", 1), Item("cisne_monocytes", 1)),
    ("CISNE-2015",))

# The clinical high-risk criteria for outpatient care (IDSA), each named when present.
CRITERIA = ("out_anc_le_0_1", "out_duration_gt_7_days", "out_infection", "out_low_sbp",
            "out_uncontrolled_disease", "out_not_stable")

DEFINITIONS += (
    D("mascc_low", "MASCC low risk ({MASCC_LOW_FROM} or more)",
      all_(not_yes(Ref("mascc_under_18")), ScoreCmp(MASCC, "≥", "MASCC_LOW_FROM"))),
    D("mascc_high", "MASCC high risk ({MASCC_HIGH_AT_MOST} or less)",
      all_(not_yes(Ref("mascc_under_18")), ScoreCmp(MASCC, "≤", "MASCC_HIGH_AT_MOST"))),
    # CISNE's class, settled only when the whole range lies in one class.
    D("cisne_class_low", "CISNE low ({CISNE_LOW_AT_MOST})",
      ScoreCmp(CISNE, "≤", "CISNE_LOW_AT_MOST")),
    D("cisne_class_intermediate", "CISNE intermediate (above {CISNE_LOW_AT_MOST} to "
                                  "{CISNE_INTERMEDIATE_AT_MOST})",
      all_(ScoreCmp(CISNE, ">", "CISNE_LOW_AT_MOST"),
           ScoreCmp(CISNE, "≤", "CISNE_INTERMEDIATE_AT_MOST"))),
    D("cisne_class_high", "CISNE high ({CISNE_HIGH_FROM} or more)",
      ScoreCmp(CISNE, "≥", "CISNE_HIGH_FROM")),
    D("cisne_high", "CISNE high risk, CISNE applying",
      all_(Ref("cisne_applicable"), Ref("cisne_class_high"))),
    D("out_anc_le_0_1", "ANC {OUTPATIENT_ANC_AT_MOST} or less",
      Cmp("anc", "≤", "OUTPATIENT_ANC_AT_MOST")),
    D("out_duration_gt_7_days", "Expected neutropenia over {OUTPATIENT_DURATION_ABOVE_DAYS} days",
      Cmp("expected_neutropenia_days", ">", "OUTPATIENT_DURATION_ABOVE_DAYS")),
    D("out_infection", "Signs of systemic infection",
      any_(Flag("systemic_infection_signs"), ASSESSED_ONLY_IF_STABLE)),
    D("out_low_sbp", "Systolic BP {MASCC_SBP_ABOVE} mmHg or less (or hypotension)", LOW_SBP),
    D("out_uncontrolled_disease", "Uncontrolled primary disease",
      any_(Flag("uncontrolled_primary_disease"), ASSESSED_ONLY_IF_STABLE)),
    D("out_not_stable", "Not clinically stable", Not(STABLE)),
    D("out_high_risk", "High risk for outpatient care (IDSA)",
      every_(*(Ref(c) for c in CRITERIA))),
    # The inpatient reasons are all looked at, so "Why?" names each one that holds.
    D("inpatient_candidate", "Candidate for inpatient management", all_(
        Ref("fn"), every_(Ref("mascc_high"), Ref("cisne_high"), Ref("out_high_risk")))),
    # For a solid tumour after mild-to-moderate chemotherapy, an applicable CISNE of at most
    # 2 is needed too; with the tumour type unknown this is unknown.
    D("cisne_allows", "CISNE allows outpatient care (or does not apply)", any_(
        Not(all_(SOLID, MILD_CHEMO)),
        all_(Ref("cisne_applicable"), ScoreCmp(CISNE, "≤", "CISNE_INTERMEDIATE_AT_MOST")))),
    D("outpatient_candidate", "Candidate for outpatient management", all_(
        Ref("fn"), Ref("mascc_low"), Not(Ref("out_high_risk")), STABLE,
        Ref("cisne_allows"))),
    D("disposition_undecided", "Febrile neutropenia, where to treat not decided", all_(
        Ref("fn"), not_yes(Ref("inpatient_candidate")), not_yes(Ref("outpatient_candidate")))),
)


# The input that answers each item or criterion, when it is unknown ("not assessed").
ITEM_INPUTS = {
    "mascc_burden": "fn_risk.burden", "mascc_no_hypotension": "fn_risk.systolic_bp_mmhg",
    "mascc_no_copd": "fn_risk.copd", "mascc_no_dehydration": "fn_risk.iv_fluids_for_dehydration",
    "mascc_outpatient": "fn_risk.outpatient_at_onset", "mascc_age": "age_years",
    "cisne_ecog": "fn_risk.ecog", "cisne_hyperglycaemia": "fn_risk.stress_hyperglycaemia",
    "cisne_copd": "fn_risk.copd", "cisne_cardiovascular": "fn_risk.chronic_cardiovascular_disease",
    "cisne_mucositis": "fn_risk.mucositis_grade", "cisne_monocytes": "monocytes",
    "out_anc_le_0_1": "anc", "out_duration_gt_7_days": "expected_neutropenia_days",
    "out_infection": "fn_risk.clinically_stable", "out_low_sbp": "fn_risk.systolic_bp_mmhg",
    "out_uncontrolled_disease": "fn_risk.clinically_stable",
    "out_not_stable": "fn_risk.clinically_stable",
}


def _item_needs(name: str, facts: Facts) -> str:
    if name == "mascc_tumour":
        return "diagnosis" if facts.values["tumour"] is None \
            else "fn_risk.previous_fungal_infection"
    return ITEM_INPUTS[name]


def _add(needs: list[str], keys: list[str]) -> list[str]:
    """``needs`` then each of ``keys`` not yet in it, once."""
    return list(dict.fromkeys([*needs, *keys]))


def mascc_needs(f: Findings, facts: Facts) -> list[str]:
    """The inputs whose answers could settle the MASCC risk."""
    return _add([], [_item_needs(s.name, facts) for s in MASCC.range(facts).items
                     if s.points is None])


def gate_needs(f: Findings, facts: Facts) -> list[str]:
    """The CISNE gate items not answered."""
    return [key for _, key, node in GATE if node.test(facts, None, 0) is None]


def gate_failing(facts: Facts) -> list[str]:
    """The CISNE gate items that fail, by output code."""
    return [code for code, _, node in GATE if node.test(facts, None, 0) is False]


def cisne_item_needs(f: Findings, facts: Facts) -> list[str]:
    """The CISNE items not answered."""
    return _add([], [_item_needs(s.name, facts) for s in CISNE.range(facts).items
                     if s.points is None])


def cisne_needs(f: Findings, facts: Facts) -> list[str]:
    return _add(gate_needs(f, facts), cisne_item_needs(f, facts))


def disposition_needs(f: Findings, facts: Facts) -> list[str]:
    """What would let the disposition be decided: the MASCC items while its risk is open,
    the criteria not known absent, clinical stability, and CISNE where it must count."""
    needs: list[str] = []
    if facts.of("mascc_under_18") is True:   # no answer makes an outpatient candidate
        needs = ["fn_risk.decision_under_18"]
    elif facts.of("mascc_low") is None:
        needs = mascc_needs(f, facts)
    needs = _add(needs, [ITEM_INPUTS[c] for c in CRITERIA if facts.of(c) is None])
    if facts.values["clinically_stable"] is None:
        needs = _add(needs, ["fn_risk.clinically_stable"])
    if facts.of("cisne_allows") is None:
        needs = _add(needs, cisne_needs(f, facts))
    return needs


def _score_words(name: str, rng: Range) -> str:
    return f"{name} {rng.low}" if rng.low == rng.high else f"{name} {rng.low} to {rng.high}"


def disposition_words(f: Findings, facts: Facts) -> dict[str, str]:
    """The reasons for inpatient care, the scores, and what is still unanswered."""
    mascc, cisne = MASCC.range(facts), CISNE.range(facts)
    labels = criteria_labels()
    reasons = []
    if facts.of("mascc_high") is True:
        reasons.append(f"{_score_words('MASCC', mascc)}: high risk, "
                       f"{r.MASCC_HIGH_AT_MOST.text} or less")
    if facts.of("cisne_high") is True:
        reasons.append(f"{_score_words('CISNE', cisne)}: high risk, "
                       f"{r.CISNE_HIGH_FROM.text} or more")
    reasons += [labels[c] for c in CRITERIA if facts.of(c) is True]
    scores = [f"MASCC not computed under {r.MASCC_ADULT_FROM.text} years"
              if facts.of("mascc_under_18") is True else _score_words("MASCC", mascc)]
    if facts.of("cisne_applicable") is True:
        scores.append(_score_words("CISNE", cisne))
    asked = needs_words()
    missing = [asked[key] for key in disposition_needs(f, facts)]
    return {"reasons": "; ".join(reasons), "scores": ", ".join(scores),
            "missing": "; ".join(missing)}


def disposition(facts: Facts) -> str | None:
    """Where to treat (RULES §11): the output ``fn_risk.disposition``, which the FN
    antibiotics line follows too."""
    return next((name for name in ("inpatient_candidate", "outpatient_candidate")
                 if facts.of(name) is True), None)


def _in_sentence(label: str) -> str:
    """A label inside a sentence: "Not clinically stable" → "not clinically stable",
    "ANC ..." stays."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


@content.loaded_once
def criteria_labels() -> dict[str, str]:
    """Each clinical high-risk criterion in words, its thresholds from rules.py."""
    return {d.name: _in_sentence(content.with_thresholds(d.label))
            for d in DEFINITIONS if d.name in CRITERIA}




RULES = (
    Rule("fn_inpatient", U.URGENT, ("ASCO-IDSA-2018-FIG2", "IDSA-2010", "MASCC-2000",
                                    "CISNE-2015"),
         "Febrile neutropenia at high risk: a candidate for inpatient management",
         Ref("inpatient_candidate"), disposition_words),
    Rule("fn_outpatient_candidate", U.URGENT, ("ASCO-IDSA-2018-FIG2", "ASCO-IDSA-2018-OUT",
                                               "MASCC-2000", "CISNE-2015"),
         "Febrile neutropenia at low risk: a candidate for outpatient management after "
         "clinical judgement", Ref("outpatient_candidate"), disposition_words),
    Rule("fn_disposition_open", U.URGENT, ("ASCO-IDSA-2018-FIG2", "MASCC-2000"),
         "Febrile neutropenia: inpatient or outpatient is not decided yet",
         Ref("disposition_undecided"), disposition_words),
)
