"""The only user of QSettings: window geometry and unit preferences, never patient data.

Everything is stored as one JSON value read back through a pydantic model, so INI's
strings never leak into the program and a damaged file falls back to defaults.
"""

from __future__ import annotations

import logging

from pydantic import BaseModel, ConfigDict, ValidationError
from PySide6.QtCore import QSettings

from leukodesk.core.units import CountUnit, HemoglobinUnit, TemperatureUnit, WeightUnit

log = logging.getLogger(__name__)
ORGANISATION = "LeukoDesk"
APPLICATION = "LeukoDesk"
KEY = "ui/preferences"


class UiPreferences(BaseModel):
    """What is remembered between sessions. No patient value belongs here."""

    model_config = ConfigDict(extra="ignore")
    geometry: str = ""                 # QMainWindow.saveGeometry(), base64
    counts: CountUnit = CountUnit.G_PER_L
    hemoglobin: HemoglobinUnit = HemoglobinUnit.G_DL
    temperature: TemperatureUnit = TemperatureUnit.C
    weight: WeightUnit = WeightUnit.KG

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
            return UiPreferences.model_validate_json(raw)
        except ValidationError:
            log.warning("settings at %s are unreadable; using defaults",
                        self._settings.fileName())
            return UiPreferences()

    def save(self, prefs: UiPreferences) -> None:
        self._settings.setValue(KEY, prefs.model_dump_json())
        self._settings.sync()

    @property
    def file_name(self) -> str:
        return self._settings.fileName()
