"""What the executable leaves out, for packaging/leukodesk.spec (standard library only).

The spec's Analysis collects what PyInstaller's hooks think a PySide6 program may need:
every Qt plugin of the modules used, every Qt translation, and the shared libraries those
load. LeukoDesk needs much less (shared/design/PLATFORM.md measured ≈ 172 MB → ≈ 110 MB):

1. :data:`EXCLUDES`: Python modules that must never be bundled (test tools of the build
   environment, unused Qt modules, unused standard library with heavy native parts).
2. :func:`keep_data`: no Qt translations (the window is English only).
3. :func:`keep_plugin`: only the Qt plugins a widget window needs to show on this platform
   and offscreen (the self-test), the compose input context (dead keys) on Linux, the
   styles, and the print plugins when QtPrintSupport is in the bundle.
4. :func:`reachable` (Linux): then every bundled shared library that nothing kept still
   loads is dropped. The roots are the Python extension modules, the kept plugins and
   libpython; the walk follows each ELF file's DT_NEEDED entries through the bundle.
   :data:`SYSTEM_ONLY` libraries (the CUPS client) are left to the PC.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

EXCLUDES = [
    # Test and build tools that may be installed in the build environment.
    "hypothesis", "pytest", "_pytest", "pytestqt", "pytest_benchmark", "pluggy",
    "iniconfig", "pypdf", "PyInstaller", "setuptools", "pkg_resources", "pip", "wheel",
    # pydantic v1 compatibility layer (LeukoDesk uses v2 only).
    "pydantic.v1",
    # Qt modules LeukoDesk does not use (QtPrintSupport is kept: the copy-note/print
    # feature imports it lazily).
    "PySide6.QtNetwork", "PySide6.QtDBus", "PySide6.QtQml", "PySide6.QtQuick",
    "PySide6.QtQuickWidgets", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtConcurrent", "PySide6.QtXml",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp",
    # Standard library: no Tk, no test or documentation tools, no TLS or OpenSSL hashes
    # (no network at all; hashlib falls back to its built-in hashes).
    "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "doctest", "xmlrpc",
    "http.server", "ssl", "_ssl", "_hashlib", "lib2to3", "idlelib", "ensurepip", "venv",
    "curses", "_curses", "sqlite3", "_sqlite3", "distutils",
]

# Qt plugins kept, by folder and name (without "lib", the "d" of debug builds, and the
# extension). "*" keeps the whole folder.
KEEP_PLUGINS: dict[str, set[str]] = {
    "platforms": {"qxcb", "qoffscreen", "qwindows", "qcocoa"},
    "platforminputcontexts": {"composeplatforminputcontextplugin"},
    "styles": {"*"},   # the native look on Windows (qmodernwindowsstyle) and macOS
}
PRINT_PLUGINS = "printsupport"
# Libraries taken from the PC, never bundled (Linux): the CUPS client must match the PC's
# own print system (its configuration and socket), and brings about 9 MB of TLS, Kerberos
# and Avahi libraries. The print plugin then uses the PC's libcups; on a PC without one,
# Qt's print dialog offers printing to PDF only.
SYSTEM_ONLY = ("libcups.so",)


def _posix(dest: str) -> PurePosixPath:
    return PurePosixPath(dest.replace("\\", "/"))


def plugin_of(dest: str) -> tuple[str, str] | None:
    """(folder, name) of a Qt plugin's destination in the bundle, else None. Plugins sit
    in .../plugins/FOLDER/FILE under PySide6/Qt (Linux, macOS) or PySide6 (Windows)."""
    parts = _posix(dest).parts
    if len(parts) < 4 or parts[-3] != "plugins" or not any(
            p.startswith(("PySide", "Qt")) for p in parts[:-3]):
        return None
    name = re.sub(r"\.(so|dll|dylib)(\..*)?$", "", parts[-1])
    return parts[-2], name[3:] if name.startswith("lib") else name


def keep_plugin(dest: str, print_support: bool) -> bool:
    found = plugin_of(dest)
    if found is None:
        return True
    folder, name = found
    if folder == PRINT_PLUGINS:
        return print_support
    wanted = KEEP_PLUGINS.get(folder, set())
    return "*" in wanted or name in wanted or (name.endswith("d") and name[:-1] in wanted)


def system_only(dest: str) -> bool:
    return _posix(dest).name.startswith(SYSTEM_ONLY)


def keep_data(dest: str) -> bool:
    """No Qt translations: the window is English only."""
    parts = _posix(dest).parts
    return not ("translations" in parts and any(p.startswith("PySide") for p in parts))


# --- ELF ------------------------------------------------------------------------------------
def elf_needed(path: str | Path) -> list[str] | None:
    """The DT_NEEDED names of an ELF file (the libraries the loader loads for it), or None
    when ``path`` is not ELF. Reads the section headers: .dynamic and its string table."""
    with open(path, "rb") as f:
        ident = f.read(16)
        if len(ident) < 16 or ident[:4] != b"\x7fELF":
            return None
        wide, endian = ident[4] == 2, "<" if ident[5] == 1 else ">"
        f.seek(0)
        head = f.read(64 if wide else 52)
        if wide:
            shoff, = struct.unpack_from(endian + "Q", head, 0x28)
            shentsize, shnum = struct.unpack_from(endian + "HH", head, 0x3A)
        else:
            shoff, = struct.unpack_from(endian + "I", head, 0x20)
            shentsize, shnum = struct.unpack_from(endian + "HH", head, 0x2E)
        if not shoff or not shnum:
            return []
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        sections = []
        for i in range(shnum):
            raw = table[i * shentsize:(i + 1) * shentsize]
            if wide:
                _n, kind, _fl, _addr, off, size, link = struct.unpack_from(
                    endian + "IIQQQQI", raw)
            else:
                _n, kind, _fl, _addr, off, size, link = struct.unpack_from(
                    endian + "IIIIIII", raw)
            sections.append((kind, off, size, link))
        needed: list[str] = []
        for kind, off, size, link in sections:
            if kind != 6:  # SHT_DYNAMIC
                continue
            _k, str_off, str_size, _l = sections[link]
            f.seek(str_off)
            strings = f.read(str_size)
            f.seek(off)
            dynamic = f.read(size)
            step, fmt = (16, endian + "qQ") if wide else (8, endian + "iI")
            for pos in range(0, len(dynamic) - step + 1, step):
                tag, value = struct.unpack_from(fmt, dynamic, pos)
                if tag == 0:  # DT_NULL
                    break
                if tag == 1:  # DT_NEEDED
                    needed.append(strings[value:strings.index(b"\0", value)].decode())
        return needed


def reachable(entries: Iterable[tuple[str, str, str]],
              is_root: Callable[[str, str, str], bool]) -> set[str]:
    """Destinations of the ELF files reached from the roots through DT_NEEDED (the roots
    included). ``entries`` are (dest, source, typecode); a DT_NEEDED name is matched to a
    bundled file by its base name; names not in the bundle are the system's."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    elf: dict[str, str] = {}
    roots: list[str] = []
    for dest, src, kind in entries:
        if Path(src).is_file() and elf_needed(src) is not None:
            elf[dest] = src
            by_name.setdefault(_posix(dest).name, []).append((dest, src))
            if is_root(dest, src, kind):
                roots.append(dest)
    todo = list(roots)
    seen = set(todo)
    while todo:
        dest = todo.pop()
        for name in elf_needed(elf[dest]) or []:
            for target, _src in by_name.get(name, []):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return seen | {d for d, _s, _k in entries if d not in elf}


