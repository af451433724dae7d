"""The window on the screens it is used on (issue 19): a severe febrile-neutropenia case typed
into the real widgets, the window laid out on a screen of a given size (as it opens, or
maximised) or in presentation mode, and what in its results cannot be read there.

Used by scripts/screenshots.py (the pictures) and tests/ui/test_screen_layout.py (which runs
``python scripts/screens.py WIDTHxHEIGHT`` in a process of its own, on an offscreen screen of
that size, and reads the problems it prints as JSON).

    QT_QPA_PLATFORM=offscreen:configfile=... python scripts/screens.py 1366x768 [--theme T]

What counts as a problem (:func:`layout_problems`), for the results area only:
- a label whose text is cut: a label that does not wrap and whose text is wider than its
  contents, or a wrapped label whose text needs more height than it has (heightForWidth);
- a horizontal scroll bar shown in the results;
- the edge of the transfusion and dose row's scrolled view through a line of its text;
- the ACT NOW strip, the first recommendation or the dose action line not wholly on screen:
  outside the window, or outside the viewport of a scroll area it is in (scrolled away), or
  hidden (a tab behind, a drawer closed).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from leukodesk.ui.main_window import MainWindow

log = logging.getLogger("screens")

SIZES = ((1024, 768), (1280, 720), (1366, 768), (1920, 1080))
THEMES = ("light", "dark", "high_contrast")
# Severe febrile neutropenia on chemotherapy, with a weight for the filgrastim dose and
# platelets low enough for the transfusion advice to speak.
SEVERE_FN = (("wbc", "0.6"), ("anc", "0.2"), ("platelets", "18"), ("temperature_c", "38.6"),
             ("weight_kg", "72"))
SEVERE_FN_FLAGS = ("myelosuppressive_chemo",)


def screen_config(width: int, height: int, folder: Path) -> str:
    """QT_QPA_PLATFORM for an offscreen screen of ``width``×``height`` at 96 dpi."""
    config = folder / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{
        "name": f"screen{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def settle(ms: int = 400) -> None:
    """Let the window lay itself out, settle its fonts and paint (and any error line show)."""
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def open_window(theme: str = "light") -> MainWindow:
    """A styled window with no settings store, opened as a user opens it (fitted to the
    screen), with the severe FN case typed in."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from leukodesk.ui.main_window import MainWindow
    from leukodesk.ui.run import apply_style, create_app

    app = QApplication.instance() or create_app(sys.argv[:1])
    window = MainWindow()  # nothing read or saved
    apply_style(app, window)
    window.show()
    QTest.qWaitForWindowExposed(window)
    edits = {**{k: r.edit for k, r in window.inputs.rows.items()},
             "weight_kg": window.dose.weight.edit}
    for key, text in SEVERE_FN:
        edit = edits[key]
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(edit, text)
    for key in SEVERE_FN_FLAGS:
        check = window.inputs.flags[key]
        if not check.isChecked():
            QTest.mouseClick(check, Qt.MouseButton.LeftButton,
                             pos=check.rect().bottomLeft() + check.rect().topRight() / 2)
    if theme != window.appearance.theme:
        next(a for a in window.appearance.theme_actions.actions() if a.data() == theme).trigger()
    window.activateWindow()
    settle()
    return window


def maximise(window: MainWindow) -> None:
    window.showMaximized()
    settle()


def present(window: MainWindow) -> None:
    """Presentation mode as F11 starts it, once full screen has settled."""
    from PySide6.QtTest import QTest

    window.appearance.present_action.trigger()
    for _ in range(40):
        if window.isFullScreen() and window.size() == window.screen().geometry().size():
            break
        QTest.qWait(50)
    settle(700)  # presentation shares the room again 0, 100 and 300 ms after it starts


# --- what cannot be read -----------------------------------------------------------------
def key_widgets(window: MainWindow) -> dict[str, QWidget | None]:
    """The three things that must be on screen: the ACT NOW strip, the first recommendation
    (its text, and its line of sources when it has one) and the dose action line (the
    dose panel's "dose_action_label": leukodesk/ui/look/room.py)."""
    from leukodesk.ui.look.room import dose_action_line

    labels = window.advice.list.labels()
    first = labels[0] if labels else None
    sources = labels[1] if len(labels) > 1 and first is not None and \
        labels[1].objectName() == f"{first.objectName()}_sources" else None
    shown = {"ACT NOW strip": window.advice.banner, "first recommendation": first,
             "dose action line": dose_action_line(window)}
    if sources is not None:
        shown["first recommendation's sources"] = sources
    return shown


