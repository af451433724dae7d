"""The validated patient inputs (pydantic v2, frozen), in canonical units.

Values may be given in the alternative units of RULES §1 through the ``units`` object;
they are converted on the way in, so a validated ``PatientInputs`` always holds
×10⁹/L, g/dL, °C and kg, and its ``units`` always reads canonical. Bounds come from

:mod:`leukodesk.core.contract.limits`. Use
:func:`leukodesk.core.contract.validation.parse_inputs` for friendly, field-named error messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError, PydanticUndefined
from pydantic_core.core_schema import ValidationInfo

from leukodesk.core.contract.field_types import FROZEN as _FROZEN
from leukodesk.core.contract.field_types import Differential, reject_bool
from leukodesk.core.contract.field_types import bounded as _bounded
from leukodesk.core.contract.fn_risk_inputs import FnRiskInputs
from leukodesk.core.contract.history_inputs import History, HistoryRow, IsoTime, rows_problems
from leukodesk.core.contract.limits import HISTORY_ROW_NUMBERS, LIMITS, UNIT_GROUP_OF_KIND
from leukodesk.core.contract.units import (
    CountUnit,
    HemoglobinUnit,
    TemperatureUnit,
    WeightUnit,
    parse_unit,
    to_canonical,
    to_decimal,
)
from leukodesk.core.formats.display import plain_beside
from leukodesk.core.rules.thresholds import LLN_DEFAULTS, ROUNDING_TOLERANCE_PCT_DEFAULT


class Diagnosis(str, Enum):
    NONE = "none"
    SOLID_TUMOUR = "solid_tumour"
    MDS_LOWER_RISK = "mds_lower_risk"
    MDS_HIGHER_RISK = "mds_higher_risk"
    CMML = "cmml"
    CMML_MYELOPROLIFERATIVE = "cmml_myeloproliferative"
    AML = "aml"
    ALL = "all"
    APL = "apl"
    OTHER_HAEMATOLOGICAL = "other_haematological"


ACUTE_LEUKAEMIAS = frozenset({Diagnosis.AML, Diagnosis.ALL, Diagnosis.APL})
HAEMATOLOGICAL = frozenset(set(Diagnosis) - {Diagnosis.NONE, Diagnosis.SOLID_TUMOUR})


class Bleeding(str, Enum):
    """Bleeding now, in three states (RULES §8, NICE NG24)."""

    NONE = "none"
    CLINICALLY_SIGNIFICANT = "clinically_significant"     # WHO grade 2
    SEVERE_OR_CRITICAL_SITE = "severe_or_critical_site"   # WHO 3–4, CNS or posterior eye


CHRONIC_MARROW_FAILURE = frozenset({Diagnosis.MDS_LOWER_RISK, Diagnosis.MDS_HIGHER_RISK,
                                    Diagnosis.CMML, Diagnosis.CMML_MYELOPROLIFERATIVE})


class PlannedProcedure(str, Enum):
    NONE = "none"
    CENTRAL_LINE = "central_line"
    LUMBAR_PUNCTURE = "lumbar_puncture"
    MAJOR_SURGERY = "major_surgery"
    NEUROSURGERY_POSTERIOR_EYE = "neurosurgery_posterior_eye"


def _unit(kind: type[Enum]) -> Any:
    def read(value: Any) -> Any:
        unit = parse_unit(kind, value)
        if unit is None:
            allowed = ", ".join(repr(m.value) for m in kind)
            raise PydanticCustomError("unit", "unknown unit '{value}'; allowed: {allowed}",
                                      {"value": str(value), "allowed": allowed})
        return unit
    return Annotated[kind, BeforeValidator(read)]


class _NullsMeanDefaults(BaseModel):
    """An object whose JSON null members mean "empty, use the default" (RULES §2, 2026.2):
    never an error, never a crash."""

    model_config = _FROZEN

    @model_validator(mode="before")
    @classmethod
    def _nulls_mean_defaults(cls, data: Any) -> Any:
        return drop_nulls_with_defaults(cls, data) if isinstance(data, Mapping) else data


class Units(_NullsMeanDefaults):
    """Units the numbers of one input document are written in (one per group)."""

    counts: _unit(CountUnit) = CountUnit.G_PER_L
    hemoglobin: _unit(HemoglobinUnit) = HemoglobinUnit.G_DL
    temperature: _unit(TemperatureUnit) = TemperatureUnit.C
    weight: _unit(WeightUnit) = WeightUnit.KG


def _lln_default(key: str) -> float:
    return float(LLN_DEFAULTS[key].value)


class LowerLimits(_NullsMeanDefaults):
    """The reporting laboratory's lower limits of normal (RULES §3), shown with results."""

    wbc: _bounded("lln.wbc", "WBC LLN, ×10⁹/L") = _lln_default("wbc")
    anc: _bounded("lln.anc", "ANC LLN, ×10⁹/L") = _lln_default("anc")
    lymphocytes: _bounded("lln.lymphocytes", "Lymphocyte LLN, ×10⁹/L") = _lln_default(
        "lymphocytes")
    platelets: _bounded("lln.platelets", "Platelet LLN, ×10⁹/L") = _lln_default("platelets")
    hemoglobin: _bounded("lln.hemoglobin", "Hemoglobin LLN, g/dL") = _lln_default("hemoglobin")