def default_root(dest: str, src: str, kind: str) -> bool:
    """Python extension modules, Qt plugins and libpython start the walk."""
    return (kind == "EXTENSION" or plugin_of(dest) is not None
            or _posix(dest).name.startswith("libpython"))


def slim(binaries: list, datas: list, *, linux: bool, print_support: bool,
         log: Callable[[str], None] = print) -> tuple[list, list]:
    """Binaries and datas of an Analysis with the plugins, translations and (on Linux)
    unreachable libraries taken out. Prints what was dropped, in total."""
    kept_bins = [e for e in binaries if keep_plugin(e[0], print_support)]
    kept_datas = [e for e in datas if keep_data(e[0])
                  and keep_plugin(e[0], print_support)]
    dropped_plugins = len(binaries) - len(kept_bins)
    unreached: list = []
    if linux:
        kept_bins = [e for e in kept_bins if not system_only(e[0])]
        keep = reachable(kept_bins, default_root)
        unreached = [e for e in kept_bins if e[0] not in keep]
        kept_bins = [e for e in kept_bins if e[0] in keep]
        # Symbolic links (PyInstaller 6 lists them) to a dropped library go too.
        gone = {e[0] for e in unreached}
        kept_bins = [e for e in kept_bins if not (e[2] == "SYMLINK" and e[1] in gone)]
        kept_datas = [e for e in kept_datas if not (e[2] == "SYMLINK" and e[1] in gone)]

    def size(entries: list) -> float:
        return sum(Path(e[1]).stat().st_size for e in entries if Path(e[1]).is_file()) / 1e6

    log(f"slim: dropped {dropped_plugins} Qt plugins, "
        f"{len(datas) - len(kept_datas)} data files (translations), "
        f"{len(unreached)} unreached libraries ({size(unreached):.1f} MB before strip): "
        + ", ".join(sorted(_posix(e[0]).name for e in unreached)))
    return kept_bins, kept_datas
