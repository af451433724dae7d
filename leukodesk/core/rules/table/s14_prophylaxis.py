"""RULES §14 (2026.2): G-CSF prophylaxis before a cycle — primary prophylaxis from the
regimen's FN risk, the patient's risk factors and a dose-dense regimen; secondary
prophylaxis from the prior cycle; concurrent chemoradiation to the mediastinum.

Each decision is a named definition with its sources, evaluated in three-valued logic
(:mod:`leukodesk.core.rules.logic`) on the facts of one prophylaxis request
(:mod:`leukodesk.core.dosing.prophylaxis`), so "Why?" shows the trace of the very
evaluation that decided. These definitions read the request's own facts, not a patient
assessment's, so they are not among the assessment's sections (``table.SECTIONS``).
"""

from __future__ import annotations

from leukodesk.core.formats.prophylaxis_words import FACTORS
from leukodesk.core.rules.logic import (
    Cmp,
    Definition,
    Flag,
    Is,
    Missing,
    Node,
    Not,
    Ref,
    all_,
    any_,
    every_,
)

D = Definition
PCT, CATEGORY, AGE = "regimen_fn_risk_pct", "regimen_risk_category", "age_years"
PCT_GIVEN, CATEGORY_GIVEN, AGE_GIVEN = Not(Missing(PCT)), Not(Missing(CATEGORY)), Not(Missing(AGE))
DENSE = Flag("dose_dense_survival_benefit")
COMPLICATION = Flag("prior_cycle_neutropenic_complication")
COMPROMISE = Flag("reduced_dose_compromises_outcome")

FACTOR_SOURCES = ("ASCO-CSF-2015", "EORTC-2006", "EORTC-2010")


def _band(by_pct: Node, category: str) -> Node:
    """The regimen is in a band: by its percentage when one is given, else by its
    category. Each branch is guarded by its input, so the empty one never leaves the
    band unknown."""
    return any_(all_(PCT_GIVEN, by_pct), all_(CATEGORY_GIVEN, Is(CATEGORY, (category,))))


def _exactly(fact: str, threshold: str) -> Node:
    """``fact`` equals the threshold (at it from both sides)."""
    return all_(Not(Missing(fact)), Cmp(fact, "≥", threshold), Cmp(fact, "≤", threshold))



def factor(code: str) -> Node:
    """The condition that counts factor ``code``: its box, except for the age, which
    decides when given (added at 65 or over, removed below) and the box only without it."""
    return Ref("factor_age_ge_65") if code == "age_ge_65" else Flag(code)


