"""Start the window: one QApplication, the stylesheet, the crash hook, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from leukodesk import __version__
from leukodesk.ui.crash import install_excepthook
from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.resources import read_text
from leukodesk.ui.settings_store import APPLICATION, ORGANISATION, SettingsStore


def create_app(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def apply_style(app: QApplication) -> None:
    """The one stylesheet, applied once the window is built (styling each widget as it is
    created costs more than styling the finished window once)."""
    app.setStyleSheet(read_text("style.qss"))


def run_window(argv: Sequence[str] | None = None) -> int:
    """Open the bedside window and run until it is closed; returns the exit status."""
    app = create_app(sys.argv[:1] if argv is None else argv)
    window = MainWindow(SettingsStore())
    apply_style(app)
    install_excepthook(lambda: window)
    window.show()
    return app.exec()
