"""What the FN risk section shows (RULES §11), as view data: :class:`FnRiskView`, from
:func:`fn_risk_view` of a state and of what the user chose to see under the disposition.

Every figure and every sentence of advice is the core's: the scores and their ranges from
``Assessment.fn_risk``, each item's points from ``fn_risk_detail``, the disposition in the
words and "why" of its recommendation (``fn_inpatient``, ``fn_outpatient_candidate``,
``fn_disposition_open``), what is missing from ``not_assessed``, and the words of the
risks, classes and gate, the pearls and the notes from ``content.fn_risk_words`` (shared
with the note and the PDF). The window adds only headings and marks, so that a score left
open by unanswered items reads as a range, never as a low or a high score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leukodesk.core import content
from leukodesk.ui.panels.advice import links_line, source_text, why_text
from leukodesk.ui.view_model import ViewState

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment, ScoreItem

# The disposition's recommendation → its heading and tone (words say what the tone does).
DISPOSITIONS = {
    "fn_inpatient": ("Where to treat: candidate for INPATIENT management", "urgent"),
    "fn_outpatient_candidate": ("Where to treat: candidate for OUTPATIENT management, only "
                                "after clinical judgement", "ok"),
    "fn_disposition_open": ("Where to treat: NOT DECIDED yet", "warning"),
}
CRITERIA_HEAD = ("High risk for outpatient care (IDSA) — not the high-risk features "
                 "for G-CSF:")
GATE_INPUTS = ("diagnosis", "fn_risk.clinically_stable", "fn_risk.chemo_intensity")
CISNE_GATE = ("CISNE applies only to a clinically stable solid tumour after "
              "mild-to-moderate chemotherapy")
FN_OPEN = ("Where to treat applies to febrile neutropenia, which these inputs do not "
           "settle yet (see the advice).")
NO_RESULT = {True: "Enter the counts to see results.",
             False: "No result while an input is invalid."}
ANSWERED, UNANSWERED, FOUND = "•", "?", "▲"
HIDE = ' · <a href="hide:">Hide</a>'

# What the area under the disposition shows: nothing (None), the "why" of the disposition
# ("why", "") or a source's reference ("source", id).
Selection = tuple[str, str] | None


@dataclass(frozen=True)
class FnRiskView:
    """Everything the FN risk section shows. ``fever``: the section comes forward."""

    fever: bool
    heading: str
    where: str
    tone: str          # "none", "ok", "warning" or "urgent"
    links: str         # rich text: the disposition's sources and its "Why?"
    detail: str        # the "why" or a source's reference, or ""
    criteria: str
    mascc_head: str
    mascc_items: str
    cisne_head: str
    cisne_items: str
    notes: str


def item_line(item: ScoreItem) -> str:
    """One score item: its points of its maximum, or "not answered" with its range."""
    if item.points is None:
        return f"{UNANSWERED} {item.label}: not answered (0–{item.max_points})"
    return f"{ANSWERED} {item.label}: {item.points} of {item.max_points}"


def answer_words(a: Assessment, output: str, left_out: dict[str, str],
                 inputs: tuple[str, ...] = ()) -> str:
    """What would settle ``output``, from its not-assessed row (an invalid input as
    "fix <field>"). Without a row (the core lists none when there is no febrile
    neutropenia): the ``inputs`` it reads, or the items marked as not answered."""
    # Start-up boundary: the rule table's words load with the first result.
    from leukodesk.core.rules.table.words import needs_words

    words = needs_words()
    row = next((n for n in a.not_assessed if n.output == output), None)
    if row is None:
        return f"it reads {'; '.join(words[k] for k in inputs)}" if inputs else \
            f"answer the items marked “{UNANSWERED}”"
    asked = [f"fix {left_out[k]}" if k in left_out else words.get(k, k) for k in row.needs]
    return "answer: " + "; ".join(dict.fromkeys(asked))


def score_words(name: str, score: int | None, low: int, high: int, total: int) -> str:
    if score is not None:
        return f"{name} {score} of {total}"
    return f"{name} between {low} and {high} (of {total})"


def mascc_lines(a: Assessment, left_out: dict[str, str]) -> tuple[str, str]:
    m, items = a.fn_risk.mascc, a.fn_risk_detail.mascc_items
    if m.min is None:  # under 18: not computed (validated in adults)
        return content.fn_risk_words().under_18, ""
    head = score_words("MASCC", m.score, m.min, m.max, sum(i.max_points for i in items))
    lines = [item_line(i) for i in items]
    if m.risk is not None:
        head += " — " + content.fn_risk_words().mascc_risk[m.risk]
        if m.score is None:
            head += ", whatever the items not answered"
    else:  # the heading stays short; what settles it leads the items
        head += " — low or high not decided"
        lines.insert(0, "To decide, " + answer_words(a, "fn_risk.mascc.risk", left_out))
    return head, "\n".join(lines)


def cisne_lines(a: Assessment, left_out: dict[str, str]) -> tuple[str, str]:
    c, detail = a.fn_risk.cisne, a.fn_risk_detail
    if c.applicable is False:
        gate = content.fn_risk_words().cisne_gate
        why = "; ".join(gate.get(g, g) for g in detail.cisne_not_applicable)
        return f"CISNE: not applicable — {why}.", ""
    items = detail.cisne_items
    name = "CISNE" if c.applicable else "CISNE, if applicable:"
    head = score_words(name, c.score, c.min, c.max, sum(i.max_points for i in items))
    lines = [item_line(i) for i in items]
    if c.class_ is not None:
        head += " — " + content.fn_risk_words().cisne_class[c.class_]
    else:
        head += " — class not decided"
        lines.insert(0, "To decide the class, " + answer_words(a, "fn_risk.cisne.class",
                                                               left_out))
    if c.applicable is None:
        lines.insert(0, f"{CISNE_GATE}; whether it applies is not decided: "
                        f"{answer_words(a, 'fn_risk.cisne.applicable', left_out, GATE_INPUTS)}")
    return head, "\n".join(lines)


def criteria_text(a: Assessment) -> str:
    """The clinical high-risk criteria for outpatient care (IDSA) that hold, and those not
    known to be absent, apart from §7's high-risk features for G-CSF."""
    # Start-up boundary: the rule table loads with the first result.
    from leukodesk.core.rules.table.s11_fn_risk import criteria_labels

    labels = criteria_labels()
    d = a.fn_risk_detail
    lines = [CRITERIA_HEAD]
    lines += [f"{FOUND} {labels.get(c, c)}" for c in d.outpatient_high_risk]
    unknown = [labels.get(c, c) for c in d.outpatient_high_risk_not_assessed]
    if not d.outpatient_high_risk:
        lines.append("none of those assessed" if unknown else "none found")
    lines += [f"{UNANSWERED} not known: {u}" for u in unknown]
    return "\n".join(lines)


