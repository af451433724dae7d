"""What keeps a keystroke cheap, held in place: the fields and scroll bars stay opaque
through polishing, a fence or the status line repaints itself alone, and a panel whose
view data did not change is not painted again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget

from leukodesk.ui.fence import FencedLabel, LayoutFence
from leukodesk.ui.panels.status import COMPUTED_FROM, STATUS_HEAD
from leukodesk.ui.widgets import FieldEdit, TextLine

OPAQUE = Qt.WidgetAttribute.WA_OpaquePaintEvent


def test_fields_stay_opaque_after_showing_and_after_turning_invalid_and_back(user, window):
    fields = window.findChildren(FieldEdit)
    assert len(fields) >= 10
    assert all(f.testAttribute(OPAQUE) for f in fields), "cleared by the first polish"
    user.type("wbc", "2100")  # refused: the field is re-polished as invalid
    wbc = window.inputs.rows["wbc"].edit
    assert wbc.property("invalid") is True
    assert wbc.testAttribute(OPAQUE)
    user.type("wbc", "2.1")
    assert wbc.property("invalid") is not True
    assert wbc.testAttribute(OPAQUE)


class PaintSpy(QObject):
    """Records every Paint event of what it watches: who was painted, and which rectangle."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.rects: list = []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            self.seen.append(watched.objectName() or type(watched).__name__)
            self.rects.append(event.rect())
        return False

    def clear(self) -> None:
        self.seen.clear()
        self.rects.clear()


def test_a_new_tone_and_text_paint_the_fence_once(window, qtbot):
    fence = window.dose.result_fence
    # At 1024×768 the dose row scrolls (issue 19): bring the fence into its view first.
    window.findChild(QScrollArea, "results_bottom_scroll").ensureWidgetVisible(fence)
    counter = PaintSpy()
    fence.installEventFilter(counter)
    QApplication.processEvents()
    assert not fence.visibleRegion().isEmpty()
    counter.clear()
    fence.set_tone("warning" if fence.tone() != "warning" else "ok")
    fence.set_text(fence.child.text() + " (changed)")
    QApplication.processEvents()
    assert counter.seen == ["TonedFence"]
    counter.clear()
    fence.set_tone("ok" if fence.tone() != "ok" else "warning")  # a tone alone: painted too
    QApplication.processEvents()
    assert counter.seen == ["TonedFence"]


def test_the_result_scroll_bars_are_opaque(user, window):
    bars = [window.advice.list.verticalScrollBar(), window.pitfalls.view.verticalScrollBar()]
    user.type("wbc", "0.8")
    assert any(bar.isVisible() for bar in bars)
    assert all(bar.testAttribute(OPAQUE) for bar in bars if bar.isVisible())


def test_a_keystroke_repaints_the_status_lines_tail_alone(user, window, qtbot):
    user.type("wbc", "2.1")
    status = window.status
    assert status.text().startswith(STATUS_HEAD + COMPUTED_FROM + "WBC 2.1")
    head_width = status.fontMetrics().horizontalAdvance(STATUS_HEAD + COMPUTED_FROM)
    QApplication.processEvents()  # the new head (a result) is painted
    spy = PaintSpy()
    status.installEventFilter(spy)
    user.type("platelets", "15")
    QApplication.processEvents()
    assert "plt 15" in status.text() and status.toolTip() == status.text()
    assert spy.rects and all(r.left() >= head_width - 2 for r in spy.rects)
    # A new weight, at the end of the tail: repainted from where the tail changed.
    user.type("weight_kg", "70")
    edit = user.edit("weight_kg")
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    QApplication.processEvents()
    spy.clear()
    qtbot.keyClick(edit, "2")
    QApplication.processEvents()
    kept = status.text()[:status.text().index("weight 7") + len("weight 7")]
    assert status.text().endswith("weight 72 kg")
    assert spy.rects and all(
        r.left() >= status.fontMetrics().horizontalAdvance(kept) - 6 for r in spy.rects)
    # What the window holds after that partial paint is the line painted whole.
    place = QRect(status.mapTo(window, QPoint(0, 0)), status.size())
    held = window.screen().grabWindow(window.winId()).toImage().copy(place)
    whole = status.grab().toImage()
    rgb = QImage.Format.Format_RGB32
    assert held.convertToFormat(rgb) == whole.convertToFormat(rgb)
    # A new head (no result) repaints the whole line.
    spy.clear()
    user.type("wbc", "2100")
    QApplication.processEvents()
    assert "no result" in status.text()
    assert any(r.left() == 0 for r in spy.rects)


