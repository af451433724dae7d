"""Where the site configuration file is looked for (RULES §16), first found wins:

1. ``--config FILE`` (the command line; the window takes it too);
2. the environment variable ``LEUKODESK_CONFIG`` (a path; empty counts as unset);
3. ``leukodesk.toml`` beside the executable — the frozen app's own folder
   (``sys.executable``'s). Run from source (``python -m leukodesk`` or the ``leukodesk``
   console script) there is no executable of LeukoDesk's own: the interpreter's folder
   is shared by every Python program, so this place is not looked at;
4. the system-wide configuration folder, by the platform's convention:
   Linux and other Unix: ``leukodesk/leukodesk.toml`` under each folder of
   ``$XDG_CONFIG_DIRS`` (default ``/etc/xdg``, so ``/etc/xdg/leukodesk/leukodesk.toml``);
   Windows: ``%PROGRAMDATA%\\LeukoDesk\\leukodesk.toml`` (``C:\\ProgramData`` by default);
   macOS: ``/Library/Application Support/LeukoDesk/leukodesk.toml``.

A place named explicitly (1, 2) must hold a file: a missing one is an error, never a
silent fall-through to the next place. A place found by convention (3, 4) counts only
when the file exists. No file anywhere: no site configuration, the built-in defaults,
``site`` null. The environment is passed in, so tests need no real files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

FILE_NAME = "leukodesk.toml"
ENV_VAR = "LEUKODESK_CONFIG"
ORIGINS = ("--config", ENV_VAR, "beside the executable", "system")


@dataclass(frozen=True)
class Located:
    """Where the configuration in force comes from; ``must_exist`` for places named."""

    path: str
    origin: str
    must_exist: bool


def system_paths(platform: str, environ: Mapping[str, str]) -> list[str]:
    """The system-wide places for ``platform`` (``sys.platform``), in the order looked at."""
    if platform.startswith("win"):
        base = environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return [str(PureWindowsPath(base, "LeukoDesk", FILE_NAME))]
    if platform == "darwin":
        return [str(PurePosixPath("/Library/Application Support/LeukoDesk", FILE_NAME))]
    dirs = [d for d in (environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":") if d]
    return [str(PurePosixPath(d, "leukodesk", FILE_NAME)) for d in dirs]


def locate(explicit: str | None, *, environ: Mapping[str, str], executable: str,
           frozen: bool, platform: str) -> Located | None:
    """The configuration file in force, or None (built-in defaults). ``explicit`` is
    ``--config``; ``executable`` ``sys.executable``; ``frozen`` whether this is the
    packaged app (``sys.frozen``); ``platform`` ``sys.platform``."""
    if explicit:
        return Located(explicit, "--config", True)
    from_env = environ.get(ENV_VAR, "").strip()
    if from_env:
        return Located(from_env, ENV_VAR, True)
    if frozen:
        beside = Path(executable).parent / FILE_NAME
        if beside.is_file():
            return Located(str(beside), "beside the executable", False)
    for path in system_paths(platform, environ):
        if Path(path).is_file():
            return Located(path, "system", False)
    return None
