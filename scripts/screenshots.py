"""Save screenshots of the bedside window at 1024×768: empty, febrile neutropenia, invalid input.

    python scripts/screenshots.py [FOLDER]      (default ./screenshots)

Runs headless (offscreen) unless QT_QPA_PLATFORM is set; types into the real widgets as a user
would, with the application's own stylesheet; reads and writes no settings.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("screenshots")

FEBRILE = (("wbc", "0.8"), ("anc", "0.3"), ("platelets", "15"), ("temperature_c", "38.3"),
           ("weight_kg", "70"))
INVALID = (("wbc", "2100"),)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="screenshots", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from leukodesk.ui.main_window import MainWindow
    from leukodesk.ui.run import apply_style, create_app
    from leukodesk.ui.widgets import ErrorReveal

    app = create_app(sys.argv[:1])
    window = MainWindow()  # no settings store: nothing read or saved
    apply_style(app)
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
    for name, pairs in (("empty", ()), ("febrile_neutropenia", FEBRILE), ("invalid", INVALID)):
        for key, text in pairs:
            type_into(key, text)
        # As a user sees the window once the typing stops: laid out, painted, and any new
        # error line shown after its pause.
        QTest.qWait(ErrorReveal.DELAY_MS + 100)
        path = args.folder / f"{name}.png"
        if not window.grab().save(str(path)):
            log.error("could not save %s", path)
            return 1
        log.info("%s", path)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
