"""RULES §9: disease-specific and special advice [SEED unless noted]."""

from __future__ import annotations

from leukodesk.core.content import Urgency as U
from leukodesk.core.formats.display import plain_beside
from leukodesk.core.rules import thresholds as r
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import Cmp, Facts, Flag, Is, Missing, Ref, all_, any_
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.words import days_words

ACUTE_LEUKAEMIAS = ("aml", "all", "apl")


def _wbc(f: Findings, facts: Facts) -> dict[str, str]:
    return {"wbc": plain_beside(f.wbc, (r.HYPERLEUKOCYTOSIS_ABOVE.value,))}


def _reasons(f: Findings, facts: Facts) -> dict[str, str]:
    said = [w for w, name in (("fever with severe neutropenia", "fever_with_severe_neutropenia"),
                              ("signs of systemic infection", "systemic_infection"))
            if facts.of(name) is True]
    return {"reasons": " and ".join(said)}


def _duration(f: Findings, facts: Facts) -> dict[str, str]:
    return {"duration": days_words(f)}


RULES = (
    Rule("hyperleukocytosis", U.EMERGENCY, ("SEED", "HYPERLEUK"),
         "Hyperleukocytosis: WBC above {HYPERLEUKOCYTOSIS_ABOVE} ×10⁹/L",
         Ref("hyperleukocytosis"), _wbc),
    Rule("escalate_now", U.EMERGENCY, ("SEED",),
         "Escalate now: fever with severe neutropenia, or signs of infection",
         Ref("escalate"), _reasons),
    Rule("apl_no_leukapheresis", U.URGENT, ("HYPERLEUK", "SEED"),
         "APL: leukapheresis is contraindicated", Is("diagnosis", ("apl",))),
    Rule("avoid_invasive", U.ROUTINE, ("SEED", "IDSA-2010"),
         "Severe neutropenia (ANC below {AVOID_INVASIVE_ANC_BELOW}): avoid invasive procedures",
         Cmp("anc", "<", "AVOID_INVASIVE_ANC_BELOW")),
    Rule("acute_leukaemia_prophylaxis", U.ROUTINE, ("ASCO-IDSA-2018-PROPH", "IDSA-2010", "SEED"),
         "Acute leukaemia with long profound neutropenia: antimicrobial prophylaxis", all_(
             Is("diagnosis", ACUTE_LEUKAEMIAS),
             any_(Missing("expected_neutropenia_days"),
                  Cmp("expected_neutropenia_days", ">", "PROPHYLAXIS_DAYS_ABOVE"))), _duration),
    Rule("mds_lower_risk", U.ROUTINE, ("SEED",),
         "Lower-risk MDS: observation may be reasonable", Is("diagnosis", ("mds_lower_risk",))),
    Rule("mds_higher_risk", U.ROUTINE, ("SEED",),
         "Higher-risk MDS: hypomethylating agent, transplant if eligible",
         Is("diagnosis", ("mds_higher_risk",))),
    Rule("cmml", U.ROUTINE, ("SEED",),
         "CMML with fewer than {CMML_BLASTS_BELOW_PCT} % blasts: supportive care",
         Is("diagnosis", ("cmml",))),
    Rule("cmml_myeloproliferative", U.ROUTINE, ("SEED",),
         "Myeloproliferative CMML: hydroxyurea", Is("diagnosis", ("cmml_myeloproliferative",))),
    Rule("anthracycline_azoles", U.ROUTINE, ("SEED",),
         "Anthracycline chemotherapy: avoid azole antifungals", Flag("anthracycline_chemo")),
)
