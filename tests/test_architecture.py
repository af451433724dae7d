"""The layout holds what HOUSE.md says: read statically, from the source of every module.

The import graph of ``leukodesk`` is built with ``ast`` (module-level and function-level
imports, ``if TYPE_CHECKING`` ones too; relative imports resolved; ``from pkg import x``
points at the submodule ``pkg.x`` when there is one, and at the module a package
re-exports ``x`` from). On it:

- no import circle;
- the core imports neither the window (``leukodesk.ui``) nor Qt, and nothing of
  ``leukodesk`` outside the core but the package's version;
- the window is imported only from inside it and by the entry points that start it
  (``app``, ``cli`` for ``--pdf``, ``selftest``); nothing below the window imports Qt;
- the command line, before its command runs, loads neither Qt nor the window;
- a function-level import has a one-line reason (a comment on its line, or on the line
  before its group of imports) and sits at the start-up boundary: in a module loaded
  at start-up (:data:`START_UP`), loading something that start-up does not load;
- no module is longer than 400 lines;
- the README's "Where things are" names every package and module.

The graph sees what loads by name (importlib) only where the loader also imports it for
type checking; a test holds that the core's lazy names are the only such loads. Each check
has a guard that it can see what it checks.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "leukodesk"
MAX_LINES = 400

# What loads before the program knows what it will do. A function-level import is at the
# start-up boundary when it is in a module one of these loads at module level, and loads
# what that one does not.
START_UP = {
    "leukodesk.__main__": "python -m leukodesk, as the entry point",
    "leukodesk.app": "the entry point: window, command line or self-test not yet chosen",
    "leukodesk.cli": "the command line before its command runs (--version, --help)",
    "leukodesk.selftest": "the self-test before its window check loads Qt",
    "leukodesk.ui.run": "the window up to its first painted frame",
}
ENTRY_POINTS = ("leukodesk.__main__", "leukodesk.app", "leukodesk.cli", "leukodesk.selftest")
QT = ("PySide6", "shiboken6")
PRAGMAS = ("noqa", "type:", "pragma", "fmt:")


@dataclass(frozen=True)
class Import:
    source: str
    line: int
    targets: tuple[str, ...]   # modules (ours: the most specific; others': module.name too)
    in_function: bool
    type_checking: bool


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


FILES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path))
         for name, path in FILES.items()}


def _ours(name: str) -> bool:
    return name == "leukodesk" or name.startswith("leukodesk.")


def _known(name: str) -> str:
    """The longest prefix of ``name`` that is a module of ours."""
    while name not in FILES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(tree: ast.AST) -> Iterable[tuple[ast.Import | ast.ImportFrom, bool, bool]]:
    """Every import statement, with whether it is in a function and under TYPE_CHECKING."""
    def visit(node: ast.AST, in_function: bool, type_checking: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, in_function, type_checking
            yield from visit(child,
                             in_function or isinstance(child, (ast.FunctionDef,
                                                               ast.AsyncFunctionDef)),
                             type_checking or (isinstance(child, ast.If)
                                               and _is_type_checking(child)))
    yield from visit(tree, False, False)


def _base(source: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = source if FILES[source].name == "__init__.py" else source.rsplit(".", 1)[0]
    for _ in range(node.level - 1):
        package = package.rsplit(".", 1)[0]
    return f"{package}.{node.module}" if node.module else package


def _reexports(package: str) -> dict[str, str]:
    """Names a package's ``__init__`` imports from a module of ours (eagerly, lazily or for
    type checking): ``from package import name`` depends on that module."""
    tree = TREES.get(package)
    if tree is None or FILES[package].name != "__init__.py":
        return {}
    found = {}
    for node, _, _ in _walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _base(package, node)
            for alias in node.names:
                if _ours(base):
                    found[alias.asname or alias.name] = _known(base)
    return found


def _targets(source: str, node: ast.Import | ast.ImportFrom) -> tuple[str, ...]:
    if isinstance(node, ast.Import):
        return tuple(_known(a.name) if _ours(a.name) else a.name for a in node.names)
    base = _base(source, node)
    if base == "__future__":
        return ()
    if not _ours(base):
        return (base, *(f"{base}.{a.name}" for a in node.names))
    out = []
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        out.append(sub if sub in FILES else _reexports(_known(base)).get(alias.name,
                                                                           _known(base)))
    return tuple(dict.fromkeys(out))


IMPORTS = [Import(source, node.lineno, _targets(source, node), in_function, type_checking)
           for source, tree in TREES.items()
           for node, in_function, type_checking in _walk(tree)
           if _targets(source, node)]


def _graph() -> dict[str, dict[str, Import]]:
    """Our modules -> the modules of ours they import, with the first import that does."""
    graph: dict[str, dict[str, Import]] = {name: {} for name in FILES}
    for imp in IMPORTS:
        for target in imp.targets:
            if _ours(target) and target != imp.source:
                graph[imp.source].setdefault(target, imp)
    return graph


GRAPH = _graph()


def _circles() -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(GRAPH):
        if v not in index:
            connect(v)
    return found


def _describe(component: frozenset[str]) -> str:
    """One circle through the component, each step with the line that imports."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(GRAPH[v]):
            if w == start:
                path = [*paths[v], start]
                steps = [f"{a} (line {GRAPH[a][b].line}"
                         f"{', in a function' if GRAPH[a][b].in_function else ''}) -> "
                         for a, b in zip(path[:-1], path[1:], strict=True)]
                return "".join(steps) + start
            if w in component and w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return " <-> ".join(sorted(component))


