"""The clinical core: pure Python, no Qt, no I/O beyond its own package data.

Public entry points: :func:`parse_inputs` (raw document → validated inputs, or
:class:`InputErrors` naming every bad field) and :func:`assess` (inputs → Assessment).

They load on first use (PEP 562): importing a light module of the core (units, limits,
rules, content, display) does not import pydantic and the models, so the window can
paint its first frame before the clinical engine has loaded.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from leukodesk.core.rules.thresholds import RULES_VERSION

if TYPE_CHECKING:
    from leukodesk.core.assessment import assess
    from leukodesk.core.contract.models import PatientInputs
    from leukodesk.core.contract.outputs import Assessment
    from leukodesk.core.contract.validation import FieldError, InputErrors, parse_inputs

_CONTRACT = "leukodesk.core.contract"
_LAZY = {"assess": "leukodesk.core.assessment", "PatientInputs": f"{_CONTRACT}.models",
         "Assessment": f"{_CONTRACT}.outputs", "FieldError": f"{_CONTRACT}.validation",
         "InputErrors": f"{_CONTRACT}.validation", "parse_inputs": f"{_CONTRACT}.validation"}

__all__ = ["Assessment", "FieldError", "InputErrors", "PatientInputs", "RULES_VERSION",
           "assess", "parse_inputs"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'leukodesk.core' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value
