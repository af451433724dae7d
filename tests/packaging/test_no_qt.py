"""The core and the command line never load Qt, and the package data ships with the code.

Each check runs in a fresh interpreter, since the test process itself may have Qt loaded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import leukodesk
import leukodesk.core

QT_PREFIXES = ("PySide6", "shiboken6")
PRINT_QT = ("print(json.dumps(sorted(m for m in sys.modules "
            f"if m.split('.')[0] in {QT_PREFIXES!r})))")
CONTENT_FILES = ("recommendations.json", "pitfalls.json", "sources.json")


def headless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def python(code: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", env=headless_env(), timeout=60,
                          check=False)


def qt_modules_after(code: str, stdin: str = "") -> list[str]:
    proc = python(f"import json, sys\n{code}\n{PRINT_QT}", stdin)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_probe_does_see_qt() -> None:
    # Guards the checks below: importing Qt does show up in what they print.
    assert "PySide6.QtCore" in qt_modules_after("import PySide6.QtCore")


def test_importing_the_core_loads_no_qt() -> None:
    assert qt_modules_after("import leukodesk.core") == []


def test_an_assessment_loads_no_qt() -> None:
    code = ("from leukodesk.core import assess\n"
            "a = assess({'wbc': 1.1, 'differential': {'segs_pct': 45}, 'temperature_c': 38.6,"
            " 'platelets': 8, 'weight_kg': 72.4})\n"
            "assert a.febrile_neutropenia is True\n"
            "from leukodesk.core.formats.summary import summary_text\n"
            "assert 'ANC' in summary_text(a)")
    assert qt_modules_after(code) == []


def test_version_works_headless_and_loads_no_qt() -> None:
    code = ("import leukodesk.app\n"
            "try:\n"
            "    status = leukodesk.app.main(['--version'])\n"
            "except SystemExit as exc:\n"
            "    status = exc.code or 0\n"
            "assert status == 0, status")
    proc = python(f"import json, sys\n{code}\n{PRINT_QT}")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert leukodesk.__version__ in lines[0]
    assert json.loads(lines[-1]) == []


def test_python_m_leukodesk_version_headless() -> None:
    proc = subprocess.run([sys.executable, "-m", "leukodesk", "--version"], capture_output=True,
                          text=True, env=headless_env(), timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"leukodesk {leukodesk.__version__} (rule set 2026.2)"
    assert proc.stderr == ""


def test_command_line_assess_and_schema_load_no_qt() -> None:
    code = ("import leukodesk.app\n"
            "assert leukodesk.app.main(['assess', '-']) == 0\n"
            "assert leukodesk.app.main(['schema']) == 0")
    assert qt_modules_after(code, stdin='{"wbc": 2, "anc": 0.3}') == []


def test_core_source_never_imports_qt() -> None:
    core = Path(leukodesk.core.__file__).parent
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)\b", re.MULTILINE)
    offenders = [p.name for p in core.rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []


def test_package_data_loads_via_importlib_resources() -> None:
    package = resources.files("leukodesk.core.content")
    for name in CONTENT_FILES:
        data = json.loads(package.joinpath(name).read_text(encoding="utf-8"))
        assert isinstance(data, dict) and len(data) > 1, name


def test_package_data_loads_in_a_fresh_interpreter_outside_the_repo(tmp_path: Path) -> None:
    code = ("from leukodesk.core import content\n"
            "print(len(content.recommendations()), len(content.pitfalls()), "
            "len(content.sources()))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=headless_env(), timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    recs, pits, srcs = map(int, proc.stdout.split())
    assert recs >= 30 and pits == 8 and srcs >= 20
