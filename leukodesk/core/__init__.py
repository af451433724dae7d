"""The clinical core: pure Python, no Qt, no I/O beyond its own package data.

Public entry points: :func:`parse_inputs` (raw document → validated inputs, or
:class:`InputErrors` naming every bad field) and :func:`assess` (inputs → Assessment).
"""

from leukodesk.core.assess import assess
from leukodesk.core.models import PatientInputs
from leukodesk.core.outputs import Assessment
from leukodesk.core.rules import RULES_VERSION
from leukodesk.core.validation import FieldError, InputErrors, parse_inputs

__all__ = ["Assessment", "FieldError", "InputErrors", "PatientInputs", "RULES_VERSION",
           "assess", "parse_inputs"]
