"""Where no window can open, ``leukodesk`` says why in one line and exits with status 1,
before Qt is loaded (Qt itself would abort the process, signal 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from leukodesk.ui.display_check import (
    NO_WINDOW_STATUS,
    XCB_LIBRARIES,
    missing_libraries,
    no_window_reason,
)

ROOT = Path(__file__).resolve().parents[2]
X11 = {"DISPLAY": ":0"}


def none_missing(names):
    return []


def reachable(display: str) -> bool:
    return True


def reason(environ, argv=("leukodesk",), system="linux", missing=none_missing,
           can_reach=reachable):
    return no_window_reason(list(argv), environ, system, missing, can_reach)


def test_python_m_leukodesk_with_no_display_says_so_in_one_line_and_exits_1():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "leukodesk"], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=60, check=False, cwd=ROOT)
    assert proc.returncode == NO_WINDOW_STATUS == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "no display found" in lines[0] and "leukodesk assess" in lines[0]
    assert "Aborted" not in proc.stderr and "core" not in proc.stderr
    assert "xcb" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("how", ["QT_QPA_PLATFORM", "-platform"])
def test_with_no_display_the_offscreen_platform_still_opens_the_window(tmp_path, how):
    stamp = tmp_path / "painted.json"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["LEUKODESK_BENCH_FIRST_PAINT"] = str(stamp)  # ends the process once painted
    argv = [sys.executable, "-m", "leukodesk"]
    if how == "-platform":
        argv += ["-platform", "offscreen"]
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120,
                          check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert '"widgets"' in stamp.read_text(encoding="utf-8")


def test_missing_libraries_are_named_as_the_loader_misses_them():
    present = {"libxcb.so.1", "libxcb-cursor.so.0"}
    gone = missing_libraries(XCB_LIBRARIES, lambda name: name in present)
    assert "libxcb-cursor.so.0" not in gone and "libxcb-icccm.so.4" in gone
    line = reason(X11, missing=lambda names: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert line is not None and "\n" not in line
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in line
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1)" in line
    assert "cursor" not in line and "leukodesk assess" in line


def test_the_real_loader_finds_what_is_there_and_misses_what_is_not():
    assert missing_libraries(["libc.so.6", "libleukodesk-nowhere.so.9"]) == [
        "libleukodesk-nowhere.so.9"]


def test_every_x11_library_qt_asks_for_is_listed():
    plugin = Path(__import__("PySide6").__file__).parent / "Qt/plugins/platforms/libqxcb.so"
    if not plugin.exists():
        pytest.skip("no xcb plugin in this PySide6")
    try:
        proc = subprocess.run(["readelf", "-d", str(plugin)], capture_output=True, text=True,
                              timeout=30, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("readelf not available")
    needed = {line.split("[")[1].rstrip("]") for line in proc.stdout.splitlines()
              if "(NEEDED)" in line}
    x11 = {name for name in needed if name.startswith(("libxcb", "libX11", "libxkb"))}
    assert x11 and x11 <= set(XCB_LIBRARIES)


def test_an_unreachable_display_is_no_display():
    line = reason({"DISPLAY": ":5"}, can_reach=lambda display: False)
    assert line is not None and "no display found" in line and ":5" in line


@pytest.mark.parametrize(("environ", "argv", "system"), [
    (X11, ("leukodesk",), "linux"),
    ({"QT_QPA_PLATFORM": "offscreen"}, ("leukodesk",), "linux"),
    ({"QT_QPA_PLATFORM": "offscreen:configfile=screen.json"}, ("leukodesk",), "linux"),
    ({}, ("leukodesk", "-platform", "offscreen"), "linux"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, ("leukodesk",), "linux"),
    ({}, ("leukodesk",), "win32"),
    ({}, ("leukodesk",), "darwin"),
], ids=["x11", "offscreen", "offscreen-configured", "-platform", "wayland", "windows", "macos"])
def test_where_a_window_can_open_or_qt_decides_nothing_is_said(environ, argv, system):
    assert reason(environ, argv, system) is None


@pytest.mark.parametrize(("environ", "argv", "system"), [
    ({"QT_QPA_PLATFORM": "offscreen"}, ("leukodesk",), "linux"),
    ({}, ("leukodesk", "-platform", "offscreen"), "linux"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, ("leukodesk",), "linux"),
    ({}, ("leukodesk",), "win32"),
], ids=["offscreen", "-platform", "wayland", "windows"])
def test_where_qt_decides_the_x11_libraries_are_not_asked_about(environ, argv, system):
    def never(*args):
        raise AssertionError("asked")
    assert reason(environ, argv, system, missing=never, can_reach=never) is None


def test_asking_for_xcb_without_a_display_is_no_display():
    assert "no display found" in reason({"QT_QPA_PLATFORM": "xcb"})
    assert "no display found" in reason({}, ("leukodesk", "-platform", "xcb"))
