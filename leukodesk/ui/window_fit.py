"""The window's first geometry: fitted to the available area of its screen, or as the user
left it when that still fits (a window saved on a large monitor, opened on a 1024×768
projector, would hang off the screen with its status bar out of sight)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDataStream, QMargins, QRect, QSize

PREFERRED_SIZE = QSize(1180, 800)  # the inside of the window at first start, room allowing
# Room for the window manager's frame, unknown before the window is first shown: a title
# bar and borders as common desktops draw them.
FRAME = QMargins(8, 40, 8, 8)
GEOMETRY_MAGIC = 0x1D9D0CB  # QWidget::saveGeometry()'s first four bytes


def fitted_geometry(available: QRect, preferred: QSize = PREFERRED_SIZE,
                    frame: QMargins = FRAME) -> QRect:
    """The inside of the window (QWidget.setGeometry's rectangle): ``preferred`` or less,
    so that with ``frame`` round it it lies within ``available``, centred there."""
    room = available.marginsRemoved(frame)
    size = preferred.boundedTo(room.size())
    inside = QRect(0, 0, size.width(), size.height())
    inside.moveCenter(room.center())
    return inside


def saved_frame(saved: QByteArray) -> QRect | None:
    """The frame rectangle (frame included) a QWidget.saveGeometry() value holds, or None
    when it holds none that can be read."""
    stream = QDataStream(saved)
    stream.setVersion(QDataStream.Version.Qt_4_0)
    magic = stream.readUInt32()
    stream.readUInt16()  # major version
    stream.readUInt16()  # minor version
    frame = QRect()
    stream >> frame
    if magic != GEOMETRY_MAGIC or stream.status() != QDataStream.Status.Ok or not frame.isValid():
        return None
    return frame


def fits(saved: QByteArray, available: QRect) -> bool:
    """Whether the window ``saved`` describes lies wholly within ``available``."""
    frame = saved_frame(saved)
    return frame is not None and available.contains(frame)

