"""Clinical thresholds of rule set 2026.2, each with the source ids it rests on.

Every number the core compares against lives here, once. Values are ``Decimal`` so
that a count typed as 0.5 compares exactly with 0.5 (no binary floating-point drift),
and each constant records which side of the threshold is inclusive in its docstring
comment. Source ids refer to ``content/sources.json`` (the register of EVIDENCE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

RULES_VERSION = "2026.2"
# The dose calculator follows RULES §10 and §15 of 2026.2 (issue 18).
DOSE_RULES_VERSION = "2026.2"
CTCAE_VERSION = "5.0"


def written(value: Decimal) -> str:
    """A threshold as the rule set writes it: its own digits, never an exponent and never
    rounded ("1.0", "0.5", "38.3", "100"), as in RULES.md and in every comparison the app
    shows ("ANC 0.080 < 0.5 ×10⁹/L"). Not :func:`~leukodesk.core.formats.display.plain`, which
    drops the trailing zero of a measured figure ("1.0" would read "1").

    Never cached by value: Decimal("10") == Decimal("10.0"), so a cache would write one
    as the other (each :class:`Threshold` keeps its own ``text`` instead). ``format`` only
    where ``str`` would use an exponent."""
    text = str(value)
    return format(value, "f") if "E" in text else text


@dataclass(frozen=True)
class Threshold:
    """A clinical cut-point: its value (canonical unit), unit and the sources behind it.
    ``text`` is the value as the rule set writes it (:func:`written`), made once;
    ``site_source`` the source text of a site configuration's own cut-point (RULES §16)."""

    value: Decimal
    unit: str
    sources: tuple[str, ...]
    site_source: str | None = None
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", written(self.value))


def _t(value: str, unit: str, *sources: str) -> Threshold:
    return Threshold(Decimal(value), unit, tuple(sources))


COUNT = "×10⁹/L"

# --- ANC severity classes (RULES §5): normal ≥ 1.5; mild 1.0 ≤ ANC < 1.5;
# moderate 0.5 ≤ ANC < 1.0; severe 0.1 ≤ ANC < 0.5; profound ANC < 0.1.
ANC_NORMAL_FROM = _t("1.5", COUNT, "GLOBALRPH", "BMC-2014")
ANC_MILD_FROM = _t("1.0", COUNT, "GLOBALRPH", "BMC-2014")
ANC_MODERATE_FROM = _t("0.5", COUNT, "GLOBALRPH", "BMC-2014", "MIMS-FN")
ANC_SEVERE_FROM = _t("0.1", COUNT, "MIMS-FN")

# Seed management tier: ANC < 1.0 (CTCAE grade ≥ 3) needs active management.
ANC_ACTIVE_MANAGEMENT_BELOW = _t("1.0", COUNT, "SEED", "CTCAE-ADMIRAL")

# --- Leukopenia (RULES §5): mild leukopenia 3.0 ≤ WBC < LLN.
WBC_MILD_LEUKOPENIA_FROM = _t("3.0", COUNT, "SEED", "CTCAE-ADMIRAL")

# --- CTCAE v5.0 lower bounds of grades 2, 3 and 4 (value < bound → that grade or worse).
# Grade 2 when value < g2 bound, grade 3 when < g3 bound, grade 4 when < g4 bound.
CTCAE_WBC = (_t("3.0", COUNT, "CTCAE-ADMIRAL"), _t("2.0", COUNT, "CTCAE-ADMIRAL"),
             _t("1.0", COUNT, "CTCAE-ADMIRAL"))
CTCAE_NEUTROPHILS = (_t("1.5", COUNT, "CTCAE-ADMIRAL"), _t("1.0", COUNT, "CTCAE-ADMIRAL"),
                     _t("0.5", COUNT, "CTCAE-ADMIRAL"))
CTCAE_LYMPHOCYTES = (_t("0.8", COUNT, "CTCAE-ADMIRAL"), _t("0.5", COUNT, "CTCAE-ADMIRAL"),
                     _t("0.2", COUNT, "CTCAE-ADMIRAL"))
