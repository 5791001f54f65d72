"""The main window's first frame: the layout's outline, painted before the widgets exist.

Start-up shows the window at once with this placeholder (sidebar column, transcript,
composer box, in the theme's colours), then builds the real widgets in the next
event-loop turns and swaps them in (:meth:`MainWindow.build`). Importing the
widgets, the store and asyncio costs ~300 ms; the outline needs none of them, so
the window is on screen in about the time a bare ``QMainWindow`` takes.

Only QtCore/QtGui/QtWidgets are imported here: this module is on the path to the
first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

__all__ = ["SIDEBAR_WIDTH", "SkeletonView"]

# The sidebar's default width; a restored splitter overrides it once built.
SIDEBAR_WIDTH = 280
_COMPOSER_HEIGHT = 96
_MARGIN = 12
_RADIUS = 8.0


class SkeletonView(QWidget):
    """Draws the outline of sidebar | transcript over composer; takes no input."""

    def __init__(self, parent: QWidget | None = None, *, sidebar_width: int = SIDEBAR_WIDTH):
        super().__init__(parent)
        self.setObjectName("skeleton")
        self.setAccessibleName(self.tr("Loading Gemdesk…"))
        # (QWidget's default focus policy is NoFocus. No ``Qt`` enum is used here: the
        # namespace's first use costs ~25 ms, which the first paint can do without.)
        self._sidebar_width = sidebar_width

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
        sidebar = QRectF(0, 0, min(self._sidebar_width, rect.width() // 2), rect.height())
        painter.fillRect(sidebar, palette.color(QPalette.ColorRole.AlternateBase))
        placeholder = palette.color(QPalette.ColorRole.Mid)
        placeholder.setAlpha(60)
        painter.setPen(QPen(QColor(0, 0, 0, 0)))
        painter.setBrush(placeholder)
        # Search box and a few conversation rows.
        left = sidebar.left() + _MARGIN
        width = sidebar.width() - 2 * _MARGIN
        painter.drawRoundedRect(QRectF(left, _MARGIN, width, 28), _RADIUS, _RADIUS)
        for row in range(6):
            top = _MARGIN + 44 + row * 40
            painter.drawRoundedRect(
                QRectF(left, top, width * (0.9 - 0.1 * (row % 3)), 14), 4.0, 4.0
            )
        # The composer box at the bottom of the transcript column.
        composer = QRectF(
            sidebar.right() + _MARGIN,
            rect.height() - _COMPOSER_HEIGHT - _MARGIN,
            rect.width() - sidebar.right() - 2 * _MARGIN,
            _COMPOSER_HEIGHT,
        )
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(composer, _RADIUS, _RADIUS)
        painter.end()
