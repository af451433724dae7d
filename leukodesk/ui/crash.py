"""Unexpected exceptions: one excepthook → a local log and a dialog with copyable details.

The window and everything typed in it survive: Qt carries on after the hook returns.
The log lives in the per-user application data folder and holds the traceback only.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

from leukodesk import __version__

log = logging.getLogger(__name__)


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home() / ".leukodesk") / "leukodesk.log"


def details_of(exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"LeukoDesk {__version__}, {stamp}\n{trace}"


def write_log(details: str, path: Path | None = None) -> Path | None:
    target = path or log_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as handle:
            handle.write(details + "\n")
    except OSError:
        log.exception("could not write the error log to %s", target)
        return None
    return target


def show_error_dialog(details: str, where: Path | None, parent: QWidget | None) -> QMessageBox:
    """The dialog: what happened in words, the details to copy, where the log is."""
    from PySide6.QtWidgets import QMessageBox  # start-up: made by the first error alone

    box = QMessageBox(parent)
    box.setObjectName("error_dialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("LeukoDesk: unexpected error")
    box.setText("Something went wrong inside LeukoDesk. Your inputs are still on screen; "
                "check the results again before relying on them.")
    box.setInformativeText(f"The details were saved to {where}." if where else
                           "The details could not be saved; copy them below.")
    box.setDetailedText(details)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    return box


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(parent: Callable[[], QWidget | None],
                       log_file: Path | None = None) -> ExceptHook:
    """Route uncaught exceptions to the log and the dialog; returns the hook."""

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = details_of(exc_type, exc, tb)
        where = write_log(details, log_file)
        log.error("unexpected error\n%s", details)
        show_error_dialog(details, where, parent())

    sys.excepthook = hook
    return hook
