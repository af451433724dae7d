"""The FN risk of an assessment in words (RULES §11), once, for every hand-off: the
copy-to-note text and the PDF (:mod:`.note`, a section of its :class:`Handoff`) and
``leukodesk assess --text`` (:mod:`.summary`).

:func:`fn_risk_entries` gives the lines: the MASCC index with each item and its points
(or "min to max" and what is still to be answered, or "not computed under 18"), CISNE
with its gate (applies, does not apply and why, or not settled) and its class and items,
the clinical high-risk criteria for outpatient care (IDSA), where to treat in the core's
own words (the disposition recommendation: inpatient because …; an outpatient candidate
only after clinical judgement and a check of logistics and support at home, the first IV
dose here and at least 4 hours of observation; or not decided and what is still needed),
and, with a low MASCC, the pearls that qualify it.

**When the lines are shown** (:func:`fn_risk_shown`): when the patient has fever by IDSA
(febrile neutropenia included, settled or not), or when any FN risk item was answered
(``fn_risk`` has a member that is not null: the clinician asked the questions, for care
or for teaching). An afebrile patient with no item answered gets none of it: the "Not
assessed" list already says what the scores would need.

Pure functions of an :class:`Assessment`; thresholds are read from rules.py at call time.
"""

from __future__ import annotations

from leukodesk.core.content import cite, fn_risk_words
from leukodesk.core.contract.outputs import Assessment, ScoreItem
from leukodesk.core.formats.display import plain_input
from leukodesk.core.formats.handoff import Entry, Section
from leukodesk.core.rules import table
from leukodesk.core.rules import thresholds as rules
from leukodesk.core.rules.facts import CHOICE_WORDS
from leukodesk.core.rules.scores import Levels
from leukodesk.core.rules.table.s11_fn_risk import criteria_labels
from leukodesk.core.rules.table.words import needs_words

TITLE = "FN risk: MASCC, CISNE and where to treat"  # each line names its sources
DISPOSITION_RULES = ("fn_inpatient", "fn_outpatient_candidate", "fn_disposition_open")
# Each score's choice items (a level, not yes/no), by item id: the input they read.
_LEVELS = {item.name: item.fact for score in (table.MASCC, table.CISNE)
           for item in score.items if isinstance(item, Levels)}


def fn_risk_shown(a: Assessment) -> bool:
    """Whether the hand-off carries the FN risk lines: fever by IDSA, or any FN risk item
    answered (see the module docstring)."""
    answered = any(v is not None for v in a.inputs.fn_risk.model_dump().values())
    return a.fever is True or answered


def _range(low: int | None, high: int | None, items: list[ScoreItem]) -> str:
    most = sum(s.max_points for s in items)
    return f"{low} of {most}" if low == high else f"{low} to {high} of {most}"


def _value(a: Assessment, item: str) -> str:
    """The answer behind an item, where a figure or a choice says more than yes/no."""
    i, risk = a.inputs, a.inputs.fn_risk
    if item == "mascc_no_hypotension" and risk.systolic_bp_mmhg is not None:
        return f"{plain_input(risk.systolic_bp_mmhg, 'mmHg')} mmHg"
    if item == "mascc_age" and i.age_years is not None:
        return f"{plain_input(i.age_years, 'years')} years"
    if item == "mascc_tumour" and i.diagnosis.value != "none":
        fungal = risk.previous_fungal_infection
        told = "" if fungal is None else f", previous fungal infection: {_yes(fungal)}"
        return CHOICE_WORDS[i.diagnosis.value] + told
    if item == "cisne_ecog" and risk.ecog is not None:
        return f"ECOG {risk.ecog}"
    if item == "cisne_mucositis" and risk.mucositis_grade is not None:
        return f"grade {risk.mucositis_grade}"
    if item == "cisne_monocytes" and a.amc is not None:
        return f"{plain_input(a.amc, rules.COUNT)} {rules.COUNT}"
    return ""


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _items(a: Assessment, items: list[ScoreItem]) -> list[Entry]:
    """One line per answered item ("No COPD: yes → 4 of 4", "Burden of illness: severe
    symptoms → 0 of 5"), then one line for those not answered, each with the points it
    could add ("No COPD, up to 4")."""
    entries = []
    for s in items:
        if s.points is None:
            continue
        fact = _LEVELS.get(s.item)
        answer = (CHOICE_WORDS[getattr(a.inputs.fn_risk, fact).value] if fact
                  else _yes(s.points > 0))
        value = _value(a, s.item)
        entries.append(Entry(f"{s.label}: {answer}{f' ({value})' if value else ''} → "
                             f"{s.points} of {s.max_points}", marker="- ", level=1))
    unknown = [f"{s.label}, up to {s.max_points}" for s in items if s.points is None]
    if unknown:
        entries.append(Entry(f"Not answered: {'; '.join(unknown)}", marker="- ", level=1))
    return entries


def _open(items: list[ScoreItem]) -> str:
    n = sum(s.points is None for s in items)
    return f"{n} item{'' if n == 1 else 's'} not answered"


