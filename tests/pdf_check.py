"""Reading a hand-off PDF back in the tests: pages, paper size and text (pypdf, pure Python)."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

# PDF points (1/72 inch), portrait.
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z0-9][-/]) (?=[A-Za-z0-9])")


def flat(text: str) -> str:
    """Text compared as a reader sees it: ligatures (ﬁ) and no-break spaces unfolded
    (NFKC; this also reads ⁹ as 9, so compare both sides through it), single spaces, and
    a word that paper broke after a hyphen or a slash joined again ("ASCO-IDSA-2018-" at
    the end of a line, "FIG2" on the next, reads "ASCO-IDSA-2018-FIG2"; "ASCO/" and
    "IDSA" read "ASCO/IDSA")."""
    return _HYPHEN_BREAK.sub("", " ".join(unicodedata.normalize("NFKC", text).split()))


@dataclass
class Pdf:
    pages: int
    sizes: list[tuple[int, int]]
    page_texts: list[str]
    metadata: dict[str, str]

    @property
    def text(self) -> str:
        return " ".join(self.page_texts)

    def has(self, wanted: str) -> bool:
        return flat(wanted) in self.text


def read_pdf(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-"), data[:16]
    assert data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(data), strict=True)
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages]
    texts = [flat(p.extract_text()) for p in reader.pages]
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return Pdf(len(reader.pages), sizes, texts, meta)
