"""The Qt binding must keep Python's None alive.

PySide6 6.12.0 on Python < 3.12 returns None from void methods without taking a reference;
after a few thousand calls the process aborts ("deallocating None"). pyproject.toml pins
below 6.12; these tests fail loudly if a binding with that fault is ever installed.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QLabel

from leukodesk.ui.main_window import MainWindow

BINDING_FAULT = ("the installed PySide6 drops references to None (void methods); a long "
                 "session would abort: install PySide6-Essentials < 6.12")


def test_void_methods_keep_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.setVisible(False)
    assert sys.getrefcount(None) - before > -100, BINDING_FAULT


def test_three_hundred_input_changes_keep_none_alive(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    values = ["1.1", "0.3", "2100", "abc", "", "5"]
    # Garbage left by earlier tests (their windows) holds references to None too: collect it
    # first and keep the collector out of the loop, so only the binding can drop any.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for i in range(300):
            window.vm.set_text("wbc", values[i % len(values)])
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after - before > -100, BINDING_FAULT
