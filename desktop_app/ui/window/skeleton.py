"""The main window's first frame: the layout's outline, painted before the widgets exist.

Start-up shows the window at once with this placeholder (sidebar column with a search
box and a few rows, transcript, composer box, in the palette's colours), then builds
the real widgets in the next event-loop turns and swaps them in
(:meth:`MainWindow.build`). Importing the widgets, the store and asyncio costs
~300 ms; the outline needs none of them, so the window is on screen in about the time
a bare ``QMainWindow`` takes.

It is drawn by Qt's style sheet engine, not by Python ``QPainter`` calls: the first
painter call taking a brush or pen makes PySide6 set up every ``Qt`` enum (~25 ms),
which this paint can do without. Only QtGui/QtWidgets are imported here: this module
is on the path to the first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QWidget

__all__ = ["SIDEBAR_WIDTH", "SkeletonView"]

# The sidebar's default width; a restored splitter overrides it once built.
SIDEBAR_WIDTH = 280
_COMPOSER_HEIGHT = 96
_MARGIN = 12
_ROWS = 6
_ROW_PITCH = 40
_ROW_HEIGHT = 14
_SEARCH_HEIGHT = 28


def _rgba(color: QColor, alpha: int) -> str:
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {alpha})"


class SkeletonView(QWidget):
    """The outline of sidebar | transcript over composer; takes no input."""

    def __init__(self, parent: QWidget | None = None, *, sidebar_width: int = SIDEBAR_WIDTH):
        super().__init__(parent)
        self.setObjectName("skeleton")
        self.setAccessibleName(self.tr("Loading Gemdesk…"))
        # (QWidget's default focus policy is already NoFocus.)
        self._sidebar_width = sidebar_width
        palette = self.palette()
        role = QPalette.ColorRole
        mid = palette.color(role.Mid)
        self.setStyleSheet(
            f"#skeletonSidebar {{ background: {palette.color(role.AlternateBase).name()}; }}"
            f"#skeletonPlaceholder {{ background: {_rgba(mid, 60)}; border-radius: 4px; }}"
            f"#skeletonComposer {{ background: {palette.color(role.Base).name()};"
            f" border: 1px solid {mid.name()}; border-radius: 8px; }}"
        )
        # The outline's own area is the window's background (palette Window).
        self.sidebar = self._frame("skeletonSidebar", self)
        self.search = self._frame("skeletonPlaceholder", self.sidebar)
        self.rows = [self._frame("skeletonPlaceholder", self.sidebar) for _ in range(_ROWS)]
        self.composer = self._frame("skeletonComposer", self)

    @staticmethod
    def _frame(name: str, parent: QWidget) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName(name)
        return frame

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width, height = self.width(), self.height()
        side = min(self._sidebar_width, width // 2)
        self.sidebar.setGeometry(0, 0, side, height)
        inner = max(0, side - 2 * _MARGIN)
        self.search.setGeometry(_MARGIN, _MARGIN, inner, _SEARCH_HEIGHT)
        for index, row in enumerate(self.rows):
            top = _MARGIN + _SEARCH_HEIGHT + 16 + index * _ROW_PITCH
            row.setGeometry(_MARGIN, top, int(inner * (0.9 - 0.1 * (index % 3))), _ROW_HEIGHT)
        self.composer.setGeometry(
            side + _MARGIN,
            max(0, height - _COMPOSER_HEIGHT - _MARGIN),
            max(0, width - side - 2 * _MARGIN),
            _COMPOSER_HEIGHT,
        )
