"""The one place that knows where resources/ lives: the source tree, or the frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a frozen app
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name


def read_text(name: str) -> str:
    """A text resource, or "" when it is missing (the window still works, unstyled)."""
    try:
        return resource(name).read_text(encoding="utf-8")
    except OSError:
        return ""
