"""RULES §9 and §9a (2026.2): disease-specific and special advice [SEED unless noted],
bi- and pancytopenia, lymphopenia."""

from __future__ import annotations

from leukodesk.core.content import Urgency as U
from leukodesk.core.formats.display import plain_beside
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
    unknown,
)
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.s13_trend import falling_words
from leukodesk.core.rules.table.words import days_words

ACUTE_LEUKAEMIAS = ("aml", "all", "apl")
GRADE_3 = "CTCAE_SEVERE_GRADE"
WBC_LOW, HB_LOW, PLT_LOW = (Cmp("wbc", "<", "lln_wbc"), Cmp("hemoglobin", "<", "lln_hemoglobin"),
                            Cmp("platelets", "<", "lln_platelets"))

D = Definition
DEFINITIONS = (
    # A cytopenia is not "modest" when any count is CTCAE grade 3 or worse.
    D("not_modest", "A count at CTCAE grade {CTCAE_SEVERE_GRADE} or worse", any_(
        Cmp("grade_wbc", "≥", GRADE_3), Cmp("grade_neutrophils", "≥", GRADE_3),
        Cmp("grade_platelets", "≥", GRADE_3), Cmp("grade_anemia", "≥", GRADE_3))),
    # Two or three lines below their LLN (at least two known low).
    D("bi_or_pancytopenia", "Two or three cell lines below their LLN", any_(
        all_(WBC_LOW, HB_LOW), all_(WBC_LOW, PLT_LOW), all_(HB_LOW, PLT_LOW))),
    D("lymphopenia", "Lymphocytes below {LYMPHOPENIA_ALC_BELOW} (CTCAE grade 3 or 4)",
      Cmp("alc", "<", "LYMPHOPENIA_ALC_BELOW")),
)


def _wbc(f: Findings, facts: Facts) -> dict[str, str]:
    return {"wbc": plain_beside(f.wbc, (r.HYPERLEUKOCYTOSIS_ABOVE.value,))}


def _reasons(f: Findings, facts: Facts) -> dict[str, str]:
    said = [w for w, name in (("fever with severe neutropenia", "fever_with_severe_neutropenia"),
                              ("signs of systemic infection", "systemic_infection"),
                              ("neutropenic sepsis by NICE's definition", "nice_sepsis"),
                              ("suspected neutropenic sepsis", "suspected_sepsis"))
            if facts.of(name) is True]
    if facts.of("anc_falling") is True:
        said.append(falling_words(f))
    if len(said) > 1 and said[0] == "fever with severe neutropenia":
        said = [s for s in said if "sepsis" not in s]  # FN already says it
    fn = facts.of("fn") is True or facts.of("immediate_antibiotics") is True
    return {"reasons": " and ".join(said),
            "when": "within the hour, alongside the antibiotics" if fn else "today"}


def _duration(f: Findings, facts: Facts) -> dict[str, str]:
    return {"duration": days_words(f)}


def _alc(f: Findings, facts: Facts) -> dict[str, str]:
    assert f.alc is not None
    return {"alc": plain_beside(f.alc, (r.LYMPHOPENIA_ALC_BELOW.value,))}


RULES = (
    Rule("hyperleukocytosis", U.EMERGENCY, ("SEED", "HYPERLEUK"),
         "Hyperleukocytosis: WBC above {HYPERLEUKOCYTOSIS_ABOVE} ×10⁹/L",
         Ref("hyperleukocytosis"), _wbc),
    Rule("escalate_now", U.EMERGENCY, ("SEED",),
         "Escalate now: fever with severe neutropenia, signs of infection, or a falling ANC "
         "below {TREND_ESCALATE_ANC_BELOW} ×10⁹/L",
         Ref("escalate"), _reasons),
    Rule("apl_no_leukapheresis", U.URGENT, ("HYPERLEUK", "SEED"),
         "APL: leukapheresis is contraindicated", Is("diagnosis", ("apl",))),
    Rule("apl_coagulation", U.URGENT, ("ELN-APL-2019", "APL-CA-2014"),
         "APL: ATRA at the first suspicion, and the coagulopathy watched daily",
         Is("diagnosis", ("apl",))),
    Rule("avoid_invasive", U.ROUTINE, ("SEED", "IDSA-2010"),
         "Severe neutropenia (ANC below {AVOID_INVASIVE_ANC_BELOW}): avoid invasive procedures",
         Cmp("anc", "<", "AVOID_INVASIVE_ANC_BELOW")),
    Rule("acute_leukaemia_prophylaxis", U.ROUTINE,
         ("ASCO-IDSA-2018-PROPH", "IDSA-2010", "ECIL", "SEED"),
         "Acute leukaemia with long profound neutropenia: antimicrobial prophylaxis", all_(
             Is("diagnosis", ACUTE_LEUKAEMIAS),
             any_(Missing("expected_neutropenia_days"),
                  Cmp("expected_neutropenia_days", ">", "PROPHYLAXIS_DAYS_ABOVE"))), _duration),
    Rule("mds_lower_risk", U.ROUTINE, ("SEED",),
         "Lower-risk MDS with modest cytopenias: observation may be reasonable",
         all_(Is("diagnosis", ("mds_lower_risk",)), Not(Ref("not_modest")))),
    Rule("mds_lower_risk_unknown", U.ROUTINE, ("SEED",),
         "Lower-risk MDS, counts missing: observation only if the cytopenias are modest",
         all_(Is("diagnosis", ("mds_lower_risk",)), unknown(Ref("not_modest")))),
    Rule("mds_lower_risk_not_modest", U.URGENT, ("SEED", "CTCAE-ADMIRAL"),
         "Lower-risk MDS with a count at CTCAE grade {CTCAE_SEVERE_GRADE} or worse: not modest",
         all_(Is("diagnosis", ("mds_lower_risk",)), Ref("not_modest"))),
    Rule("mds_higher_risk", U.ROUTINE, ("SEED",),
         "Higher-risk MDS: hypomethylating agent, transplant if eligible",
         Is("diagnosis", ("mds_higher_risk",))),
    Rule("cmml", U.ROUTINE, ("SEED",),
         "CMML with fewer than {CMML_BLASTS_BELOW_PCT} % blasts: supportive care",
         Is("diagnosis", ("cmml",))),
    Rule("cmml_myeloproliferative", U.ROUTINE, ("SEED",),
         "Myeloproliferative CMML: hydroxyurea", Is("diagnosis", ("cmml_myeloproliferative",))),
    Rule("azole_interactions", U.ROUTINE, ("SEED", "ECIL"),
         "Chemotherapy and azole antifungals: check interactions (a caution, not a ban)",
         Flag("anthracycline_chemo")),
    Rule("marrow_production", U.ROUTINE, ("SEED", "DMW-2017"),
         "Bi- or pancytopenia: reduced marrow production is suggested",
         Ref("bi_or_pancytopenia")),
    Rule("lymphopenia", U.ROUTINE, ("ASCO-IDSA-2018-PROPH", "CTCAE-ADMIRAL"),
         "Lymphocytes below {LYMPHOPENIA_ALC_BELOW} ×10⁹/L: opportunistic infections",
         Ref("lymphopenia"), _alc),
)
