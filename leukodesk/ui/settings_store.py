"""The only user of QSettings: window geometry, units, theme and zoom, never patient data.

Everything is stored as one JSON value read back through :meth:`UiPreferences.from_json`,
so INI's strings never leak into the program and a damaged file falls back to defaults.
(A plain dataclass rather than a pydantic model: the window reads it before its first
paint, and the clinical core, with pydantic, loads only after that.)
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass, fields
from enum import Enum

from PySide6.QtCore import QSettings

from leukodesk.core.contract.units import CountUnit, HemoglobinUnit, TemperatureUnit, WeightUnit
from leukodesk.ui.look.theme import DEFAULT_THEME, ZOOM_MAX, ZOOM_MIN, theme_names

log = logging.getLogger(__name__)
ORGANISATION = "LeukoDesk"
APPLICATION = "LeukoDesk"
KEY = "ui/preferences"


class UnreadableSettings(ValueError):
    """The stored preferences are not what this version writes."""


@dataclass(frozen=True)
class UiPreferences:
    """What is remembered between sessions. No patient value belongs here."""

    geometry: str = ""                 # QMainWindow.saveGeometry(), base64
    counts: CountUnit = CountUnit.G_PER_L
    hemoglobin: HemoglobinUnit = HemoglobinUnit.G_DL
    temperature: TemperatureUnit = TemperatureUnit.C
    weight: WeightUnit = WeightUnit.KG
    theme: str = DEFAULT_THEME         # a name in resources/themes.json
    zoom: float = 1.0                  # the font scale, ZOOM_MIN … ZOOM_MAX

    def __post_init__(self) -> None:
        # Accept unit values as stored ("10^9/L") as well as the enums themselves.
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "geometry":
                if not isinstance(value, str):
                    raise UnreadableSettings(f"geometry must be text, not {value!r}")
                continue
            if f.name == "theme":
                if not isinstance(value, str) or (value != DEFAULT_THEME
                                                  and value not in theme_names()):
                    raise UnreadableSettings(f"theme: {value!r} is not a theme")
                continue
            if f.name == "zoom":
                if isinstance(value, bool) or not isinstance(value, int | float) \
                        or not math.isfinite(value) or not ZOOM_MIN <= value <= ZOOM_MAX:
                    raise UnreadableSettings(
                        f"zoom: {value!r} is not a number from {ZOOM_MIN} to {ZOOM_MAX}")
                object.__setattr__(self, f.name, float(value))
                continue
            kind = type(f.default)
            try:
                object.__setattr__(self, f.name, kind(value))
            except ValueError as exc:
                raise UnreadableSettings(f"{f.name}: {value!r} is not a unit") from exc

    @classmethod
    def from_json(cls, raw: str) -> UiPreferences:
        """Read stored preferences; unknown keys are ignored (a newer version's)."""
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise UnreadableSettings("not JSON") from exc
        if not isinstance(data, dict):
            raise UnreadableSettings("not a JSON object")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json(self) -> str:
        return json.dumps({k: (v.value if isinstance(v, Enum) else v)
                           for k, v in asdict(self).items()})

    def units(self) -> dict[str, object]:
        return {"counts": self.counts, "hemoglobin": self.hemoglobin,
                "temperature": self.temperature, "weight": self.weight}


class SettingsStore:
    """Reads and writes :class:`UiPreferences`; ``path`` (tests) gives an INI file."""

    def __init__(self, path: str | None = None) -> None:
        if path is None:
            self._settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                       ORGANISATION, APPLICATION)
        else:
            self._settings = QSettings(path, QSettings.Format.IniFormat)

    def load(self) -> UiPreferences:
        raw = self._settings.value(KEY, "")
        if not isinstance(raw, str) or not raw:
            return UiPreferences()
        try:
            return UiPreferences.from_json(raw)
        except UnreadableSettings:
            log.warning("settings at %s are unreadable; using defaults",
                        self._settings.fileName())
            return UiPreferences()

    def has_saved(self) -> bool:
        """Whether preferences were saved before (none on a first run)."""
        return bool(self._settings.value(KEY, ""))

    def save(self, prefs: UiPreferences) -> None:
        self._settings.setValue(KEY, prefs.to_json())
        self._settings.sync()