def _loaded(roots: Iterable[str]) -> set[str]:
    """What importing ``roots`` loads, by module-level imports alone: our modules (with
    their packages), and the names of others' (``PySide6.QtWidgets.QMessageBox``)."""
    loaded: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        while name and name not in loaded:
            loaded.add(name)
            for imp in IMPORTS:
                if imp.source == name and not imp.in_function and not imp.type_checking:
                    loaded.update(t for t in imp.targets if not _ours(t))
                    todo += [t for t in imp.targets if _ours(t)]
            name = name.rsplit(".", 1)[0] if "." in name else ""
    return loaded


AT_START = {root: _loaded([root]) for root in START_UP}


def _comments(source: str) -> dict[int, str]:
    """The comments of a source by line, lint pragmas left out (they are not reasons)."""
    tokens = tokenize.tokenize(io.BytesIO(source.encode("utf-8")).readline)
    found = {tok.start[0]: tok.string.lstrip("#").strip()
             for tok in tokens if tok.type == tokenize.COMMENT}
    return {n: c for n, c in found.items() if c and not c.lower().startswith(PRAGMAS)}


def _reason(source: str, line: int) -> str:
    """The comment on the import at ``line`` of ``source`` (a module's text), on another line
    of its group of imports, or on the line before the group when it is a comment of one
    line; "" when there is none."""
    tree = ast.parse(source)
    start = end = line
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list):
                continue
            at = next((n for n, s in enumerate(body) if s.lineno == line), None)
            if at is None or not isinstance(body[at], (ast.Import, ast.ImportFrom)):
                continue
            first = last = at
            while first and isinstance(body[first - 1], (ast.Import, ast.ImportFrom)):
                first -= 1
            while last + 1 < len(body) and isinstance(body[last + 1],
                                                      (ast.Import, ast.ImportFrom)):
                last += 1
            start, end = body[first].lineno, body[last].end_lineno or line
    comments = _comments(source)
    lines = source.splitlines()
    # Its own line first, then its group's; the line before the group only when that
    # comment is one line, not the end of a longer one.
    own = next((comments[n] for n in (line, *range(start, end + 1)) if n in comments), "")
    above = comments.get(start - 1, "") if start < 2 or not lines[start - 3].lstrip(
    ).startswith("#") else ""
    return own or above


