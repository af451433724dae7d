"""Building blocks of the input panels: a number row (label, free-text field, unit,
error line) and choice helpers. Ranges and tooltips come from the core's tables.

Numbers are typed into line edits, not spin boxes: a spin box silently clamps or refuses
what is typed (2100 would become 1000), which would hide a unit slip and change what the
user entered. The core validates and the error line says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from html import escape
from os.path import commonprefix

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollBar,
    QSizePolicy,
    QWidget,
)

from leukodesk.core.content import field_help
from leukodesk.core.contract.limits import LIMITS, FieldLimit
from leukodesk.core.contract.units import UNIT_LABELS, from_canonical
from leukodesk.core.formats.display import plain


class ErrorReveal(QObject):
    """Brings up new error lines once typing pauses.

    A value on its way to a valid one is often invalid for a keystroke ("3" on the way to
    "37.2" °C). Its field is marked invalid, its description set and every result cleared
    at once, and the advice list says what is wrong; the line under the field, which moves
    the fields below it, waits until the keys stop for ``DELAY_MS``. A line already shown
    is updated or removed at once, so a line on screen is never stale."""

    DELAY_MS = 350

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[NumberRow] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.reveal_now)

    def request(self, row: NumberRow) -> None:
        if row not in self._pending:
            self._pending.append(row)
        self._timer.start()  # (re)start: the pause is counted from the last keystroke

    @Slot()
    def reveal_now(self) -> None:
        """Show every pending line that still has a message (the pause is over)."""
        self._timer.stop()
        pending, self._pending = self._pending, []
        for row in pending:
            row.error.setVisible(bool(row.error.text()) and not row.edit.isHidden())


class StaysOpaque:
    """For a widget the stylesheet paints whole (a flat background): marked opaque, so a
    change repaints it alone and not the panels and splitters behind it. Polishing by
    the stylesheet clears the mark (when the widget is first shown, and on a new
    stylesheet; ``set_state`` restores it after its own re-polish): it is set again.
    changeEvent and showEvent, not event(): a Python event() would run on every key and
    paint."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() == QEvent.Type.StyleChange:
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # type: ignore[attr-defined]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # type: ignore[attr-defined]
        super().showEvent(event)  # type: ignore[misc]


class FieldEdit(StaysOpaque, QLineEdit):
    """A line edit that paints every pixel of its box (the stylesheet gives it square
    corners and a background), so a keystroke repaints the field alone."""

    DIGITS = 12  # a field is as wide as this many digits of its font

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def fit_width(self) -> None:
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * self.DIGITS)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the zoom: the width follows
            self.fit_width()


