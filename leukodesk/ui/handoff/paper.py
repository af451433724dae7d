"""Hand-off documents laid out for paper: the text of each section as a QTextDocument
sized in the device's pixels, and the plan of where each part of it goes, page by page.

Sections break only between entries, with two entries on either side of a break (the
heading counts with the first), never straight after a heading; a short section stays
whole; a section that goes on to the next page repeats its heading there. The painting
(frame, gauge, page numbers) is :mod:`leukodesk.ui.handoff.pdf`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
    QTextOption,
)

from leukodesk.core.formats.handoff import SIGN_OFF, Entry, Handoff, Section, glue_units

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
FONT_FAMILIES = ["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans"]
BODY_PT, SMALL_PT, HEADING_PT, TITLE_PT = 9.5, 7.5, 10.5, 14.0
KEEP_WHOLE_ENTRIES = 5  # a section of fewer entries is never split across pages
COLUMN_GAP_PT = 14      # between two columns of a table
ENTRY_GAP_PT = 0.8      # below each entry: enough to tell two entries apart, no more
FIGURE_PT = 250         # a figure's height (about 88 mm): its labels read on paper

# Draws a figure into a rectangle of the page, in the device's pixels.
Painting = Callable[[QPainter, QRectF], None]


def paper_font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


Run = tuple[str, QFont]


def list_kind(e: Entry) -> str:
    if not e.marker:
        return ""
    return "ol" if e.marker.strip().rstrip(".").isdigit() else "ul"


class Writer:
    """Builds one QTextDocument block by block, with sizes in the device's pixels (HTML
    margins would be in screen pixels, which mean nothing on paper)."""

    def __init__(self, device: QPagedPaintDevice, unit: float) -> None:
        self.device, self.unit = device, unit
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setDefaultFont(paper_font(BODY_PT))
        self.doc.setDocumentMargin(0)
        self.doc.setIndentWidth(self.pt(17))  # room for "10." before the text
        self.cursor = QTextCursor(self.doc)
        self.empty = True
        self.list: QTextList | None = None
        self.list_key: tuple[str, int] | None = None

    def pt(self, points: float) -> float:
        """A length for a text format: formats count in screen pixels, which the layout
        scales to the device by a factor measured once (``unit``)."""
        return points * self.device.resolution() / 72.0 / self.unit

    def paragraph(self, runs: list[Run], *, top: float = 0, bottom: float = ENTRY_GAP_PT,
                  indent: int = 0, list_key: tuple[str, int] | None = None,
                  tabs: list[QTextOption.Tab] | None = None) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(self.pt(top))
        block.setBottomMargin(self.pt(bottom))
        block.setIndent(indent)
        if tabs:
            block.setTabPositions(tabs)
        plain = QTextCharFormat()  # list numbers take the block's format: never bold
        plain.setFont(paper_font(BODY_PT))
        if self.empty:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(plain)
            self.empty = False
        else:
            self.cursor.insertBlock(block, plain)
        if list_key is None:
            if self.cursor.currentList() is not None:
                self.cursor.currentList().remove(self.cursor.block())
            self.cursor.setBlockFormat(block)
            self.list = self.list_key = None
        elif list_key == self.list_key and self.list is not None:
            self.list.add(self.cursor.block())
        else:
            kind, level = list_key
            fmt = QTextListFormat()
            fmt.setStyle(QTextListFormat.Style.ListDecimal if kind == "ol" else
                         QTextListFormat.Style.ListCircle if level else
                         QTextListFormat.Style.ListDisc)
            fmt.setIndent(level + 1)
            self.list, self.list_key = self.cursor.createList(fmt), list_key
        for text, font in runs:
            char = QTextCharFormat()
            char.setFont(font)
            # Runs of spaces align columns in the plain text only; on paper they are one.
            self.cursor.insertText(glue_units(re.sub(" {2,}", " ", text)), char)

    def heading(self, title: str) -> None:
        self.paragraph([(title, paper_font(HEADING_PT, bold=True))], bottom=2)

    def entry(self, e: Entry, tabs: list[QTextOption.Tab] | None = None) -> None:
        font = paper_font(BODY_PT, bold=e.strong)
        if e.cells and tabs is not None:  # a table row: one cell to each tab stop
            self.paragraph([("\t".join(e.cells).rstrip("\t"), font)], tabs=tabs)
            return
        runs: list[Run] = [("Warning: ", paper_font(BODY_PT, bold=True))] \
            if e.marker.startswith("!") else []
        runs.append((e.text, font))
        kind = list_kind(e)
        self.paragraph(runs, indent=0 if kind else e.level,
                       list_key=(kind, e.level) if kind else None)


def tab_stops(device: QPagedPaintDevice, unit: float, part: Section) -> list[QTextOption.Tab]:
    """Where the cells of ``part``'s table rows go: each column as wide as its widest cell
    (bold where the row is), ``COLUMN_GAP_PT`` apart; a column aligned "r" ends at its
    stop, an "l" one starts at it. In a text format's units (see :func:`format_unit`)."""
    rows = [e for e in part.entries if e.cells]
    widths = [0.0] * len(part.columns)
    for e in rows:
        fm = QFontMetricsF(paper_font(BODY_PT, bold=e.strong), device)
        for c, cell in enumerate(e.cells):
            widths[c] = max(widths[c], fm.horizontalAdvance(cell))
    gap = COLUMN_GAP_PT * device.resolution() / 72.0
    stops, x = [], widths[0] + gap
    for side, width in zip(part.columns[1:], widths[1:], strict=True):
        if side == "r":
            stops.append(QTextOption.Tab((x + width) / unit, QTextOption.TabType.RightTab))
        else:
            stops.append(QTextOption.Tab(x / unit, QTextOption.TabType.LeftTab))
        x += width + gap
    return stops


