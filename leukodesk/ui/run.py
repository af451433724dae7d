"""Start the window: one QApplication, the stylesheet, the crash hook, the main window."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from leukodesk import __version__
from leukodesk.resources import resource
from leukodesk.ui.crash import install_excepthook
from leukodesk.ui.look.appearance import style_application
from leukodesk.ui.look.theme import DEFAULT_THEME
from leukodesk.ui.main_window import AfterFirstPaint, MainWindow
from leukodesk.ui.settings_store import APPLICATION, ORGANISATION, SettingsStore

try:
    import resource as rusage  # POSIX only: peak memory for the benchmark below
except ImportError:  # Windows
    rusage = None  # type: ignore[assignment]

# Benchmarks only (bench/bench_frozen.py): when set, the window writes what its first paint
# cost to this file and the process ends at once. Unset, nothing of this runs.
BENCH_FIRST_PAINT = "LEUKODESK_BENCH_FIRST_PAINT"


def create_app(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("leukodesk")  # packaging/leukodesk.desktop
    app.setWindowIcon(QIcon(str(resource("leukodesk.png"))))  # decoded only when shown
    return app


def apply_style(app: QApplication, window: MainWindow | None = None) -> None:
    """The one stylesheet, rendered for the window's theme and zoom (the default theme
    without a window), applied once the window is built (styling each widget as it is
    created costs more than styling the finished window once)."""
    if window is not None:
        window.appearance.apply()
    else:
        style_application(app, DEFAULT_THEME, 1.0)


def run_window(argv: Sequence[str] | None = None) -> int:
    """Open the bedside window and run until it is closed; returns the exit status."""
    app = create_app(sys.argv[:1] if argv is None else argv)
    window = MainWindow(SettingsStore())
    apply_style(app, window)
    install_excepthook(lambda: window)
    first_paint_file = os.environ.get(BENCH_FIRST_PAINT)
    if first_paint_file:
        exit_after_first_paint(window, first_paint_file)
    window.show()
    return app.exec()


def exit_after_first_paint(window: QMainWindow, path: str) -> None:
    """Once the first frame is painted, write one JSON line to ``path`` and end the process
    (``os._exit``: teardown is not start-up, and no settings are saved). The line holds
    ``painted`` (time.monotonic_ns(), CLOCK_MONOTONIC, which the benchmark also reads
    before it starts the process), ``rss_kib`` (peak resident memory), ``widgets`` and
    ``modules`` (every module imported by then). Measured as bench/startup_child.py does:
    the first Paint event of the window queues a zero timer, which runs once the whole
    frame has been painted and flushed."""
    def done() -> None:
        painted = time.monotonic_ns()
        rss_kib = 0 if rusage is None else rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss
        line = json.dumps({"painted": painted, "rss_kib": rss_kib,
                           "widgets": len(window.findChildren(QWidget)),
                           "frozen": bool(getattr(sys, "frozen", False)),
                           "modules": sorted(sys.modules)})
        with open(path, "w", encoding="utf-8") as out:
            out.write(line + "\n")
        os._exit(0)

    # Installed after the window's own (its engine warm-up): Qt asks the newest filter
    # first, so this timer is queued first and the process ends before the warm-up runs.
    AfterFirstPaint(window, done)
