"""Reading the JSON documents LeukoDesk is given: the inputs of ``leukodesk assess`` and
``dose`` and the case files of :mod:`leukodesk.cases`. A document that is not one a
person would write (not UTF-8, not JSON, nested too deeply, a number too long to read,
NaN or Infinity, a key given twice) is refused with a message naming where it is.
Standard library only: the command line's ``--version`` stays light.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

MAX_INPUT_BYTES = 10 * 1024 * 1024


class DocumentError(ValueError):
    """The input could not be read as JSON; ``errors`` is the JSON error list."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.errors = [{"field": field, "message": message}]


class _Repeated(dict):  # type: ignore[type-arg]
    """An object in which a key appeared more than once (the first such key kept)."""

    repeated: str = ""


class _Constant(str):
    """NaN, Infinity or -Infinity as written in the JSON text."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked = _Repeated(pairs)
            marked.repeated = key
            return marked
        seen.add(key)
    return dict(pairs)


def _find_marks(node: Any, path: str = "") -> DocumentError | None:
    """The first repeated key or non-finite number in a parsed document, with its path."""
    def here(key: str) -> str:
        return f"{path}.{key}" if path else key

    if isinstance(node, _Repeated):
        return DocumentError(f"The key {node.repeated!r} appears twice in one object; "
                             "give each input once.", field=here(node.repeated))
    children = node.items() if isinstance(node, dict) else (
        (f"[{i}]", v) for i, v in enumerate(node)) if isinstance(node, list) else ()
    for key, value in children:
        field = f"{path}{key}" if key.startswith("[") else here(key)
        if isinstance(value, _Constant):
            return DocumentError(f"{value} is not a number LeukoDesk accepts; give a finite "
                                 "number or leave the input out.", field=field)
        found = _find_marks(value, field)
        if found is not None:
            return found
    return None


def read_document(source: str | None, stdin: TextIO) -> Any:
    """Parse the JSON document from a file path, or standard input for ``-``/None."""
    label = "standard input" if source in (None, "-") else source
    try:
        if source in (None, "-"):
            raw = stdin.buffer.read(MAX_INPUT_BYTES + 1) if hasattr(stdin, "buffer") \
                else stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8")
        else:
            with open(source, "rb") as handle:
                raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise DocumentError(f"Cannot read {label}: {exc.strerror or exc}.", "file") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise DocumentError(f"{label} is larger than {MAX_INPUT_BYTES // 1_048_576} MB; "
                            "this is not an input document.", "file")
    return parse_document(raw, label)


def parse_document(raw: bytes, label: str) -> Any:
    """Parse the bytes of one JSON document, refusing with a :class:`DocumentError` what
    is not UTF-8, empty, not JSON, nested too deeply, holds an integer too long to read,
    NaN or Infinity, or repeats a key in one object. ``label`` names the document in the
    messages."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{label} is not UTF-8 text.", "file") from None
    if not text.strip():
        raise DocumentError(f"{label} is empty: give one JSON object of inputs.", "file")
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_constant=_Constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{label} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                            f"column {exc.colno}.", "file") from None
    except RecursionError:
        raise DocumentError(f"{label} is nested too deeply.", "file") from None
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        raise DocumentError(f"{label} holds a number too long to read; this is not an input "
                            "document.", "file") from None
    try:
        problem = _find_marks(document)
    except RecursionError:
        raise DocumentError(f"{label} is nested too deeply.", "file") from None
    if problem is not None:
        raise problem
    return document
