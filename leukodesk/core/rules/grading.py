"""CTCAE v5.0 grades, ANC severity class, leukopenia tier and the neutrophil gauge.

All functions take canonical ``Decimal`` values (×10⁹/L, g/dL) and never round.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.thresholds import Threshold


class AncClass(str, Enum):
    """ANC severity classes (RULES §5) [GLOBALRPH][BMC-2014][MIMS-FN]."""

    NORMAL = "normal"      # ANC ≥ 1.5
    MILD = "mild"          # 1.0 ≤ ANC < 1.5
    MODERATE = "moderate"  # 0.5 ≤ ANC < 1.0
    SEVERE = "severe"      # 0.1 ≤ ANC < 0.5
    PROFOUND = "profound"  # ANC < 0.1


class LeukopeniaTier(str, Enum):
    """WBC against the LLN (RULES §5): none (≥ LLN), mild (3.0 ≤ WBC < LLN: observe and
    repeat counts) or marked (WBC < 3.0 and below the LLN: CTCAE grade 2 or worse)."""

    NONE = "none"
    MILD = "mild"
    MARKED = "marked"


ANC_CLASS_LEVEL = {
    AncClass.NORMAL: 0, AncClass.MILD: 1, AncClass.MODERATE: 2,
    AncClass.SEVERE: 3, AncClass.PROFOUND: 4,
}


def ctcae_grade(value: Decimal, lln: Decimal, bands: tuple[Threshold, ...]) -> int:
    """CTCAE v5.0 grade of a decreased count [CTCAE-ADMIRAL].

    ``bands`` are the lower bounds of grades 2, 3 (and 4): a value below a bound has that
    grade or worse. Grades 2–4 are absolute; grade 1 applies only when the value is
    below the LLN and not in a worse band; 0 otherwise (so with an LLN at or below the
    grade-2 bound, grade 1 cannot occur).
    """
    grade = 0
    for offset, bound in enumerate(bands):
        if value < bound.value:
            grade = 2 + offset
    if grade == 0 and value < lln:
        grade = 1
    return grade


def ctcae_wbc(wbc: Decimal, lln: Decimal) -> int:
    """WBC decreased: 1 = 3.0 ≤ v < LLN, 2 = 2.0 ≤ v < 3.0, 3 = 1.0 ≤ v < 2.0, 4 = v < 1.0."""
    return ctcae_grade(wbc, lln, rules.CTCAE_WBC)


def ctcae_neutrophils(anc: Decimal, lln: Decimal) -> int:
    """Neutrophil count decreased: 1 = 1.5 ≤ v < LLN, 2 = 1.0–<1.5, 3 = 0.5–<1.0, 4 < 0.5."""
    return ctcae_grade(anc, lln, rules.CTCAE_NEUTROPHILS)


def ctcae_lymphocytes(alc: Decimal, lln: Decimal) -> int:
    """Lymphocyte count decreased: 1 = 0.8 ≤ v < LLN, 2 = 0.5–<0.8, 3 = 0.2–<0.5, 4 < 0.2."""
    return ctcae_grade(alc, lln, rules.CTCAE_LYMPHOCYTES)


def ctcae_platelets(platelets: Decimal, lln: Decimal) -> int:
    """Platelet count decreased: 1 = 75 ≤ v < LLN, 2 = 50–<75, 3 = 25–<50, 4 < 25."""
    return ctcae_grade(platelets, lln, rules.CTCAE_PLATELETS)


def ctcae_anemia(hemoglobin_g_dl: Decimal, lln: Decimal) -> int:
    """Anemia from Hb alone: 1 = 10.0 ≤ Hb < LLN, 2 = 8.0–<10.0, 3 = Hb < 8.0 g/dL.
    Grade 4 is clinical (life-threatening) and is never assigned from a number."""
    return ctcae_grade(hemoglobin_g_dl, lln, rules.CTCAE_ANEMIA)


def anc_class(anc: Decimal) -> AncClass:
    """ANC severity class on the unrounded ANC (RULES §5)."""
    if anc >= rules.ANC_NORMAL_FROM.value:
        return AncClass.NORMAL
    if anc >= rules.ANC_MILD_FROM.value:
        return AncClass.MILD
    if anc >= rules.ANC_MODERATE_FROM.value:
        return AncClass.MODERATE
    if anc >= rules.ANC_SEVERE_FROM.value:
        return AncClass.SEVERE
    return AncClass.PROFOUND


def leukopenia_tier(wbc: Decimal, lln: Decimal) -> LeukopeniaTier:
    """Leukopenia is WBC < LLN; mild when 3.0 ≤ WBC < LLN [SEED][CTCAE-ADMIRAL]."""
    if wbc >= lln:
        return LeukopeniaTier.NONE
    if wbc >= rules.WBC_MILD_LEUKOPENIA_FROM.value:
        return LeukopeniaTier.MILD
    return LeukopeniaTier.MARKED


def severity(anc_cls: AncClass | None, wbc: Decimal) -> tuple[int | None, str | None,
                                                               str | None]:
    """The neutrophil gauge (RULES §5, 2026.2): (level 0–4, class, basis), one vocabulary.

    With an ANC, its class ("anc_class"). With none, the ANC is at most the WBC: a WBC
    below 1.5 puts the ANC in the WBC's class or below ("wbc_bound"); a WBC of 1.5 or
    more settles nothing (all None). The WBC grade no longer moves the gauge.
    """
    if anc_cls is not None:
        return ANC_CLASS_LEVEL[anc_cls], anc_cls.value, "anc_class"
    if wbc < rules.ANC_NORMAL_FROM.value:
        bound = anc_class(wbc)
        return ANC_CLASS_LEVEL[bound], bound.value, "wbc_bound"
    return None, None, None