def _ids(items: Iterable[Import]) -> list[str]:
    return [f"{i.source}:{i.line}" for i in items]


def _module_lines() -> dict[str, int]:
    return {name: len(path.read_text(encoding="utf-8").splitlines())
            for name, path in FILES.items()}


FUNCTION_LEVEL = [i for i in IMPORTS if i.in_function]


# --- the tests ---------------------------------------------------------------------------
def test_the_graph_sees_every_kind_of_import() -> None:
    # Guards the checks below: the parser finds what they rely on.
    assert len(FILES) > 40
    assert "leukodesk.core.rules.thresholds" in GRAPH["leukodesk.core"]  # module level
    assert "leukodesk.ui.run" in GRAPH["leukodesk.app"]                 # in a function
    assert "leukodesk.core.assessment" in GRAPH["leukodesk.core"]           # TYPE_CHECKING
    assert "leukodesk.core.contract.validation" in _reexports("leukodesk.core").values()
    assert "PySide6.QtWidgets.QMessageBox" not in AT_START["leukodesk.ui.run"]
    assert "PySide6.QtWidgets.QApplication" in AT_START["leukodesk.ui.run"]
    assert "leukodesk.ui.main_window" in AT_START["leukodesk.ui.run"]


def test_no_import_circles() -> None:
    circles = _circles()
    assert not circles, "import circles:\n" + "\n".join(_describe(c) for c in circles)


def test_the_circle_finder_finds_one() -> None:
    # Guards test_no_import_circles: an import added back along an existing one is found
    # as a circle and described through the lines that import.
    a, b = "leukodesk.core.contract.errors", "leukodesk.core.contract.field_errors"
    assert a in GRAPH[b] and not GRAPH[a]
    GRAPH[a][b] = Import(a, 1, (b,), in_function=True, type_checking=False)
    try:
        (circle,) = [c for c in _circles() if a in c]
        assert b in circle
        assert f"{a} (line 1, in a function) -> {b}" in _describe(circle)
    finally:
        del GRAPH[a][b]


def test_what_loads_by_name_is_in_the_graph_too() -> None:
    # importlib loads a module the graph cannot see, unless the loader also imports it for
    # type checking. Only the core's lazy names (PEP 562) load so, and they are declared.
    import leukodesk.core as core

    by_name = sorted({name for name, tree in TREES.items() for node in ast.walk(tree)
                      if isinstance(node, ast.Call) and (
                          getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                      ) in ("import_module", "__import__")})
    assert by_name == ["leukodesk.core"]
    assert set(core._LAZY.values()) <= set(GRAPH["leukodesk.core"])


def test_the_core_imports_neither_the_window_nor_qt() -> None:
    wrong = [f"{i.source}:{i.line} imports {t}" for i in IMPORTS
             if i.source.startswith("leukodesk.core")
             for t in i.targets
             if t.split(".")[0] in QT
             or (_ours(t) and not t.startswith("leukodesk.core") and t != "leukodesk")]
    assert not wrong, "\n".join(wrong)


def test_only_the_window_and_the_entry_points_import_the_window() -> None:
    wrong = [f"{i.source}:{i.line} imports {t}" for i in IMPORTS
             if not i.source.startswith("leukodesk.ui") and i.source not in ENTRY_POINTS
             for t in i.targets if t.startswith("leukodesk.ui")]
    assert not wrong, "\n".join(wrong)


def test_nothing_below_the_window_imports_qt() -> None:
    wrong = [f"{i.source}:{i.line} imports {t}" for i in IMPORTS
             if not i.source.startswith("leukodesk.ui") and i.source not in ENTRY_POINTS
             for t in i.targets if t.split(".")[0] in QT]
    assert not wrong, "\n".join(wrong)


def test_the_window_imports_no_entry_point() -> None:
    wrong = [f"{i.source}:{i.line} imports {t}" for i in IMPORTS
             if i.source.startswith("leukodesk.ui") for t in i.targets if t in ENTRY_POINTS]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("entry", ["leukodesk.__main__", "leukodesk.app", "leukodesk.cli"])
