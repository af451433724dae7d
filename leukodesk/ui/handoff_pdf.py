"""Hand-off documents on paper: the summary and the dose worksheet as PDF, or on a printer.

The content is :mod:`leukodesk.core.formats.note`'s (the same sections as the copy-to-note text,
in the core's own Unicode wording); this module only lays it out: A4 or US Letter, a
title block, the patient label only when one was typed (and then on every page), the
severity gauge drawn by the window's own :class:`SeverityGauge`, sections that break
between entries (never straight after a heading), and "Page n of m" on every page.

Qt's own PDF writer and print support only; nothing is written anywhere: a PDF comes
back as bytes, and the caller decides where they go. Imported only when a hand-off is
asked for, never at window start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPoint, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QRegion,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
)

from leukodesk import __version__
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.formats.note import (
    LABEL_MAX,
    SIGN_OFF,
    Entry,
    Handoff,
    glue_units,
    printed_label,
    summary_handoff,
    worksheet_handoff,
)
from leukodesk.core.rules.thresholds import RULES_VERSION
from leukodesk.ui.panels.gauge import (
    GaugeReading,
    SeverityGauge,
    gauge_reading,  # the window's: paper reads as the screen
)

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(18, 15, 18, 15)
RESOLUTION = 1200        # QPdfWriter's default, dots per inch
FONT_FAMILIES = ["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans"]
BODY_PT, SMALL_PT, HEADING_PT, TITLE_PT = 9.5, 7.5, 10.5, 14.0
GAUGE_LAYER_SCALE = 4.0  # the gauge's cached scale is a pixmap: draw it at 4x for paper


KEEP_WHOLE_ENTRIES = 5  # a section of fewer entries is never split across pages
MAX_PAGES = 40          # far beyond any real hand-off: a layout fault, not a long note


class PdfError(RuntimeError):
    """The PDF could not be made (no QApplication, or Qt refused to paint)."""


def clean_label(label: str | None) -> str:
    """The patient label as printed: one line, spaces trimmed; empty when nothing was typed
    (then no label is printed at all). Longer than LABEL_MAX characters is refused, never
    cut: a cut record number would name another patient."""
    text = printed_label(label)
    if len(text) > LABEL_MAX:
        raise PdfError(f"the patient label is {len(text)} characters long; at most "
                       f"{LABEL_MAX} are printed")
    return text


# --- fonts and HTML ----------------------------------------------------------------------
def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


Run = tuple[str, QFont]


def _list_kind(e: Entry) -> str:
    if not e.marker:
        return ""
    return "ol" if e.marker.strip().rstrip(".").isdigit() else "ul"


class _Writer:
    """Builds one QTextDocument block by block, with sizes in the device's pixels (HTML
    margins would be in screen pixels, which mean nothing on paper)."""

    def __init__(self, device: QPagedPaintDevice, unit: float) -> None:
        self.device, self.unit = device, unit
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setDefaultFont(_font(BODY_PT))
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

    def paragraph(self, runs: list[Run], *, top: float = 0, bottom: float = 1.5,
                  indent: int = 0, list_key: tuple[str, int] | None = None) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(self.pt(top))
        block.setBottomMargin(self.pt(bottom))
        block.setIndent(indent)
        plain = QTextCharFormat()  # list numbers take the block's format: never bold
        plain.setFont(_font(BODY_PT))
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
        self.paragraph([(title, _font(HEADING_PT, bold=True))], bottom=2.5)

    def entry(self, e: Entry) -> None:
        font = _font(BODY_PT, bold=e.strong)
        runs: list[Run] = [("Warning: ", _font(BODY_PT, bold=True))] \
            if e.marker.startswith("!") else []
        runs.append((e.text, font))
        kind = _list_kind(e)
        self.paragraph(runs, indent=0 if kind else e.level,
                       list_key=(kind, e.level) if kind else None)


def _format_unit(device: QPagedPaintDevice) -> float:
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
class _Block:
    doc: QTextDocument
    cuts: list[float]        # y positions where the block may continue on the next page
    line_cuts: list[float]   # every line's bottom: only for a block taller than a page
    height: float
    keep_whole: bool = False
    continued: _Block | None = None   # the heading again, on the next page


@dataclass
class _Slice:
    page: int
    y: float
    block: _Block
    start: float
    end: float


class _Layout:
    """Sizes on one paged device, in its pixels."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.dpi = device.resolution()
        rect = device.pageLayout().paintRectPixels(self.dpi)
        self.width, self.height = float(rect.width()), float(rect.height())
        self.small = _font(SMALL_PT)
        self.small_line = QFontMetricsF(self.small, device).lineSpacing()
        self.gap = self.pt(7)
        self.header_h = self.small_line * 1.6       # running header, pages 2 and on
        self.footer_h = self.small_line * 2.2
        self.body_bottom = self.height - self.footer_h
        self.format_unit = _format_unit(device)

    def pt(self, points: float) -> float:
        return points * self.dpi / 72.0

    def writer(self) -> _Writer:
        return _Writer(self.device, self.format_unit)

    def block(self, writer: _Writer, keep_whole: bool = False) -> _Block:
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
        return _Block(doc, cuts, sorted({b for b in lines if 0 < b < height} | {height}),
                      height, keep_whole)


