"""The command line's site configuration (RULES §16): ``--config`` on every command,
the file in force, ``site`` on every JSON result, and ``leukodesk config``.

Without ``--config``: ``LEUKODESK_CONFIG``, ``leukodesk.toml`` beside the frozen executable,
then the system-wide file (:mod:`leukodesk.core.config.locate`). A file found anywhere that
is refused stops every command but ``config`` with exit status 2 and its errors
(``config.<table>.<key>`` and line) before anything is computed: a command line must not
quietly run on defaults the site did not mean. Every JSON result gains ``site``
{``name``, ``hash``} or null (:func:`stamped`: generic, so a new command that prints through
``cli._run_documents`` gets it too). Nothing here loads pydantic until a file is read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from leukodesk.core.formats.site_line import site_line

EXIT_OK, EXIT_INVALID = 0, 2


def _dump(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def stamped(payload: Any, args: argparse.Namespace) -> Any:
    """A command's JSON result (an object, or a list of them) with ``site`` (RULES §16):
    the configuration in force, or null. Error objects stay as they are."""
    site = getattr(args, "site", None)
    stamp = None if site is None else site.stamp()
    if isinstance(payload, list):
        return [stamped(item, args) for item in payload]
    if isinstance(payload, dict) and "errors" not in payload:
        return {**payload, "site": stamp}
    return payload


def site_line_of(args: argparse.Namespace) -> str:
    site = getattr(args, "site", None)
    return site_line(None if site is None else site.stamp())


def add_site_options(parser: argparse.ArgumentParser, sub: Any) -> None:
    """``leukodesk config``, and ``--config`` on the program and on every command of
    ``sub`` (its sub-parsers): call it after every command is added."""
    g = sub.add_parser("config", help="the site configuration: what is in force, or --check "
                                      "a file",
                       description="Print the site configuration in force (--config, "
                                   "LEUKODESK_CONFIG, leukodesk.toml beside the executable, "
                                   "or the system-wide file), or with --check FILE that "
                                   "file's content or its errors. Exit status 2 when the "
                                   "file is refused.")
    g.add_argument("--check", metavar="FILE", help="check this file (and nothing else)")
    g.add_argument("--json", action="store_true", help="as JSON instead of text")
    g.set_defaults(handler=cmd_config)
    config_option(parser, default=None)
    for command in sub.choices.values():   # every command
        config_option(command, default=argparse.SUPPRESS)


def config_option(parser: argparse.ArgumentParser, default: object) -> None:
    # SUPPRESS on the commands: a --config given before the command's name is kept.
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="the site configuration file (RULES §16); default: "
                             "$LEUKODESK_CONFIG, else leukodesk.toml beside the "
                             "executable, else the system-wide file")


def locate_site(explicit: str | None) -> Any:
    from leukodesk.core.config.locate import locate  # start-up: light, no pydantic

    return locate(explicit, environ=os.environ, executable=sys.executable,
                  frozen=bool(getattr(sys, "frozen", False)), platform=sys.platform)


def site_in_force(args: argparse.Namespace, out: TextIO, err: TextIO) -> bool:
    """Set ``args.site`` to the site configuration in force (None: none); False, with the
    errors printed, when the file is refused."""
    located = locate_site(args.config)
    args.site = None
    if located is None:
        return True
    from leukodesk.core.config.read import ConfigErrors, load  # start-up: a file to read

    try:
        args.site = load(located)
    except ConfigErrors as exc:
        _dump({"errors": [e.as_json() for e in exc.errors]}, out)
        err.write(f"leukodesk: site configuration refused ({located.origin}: {exc.path}); "
                  "nothing was computed:\n" + "".join(f"  {e}\n" for e in exc.errors))
        return False
    return True


def cmd_config(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """``leukodesk config [--check FILE] [--json]``: what is in force, or the errors."""
    # start-up: the configuration's models (pydantic) load for this command alone
    from leukodesk.core.config.locate import Located
    from leukodesk.core.config.read import ConfigErrors, load
    from leukodesk.core.config.summary import in_force, in_force_lines, refused_lines

    located = Located(args.check, "--check", True) if args.check else locate_site(args.config)
    if located is None:
        if args.json:
            _dump({"site": None, "path": None}, out)
        else:
            out.write("No site configuration found: the built-in defaults are in force.\n")
        return EXIT_OK
    try:
        site = load(located)
    except ConfigErrors as exc:
        if args.json:
            _dump({"errors": [e.as_json() for e in exc.errors], "path": exc.path}, out)
        else:
            out.write("\n".join(refused_lines(exc.path, exc.errors)) + "\n")
        return EXIT_INVALID
    assert site is not None
    if args.json:
        _dump(in_force(site), out)
    else:
        out.write("\n".join(in_force_lines(site)) + "\n")
    return EXIT_OK
