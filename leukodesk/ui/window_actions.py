"""What the window's add-ons (hand-off, teaching cases, the View menu) share: an action
whose shortcut works wherever the focus is, a status-bar message about something just
done, and the file name a save dialog suggests.

Imported at window start-up: Qt only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

MESSAGE_MS = 12_000  # how long a message ("Note copied", "Opened …") stays, at most


Key = str | QKeySequence | QKeySequence.StandardKey


def window_action(window: QMainWindow, text: str, name: str,
                  shortcut: Key | Sequence[str | QKeySequence] | None,
                  slot: Callable[[], Any] | None, tip: str) -> QAction:
    """An action of ``window`` named ``name``, with ``tip`` as status and tool tip; its
    shortcut works wherever the focus is in the window. ``shortcut`` is one key sequence
    or a list of them (the first is the one menus show). ``slot`` is called without the
    ``checked`` argument; a checkable action is made so by the caller."""
    action = QAction(text, window)
    action.setObjectName(name)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if isinstance(shortcut, list | tuple):
        action.setShortcuts([QKeySequence(key) for key in shortcut])
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def say(window: QMainWindow, message: str) -> None:
    """A message in ``window``'s status bar, for MESSAGE_MS (the next change of the inputs
    clears it: the status line it covers comes back)."""
    window.statusBar().showMessage(message, MESSAGE_MS)


def documents_folder() -> str:
    """The user's documents folder ("" if the platform has none)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def suggested_path(folder: str, name: str) -> str:
    """``name`` in ``folder`` (the name alone when there is no folder), for a save dialog."""
    return str(Path(folder) / name) if folder else name