def read_number(value: Any) -> Decimal | None:
    """The finite decimal a raw JSON value stands for, or None (missing or not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, str):
            number = Decimal(value.strip())
        elif isinstance(value, int | float):
            number = to_decimal(value)
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def lookup(data: Mapping[str, Any], key: str) -> Any:
    """Value at a dotted key ("differential.segs_pct") of a raw document, or None."""
    node: Any = data
    for part in key.split("."):
        # A dict, nearly always: a type check first (an ABC's isinstance costs ten times
        # as much, and this runs for several inputs on every keystroke).
        if type(node) is not dict and not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def read_units(data: Mapping[str, Any]) -> dict[type[Enum], Enum | None]:
    """The unit each group is entered in; None where the document names an unknown unit."""
    raw = data.get("units")
    raw = raw if isinstance(raw, Mapping) else {}
    return _units_of(raw)


def _units_of(raw: Mapping[str, Any]) -> dict[type[Enum], Enum | None]:
    result: dict[type[Enum], Enum | None] = {}
    for kind, group in UNIT_GROUP_OF_KIND.items():
        given = raw.get(group)
        result[kind] = next(iter(kind)) if given is None else parse_unit(kind, given)
    return result


# The inputs :func:`cross_field_problems` compares.
CROSS_CHECKED = ("wbc", "anc", "lymphocytes", "monocytes", "differential.segs_pct",
                 "differential.bands_pct")


def canonical_numbers(data: Mapping[str, Any], keys: Iterable[str] | None = None,
                      units: Mapping[type[Enum], Enum | None] | None = None,
                      ) -> dict[str, Decimal]:
    """Every limited numeric input (or those of ``keys``) that reads as a finite number,
    converted to its canonical unit. Inputs that are missing, not numbers, or in an
    unknown unit are left out (their errors are reported by field validation). ``units``:
    those of the document ``data`` belongs to (a history row has none of its own)."""
    units = read_units(data) if units is None else units
    out: dict[str, Decimal] = {}
    for key in LIMITS if keys is None else keys:
        lim = LIMITS[key]
        number = read_number(lookup(data, key))
        if number is None:
            continue
        if lim.unit_kind is not None:
            unit = units[lim.unit_kind]
            if unit is None:
                continue
            number = to_canonical(number, unit)
        out[key] = number
    return out


def _canonical_count(value: Decimal, beside: Decimal) -> str:
    return f"{plain_beside(value, (beside,))} ×10⁹/L"


def cross_field_problems(values: Mapping[str, Decimal],
                         show_count: Callable[[Decimal, Decimal], str] = _canonical_count,
                         ) -> list[tuple[str, str]]:
    """Checks that involve two inputs (RULES §2), on canonical values: (field, message).
    ``show_count(value, beside)`` writes a canonical count the way the user entered it,
    never reading on the other count it is compared with (3.00001 against 3 is not "3")."""
    problems: list[tuple[str, str]] = []
    wbc = values.get("wbc")
    if wbc is not None:
        for key, label in (("anc", "ANC"), ("lymphocytes", "Lymphocytes"),
                           ("monocytes", "Monocytes")):
            part = values.get(key)
            if part is not None and part > wbc:
                problems.append((key, f"{label} ({show_count(part, wbc)}) cannot be higher "
                                      f"than the WBC ({show_count(wbc, part)})."))
    segs = values.get("differential.segs_pct")
    bands = values.get("differential.bands_pct")
    if segs is not None and bands is not None and segs + bands > 100:
        problems.append(("differential.bands_pct",
                         "Segmented + band neutrophils add up to "
                         f"{plain_beside(segs + bands, (Decimal(100),))} %; "
                         "together they must be at most 100 %."))
    return problems


def drop_nulls_with_defaults(model: type[BaseModel], data: Mapping[str, Any]) -> Mapping[str, Any]:
    """JSON null for an input that has a default (a setting, a yes/no box, a choice) means
    "not given", so the default applies. Inputs whose default is null keep their null,
    which is how "unknown" is written (e.g. the 48-hour question)."""
    defaulted = _defaulted(model)
    if not any(v is None and k in defaulted for k, v in data.items()):
        return data
    return {k: v for k, v in data.items() if not (v is None and k in defaulted)}


def _defaulted(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` whose default is not null: read from the field definitions
    alone (a default factory is never null here), so nothing is built or called."""
    return frozenset(k for k, f in model.model_fields.items()
                     if f.default_factory is not None
                     or (f.default is not None and f.default is not PydanticUndefined))


