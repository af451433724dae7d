"""Teaching cases: one JSON file per case, read, validated and saved. Qt-free.
(:mod:`leukodesk.case_check` checks what a case expects against the clinical core.)

The shipped library lives in ``resources/cases/NAME.json`` (found through the resource
helper, which imports no Qt); a user's own case file has the same format. A case file is
one JSON object:

``title`` (required, ≤ 120 characters), ``vignette`` (≤ 4000), ``inputs`` (required: an
input document of ``leukodesk assess``), ``teaching_points`` (≤ 20 strings of ≤ 400),
and what the case teaches, all optional:

- ``expect``: output keys of ``leukodesk assess`` → the values taught. A key may be a
  dotted path into nested outputs ("platelet_transfusion.transfuse_now", "ctcae.wbc");
  through a list it takes that key of every item ("pitfalls.id" → the list of ids).
  Values are in the output's units (×10⁹/L, °C, kg). Numbers match to the decimals
  written (23.08 matches 23.0769…; write every decimal where a threshold is near);
  ``true``/``false``/``null`` match only themselves (``null`` = not assessed); an object
  matches when each key written matches; a list item by item.
- ``expect_recommendations``: recommendation ids that must be among those given, in this
  relative order (others may come between), each with its "why".
- ``expect_errors``: the case teaches a refusal (e.g. a unit slip): ``[{"field": "wbc",
  "suggested_unit": "cells/uL"}]``. The fields refused must be exactly these; a
  ``suggested_unit`` written must be the one offered. Nothing is computed for refused
  inputs, so such a case has no ``expect`` nor ``expect_recommendations``.
- ``dose_request`` and ``expect_dose``: a request of ``leukodesk dose`` and the values
  its result teaches (same matching rules). ``expect_dose`` needs a ``dose_request``.

Loading refuses, with a message naming what is wrong: a file over 1 MB (checked before
it is read), text that is not UTF-8 JSON, repeated keys, NaN or Infinity, a number too
long or too large (beyond ±10¹⁵), strings over 4000 characters or with unpaired
surrogates, nesting deeper than 8 levels, anything but one object at the top, unknown
keys, expectations that name no output (or no recommendation), and inputs the core
refuses, unless the case says it expects exactly that with ``expect_errors``.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from leukodesk.core import InputErrors, content, parse_inputs
from leukodesk.core.contract.outputs import Assessment
from leukodesk.core.dosing.models import DoseResult
from leukodesk.core.dosing.request import parse_dose_request
from leukodesk.documents import DocumentError, parse_document
from leukodesk.resources import resource

CASES_FOLDER = "cases"
MAX_CASE_BYTES = 1_048_576          # 1 MB: a teaching case is a few kB
MAX_DEPTH = 8                       # a case nests 4 levels at most (inputs.units.counts)
MAX_STRING = 4000
MAX_TITLE = 120
MAX_POINTS = 20                     # teaching points, each of MAX_POINT characters at most
MAX_POINT = 400
MAX_NUMBER = 10**15
NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                          max_length=MAX_TITLE)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_STRING)]
Point = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                          max_length=MAX_POINT)]
Key = Annotated[str, StringConstraints(min_length=1, max_length=120)]


class CaseError(ValueError):
    """A case file that cannot be used; the message says which file and what is wrong."""


class ExpectedError(BaseModel):
    """One refusal the case teaches: the input refused, and the unit offered instead."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    field: Key
    suggested_unit: str | None = None


