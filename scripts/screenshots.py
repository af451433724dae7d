"""Save screenshots of the bedside window at 1024×768: empty, febrile neutropenia, invalid input;
the febrile case in the dark and high-contrast themes; and presentation mode (high contrast,
fonts and gauge enlarged) full screen at 1920×1080.

    python scripts/screenshots.py [FOLDER]      (default ./screenshots)

Runs headless (offscreen, on a 1920×1080 screen) unless QT_QPA_PLATFORM is set; types into the
real widgets and uses the View menu's actions as a user would, with the application's own
stylesheet; reads and writes no settings.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

log = logging.getLogger("screenshots")

FEBRILE = (("wbc", "0.8"), ("anc", "0.3"), ("platelets", "15"), ("temperature_c", "38.3"),
           ("weight_kg", "70"))
INVALID = (("wbc", "2100"),)
SCREEN = (1920, 1080)  # the projector's: presentation mode fills it


def offscreen_screen(folder: Path) -> str:
    """The offscreen platform with one screen of SCREEN's size (its default is smaller)."""
    config = folder / "offscreen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "projector", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="screenshots", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = offscreen_screen(Path(tempfile.mkdtemp()))

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from leukodesk.ui.main_window import MainWindow
    from leukodesk.ui.run import apply_style, create_app
    from leukodesk.ui.widgets import ErrorReveal

    app = create_app(sys.argv[:1])
    window = MainWindow()  # no settings store: nothing read or saved
    apply_style(app, window)
    window.resize(1024, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    edits = {**{k: r.edit for k, r in window.inputs.rows.items()},
             "weight_kg": window.dose.weight.edit}

    def type_into(key: str, text: str) -> None:
        edit = edits[key]
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(edit, text)

    args.folder.mkdir(parents=True, exist_ok=True)
    look = window.appearance
    themes = {a.data(): a for a in look.theme_actions.actions()}
    shots = (("empty", FEBRILE[:0], None, False), ("febrile_neutropenia", FEBRILE, None, False),
             ("invalid", INVALID, None, False), ("dark_febrile_neutropenia", FEBRILE[:1], "dark",
                                                 False),
             ("high_contrast_febrile_neutropenia", (), "high_contrast", False),
             ("presentation_high_contrast_1920x1080", (), "light", True))
    for name, pairs, theme, present in shots:
        for key, text in pairs:
            type_into(key, text)
        if theme is not None:
            themes[theme].trigger()
        if present:
            look.present_action.trigger()  # as F11 does
            for _ in range(40):  # the window system makes it full screen in its own time
                if window.isFullScreen() and window.size().width() >= SCREEN[0]:
                    break
                QTest.qWait(50)
        # As a user sees the window once the typing stops: laid out, painted, and any new
        # error line shown after its pause.
        QTest.qWait(ErrorReveal.DELAY_MS + 100)
        path = args.folder / f"{name}.png"
        image = window.grab()
        if not image.save(str(path)):
            log.error("could not save %s", path)
            return 1
        log.info("%s (%d×%d)", path, image.width(), image.height())
    look.leave_action.trigger()  # as Esc does
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