CTCAE_PLATELETS = (_t("75", COUNT, "CTCAE-ADMIRAL"), _t("50", COUNT, "CTCAE-ADMIRAL"),
                   _t("25", COUNT, "CTCAE-ADMIRAL"))
# Anemia has no numeric grade 4 (clinical only): grade 2 below 10.0, grade 3 below 8.0 g/dL.
CTCAE_ANEMIA = (_t("10.0", "g/dL", "CTCAE-ADMIRAL"), _t("8.0", "g/dL", "CTCAE-ADMIRAL"))

# --- Fever (IDSA, RULES §6): single ≥ 38.3 °C, or ≥ 38.0 °C sustained over 1 h.
FEVER_SINGLE_FROM = _t("38.3", "°C", "IDSA-2010", "ASCO-IDSA-2018-OUT")
FEVER_SUSTAINED_FROM = _t("38.0", "°C", "IDSA-2010", "ASCO-IDSA-2018-OUT")
# ... for 1 hour (IDSA "over a 1-h period"; CTCAE "more than one hour"): the input is a
# yes/no "sustained for 1 hour", taken as meeting both (EVIDENCE.md boundary table,
# row 9). Stated in the texts, not compared (no duration is entered).
FEVER_SUSTAINED_HOURS = _t("1", "hours", "IDSA-2010", "CTCAE-FN-COPY")
# CTCAE FN grade 3: single > 38.3 °C (strict), or ≥ 38.0 °C sustained; with ANC < 1.0.
CTCAE_FN_SINGLE_ABOVE = _t("38.3", "°C", "CTCAE-FN-COPY")
CTCAE_FN_SUSTAINED_FROM = _t("38.0", "°C", "CTCAE-FN-COPY")
CTCAE_FN_ANC_BELOW = _t("1.0", COUNT, "CTCAE-FN-COPY")

# --- Febrile neutropenia (IDSA/ASCO): ANC < 0.5, or expected to fall below 0.5 within 48 h.
FN_ANC_BELOW = _t("0.5", COUNT, "IDSA-2010", "ASCO-IDSA-2018-OUT")
# ... the window of that expected fall: within the next 48 h (≤ 48 h ahead). The input is
# the yes/no/unknown answer to this question (RULES §2a, §6).
FN_FALL_WITHIN_HOURS = _t("48", "hours", "IDSA-2010", "ASCO-IDSA-2018-OUT")
# With fever and the 48-h answer not "yes", 0.5 ≤ ANC < 1.0 is the band to reassess.
FN_REASSESS_BELOW = _t("1.0", COUNT, "IDSA-2010", "NICE-CG151")
# NICE counts neutropenic sepsis at ANC ≤ 0.5 (inclusive), where IDSA/ASCO need < 0.5:
# named in the reassess advice (RULES §6), not compared.
NICE_SEPSIS_ANC_AT_MOST = _t("0.5", COUNT, "NICE-CG151")
# (2026.2) With the 48-h answer unknown, a febrile patient on myelosuppressive chemotherapy
# with 1.0 ≤ ANC < 2.0 is asked the question (a count on chemotherapy can fall fast). Fixed:
# never the Duffy-null or a site's LLN (RULES §6).
FN_ASK_ON_CHEMO_BELOW = _t("2.0", COUNT, "IDSA-2010")
# (2026.2) Neutropenic sepsis as NICE defines it: ANC ≤ 0.5 (NICE_SEPSIS_ANC_AT_MOST) with a
# single temperature above 38.0 °C (strict), or fever, or signs of systemic infection.
NICE_SEPSIS_TEMP_ABOVE = _t("38.0", "°C", "NICE-CG151")
# (2026.2) Borderline temperature: a single 38.0 ≤ T < 38.3 °C (not sustained) while the ANC
# is below 1.0 prompts a re-measure within the hour; ESMO counts two readings above 38.0 °C
# over 2 hours (stated, not compared).
BORDERLINE_TEMP_FROM = _t("38.0", "°C", "IDSA-2010", "ESMO-2016")
BORDERLINE_ANC_BELOW = _t("1.0", COUNT, "IDSA-2010")
ESMO_TWO_READINGS_HOURS = _t("2", "hours", "ESMO-2016")
# (2026.2) Hypothermia: T < 36.0 °C with ANC < 0.5 and no signs of infection ticked.
HYPOTHERMIA_BELOW = _t("36.0", "°C", "IDSA-2010", "ASCO-IDSA-2018-PROPH")
HYPOTHERMIA_ANC_BELOW = _t("0.5", COUNT, "IDSA-2010", "ASCO-IDSA-2018-PROPH")
# Immediate antibiotics: first dose within 1 h of triage (at most 1 h; RULES §6). A target
# the advice states, not compared (no triage time is entered).
ANTIBIOTICS_WITHIN_HOURS = _t("1", "hours", "ASCO-IDSA-2018-OUT")

