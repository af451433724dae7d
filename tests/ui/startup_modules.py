"""What a fresh window has imported, measured in a clean interpreter: start-up stays light
when the code a feature needs loads only on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules_at_start(prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with any of ``prefixes`` that are imported once a MainWindow
    is built offscreen."""
    code = ("import json, sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from leukodesk.ui.main_window import MainWindow\n"
            "w = MainWindow()\n"
            "print(json.dumps(sorted(m for m in sys.modules "
            f"if m.startswith({tuple(prefixes)!r}))))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])
