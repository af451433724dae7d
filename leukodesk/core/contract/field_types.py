"""The field types the input models share: bounded numbers, whole numbers, the frozen
configuration, the differential (of the current counts and of each earlier count). Bounds
come from :mod:`leukodesk.core.contract.limits` (one table)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from leukodesk.core.contract.limits import LIMITS

# Built on first use (defer_build): the window's first frame does not need them.
FROZEN = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


def reject_bool(value: Any) -> Any:
    """Refuse booleans where a number is expected (pydantic would read true as 1.0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "expected a number, got true/false")
    return value


def bounded(key: str, description: str) -> Any:
    """An optional number whose bounds (from the limits table) apply only when given."""
    lim = LIMITS[key]
    number = Annotated[float, BeforeValidator(reject_bool),
                       Field(ge=lim.min_float, le=lim.max_float)]
    return Annotated[number | None, Field(description=description)]


def whole(key: str, description: str) -> Any:
    """An optional whole number (a grade, a performance status) within its limits; 2.0
    reads as 2, 1.5 is refused."""
    lim = LIMITS[key]
    number = Annotated[int, BeforeValidator(reject_bool),
                       Field(ge=int(lim.minimum), le=int(lim.maximum))]
    return Annotated[number | None, Field(description=description)]


class Differential(BaseModel):
    """Manual or automated differential, percentages of the WBC."""

    model_config = FROZEN
    segs_pct: bounded("differential.segs_pct", "Segmented neutrophils, % of WBC") = None
    bands_pct: bounded("differential.bands_pct",
                       "Band neutrophils, % of WBC (empty counts as 0)") = None
    lymphs_pct: bounded("differential.lymphs_pct", "Lymphocytes, % of WBC") = None
    monos_pct: bounded("differential.monos_pct", "Monocytes, % of WBC") = None