def _in_canonical_units(doc: Mapping[str, Any], units: Mapping[type[Enum], Enum | None],
                        keys: Iterable[str]) -> dict[str, Any]:
    """A copy of ``doc`` (the document or one history row) with the numbers of ``keys``
    that are in an alternative unit rewritten in the canonical one."""
    converted = canonical_numbers(doc, keys, units)
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, Mapping) else v)
                           for k, v in doc.items()}
    for key in keys:
        lim = LIMITS[key]
        if lim.unit_kind is None or key not in converted:
            continue
        if units[lim.unit_kind] is next(iter(lim.unit_kind)):
            continue
        parent, _, leaf = key.rpartition(".")
        target = out[parent] if parent else out  # a Mapping: lookup found a number in it
        target[leaf] = float(converted[key])
    return out


def _value_problems(holder: Any) -> list[tuple[str, str]]:
    """RULES §2 between the counts of the current counts or of one history row."""
    diff = holder.differential
    fields = {key: getattr(diff if key.startswith("differential.") else holder,
                           key.rpartition(".")[2], None) for key in CROSS_CHECKED}
    problems = cross_field_problems(
        {k: to_decimal(v) for k, v in fields.items() if v is not None})
    if holder.anc is not None and diff is not None and (
            diff.segs_pct is not None or diff.bands_pct is not None):
        problems.append(("anc", "Give the ANC or a differential, not both."))
    return problems


