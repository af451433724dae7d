"""A hand-off document, and its plain-text layout: the copy-to-note summary
(:mod:`leukodesk.core.formats.note`) and the pharmacist's dose worksheet
(:mod:`leukodesk.core.formats.worksheet`) are each built once as a :class:`Handoff`
(titled sections of entries, in the core's own Unicode wording), which two renderers lay
out:

- :func:`handoff_text` here, for the clipboard and ``leukodesk assess --note``: plain
  ASCII (see :func:`ascii_safe`), no tabs, every line at most 79 characters, so it
  survives pasting into any EHR text box;
- ``leukodesk.ui.handoff.pdf`` for paper (A4 or US Letter), with the same sections.

A light module (no pydantic, no models): the command line checks a patient label with it
before it loads the engine.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from leukodesk import __version__
from leukodesk.core.contract.units import to_decimal
from leukodesk.core.formats.display import plain
from leukodesk.core.rules.thresholds import CTCAE_VERSION, RULES_VERSION

WIDTH = 79  # "lines under 80 characters"
DISCLAIMER = ("Decision support only. These figures were computed by LeukoDesk from the inputs "
              "listed; they do not replace clinical judgement, local protocols or specialist "
              "advice. Check every figure against the patient before acting on it.")
BLANK = "____________________"
SIGN_OFF = (f"Prepared by: {BLANK}   Date/time: {BLANK}",
            f"Checked by:  {BLANK}   Date/time: {BLANK}")
LABEL_MAX = 120  # characters of a patient label on paper; longer is refused, never cut
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}  # the paper sizes a hand-off is made in


def printed_label(label: str | None) -> str:
    """A patient label as it is printed: one line, spaces trimmed ("" when none was
    typed: then no label is printed). Checked against LABEL_MAX as printed."""
    return " ".join((label or "").split())


# --- ASCII-safe text -------------------------------------------------------------------
# Longest first: whole units before the single characters they contain.
ASCII_PHRASES = (
    ("×10⁹/L", "x10^9/L"), ("×10³/µL", "x10^3/uL"), ("µg", "mcg"), ("°C", "deg C"),
    ("°F", "deg F"),
)
ASCII_CHARS = {
    "×": "x", "÷": "/", "−": "-", "–": "-", "—": "-", "‑": "-", "±": "+/-", "≤": "<=",
    "≥": ">=", "≈": "~=", "→": "->", "←": "<-", "…": "...", "°": " deg", "µ": "u",
    "⁰": "^0", "¹": "^1", "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "⁷": "^7",
    "⁸": "^8", "⁹": "^9", "§": "section ", "·": "-", "•": "-", "‘": "'", "’": "'",
    "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ", "\t": " ",
    "✔": "[ok]", "✖": "[x]", "⚠": "!",
}


def ascii_safe(text: str) -> str:
    """``text`` in plain ASCII, meaning kept: ×10⁹/L → x10^9/L, µ → u (µg → mcg),
    °C → deg C, ≤/≥ → <=/>=, ± → +/-, ≈ → ~, ÷ → /, dashes and the minus sign → -,
    → → ->. Accented letters lose their accent (é → e); any other character becomes ?."""
    for phrase, plain_phrase in ASCII_PHRASES:
        text = text.replace(phrase, plain_phrase)
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
        elif ch in ASCII_CHARS:
            out.append(ASCII_CHARS[ch])
        else:
            stripped = "".join(c for c in unicodedata.normalize("NFKD", ch)
                               if ord(c) < 128)
            out.append(stripped or "?")
    return "".join(out)


# --- the document ----------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One item of content (wrapped as needed). ``marker`` leads it ("- ", "1. ");
    ``strong`` marks what must not be missed (emergencies, YES answers that act now)."""

    text: str
    marker: str = ""
    strong: bool = False
    level: int = 0      # 1: a step under the entry before it
    cells: tuple[str, ...] = ()  # a table row: its cells, for paper (text: padded columns)