class Case(BaseModel):
    """A teaching case (or a user's own saved case), validated: its inputs are accepted
    by the core unless ``expect_errors`` says they are refused; every expectation names
    an output that exists."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    title: Title
    vignette: Text = ""
    inputs: dict[str, Any]
    teaching_points: list[Point] = Field(default_factory=list, max_length=MAX_POINTS)
    expect: dict[Key, Any] = Field(default_factory=dict)
    expect_recommendations: list[Key] = Field(default_factory=list)
    expect_errors: list[ExpectedError] = Field(default_factory=list)
    dose_request: dict[str, Any] | None = None
    expect_dose: dict[Key, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        problems: list[str] = []
        if self.expect_errors and (self.expect or self.expect_recommendations):
            problems.append("a case that expects its inputs to be refused (expect_errors) "
                            "can expect no outputs: nothing is computed")
        if self.expect_dose and self.dose_request is None:
            problems.append("expect_dose needs a dose_request")
        problems += [f"expect: {path!r} is not an output of leukodesk assess"
                     for path in self.expect if not output_path_exists(Assessment, path)]
        problems += [f"expect_dose: {path!r} is not an output of leukodesk dose"
                     for path in self.expect_dose if not output_path_exists(DoseResult, path)]
        catalogue = content.recommendations()
        problems += [f"expect_recommendations: {key!r} is not a recommendation id"
                     for key in self.expect_recommendations if key not in catalogue]
        try:
            parse_inputs(self.inputs)
        except InputErrors as exc:
            if not self.expect_errors:
                problems.append("the inputs are refused (a case that teaches a refusal says "
                                "so in expect_errors): " + said(exc))
        if self.dose_request is not None:
            try:
                parse_dose_request(self.dose_request)
            except InputErrors as exc:
                problems.append("the dose_request is refused: " + said(exc))
        if problems:
            raise PydanticCustomError("case", "; ".join(problems))
        return self


def said(exc: InputErrors) -> str:
    """The fields refused and why, in one line."""
    return "; ".join(f"{e.field or '(document)'}: {e.message}" for e in exc.errors)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an output field holds (itself, optional, or in a list), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def output_path_exists(model: type[BaseModel], path: str) -> bool:
    """Whether a dotted path names a field of an output model (through nested models and
    lists of them)."""
    node: type[BaseModel] | None = model
    for part in path.split("."):
        if node is None:
            return False
        # a field is named as the JSON writes it: its alias where it has one (cisne "class")
        fields = {f.alias or name: f for name, f in node.model_fields.items()}
        if part not in fields:
            return False
        node = _model_in(fields[part].annotation)
    return True


# --- reading files --------------------------------------------------------------------------
def _hostile(node: Any, label: str) -> None:
    """Refuse what no case needs and a reader might choke on, anywhere in the document
    (walked without recursion, so no depth can overflow the stack)."""
    stack: list[tuple[Any, str, int]] = [(node, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        at = f" at {where}" if where else ""
        if depth > MAX_DEPTH:
            raise CaseError(f"{label} is nested more than {MAX_DEPTH} levels deep{at}; a "
                            "case needs no more than 4.")
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value) or abs(value) > MAX_NUMBER:
                raise CaseError(f"{label} holds a number too large{at}; no input or output "
                                f"of LeukoDesk goes beyond ±10¹⁵.")
        elif isinstance(value, str):
            _check_string(value, label, at)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_string(key, label, at)
                stack.append((item, f"{where}.{key}" if where else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value))


def _check_string(text: str, label: str, at: str) -> None:
    if len(text) > MAX_STRING:
        raise CaseError(f"{label} holds a text of {len(text)} characters{at}; at most "
                        f"{MAX_STRING} are allowed.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CaseError(f"{label} holds a text with an unpaired surrogate escape{at}; "
                        "it is not readable text.") from None


def _validation_message(label: str, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            parts.append(f"unknown key {where!r} (a case holds {', '.join(Case.model_fields)})")
        elif err["type"] == "missing":
            parts.append(f"{where!r} is missing")
        else:
            parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    text = f"{label} is not a valid case: " + "; ".join(parts)
    return text if text.endswith((".", "?", "!")) else text + "."


def case_from_document(document: Any, label: str = "the case") -> Case:
    """A case from a parsed JSON document, or :class:`CaseError` naming what is wrong."""
    _hostile(document, label)
    if not isinstance(document, dict):
        raise CaseError(f"{label} must be one JSON object (a case), not a "
                        f"{type(document).__name__}.")
    try:
        return Case.model_validate(document)
    except ValidationError as exc:
        raise CaseError(_validation_message(label, exc)) from None


def cases_dir() -> Path:
    """The folder of the shipped teaching cases."""
    return resource(CASES_FOLDER)


def list_cases() -> list[str]:
    """The names of the shipped teaching cases, sorted."""
    folder = cases_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if NAME.match(p.stem))


def case_path(name_or_path: str | os.PathLike[str]) -> Path:
    """A shipped case's file for a bare name ("apl_hyperleukocytosis"), else the path."""
    text = os.fspath(name_or_path)
    if isinstance(name_or_path, str) and NAME.match(text):
        return cases_dir() / f"{text}.json"
    return Path(text)


def load_case(name_or_path: str | os.PathLike[str]) -> Case:
    """Read and validate a case: a shipped one by name, or any case file by path.

    Raises :class:`CaseError` with a message naming the file and what is wrong."""
    path = case_path(name_or_path)
    label = path.name
    try:
        size = path.stat().st_size  # before reading: an oversized file is never read
        if size > MAX_CASE_BYTES:
            raise CaseError(f"{label} is {size:,} bytes, larger than 1 MB; a case file is a "
                            "few kB, so this is not one.")
        with path.open("rb") as handle:
            raw = handle.read(MAX_CASE_BYTES + 1)
    except OSError as exc:
        raise CaseError(f"Cannot read {label}: {exc.strerror or exc}.") from None
    if len(raw) > MAX_CASE_BYTES:  # it grew after the size was read
        raise CaseError(f"{label} is larger than 1 MB; a case file is a few kB.")
    try:
        document = parse_document(raw, label)
    except DocumentError as exc:
        field = exc.errors[0]["field"]
        raise CaseError(str(exc) if field == "file" else f"{label}, at {field}: {exc}") \
            from None
    return case_from_document(document, label)


def save_case(case: Case, path: str | os.PathLike[str]) -> Path:
    """Write ``case`` to ``path`` (and nowhere else) as UTF-8 JSON, atomically: a
    temporary file beside it is written, flushed and then renamed over it, so a reader
    never sees half a file and a failed save leaves the old file as it was."""
    target = Path(path)
    data = (json.dumps(case.model_dump(mode="json", exclude_defaults=True),
                       ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if len(data) > MAX_CASE_BYTES:
        raise CaseError(f"The case would be {len(data):,} bytes, larger than the 1 MB a case "
                        "file may have; it was not saved.")
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                     suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