# --- High-risk features in established FN (RULES §7, seed).
HR_ANC_AT_MOST = _t("0.1", COUNT, "SEED")          # ANC ≤ 0.1
HR_DURATION_FROM_DAYS = _t("10", "days", "SEED")   # expected duration ≥ 10 days
HR_AGE_ABOVE_YEARS = _t("65", "years", "SEED")     # age > 65

# --- FN risk (RULES §11). MASCC [MASCC-2000][MASCC-SOC]: no hypotension = SBP > 90 (90 is
# hypotension); age < 60 scores (60 does not); total ≥ 21 low risk, ≤ 20 high risk; adults
# (≥ 18) only.
MASCC_SBP_ABOVE = _t("90", "mmHg", "MASCC-SOC", "MASCC-2000")
MASCC_AGE_BELOW = _t("60", "years", "MASCC-2000")
MASCC_LOW_FROM = _t("21", "points", "MASCC-2000")
MASCC_HIGH_AT_MOST = _t("20", "points", "MASCC-2000")
MASCC_ADULT_FROM = _t("18", "years", "MASCC-2000", "CONV")
# CISNE [CISNE-2015]: ECOG ≥ 2 and mucositis grade ≥ 2 score; monocytes < 0.2 score (0.2
# does not); 0 low, 1–2 intermediate, ≥ 3 high.
CISNE_ECOG_FROM = _t("2", "", "CISNE-2015")
CISNE_MUCOSITIS_FROM = _t("2", "", "CISNE-2015")
CISNE_MONOCYTES_BELOW = _t("0.2", COUNT, "CISNE-2015")
CISNE_LOW_AT_MOST = _t("0", "points", "CISNE-2015")
CISNE_INTERMEDIATE_AT_MOST = _t("2", "points", "CISNE-2015", "ASCO-IDSA-2018-FIG2")
CISNE_HIGH_FROM = _t("3", "points", "CISNE-2015", "ASCO-IDSA-2018-FIG2")
# High risk for outpatient care (IDSA): expected neutropenia over 7 days; profound ANC ≤ 0.1;
# SBP ≤ 90. An outpatient candidate gets the first IV dose here, observed ≥ 4 hours.
OUTPATIENT_DURATION_ABOVE_DAYS = _t("7", "days", "IDSA-2010", "ASCO-IDSA-2018-FIG2")
OUTPATIENT_ANC_AT_MOST = _t("0.1", COUNT, "IDSA-2010", "ASCO-IDSA-2018-FIG2")
OUTPATIENT_OBSERVE_HOURS = _t("4", "hours", "ASCO-IDSA-2018-OUT", "ASCO-IDSA-2018-FIG2")

