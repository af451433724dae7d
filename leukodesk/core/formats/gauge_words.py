"""The neutrophil gauge in words (RULES §5, 2026.2): one vocabulary for the window, the
summary, the note and the PDF. Standard library and rules.py only, so the window can word
its gauge before the clinical engine loads."""

from __future__ import annotations

from leukodesk.core.rules import thresholds as rules

# The ANC classes by level, as people read them (level 0 is "no neutropenia"; the JSON keeps
# the class name "normal"); never "life-threatening".
LEVEL_WORDS = ("no neutropenia", "mild", "moderate", "severe", "profound")
# The WBC's CTCAE grade in words, for a gauge the ANC does not set.
WBC_GRADE_WORDS = ("not decreased", "mildly decreased", "moderately decreased",
                   "severely decreased", "very low")
# The marks beside the gauge, whatever the level (RULES §5, §9, §9a).
MARK_WORDS = {"hyperleukocytosis": f"WBC above {rules.HYPERLEUKOCYTOSIS_ABOVE.text} — "
                                   "hyperleukocytosis",
              "lymphopenia": "lymphocytes CTCAE grade 3/4"}