def _blocks(lay: _Layout, doc: Handoff, label: str) -> tuple[_Block, list[_Block]]:
    """The title block (page 1, above the gauge) and the flowing blocks."""
    w = lay.writer()
    w.paragraph([(doc.title, _font(TITLE_PT, bold=True))], bottom=2)
    w.paragraph([(f"Date/time: {doc.made_at} · {doc.versions}", _font(BODY_PT))], bottom=0)
    if label:
        w.paragraph([("Patient: ", _font(HEADING_PT)), (label, _font(HEADING_PT, bold=True))],
                    top=4, bottom=0)
    head = lay.block(w, keep_whole=True)
    flow = []
    for section in doc.sections:
        w = lay.writer()
        w.heading(section.title)
        for e in section.entries:
            w.entry(e)
        block = lay.block(w)
        again = lay.writer()
        again.heading(f"{section.title} (continued)")
        block.continued = lay.block(again, keep_whole=True)
        flow.append(block)
    if doc.sign_off:  # room to sign by hand
        w = lay.writer()
        w.heading("Sign-off")
        for line in SIGN_OFF:
            w.paragraph([(" ".join(line.split()), _font(HEADING_PT))], top=16, bottom=0)
        flow.append(lay.block(w, keep_whole=True))
    w = lay.writer()
    italic = _font(BODY_PT)
    italic.setItalic(True)
    w.paragraph([(doc.disclaimer, italic)], bottom=0)
    flow.append(lay.block(w, keep_whole=True))
    return head, flow


def _plan(lay: _Layout, head: _Block, gauge_h: float, flow: list[_Block]) -> list[_Slice]:
    """Where each block (or part of one) goes: page and y."""
    slices = [_Slice(0, 0.0, head, 0.0, head.height)]
    page, y = 0, head.height + lay.gap + gauge_h + (lay.gap if gauge_h else 0)
    top = page_top = lay.header_h
    for block in flow:
        start = 0.0
        while start < block.height:
            room = lay.body_bottom - y
            rest = block.height - start
            if rest <= room:
                slices.append(_Slice(page, y, block, start, block.height))
                y += rest + lay.gap
                break
            fits = [] if block.keep_whole else [c for c in block.cuts
                                                if start < c <= start + room]
            if fits:
                end = fits[-1]
                slices.append(_Slice(page, y, block, start, end))
                start = end
            elif y <= page_top + 1:
                # Taller than a page between two cuts (never seen): between lines, or
                # anywhere if even one line is taller than the page; never lost.
                lines = [c for c in block.line_cuts if start < c <= start + room]
                end = lines[-1] if lines else start + room
                slices.append(_Slice(page, y, block, start, end))
                start = end
            page, y = page + 1, top
            if start > 0 and block.continued is not None:
                head_again = block.continued
                slices.append(_Slice(page, y, head_again, 0.0, head_again.height))
                y += head_again.height
            page_top = y
    return slices


# --- painting ----------------------------------------------------------------------------
class _PaperGauge(SeverityGauge):
    """The window's gauge, unchanged, but with its cached scale drawn sharp enough for
    paper and in black on white whatever the screen's colours."""

    def devicePixelRatioF(self) -> float:  # noqa: N802 (Qt name)
        return GAUGE_LAYER_SCALE


def _paper_gauge(reading: GaugeReading | None, width_px: int) -> SeverityGauge:
    from PySide6.QtWidgets import QApplication

    if not isinstance(QApplication.instance(), QApplication):
        raise PdfError("a QApplication is needed to draw the severity gauge")
    gauge = _PaperGauge()
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#ffffff"),
                         (QPalette.ColorRole.WindowText, "#000000")):
        palette.setColor(role, QColor(colour))
    gauge.setPalette(palette)
    gauge.setFont(_font(9.0))
    gauge.set_reading(reading)
    gauge.resize(width_px, gauge.sizeHint().height())
    return gauge


def _draw_on_paper(doc: QTextDocument, p: QPainter, clip: QRectF) -> None:
    """QTextDocument.drawContents, but in black: drawContents takes the text colour
    from the application's palette, which is white in the high-contrast theme."""
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    context.palette = palette
    context.clip = clip
    p.save()
    p.setClipRect(clip)
    doc.documentLayout().draw(p, context)
    p.restore()