# --- (2026.2) Serial counts and their trend (RULES §13). An episode of severe (ANC < 0.5)
# or profound (ANC < 0.1) neutropenia runs from its first point below to the first later
# point at or above the edge (the class edges of §5).
TREND_SEVERE_BELOW = _t("0.5", COUNT, "IDSA-2010")
TREND_PROFOUND_BELOW = _t("0.1", COUNT, "IDSA-2010")
# IDSA high risk: profound neutropenia for more than 7 days (strict: 7 days is not).
PROFOUND_DAYS_ABOVE = _t("7", "days", "IDSA-2010")
# Neutrophil recovery: the first of 3 points on 3 consecutive calendar days, each with
# ANC ≥ 0.5 (inclusive), after the nadir.
RECOVERY_ANC_FROM = _t("0.5", COUNT, "ASTCT-2019", "BMT-2002")
RECOVERY_CONSECUTIVE_DAYS = _t("3", "days", "ASTCT-2019", "BMT-2002")
# A falling ANC (the last two ANCs) while the ANC is below 1.0 (strict) is a reason to
# escalate now: the seed's active-management tier, and the dynamic DMW 2017 asks about.
TREND_ESCALATE_ANC_BELOW = _t("1.0", COUNT, "SEED", "DMW-2017")
# The filgrastim stop (GCSF_STOP_ANC, ANC > 10) counts as reached only after a real nadir:
# one below 1.0 (strict), sought after the end of the last chemotherapy and passed.
STOP_NADIR_BELOW = _t("1.0", COUNT, "NEUPOGEN-PI", "CONV")
# The 48-hour projection (a hint, never the answer to the 48-hour question): the last ANC
# plus FN_FALL_WITHIN_HOURS of the last slope, below FN_ANC_BELOW [CONV].

# --- (2026.2) G-CSF prophylaxis before a cycle (RULES §14). Regimen FN risk ≥ 20 %
# (inclusive: ASCO 2015 "approximately 20 % or higher", EORTC 2010 "≥ 20 %"; NCCN counts
# exactly 20 as intermediate, which is noted) → primary prophylaxis; 10 % ≤ risk < 20 %
# intermediate (patient risk factors decide); < 10 % low. Age ≥ 65 (inclusive, ASCO and
# EORTC) is a risk factor; NCCN uses > 65, noted at exactly 65.
PROPH_HIGH_FROM_PCT = _t("20", "%", "ASCO-CSF-2015", "EORTC-2010")
PROPH_INTERMEDIATE_FROM_PCT = _t("10", "%", "EORTC-2006", "NCCN-2017")
PROPH_AGE_FROM = _t("65", "years", "ASCO-CSF-2015", "EORTC-2006", "EORTC-2010")

# --- Hyperleukocytosis (RULES §9): WBC > 100 (strict).
HYPERLEUKOCYTOSIS_ABOVE = _t("100", COUNT, "SEED", "HYPERLEUK")

# --- (2026.2) CTCAE grade 3 or worse: a cytopenia that is not "modest" (RULES §9, MDS), and
# lymphopenia that raises the risk of opportunistic infection (§9a: ALC < 0.5).
CTCAE_SEVERE_GRADE = _t("3", "grade", "CTCAE-ADMIRAL")
LYMPHOPENIA_ALC_BELOW = _t("0.5", COUNT, "ASCO-IDSA-2018-PROPH", "CTCAE-ADMIRAL")
PJP_PREDNISONE_MG = _t("20", "mg/day", "ASCO-IDSA-2018-PROPH")
PJP_WEEKS = _t("4", "weeks", "ASCO-IDSA-2018-PROPH")

# --- Severe neutropenia for procedure advice (RULES §9): ANC < 0.5.
AVOID_INVASIVE_ANC_BELOW = _t("0.5", COUNT, "SEED", "IDSA-2010")

# --- Acute leukaemia prophylaxis (RULES §9): expected ANC < 0.1 for more than 7 days
# (the seed says two weeks; both are shown).
PROPHYLAXIS_DAYS_ABOVE = _t("7", "days", "ASCO-IDSA-2018-PROPH", "IDSA-2010")
# ... of an expected ANC below 0.1 (strict, "< 100 neutrophils/µL"); stated, not compared
# (the advice is given for every acute leukaemia whose expected duration allows it).
PROPHYLAXIS_ANC_BELOW = _t("0.1", COUNT, "ASCO-IDSA-2018-PROPH", "IDSA-2010")
PROPHYLAXIS_SEED_DAYS_FROM = _t("14", "days", "SEED")

# --- CMML (RULES §9): with < 10 % blasts (strict), supportive care. The diagnosis is
# chosen from a list ("CMML" means this one), so the blast count is stated, not compared.
CMML_BLASTS_BELOW_PCT = _t("10", "%", "SEED")

