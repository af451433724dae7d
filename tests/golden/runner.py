"""Run one ``leukodesk`` command in this process, as the command line would: the only
code of LeukoDesk the golden record depends on is ``leukodesk.cli.run(argv)`` (the
command line's entry point, which returns the exit status), with standard input,
output and error redirected to memory. Nothing here imports the core, so moving its
modules changes nothing here.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any


class _Stdin(io.TextIOWrapper):
    """A text standard input with a binary ``buffer``, like ``sys.stdin``."""

    def __init__(self, text: str):
        super().__init__(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


@contextlib.contextmanager
def _stdin(stream: io.TextIOBase) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = stream  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdin = saved


def run_command(argv: Sequence[str], stdin: str = "") -> tuple[int, str, str]:
    """(exit status, standard output, standard error) of ``leukodesk ARGV`` given
    ``stdin``, in this process."""
    from leukodesk.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            _stdin(_Stdin(stdin)):
        try:
            status = run(list(argv))
        except SystemExit as exc:  # should the entry point ever exit instead of return
            status = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    return int(status), out.getvalue(), err.getvalue()


def result(argv: Sequence[str], stdin: str = "") -> dict[str, Any]:
    """What the command gives, as recorded: exit status, standard error, and standard
    output parsed as JSON (``output``) or, when it is not JSON, as text (``text``)."""
    status, out, err = run_command(argv, stdin)
    found: dict[str, Any] = {"exit": status, "stderr": err}
    try:
        found["output"] = json.loads(out)
    except ValueError:
        found["text"] = out
    return found


def without_why(output: Any) -> Any:
    """An output with the ``why`` of each recommendation taken out (an assessment, or a
    list of them); anything else as it is."""
    if isinstance(output, list):
        return [without_why(item) for item in output]
    if isinstance(output, dict) and isinstance(output.get("recommendations"), list):
        return {**output, "recommendations": [
            {k: v for k, v in item.items() if k != "why"} if isinstance(item, dict) else item
            for item in output["recommendations"]]}
    return output


def canonical(value: Any) -> str:
    """JSON text that tells 1 from 1.0 and true from 1, keys sorted."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
