"""The assessment: everything the core concludes for one set of inputs (pydantic, frozen).

``None`` in any field means "not assessed": an input it depends on is empty and the
known inputs do not settle it; ``not_assessed`` says which input would.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from leukodesk.core.content import Urgency
from leukodesk.core.contract.models import PatientInputs
from leukodesk.core.contract.trend_outputs import Trend, TrendEpisodes, TrendPoint
from leukodesk.core.rules.grading import AncClass, LeukopeniaTier
from leukodesk.core.rules.transfusion import PlateletCategory

# Built on first use (defer_build): a blank window never assesses, so start-up does
# not pay for the output validators.
_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class TraceStep(BaseModel):
    """One comparison a rule made, in the order it made it (RULES §2a: three-valued)."""

    model_config = _FROZEN
    what: str = Field(description="The input, finding or named definition compared")
    value: str = Field(description="Its value as shown (never rounded across the "
                                   "threshold), 'not entered', or a definition's yes/no")
    op: str = Field(description="The rule's operator: < ≤ > ≥ is 'is one of'; empty for a "
                                "named definition, whose parts follow one level deeper")
    threshold: str = Field(description="What it was compared with, with its unit")
    holds: str | None = Field(description="The relation that holds between value and "
                                          "threshold (op or its opposite); null if unknown")
    result: bool | None = Field(description="What this comparison gave; null = unknown")
    depth: int = Field(description="Nesting under named definitions (0 = the rule itself)")


class Why(BaseModel):
    """Why a recommendation was given: the rule, what it compared, and its sources."""

    model_config = _FROZEN
    rule: str = Field(description="The rule that fired, in words")
    because: list[str] = Field(
        description="The inputs and thresholds the rule compared, in words and numbers, "
                    "each with its exact side (e.g. 'ANC 0.080 ≤ 0.1 ×10⁹/L → high-risk "
                    "feature'); counts in ×10⁹/L, temperatures in °C")
    sources: list[str] = Field(
        description="Source ids of the rule and of every threshold it compared")
    trace: list[TraceStep] = Field(
        description="Every comparison the rule's condition made, as evaluated; 'because' "
                    "is this trace in words")


class Recommendation(BaseModel):
    model_config = _FROZEN
    id: str = Field(description="Stable id of the rule that produced it")
    urgency: Urgency
    text: str
    sources: list[str] = Field(description="Source ids of the register (see sources)")
    why: Why = Field(description="Why it was given: the rule, the comparisons, the sources")
    local_note: str | None = Field(
        default=None, description="The site configuration's note for this recommendation "
                                  "(RULES §16), or null")


class Pitfall(BaseModel):
    model_config = _FROZEN
    id: str
    title: str
    text: str
    sources: list[str]


class NotAssessed(BaseModel):
    model_config = _FROZEN
    output: str = Field(description="Output key that is null")
    needs: list[str] = Field(description="Input keys, any of which would settle it")
    message: str


class CtcaeGrades(BaseModel):
    """CTCAE v5.0 grades; null when the count was not given."""

    model_config = _FROZEN
    wbc: int
    neutrophils: int | None
    lymphocytes: int | None
    platelets: int | None
    anemia: int | None


class PlateletTransfusion(BaseModel):
    model_config = _FROZEN
    category: PlateletCategory
    transfuse_now: bool | None
    reasons: list[str] = Field(description="prophylactic, fever, infection, bleeding, procedure")
    threshold: str = Field(description="The band of the rule that applied")
    procedure_threshold: float | None = Field(
        description="Transfuse below this before the planned procedure, ×10⁹/L")
    higher_threshold_note: bool = Field(description="APL: a higher threshold is used")
    sources: list[str]
    procedure_threshold_source: str | None = Field(
        default=None, description="The site configuration's source of procedure_threshold "
                                  "when the site sets it (RULES §16); null: RULES §8's")


class Filgrastim(BaseModel):
    model_config = _FROZEN
    mcg_per_kg: float
    weight_kg: float
    dose_mcg: float = Field(description="Exact daily dose, mcg")
    nearest_vial_mcg: float
    deviation_pct: float = Field(description="(vial − dose) / dose × 100, signed")
    tie: bool
    within_tolerance: bool
    tolerance_pct: float
    formula: str
    sources: list[str]


class Mascc(BaseModel):
    """The MASCC index (RULES §11): ``min``/``max`` bound it while items are unanswered;
    all null under 18 (validated in adults)."""

    model_config = _FROZEN
    score: int | None = Field(description="0-26; null while unanswered items leave it open")
    min: int | None = Field(description="Unanswered items counted 0")
    max: int | None = Field(description="Unanswered items counted at full points")
    risk: str | None = Field(description="low (21 or more) | high (20 or less) | null")


class Cisne(BaseModel):
    """CISNE (RULES §11): only for a clinically stable solid tumour after mild-to-moderate
    chemotherapy."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True,
                              serialize_by_alias=True, validate_by_name=True)
    applicable: bool | None = Field(description="false: a gate fails (score null); null: a "
                                                "gate item is unanswered (score shown 'if "
                                                "applicable')")
    score: int | None = Field(description="0-8; null while unanswered items leave it open")
    min: int | None
    max: int | None
    class_: str | None = Field(alias="class",
                               description="low (0) | intermediate (1-2) | high (3 or more)")


