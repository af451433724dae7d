"""``leukodesk --self-test``: it passes here, fails with its reason when a value is wrong,
needs no network and writes nothing. (The frozen build runs the same self-test in CI:
.ci/run → packaging/check_frozen.py; building it takes too long for the test run.)"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import leukodesk
from leukodesk import selftest
from leukodesk.core.rules.thresholds import RULES_VERSION

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import check_frozen  # noqa: E402  (packaging/check_frozen.py, standard library only)

OK_LINE = (f"LeukoDesk {leukodesk.__version__} self-test: OK, {len(selftest.CASES)} cases, "
           f"rule set {RULES_VERSION} (source)")


def run_self_test(env: dict[str, str], prefix: tuple[str, ...] = (),
                  cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "leukodesk", "--self-test"],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
                          check=False)


def fresh_env(tmp_path: Path) -> dict[str, str]:
    """An empty home under tmp_path/run, no display, no byte code written (Python's)."""
    (tmp_path / "run").mkdir(exist_ok=True)
    env = check_frozen.isolated_env(tmp_path / "run", offscreen=False)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_the_cases_cover_every_panel_and_a_tie() -> None:
    assert 3 <= len(selftest.CASES) <= 5
    paths = {p for case in selftest.CASES for p in case.expected}
    for needed in ("anc_class", "febrile_neutropenia", "platelet_transfusion.transfuse_now",
                   "filgrastim.dose_mcg", "dose.daily_dose_mcg", "filgrastim.tie"):
        assert needed in paths


def test_self_test_passes_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert selftest.main() == 0
    out = capsys.readouterr().out
    assert out == OK_LINE + "\n"


def test_a_wrong_expected_value_fails_with_its_reason(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    first = selftest.CASES[0]
    broken = dataclasses.replace(first, expected={**first.expected, "anc_class": "profound"})
    monkeypatch.setattr(selftest, "CASES", (broken, *selftest.CASES[1:]))
    assert selftest.main() == 1
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1
    assert "self-test: FAILED: core, case 'febrile neutropenia': anc_class is 'severe', " \
           "expected 'profound'" in captured.out
    # The window is checked against the same values, and says so too.
    assert "window, case 'febrile neutropenia': anc_class" in captured.err


def test_a_panel_that_shows_something_else_fails(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The dose panel is read by objectName: point the check at a label that shows no dose.
    monkeypatch.setattr(selftest, "DOSE", "transfusion_label")
    assert selftest.main() == 1
    assert "dose panel reads" in capsys.readouterr().out


def test_a_missing_widget_fails_with_its_name(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(selftest, "STATUS", "no_such_widget")
    assert selftest.main() == 1
    assert "no widget named 'no_such_widget'" in capsys.readouterr().out


def test_command_passes_headless_with_an_empty_home_and_writes_nothing(tmp_path: Path) -> None:
    proc = run_self_test(fresh_env(tmp_path), cwd=tmp_path / "run" / "home")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == OK_LINE + "\n"
    assert check_frozen.stray_files(tmp_path / "run") == []


def test_command_fails_non_zero_when_a_case_is_broken(tmp_path: Path) -> None:
    # A sitecustomize on the path breaks one expected value before the app starts.
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(textwrap.dedent("""\
        import dataclasses
        from leukodesk import selftest
        case = selftest.CASES[2]
        selftest.CASES = (*selftest.CASES[:2], dataclasses.replace(
            case, expected={**case.expected, "filgrastim.dose_mcg": 360.0}),
            *selftest.CASES[3:])
        """), encoding="utf-8")
    env = fresh_env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "site"), str(ROOT)])
    proc = run_self_test(env)
    assert proc.returncode == 1
    assert "FAILED: core, case 'differential': filgrastim.dose_mcg is 362.0, expected 360.0" \
        in proc.stdout


def test_passes_in_a_network_namespace_with_no_network(tmp_path: Path) -> None:
    prefix = check_frozen.network_isolation()
    if not prefix:
        pytest.skip("unshare -n is not permitted here (needs root or user namespaces); "
                    "test_passes_with_sockets_blocked covers the Python side")
    probe = subprocess.run([*prefix, sys.executable, "-c",
                            "import socket; socket.create_connection(('1.1.1.1', 53), 2)"],
                           capture_output=True, text=True, timeout=30, check=False)
    assert probe.returncode != 0, "the namespace still has a network"
    proc = run_self_test(fresh_env(tmp_path), tuple(prefix))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == OK_LINE + "\n"


def test_passes_with_sockets_blocked(tmp_path: Path) -> None:
    # Any socket the app (or a library under it) opened would raise and fail the run.
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(textwrap.dedent("""\
        import socket

        class NoNetwork(socket.socket):
            def __init__(self, *args, **kwargs):
                raise OSError("network use is forbidden in this test")

        socket.socket = NoNetwork
        socket.create_connection = None
        socket.getaddrinfo = None
        """), encoding="utf-8")
    env = fresh_env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "site"), str(ROOT)])
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.socket()"],
                           capture_output=True, text=True, env=env, timeout=30, check=False)
    assert "network use is forbidden" in probe.stderr  # the block is in force
    proc = run_self_test(env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == OK_LINE + "\n"
    assert check_frozen.stray_files(tmp_path / "run") == []


def test_stray_files_spots_writes_outside_the_settings_and_log_folders(tmp_path: Path) -> None:
    check_frozen.isolated_env(tmp_path)
    home = tmp_path / "home"
    (home / ".config" / "LeukoDesk").mkdir(parents=True)
    (home / ".config" / "LeukoDesk" / "LeukoDesk.ini").write_text("[ui]\n")
    (home / ".local" / "share" / "LeukoDesk" / "LeukoDesk").mkdir(parents=True)
    (home / ".local" / "share" / "LeukoDesk" / "LeukoDesk" / "leukodesk.log").write_text("x")
    assert check_frozen.stray_files(tmp_path) == []
    (home / ".cache" / "fontconfig").mkdir(parents=True)
    (tmp_path / "tmp" / "scratch").write_text("x")
    assert check_frozen.stray_files(tmp_path) == ["home/.cache", "home/.cache/fontconfig",
                                                  "tmp/scratch"]
