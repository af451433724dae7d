"""RULES §8: platelet transfusion [SEED][AABB-PLT-2015][PLT-PROC], and red cells for context.

| platelets ×10⁹/L | category                        | transfuse now when               |
| ≤ 10             | indicated                       | always (prophylactic)            |
| > 10 and ≤ 20    | indicated_if_fever_or_infection | fever or signs of infection      |
| > 20 and < LLN   | only_for_bleeding               | clinically relevant bleeding     |
| ≥ LLN            | not_indicated                   | —                                |
Bleeding also counts in the two lowest bands, and a planned procedure raises the
threshold to its own, so a higher count never gives a more urgent answer.
"""

from __future__ import annotations

from leukodesk.core.content import Urgency as U
from leukodesk.core.formats.display import plain, plain_beside
from leukodesk.core.rules import thresholds as r
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import (
    Cmp,
    Definition,
    Facts,
    Flag,
    Is,
    Not,
    Ref,
    all_,
    any_,
    not_yes,
)
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.words import PROCEDURE_WORDS, platelet_words

LOW, MID = "PLT_PROPHYLACTIC_AT_MOST", "PLT_FEVER_INFECTION_AT_MOST"
IN_MIDDLE_BAND = (Cmp("platelets", ">", LOW), Cmp("platelets", "≤", MID))
PROCEDURE = Not(Is("planned_procedure", ("none",)))

D = Definition
# Why to transfuse now, one definition per reason.
DEFINITIONS = (
    D("plt_prophylactic", "Platelets at or below {PLT_PROPHYLACTIC_AT_MOST}: prophylactic",
      Cmp("platelets", "≤", LOW)),
    D("plt_fever", "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most "
               "{PLT_FEVER_INFECTION_AT_MOST} with fever", all_(*IN_MIDDLE_BAND, Ref("fever"))),
    D("plt_infection", "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most "
                   "{PLT_FEVER_INFECTION_AT_MOST} with signs of infection",
      all_(*IN_MIDDLE_BAND, Flag("systemic_infection_signs"))),
    D("plt_bleeding", "Platelets below the LLN (or at most {PLT_FEVER_INFECTION_AT_MOST}) with "
                  "clinically relevant bleeding",
      all_(any_(Cmp("platelets", "≤", MID), Cmp("platelets", "<", "lln_platelets")),
           Flag("active_bleeding"))),
    D("plt_procedure", "Platelets below the planned procedure's threshold",
      all_(PROCEDURE, Cmp("platelets", "<", "procedure_threshold"))),
    D("plt_transfuse_now", "Transfuse platelets now", any_(
        Ref("plt_prophylactic"), Ref("plt_fever"), Ref("plt_infection"), Ref("plt_bleeding"),
        Ref("plt_procedure"))),
)
# The output's `reasons`, in this order: the definition of each is "plt_" + reason.
REASONS = ("prophylactic", "fever", "infection", "bleeding", "procedure")


def _plt(f: Findings, facts: Facts) -> dict[str, str]:
    return {"plt": platelet_words(f)}


def _trigger(f: Findings, facts: Facts) -> dict[str, str]:
    said = [w for w, reason in (("fever", "plt_fever"), ("signs of infection", "plt_infection"))
            if facts.of(reason) is True]
    return {"plt": platelet_words(f), "trigger": " and ".join(said)}


def _procedure(f: Findings, facts: Facts) -> dict[str, str]:
    key = f.inputs.planned_procedure.value
    return {"plt": platelet_words(f), "threshold": plain(r.PLT_PROCEDURE_BELOW[key].value),
            "procedure": PROCEDURE_WORDS[key]}


def _hb(f: Findings, facts: Facts) -> dict[str, str]:
    assert f.hemoglobin is not None
    return {"hb": plain_beside(f.hemoglobin, (r.RBC_CONTEXT_BELOW.value,
                                              r.RBC_RESTRICTIVE.value))}


RULES = (
    Rule("plt_bleeding", U.EMERGENCY, ("SEED", "AABB-PLT-2015"),
         "Platelets below the LLN with clinically relevant bleeding",
         Ref("plt_bleeding"), _plt),
    Rule("plt_transfuse_prophylactic", U.URGENT, ("AABB-PLT-2015", "SEED"),
         "Platelets at or below {PLT_PROPHYLACTIC_AT_MOST} ×10⁹/L: prophylactic transfusion",
         Ref("plt_prophylactic"), _plt),
    Rule("plt_transfuse_fever_infection", U.URGENT, ("SEED", "AABB-PLT-2015"),
         "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most {PLT_FEVER_INFECTION_AT_MOST} "
         "×10⁹/L with fever or infection: transfuse",
         any_(Ref("plt_fever"), Ref("plt_infection")), _trigger),
    Rule("plt_procedure", U.URGENT, ("AABB-PLT-2015", "PLT-PROC"),
         "Platelet threshold of a planned procedure: not reached",
         Ref("plt_procedure"), _procedure),
    Rule("plt_if_fever_infection", U.ROUTINE, ("SEED",),
         "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most {PLT_FEVER_INFECTION_AT_MOST} "
         "×10⁹/L: transfuse if fever or infection appears",
         all_(*IN_MIDDLE_BAND, not_yes(any_(Ref("plt_fever"), Ref("plt_infection"))),
              not_yes(Ref("plt_bleeding"))), _plt),
    Rule("plt_bleeding_only", U.ROUTINE, ("SEED", "AABB-PLT-2015"),
         "Platelets above {PLT_FEVER_INFECTION_AT_MOST} ×10⁹/L and below the LLN: "
         "transfuse only for bleeding",
         all_(Cmp("platelets", ">", MID), Cmp("platelets", "<", "lln_platelets"),
              Not(Flag("active_bleeding"))), _plt),
    Rule("apl_platelet_threshold", U.ROUTINE, ("ASCO-PLT-2017",),
         "APL (or DIC): a higher platelet threshold", Is("diagnosis", ("apl",))),
    Rule("rbc_context", U.INFO, ("AABB-RBC-2016",),
         "Red cells, for context: restrictive transfusion threshold",
         Cmp("hemoglobin", "<", "RBC_CONTEXT_BELOW"), _hb),
    Rule("plt_procedure_ok", U.INFO, ("AABB-PLT-2015", "PLT-PROC"),
         "Platelet threshold of a planned procedure: reached",
         all_(PROCEDURE, Cmp("platelets", "≥", "procedure_threshold")), _procedure),
)