def _mascc(a: Assessment) -> list[Entry]:
    m, items = a.fn_risk.mascc, a.fn_risk_detail.mascc_items
    if m.min is None:
        return [Entry(f"MASCC index: {fn_risk_words().under_18} [{cite(['MASCC-2000'])}]")]
    low, high = rules.MASCC_LOW_FROM.text, rules.MASCC_HIGH_AT_MOST.text
    head = f"MASCC index [{cite(['MASCC-2000'])}]: {_range(m.min, m.max, items)}"
    unsettled = "" if m.score is not None else f", whatever the {_open(items)}"
    if m.risk is not None:
        head += f" — {fn_risk_words().mascc_risk[m.risk]}{unsettled}"
    else:
        head += f" — low ({low} or more) or high ({high} or less) not decided: {_open(items)}"
    return [Entry(head), *_items(a, items)]


def _gate_needs(a: Assessment) -> str:
    """The CISNE gate items not answered, as the "not assessed" list asks for them."""
    risk, asked = a.inputs.fn_risk, needs_words()
    keys = [key for key, unknown in (("diagnosis", a.inputs.diagnosis.value == "none"),
                                     ("fn_risk.clinically_stable",
                                      risk.clinically_stable is None),
                                     ("fn_risk.chemo_intensity", risk.chemo_intensity is None))
            if unknown]
    return " or ".join(asked[k] for k in keys)


def _cisne(a: Assessment) -> list[Entry]:
    c, detail = a.fn_risk.cisne, a.fn_risk_detail
    name = ("CISNE" if c.applicable is not None else "CISNE, if it applies") \
        + f" [{cite(['CISNE-2015'])}]"
    if c.applicable is False:
        why = "; ".join(fn_risk_words().cisne_gate[g] for g in detail.cisne_not_applicable)
        return [Entry(f"{name}: not applicable — {why}")]
    items = detail.cisne_items
    head = f"{name}: {_range(c.min, c.max, items)}"
    if c.class_ is not None:
        head += f" — {fn_risk_words().cisne_class[c.class_]}"
        head += "" if c.score is not None else f", whatever the {_open(items)}"
    else:
        head += f" — class not decided: {_open(items)}"
    if c.applicable:
        head += ("; it applies: solid tumour, clinically stable, mild-to-moderate "
                 "chemotherapy")
    else:
        head += f"; whether it applies is not settled: enter {_gate_needs(a)}"
    entries = [Entry(head), *_items(a, items)]
    if c.applicable:
        entries.append(Entry(fn_risk_words().cisne_note, level=1))
    return entries


def _criteria(a: Assessment) -> Entry:
    """The clinical high-risk criteria for outpatient care (IDSA): those that hold, and
    those not known to be absent; "none" only when every one is known absent."""
    labels = criteria_labels()
    found = [labels[c] for c in a.fn_risk_detail.outpatient_high_risk]
    unknown = [labels[c] for c in a.fn_risk_detail.outpatient_high_risk_not_assessed]
    text = "; ".join(found) if found else "none" if not unknown else "none of the assessed"
    if unknown:
        text += f"; not known to be absent: {'; '.join(unknown)}"
    return Entry(f"High risk for outpatient care (IDSA) "
                 f"[{cite(['IDSA-2010', 'ASCO-IDSA-2018-FIG2'])}]: "
                 f"{text}", strong=bool(found))


def _where(a: Assessment) -> Entry:
    """Where to treat: the disposition recommendation as the advice gives it."""
    for r in a.recommendations:
        if r.id in DISPOSITION_RULES:
            text = r.text[0].lower() + r.text[1:] if r.text[1:2].islower() else r.text
            return Entry(f"Where to treat — {text} [{cite(r.sources)}]", strong=True)
    if a.febrile_neutropenia is None:
        return Entry("Where to treat — decided once febrile neutropenia is settled (see FN "
                     "above); the scores are shown ahead of it.")
    return Entry(fn_risk_words().not_fn)


def _pearls(a: Assessment) -> list[Entry]:
    """The pearls of RULES §11, with a low MASCC only: each one qualifies a low score
    (complications still happen; depth and duration are not scored; severe symptoms can
    still reach it), and a note that carries them under every score says nothing."""
    if a.fn_risk.mascc.risk != "low":
        return []
    words = fn_risk_words()
    return [Entry(f"A low MASCC score, read with care [{cite(words.pearl_sources)}]:"),
            *(Entry(p, marker="- ", level=1) for p in words.pearls)]


def fn_risk_entries(a: Assessment) -> tuple[Entry, ...]:
    """The FN risk lines of ``a`` (empty when :func:`fn_risk_shown` is false): MASCC
    with its items, CISNE with its gate and items, the IDSA criteria, where to treat, and
    with a low MASCC the pearls. Items are at level 1 under their score."""
    if not fn_risk_shown(a):
        return ()
    return (*_mascc(a), *_cisne(a), _criteria(a), _where(a), *_pearls(a))


def fn_risk_section(a: Assessment) -> Section | None:
    """The FN risk lines as a hand-off section (None when they are not shown)."""
    entries = fn_risk_entries(a)
    return Section(TITLE, entries) if entries else None
