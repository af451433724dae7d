"""The window opens fitted to its screen's available area, from 1024×768 up, and a saved
geometry comes back only while it still fits that screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize

from leukodesk.ui.main_window import MainWindow
from leukodesk.ui.settings_store import SettingsStore, UiPreferences
from leukodesk.ui.window_fit import FRAME, PREFERRED_SIZE, fits, fitted_geometry, saved_frame

ROOT = Path(__file__).resolve().parents[2]
# Available areas of real screens: a projector, a small laptop, an old ward PC, a monitor
# with a 40-pixel task bar.
AVAILABLE = {"1024x768": QRect(0, 0, 1024, 768), "1280x720": QRect(0, 0, 1280, 720),
             "1366x768": QRect(0, 0, 1366, 768), "1920x1080": QRect(0, 0, 1920, 1040),
             "second screen": QRect(1920, 24, 1280, 696)}


@pytest.mark.parametrize("available", AVAILABLE.values(), ids=AVAILABLE.keys())
def test_the_fitted_window_and_its_frame_lie_within_the_available_area(available):
    inside = fitted_geometry(available)
    assert available.contains(inside.marginsAdded(FRAME))
    assert inside.width() == min(PREFERRED_SIZE.width(), available.width() - 16)
    assert inside.height() == min(PREFERRED_SIZE.height(), available.height() - 48)


def test_a_large_screen_gets_the_preferred_size_centred():
    inside = fitted_geometry(QRect(0, 0, 2560, 1400))
    assert inside.size() == PREFERRED_SIZE
    assert abs(inside.center().x() - 1280) <= 1


SCREEN_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from leukodesk.ui.main_window import MainWindow
w = MainWindow()
w.show()
app.processEvents()
g, f = w.geometry(), w.frameGeometry()
a = w.screen().availableGeometry()
print(json.dumps({"geometry": [g.x(), g.y(), g.width(), g.height()],
                  "frame": [f.x(), f.y(), f.width(), f.height()],
                  "available": [a.x(), a.y(), a.width(), a.height()],
                  "status_bar_bottom": w.statusBar().geometry().bottom()}))
"""


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_window_opens_within_a_screen_of_each_size(tmp_path, size):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "screen", "x": 0, "y": 0, "width": size[0], "height": size[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    proc = subprocess.run([sys.executable, "-c", SCREEN_PROBE], capture_output=True, text=True,
                          env=env, timeout=120, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout.strip().splitlines()[-1])
    available = QRect(*shown["available"])
    assert available.size() == QSize(*size)
    geometry = QRect(*shown["geometry"])
    assert available.contains(geometry.marginsAdded(FRAME)), shown
    assert available.contains(QRect(*shown["frame"])), shown
    assert shown["status_bar_bottom"] < geometry.height(), shown  # inside the window


def opened(qtbot, prefs: UiPreferences, path: str) -> MainWindow:
    store = SettingsStore(path)
    store.save(prefs)
    window = MainWindow(store)
    qtbot.addWidget(window)
    return window


def saved_geometry(qtbot, rect: QRect) -> str:
    window = MainWindow()
    qtbot.addWidget(window)
    window.setGeometry(rect)
    return bytes(window.saveGeometry().toBase64()).decode("ascii")


def test_a_saved_geometry_larger_than_the_screen_is_not_restored(qtbot, settings_path):
    large = saved_geometry(qtbot, QRect(0, 0, 1800, 1000))  # the offscreen screen: 800×800
    window = opened(qtbot, UiPreferences(geometry=large), settings_path)
    available = window.screen().availableGeometry()
    assert not available.contains(QRect(0, 0, 1800, 1000))
    assert window.geometry() == fitted_geometry(available)


def test_a_saved_geometry_off_the_screen_is_not_restored(qtbot, settings_path):
    elsewhere = saved_geometry(qtbot, QRect(1900, 40, 760, 600))  # a screen no longer there
    window = opened(qtbot, UiPreferences(geometry=elsewhere), settings_path)
    assert window.geometry() == fitted_geometry(window.screen().availableGeometry())


def test_a_saved_geometry_that_fits_is_restored(qtbot, settings_path):
    rect = QRect(20, 30, 760, 600)
    window = opened(qtbot, UiPreferences(geometry=saved_geometry(qtbot, rect)), settings_path)
    assert window.geometry() == rect


def test_what_is_not_a_saved_geometry_is_read_as_none():
    assert saved_frame(QByteArray(b"garbage")) is None
    assert saved_frame(QByteArray()) is None
    assert not fits(QByteArray(b"\x01\xd9\xd0\xcb"), QRect(0, 0, 800, 800))