class FnRisk(BaseModel):
    model_config = _FROZEN
    mascc: Mascc
    cisne: Cisne
    disposition: str | None = Field(
        description="outpatient_candidate | inpatient_candidate | null (not febrile "
                    "neutropenia, or not decided: see not_assessed)")


class ScoreItem(BaseModel):
    model_config = _FROZEN
    item: str = Field(description="The item's id in the rule table")
    label: str
    points: int | None = Field(description="Points scored; null while unanswered")
    max_points: int


class FnRiskDetail(BaseModel):
    """What the FN risk outputs rest on, item by item, for the window and the hand-off."""

    model_config = _FROZEN
    mascc_items: list[ScoreItem]
    cisne_items: list[ScoreItem]
    cisne_not_applicable: list[str] = Field(
        description="The CISNE gate items that fail: solid_tumour, clinically_stable, "
                    "mild_to_moderate_chemo")
    outpatient_high_risk: list[str] = Field(
        description="Clinical high-risk criteria for outpatient care (IDSA) that hold")
    outpatient_high_risk_not_assessed: list[str] = Field(
        description="Criteria not known to be absent")


class EffectiveLln(BaseModel):
    """The lower limits of normal the grades used (Duffy-null applied)."""

    model_config = _FROZEN
    wbc: float
    anc: float
    lymphocytes: float
    platelets: float
    hemoglobin: float


class Assessment(BaseModel):
    model_config = _FROZEN
    rules_version: str
    ctcae_version: str
    anc: float | None = Field(description="ANC, ×10⁹/L, unrounded")
    anc_source: str | None = Field(description="given | differential")
    anc_display: str | None = Field(description="ANC as shown: never rounded across a "
                                                "threshold")
    alc: float | None = Field(description="Absolute lymphocyte count, ×10⁹/L")
    amc: float | None = Field(description="Absolute monocyte count, ×10⁹/L")
    anc_upper_bound: float | None = Field(
        description="With no ANC and no differential: the WBC, which the ANC cannot exceed "
                    "(RULES §2a); else null")
    anc_class: AncClass | None
    needs_active_management: bool | None = Field(description="ANC < 1.0 (seed tier)")
    leukopenia: bool
    leukopenia_tier: LeukopeniaTier
    ctcae: CtcaeGrades
    fever: bool | None
    febrile_neutropenia: bool | None
    ctcae_febrile_neutropenia: bool | None
    immediate_antibiotics: bool | None
    high_risk_features: list[str]
    high_risk_not_assessed: list[str]
    consider_gcsf: bool | None
    hyperleukocytosis: bool
    platelet_transfusion: PlateletTransfusion | None
    filgrastim: Filgrastim | None
    severity_level: int | None = Field(
        ge=0, le=4, description="The neutrophil gauge: 0 normal, 1 mild, 2 moderate, 3 severe, "
                                "4 profound; null when no ANC and a WBC of 1.5 or more")
    severity_label: str | None = Field(description="The ANC class the level stands for")
    severity_basis: str | None = Field(
        description="anc_class (the ANC) | wbc_bound (no ANC: the WBC bounds it) | null")
    gauge_marks: list[str] = Field(
        description="Marks beside the gauge, whatever the level: hyperleukocytosis (WBC "
                    "above 100), lymphopenia (lymphocytes CTCAE grade 3 or 4)")
    cytopenia_pattern: str | None = Field(
        description="none | isolated | bicytopenia | pancytopenia: how many of WBC, "
                    "hemoglobin and platelets are below their LLN; null when a missing count "
                    "could change it")
    effective_lln: EffectiveLln
    fn_risk: FnRisk = Field(description="MASCC, CISNE and the disposition (RULES §11)")
    fn_risk_detail: FnRiskDetail
    trend: Trend | None = Field(description="The serial counts' trend (RULES §13); null "
                                            "without a history")
    trend_episodes: TrendEpisodes | None = Field(
        description="Where the severe and profound episodes of the trend begin and how far "
                    "apart the counts around them were; null without a history")
    trend_points: list[TrendPoint] = Field(
        description="The points of the trend in time order, the current counts last, in "
                    "×10⁹/L and g/dL (for a plot); empty without a history")
    recommendations: list[Recommendation]
    pitfalls: list[Pitfall] = Field(description="Pitfalls that apply to these inputs")
    not_assessed: list[NotAssessed]
    inputs: PatientInputs
