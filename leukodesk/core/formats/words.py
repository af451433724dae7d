"""The assessment's answers in words, once, for every text made of it (rule set 2026.2):
``assess --text`` (:mod:`.summary`), the copy-to-note text and the PDF (:mod:`.note`).

- §5 the neutrophil gauge, one vocabulary: level 0 "no neutropenia", 4 "profound"; with no
  ANC the class the WBC bound settles ("severe or worse — ANC not measured") or nothing
  ("ANC not measured" and the WBC grade); the marks beside it whatever the level; never a
  bare "no neutropenia" beside an EMERGENCY ("see ACT NOW").
- §6 never a bare "no": FN, antibiotics and the rest say what would make them yes, name
  the rule that decided antibiotics, and say when the WBC bound (not an ANC) decided.
- §7 one line for the high-risk features; the filgrastim heading "if G-CSF is used".
- §8 the platelet categories, reasons and bleeding states in words; §9 the cytopenia
  pattern.

Pure functions of an :class:`Assessment`; thresholds are read from rules.py at call time.
"""

from __future__ import annotations

from leukodesk.core.contract.outputs import Assessment, PlateletTransfusion
from leukodesk.core.formats.display import plain_input
from leukodesk.core.formats.gauge_words import LEVEL_WORDS, MARK_WORDS, WBC_GRADE_WORDS
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.table.words import feature_words

COUNT = rules.COUNT
ACT_NOW = "see ACT NOW (the EMERGENCY advice)"

# §5: one vocabulary for the gauge, everywhere; "life-threatening" is never a class.
CLASS_LEVEL = {"normal": 0, "mild": 1, "moderate": 2, "severe": 3, "profound": 4}

# The rules that decide immediate antibiotics (RULES §6), by the recommendation they give.
ANTIBIOTIC_RULES = (
    ("fn_antibiotics", "febrile neutropenia (IDSA/ASCO)"),
    ("neutropenic_sepsis_antibiotics", "neutropenic sepsis as NICE defines it"),
    ("suspected_sepsis_antibiotics",
     "ANC not measured: treat as suspected neutropenic sepsis (NICE)"),
)
# URGENT prompts that hold an answer open until the clinician acts (RULES §6).
PROMPTS = {
    "fn_answer_48h": "answer the 48-hour question now",
    "remeasure_temperature": "re-measure the temperature within the hour; if the patient is "
                             "unwell, treat as FN now",
    "hypothermia_check": "look for signs of infection now; if there are any, antibiotics at "
                         "once",
}

CATEGORY_WORDS = {
    "indicated": "Indicated",
    "indicated_if_fever_or_infection": "Indicated if fever or infection",
    "only_for_bleeding": "Only for bleeding",
    "not_indicated": "Not indicated",
    "not_routine_chronic": "Not routine in chronic bone-marrow failure",
}
REASON_WORDS = {"prophylactic": "prophylactic", "fever": "fever", "infection": "infection",
                "bleeding": "bleeding", "procedure": "before the planned procedure",
                "apl": "APL"}
BLEEDING_WORDS = {"none": "none",
                  "clinically_significant": "clinically significant (WHO grade 2)",
                  "severe_or_critical_site": "severe or at a critical site (WHO grade 3-4, "
                                             "CNS, posterior eye)"}
PATTERN_WORDS = {"none": "none of WBC, hemoglobin and platelets below the LLN",
                 "isolated": "isolated (one of WBC, hemoglobin and platelets below the LLN)",
                 "bicytopenia": "bicytopenia (two of WBC, hemoglobin and platelets below the "
                                "LLN): suggests reduced marrow production",
                 "pancytopenia": "pancytopenia (WBC, hemoglobin and platelets all below the "
                                 "LLN): suggests reduced marrow production"}


def _ids(a: Assessment) -> set[str]:
    return {r.id for r in a.recommendations}


def has_emergency(a: Assessment) -> bool:
    return any(r.urgency.value == "emergency" for r in a.recommendations)


def act_now_lines(a: Assessment) -> list[str]:
    """What the ACT NOW strip lists: the name of each emergency's rule, once, most
    urgent first (the full texts are the recommendations). Empty with no emergency."""
    return list(dict.fromkeys(r.why.rule for r in a.recommendations
                              if r.urgency.value == "emergency"))


def not_assessed_words(a: Assessment, output: str) -> str:
    """"not assessed — enter …" for ``output``, as the core's not-assessed list says it."""
    for n in a.not_assessed:
        if n.output == output:
            _, _, said = n.message.partition(": ")
            return said.rstrip(".") or "not assessed"
    return "not assessed"


def count(value: float, lln: float | None = None) -> str:
    return plain_input(value, COUNT, lln)


def wbc_words(a: Assessment) -> str:
    return f"{count(a.inputs.wbc, a.effective_lln.wbc)} {COUNT}"