def visible_rect_problem(widget: QWidget, window: QWidget) -> str | None:
    """Why ``widget`` is not wholly on screen in ``window``, or None when it is."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractScrollArea

    if not widget.isVisibleTo(window) or not window.isVisible():
        return "hidden"
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            port = parent.viewport()
            seen = QRect(port.mapTo(window, QPoint(0, 0)), port.size())
            if not seen.contains(rect):
                return (f"scrolled out of {parent.objectName() or type(parent).__name__}: "
                        f"{rect_text(rect)} in its view {rect_text(seen)}")
        parent = parent.parentWidget()
    if not window.rect().contains(rect):
        return f"outside the window: {rect_text(rect)} in {rect_text(window.rect())}"
    if widget.height() <= 0 or widget.width() <= 0:
        return "no room"
    return None


def rect_text(rect) -> str:  # noqa: ANN001 (a QRect)
    return f"{rect.width()}×{rect.height()} at ({rect.x()},{rect.y()})"


def cut_label_problem(label) -> str | None:  # noqa: ANN001 (a QLabel)
    """Why ``label``'s text is cut (elided or clipped through its letters), or None."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument

    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect()
    indent = max(0, label.indent()) + label.margin()
    room.adjust(indent, 0, -indent, 0)
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text)
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height():
            return f"wrapped text needs {needed} px of height, has {label.height()}"
        return None
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setHtml(text)
        doc.setDocumentMargin(0)
        wide, high = doc.idealWidth(), doc.size().height()
    else:
        metrics = label.fontMetrics()
        lines = text.split("\n")
        wide = max(metrics.horizontalAdvance(line) for line in lines)
        high = metrics.height() * len(lines)
    if wide > room.width() + 1:
        return f"text {wide:.0f} px wide in {room.width()} px"
    if high > room.height() + 1:
        return f"text {high:.0f} px high in {room.height()} px"
    return None


def scrolled_through(label, area) -> str | None:  # noqa: ANN001 (a QLabel, its scroll area)
    """Why the edge of ``area``'s view cuts through ``label``'s text, or None."""
    from PySide6.QtCore import QPoint, QRect

    from leukodesk.ui.look.room import text_lines

    port = area.viewport()
    seen = QRect(QPoint(0, 0), port.size())
    for line in text_lines(label, port):  # an edge between two lines cuts no letter
        if line.height() > 1 and line.intersects(seen) and not seen.contains(line):
            return f"a line {rect_text(line)} in its view {rect_text(seen)}"
    return None


def layout_problems(window: MainWindow) -> list[str]:
    """What in the window's results cannot be read where it is (module docstring)."""
    from PySide6.QtWidgets import QAbstractScrollArea, QLabel

    results = window.results
    problems = []
    for name, widget in key_widgets(window).items():
        why = "missing" if widget is None else visible_rect_problem(widget, window)
        if why is not None:
            problems.append(f"{name} not on screen: {why}")
    for label in results.findChildren(QLabel):
        if label.isVisibleTo(window) and (why := cut_label_problem(label)) is not None:
            problems.append(f"label {label.objectName() or repr(label.text()[:30])} cut: {why}")
    row = window.findChild(QAbstractScrollArea, "results_bottom_scroll")
    if row is not None:  # the transfusion and dose row: its edge is not through a line
        for label in row.findChildren(QLabel):
            if label.isVisibleTo(window) and (why := scrolled_through(label, row)):
                problems.append(f"label {label.objectName() or repr(label.text()[:30])} "
                                f"cut by the edge of results_bottom_scroll: {why}")
    for area in [results, *results.findChildren(QAbstractScrollArea)]:
        if isinstance(area, QAbstractScrollArea) and area.isVisibleTo(window) \
                and area.horizontalScrollBar().isVisibleTo(window):
            problems.append(f"horizontal scroll bar in {area.objectName() or type(area).__name__}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lay the window out on one screen size "
                                     "and print what cannot be read, as JSON.")
    parser.add_argument("size", help="WIDTHxHEIGHT of the screen, e.g. 1366x768")
    parser.add_argument("--theme", default="light", choices=THEMES)
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = screen_config(width, height, Path(tempfile.mkdtemp()))
    window = open_window(args.theme)
    found = {"opened": layout_problems(window)}
    sizes = {"opened": list(window.size().toTuple())}
    maximise(window)
    found["maximised"] = layout_problems(window)
    sizes["maximised"] = list(window.size().toTuple())
    present(window)
    found["presenting"] = layout_problems(window)
    sizes["presenting"] = list(window.size().toTuple())
    found["sizes"] = sizes
    found["screen"] = [window.screen().geometry().width(), window.screen().geometry().height()]
    print(json.dumps(found))
    window.appearance.leave_presentation()
    window.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