DEFINITIONS = (
    D("factor_age_ge_65", FACTORS[0][1],
      any_(all_(AGE_GIVEN, Cmp(AGE, "≥", "PROPH_AGE_FROM")),
           all_(Missing(AGE), Flag("age_ge_65"))), FACTOR_SOURCES),
    D("patient_risk_factor", "At least one patient risk factor or previous FN",
      every_(*(factor(code) for code, _ in FACTORS)), FACTOR_SOURCES),
    D("regimen_given", "The regimen's FN risk is entered (a percentage or a category)",
      any_(PCT_GIVEN, CATEGORY_GIVEN)),
    D("regimen_high", "High-risk regimen (FN risk {PROPH_HIGH_FROM_PCT} % or more)",
      _band(Cmp(PCT, "≥", "PROPH_HIGH_FROM_PCT"), "high"), ("ASCO-CSF-2015", "EORTC-2010")),
    D("regimen_intermediate", "Intermediate-risk regimen (FN risk {PROPH_INTERMEDIATE_FROM_PCT} "
                              "% to below {PROPH_HIGH_FROM_PCT} %)",
      _band(all_(Cmp(PCT, "≥", "PROPH_INTERMEDIATE_FROM_PCT"),
                 Cmp(PCT, "<", "PROPH_HIGH_FROM_PCT")), "intermediate"),
      ("EORTC-2006", "NCCN-2017")),
    D("regimen_low", "Low-risk regimen (FN risk below {PROPH_INTERMEDIATE_FROM_PCT} %)",
      _band(Cmp(PCT, "<", "PROPH_INTERMEDIATE_FROM_PCT"), "low"), ("NCCN-2017",)),
    # Primary prophylaxis: each outcome one definition; at most one holds.
    D("primary_recommended", "Primary prophylaxis recommended: a dose-dense regimen with a "
                             "survival benefit, or a high-risk regimen",
      any_(DENSE, Ref("regimen_high")), ("ASCO-CSF-2015", "EORTC-2010", "EORTC-2006")),
    D("primary_consider", "Consider primary prophylaxis: an intermediate-risk regimen with "
                          "at least one patient risk factor",
      all_(Not(DENSE), Ref("regimen_intermediate"), Ref("patient_risk_factor")),
      ("EORTC-2006", "EORTC-2010", "ASCO-CSF-2015", "NCCN-2017")),
    D("primary_not_routine_intermediate", "Primary prophylaxis not routinely recommended: an "
                                          "intermediate-risk regimen and no risk factor",
      all_(Not(DENSE), Ref("regimen_intermediate"), Not(Ref("patient_risk_factor"))),
      ("NCCN-2017", "EORTC-2006")),
    D("primary_not_routine_low", "Primary prophylaxis not routinely recommended: a low-risk "
                                 "regimen", all_(Not(DENSE), Ref("regimen_low")),
      ("NCCN-2017", "ASCO-CSF-2015", "EORTC-2006")),
    # Secondary prophylaxis: from this regimen's previous cycle (unknown answers: null).
    D("secondary_recommended", "Secondary prophylaxis recommended: a neutropenic complication "
                               "in the prior cycle, and a reduced dose would compromise the "
                               "outcome", all_(COMPLICATION, COMPROMISE),
      ("ASCO-CSF-2015", "SECONDARY-PROPH-QUOTE")),
    D("secondary_dose_reduction_alternative", "Dose reduction or delay is a reasonable "
                                              "alternative: a complication in the prior cycle, "
                                              "and a reduced dose would not compromise the "
                                              "outcome", all_(COMPLICATION, Not(COMPROMISE)),
      ("ASCO-CSF-2015", "SECONDARY-PROPH-QUOTE")),
    D("secondary_not_applicable", "Secondary prophylaxis does not apply: no neutropenic "
                                  "complication in the prior cycle", Not(COMPLICATION),
      ("ASCO-CSF-2015",)),
    D("avoid_chemoradiation", "Concurrent chemoradiation to the mediastinum: avoid G-CSF",
      Flag("mediastinal_chemoradiation"), ("ASCO-CSF-2015",)),
    # Notes beside the result.
    D("at_exactly_20_pct", "Regimen FN risk exactly {PROPH_HIGH_FROM_PCT} % (NCCN counts it "
                           "as intermediate)", _exactly(PCT, "PROPH_HIGH_FROM_PCT"),
      ("NCCN-2017", "CONV")),
    D("age_exactly_65", "Age exactly {PROPH_AGE_FROM} (NCCN counts age above "
                        "{PROPH_AGE_FROM})", _exactly(AGE, "PROPH_AGE_FROM"), ("NCCN-2017",)),
)

# Each output value and the definition that decides it, in the order they are tried.
PRIMARY = (("recommended", "primary_recommended"), ("consider", "primary_consider"),
           ("not_routinely_recommended", "primary_not_routine_intermediate"),
           ("not_routinely_recommended", "primary_not_routine_low"))
SECONDARY = (("recommended", "secondary_recommended"),
             ("dose_reduction_alternative", "secondary_dose_reduction_alternative"),
             ("not_applicable", "secondary_not_applicable"))
# Warnings (output codes) and notes, each with the definition that raises it.
WARNINGS = (("mediastinal_chemoradiation", "avoid_chemoradiation"),
            ("nccn_20_percent_is_intermediate", "at_exactly_20_pct"),
            ("nccn_age_over_65", "age_exactly_65"))
NOTES = (("reassess_every_cycle", "primary_not_routine_intermediate"),
         ("individualise_if_overall_risk_ge_20_pct", "primary_not_routine_low"))
