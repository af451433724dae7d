"""Save pictures of the window on the screens it is used on (issue 19), with a severe
febrile-neutropenia case (fever 38.6 °C, ANC 0.2, on chemotherapy, 72 kg; scripts/screens.py):
the window maximised on screens of 1024×768, 1280×720, 1366×768 and 1920×1080 in the light,
dark and high-contrast themes, and presentation mode (high contrast, as it is) on each.

    python scripts/screenshots.py [FOLDER]      (default: a new temporary folder)

Each screen size runs in a process of its own on an offscreen screen of that size (unless
QT_QPA_PLATFORM is set, e.g. under ``xvfb-run -a -s "-screen 0 1366x768x24"`` with
QT_QPA_PLATFORM=xcb: then only that screen's pictures are taken). Types into the real
widgets and uses the View menu's actions as a user would; reads and writes no settings.
Prints what cannot be read in each picture (scripts/screens.py's layout_problems).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screens import (  # noqa: E402 (this folder first, so that screens is found)
    SIZES,
    THEMES,
    layout_problems,
    maximise,
    open_window,
    present,
    screen_config,
)

log = logging.getLogger("screenshots")
REPO = Path(__file__).resolve().parents[1]


def shoot(folder: Path) -> int:
    """The pictures on the screen this process has: each theme maximised, then presenting."""
    from PySide6.QtGui import QGuiApplication

    screen = None
    for theme in THEMES:
        window = open_window(theme)
        geometry = window.screen().geometry()
        screen = f"{geometry.width()}x{geometry.height()}"
        maximise(window)
        if not save(window, folder / f"window_{screen}_{theme}.png"):
            return 1
        if theme == THEMES[-1]:
            present(window)
            if not save(window, folder / f"presentation_{screen}_high_contrast.png"):
                return 1
            window.appearance.leave_presentation()
        window.close()
        window.deleteLater()
        QGuiApplication.processEvents()
    return 0


def save(window, path: Path) -> bool:  # noqa: ANN001 (a MainWindow)
    image = window.grab()
    if not image.save(str(path)):
        log.error("could not save %s", path)
        return False
    problems = layout_problems(window)
    log.info("%s (%d×%d)%s", path, image.width(), image.height(),
             "".join(f"\n    {p}" for p in problems) or ": nothing cut or off screen")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path,
                        help="where to save the pictures (default: a new temporary folder)")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    folder = (args.folder or Path(tempfile.mkdtemp(prefix="leukodesk-screens-"))).resolve()
    if folder == REPO or REPO in folder.parents:
        log.error("not inside the repository: %s (give a folder elsewhere)", folder)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    if args.here or "QT_QPA_PLATFORM" in os.environ:
        return shoot(folder)
    configs = Path(tempfile.mkdtemp(prefix="leukodesk-screens-config-"))
    for width, height in SIZES:
        env = {**os.environ, "QT_QPA_PLATFORM": screen_config(width, height, configs)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        done = subprocess.run([sys.executable, __file__, "--here", str(folder)], env=env,
                              check=False)
        if done.returncode:
            return done.returncode
    log.info("pictures in %s", folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