def format_unit(device: QPagedPaintDevice) -> float:
    """Device pixels per unit of a text format's lengths (margins, indents) on ``device``:
    the layout scales them from screen pixels, and a screen's DPI varies (96, 72, ...)."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    cursor, block = QTextCursor(doc), QTextBlockFormat()
    cursor.insertText("x")
    cursor.insertBlock()  # the first block's top margin does not count: use the second's
    cursor.insertText("x")
    plain_height = doc.size().height()
    block.setTopMargin(100)
    cursor.setBlockFormat(block)
    unit = (doc.size().height() - plain_height) / 100
    return unit if unit > 0 else device.resolution() / 96.0


# --- the page plan -----------------------------------------------------------------------
@dataclass
class Block:
    doc: QTextDocument
    cuts: list[float]        # y positions where the block may continue on the next page
    line_cuts: list[float]   # every line's bottom: only for a block taller than a page
    height: float
    keep_whole: bool = False
    continued: Block | None = None   # the heading again, on the next page
    figure: Painting | None = None   # drawn below ``doc`` (its caption), to ``height``


@dataclass
class Slice:
    page: int
    y: float
    block: Block
    start: float
    end: float


class Layout:
    """Sizes on one paged device, in its pixels."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.dpi = device.resolution()
        rect = device.pageLayout().paintRectPixels(self.dpi)
        self.width, self.height = float(rect.width()), float(rect.height())
        self.small = paper_font(SMALL_PT)
        self.small_line = QFontMetricsF(self.small, device).lineSpacing()
        self.gap = self.pt(6)
        self.header_h = self.small_line * 1.6       # running header, pages 2 and on
        self.footer_h = self.small_line * 2.2
        self.body_bottom = self.height - self.footer_h
        self.format_unit = format_unit(device)

    def pt(self, points: float) -> float:
        return points * self.dpi / 72.0

    def writer(self) -> Writer:
        return Writer(self.device, self.format_unit)

    def block(self, writer: Writer, keep_whole: bool = False) -> Block:
        doc = writer.doc
        doc.setTextWidth(self.width)
        layout = doc.documentLayout()
        bottoms, lines, block = [], [], doc.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            bottoms.append(rect.bottom())
            text = block.layout()
            lines += [rect.top() + text.lineAt(i).rect().bottom()
                      for i in range(text.lineCount())]
            block = block.next()
        height = doc.size().height()
        # A section breaks only between entries, with at least two entries on either side
        # of the break (the heading counts with the first): no heading left alone at the
        # foot of a page, no lone last line at the top of the next. Short sections stay whole.
        entries = len(bottoms) - 1
        allowed = bottoms[2:-2] if entries >= KEEP_WHOLE_ENTRIES else []
        cuts = sorted({b for b in allowed if 0 < b < height} | {height})
        return Block(doc, cuts, sorted({b for b in lines if 0 < b < height} | {height}),
                      height, keep_whole)


