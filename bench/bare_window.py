"""The bare window that bench/bench_frozen.py holds the frozen LeukoDesk against.

Frozen with the very same spec, excludes and slimming as the app (``bash
packaging/build.sh --bare`` → dist/bare_window/bare_window), it is the "hello window"
baseline for bundle size, start-up and memory: PySide6-Essentials widgets and pydantic
(the two things every LeukoDesk window needs), and nothing of LeukoDesk. ``--bare-qt``
freezes it without pydantic (dist/bare_window_qt), to show what pydantic itself weighs.

``bare_window [WIDGETS]``: a QMainWindow of the app's default size (1180×800) holding
WIDGETS simple widgets (labels, line edits and combo boxes in a grid, as many as the real
window has; default 1) and one 15-field pydantic model validated once. bench/startup_child.py
builds its bare window here too, and bench/bench_ui.py takes the model from here (this file
stays freezable alone: it imports nothing but pydantic and Qt). With
``LEUKODESK_BENCH_FIRST_PAINT=FILE`` it writes the same JSON line as the app's hook
(leukodesk/ui/run.py) after its first paint and exits; without it the window stays open.
"""

import os
import sys
import time

SIZE = (1180, 800)  # MainWindow's default size


def reading_model() -> type:
    """The 15-field model every bare window validates (pydantic imported here); without
    pydantic (the Qt-only build, ``build.sh --bare-qt``) a plain class of the same fields."""
    try:
        from pydantic import BaseModel
    except ImportError:
        BaseModel = object

    class Reading(BaseModel):
        wbc: float
        anc: float | None = None
        platelets: float | None = None
        hemoglobin: float | None = None
        temperature: float | None = None
        age: int | None = None
        weight: float | None = None
        segs: float | None = None
        bands: float | None = None
        lymphs: float | None = None
        monos: float | None = None
        fever: bool = False
        infection: bool = False
        bleeding: bool = False
        diagnosis: str = "none"

    return Reading


def build(widgets: int):
    """(app, window, imported): the bare window, not yet shown, and time.monotonic_ns() once
    pydantic and Qt were imported (before the QApplication). Also bench/startup_child.py's."""
    Reading = reading_model()
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QGridLayout,
        QLabel,
        QLineEdit,
        QMainWindow,
        QWidget,
    )

    imported = time.monotonic_ns()
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Hello, window")
    central = QWidget()
    grid = QGridLayout(central)
    window.setCentralWidget(central)
    if Reading.__bases__ == (object,):
        reading = Reading()
        reading.wbc = 3.4
    else:
        reading = Reading.model_validate({"wbc": "3.4", "anc": "1.8", "platelets": "160",
                                          "temperature": "37.2", "fever": False})
    # The real window's mix, per 8: five labels, two line edits and a combo box (a combo box
    # brings its popup's widgets: about 10 in all, counted on the first one).
    pattern = (QLabel, QLineEdit, QLabel, QLabel, QLineEdit, QLabel, QLabel, QComboBox)
    made = len(window.findChildren(QWidget))
    cost = {QLabel: 1, QLineEdit: 1}
    index = 0
    while made < widgets:
        kind = pattern[index % len(pattern)]
        if made + cost.get(kind, 1) > widgets:
            kind = QLabel
        if kind is QLabel:
            widget = QLabel(f"Hello {index}: WBC {reading.wbc}")
        elif kind is QLineEdit:
            widget = QLineEdit(str(index))
        else:
            widget = QComboBox()
            widget.addItems(["one", "two", "three"])
        grid.addWidget(widget, index // 8, index % 8)
        index += 1
        if kind not in cost:
            cost[kind] = len(window.findChildren(QWidget)) - made
        made += cost[kind]
    window.resize(*SIZE)
    return app, window, imported


def on_first_paint(window, then) -> None:
    """Run ``then`` once the window's first frame is painted: the first Paint event of the
    window queues a zero timer, which runs once the whole frame (every child) has been
    painted and flushed. As leukodesk.ui.main_window.AfterFirstPaint (kept apart: nothing
    of LeukoDesk here); bench/startup_child.py marks both of its windows with it."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt)
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, then)
            return False

    window.installEventFilter(FirstPaint(window))


def exit_after_first_paint(window, path: str) -> None:
    """As leukodesk.ui.run.exit_after_first_paint (kept apart: nothing of LeukoDesk here)."""
    from PySide6.QtWidgets import QWidget

    def done() -> None:
        painted = time.monotonic_ns()
        import json
        import resource

        line = json.dumps({"painted": painted,
                           "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                           "widgets": len(window.findChildren(QWidget)),
                           "frozen": bool(getattr(sys, "frozen", False)),
                           "modules": sorted(sys.modules)})
        with open(path, "w", encoding="utf-8") as out:
            out.write(line + "\n")
        os._exit(0)

    on_first_paint(window, done)


def main() -> int:
    widgets = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    app, window, _imported = build(widgets)
    path = os.environ.get("LEUKODESK_BENCH_FIRST_PAINT")
    if path:
        exit_after_first_paint(window, path)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
