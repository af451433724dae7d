"""RULES §2a: the outputs left null by an empty input, and the inputs that would settle
them (the dose, which needs the weight, is added by assess)."""

from __future__ import annotations

from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import (
    Cmp,
    Facts,
    Missing,
    Not,
    Ref,
    all_,
    any_,
    not_no,
    unknown,
)
from leukodesk.core.rules.table.entries import NotAssessedRule as N
from leukodesk.core.rules.table.s11_fn_risk import (
    cisne_item_needs,
    disposition_needs,
    gate_needs,
    mascc_needs,
)

# The input each high-risk feature is read from, when it could not be assessed.
HIGH_RISK_INPUT = {"anc_le_0_1": "anc", "duration_ge_10_days": "expected_neutropenia_days",
                   "age_gt_65": "age_years"}


def fn_needs(f: Findings, facts: Facts) -> list[str]:
    """What would settle febrile neutropenia: a temperature, an ANC (unless a fall is
    expected anyway), the 48-hour answer (while the ANC is in the band where it matters)."""
    needs = []
    if facts.of("fever") is None:
        needs.append("temperature_c")
    if f.anc is None and facts.values["fall_48h"] is not True:
        needs.append("anc")
    if facts.values["fall_48h"] is None and facts.of("fn_neutropenia") is None \
            and f.anc is not None:
        needs.append("anc_expected_below_0_5_within_48h")
    return needs


def antibiotics_needs(f: Findings, facts: Facts) -> list[str]:
    """What would settle immediate antibiotics: a repeat temperature after a borderline
    one, a look for signs of infection in a low temperature, else what settles FN."""
    if facts.of("remeasure") is True:
        return ["fever_sustained_1h"]
    if facts.of("hypothermia") is True:
        return ["systemic_infection_signs"]
    return fn_needs(f, facts)


def high_risk_needs(f: Findings, facts: Facts) -> list[str]:
    return [key for code, key in HIGH_RISK_INPUT.items() if facts.of(code) is None]


def _ctcae_fn_needs(f: Findings, facts: Facts) -> list[str]:
    return [key for key, unknown_ in (("temperature_c", facts.of("fever") is None),
                                      ("anc", f.anc is None)) if unknown_]


def _gcsf_needs(f: Findings, facts: Facts) -> list[str]:
    needs = fn_needs(f, facts) if facts.of("fn") is None else []
    if facts.of("any_high_risk") is None:
        needs += [k for k in high_risk_needs(f, facts) if k not in needs]
    return needs


def _one(key: str):  # noqa: ANN202 (a needs function for one input)
    return lambda f, facts: [key]


NOT_ASSESSED = (
    N("anc", Missing("anc"), _one("anc")),
    N("severity_level", all_(Missing("anc"), Not(Cmp("wbc", "<", "ANC_NORMAL_FROM"))),
      _one("anc")),
    N("fever", unknown(Ref("fever")), _one("temperature_c")),
    N("febrile_neutropenia", unknown(Ref("fn")), fn_needs),
    N("ctcae_febrile_neutropenia", unknown(Ref("ctcae_fn")), _ctcae_fn_needs),
    N("immediate_antibiotics", unknown(Ref("immediate_antibiotics")), antibiotics_needs),
    # High-risk features matter only in FN.
    N("high_risk_features", all_(unknown(Ref("any_high_risk")), not_no(Ref("fn"))),
      high_risk_needs),
    N("consider_gcsf", unknown(Ref("consider_gcsf")), _gcsf_needs),
    N("ctcae.lymphocytes", Missing("alc"), _one("lymphocytes")),
    N("ctcae.platelets", Missing("platelets"), _one("platelets")),
    N("ctcae.anemia", Missing("hemoglobin"), _one("hemoglobin_g_dl")),
    N("cytopenia_pattern", any_(Missing("hemoglobin"), Missing("platelets")),
      lambda f, facts: [k for k, v in (("hemoglobin_g_dl", f.hemoglobin),
                                       ("platelets", f.platelets)) if v is None]),
    # RULES §11: the scores matter in FN (or while FN is open); the disposition in FN.
    N("fn_risk.mascc.risk", all_(not_no(Ref("fn")), unknown(Ref("mascc_low"))), mascc_needs),
    N("fn_risk.cisne.applicable", all_(not_no(Ref("fn")), unknown(Ref("cisne_applicable"))),
      gate_needs),
    N("fn_risk.cisne.class", all_(not_no(Ref("fn")), not_no(Ref("cisne_applicable")),
                                  unknown(any_(Ref("cisne_class_low"),
                                               Ref("cisne_class_intermediate"),
                                               Ref("cisne_class_high")))), cisne_item_needs),
    N("fn_risk.disposition", Ref("disposition_undecided"), disposition_needs),
    N("platelet_transfusion", Missing("platelets"), _one("platelets")),
    N("platelet_transfusion.transfuse_now",
      all_(Not(Missing("platelets")), unknown(Ref("plt_transfuse_now"))),
      _one("temperature_c")),
)
