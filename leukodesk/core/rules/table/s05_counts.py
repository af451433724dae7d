"""RULES §1, §3, §5 (2026.2): the unit check, lower limits of normal, leukopenia and
neutropenia.

Leukopenia is WBC below its LLN: mild from {WBC_MILD_LEUKOPENIA_FROM} up, marked below it.
"""

from __future__ import annotations

from leukodesk.core.content import Urgency as U
from leukodesk.core.formats.display import plain
from leukodesk.core.rules.findings import Findings
from leukodesk.core.rules.logic import (
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
)
from leukodesk.core.rules.table.entries import Rule
from leukodesk.core.rules.table.words import anc_or_bound_words, extreme_words, wbc_beside_lln

D = Definition
DEFINITIONS = (
    D("leukopenia", "Leukopenia (WBC below its LLN)", Cmp("wbc", "<", "lln_wbc")),
    D("mild_leukopenia", "Mild leukopenia", all_(
        Cmp("wbc", "<", "lln_wbc"), Cmp("wbc", "≥", "WBC_MILD_LEUKOPENIA_FROM"))),
    D("marked_leukopenia", "Marked leukopenia", all_(
        Cmp("wbc", "<", "lln_wbc"), Cmp("wbc", "<", "WBC_MILD_LEUKOPENIA_FROM"))),
    D("hyperleukocytosis", "Hyperleukocytosis", Cmp("wbc", ">", "HYPERLEUKOCYTOSIS_ABOVE")),
    # The seed's management tier: ANC < 1.0 (or a WBC below 1.0, which bounds it).
    D("active_management", "ANC below {ANC_ACTIVE_MANAGEMENT_BELOW} (CTCAE grade 3 or 4)",
      Cmp("anc", "<", "ANC_ACTIVE_MANAGEMENT_BELOW")),
)


def _extreme(f: Findings, facts: Facts) -> dict[str, str]:
    return {"what": extreme_words(f)}


def _active(f: Findings, facts: Facts) -> dict[str, str]:
    grade = f.grades["neutrophils"]
    return {"anc": anc_or_bound_words(f),
            "grade": "CTCAE grade 3 or 4" if grade is None else f"CTCAE grade {grade}"}


def _mild(f: Findings, facts: Facts) -> dict[str, str]:
    return wbc_beside_lln(f)


def _duffy(f: Findings, facts: Facts) -> dict[str, str]:
    return {"lln": plain(f.lln["anc"])}


RULES = (
    Rule("confirm_unit", U.URGENT, ("CONV",),
         "Unit check: a count that is possible but extreme", any_(
             Cmp("wbc", ">", "EXTREME_ABOVE[wbc]"), Cmp("anc", ">", "EXTREME_ABOVE[anc]"),
             Cmp("platelets", ">", "EXTREME_ABOVE[platelets]")), _extreme),
    Rule("active_management", U.URGENT, ("SEED", "CTCAE-ADMIRAL"),
         "ANC below {ANC_ACTIVE_MANAGEMENT_BELOW} ×10⁹/L (CTCAE grade 3 or 4): "
         "active management", Ref("active_management"), _active),
    Rule("mild_leukopenia_observe", U.ROUTINE, ("SEED",),
         "Mild leukopenia: observe and repeat the count", all_(
             Ref("mild_leukopenia"), any_(Missing("anc"), Cmp("anc", "≥", "ANC_MILD_FROM")),
             # observing is not the answer beside FN, another low line or a grade-3 count
             not_yes(Ref("fn")), not_yes(Ref("bi_or_pancytopenia")),
             not_yes(Ref("not_modest"))), _mild),
    Rule("safety_net", U.ROUTINE, ("SEED",),
         "Neutropenia or marked leukopenia with no reason to escalate: safety net", all_(
             any_(Cmp("anc", "<", "ANC_NORMAL_FROM"), Ref("marked_leukopenia")),
             # "seek care at once for fever" is never said to a febrile patient, nor
             # beside a call to act now
             not_yes(Ref("escalate")), not_yes(Ref("fever")),
             not_yes(Ref("immediate_antibiotics")), not_yes(Ref("remeasure")),
             not_yes(Ref("hypothermia")))),
    Rule("duffy_null_lln", U.INFO, ("DUFFY",),
         "Duffy-null phenotype: a lower ANC lower limit of normal", Flag("duffy_null"),
         _duffy),
    Rule("no_leukopenia", U.INFO, ("MEDSCAPE-WBC",),
         "No leukopenia: WBC at or above the lower limit of normal",
         all_(Not(Ref("leukopenia")), Not(Ref("hyperleukocytosis"))), _mild),
)
