"""The README's worked examples are the real output of the commands they show."""

from __future__ import annotations

import io
import re
from pathlib import Path

from leukodesk.cli import run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    """The fenced code block that follows an HTML-comment marker in the README."""
    match = re.search(rf"<!-- {re.escape(marker)} -->\s*```[a-z]*\n(.*?)```", README, re.S)
    assert match, f"README has no block after {marker!r}"
    return match.group(1)


def _run(argv: list[str], document: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, out=out, err=err, stdin=io.StringIO(document))
    return status, out.getvalue()


def test_pharmacist_dose_example_is_the_real_output() -> None:
    command = _block_after("dose-example: command")
    request = re.search(r"echo '(.*)' \| leukodesk dose --text", command, re.S)
    assert request, "the example command is not an echo piped to leukodesk dose --text"
    status, out = _run(["dose", "--text"], request.group(1))
    assert status == 0
    assert out.rstrip("\n") == _block_after("dose-example: output").rstrip("\n")


def test_assess_example_lines_are_in_the_real_output() -> None:
    command = re.search(r"echo '(\{\"wbc\": 1\.1.*?)' \| leukodesk assess --text", README, re.S)
    assert command, "the README's assess example is missing"
    status, out = _run(["assess", "--text"], command.group(1))
    assert status == 0
    shown = re.search(r"prints \(abridged\):\n\n```\n(.*?)```", README, re.S)
    assert shown
    real = out.splitlines()
    for line in shown.group(1).splitlines():
        if "[...]" in line:
            assert any(r.startswith(line.split("[...]")[0].rstrip()) for r in real), line
        else:
            assert line in real, f"README line not in the output: {line!r}"
