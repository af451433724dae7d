"""Render the icon (resources/leukodesk.svg) to the files each platform wants.

Run after changing the SVG: ``python packaging/make_icons.py``. Writes, and the repository
keeps, so that a build needs nothing but the spec:

- ``resources/leukodesk.png``: 256×256, the window icon and the Linux desktop icon;
- ``packaging/icons/leukodesk.ico``: Windows, PNG-compressed entries 16–256 px;
- ``packaging/icons/leukodesk.icns``: macOS, PNG entries 16–1024 px.

Qt's QSvgRenderer (in PySide6-Essentials) draws the SVG; the ICO and ICNS containers are
written here byte by byte (both may hold PNG images as they are).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "leukodesk.svg"
PNG = ROOT / "resources" / "leukodesk.png"
ICO = ROOT / "packaging" / "icons" / "leukodesk.ico"
ICNS = ROOT / "packaging" / "icons" / "leukodesk.icns"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS types holding PNG data, by pixel size (ic10 is the 512@2x slot).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024))


def render_png(size: int) -> bytes:
    """The SVG drawn at size × size on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file of PNG entries (Windows Vista and later read them)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(images: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(images[size])) + images[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: render_png(size) for size in {*ICO_SIZES, *(s for _, s in ICNS_TYPES)}}
    ICO.parent.mkdir(parents=True, exist_ok=True)
    PNG.write_bytes(images[256])
    ICO.write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    ICNS.write_bytes(icns_bytes(images))
    for path in (PNG, ICO, ICNS):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
