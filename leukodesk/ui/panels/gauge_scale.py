"""What the severity gauge shows, without Qt: the ANC scale of RULES §5 (its bounds, words
and glyph shapes) and :class:`GaugeReading`, the gauge's view data, taken from the core's
assessment as it is. The gauge computes nothing clinical: level, word, ANC text and grade
all come from the core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leukodesk.core.rules import thresholds as rules

if TYPE_CHECKING:
    from leukodesk.core.contract.outputs import Assessment

UNIT = "×10⁹/L"
LEVEL_WORDS = ("normal", "mild", "moderate", "severe", "profound")  # the ANC classes, by level
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
_WBC_NOTE = "; level from the WBC grade, worse than the ANC class"


@dataclass(frozen=True)
class GaugeReading:
    """One result to show, as the core worded it (level 0 normal … 4 profound)."""

    level: int
    label: str
    basis: str
    anc: float | None
    anc_text: str | None
    grade_text: str

    def __post_init__(self) -> None:
        # A wiring slip upstream must fail loudly, not draw a plausible wrong gauge.
        if (self.level not in range(5) or self.basis not in ("anc_class", "wbc_grade")
                or (self.basis == "anc_class" and self.anc is None)):
            raise ValueError(f"inconsistent gauge reading: {self!r}")


def gauge_reading(a: Assessment | None) -> GaugeReading | None:
    """What the gauge draws for an assessment, taken from it as it is (the window and the
    printed summary both draw this)."""
    if a is None:
        return None
    if a.severity_basis == "anc_class":
        grade = f"CTCAE grade {a.ctcae.neutrophils}"
    else:
        grade = f"WBC CTCAE grade {a.ctcae.wbc}"
    return GaugeReading(level=a.severity_level, label=a.severity_label, basis=a.severity_basis,
                        anc=a.anc, anc_text=a.anc_display, grade_text=grade)


def anc_fraction(anc: float) -> float:
    """Position 0…1 of an ANC on the scale: five equal bands, linear inside each; a value on a
    bound starts the higher band (0.5 is moderate), as the classes are lower-bound inclusive."""
    band = sum(anc >= b for b in BOUNDS[1:5])
    lo, hi = BOUNDS[band], BOUNDS[band + 1]
    return min(1.0, (band + max(0.0, min(1.0, (anc - lo) / (hi - lo)))) / 5)


def marker_fraction(r: GaugeReading) -> float:
    """Where a reading's marker sits along the scale (0 left … 1 right). Without an ANC the
    level came from the WBC grade: the middle of its band."""
    return anc_fraction(r.anc) if r.anc is not None else (4 - r.level + 0.5) / 5


def describe(reading: GaugeReading | None) -> str:
    """The full reading in words, for screen readers and the tooltip."""
    if reading is None:
        return "No result: the inputs are incomplete or invalid."
    anc = (f"ANC {reading.anc_text} {UNIT}" if reading.anc_text
           else "ANC not given — level from WBC grade")
    text = f"{reading.label.capitalize()} (level {reading.level} of 4): {anc}, {reading.grade_text}"
    # The level is the worse of ANC class and WBC grade: when the WBC set it, the marker (the
    # ANC) sits in a milder band than the level, so say why rather than seem to disagree.
    return text + (_WBC_NOTE if reading.anc_text and reading.basis == "wbc_grade" else "")


def note_for(r: GaugeReading | None) -> str:
    """The line under the scale for a reading (mirrors describe())."""
    if r is None:
        return ""
    if r.anc is None:
        return "ANC not given — level from WBC grade"
    return "Level from WBC grade (worse than the ANC class)" if r.basis == "wbc_grade" else ""