def _paint_frame(p: QPainter, lay: _Layout, doc: Handoff, label: str, page: int,
                 pages: int) -> None:
    p.setFont(lay.small)
    p.setPen(QColor("#000000"))
    fm = QFontMetricsF(lay.small, lay.device)
    if page:
        # The label and time on the right, whole (a label is never cut, the font shrinks
        # instead); the title takes what room is left.
        right = " · ".join(t for t in (f"Patient: {label}" if label else "", doc.made_at) if t)
        font = QFont(lay.small)
        while QFontMetricsF(font, lay.device).horizontalAdvance(right) > lay.width * 0.98 \
                and font.pointSizeF() > 4:
            font.setPointSizeF(font.pointSizeF() - 0.25)
        box = QRectF(0, 0, lay.width, lay.small_line)
        p.setFont(font)
        p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        room = lay.width - QFontMetricsF(font, lay.device).horizontalAdvance(right) - lay.pt(12)
        p.setFont(lay.small)
        if room > lay.pt(40):
            p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(doc.title, Qt.TextElideMode.ElideRight, room))
    y = lay.height - lay.small_line * 1.4
    p.setPen(QPen(QColor("#000000"), lay.pt(0.5)))
    p.drawLine(QRectF(0, y - lay.small_line * 0.4, lay.width, 0).topLeft(),
               QRectF(0, y - lay.small_line * 0.4, lay.width, 0).topRight())
    number = f"Page {page + 1} of {pages}"
    left = (f"LeukoDesk {__version__} · rule set {RULES_VERSION} · decision support only: "
            "check every figure against the patient")
    box = QRectF(0, y, lay.width, lay.small_line)
    p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
    room = lay.width - fm.horizontalAdvance(number) - lay.pt(12)
    p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               fm.elidedText(left, Qt.TextElideMode.ElideRight, room))


def _pages(slices: list[_Slice]) -> Iterator[tuple[int, list[_Slice]]]:
    last = max(s.page for s in slices)
    for page in range(last + 1):
        yield page, [s for s in slices if s.page == page]


def paint_handoff(device: QPagedPaintDevice, doc: Handoff, reading: GaugeReading | None,
                  label: str = "") -> int:
    """Lay ``doc`` out on ``device`` (a QPdfWriter, or a QPrinter from the print dialog)
    and return the number of pages. A summary carries the gauge showing ``reading``."""
    label = clean_label(label)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    lay = _Layout(device)
    head, flow = _blocks(lay, doc, label)
    widget = _paper_gauge(reading, 1) if doc.kind == "summary" else None
    scale = 1.0
    gauge_h = 0.0
    if widget is not None:
        scale = lay.dpi / widget.logicalDpiX()
        widget.resize(round(lay.width / scale), widget.height())
        gauge_h = widget.height() * scale
    slices = _plan(lay, head, gauge_h, flow)
    pages = max(s.page for s in slices) + 1
    if pages > MAX_PAGES:
        raise PdfError(f"the layout came to {pages} pages; refusing to print it")
    p = QPainter()
    if not p.begin(device):
        raise PdfError("Qt could not start painting the document")
    try:
        for page, placed in _pages(slices):
            if page:
                device.newPage()
            _paint_frame(p, lay, doc, label, page, pages)
            for s in placed:
                p.save()
                p.translate(0, s.y - s.start)
                # Clipped above and below only: list numbers sit left of the text.
                side = lay.pt(36)
                _draw_on_paper(s.block.doc, p, QRectF(-side, s.start, lay.width + 2 * side,
                                                      s.end - s.start))
                p.restore()
            if page == 0 and widget is not None:
                p.save()
                p.translate(0, head.height + lay.gap)
                p.scale(scale, scale)
                widget.render(p, QPoint(0, 0), QRegion(),
                              widget.RenderFlag.DrawChildren)
                p.restore()
    finally:
        p.end()
        if widget is not None:
            widget.deleteLater()
    return pages


def handoff_pdf(doc: Handoff, reading: GaugeReading | None, *, paper: str = "a4",
                label: str = "") -> tuple[bytes, int]:
    """The PDF of ``doc`` on ``paper`` ("a4" or "letter") as bytes, and its page count.
    Nothing is written to disk."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(PAPERS[paper]))
    writer.setTitle(doc.title)  # never the patient label: metadata travels unseen
    writer.setCreator(f"LeukoDesk {__version__}")
    pages = paint_handoff(writer, doc, reading, label)
    del writer  # finishes the file
    buffer.close()
    return bytes(buffer.data()), pages


def summary_pdf(a: Assessment, dose: DoseResult | None = None, *, at: datetime,
                paper: str = "a4", label: str = "") -> tuple[bytes, int]:
    """The summary of ``a`` (and the dose calculator's ``dose``) as PDF bytes, page count."""
    return handoff_pdf(summary_handoff(a, dose, at=at), gauge_reading(a), paper=paper,
                       label=label)


def worksheet_pdf(d: DoseResult, *, at: datetime, paper: str = "a4",
                  label: str = "") -> tuple[bytes, int]:
    """The pharmacist's dose worksheet as PDF bytes, and its page count."""
    return handoff_pdf(worksheet_handoff(d, at=at), None, paper=paper, label=label)
