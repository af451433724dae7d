"""The line that names the site configuration on every note, PDF and worksheet (RULES
§16). Standard library only: the command line and the window's status bar read it before
anything heavy loads."""

from __future__ import annotations

from collections.abc import Mapping


def site_line(stamp: Mapping[str, str] | None, refused: str | None = None) -> str:
    """The header line naming the site configuration in force (RULES §16): its name and
    short hash; or, for a refused file, that the built-in defaults are in force; "" for
    no configuration at all."""
    if refused is not None:
        return f"Site configuration refused: {refused} — built-in defaults"
    return "" if stamp is None else f"Site: {stamp['name']} (configuration {stamp['hash']})"