def test_the_command_line_loads_neither_qt_nor_the_window(entry: str) -> None:
    loaded = [m for m in AT_START[entry]
              if m.split(".")[0] in QT or m.startswith("leukodesk.ui")]
    assert not loaded, f"{entry} loads at module level: {sorted(loaded)}"


@pytest.mark.parametrize("imp", FUNCTION_LEVEL, ids=_ids(FUNCTION_LEVEL))
def test_a_function_level_import_says_why(imp: Import) -> None:
    assert _reason(FILES[imp.source].read_text(encoding="utf-8"), imp.line), (
        f"{FILES[imp.source]}:{imp.line}: a function-level import needs a one-line reason, "
        "on its line or the line before its group (e.g. '# start-up: ...')")


@pytest.mark.parametrize("imp", FUNCTION_LEVEL, ids=_ids(FUNCTION_LEVEL))
def test_a_function_level_import_is_at_the_start_up_boundary(imp: Import) -> None:
    roots = [r for r, loaded in AT_START.items() if imp.source in loaded]
    assert roots, (f"{FILES[imp.source]}:{imp.line}: {imp.source} is not loaded at start-up "
                   f"(by {', '.join(START_UP)}): import {', '.join(imp.targets)} at the top")
    deferring = [r for r in roots if any(t not in AT_START[r] for t in imp.targets)]
    assert deferring, (f"{FILES[imp.source]}:{imp.line}: start-up ({', '.join(roots)}) loads "
                       f"{', '.join(imp.targets)} already: import it at the top")


@pytest.mark.parametrize("module", sorted(FILES))
def test_a_module_is_at_most_400_lines(module: str) -> None:
    lines = _module_lines()[module]
    assert lines <= MAX_LINES, f"{FILES[module]} has {lines} lines (at most {MAX_LINES})"


def test_the_readme_shows_every_package_and_module() -> None:
    # "Where things are" is the map of this layout: a module or package missing from it
    # is a layout the README does not show.
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    words = {word.strip(",;:()") for word in section.split()}
    shown = {path: f"{path.parent.name}/" if path.name == "__init__.py" else path.name
             for path in FILES.values()}
    missing = sorted(name for name in shown.values() if name not in words)
    assert not missing, f"README 'Where things are' does not show: {missing}"


def test_the_reason_finder_reads_comments() -> None:
    # Guards test_a_function_level_import_says_why: a reason on the line, or before the
    # group, counts; a lint pragma or a comment two groups away does not.
    source = ("def f():\n"
              "    # start-up: both are heavy\n"
              "    import json\n"
              "    import csv\n"
              "    x = 1\n"
              "    import re  # noqa: F401\n"
              "    import os  # start-up: os\n"
              "    return json, csv, re, os, x\n")
    assert _reason(source, 3) == _reason(source, 4) == "start-up: both are heavy"
    assert _reason(source, 6) == "start-up: os"   # its group's
    assert _reason(source.replace("    import os  # start-up: os\n", ""), 6) == ""
    longer = source.replace("    # start-up:", "    # A longer story,\n    # start-up:")
    assert _reason(longer, 4) == ""   # the end of a longer comment is no one-line reason


def test_no_lazy_name_of_the_core_is_also_a_module_of_it() -> None:
    """``from leukodesk.core import assess`` must be the function whatever was imported
    before: a submodule of the same name, once imported, takes its place on the package
    (the command line's assess then called a module: an internal error)."""
    import pkgutil

    import leukodesk.core as core

    modules = {m.name for m in pkgutil.iter_modules(core.__path__)}
    assert not modules & set(core._LAZY)
    import leukodesk.core.assessment  # noqa: F401 - imported first, on purpose
    from leukodesk.core import assess

    assert callable(assess) and assess.__module__ == "leukodesk.core.assessment"
