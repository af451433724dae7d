"""Findings: the counts, limits and grades of RULES §1–5 in exact decimals.

``compute(inputs)`` is the single place the clinical numbers are derived. What the rule
table decides from them (fever, FN, transfusion ...) is evaluated in
:mod:`leukodesk.core.rules.advice`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from leukodesk.core.contract.history_inputs import HistoryRow, read_moment
from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.dosing.calc import FilgrastimFigures, filgrastim_figures
from leukodesk.core.dosing.tables import STANDARD_SET, Indication, Product
from leukodesk.core.formats.display import format_count
from leukodesk.core.rules import grading, trend
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.grading import AncClass, LeukopeniaTier


def _d(value: float | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


ANC_CLASS_BOUNDS = (rules.ANC_SEVERE_FROM.value, rules.ANC_MODERATE_FROM.value,
                    rules.ANC_MILD_FROM.value, rules.ANC_NORMAL_FROM.value)


@dataclass(frozen=True)
class Findings:
    """Intermediate results in exact decimals, for the rule table."""

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
    trend: trend.TrendFigures | None = None   # RULES §13: with earlier counts only
    # RULES §8: the platelet threshold before the planned procedure (None: no procedure),
    # the site's when a site configuration sets it (RULES §16).
    procedure_limit: rules.Threshold | None = None

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


def _neutrophils(inputs: PatientInputs | HistoryRow,
                 wbc: Decimal) -> tuple[Decimal | None, str | None]:
    """ANC given, or WBC × (segs % + bands %) / 100 [ANC-SKYSCAPE][GLOBALRPH]; an empty
    band count adds nothing (automated differentials report none). The current counts or
    an earlier row (RULES §13)."""
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
    calculator's own arithmetic."""
    weight = _d(inputs.weight_kg)
    return None if weight is None else filgrastim_figures(
        Product.FILGRASTIM, Indication.CHEMOTHERAPY, STANDARD_SET, weight,
        to_decimal(inputs.tolerance_pct))


def _trend(inputs: PatientInputs, wbc: Decimal, anc: Decimal | None,
           platelets: Decimal | None, hemoglobin: Decimal | None) -> trend.TrendFigures | None:
    """The trend of the earlier counts and the current ones, the last point (RULES §13);
    None without earlier counts (an empty history is none)."""
    now = read_moment(inputs.counts_time)
    if not inputs.history or now is None:   # validation requires counts_time with a history
        return None
    points = [trend.Point(now, wbc, anc, platelets, hemoglobin, current=True)]
    for row in inputs.history:
        moment = read_moment(row.time)
        assert moment is not None   # validated
        wbc = to_decimal(row.wbc)
        points.append(trend.Point(moment, wbc, _neutrophils(row, wbc)[0], _d(row.platelets),
                                  _d(row.hemoglobin_g_dl)))
    return trend.figures(points, inputs.last_chemo_at)


def compute(inputs: PatientInputs,
            procedures: Mapping[str, rules.Threshold] | None = None) -> Findings:
    """The counts, limits and grades of RULES §1–5 for validated inputs; ``procedures``:
    the platelet threshold of each planned procedure (default RULES §8's; a site's in
    :func:`leukodesk.core.config.apply.procedure_thresholds`)."""
    wbc = to_decimal(inputs.wbc)
    lln = effective_lln(inputs)
    anc, anc_source = _neutrophils(inputs, wbc)
    diff = inputs.differential
    alc = _d(inputs.lymphocytes)
    if alc is None and diff is not None:
        alc = _from_pct(wbc, diff.lymphs_pct)
    amc = _d(inputs.monocytes)
    if amc is None and diff is not None:
        amc = _from_pct(wbc, diff.monos_pct)
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
    return Findings(
        inputs=inputs, wbc=wbc, anc=anc, anc_source=anc_source, alc=alc, amc=amc,
        platelets=platelets, hemoglobin=hemoglobin, lln=lln,
        anc_cls=None if anc is None else grading.anc_class(anc),
        tier=grading.leukopenia_tier(wbc, lln["wbc"]), grades=grades,
        trend=_trend(inputs, wbc, anc, platelets, hemoglobin),
        procedure_limit=(rules.PLT_PROCEDURE_BELOW if procedures is None else procedures).get(
            inputs.planned_procedure.value))
