"""Fever, febrile neutropenia, immediate antibiotics, high-risk features, G-CSF (RULES §6–7).

Three-valued logic (RULES §2a): ``None`` means "not assessed". An output that depends on
an unknown input is ``None`` unless the known inputs already settle it, which is exactly
Kleene's AND/OR: false AND unknown = false, true OR unknown = true.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from leukodesk.core.rules import thresholds as rules

Tri = bool | None


def all_of(*values: Tri) -> Tri:
    """Kleene AND: False if any is False, else None if any is unknown, else True."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def any_of(*values: Tri) -> Tri:
    """Kleene OR: True if any is True, else None if any is unknown, else False."""
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def below(value: Decimal | None, threshold: rules.Threshold) -> Tri:
    return None if value is None else value < threshold.value


def idsa_fever(temp_c: Decimal | None, sustained_1h: bool) -> Tri:
    """Fever [IDSA-2010]: a single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained ≥ 1 h."""
    if temp_c is None:
        return None
    return temp_c >= rules.FEVER_SINGLE_FROM.value or (
        sustained_1h and temp_c >= rules.FEVER_SUSTAINED_FROM.value)


def ctcae_fever(temp_c: Decimal | None, sustained_1h: bool) -> Tri:
    """CTCAE FN temperature [CTCAE-FN-COPY]: single > 38.3 °C (strict), or ≥ 38.0 °C
    sustained for more than an hour (the "sustained ≥ 1 h" answer is taken as meeting it)."""
    if temp_c is None:
        return None
    return temp_c > rules.CTCAE_FN_SINGLE_ABOVE.value or (
        sustained_1h and temp_c >= rules.CTCAE_FN_SUSTAINED_FROM.value)


def idsa_neutropenia(anc: Decimal | None, expected_fall_48h: Tri) -> Tri:
    """The neutropenia limb of IDSA/ASCO FN (RULES §6): ANC < 0.5, or a fall below 0.5
    expected within 48 h. With the 48-h answer unknown, ANC ≥ 1.0 settles it as "no" and
    0.5 ≤ ANC < 1.0 stays unknown."""
    if expected_fall_48h is True:
        return True
    if anc is None:
        return None
    if anc < rules.FN_ANC_BELOW.value:
        return True
    if expected_fall_48h is False or anc >= rules.FN_REASSESS_BELOW.value:
        return False
    return None


@dataclass(frozen=True)
class InfectionPicture:
    fever: Tri
    febrile_neutropenia: Tri
    ctcae_febrile_neutropenia: Tri
    immediate_antibiotics: Tri
    afebrile_sepsis: Tri                   # ANC < 0.5 with signs of systemic infection
    borderline_48h: bool                   # fever, 0.5 ≤ ANC < 1.0, 48-h answer not "yes"
    high_risk_features: tuple[str, ...]    # codes present
    high_risk_not_assessed: tuple[str, ...]
    any_high_risk: Tri
    consider_gcsf: Tri


def high_risk(anc: Decimal | None, days: Decimal | None, age: Decimal | None,
              uncontrolled: bool, infection: bool) -> dict[str, Tri]:
    """High-risk features in established FN [SEED], by code: True, False or None."""
    return {
        "anc_le_0_1": None if anc is None else anc <= rules.HR_ANC_AT_MOST.value,
        "duration_ge_10_days": None if days is None
        else days >= rules.HR_DURATION_FROM_DAYS.value,
        "age_gt_65": None if age is None else age > rules.HR_AGE_ABOVE_YEARS.value,
        "uncontrolled_disease": uncontrolled,
        "systemic_infection": infection,
    }


def assess_infection(anc: Decimal | None, temp_c: Decimal | None, sustained_1h: bool,
                     expected_fall_48h: Tri, infection_signs: bool, days: Decimal | None,
                     age: Decimal | None, uncontrolled: bool) -> InfectionPicture:
    """Everything of RULES §6–7 for one patient; see the module docstring for ``None``."""
    fever = idsa_fever(temp_c, sustained_1h)
    fn = all_of(fever, idsa_neutropenia(anc, expected_fall_48h))
    ctcae_fn = all_of(below(anc, rules.CTCAE_FN_ANC_BELOW), ctcae_fever(temp_c, sustained_1h))
    afebrile = all_of(below(anc, rules.AFEBRILE_SEPSIS_ANC_BELOW), infection_signs)
    antibiotics = any_of(fn, afebrile)
    borderline = bool(
        fever and anc is not None and expected_fall_48h is not True
        and rules.FN_ANC_BELOW.value <= anc < rules.FN_REASSESS_BELOW.value)
    features = high_risk(anc, days, age, uncontrolled, infection_signs)
    present = tuple(code for code, v in features.items() if v is True)
    unknown = tuple(code for code, v in features.items() if v is None)
    any_hr = any_of(*features.values())
    return InfectionPicture(
        fever=fever, febrile_neutropenia=fn, ctcae_febrile_neutropenia=ctcae_fn,
        immediate_antibiotics=antibiotics, afebrile_sepsis=afebrile,
        borderline_48h=borderline, high_risk_features=present,
        high_risk_not_assessed=unknown, any_high_risk=any_hr,
        consider_gcsf=all_of(fn, any_hr),
    )