def paired_entries(lay: Layout, w: Writer, entries: tuple[Entry, ...]) -> None:
    """``entries`` two to a line where both are short enough for half the width (plain
    entries only: no marker, no cells, not strong), else one to a line; in their order,
    read left to right."""
    half = lay.width / 2
    fm = QFontMetricsF(paper_font(BODY_PT), lay.device)

    def short(e: Entry) -> bool:
        return (not (e.marker or e.cells or e.strong or e.level)
                and fm.horizontalAdvance(e.text) < half - lay.pt(COLUMN_GAP_PT))
    tab = [QTextOption.Tab(half / lay.format_unit, QTextOption.TabType.LeftTab)]
    i = 0
    while i < len(entries):
        e = entries[i]
        if i + 1 < len(entries) and short(e) and short(entries[i + 1]):
            w.paragraph([(f"{e.text}\t{entries[i + 1].text}", paper_font(BODY_PT))],
                        tabs=tab)
            i += 2
        else:
            w.entry(e)
            i += 1


def figure_block(lay: Layout, caption: str, painting: Painting) -> Block:
    """A figure under its caption, kept whole: the width of the text, ``FIGURE_PT`` high."""
    w = lay.writer()
    w.heading(caption)
    block = lay.block(w, keep_whole=True)
    block.height += lay.pt(FIGURE_PT)
    block.cuts, block.line_cuts = [block.height], [block.height]
    block.figure = painting
    return block


def blocks(lay: Layout, doc: Handoff, label: str, figures: Mapping[str, Painting] | None = None
           ) -> tuple[Block, list[Block]]:
    """The title block (page 1, above the gauge) and the flowing blocks; a section's
    figure follows it when ``figures`` has a painting of its kind."""
    w = lay.writer()
    w.paragraph([(doc.title, paper_font(TITLE_PT, bold=True))], bottom=2)
    w.paragraph([(f"Date/time: {doc.made_at} · {doc.versions}", paper_font(BODY_PT))], bottom=0)
    if doc.site:  # the site configuration in force, or that it was refused (RULES §16)
        w.paragraph([(doc.site, paper_font(BODY_PT, bold=True))], bottom=0)
    if label:
        w.paragraph([("Patient: ", paper_font(HEADING_PT)),
                     (label, paper_font(HEADING_PT, bold=True))], top=4, bottom=0)
    head = lay.block(w, keep_whole=True)
    flow = []
    for section in doc.sections:
        w = lay.writer()
        w.heading(section.title)
        tabs = tab_stops(lay.device, lay.format_unit, section) if section.columns else None
        if section.paired:
            paired_entries(lay, w, section.entries)
        else:
            for e in section.entries:
                w.entry(e, tabs)
        block = lay.block(w)
        again = lay.writer()
        again.heading(f"{section.title} (continued)")
        if tabs is not None and section.entries and section.entries[0].cells:
            again.entry(section.entries[0], tabs)  # a table's header row again
        block.continued = lay.block(again, keep_whole=True)
        flow.append(block)
        painting = (figures or {}).get(section.figure.kind) if section.figure else None
        if section.figure is not None and painting is not None:
            flow.append(figure_block(lay, section.figure.caption, painting))
    if doc.sign_off:  # room to sign by hand
        w = lay.writer()
        w.heading("Sign-off")
        for line in SIGN_OFF:
            w.paragraph([(" ".join(line.split()), paper_font(HEADING_PT))], top=16, bottom=0)
        flow.append(lay.block(w, keep_whole=True))
    w = lay.writer()
    italic = paper_font(BODY_PT)
    italic.setItalic(True)
    w.paragraph([(doc.disclaimer, italic)], bottom=0)
    flow.append(lay.block(w, keep_whole=True))
    return head, flow


def plan(lay: Layout, head: Block, gauge_h: float, flow: list[Block]) -> list[Slice]:
    """Where each block (or part of one) goes: page and y."""
    slices = [Slice(0, 0.0, head, 0.0, head.height)]
    page, y = 0, head.height + lay.gap + gauge_h + (lay.gap if gauge_h else 0)
    top = page_top = lay.header_h
    for block in flow:
        start = 0.0
        while start < block.height:
            room = lay.body_bottom - y
            rest = block.height - start
            if rest <= room:
                slices.append(Slice(page, y, block, start, block.height))
                y += rest + lay.gap
                break
            fits = [] if block.keep_whole else [c for c in block.cuts
                                                if start < c <= start + room]
            if fits:
                end = fits[-1]
                slices.append(Slice(page, y, block, start, end))
                start = end
            elif y <= page_top + 1:
                # Taller than a page between two cuts (never seen): between lines, or
                # anywhere if even one line is taller than the page; never lost.
                lines = [c for c in block.line_cuts if start < c <= start + room]
                end = lines[-1] if lines else start + room
                slices.append(Slice(page, y, block, start, end))
                start = end
            page, y = page + 1, top
            if start > 0 and block.continued is not None:
                head_again = block.continued
                slices.append(Slice(page, y, head_again, 0.0, head_again.height))
                y += head_again.height
            page_top = y
    return slices
