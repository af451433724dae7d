"""Entry point of ``leukodesk`` and ``python -m leukodesk``.

Command-line sub-commands (and ``--version``/``--help``) run before, and without, any
Qt import, so they work on a machine with no display. ``--self-test`` checks known cases
through the core and an offscreen window, and needs no display either.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence


def _utf8_streams() -> None:
    """Write UTF-8 whatever the console's locale (units like ×10⁹/L and °C need it)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run LeukoDesk; returns the process exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
    if args == ["--self-test"]:  # headless check of this installation (leukodesk/selftest.py)
        from leukodesk.selftest import main as self_test  # start-up: the self-test alone

        return self_test()
    window_args = [a for n, a in enumerate(args)   # the window's --config FILE (RULES §16)
                   if a != "--config" and (n == 0 or args[n - 1] != "--config")]
    if args[-1:] == ["--config"]:
        window_args = args   # no FILE: the command line's usage error
    if not window_args or (len(window_args) == 2 and window_args[0] == "-platform"):
        window_argv = sys.argv[:1] + args
        # Before Qt, which aborts the process where no window can open (signal 6).
        from leukodesk.ui.display_check import NO_WINDOW_STATUS, no_window_reason  # start-up

        reason = no_window_reason(window_argv)
        if reason:
            sys.stderr.write(reason + "\n")
            return NO_WINDOW_STATUS
        # The core's light part before Qt: PySide6's import hook inspects every module
        # imported after it, which cost about 80 ms of start-up (bench/bench_ui.py).
        import leukodesk.core  # noqa: F401
        from leukodesk.ui.run import run_window  # start-up: Qt for the window alone

        return run_window(window_argv)
    from leukodesk.cli import run  # start-up: the command line alone, which never loads Qt

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