# --- §5 the gauge ----------------------------------------------------------------------
def gauge_words(a: Assessment) -> str:
    """The neutrophil gauge in words (RULES §5), one vocabulary."""
    level = a.severity_level
    if level is None:
        grade = a.ctcae.wbc
        text = (f"ANC not measured; WBC {wbc_words(a)} is "
                f"{WBC_GRADE_WORDS[grade]} (CTCAE grade {grade})")
    elif a.severity_basis == "wbc_bound":
        word = LEVEL_WORDS[level].upper()
        worse = "" if level == len(LEVEL_WORDS) - 1 else " or worse"
        text = (f"{word}{worse} (level {level} of 4) — ANC not measured: it cannot exceed "
                f"the WBC, {wbc_words(a)}")
    else:
        text = f"{LEVEL_WORDS[level].upper()} (level {level} of 4, from the ANC class)"
    if (level is None or level == 0) and has_emergency(a):
        text += f"; {ACT_NOW}"
    return text


def gauge_marks_words(a: Assessment) -> str:
    """The marks beside the gauge, in words, whatever the level ("" when none)."""
    return "; ".join(MARK_WORDS.get(m, m) for m in a.gauge_marks)


def anc_missing_words(a: Assessment) -> str:
    """With no ANC: what the WBC bounds it by (RULES §2a)."""
    bound = a.anc_upper_bound if a.anc_upper_bound is not None else a.inputs.wbc
    return f"at most the WBC, {count(bound)} {COUNT} (the ANC cannot exceed it)"


# --- §6 fever, FN, antibiotics ----------------------------------------------------------
def _temp(a: Assessment) -> str:
    t = a.inputs.temperature_c
    return "" if t is None else f"{plain_input(t, '°C')} °C"


def _febrile_reading(a: Assessment) -> bool:
    """Fever, or a reading at or above the sustained-fever threshold (NICE counts above
    38.0 once): the patient is treated as febrile in the wording."""
    t = a.inputs.temperature_c
    return a.fever is True or (t is not None and t >= float(rules.FEVER_SUSTAINED_FROM.value))


def not_fn_unless() -> str:
    return (f"not FN unless a fall below {rules.FN_ANC_BELOW.text} within "
            f"{rules.FN_FALL_WITHIN_HOURS.text} h is expected")


def _bound_decided(a: Assessment) -> str:
    """When the WBC bound, not an ANC, decided (RULES §2a)."""
    return (f"ANC not measured: the WBC is {wbc_words(a)} and the ANC cannot exceed it — "
            "measure the ANC")


def fever_words(a: Assessment) -> str:
    if a.fever is None:
        return not_assessed_words(a, "fever")
    if a.fever:
        return f"YES ({_temp(a)}{', sustained' if a.inputs.fever_sustained_1h else ''})"
    t = a.inputs.temperature_c
    if t is not None and t >= float(rules.FEVER_SUSTAINED_FROM.value):
        return (f"no — a single {_temp(a)}, not sustained over "
                f"{rules.FEVER_SUSTAINED_HOURS.text} hour")
    return f"no ({_temp(a)})"


def fn_words(a: Assessment) -> str:
    """FN (IDSA/ASCO), never a bare "no" (RULES §6)."""
    fn = a.febrile_neutropenia
    if fn is None:
        text = not_assessed_words(a, "febrile_neutropenia")
        return text + (" (URGENT: see the advice)" if "fn_answer_48h" in _ids(a) else "")
    if fn:
        if a.anc is None:
            return f"YES — {_bound_decided(a)}"
        if a.anc >= float(rules.FN_ANC_BELOW.value):
            return (f"YES — fever with a fall below {rules.FN_ANC_BELOW.text} expected within "
                    f"{rules.FN_FALL_WITHIN_HOURS.text} h")
        return "YES"
    if a.fever is None:
        return f"no at any temperature — {not_fn_unless()}"
    if a.fever:
        return f"no — {not_fn_unless()}"
    return "no — no fever by IDSA"


def ctcae_fn_words(a: Assessment) -> str:
    fn = a.ctcae_febrile_neutropenia
    if fn is None:
        return not_assessed_words(a, "ctcae_febrile_neutropenia")
    if fn:
        return "YES" + ("" if a.anc is not None else f" — {_bound_decided(a)}")
    return (f"no (grade 3 needs ANC below {rules.CTCAE_FN_ANC_BELOW.text} with a single "
            f"temperature above {rules.CTCAE_FN_SINGLE_ABOVE.text} °C or "
            f"{rules.CTCAE_FN_SUSTAINED_FROM.text} °C or more sustained)")


