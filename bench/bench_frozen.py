"""Benchmark of the offline executable: bundle size, start-up to first paint and peak memory,
as ratios against a bare window frozen with the same spec (issue targets in brackets).

Run: ``python bench/bench_frozen.py`` (``--no-build`` to measure what dist/ holds,
``--rounds N``, ``--callgrind`` to also count start-up instructions with valgrind). Linux,
headless (QT_QPA_PLATFORM=offscreen unless set). Builds, with packaging/build.sh:

- dist/leukodesk (one folder), dist/leukodesk-onefile (one file);
- dist/bare_window: bench/bare_window.py frozen with the same spec, excludes and slimming:
  a QMainWindow with as many simple widgets as the real window and one pydantic model
  validated once (the bare window of bench/startup_child.py), nothing of LeukoDesk;
- dist/bare_window_qt: the same without pydantic, to show what pydantic weighs.

Figures:

- size: the files of each bundle, in MB (10⁶ bytes) [one folder ≤ 1.1 × bare; one file
  < 50 MB];
- start-up: from just before the process is spawned (time.monotonic_ns, CLOCK_MONOTONIC)
  to the end of the window's first painted frame, stamped by the window itself: the app
  honours LEUKODESK_BENCH_FIRST_PAINT=FILE (leukodesk/ui/run.py) and bare_window.py does
  the same; both then exit at once. Fresh processes, alternating frozen app, frozen bare
  window, the unfrozen app (``python -S -m leukodesk`` from this checkout, byte code
  compiled beforehand; -S leaves out the .pth start-up hooks of site-packages, such as an
  editable install's finder) and the one-file app, after one unmeasured warm-up each;
  medians [frozen ≤ 1.3 × bare, frozen ≤ 1.1 × unfrozen];
- peak memory: ru_maxrss of the window's process at its first paint, median [frozen ≤
  1.3 × bare];
- lazy imports: modules loaded at the first paint that it does not need (print and PDF
  support, SVG, networking, plotting, the command line, the clinical engine, the hand-off
  code) [none].

Every window gets a temporary HOME and XDG folders; nothing is written elsewhere. Wall
clock is noisy here (±25–50 % between rounds): the ratios of one run are what counts, and
``--callgrind`` gives instruction counts that repeat within 0.1 %. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import site
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_ui import callgrind_total  # bench/, this script's folder
from bench_ui import child_env as ui_child_env

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
APP = DIST / "leukodesk" / "leukodesk"
ONEFILE = DIST / "leukodesk-onefile"
BARE = DIST / "bare_window" / "bare_window"
BARE_QT = DIST / "bare_window_qt" / "bare_window_qt"
TARGETS = {"size": 1.1, "onefile_mb": 50.0, "startup_bare": 1.3, "startup_unfrozen": 1.1,
           "memory": 1.3}
# Modules the first paint does not need; loading one before it is a start-up cost. The
# clinical engine (pydantic, the core's models and assess) loads right after the first paint,
# the hand-off code (note, dialogs, PDF) when a hand-off is asked for.
NOT_BEFORE_FIRST_PAINT = ("PySide6.QtPrintSupport", "PySide6.QtPdf", "PySide6.QtSvg",
                          "PySide6.QtNetwork", "matplotlib", "pyqtgraph", "leukodesk.cli",
                          "pydantic", "pydantic_core", "leukodesk.core.contract.models",
                          "leukodesk.core.assessment", "leukodesk.core.formats.note",
                          "leukodesk.ui.handoff.dialog", "leukodesk.selftest")
NOT_BEFORE_FIRST_PAINT_RE = re.compile(r"^leukodesk\..*(pdf|print|plot|case_library|cases)")


def lazy_violations(modules: list[str]) -> list[str]:
    """Modules in ``modules`` that the first paint does not need."""
    return sorted(m for m in modules
                  if any(m == p or m.startswith(p + ".") for p in NOT_BEFORE_FIRST_PAINT)
                  or NOT_BEFORE_FIRST_PAINT_RE.match(m))


def bundle_mb(path: Path) -> tuple[float, int]:
    if path.is_file():
        return path.stat().st_size / 1e6, 1
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def build(mode: str) -> None:
    args = ["bash", str(ROOT / "packaging" / "build.sh"), *([f"--{mode}"] if mode else [])]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench_frozen: build {mode or 'folder'} failed:\n{proc.stderr[-3000:]}")
    print("  " + proc.stdout.strip().splitlines()[-1])


def child_env(tmp: Path) -> dict[str, str]:
    """bench_ui.py's environment for its children, plus an empty HOME in ``tmp``: a first
    start on a fresh account (bench_ui.py's children keep HOME, where a user's
    site-packages may be)."""
    (tmp / "home").mkdir(exist_ok=True)
    return {**ui_child_env(tmp), "HOME": str(tmp / "home")}


def first_paint(cmd: list[str], env: dict[str, str], tmp: Path) -> dict:
    """Start ``cmd``; its first painted frame's record, with ``seconds`` since spawning."""
    stamp = tmp / "first_paint.json"
    stamp.unlink(missing_ok=True)
    env = {**env, "LEUKODESK_BENCH_FIRST_PAINT": str(stamp)}
    start = time.monotonic_ns()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    if proc.returncode != 0 or not stamp.exists():
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode} without a first paint:\n"
                           f"{proc.stderr[-2000:]}")
    record = json.loads(stamp.read_text(encoding="utf-8"))
    record["seconds"] = (record["painted"] - start) / 1e9
    return record


