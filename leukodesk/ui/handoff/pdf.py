"""Hand-off documents on paper: the summary and the dose worksheet as PDF, or on a printer.

The content is :mod:`leukodesk.core.formats.note`'s and
:mod:`leukodesk.core.formats.worksheet`'s (the same sections as their plain text, in the
core's own Unicode wording), laid out for paper by
:mod:`leukodesk.ui.handoff.paper` (sections that break only between entries, never
straight after a heading); this module paints it: A4 or US Letter, a title block, the
patient label only when one was typed (and then on every page), the severity gauge drawn
by the window's own :class:`SeverityGauge`, and "Page n of m" on every page.

Qt's own PDF writer and print support only; nothing is written anywhere: a PDF comes
back as bytes, and the caller decides where they go. Imported only when a hand-off is
asked for, never at window start-up.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from leukodesk import __version__
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.formats.handoff import LABEL_MAX, Handoff, printed_label
from leukodesk.core.formats.note import summary_handoff
from leukodesk.core.formats.worksheet import worksheet_handoff
from leukodesk.ui.handoff.figures import handoff_figures
from leukodesk.ui.handoff.paper import (
    PAPERS,
    Layout,
    Painting,
    Slice,
    blocks,
    paper_font,
    plan,
)
from leukodesk.ui.panels.gauge import (
    GaugeReading,
    SeverityGauge,
    gauge_reading,  # the window's: paper reads as the screen
)

MARGINS_MM = QMarginsF(15, 12, 15, 12)  # side, top: room for any printer's edge
RESOLUTION = 1200        # QPdfWriter's default, dots per inch
GAUGE_LAYER_SCALE = 4.0  # the gauge's cached scale is a pixmap: draw it at 4x for paper
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


# --- painting ----------------------------------------------------------------------------
class _PaperGauge(SeverityGauge):
    """The window's gauge, unchanged, but with its cached scale drawn sharp enough for
    paper and in black on white whatever the screen's colours."""

    def devicePixelRatioF(self) -> float:  # noqa: N802 (Qt name)
        return GAUGE_LAYER_SCALE


def _paper_gauge(reading: GaugeReading | None, width_px: int) -> SeverityGauge:
    if not isinstance(QApplication.instance(), QApplication):
        raise PdfError("a QApplication is needed to draw the severity gauge")
    gauge = _PaperGauge()
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#ffffff"),
                         (QPalette.ColorRole.WindowText, "#000000")):
        palette.setColor(role, QColor(colour))
    gauge.setPalette(palette)
    gauge.setFont(paper_font(9.0))
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


def _paint_frame(p: QPainter, lay: Layout, doc: Handoff, label: str, page: int,
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
    left = (f"LeukoDesk {__version__} · rule set {doc.rules_version} · decision support only: "
            "check every figure against the patient")
    box = QRectF(0, y, lay.width, lay.small_line)
    p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
    room = lay.width - fm.horizontalAdvance(number) - lay.pt(12)
    p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               fm.elidedText(left, Qt.TextElideMode.ElideRight, room))


def _pages(slices: list[Slice]) -> Iterator[tuple[int, list[Slice]]]:
    last = max(s.page for s in slices)
    for page in range(last + 1):
        yield page, [s for s in slices if s.page == page]


def paint_handoff(device: QPagedPaintDevice, doc: Handoff, reading: GaugeReading | None,
                  label: str = "", figures: dict[str, Painting] | None = None) -> int:
    """Lay ``doc`` out on ``device`` (a QPdfWriter, or a QPrinter from the print dialog)
    and return the number of pages. A summary carries the gauge showing ``reading``, and
    after a section that names a figure, its painting from ``figures`` (by kind)."""
    label = clean_label(label)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    lay = Layout(device)
    head, flow = blocks(lay, doc, label, figures)
    widget = _paper_gauge(reading, 1) if doc.kind == "summary" else None
    scale = 1.0
    gauge_h = 0.0
    if widget is not None:
        scale = lay.dpi / widget.logicalDpiX()
        widget.resize(round(lay.width / scale), widget.height())
        gauge_h = widget.height() * scale
    slices = plan(lay, head, gauge_h, flow)
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
                if s.block.figure is not None:  # under its caption, kept whole
                    top = s.block.doc.size().height()
                    s.block.figure(p, QRectF(0, top, lay.width, s.block.height - top))
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
                label: str = "", figures: dict[str, Painting] | None = None
                ) -> tuple[bytes, int]:
    """The PDF of ``doc`` on ``paper`` ("a4" or "letter") as bytes, and its page count.
    Nothing is written to disk."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(PAPERS[paper]))
    writer.setTitle(doc.title)  # never the patient label: metadata travels unseen
    writer.setCreator(f"LeukoDesk {__version__}")
    pages = paint_handoff(writer, doc, reading, label, figures)
    del writer  # finishes the file
    buffer.close()
    return bytes(buffer.data()), pages


def summary_pdf(a: Assessment, dose: DoseResult | None = None, *, at: datetime,
                paper: str = "a4", label: str = "", site: str = "") -> tuple[bytes, int]:
    """The summary of ``a`` (and the dose calculator's ``dose``) as PDF bytes, page count;
    ``site``: the site configuration's header line."""
    return handoff_pdf(summary_handoff(a, dose, at=at, site=site), gauge_reading(a),
                       paper=paper, label=label, figures=handoff_figures(a))


def worksheet_pdf(d: DoseResult, *, at: datetime, paper: str = "a4",
                  label: str = "", site: str = "") -> tuple[bytes, int]:
    """The pharmacist's dose worksheet as PDF bytes, and its page count."""
    return handoff_pdf(worksheet_handoff(d, at=at, site=site), None, paper=paper,
                       label=label)