class PatientInputs(BaseModel):
    """Everything the assessment reads, validated, in canonical units.

    Only ``wbc`` is required (RULES §2a). An empty input is never read as normal: what
    depends on it is reported as not assessed. Yes/no risk factors default to "no";
    the 48-hour question is yes/no/unknown (``None`` = unknown).
    """

    model_config = _FROZEN

    age_years: _bounded("age_years", "Age in years") = None
    weight_kg: _bounded("weight_kg", "Body weight, kg (for the filgrastim dose)") = None
    wbc: Annotated[float, BeforeValidator(reject_bool),
                   Field(ge=LIMITS["wbc"].min_float, le=LIMITS["wbc"].max_float,
                         description="White blood cell count, ×10⁹/L (required)")]
    anc: _bounded("anc", "Absolute neutrophil count, ×10⁹/L (or give a differential)") = None
    differential: Differential | None = Field(
        None, description="Differential in % of WBC (instead of the ANC)")
    lymphocytes: _bounded("lymphocytes", "Absolute lymphocyte count, ×10⁹/L") = None
    monocytes: _bounded("monocytes", "Absolute monocyte count, ×10⁹/L (or the differential's "
                                     "monocytes %)") = None
    platelets: _bounded("platelets", "Platelet count, ×10⁹/L") = None
    hemoglobin_g_dl: _bounded("hemoglobin_g_dl", "Hemoglobin, g/dL") = None
    temperature_c: _bounded("temperature_c", "Highest oral temperature, °C") = None
    fever_sustained_1h: bool = Field(
        False, description="Temperature ≥ 38.0 °C sustained for at least 1 hour")
    anc_expected_below_0_5_within_48h: bool | None = Field(
        None, description="ANC expected to fall below 0.5 ×10⁹/L within 48 h (null = unknown)")
    expected_neutropenia_days: _bounded("expected_neutropenia_days",
                                        "Expected duration of neutropenia, days") = None
    uncontrolled_primary_disease: bool = False
    systemic_infection_signs: bool = Field(
        False, description="Signs of systemic infection (e.g. sepsis, hypotension, pneumonia)")
    myelosuppressive_chemo: bool = False
    anthracycline_chemo: bool = False
    diagnosis: Diagnosis = Diagnosis.NONE
    active_bleeding: bool = Field(
        False, description="2026.1 input, still read: true means bleeding "
                           "'clinically_significant' unless `bleeding` is given")
    bleeding: Bleeding = Field(
        Bleeding.NONE, description="Bleeding now: none, clinically_significant (WHO grade "
                                   "2), severe_or_critical_site (WHO 3-4, CNS, posterior eye)")
    planned_procedure: PlannedProcedure = PlannedProcedure.NONE
    fn_risk: FnRiskInputs = Field(
        default_factory=FnRiskInputs,
        description="Febrile neutropenia risk items (MASCC, CISNE, RULES §11); each null = "
                    "unknown")
    duffy_null: bool = Field(False, description="Duffy-null phenotype confirmed")
    counts_time: IsoTime | None = Field(
        None, description="Time of the current counts, ISO date or date-time (required "
                          "with a history: the last point of the trend)")
    last_chemo_at: IsoTime | None = Field(
        None, description="End of the last chemotherapy dose, ISO date or date-time: the "
                          "nadir is sought from it on (a point at that very time counts)")
    history: History = Field(
        default_factory=list,
        description="Earlier counts (RULES §13), each {time, wbc, anc or differential, "
                    "platelets, hemoglobin_g_dl} in the units of `units`; empty = none")
    tolerance_pct: _bounded("tolerance_pct", "Dose rounding tolerance, %") = float(
        ROUNDING_TOLERANCE_PCT_DEFAULT.value)
    lln: LowerLimits = Field(default_factory=LowerLimits)
    units: Units = Field(default_factory=Units,
                         description="Units the numbers above are written in")

    @model_validator(mode="before")
    @classmethod
    def _to_canonical_units(cls, data: Any) -> Any:
        """Rewrite numbers given in alternative units to canonical ones (RULES §1)."""
        if not isinstance(data, Mapping):
            return data
        data = drop_nulls_with_defaults(cls, data)
        if data.get("active_bleeding") is True and "bleeding" not in data:
            data = {**data, "bleeding": Bleeding.CLINICALLY_SIGNIFICANT.value}
        units = data.get("units")
        if isinstance(units, Mapping) and any(v is None for v in units.values()):
            data = {**data, "units": {k: v for k, v in units.items() if v is not None}}
        if not isinstance(data.get("units"), Mapping):
            return data  # no units, or a malformed one the units field will report
        units = read_units(data)
        if any(unit is None for unit in units.values()):
            return data  # the unknown unit is reported by the units field
        # Once converted the units are canonical; unknown unit keys stay, to be refused.
        groups = set(UNIT_GROUP_OF_KIND.values())
        left = {k: v for k, v in data["units"].items() if k not in groups}
        if all(unit is next(iter(kind)) for kind, unit in units.items()):
            return {**data, "units": left}  # already canonical (the usual case)
        out = _in_canonical_units(data, units, LIMITS)
        rows = data.get("history")
        if isinstance(rows, list):   # each row in the document's units (RULES §13)
            out["history"] = [_in_canonical_units(row, units, HISTORY_ROW_NUMBERS)
                              if isinstance(row, Mapping) else row for row in rows]
        out["units"] = left
        return out

    @field_validator("history")
    @classmethod
    def _history_checks(cls, rows: list[HistoryRow], info: ValidationInfo) -> list[HistoryRow]:
        """RULES §13 within each row and between the rows (a field validator: it does not
        run again when the assessment takes these inputs, 60 rows each time)."""
        problems = rows_problems(rows, info.data, _value_problems)
        if problems:
            raise PydanticCustomError("cross_field", "; ".join(m for _, m in problems))
        return rows

    @model_validator(mode="after")
    def _cross_checks(self) -> PatientInputs:
        diff = self.differential
        problems = _value_problems(self)
        if self.monocytes is not None and diff is not None and diff.monos_pct is not None:
            problems.append(("monocytes", "Give the monocyte count or the differential's "
                                          "monocytes %, not both."))
        if problems:
            raise PydanticCustomError("cross_field", "; ".join(m for _, m in problems))
        return self
