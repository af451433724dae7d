#!/usr/bin/env bash
# Build LeukoDesk's offline executable with PyInstaller (packaging/leukodesk.spec).
#
#   bash packaging/build.sh             one folder: dist/leukodesk/leukodesk (the default)
#   bash packaging/build.sh --onefile   one file:   dist/leukodesk-onefile
#   bash packaging/build.sh --bare      the benchmark's bare window: dist/bare_window/
#   bash packaging/build.sh --bare-qt   the same without pydantic: dist/bare_window_qt/
#
# Run it from any folder, with the Python environment that has LeukoDesk's dependencies
# (`pip install -e .`); PyInstaller is installed into that environment when missing. The
# bundle reflects the build machine: install Qt's X11 libraries first (README, "Building
# the offline executable"), or the xcb platform plugin's libraries are left out. Work
# files go to build/pyinstaller/; nothing outside build/ and dist/ is written in the
# checkout. Prints the output's size.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=folder
for arg in "$@"; do
  case "$arg" in
    --onefile) mode=onefile ;;
    --bare) mode=bare ;;
    --bare-qt) mode=bare-qt ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || python=python
if ! "$python" -m PyInstaller --version >/dev/null 2>&1; then
  echo "build.sh: installing PyInstaller into $("$python" -c 'import sys; print(sys.prefix)')"
  "$python" -m pip install --quiet "pyinstaller>=6.10,<7"
fi

case "$mode" in
  folder) spec_args=(); out=dist/leukodesk ;;
  onefile) spec_args=(-- --onefile); out=dist/leukodesk-onefile ;;
  bare) spec_args=(-- --bare); out=dist/bare_window ;;
  bare-qt) spec_args=(-- --bare-qt); out=dist/bare_window_qt ;;
esac

start=$SECONDS
# pydantic's hook asks for every pydantic.v1 module, which the spec excludes: not news.
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath dist \
  --workpath "build/pyinstaller/$mode" packaging/leukodesk.spec "${spec_args[@]}" 2>&1 \
  | awk '!/Hidden import "pydantic\.v1\./'

if [ -d "$out" ]; then
  files=$(find "$out" -type f | wc -l)
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
else
  files=1
  bytes=$(stat -c %s "$out")
fi
awk -v b="$bytes" -v f="$files" -v o="$out" -v t=$((SECONDS - start)) \
  'BEGIN {printf "build.sh: %s: %.1f MB in %d files (built in %d s)\n", o, b / 1e6, f, t}'
