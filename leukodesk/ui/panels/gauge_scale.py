"""What the severity gauge shows, without Qt: the neutrophil scale of RULES §5 (its bounds,
words and glyph shapes) and :class:`GaugeReading`, the gauge's view data, taken from the
core's assessment as it is. The gauge computes nothing clinical: level, class, basis, marks,
ANC text and grades all come from the core; this module only words them (one vocabulary:
"no neutropenia" … "profound", never "life-threatening")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leukodesk.core.formats.display import plain_input
from leukodesk.core.formats.gauge_words import LEVEL_WORDS, MARK_WORDS, WBC_GRADE_WORDS
from leukodesk.core.rules import thresholds as rules

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment

UNIT = "×10⁹/L"
SHAPES = ("circle", "triangle", "diamond", "square", "octagon")      # glyph of each level
_CUTS = (rules.ANC_SEVERE_FROM, rules.ANC_MODERATE_FROM, rules.ANC_MILD_FROM,
         rules.ANC_NORMAL_FROM)
# Scale bounds left to right (profound … normal). The right end, twice the normal bound, is for
# display only: the normal band needs a width; larger values sit at the end.
BOUNDS = (0.0, *(float(t.value) for t in _CUTS), 2 * float(rules.ANC_NORMAL_FROM.value))
_CUT_TEXT = tuple(str(t.value) for t in _CUTS)
BOUNDS_TEXT = (f"≥ {_CUT_TEXT[3]}", f"{_CUT_TEXT[2]}–{_CUT_TEXT[3]}",  # by level 0…4
               f"{_CUT_TEXT[1]}–{_CUT_TEXT[2]}", f"{_CUT_TEXT[0]}–{_CUT_TEXT[1]}",
               f"< {_CUT_TEXT[0]}")
NOT_MEASURED = "ANC not measured"
SEE_ACT_NOW = "see ACT NOW"
_BASES = ("anc_class", "wbc_bound", None)


@dataclass(frozen=True)
class GaugeReading:
    """One result to show, as the core gave it: ``level`` 0 (no neutropenia) … 4
    (profound) or None (the ANC not measured and not settled by the WBC), on ``basis``
    "anc_class", "wbc_bound" or None; the words of the readout (``head``, ``detail``),
    the marks in words and whether an emergency is shown (``act_now``)."""

    level: int | None
    basis: str | None
    anc: float | None
    head: str
    detail: str
    marks: tuple[str, ...] = ()
    act_now: bool = False

    def __post_init__(self) -> None:
        # A wiring slip upstream must fail loudly, not draw a plausible wrong gauge.
        if (self.basis not in _BASES or (self.level is None) != (self.basis is None)
                or (self.level is not None and self.level not in range(5))
                or (self.basis == "anc_class") != (self.anc is not None)):
            raise ValueError(f"inconsistent gauge reading: {self!r}")

    @property
    def label(self) -> str:
        """The level's word ("no neutropenia" … "profound"), or "ANC not measured"."""
        return NOT_MEASURED if self.level is None else LEVEL_WORDS[self.level]


def gauge_reading(a: Assessment | None, anc_fix: str | None = None) -> GaugeReading | None:
    """What the gauge draws for an assessment, taken from it as it is (the window and the
    printed summary both draw this). ``anc_fix`` names an invalid ANC field the window
    left out (RULES §2a): the readout says to fix it."""
    if a is None:
        return None
    act_now = any(r.urgency.value == "emergency" for r in a.recommendations)
    level, basis = a.severity_level, a.severity_basis
    wbc = plain_input(a.inputs.wbc, rules.COUNT, a.effective_lln.wbc)
    if basis == "anc_class":
        head = LEVEL_WORDS[level]
        detail = f"ANC {a.anc_display} {UNIT} · CTCAE grade {a.ctcae.neutrophils}"
    elif basis == "wbc_bound":
        head = f"{LEVEL_WORDS[level]} or worse"
        said = f"ANC not assessed — fix {anc_fix}" if anc_fix else NOT_MEASURED
        detail = f"{said}: at most the WBC, {wbc} {UNIT}"
    else:
        head = f"ANC not assessed — fix {anc_fix}" if anc_fix else NOT_MEASURED
        detail = f"WBC {wbc} {UNIT}, CTCAE grade {a.ctcae.wbc}: {WBC_GRADE_WORDS[a.ctcae.wbc]}"
    if act_now and level in (0, None):  # never a bare "no neutropenia" beside an emergency
        head = f"{head} — {SEE_ACT_NOW}"
    marks = tuple(MARK_WORDS.get(m, m) for m in a.gauge_marks)
    return GaugeReading(level, basis, a.anc if basis == "anc_class" else None, head, detail,
                        marks, act_now)


def anc_fraction(anc: float) -> float:
    """Position 0…1 of an ANC on the scale: five equal bands, linear inside each; a value on a
    bound starts the higher band (0.5 is moderate), as the classes are lower-bound inclusive."""
    band = sum(anc >= b for b in BOUNDS[1:5])
    lo, hi = BOUNDS[band], BOUNDS[band + 1]
    return min(1.0, (band + max(0.0, min(1.0, (anc - lo) / (hi - lo)))) / 5)


def marker_fraction(r: GaugeReading) -> float | None:
    """Where a reading's marker sits along the scale (0 left … 1 right). Bounded by the WBC:
    the middle of its band (drawn dotted); not measured: no marker (None)."""
    if r.anc is not None:
        return anc_fraction(r.anc)
    return None if r.level is None else (4 - r.level + 0.5) / 5


def describe(reading: GaugeReading | None) -> str:
    """The full reading in words, for screen readers and the tooltip."""
    if reading is None:
        return "No result: the inputs are incomplete or invalid."
    level = "" if reading.level is None else f" (level {reading.level} of 4)"
    text = f"Neutrophils: {reading.head}{level}: {reading.detail}"
    return text + "".join(f". Mark: {m}" for m in reading.marks)


def note_for(r: GaugeReading | None) -> str:
    """The line under the scale: the marks, in words (mirrors describe())."""
    if r is None or not r.marks:
        return ""
    return "⚑ " + "  ⚑ ".join(r.marks)