# --- Platelets (RULES §8): ≤ 10 indicated; > 10 and ≤ 20 if fever or infection;
# > 20 and < LLN only for bleeding; ≥ LLN not indicated.
PLT_PROPHYLACTIC_AT_MOST = _t("10", COUNT, "AABB-PLT-2015", "SEED")
PLT_FEVER_INFECTION_AT_MOST = _t("20", COUNT, "SEED")
# (2026.2) Bleeding [NICE-NG24]: clinically significant (WHO grade 2) → transfuse below 30;
# severe or at a critical site (WHO 3–4, CNS, posterior eye) → below 100. From 100 up the
# count does not explain the bleeding.
PLT_BLEEDING_SIGNIFICANT_BELOW = _t("30", COUNT, "NICE-NG24")
PLT_BLEEDING_SEVERE_BELOW = _t("100", COUNT, "NICE-NG24")
# (2026.2) APL [ELN-APL-2019]: transfuse below 30, or below 50 with any bleeding; keep
# fibrinogen above 1.0–1.5 g/L and the INR below 1.5 (stated, not compared).
APL_PLT_BELOW = _t("30", COUNT, "ELN-APL-2019", "APL-CA-2014")
APL_PLT_BLEEDING_BELOW = _t("50", COUNT, "ELN-APL-2019")
APL_FIBRINOGEN_LOW_G_L = _t("1.0", "g/L", "ELN-APL-2019")
APL_FIBRINOGEN_HIGH_G_L = _t("1.5", "g/L", "ELN-APL-2019", "APL-CA-2014")
APL_INR_BELOW = _t("1.5", "INR", "ELN-APL-2019")
# Planned procedures: transfuse when platelets are below the procedure's threshold.
PLT_PROCEDURE_BELOW = {
    "central_line": _t("20", COUNT, "AABB-PLT-2015"),
    "lumbar_puncture": _t("50", COUNT, "AABB-PLT-2015", "PLT-PROC"),
    "major_surgery": _t("50", COUNT, "AABB-PLT-2015", "PLT-PROC"),
    "neurosurgery_posterior_eye": _t("100", COUNT, "PLT-PROC"),
}
# Red cells, context only: restrictive threshold 7 g/dL; the note shows from CTCAE grade 3.
RBC_RESTRICTIVE = _t("7", "g/dL", "AABB-RBC-2016")
RBC_CONTEXT_BELOW = _t("8.0", "g/dL", "CTCAE-ADMIRAL")

# --- Unit slip (RULES §1): possible but extreme values are accepted with a warning.
EXTREME_ABOVE = {
    "wbc": _t("200", COUNT, "CONV"),
    "anc": _t("100", COUNT, "CONV"),
    "platelets": _t("1500", COUNT, "CONV"),
}
# A °C entry in this range is almost certainly °F (95–113 °F = 35–45 °C).
FAHRENHEIT_SLIP_RANGE = (Decimal("95"), Decimal("113"))

# --- Lower limits of normal (RULES §3), defaults; Duffy-null lowers the ANC LLN.
LLN_DEFAULTS = {
    "wbc": _t("4.0", COUNT, "MEDSCAPE-WBC", "FHIR-LAB"),
    "anc": _t("2.0", COUNT, "DUFFY", "FHIR-LAB"),
    "lymphocytes": _t("1.0", COUNT, "MEDSCAPE-WBC"),
    "platelets": _t("150", COUNT, "OPTIMALBLOOD"),
    "hemoglobin": _t("12.0", "g/dL", "CONV"),
}
DUFFY_NULL_ANC_LLN = _t("1.2", COUNT, "DUFFY")

# --- Filgrastim in the assessment (RULES §10): 5 mcg/kg/day, nearest of 300/480 mcg.
FILGRASTIM_MCG_PER_KG = _t("5", "mcg/kg/day", "NEUPOGEN-PI")
FILGRASTIM_PRESENTATIONS_MCG = (Decimal("300"), Decimal("480"))
ROUNDING_TOLERANCE_PCT_DEFAULT = _t("10", "%", "HOPA")

