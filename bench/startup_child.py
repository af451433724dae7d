"""Child process of ``bench_ui.py``: start one window, note the first paint, exit at once.

Run by the benchmark, not by hand: ``python bench/startup_child.py window|bare|empty TMPDIR
[WIDGETS]``. Imports are kept to the standard minimum before the measured ones, so the
time from spawning to the first paint is the window's own.

- ``window``: what ``leukodesk.ui.run.run_window`` does (``create_app`` with the stylesheet,
  ``MainWindow`` with a settings store, the crash hook, ``show``), the store an INI file in
  TMPDIR. Resized to 1024×768 before it is shown. With ``--ready`` the process waits,
  after the first frame, until the window's clinical engine has loaded and computed the
  blank state (it loads after the first paint) and stamps ``ready`` too.
- ``bare``: a QMainWindow of the same size with WIDGETS simple widgets (labels, line edits,
  combo boxes in a grid) and one 15-field pydantic model validated once; no stylesheet.
- ``empty``: the interpreter alone (the floor both share).

The first paint (``bare_window.on_first_paint``): an event filter on the top-level window
sees its first Paint event and queues a zero timer; that timer runs once the whole frame
(every child) has been painted and flushed, and stamps ``time.monotonic_ns()``
(CLOCK_MONOTONIC, the clock the parent read before spawning). One line goes to stdout,
``key=value`` pairs: the stamps ``imported`` (measured imports done), ``built`` (window
constructed) and ``painted``, the widget count and peak RSS. The process then ends with
``os._exit(0)``: teardown is not start-up (and is left out of callgrind counts too).
"""

import os
import sys
import time

SIZE = (1024, 768)


def _done(fields: dict) -> None:
    import resource

    fields["rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.write(" ".join(f"{k}={v}" for k, v in fields.items()) + "\n")
    sys.stdout.flush()
    os._exit(0)


def _leukodesk_window(tmp: str):
    import leukodesk.core  # noqa: F401  (before Qt, as leukodesk.app does)
    from leukodesk.ui.crash import install_excepthook
    from leukodesk.ui.main_window import MainWindow
    from leukodesk.ui.run import apply_style, create_app
    from leukodesk.ui.settings_store import SettingsStore

    imported = time.monotonic_ns()
    app = create_app(sys.argv[:1])
    window = MainWindow(SettingsStore(os.path.join(tmp, "leukodesk.ini")))
    apply_style(app, window)
    install_excepthook(lambda: window)
    return app, window, imported


def main() -> None:
    kind, tmp = sys.argv[1], sys.argv[2]
    if kind == "empty":
        _done({"painted": time.monotonic_ns(), "widgets": 0})
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if kind == "window":
        app, window, imported = _leukodesk_window(tmp)
    else:
        from bare_window import build  # bench/, this script's folder

        app, window, imported = build(int(sys.argv[3]))
    built = time.monotonic_ns()

    from bare_window import on_first_paint  # bench/, this script's folder
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    fields = {"imported": imported, "built": built}

    ready_too = "--ready" in sys.argv and kind == "window"

    def first_frame_done() -> None:
        fields["painted"] = time.monotonic_ns()
        fields["widgets"] = len(window.findChildren(QWidget))
        if not ready_too:
            _done(fields)
        poll = QTimer(window)

        def check_ready() -> None:  # the clinical engine loaded and the blank state computed
            if window.vm.computed:
                fields["ready"] = time.monotonic_ns()
                _done(fields)

        poll.timeout.connect(check_ready)
        poll.start(1)

    on_first_paint(window, first_frame_done)
    window.resize(*SIZE)
    window.show()
    QTimer.singleShot(20_000, lambda: (sys.stdout.write("error=no-paint\n"),
                                       sys.stdout.flush(), os._exit(1)))
    app.exec()


if __name__ == "__main__":
    main()