def callgrind(cmds: dict[str, list[str]], envs: dict[str, dict[str, str]], tmp: Path) -> None:
    if shutil.which("valgrind") is None:
        print("\n--callgrind: valgrind is not installed; skipped")
        return
    print("\nStart-up instructions to first paint (valgrind --tool=callgrind, one run each; "
          "children traced, slow)")
    found: dict[str, int] = {}
    for kind, cmd in cmds.items():
        out = tmp / f"callgrind.{kind}"
        for old in tmp.glob(f"callgrind.{kind}*"):
            old.unlink()
        stamp = tmp / "first_paint.json"
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--trace-children=yes",
             f"--callgrind-out-file={out}.%p", *cmd],
            env={**envs[kind], "LEUKODESK_BENCH_FIRST_PAINT": str(stamp)}, capture_output=True,
            text=True, timeout=3600, check=False)
        total = callgrind_total(tmp.glob(f"callgrind.{kind}.*"))
        if proc.returncode != 0 or not total:
            print(f"  {kind}: callgrind failed ({proc.returncode}): {proc.stderr[-300:]}")
            return
        found[kind] = total
        print(f"  {kind:<22}{total / 1e9:>8.3f} G instructions")
    print(f"  frozen / bare {found['frozen app'] / found['frozen bare']:.2f} "
          f"[≤ {TARGETS['startup_bare']}]; frozen / unfrozen "
          f"{found['frozen app'] / found['unfrozen app']:.2f} [≤ {TARGETS['startup_unfrozen']}]")


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f} [≤ {target}] {'ok' if ratio <= target else 'MISSED'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true", help="measure what dist/ holds")
    parser.add_argument("--rounds", type=int, default=11, help="start-up rounds (default 11)")
    parser.add_argument("--callgrind", action="store_true",
                        help="also count start-up instructions (slow)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        raise SystemExit("bench_frozen: Linux only")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "leukodesk",
                            "resources", "packaging"], capture_output=True, text=True,
                           check=False).stdout.strip()
    print(f"LeukoDesk offline executable benchmark (commit {commit or '?'}"
          f"{', with uncommitted changes' if dirty else ''}; {os.cpu_count()} CPUs, load "
          f"average {os.getloadavg()[0]:.2f})")
    if not args.no_build:
        print("Building (packaging/build.sh):")
        for mode in ("", "onefile", "bare", "bare-qt"):
            build(mode)
    missing = [p for p in (APP, ONEFILE, BARE) if not p.exists()]
    if missing:
        raise SystemExit(f"bench_frozen: not built: {', '.join(map(str, missing))}")

    app_mb, app_files = bundle_mb(APP.parent)
    bare_mb, bare_files = bundle_mb(BARE.parent)
    onefile_mb, _ = bundle_mb(ONEFILE)
    print("\nBundle size")
    print(f"  one folder  dist/leukodesk        {app_mb:7.1f} MB  {app_files:4d} files")
    print(f"  bare window dist/bare_window      {bare_mb:7.1f} MB  {bare_files:4d} files  "
          "(Qt widgets + pydantic)")
    if BARE_QT.exists():
        qt_mb, qt_files = bundle_mb(BARE_QT.parent)
        print(f"  Qt only     dist/bare_window_qt   {qt_mb:7.1f} MB  {qt_files:4d} files  "
              f"(for reference: LeukoDesk / Qt only {app_mb / qt_mb:.2f})")
    print(f"  one file    dist/leukodesk-onefile{onefile_mb:7.1f} MB")

    with tempfile.TemporaryDirectory(prefix="bench_frozen_") as name:
        tmp = Path(name)
        env = child_env(tmp)
        warm = first_paint([str(APP)], env, tmp)
        widgets = warm["widgets"]
        # From source: this checkout's package; -S skips the site-packages' .pth start-up
        # hooks (an editable install's finder, anything a machine adds), which are no part
        # of the app, so the baseline is the interpreter, the packages and LeukoDesk only.
        unfrozen_env = {**env, "PYTHONPATH": os.pathsep.join([str(ROOT), *site.getsitepackages()])}
        cmds = {"frozen app": [str(APP)], "frozen bare": [str(BARE), str(widgets)],
                "unfrozen app": [sys.executable, "-S", "-m", "leukodesk"],
                "one-file app": [str(ONEFILE)]}
        envs = {k: unfrozen_env if k == "unfrozen app" else env for k in cmds}
        for kind, cmd in cmds.items():
            first_paint(cmd, envs[kind], tmp)  # warm-up: caches, byte code
        runs: dict[str, list[dict]] = {k: [] for k in cmds}
        for _ in range(args.rounds):
            for kind, cmd in cmds.items():
                runs[kind].append(first_paint(cmd, envs[kind], tmp))
        med = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
        rss = {k: statistics.median(r["rss_kib"] for r in v) / 1024 for k, v in runs.items()}
        print(f"\nStart-up to first paint (QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}; "
              f"{args.rounds} rounds alternating; {widgets} widgets in each window)")
        print(f"  {'':<14}{'median s':>9}{'min s':>8}{'max s':>8}{'peak MiB':>10}{'modules':>9}")
        for kind, records in runs.items():
            secs = [r["seconds"] for r in records]
            print(f"  {kind:<14}{med[kind]:>9.3f}{min(secs):>8.3f}{max(secs):>8.3f}"
                  f"{rss[kind]:>10.0f}{len(records[-1]['modules']):>9d}")
        lazy = lazy_violations(runs["frozen app"][-1]["modules"])
        if args.callgrind:
            callgrind({k: v for k, v in cmds.items() if k != "one-file app"}, envs, tmp)

    print("\nRatios")
    print(f"  size: one folder / bare            {app_mb:6.1f} / {bare_mb:5.1f} MB   = "
          f"{verdict(app_mb / bare_mb, TARGETS['size'])}")
    print(f"  size: one file                     {onefile_mb:6.1f} MB           "
          f"[< {TARGETS['onefile_mb']:.0f} MB] "
          f"{'ok' if onefile_mb < TARGETS['onefile_mb'] else 'MISSED'}")
    print(f"  start-up: frozen / frozen bare     {med['frozen app']:.3f} / "
          f"{med['frozen bare']:.3f} s = "
          f"{verdict(med['frozen app'] / med['frozen bare'], TARGETS['startup_bare'])}")
    print(f"  start-up: frozen / unfrozen        {med['frozen app']:.3f} / "
          f"{med['unfrozen app']:.3f} s = "
          f"{verdict(med['frozen app'] / med['unfrozen app'], TARGETS['startup_unfrozen'])}")
    print(f"  peak memory: frozen / frozen bare  {rss['frozen app']:.0f} / "
          f"{rss['frozen bare']:.0f} MiB   = "
          f"{verdict(rss['frozen app'] / rss['frozen bare'], TARGETS['memory'])}")
    found = "MISSED: " + ", ".join(lazy) if lazy else \
        "ok, none of " + ", ".join(NOT_BEFORE_FIRST_PAINT)
    print(f"  lazy imports at first paint: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