# --- G-CSF timing around chemotherapy (RULES §10); both edges of each window allowed.
# Filgrastim and tbo-filgrastim: first dose ≥ 24 h after chemotherapy, none < 24 h before
# the next; continue up to 2 weeks or until ANC ≥ 10 after the nadir; stop if ANC > 10.
GCSF_AFTER_CHEMO_HOURS = _t("24", "hours", "NEUPOGEN-PI", "GRANIX")
GCSF_BEFORE_NEXT_CHEMO_HOURS = _t("24", "hours", "NEUPOGEN-PI", "GRANIX")
GCSF_COURSE_DAYS = _t("14", "days", "NEUPOGEN-PI")
GCSF_STOP_ANC = _t("10", COUNT, "NEUPOGEN-PI", "GRANIX")   # reached: stop after the nadir
# Pegfilgrastim: not less than 24 h after the last chemotherapy nor 14 days before the next.
PEG_AFTER_CHEMO_HOURS = _t("24", "hours", "PEGFIL")
PEG_BEFORE_NEXT_CHEMO_DAYS = _t("14", "days", "PEGFIL")
# Timing by indication (2026.2, RULES §10): BMT first dose ≥ 24 h after the marrow infusion
# (exactly 24 h allowed); mobilisation starts ≥ 4 days before the first apheresis (exactly 4
# days allowed); BMT titration at ANC > 1.0 for 3 consecutive days; SCN keeps the ANC
# 1.5–10; H-ARS after exposure above 2 Gy.
BMT_AFTER_INFUSION_HOURS = _t("24", "hours", "NEUPOGEN-PI")
MOBILISATION_BEFORE_APHERESIS_DAYS = _t("4", "days", "NEUPOGEN-PI")
BMT_TITRATION_ANC = _t("1.0", COUNT, "NEUPOGEN-PI")
BMT_TITRATION_DAYS = _t("3", "days", "NEUPOGEN-PI")
BMT_REDUCED_MCG_PER_KG = _t("5", "mcg/kg/day", "NEUPOGEN-PI")
SCN_ANC_LOW = _t("1.5", COUNT, "NEUPOGEN-PI")
SCN_ANC_HIGH = _t("10", COUNT, "NEUPOGEN-PI")
H_ARS_EXPOSURE_GY = _t("2", "Gy", "NEUPOGEN-PI", "REMM")
H_ARS_STOP_ANC = _t("1.0", COUNT, "NEUPOGEN-PI", "REMM")
# Fixed-dose long-acting products (RULES §15): adults only, from 18 years (18 allowed).
FIXED_DOSE_MIN_AGE_YEARS = _t("18", "years", "ROLVEDON", "RYZNEUTA", "LONQUEX")


@cache
def thresholds_in(unit: str) -> tuple[Decimal, ...]:
    """Every threshold value of this rule set in ``unit`` (e.g. ``COUNT``, "°C", "years"),
    sorted: a figure written beside the results must read on the same side of each of
    them as the value used (RULES §1; see :func:`leukodesk.core.formats.display.plain_beside`).
    The laboratory's own LLNs are not among them: callers add the ones in force."""
    found: set[Decimal] = set()
    stack: list[object] = [v for k, v in globals().items() if k.isupper()]
    while stack:
        item = stack.pop()
        if isinstance(item, Threshold):
            if item.unit == unit:
                found.add(item.value)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, tuple):
            stack.extend(item)
    return tuple(sorted(found))


def _as_written(item: object) -> object:
    if isinstance(item, Threshold):
        return item.text
    if isinstance(item, Decimal):
        return written(item)
    if isinstance(item, dict):
        return {key: _as_written(v) for key, v in item.items()}
    if isinstance(item, tuple):
        return tuple(_as_written(v) for v in item)
    return item


@cache
def text_values() -> dict[str, object]:
    """Every threshold of this module as the texts state it, by constant name: the one
    place the words take their numbers from (built once; the window re-assesses on every
    keystroke). A text names a threshold as a format field with the constant's own name:
    ``{FN_ANC_BELOW}`` → "0.5", ``{CTCAE_WBC[1]}`` → "2.0", ``{LLN_DEFAULTS[wbc]}`` →
    "4.0". See :func:`leukodesk.core.content.with_thresholds`."""
    return {name: _as_written(value) for name, value in globals().items()
            if name.isupper() and isinstance(value, (Threshold, Decimal, dict, tuple))}
