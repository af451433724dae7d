"""packaging/: the spec, the build script, the desktop entry and the icons agree with each
other and with the package; what the spec leaves out is not needed at run time; the start
of the window imports nothing it does not need before its first paint."""

from __future__ import annotations

import configparser
import json
import os
import runpy
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tomllib

import leukodesk
from leukodesk.ui.settings_store import APPLICATION

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "leukodesk.spec"
DESKTOP = PACKAGING / "leukodesk.desktop"
sys.path[:0] = [str(PACKAGING), str(ROOT / "bench")]
import bench_frozen  # noqa: E402  (bench/bench_frozen.py, standard library only)
import slim  # noqa: E402  (packaging/slim.py, standard library only)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


# --- the spec and the build script ----------------------------------------------------------
def test_spec_builds_the_package_entry_point_windowed_with_the_package_version() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert 'ROOT / "leukodesk" / "__main__.py"' in spec
    assert 'runpy.run_path(str(ROOT / "leukodesk" / "__init__.py"))["__version__"]' in spec
    assert "console=False" in spec
    version = runpy.run_path(str(ROOT / "leukodesk" / "__init__.py"))["__version__"]
    assert version == leukodesk.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "leukodesk.__version__"}
    # Windows and macOS: their icons exist, version info and a bundle only on their OS.
    for needed in ("leukodesk.ico", "leukodesk.icns", "VSVersionInfo", "WINDOWS and not",
                   "BUNDLE(", "MACOS and not", "CFBundleShortVersionString"):
        assert needed in spec


def test_spec_bundles_the_teaching_cases_where_the_case_library_looks() -> None:
    from leukodesk import cases

    spec = (ROOT / "packaging" / "leukodesk.spec").read_text(encoding="utf-8")
    assert '(str(path), "resources/cases")' in spec and '"cases"' in spec
    assert cases.cases_dir() == ROOT / "resources" / "cases"
    assert len(cases.list_cases()) >= 12


def test_spec_bundles_resources_where_the_resource_helper_looks() -> None:
    from leukodesk import resources

    spec = SPEC.read_text(encoding="utf-8")
    assert '(str(path), "resources")' in spec  # → sys._MEIPASS/resources
    assert "leukodesk/core/content" in spec
    # The helper looks in sys._MEIPASS/resources when frozen.
    source = Path(resources.__file__).read_text(encoding="utf-8")
    assert '_MEIPASS' in source and '/ "resources"' in source
    for name in ("style.qss", "leukodesk.png"):
        assert (ROOT / "resources" / name).is_file()


def test_build_script_is_valid_bash_with_the_documented_outputs() -> None:
    script = PACKAGING / "build.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    for needed in ("--onefile", "dist/leukodesk", "dist/leukodesk-onefile", "pyinstaller",
                   "packaging/leukodesk.spec"):
        assert needed in text


def test_build_output_is_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored


# --- the desktop entry and the icon ---------------------------------------------------------
def test_desktop_entry_names_the_executable_and_the_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "LeukoDesk"
    assert entry["Exec"] == "leukodesk" == entry["TryExec"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert entry["Exec"] in pyproject["project"]["scripts"]
    assert entry["Icon"] == "leukodesk"
    assert (ROOT / "resources" / f"{entry['Icon']}.svg").is_file()
    assert (ROOT / "resources" / f"{entry['Icon']}.png").is_file()
    assert entry["StartupWMClass"] == APPLICATION  # the X11 window class Qt sets
    assert entry["Terminal"] == "false"


def test_spec_names_the_executable_as_the_desktop_entry_runs_it() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert f'script, name = ROOT / "leukodesk" / "__main__.py", "{desktop_entry()["Exec"]}"' \
        in spec


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_desktop_entry_is_valid() -> None:
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout


def test_icon_svg_png_ico_and_icns_agree() -> None:
    svg = ElementTree.parse(ROOT / "resources" / "leukodesk.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    assert png_size(ROOT / "resources" / "leukodesk.png") == (256, 256)
    ico = (PACKAGING / "icons" / "leukodesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (PACKAGING / "icons" / "leukodesk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_the_window_icon_is_the_bundled_png() -> None:
    source = (ROOT / "leukodesk" / "ui" / "run.py").read_text(encoding="utf-8")
    assert 'resource("leukodesk.png")' in source


# --- what the spec leaves out ---------------------------------------------------------------
def test_excludes_cover_the_test_tools_and_unused_qt_but_keep_print_support() -> None:
    for name in ("hypothesis", "pytest", "_pytest", "pydantic.v1", "PySide6.QtNetwork",
                 "PySide6.QtDBus", "tkinter", "unittest", "ssl", "_hashlib"):
        assert name in slim.EXCLUDES
    assert not any("PrintSupport" in name or name in ("PySide6.QtGui", "PySide6.QtWidgets",
                                                       "PySide6.QtCore", "pydantic", "json")
                   for name in slim.EXCLUDES)


def test_the_app_the_command_line_and_the_self_test_run_without_the_excluded_modules(
        tmp_path: Path) -> None:
    pdf = tmp_path / "note.pdf"
    # Everything the program runs, in one fresh interpreter in which every module the spec
    # excludes fails to import, as in the frozen app: the self-test (window and core) and
    # every command-line sub-command. Optional imports may be refused; anything that needs
    # an excluded module fails the run.
    code = (
        "import contextlib, importlib.abc, io, json, sys\n"
        f"EXCLUDED = {slim.EXCLUDES!r}\n"
        "refused = []\n"
        "class Excluded(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if any(name == x or name.startswith(x + '.') for x in EXCLUDED):\n"
        "            refused.append(name)\n"
        "            raise ImportError(f'{name} is excluded from the executable')\n"
        "sys.meta_path.insert(0, Excluded())\n"
        "from leukodesk import app\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert app.main(['--self-test']) == 0, out.getvalue()\n"
        "    sys.stdin = io.StringIO('{\"wbc\": 1.1, \"anc\": 0.3, \"weight_kg\": 70}')\n"
        "    assert app.main(['assess', '--text', '-']) == 0\n"
        "    sys.stdin = io.StringIO('{\"wbc\": 1.1, \"anc\": 0.3}')\n"
        "    assert app.main(['assess', '-']) == 0\n"
        "    sys.stdin = io.StringIO('{\"wbc\": 1.1, \"anc\": 0.3}')\n"
        f"    assert app.main(['assess', '--pdf', {str(pdf)!r}, '-']) == 0\n"
        "    sys.stdin = io.StringIO('{\"weight_kg\": 70}')\n"
        "    assert app.main(['dose', '--text', '-']) == 0\n"
        "    assert app.main(['schema']) == 0\n"
        "    assert app.main(['--version']) == 0\n"
        "print(json.dumps(sorted(set(refused))))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    refused = json.loads(proc.stdout.strip().splitlines()[-1])
    # Optional imports whose importers carry on without them: asyncio.sslproto tries ssl,
    # hashlib tries OpenSSL's _hashlib and falls back to its built-in hashes.
    assert set(refused) <= {"ssl", "_ssl", "_hashlib"}, refused
    assert pdf.read_bytes().startswith(b"%PDF")


def test_plugins_kept_are_the_platforms_compose_styles_and_print_when_used() -> None:
    qt = "PySide6/Qt/plugins"
    assert slim.keep_plugin(f"{qt}/platforms/libqxcb.so", print_support=False)
    assert slim.keep_plugin(f"{qt}/platforms/libqoffscreen.so", print_support=False)
    assert slim.keep_plugin("PySide6/plugins/platforms/qwindows.dll", print_support=False)
    assert slim.keep_plugin(f"{qt}/platforminputcontexts/"
                            "libcomposeplatforminputcontextplugin.so", print_support=False)
    assert slim.keep_plugin("PySide6/plugins/styles/qmodernwindowsstyle.dll", False)
    for dropped in ("platforms/libqwayland.so", "platforms/libqvnc.so",
                    "platformthemes/libqgtk3.so", "imageformats/libqjpeg.so",
                    "iconengines/libqsvgicon.so", "tls/libqopensslbackend.so",
                    "platforminputcontexts/libibusplatforminputcontextplugin.so"):
        assert not slim.keep_plugin(f"{qt}/{dropped}", print_support=True), dropped
    printing = f"{qt}/printsupport/libcupsprintersupport.so"
    assert slim.keep_plugin(printing, print_support=True)
    assert not slim.keep_plugin(printing, print_support=False)
    assert slim.keep_plugin("PySide6/Qt/lib/libQt6Core.so.6", print_support=False)
    assert slim.system_only("libcups.so.2") and not slim.system_only("libQt6Core.so.6")
    assert not slim.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert slim.keep_data("leukodesk/core/content/pitfalls.json")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files: Linux")
def test_the_library_walk_follows_dt_needed() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent
    widgets = next(qt.glob("QtWidgets.*.so"))
    needed = slim.elf_needed(widgets)
    assert "libQt6Widgets.so.6" in needed and "libQt6Core.so.6" in needed
    assert slim.elf_needed(ROOT / "pyproject.toml") is None
    lib = qt / "Qt" / "lib"
    entries = [("PySide6/" + widgets.name, str(widgets), "EXTENSION")] + [
        (f"PySide6/Qt/lib/{name}", str(lib / name), "BINARY")
        for name in ("libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6Core.so.6",
                     "libQt6Network.so.6")]
    kept = slim.reachable(entries, slim.default_root)
    assert "PySide6/Qt/lib/libQt6Core.so.6" in kept
    assert "PySide6/Qt/lib/libQt6Network.so.6" not in kept  # nothing kept loads it


# --- start-up stays lazy --------------------------------------------------------------------
def test_the_first_paint_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    stamp = tmp_path / "first_paint.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "LEUKODESK_BENCH_FIRST_PAINT":
           str(stamp)}
    proc = subprocess.run([sys.executable, "-m", "leukodesk"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(stamp.read_text(encoding="utf-8"))
    assert record["widgets"] > 100 and record["frozen"] is False
    assert "leukodesk.ui.main_window" in record["modules"]
    assert bench_frozen.lazy_violations(record["modules"]) == []
    assert bench_frozen.lazy_violations(["PySide6.QtPrintSupport", "leukodesk.cli",
                                         "leukodesk.ui.handoff.pdf"]) == [
        "PySide6.QtPrintSupport", "leukodesk.cli", "leukodesk.ui.handoff.pdf"]
    # ... and the clinical engine, which loads after the first paint, and the hand-off code.
    engine = ["leukodesk.core.assessment", "leukodesk.core.formats.note",
              "leukodesk.ui.handoff.dialog", "pydantic.main"]
    assert bench_frozen.lazy_violations(["leukodesk.core.contract.units", *engine]) == engine
    assert not (tmp_path / "config").exists()  # the hook exits before settings are saved
