"""Check a built executable the way a locked-down ward PC would run it (CI runs this).

``python packaging/check_frozen.py [dist/leukodesk/leukodesk]`` (standard library only):

1. ``--self-test`` with no network (in a new network namespace, ``unshare -n``, when the
   machine allows one) and an empty home: exit status 0 and the one-line verdict.
2. The command line in the executable: ``--version``, one ``assess`` and its PDF.
3. With ``xvfb-run`` present: the window on a real (virtual) X display through the xcb
   platform plugin, also with no network, until its first frame is painted (the app's
   LEUKODESK_BENCH_FIRST_PAINT hook, leukodesk/ui/run.py).
4. No writes: HOME, the XDG folders and TMPDIR point into one empty temporary folder,
   and afterwards nothing may be there outside LeukoDesk's settings and log folders
   (here: nothing at all, as none of these runs saves settings); the bundle itself must
   be unchanged.

Prints one line per check and exits 1 on the first failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_APP = ROOT / "dist" / "leukodesk" / "leukodesk"
# Where LeukoDesk may write, relative to HOME (Linux defaults of QSettings and the log).
ALLOWED = (".config/LeukoDesk", ".local/share/LeukoDesk")


def network_isolation() -> list[str]:
    """The command prefix that runs a program with no network, or [] when not allowed."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def isolated_env(tmp: Path, *, offscreen: bool = True) -> dict[str, str]:
    """The environment of a first start on a fresh account: everything under ``tmp``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "QT_", "LEUKODESK_", "DBUS_")) and k not in (
               "HOME", "TMPDIR", "DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH")}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    (tmp / "tmp").mkdir(exist_ok=True)
    env.update(HOME=str(home), TMPDIR=str(tmp / "tmp"), LANG="C.UTF-8")
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def stray_files(tmp: Path) -> list[str]:
    """Files and folders under ``tmp`` that are not LeukoDesk's own settings or log."""
    home = tmp / "home"
    found = []
    for path in sorted(tmp.rglob("*")):
        rel = path.relative_to(home).as_posix() if path.is_relative_to(home) else None
        if path in (home, tmp / "tmp"):
            continue
        if rel is not None and any(rel == a or rel.startswith(a + "/") or a.startswith(rel + "/")
                                   for a in ALLOWED):
            continue
        found.append(path.relative_to(tmp).as_posix())
    return found


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in folder.rglob("*")}


def fail(message: str) -> int:
    print(f"check_frozen: FAILED: {message}")
    return 1


def main(argv: list[str]) -> int:
    app = Path(argv[0]).resolve() if argv else DEFAULT_APP
    if not app.is_file():
        return fail(f"no executable at {app} (run bash packaging/build.sh)")
    bundle = app.parent
    before = snapshot(bundle)
    no_net = network_isolation()
    where = "no network (unshare -n)" if no_net else "network present (unshare -n refused)"
    with tempfile.TemporaryDirectory(prefix="leukodesk_check_") as name:
        tmp = Path(name)
        env = isolated_env(tmp)

        proc = subprocess.run([*no_net, str(app), "--self-test"], env=env, capture_output=True,
                              text=True, timeout=180, check=False)
        line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
        if proc.returncode != 0 or " self-test: OK" not in line:
            return fail(f"--self-test exited {proc.returncode}: {line or '(no output)'}\n"
                        f"{proc.stderr[-3000:]}")
        print(f"check_frozen: {line} [{where}, empty home]")

        proc = subprocess.run([*no_net, str(app), "--version"], env=env, capture_output=True,
                              text=True, timeout=60, check=False)
        if proc.returncode != 0 or "rule set" not in proc.stdout:
            return fail(f"--version exited {proc.returncode}: {proc.stdout} {proc.stderr}")
        patient = '{"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6}'
        proc = subprocess.run([*no_net, str(app), "assess", "-"], env=env, input=patient,
                              capture_output=True, text=True, timeout=60, check=False)
        try:
            result = json.loads(proc.stdout)
        except ValueError:
            result = {}
        if proc.returncode != 0 or result.get("anc_display") != "0.495" \
                or result.get("febrile_neutropenia") is not True:
            return fail(f"assess exited {proc.returncode}: {proc.stdout[:300]} "
                        f"{proc.stderr[-1000:]}")
        with tempfile.TemporaryDirectory(prefix="leukodesk_pdf_") as out_dir:
            pdf = Path(out_dir) / "note.pdf"
            proc = subprocess.run([*no_net, str(app), "assess", "--pdf", str(pdf), "-"],
                                  env=env, input=patient, capture_output=True, text=True,
                                  timeout=60, check=False)
            if proc.returncode != 0 or not pdf.is_file() or \
                    not pdf.read_bytes().startswith(b"%PDF"):
                return fail(f"assess --pdf exited {proc.returncode}: {proc.stderr[-1000:]}")
            pdf_kb = pdf.stat().st_size / 1024
        print(f"check_frozen: command line OK (assess as JSON, assess --pdf {pdf_kb:.0f} KiB; "
              f"{where})")

        if shutil.which("xvfb-run"):
            stamp = tmp / "first_paint.json"
            x_env = {**isolated_env(tmp, offscreen=False),
                     "LEUKODESK_BENCH_FIRST_PAINT": str(stamp)}
            proc = subprocess.run([*no_net, "xvfb-run", "-a", str(app)], env=x_env,
                                  capture_output=True, text=True, timeout=120, check=False)
            if proc.returncode != 0 or not stamp.is_file():
                return fail(f"the window on Xvfb exited {proc.returncode} without painting:\n"
                            f"{proc.stderr[-3000:]}")
            record = json.loads(stamp.read_text(encoding="utf-8"))
            stamp.unlink()
            print(f"check_frozen: window painted on an X display (xcb, {record['widgets']} "
                  f"widgets, {record['rss_kib'] / 1024:.0f} MiB peak; {where})")
        else:
            print("check_frozen: xvfb-run not installed: the X11 window was not checked")

        stray = stray_files(tmp)
        if stray:
            return fail(f"files written outside the settings and log folders: {stray[:20]}")
    after = snapshot(bundle)
    if after != before:
        changed = sorted(set(after.items()) ^ set(before.items()))
        return fail(f"the bundle changed while running: {changed[:10]}")
    print("check_frozen: no files written (home, XDG folders, TMPDIR and the bundle "
          "unchanged)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