def antibiotics_words(a: Assessment) -> str:
    """Immediate antibiotics: the rule that decided yes; what would make a "no" yes; what
    settles a "not assessed" (RULES §6)."""
    ids = _ids(a)
    value = a.immediate_antibiotics
    if value is None:
        prompts = [words for key, words in PROMPTS.items() if key in ids]
        text = not_assessed_words(a, "immediate_antibiotics")
        return text + ("".join(f"; URGENT: {p}" for p in prompts))
    if value:
        rules_said = [words for key, words in ANTIBIOTIC_RULES if key in ids]
        text = ("YES — " + "; ".join(rules_said)) if rules_said else "YES"
        if a.anc is None and ({"fn_antibiotics", "neutropenic_sepsis_antibiotics"} & ids):
            text += f"; {_bound_decided(a)}"
        return text
    if a.fever is None:
        return f"no at any temperature — {not_fn_unless()}"
    if a.fever:
        return f"no — {not_fn_unless()}; if it is, give them at once"
    if _febrile_reading(a):
        return (f"no — a single {_temp(a)} is not fever by IDSA, and with the ANC above "
                f"{rules.NICE_SEPSIS_ANC_AT_MOST.text} it is not neutropenic sepsis (NICE)")
    if a.inputs.systemic_infection_signs:
        return (f"no — no fever, and with an ANC above {rules.NICE_SEPSIS_ANC_AT_MOST.text} "
                "the signs of infection are not neutropenic sepsis (NICE)")
    return "no — no fever and no signs of systemic infection"


# --- §7 high-risk features and G-CSF --------------------------------------------------------
def high_risk_words(a: Assessment) -> str:
    """One line: the features found, and those not assessed (RULES §7). "none found" only
    when every feature is known absent."""
    words = feature_words()
    found = [words.get(c, c) for c in a.high_risk_features]
    unknown = [words.get(c, c) for c in a.high_risk_not_assessed]
    if found:
        text = ", ".join(found)
        return text + (f"; not assessed: {', '.join(unknown)}" if unknown else "")
    if unknown:
        return f"none of the assessed; not assessed: {', '.join(unknown)}"
    return "none found"


def gcsf_words(a: Assessment) -> str:
    if a.consider_gcsf is None:
        return not_assessed_words(a, "consider_gcsf")
    if a.consider_gcsf:
        return "YES — febrile neutropenia with a high-risk feature"
    if a.febrile_neutropenia is False:
        return "no — not febrile neutropenia"
    return "no — no high-risk feature: routine G-CSF is not recommended in FN"


def filgrastim_heading(a: Assessment) -> str:
    """" (if G-CSF is used)" whenever G-CSF is not indicated (RULES §7), else ""."""
    return "" if a.consider_gcsf is True else " (if G-CSF is used)"


# --- §8 platelets ------------------------------------------------------------------------
def transfusion_words(a: Assessment, p: PlateletTransfusion) -> str:
    """"Indicated (≤ 10 ×10⁹/L); transfuse now: YES (prophylactic)" and the like."""
    category = CATEGORY_WORDS.get(p.category.value, p.category.value.replace("_", " "))
    if p.transfuse_now is None:
        now = not_assessed_words(a, "platelet_transfusion.transfuse_now")
    elif p.transfuse_now:
        now = "YES" + (f" ({', '.join(REASON_WORDS.get(r, r) for r in p.reasons)})"
                       if p.reasons else "")
    else:
        now = "no" + ("" if a.inputs.bleeding.value != "none" else _transfuse_when(p))
    return f"{category} ({p.threshold}); transfuse now: {now}"


def _transfuse_when(p: PlateletTransfusion) -> str:
    c = p.category.value
    if c == "indicated_if_fever_or_infection":
        return " — transfuse if fever or infection appears"
    if c == "only_for_bleeding":
        return " — only for bleeding or before a procedure"
    if c == "not_routine_chronic":
        return (" — prophylactic transfusion is not routine in chronic bone-marrow failure: "
                "transfuse for bleeding or before procedures; agree a plan with haematology")
    return ""


def bleeding_words(a: Assessment) -> str:
    """The bleeding state and what it means for platelets here ("" with no bleeding)."""
    state = a.inputs.bleeding.value
    if state == "none":
        return ""
    ids = _ids(a)
    text = f"Bleeding now: {BLEEDING_WORDS.get(state, state)}"
    if "plt_bleeding_not_count" in ids:
        text += (f" — at {rules.PLT_BLEEDING_SEVERE_BELOW.text} or more the platelet count "
                 "does not explain it: find and treat its cause")
    elif "plt_bleeding_watch" in ids:
        text += (f" — at {rules.PLT_BLEEDING_SIGNIFICANT_BELOW.text} or more the count is not "
                 "a reason to transfuse: transfuse if it becomes severe or at a critical site")
    elif "plt_bleeding" in ids:
        text += " — transfuse platelets for the bleeding"
    elif "bleeding_no_count" in ids:
        text += " — no platelet count: get one now"
    return text + " (an EMERGENCY whatever the count)"


def apl_words() -> str:
    return (f"APL: transfuse below {rules.APL_PLT_BELOW.text} {COUNT}, or below "
            f"{rules.APL_PLT_BLEEDING_BELOW.text} with any bleeding (ELN 2019)")


# --- §9 cytopenia pattern ----------------------------------------------------------------
def pattern_words(a: Assessment) -> str:
    if a.cytopenia_pattern is None:
        return not_assessed_words(a, "cytopenia_pattern")
    return PATTERN_WORDS.get(a.cytopenia_pattern, a.cytopenia_pattern)
