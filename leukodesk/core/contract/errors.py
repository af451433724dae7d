"""The errors of the JSON contract: a field-named problem, and the exception that carries
every problem found in one document. Standard library only, so that code which reports
refusals (the command line) can name them before the engine loads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One problem with one input: the JSON path of the field and a message for people."""

    field: str
    message: str
    suggested_unit: str | None = None   # unit code under which the value would be valid

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.suggested_unit is not None:
            out["suggested_unit"] = self.suggested_unit
        return out


class InputErrors(ValueError):
    """Raised by :func:`parse_inputs`; ``errors`` holds every problem found."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors
