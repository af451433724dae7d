"""Whether a window can open here, asked before Qt is loaded.

Where none can (no display on Linux, or the X11 platform plugin's system libraries
missing), Qt aborts the process (signal 6) with a message that blames libxcb-cursor0
whatever is missing. This says it in one line instead, naming the missing files. Only the
standard library: it runs before the first Qt import, and only on the window's path.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

# The X11 libraries Qt's xcb plugin (Qt/plugins/platforms/libqxcb.so and the
# libQt6XcbQpa.so.6 it loads) needs, as its DT_NEEDED entries list them in PySide6 6.12
# (readelf -d), with the Debian/Ubuntu package of each. Qt's own libraries, the C and C++
# runtimes, libGL and GLib are left out: the offscreen platform needs them as well.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
COMMAND_LINE = "the command line (leukodesk assess patient.json; leukodesk --help) works"
NO_WINDOW_STATUS = 1  # README, "Exit status"


def _loadable(name: str, folders: Sequence[str]) -> bool:
    """Whether the dynamic loader finds ``name``: by its name, as Qt's plugin asks for it,
    or in a folder that plugin's run path also searches (a frozen app's own folder)."""
    for target in (name, *(os.path.join(f, name) for f in folders)):
        if target != name and not os.path.exists(target):
            continue
        try:
            ctypes.CDLL(target)
        except OSError:
            continue
        return True
    return False


def _bundled_folders() -> list[str]:
    """Folders holding libraries that ship with the program (PyInstaller's bundle, or
    PySide6's Qt/lib), which the plugin finds through its run path."""
    folders = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders += [bundle, os.path.join(bundle, "PySide6", "Qt", "lib")]
    for entry in sys.path:
        qt_lib = os.path.join(entry or ".", "PySide6", "Qt", "lib")
        if os.path.isdir(qt_lib):
            folders.append(qt_lib)
    return folders


def missing_libraries(names: Iterable[str],
                      loadable: Callable[[str], bool] | None = None) -> list[str]:
    """The names of ``names`` that cannot be loaded, in the order given."""
    if loadable is None:
        folders = _bundled_folders()

        def loadable(name: str) -> bool:
            return _loadable(name, folders)
    return [name for name in names if not loadable(name)]


def x_display_reachable(display: str) -> bool:
    """Whether the X server of ``display`` accepts a connection (libxcb's own test, the
    one Qt's xcb plugin makes first)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # a bundled copy only: Qt will say it itself
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)  # never NULL: an error object
    failed = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    return not failed


def _platform(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The platform asked for (``-platform NAME`` before QT_QPA_PLATFORM, as Qt reads
    them), or '' when Qt chooses."""
    for flag, value in zip(argv, argv[1:], strict=False):
        if flag in ("-platform", "--platform"):
            return value
    return environ.get("QT_QPA_PLATFORM", "")


def no_window_reason(argv: Sequence[str], environ: Mapping[str, str] | None = None,
                     system: str | None = None,
                     missing: Callable[[Iterable[str]], list[str]] = missing_libraries,
                     reachable: Callable[[str], bool] = x_display_reachable,
                     ) -> str | None:
    """One line saying why no window can open here, or None when it can (or when Qt is
    left to decide: another system than Linux, a platform other than xcb asked for, a
    Wayland display). ``argv`` is the window's argument list."""
    environ = os.environ if environ is None else environ
    system = sys.platform if system is None else system
    if not system.startswith("linux"):
        return None
    platform = _platform(argv, environ).split(":", 1)[0]
    if platform not in ("", "xcb"):
        return None  # offscreen, wayland, a list of fallbacks...: Qt's own business
    if not platform and environ.get("WAYLAND_DISPLAY"):
        return None
    if not environ.get("DISPLAY"):
        return ("leukodesk: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so "
                f"the window cannot open; {COMMAND_LINE} without one.")
    absent = missing(XCB_LIBRARIES)
    if absent:
        packages = " ".join(XCB_LIBRARIES[name] for name in absent)
        return ("leukodesk: the window cannot open: missing system libraries "
                f"{', '.join(absent)} (Debian/Ubuntu: apt-get install {packages}); "
                f"{COMMAND_LINE} without them.")
    if not reachable(environ["DISPLAY"]):
        return (f"leukodesk: no display found (the X display {environ['DISPLAY']} cannot be "
                f"reached), so the window cannot open; {COMMAND_LINE} without one.")
    return None