def test_fences_leave_the_events_of_a_keystroke_to_qt_and_still_fit_their_text(qtbot):
    """A Python ``event()`` on the fences saw every move, resize and show of every
    paragraph, a dozen a keystroke; the fenced label now says when its text or font
    changes, and the fence fits it then."""
    assert LayoutFence.event is QWidget.event and FencedLabel.event is QLabel.event
    assert LayoutFence.paintEvent is QWidget.paintEvent  # only a TonedFence paints
    holder = QWidget()
    qtbot.addWidget(holder)
    column = QVBoxLayout(holder)
    label = FencedLabel()
    label.setWordWrap(True)
    fence = LayoutFence(label, 0, exact=True)
    column.addWidget(fence)
    column.addStretch(1)
    holder.resize(200, 400)
    holder.show()
    qtbot.waitExposed(holder)
    label.setText("one line")
    qtbot.waitUntil(lambda: fence.height() == label.heightForWidth(fence.width()))
    one = fence.height()
    label.setText("many words " * 30)  # straight to the label, not through the fence
    qtbot.waitUntil(lambda: fence.height() == label.heightForWidth(fence.width()))
    assert fence.height() > 3 * one
    bigger = QFont(label.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    label.setFont(bigger)  # a new font alone: fitted again
    qtbot.waitUntil(lambda: fence.height() == label.heightForWidth(fence.width()))
    assert label.heightForWidth(fence.width()) > 1.5 * (3 * one)


def test_panels_skip_a_render_only_when_what_they_show_is_unchanged(user, window):
    """Each result panel keeps what it last showed and skips a state that would show the
    same; a problem in the WBC (which clears everything) changes the dose line, and back;
    one in the temperature, which the dose does not need, leaves it (RULES §2a)."""
    user.type("wbc", "2.1")
    assert window.dose.result.text().startswith("No dose: enter a weight")
    for key, text, dose in (("wbc", "2.1x", "No dose while an input is invalid"),
                            ("wbc", "2.1", "No dose: enter a weight"),
                            ("temperature_c", "3", "No dose: enter a weight"),
                            ("temperature_c", "38", "No dose: enter a weight")):
        user.type(key, text)
        assert window.dose.result.text().startswith(dose), text
        user.check()
    user.type("temperature_c", "38.3")
    user.type("weight_kg", "70")
    advice = window.advice.list.toPlainText()
    transfusion = window.transfusion.label.text()
    redone: list[str] = []
    window.advice.list.set_paragraphs = lambda items: redone.append("advice")
    window.transfusion.fence.set_text = lambda text: redone.append("transfusion")
    user.type("weight_kg", "71")  # the advice and transfusion stay; the dose follows
    assert redone == []  # neither was rendered again
    assert window.advice.list.toPlainText() == advice
    assert window.transfusion.label.text() == transfusion
    assert "355 mcg" in window.dose.result.text()
    user.check()


def test_the_status_line_holds_what_it_would_paint_whole_through_any_change(qtbot):
    """A new tail repaints from where the drawn text changes: also when it is cut short
    ("…") while the old one fitted, or the other way round."""
    tails = ["WBC 0.8, plt 1", "WBC 0.8, plt 15", "WBC 0.8, plt 150, weight 70 kg",
             "WBC 0.8, plt 15", "WBC 0.8, plt 1", "WBC 0.9, plt 1", "WBC 0.9"]
    line = TextLine()
    qtbot.addWidget(line)
    line.show()
    qtbot.waitExposed(line)
    rgb = QImage.Format.Format_RGB32
    for width in range(90, 260, 7):
        line.resize(width, line.sizeHint().height())
        for tail in tails:
            line.set_parts("Rule set: ", tail)
            QApplication.processEvents()
            held = line.screen().grabWindow(line.winId()).toImage().copy(line.rect())
            whole = line.grab().toImage()
            assert held.convertToFormat(rgb) == whole.convertToFormat(rgb), (width, tail)