@dataclass(frozen=True)
class Figure:
    """A drawing that paper puts after a section's entries (plain text has none): ``kind``
    names what the painter draws ("trend"), ``caption`` heads it."""

    kind: str
    caption: str


@dataclass(frozen=True)
class Section:
    """A titled part of a hand-off. ``columns`` (one letter per cell, "l" or "r") aligns
    the cells of its table rows on paper; ``figure`` follows its entries on paper;
    ``paired``: on paper, two short entries may share a line (plain text: one a line)."""

    title: str
    entries: tuple[Entry, ...]
    columns: str = ""
    figure: Figure | None = None
    paired: bool = False


@dataclass(frozen=True)
class Handoff:
    """A hand-off document: the same content for the clipboard and for paper."""

    kind: str                  # "summary" or "worksheet"
    title: str
    made_at: str               # when it was made, as people read it
    versions: str              # app, rule set and CTCAE versions
    sections: tuple[Section, ...]
    sign_off: bool             # blank "prepared by / checked by" lines
    disclaimer: str = DISCLAIMER
    rules_version: str = RULES_VERSION  # the rule set it follows (a dose: the dose calculator's)
    site: str = ""             # the site configuration's line (formats.site_line), if any

    def header_lines(self) -> list[str]:
        return [self.title, f"Date/time: {self.made_at}", self.versions,
                *([self.site] if self.site else [])]


def versions(rules_version: str = RULES_VERSION) -> str:
    """The app, rule set and CTCAE versions, as every hand-off names them: the assessment's
    rule set, or ``rules_version`` (the dose calculator's own, for a dose worksheet)."""
    return f"LeukoDesk {__version__}, rule set {rules_version}, CTCAE v{CTCAE_VERSION}"


def number(value: float | Decimal | None, places: int = 4) -> str:
    """A number as written in a hand-off ("-" when there is none)."""
    return "-" if value is None else plain(to_decimal(value), places)


def section(title: str, *entries: Entry | str) -> Section:
    """A section of entries; a plain string is an entry with no marker."""
    return Section(title, tuple(e if isinstance(e, Entry) else Entry(e) for e in entries))


# --- plain text ----------------------------------------------------------------------
NBSP = "\u00a0"
_GLUE = re.compile(
    r"(?<=[\d)]) (?=(?:mcg|mL|mg|kg|lb|%|MU|×10⁹/L|x10\^9/L|°C|°F|deg [CF]|g/dL|days|years|h)"
    r"(?![A-Za-z]))"             # a number and its unit
    r"|(?<=[≤≥≈<>=~±]) (?=[-+−]?\d)")  # a comparison and its number


def glue_units(text: str) -> str:
    """``text`` with no-break spaces where a line must not break: between a number and
    its unit (362 mcg, 10 ×10⁹/L) and after a comparison (≥ 10). For the wrappers only."""
    return _GLUE.sub(NBSP, text)


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """ASCII lines of at most WIDTH characters; a number keeps its unit, and source ids
    such as ASCO-IDSA-2018-OUT are never split at their hyphens."""
    text = glue_units(ascii_safe(text))
    lines = textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                          break_on_hyphens=False) or [first.rstrip()]
    return [line.replace(NBSP, " ") for line in lines]


def handoff_lines(doc: Handoff) -> list[str]:
    """The document as ASCII lines of at most 79 characters, no tabs."""
    lines: list[str] = []
    for line in doc.header_lines():
        lines += _wrap(line, "", "  ")
    for part in doc.sections:
        lines += ["", ascii_safe(part.title).upper()]
        for e in part.entries:
            lead = "  " * (1 + e.level) + e.marker
            # A hanging indent: under the text after a marker, else two further columns.
            lines += _wrap(e.text, lead, " " * (len(lead) if e.marker else len(lead) + 2))
    if doc.sign_off:
        lines += ["", *SIGN_OFF]
    lines += ["", *_wrap(doc.disclaimer, "", "")]
    return lines


def handoff_text(doc: Handoff) -> str:
    """The document as plain ASCII text, one line per line of :func:`handoff_lines`."""
    return "\n".join(handoff_lines(doc)) + "\n"
