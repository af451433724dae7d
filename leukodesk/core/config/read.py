"""Reading a site configuration file (RULES §16): TOML bytes → :class:`Site`, or every
error, each naming ``config.<table>.<key>`` and its line. A bad file is refused whole:
nothing of it is used.

``tomllib`` gives no positions, so the line of a key is found by scanning the text's
table headers and ``key =`` lines (:func:`key_lines`); a TOML syntax error carries
tomllib's own line.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from leukodesk.core.config.locate import Located
from leukodesk.core.config.model import SiteConfig

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 has the same parser as the tomli backport
    import tomli as tomllib

HASH_DIGITS = 12


@dataclass(frozen=True)
class ConfigError:
    """One thing wrong with the file: ``field`` is ``config.<table>.<key>`` (``config``
    for the file as a whole), ``line`` 1-based or None when the key is missing."""

    field: str
    line: int | None
    message: str

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "line": self.line, "message": self.message}

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.field}{where}: {self.message}"


class ConfigErrors(Exception):
    """The file at ``path`` was refused; ``errors`` says why, every problem at once."""

    def __init__(self, path: str, errors: list[ConfigError]) -> None:
        super().__init__(f"{path}: " + "; ".join(map(str, errors)))
        self.path = path
        self.errors = errors


@dataclass(frozen=True)
class Site:
    """A valid configuration in force: the file's content, where it came from, its hash."""

    config: SiteConfig
    path: str
    origin: str          # "--config", "LEUKODESK_CONFIG", "beside the executable", "system"
    hash: str            # first 12 hex digits of the SHA-256 of the file's bytes

    @property
    def name(self) -> str:
        return self.config.site.name

    def stamp(self) -> dict[str, str]:
        """JSON ``site`` {``name``, ``hash``} of every command's output."""
        return {"name": self.name, "hash": self.hash}


def file_hash(data: bytes) -> str:
    """The short hash that names a file's exact bytes on every output."""
    return hashlib.sha256(data).hexdigest()[:HASH_DIGITS]


_HEADER = re.compile(r"^\[\[?\s*(?P<key>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^(?P<key>(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
                  r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in
                 re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text))


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every table header and key of a TOML text, by its path
    (array-of-tables entries by index: ``("dosing", "presentation_sets", "x", 0, "ml")``).
    Keys inside multi-line strings are skipped; inline tables give their own line."""
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    arrays: dict[tuple[str | int, ...], int] = {}
    in_string = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_string:
            in_string = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            path = _dotted(header["key"])
            if line.startswith("[["):
                index = arrays.get(path, -1) + 1
                arrays[path] = index
                lines.setdefault(path, number)
                path = (*path, index)
            table = path
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, *_dotted(key["key"])), number)
            rest = line[key.end():]
            in_string = rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1
    return lines


def _line_of(path: tuple[str | int, ...], lines: Mapping[tuple[str | int, ...], int]
             ) -> int | None:
    """The line of ``path``, else of the nearest table or key above it that is written."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _field(path: tuple[str | int, ...]) -> str:
    name = "config"
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else f".{part}"
    return name


def _lookup(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _errors(exc: ValidationError, data: Mapping[str, Any], text: str) -> list[ConfigError]:
    """pydantic's errors as the file's keys and lines. A union's branch names (the
    ``"built-in"`` or a list of presentations) are not keys: the path drops them, and only
    the branch the value was written as speaks."""
    lines = key_lines(text)
    out: list[ConfigError] = []
    for err in exc.errors(include_url=False):
        path: list[str | int] = []
        skip = False
        for part in err["loc"]:
            if isinstance(part, str) and ("[" in part or part == "[key]"):
                given = _lookup(data, tuple(path))
                wants_list = part.startswith(("tuple[", "list["))
                if wants_list != isinstance(given, list) and part != "[key]":
                    skip = True
                continue
            path.append(part)
        if skip:
            continue
        where = tuple(path)
        if err["type"] == "set":   # a set named "built-in" that is not on file: its key
            where = (*where, err["ctx"]["first"])
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown key {where[-1]!r}: not part of the site configuration"
        elif err["type"] == "missing":
            message = "is required"
        elif err["type"] == "literal_error" and where[:2] == ("dosing", "presentation_sets"):
            message = ('must be "built-in" (a set LeukoDesk has on file) or the site\'s own '
                       f"[[{_field(where)[len('config.'):]}]] tables")
        error = ConfigError(_field(where), _line_of(where, lines), message)
        if error not in out:
            out.append(error)
    return out


def parse_config(data: bytes, path: str = "<config>", origin: str = "--config") -> Site:
    """The configuration in ``data`` (a file's bytes) or :class:`ConfigErrors`, every
    problem named by key and line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigErrors(path, [ConfigError("config", line, "is not UTF-8 text")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise ConfigErrors(path, [ConfigError(
            "config", int(found[1]) if found else None,
            f"not valid TOML: {exc}")]) from None
    try:
        config = SiteConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigErrors(path, _errors(exc, raw, text)) from None
    return Site(config, path, origin, file_hash(data))


def read_config(path: str | Path, origin: str = "--config") -> Site:
    """Read and check the file at ``path`` (:func:`parse_config`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigErrors(str(path), [ConfigError(
            "config", None, f"cannot read {path}: {exc.strerror or exc}")]) from None
    return parse_config(data, str(path), origin)


def load(located: Located | None) -> Site | None:
    """The configuration at ``located`` (None: none in force), or :class:`ConfigErrors`."""
    return None if located is None else read_config(located.path, located.origin)