class OpaqueScrollBar(StaysOpaque, QScrollBar):
    """A scroll bar the stylesheet paints whole: a new range (a paragraph comes or goes)
    repaints the bar alone."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


@dataclass
class NumberRow:
    """One numeric input on screen."""

    key: str
    label: QLabel
    edit: QLineEdit
    unit: QLabel
    error: QLabel
    reveal: ErrorReveal | None = None  # None: new error lines show at once

    def set_visible(self, visible: bool) -> None:
        for widget in (self.label, self.edit, self.unit):
            widget.setVisible(visible)
        self.error.setVisible(visible and bool(self.error.text()))

    def show_error(self, message: str | None, fix: str | None = None) -> None:
        """Show (or clear) the problem with this field, right under it (see ErrorReveal
        for when a new line appears), with ``fix`` (a unit slip's reading) as a link that
        takes it in one click. (isHidden, not isVisible: the first render happens before
        the window is shown.) Nothing is touched when the line already shows it: a text
        change re-lays out the panel."""
        text = message or ""
        if fix and message:
            text = f'{escape(message)} <a href="fix">{escape(fix)}</a>'
        if text == self.error.text() and self.error.isHidden() == (not message):
            return
        set_state(self.edit, "invalid", bool(message))
        self.edit.setAccessibleDescription(message or "")
        if text != self.error.text():
            self.error.setTextFormat(Qt.TextFormat.RichText if fix and message
                                     else Qt.TextFormat.PlainText)
            self.error.setText(text)  # cheap while hidden: no relayout
        if not message:
            self.error.hide()
        elif not self.error.isHidden() or self.reveal is None:
            self.error.setVisible(not self.edit.isHidden())
        else:
            self.reveal.request(self)


def set_state(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property the stylesheet selects on, re-polishing only on a change.
    (Re-polishing is the costly part of a render, and QWidget.style() leaks references
    in some PySide6 releases: the application's style object is used instead.)"""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # not styled yet: the first polish reads the property (and start-up skips
        # creating the style's Python type, with its many enums)
    opaque = widget.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    style = QApplication.style()
    style.unpolish(widget)
    style.polish(widget)
    if opaque:  # polishing clears it (a FieldEdit)
        widget.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


def range_text(lim: FieldLimit, unit: Enum | None) -> str:
    lo, hi = lim.minimum, lim.maximum
    if unit is not None:
        lo, hi = from_canonical(lo, unit), from_canonical(hi, unit)
    label = UNIT_LABELS[unit] if unit is not None else lim.unit_label
    return f"{plain(lo, 2)} to {plain(hi, 2)} {label}"


def tooltip(key: str, label: str, unit: Enum | None, lim: FieldLimit | None = None) -> str:
    """Unit, range and why the input matters."""
    lim = lim or LIMITS.get(key)
    parts = [label]
    if lim is not None:
        parts.append(f"Allowed: {range_text(lim, unit)}.")
    why = field_help().get(key)
    if why:
        parts.append(why)
    if lim is not None and key != "wbc":
        parts.append("Leave empty if unknown.")
    return "\n".join(parts)


def add_number_row(grid: QGridLayout, row: int, key: str, label: str, unit: Enum | None,
                   parent: QWidget, placeholder: str = "",
                   reveal: ErrorReveal | None = None) -> NumberRow:
    """Label | field | unit on one grid row, the error line on the next."""
    lim = LIMITS.get(key)
    name = QLabel(label, parent)
    edit = FieldEdit(parent)
    edit.setObjectName(f"{key.replace('.', '_')}_edit")
    edit.setAccessibleName(lim.label if lim is not None else label)  # e.g. "... LLN" in full
    edit.setPlaceholderText(placeholder)
    edit.fit_width()
    edit.setToolTip(tooltip(key, label, unit, lim))
    name.setBuddy(edit)
    unit_label = QLabel(UNIT_LABELS[unit] if unit is not None else
                        (lim.unit_label if lim else ""), parent)
    error = QLabel(parent)
    error.setObjectName(f"{key.replace('.', '_')}_error")
    error.setProperty("role", "field-error")
    error.setWordWrap(True)
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    error.setVisible(False)
    grid.addWidget(name, row, 0)
    grid.addWidget(edit, row, 1)
    grid.addWidget(unit_label, row, 2)
    grid.addWidget(error, row + 1, 0, 1, 3)
    return NumberRow(key, name, edit, unit_label, error, reveal)


def fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Items as (text, value); the value rides in itemData and is found with findData.
    A long item does not widen the window: the box shrinks, the popup shows it whole."""
    for text, value in items:
        combo.addItem(text, value)
        combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min(12, max(len(t) for t, _ in items)))


def select_data(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0 and index != combo.currentIndex():
        combo.setCurrentIndex(index)


class TextLine(QWidget):
    """One line of text, elided, painted by itself. Its size hint never changes with the
    text, so updating it repaints this line only instead of re-laying out the window
    (as a QLabel does on every setText). The full text is its tooltip and description.

    The line is a head and a tail (:meth:`set_parts`): the head stays the same while the
    tail follows each keystroke (the status line: the rule set, then what the result was
    computed from). Each part is laid out once per change (a QStaticText), and a new tail
    lays out and repaints the tail alone. The tail is elided when the line does not fit."""

    MARGIN = 2
    OVERHANG = 3  # px a glyph may reach into its neighbour's room (kerning, italics)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._head = ""
        self._tail = ""
        self._head_static: QStaticText | None = None
        self._tail_static: QStaticText | None = None
        self._metrics: QFontMetricsF | None = None  # of the font, until it changes
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)  # opaque: the bar behind it is not repainted

    def text(self) -> str:
        return self._head + self._tail

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, so callers read alike)
        self.set_parts("", text)

    def set_parts(self, head: str, tail: str) -> None:
        """Show ``head + tail``; a change of the tail alone repaints the tail alone."""
        if head == self._head and tail == self._tail:
            return
        drawn = self._tail_static  # the tail on screen, as painted (maybe cut short)
        self._tail = tail
        self._tail_static = None
        if head != self._head:
            self._head = head
            self._head_static = None
            self.update()
        else:
            self.update(self._changed_rect(drawn))
        self.setToolTip(self.text())
        self.setAccessibleDescription(self.text())

    def _static(self, text: str) -> QStaticText:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(QTransform(), self.font())
        return static

    def _head_width(self) -> float:
        if self._head_static is None:
            self._head_static = self._static(self._head)
        return self._head_static.size().width() if self._head else 0.0

    def _changed_rect(self, drawn: QStaticText | None) -> QRect:
        """Where the new tail, as it will be drawn, differs from the one ``drawn`` before:
        from its first changed character (less a little, for a glyph reaching past its
        neighbour) to the end. Painting glyphs is most of what a line costs, and a
        keystroke often changes one number near the end ("weight 70 kg"). Both texts are
        compared as drawn, so a tail newly cut short ("…") repaints from the cut."""
        same = 0
        if drawn is not None:  # (None: not painted at this size yet, so all of it)
            new = self._prepared_tail().text()
            same = len(commonprefix([drawn.text(), new]))
        if same and self._metrics is None:
            self._metrics = QFontMetricsF(self.font())
        offset = self._metrics.horizontalAdvance(new[:same]) if same else 0.0
        left = max(0, self.MARGIN + int(self._head_width() + offset) - self.OVERHANG)
        return QRect(left, 0, self.width() - left, self.height())

    def _prepared_tail(self) -> QStaticText:
        if self._tail_static is None:
            room = self.width() - 2 * self.MARGIN - self._head_width()
            static = self._static(self._tail)
            if static.size().width() > room:  # elided, with the head kept whole
                static = self._static(self.fontMetrics().elidedText(
                    self._tail, Qt.TextElideMode.ElideRight, max(0, int(room))))
            self._tail_static = static
        return self._tail_static

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._tail_static = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FontChange:
            self._head_static = self._tail_static = None
            self._metrics = None
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(200, self.fontMetrics().height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(10, self.fontMetrics().height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        head_width = self._head_width()
        tail = self._prepared_tail()
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        top = (self.height() - tail.size().height()) / 2
        if self._head and event.rect().left() < self.MARGIN + head_width:
            painter.drawStaticText(QPointF(self.MARGIN, top), self._head_static)
        painter.drawStaticText(QPointF(self.MARGIN + head_width, top), tail)
