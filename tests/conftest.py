"""Test-wide set-up: headless Qt before anything imports it, deterministic hypothesis."""

from __future__ import annotations

import os

# Qt aborts the whole run (exit 134) when there is no display and no platform set.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No site configuration of this machine's (RULES §16) reaches a test: tests that need one
# write it to tmp_path and name it (subprocesses inherit this).
os.environ.pop("LEUKODESK_CONFIG", None)
os.environ["XDG_CONFIG_DIRS"] = os.devnull

from hypothesis import HealthCheck, settings  # noqa: E402

# Derandomised so a run is reproducible on any machine; no deadline, as CI timing varies.
settings.register_profile("leukodesk", derandomize=True, deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "leukodesk"))


import sys  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_stray_modal_dialog(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """A modal dialog in a headless test would wait forever: make it fail the test instead.
    Tests that open one on purpose mark themselves ``allow_modal`` and patch it."""
    if "allow_modal" in request.keywords or "PySide6.QtWidgets" not in sys.modules:
        yield
        return
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"a modal dialog opened during a test: {self.windowTitle()!r}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    yield


@pytest.fixture
def settings_path(tmp_path):
    """QSettings for the window under test: an INI file in the test's own folder."""
    return str(tmp_path / "leukodesk.ini")
