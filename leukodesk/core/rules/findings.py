"""Findings: every computed fact of RULES §3–10 in exact decimals, before any text.

``compute(inputs)`` is the single place the clinical numbers are derived; the advice
builder and the assessment read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.calc import FilgrastimFigures, filgrastim_figures
from leukodesk.core.dosing.tables import Indication, PresentationSet, Product
from leukodesk.core.formats.display import format_count
from leukodesk.core.rules import grading
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.grading import AncClass, LeukopeniaTier
from leukodesk.core.rules.infection import InfectionPicture, assess_infection
from leukodesk.core.rules.transfusion import PlateletAdvice, platelet_advice


def _d(value: float | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


ANC_CLASS_BOUNDS = (rules.ANC_SEVERE_FROM.value, rules.ANC_MODERATE_FROM.value,
                    rules.ANC_MILD_FROM.value, rules.ANC_NORMAL_FROM.value)


@dataclass(frozen=True)
class Findings:
    """Intermediate results in exact decimals, for the advice builder."""

    inputs: PatientInputs
    wbc: Decimal
    anc: Decimal | None
    anc_source: str | None
    alc: Decimal | None
    amc: Decimal | None
    platelets: Decimal | None
    hemoglobin: Decimal | None
    lln: dict[str, Decimal]
    anc_cls: AncClass | None
    tier: LeukopeniaTier
    grades: dict[str, int | None]
    infection: InfectionPicture
    platelet: PlateletAdvice | None
    hyperleukocytosis: bool

    @cached_property  # read by several advice texts and their "why"s: written once
    def anc_text(self) -> str | None:
        """The ANC as shown everywhere: never rounded across a threshold it is compared
        with (class bounds and the ANC LLN), RULES §1."""
        if self.anc is None:
            return None
        return format_count(self.anc, (*ANC_CLASS_BOUNDS, self.lln["anc"]))


def effective_lln(inputs: PatientInputs) -> dict[str, Decimal]:
    """The LLNs in force: the entered ones, with Duffy-null lowering the ANC LLN to 1.2
    (or keeping a lower entered one) [DUFFY]."""
    lln = {name: to_decimal(value) for name, value in inputs.lln.model_dump().items()}
    if inputs.duffy_null:
        lln["anc"] = min(lln["anc"], rules.DUFFY_NULL_ANC_LLN.value)
    return lln


def _neutrophils(inputs: PatientInputs, wbc: Decimal) -> tuple[Decimal | None, str | None]:
    """ANC given, or WBC × (segs % + bands %) / 100 [ANC-SKYSCAPE][GLOBALRPH]; an empty
    band count adds nothing (automated differentials report none)."""
    if inputs.anc is not None:
        return to_decimal(inputs.anc), "given"
    diff = inputs.differential
    if diff is None or diff.segs_pct is None:
        return None, None
    pct = to_decimal(diff.segs_pct) + (to_decimal(diff.bands_pct) if diff.bands_pct else 0)
    return wbc * pct / 100, "differential"


def _from_pct(wbc: Decimal, pct: float | None) -> Decimal | None:
    return None if pct is None else wbc * to_decimal(pct) / 100


def standard_filgrastim(inputs: PatientInputs) -> FilgrastimFigures | None:
    """The standard regimen (5 mcg/kg/day) for the weight, if given: the dose
    calculator's own arithmetic. Apart from :func:`compute`: nothing else reads the
    weight or the tolerance, so the assessment can keep the findings' outputs while only
    these change (assess.py)."""
    weight = _d(inputs.weight_kg)
    return None if weight is None else filgrastim_figures(
        Product.FILGRASTIM, Indication.CHEMOTHERAPY, PresentationSet.US_SYRINGES, weight,
        to_decimal(inputs.tolerance_pct))


def compute(inputs: PatientInputs) -> Findings:
    """Every finding of RULES §3–10 for validated inputs, before any text is chosen."""
    wbc = to_decimal(inputs.wbc)
    lln = effective_lln(inputs)
    anc, anc_source = _neutrophils(inputs, wbc)
    diff = inputs.differential
    alc = _d(inputs.lymphocytes)
    if alc is None and diff is not None:
        alc = _from_pct(wbc, diff.lymphs_pct)
    amc = _from_pct(wbc, diff.monos_pct) if diff is not None else None
    platelets, hemoglobin = _d(inputs.platelets), _d(inputs.hemoglobin_g_dl)
    grades = {
        "wbc": grading.ctcae_wbc(wbc, lln["wbc"]),
        "neutrophils": None if anc is None else grading.ctcae_neutrophils(anc, lln["anc"]),
        "lymphocytes": None if alc is None else grading.ctcae_lymphocytes(
            alc, lln["lymphocytes"]),
        "platelets": None if platelets is None else grading.ctcae_platelets(
            platelets, lln["platelets"]),
        "anemia": None if hemoglobin is None else grading.ctcae_anemia(
            hemoglobin, lln["hemoglobin"]),
    }
    infection = assess_infection(
        anc, _d(inputs.temperature_c), inputs.fever_sustained_1h,
        inputs.anc_expected_below_0_5_within_48h, inputs.systemic_infection_signs,
        _d(inputs.expected_neutropenia_days), _d(inputs.age_years),
        inputs.uncontrolled_primary_disease)
    platelet = None if platelets is None else platelet_advice(
        platelets, lln["platelets"], infection.fever, inputs.systemic_infection_signs,
        inputs.active_bleeding, inputs.planned_procedure)
    return Findings(
        inputs=inputs, wbc=wbc, anc=anc, anc_source=anc_source, alc=alc, amc=amc,
        platelets=platelets, hemoglobin=hemoglobin, lln=lln,
        anc_cls=None if anc is None else grading.anc_class(anc),
        tier=grading.leukopenia_tier(wbc, lln["wbc"]), grades=grades, infection=infection,
        platelet=platelet,
        hyperleukocytosis=wbc > rules.HYPERLEUKOCYTOSIS_ABOVE.value)