def notes_text() -> str:
    words = content.fn_risk_words()
    return "\n".join(["Pearls:", *(f"• {p}" for p in words.pearls),
                      f"Sources: {content.cite(words.pearl_sources)}",
                      f"CISNE: {words.cisne_note}"])


def fn_risk_view(state: ViewState, selection: Selection = None) -> FnRiskView:
    """What the FN risk section shows for a state (and what is chosen under it)."""
    a = state.assessment
    if a is None:
        return FnRiskView(False, NO_RESULT[state.blank], "", "none", "", "", "", "", "", "",
                          "", "")
    left_out = state.left_out
    rec = next((r for r in a.recommendations if r.id in DISPOSITIONS), None)
    if rec is not None:
        heading, tone = DISPOSITIONS[rec.id]
        where, links = rec.text, links_line(rec)
    else:
        words = content.fn_risk_words()
        heading, tone, links = "Where to treat", "none", ""
        where = FN_OPEN if a.febrile_neutropenia is None else words.not_fn
    detail = ""
    if selection is not None:
        kind, key = selection
        detail = source_text(key) if kind == "source" else why_text(rec) if rec else ""
    if detail:
        links += HIDE
    mascc = mascc_lines(a, left_out)
    cisne = cisne_lines(a, left_out)
    return FnRiskView(a.fever is True, heading, where, tone, links, detail, criteria_text(a),
                      *mascc, *cisne, notes_text())
