"""RULES §8 (2026.2): platelet transfusion [SEED][AABB-PLT-2015][NICE-NG24][ELN-APL-2019],
and red cells for context.

| platelets ×10⁹/L | category                        | transfuse now when               |
| ≤ 10             | indicated                       | always (prophylactic)            |
| > 10 and ≤ 20    | indicated_if_fever_or_infection | fever or signs of infection      |
| > 20 and < LLN   | only_for_bleeding               | bleeding, by the NICE thresholds |
| ≥ LLN            | not_indicated                   | —                                |
Bleeding [NICE-NG24]: clinically significant → below 30; severe or at a critical site →
below 100. APL: below 30, or below 50 with any bleeding. Chronic marrow failure (MDS or
CMML off myelosuppressive chemotherapy): no routine prophylactic transfusion (the first
two rows); bleeding and procedures still count.
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
    Missing,
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
SIGNIFICANT = Is("bleeding", ("clinically_significant",))
SEVERE = Is("bleeding", ("severe_or_critical_site",))
BLEEDING = Not(Is("bleeding", ("none",)))
APL = Is("diagnosis", ("apl",))

D = Definition
# Why to transfuse now, one definition per reason ("plt_" + the output's reason).
DEFINITIONS = (
    D("chronic_marrow_failure", "Chronic bone-marrow failure (MDS or CMML, not on "
                                "myelosuppressive chemotherapy)",
      all_(Is("diagnosis", ("mds_lower_risk", "mds_higher_risk", "cmml",
                            "cmml_myeloproliferative")), Not(Flag("myelosuppressive_chemo")))),
    # The category "not_routine_chronic" of the output, and its advice.
    D("plt_not_routine_chronic", "Chronic bone-marrow failure with platelets at or below "
                                 "{PLT_FEVER_INFECTION_AT_MOST}",
      all_(Ref("chronic_marrow_failure"), Cmp("platelets", "≤", MID))),
    D("plt_prophylactic", "Platelets at or below {PLT_PROPHYLACTIC_AT_MOST}: prophylactic",
      all_(Cmp("platelets", "≤", LOW), Not(Ref("chronic_marrow_failure")))),
    D("plt_fever", "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most "
                   "{PLT_FEVER_INFECTION_AT_MOST} with fever",
      all_(*IN_MIDDLE_BAND, Not(Ref("chronic_marrow_failure")), Ref("fever"))),
    D("plt_infection", "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most "
                       "{PLT_FEVER_INFECTION_AT_MOST} with signs of infection",
      all_(*IN_MIDDLE_BAND, Not(Ref("chronic_marrow_failure")),
           Flag("systemic_infection_signs"))),
    D("plt_bleeding", "Bleeding with platelets below the NICE threshold for it", any_(
        all_(SIGNIFICANT, Cmp("platelets", "<", "PLT_BLEEDING_SIGNIFICANT_BELOW")),
        all_(SEVERE, Cmp("platelets", "<", "PLT_BLEEDING_SEVERE_BELOW")))),
    D("plt_procedure", "Platelets below the planned procedure's threshold",
      all_(PROCEDURE, Cmp("platelets", "<", "procedure_threshold"))),
    D("plt_apl", "APL: platelets below {APL_PLT_BELOW}, or below {APL_PLT_BLEEDING_BELOW} with "
                 "bleeding", all_(APL, any_(
                     Cmp("platelets", "<", "APL_PLT_BELOW"),
                     all_(BLEEDING, Cmp("platelets", "<", "APL_PLT_BLEEDING_BELOW"))))),
    D("plt_transfuse_now", "Transfuse platelets now", any_(
        Ref("plt_prophylactic"), Ref("plt_fever"), Ref("plt_infection"), Ref("plt_bleeding"),
        Ref("plt_procedure"), Ref("plt_apl"))),
)
REASONS = ("prophylactic", "fever", "infection", "bleeding", "procedure", "apl")


def _plt(f: Findings, facts: Facts) -> dict[str, str]:
    return {"plt": platelet_words(f)}


def _trigger(f: Findings, facts: Facts) -> dict[str, str]:
    said = [w for w, reason in (("fever", "plt_fever"), ("signs of infection", "plt_infection"))
            if facts.of(reason) is True]
    return {"plt": platelet_words(f), "trigger": " and ".join(said)}


def _procedure(f: Findings, facts: Facts) -> dict[str, str]:
    key, limit = f.inputs.planned_procedure.value, f.procedure_limit
    assert limit is not None   # a procedure is planned
    # A site's threshold (RULES §16) names its source in its unit: "(this site's ...: ...)"
    site = limit.unit[len(r.COUNT):]
    return {"plt": platelet_words(f), "threshold": plain(limit.value),
            "procedure": PROCEDURE_WORDS[key] + site}


def _bleeding(f: Findings, facts: Facts) -> dict[str, str]:
    severe = f.inputs.bleeding.value == "severe_or_critical_site"
    limit = r.PLT_BLEEDING_SEVERE_BELOW if severe else r.PLT_BLEEDING_SIGNIFICANT_BELOW
    why = [words for words, reason in (
        (f"below {limit.text} for this bleeding", "plt_bleeding"),
        (f"below the APL threshold of {r.APL_PLT_BLEEDING_BELOW.text} with bleeding", "plt_apl"),
        ("below the planned procedure's threshold", "plt_procedure"),
        ("prophylactic band", "plt_prophylactic"),
        ("with fever or infection", "plt_fever")) if facts.of(reason) is True]
    return {"plt": platelet_words(f), "why": "; ".join(why),
            "kind": "severe or critical-site" if severe else "clinically significant"}


def _hb(f: Findings, facts: Facts) -> dict[str, str]:
    assert f.hemoglobin is not None
    return {"hb": plain_beside(f.hemoglobin, (r.RBC_CONTEXT_BELOW.value,
                                              r.RBC_RESTRICTIVE.value))}


RULES = (
    # Bleeding is an EMERGENCY whatever the count; the count decides only the platelets,
    # and one line says so: transfuse (for the bleeding, APL or a procedure), or not.
    Rule("plt_bleeding", U.EMERGENCY, ("NICE-NG24", "SEED"),
         "Bleeding with platelets to transfuse now",
         all_(BLEEDING, Ref("plt_transfuse_now")), _bleeding),
    Rule("plt_bleeding_not_count", U.EMERGENCY, ("NICE-NG24",),
         "Bleeding with platelets at or above {PLT_BLEEDING_SEVERE_BELOW}: the count does not "
         "explain it", all_(BLEEDING, Cmp("platelets", "≥", "PLT_BLEEDING_SEVERE_BELOW"),
                            not_yes(Ref("plt_transfuse_now"))), _plt),
    Rule("plt_bleeding_watch", U.EMERGENCY, ("NICE-NG24",),
         "Clinically significant bleeding with platelets {PLT_BLEEDING_SIGNIFICANT_BELOW} to "
         "below {PLT_BLEEDING_SEVERE_BELOW}: not for the count", all_(
             SIGNIFICANT, Cmp("platelets", "≥", "PLT_BLEEDING_SIGNIFICANT_BELOW"),
             Cmp("platelets", "<", "PLT_BLEEDING_SEVERE_BELOW"),
             not_yes(Ref("plt_transfuse_now"))), _plt),
    Rule("bleeding_no_count", U.EMERGENCY, ("NICE-NG24", "SEED"),
         "Bleeding with no platelet count", all_(BLEEDING, Missing("platelets"))),
    Rule("apl_platelets", U.URGENT, ("ELN-APL-2019", "APL-CA-2014"),
         "APL: transfuse platelets below {APL_PLT_BELOW} ×10⁹/L, or below "
         "{APL_PLT_BLEEDING_BELOW} with bleeding", Ref("plt_apl"), _plt),
    Rule("plt_transfuse_prophylactic", U.URGENT, ("AABB-PLT-2015", "SEED"),
         "Platelets at or below {PLT_PROPHYLACTIC_AT_MOST} ×10⁹/L: prophylactic transfusion",
         Ref("plt_prophylactic"), _plt),
    Rule("plt_transfuse_fever_infection", U.URGENT, ("SEED", "AABB-PLT-2015"),
         "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most {PLT_FEVER_INFECTION_AT_MOST} "
         "×10⁹/L with fever or infection: transfuse",
         any_(Ref("plt_fever"), Ref("plt_infection")), _trigger),
    Rule("plt_chronic_not_routine", U.URGENT, ("NICE-NG24",),
         "Chronic bone-marrow failure with platelets at or below {PLT_FEVER_INFECTION_AT_MOST}: "
         "prophylactic transfusion is not routine",
         Ref("plt_not_routine_chronic"), _plt),
    Rule("plt_procedure", U.URGENT, ("AABB-PLT-2015", "PLT-PROC"),
         "Platelet threshold of a planned procedure: not reached",
         Ref("plt_procedure"), _procedure),
    Rule("plt_if_fever_infection", U.ROUTINE, ("SEED",),
         "Platelets above {PLT_PROPHYLACTIC_AT_MOST} and at most {PLT_FEVER_INFECTION_AT_MOST} "
         "×10⁹/L: transfuse if fever or infection appears",
         all_(*IN_MIDDLE_BAND, Not(Ref("chronic_marrow_failure")),
              not_yes(any_(Ref("plt_fever"), Ref("plt_infection"))), Not(BLEEDING),
              not_yes(Ref("plt_apl"))), _plt),
    Rule("plt_bleeding_only", U.ROUTINE, ("NICE-NG24", "SEED"),
         "Platelets above {PLT_FEVER_INFECTION_AT_MOST} ×10⁹/L and below the LLN: transfuse "
         "only for bleeding",
         all_(Cmp("platelets", ">", MID), Cmp("platelets", "<", "lln_platelets"),
              Not(BLEEDING), not_yes(Ref("plt_apl"))), _plt),
    Rule("rbc_context", U.INFO, ("AABB-RBC-2016",),
         "Red cells, for context: restrictive transfusion threshold",
         Cmp("hemoglobin", "<", "RBC_CONTEXT_BELOW"), _hb),
    Rule("plt_procedure_ok", U.INFO, ("AABB-PLT-2015", "PLT-PROC"),
         "Platelet threshold of a planned procedure: reached",
         all_(PROCEDURE, Cmp("platelets", "≥", "procedure_threshold")), _procedure),
)
