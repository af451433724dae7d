"""The site configuration in the window (RULES §16): loaded once at start by the same
places as the command line (:mod:`leukodesk.core.config.locate`), named in the status bar,
and passed to the core through the view model — never kept anywhere else.

A refused file is not the end of the window: it runs on the built-in defaults and says so
in the status bar and on every note, PDF and worksheet ("Site configuration refused: … —
built-in defaults"). Until a valid file loads or the user confirms the presentation set
(Tools ▸ Confirm the presentation set…), presentations and volumes are withheld — doses
stay in mcg or mg — because a volume drawn from the wrong presentation (a US 480 mcg/0.8 mL
volume from an EU 480 mcg/0.5 mL syringe) is a 60 % overdose.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from leukodesk.core.config.locate import Located, locate
from leukodesk.ui.site_state import NO_SITE, SiteState


def config_argument(argv: Sequence[str]) -> str | None:
    """``--config FILE`` (or ``--config=FILE``) among the window's arguments."""
    for n, arg in enumerate(argv):
        if arg == "--config" and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith("--config="):
            return arg.partition("=")[2]
    return None


def load_site(explicit: str | None, located: Located | None = None) -> SiteState:
    """The site state for the window: the file at ``located`` (default: looked for as the
    command line does, ``explicit`` first), or why it was refused."""
    if located is None:
        located = locate(explicit, environ=os.environ, executable=sys.executable,
                         frozen=bool(getattr(sys, "frozen", False)), platform=sys.platform)
    if located is None:
        return NO_SITE
    # start-up: the configuration's models (pydantic) load only when a file is there
    from leukodesk.core.config.read import ConfigErrors, load

    try:
        site = load(located)
    except ConfigErrors as exc:
        first = exc.errors[0]
        more = f" and {len(exc.errors) - 1} more" if len(exc.errors) > 1 else ""
        return SiteState(refused=f"{exc.path}: {first}{more}")
    assert site is not None
    return SiteState(site.config, site.stamp())


class SiteInWindow:
    """The status-bar label and the confirm action of one window."""

    def __init__(self, window: QMainWindow, site: SiteState) -> None:
        self.window = window
        self.label = QLabel()
        self.label.setObjectName("site_label")
        self.label.setAccessibleName("Site configuration")
        window.statusBar().addPermanentWidget(self.label)
        self.confirm_action = QAction("&Confirm the presentation set…", window)
        self.confirm_action.setObjectName("confirm_presentations_action")
        self.confirm_action.triggered.connect(self._on_confirm_triggered)
        bar = window.menuBar()
        tools = QMenu("&Tools", bar)
        if bar.actions():   # before Help, which stays last
            bar.insertMenu(bar.actions()[-1], tools)
        else:
            bar.addMenu(tools)
        tools.addAction(self.confirm_action)
        self.set(site)

    def set(self, site: SiteState) -> None:
        """Run on ``site`` from now on: the view model recomputes, the label says it."""
        vm: Any = self.window.vm
        vm.set_site(site)
        for panel in ("inputs", "dose"):   # the LLN defaults shown, the site's stock chosen
            if getattr(self.window, panel, None) is not None:
                getattr(self.window, panel).sync()
        self.label.setText(site.status)
        self.label.setToolTip(site.line or site.status)
        self.label.setProperty("severity", "high" if site.refused else "none")
        self.confirm_action.setEnabled(site.withhold)

    def take_units(self, site: SiteState) -> None:
        """The site's ``[units]`` as the window's units when the user has none saved (a
        first run, or no settings store): from then on the user's own choice, kept
        between sessions, wins."""
        store = getattr(self.window, "store", None)
        if site.config is None or (store is not None and store.has_saved()):
            return
        vm: Any = self.window.vm
        for group, unit in site.config.units:
            if unit is not None:
                vm.set_unit(group, unit)

    @Slot()
    def _on_confirm_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # start-up: a dialog, when asked for

        vm: Any = self.window.vm
        answer = QMessageBox.question(
            self.window, "Confirm the presentation set",
            "The site configuration was refused, so LeukoDesk cannot know which "
            "presentations your pharmacy stocks. Confirm that the presentation set chosen "
            "in the dose panel is what you will draw from (a US volume drawn from an EU "
            "syringe is a 60 % overdose).")
        if answer == QMessageBox.StandardButton.Yes:
            self.set(replace(vm.site, confirmed=True))


def install_site(window: QMainWindow, argv: Sequence[str] = ()) -> SiteInWindow:
    """Load the site configuration (``--config`` in ``argv`` first) into ``window``."""
    site = load_site(config_argument(argv))
    shown = SiteInWindow(window, site)
    shown.take_units(site)
    return shown
