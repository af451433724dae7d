"""The bedside window under test: shown at 1024×768, the smallest size it must fit."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

import pytest
from ui_driver import User, none_leaked_per_call

from leukodesk.ui.main_window import MainWindow

# scripts/screens.py: the window laid out on real screen sizes and its layout checks
# (tests/ui/test_screen_layout.py, test_appearance.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))


@pytest.fixture(autouse=True, scope="session")
def _survive_the_none_refcount_leak():
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None on every call of a
    method that returns nothing (6.11 does not; pyproject.toml pins below 6.12). Should such
    a binding be installed anyway, the process would abort within a few hundred keystrokes
    and take the whole run with it. So that the run reports instead (the binding checks and
    test_the_window_survives_400_keystrokes fail), None is then given references that are
    never returned; a list of Nones would not do, it would crash when freed. Sound bindings:
    nothing is done."""
    if none_leaked_per_call() > 0 and sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 10**9
    yield


@pytest.fixture
def window(qtbot) -> MainWindow:
    """A window with no settings store: nothing is read from or written to disk."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


@pytest.fixture
def user(qtbot, window) -> User:
    return User(qtbot, window)


@pytest.fixture
def unstyled_afterwards(qapp):
    """For a test that styles the application (apply_style, zoom, presentation mode): the
    platform's look is put back for the tests that follow."""
    yield
    from leukodesk.ui import fence
    from leukodesk.ui.look import theme
    from leukodesk.ui.look.appearance import platform_font

    qapp.setStyleSheet("")
    qapp.setPalette(qapp.style().standardPalette())
    qapp.setFont(platform_font())
    fence.set_tones(theme.tones(theme.DEFAULT_THEME))
