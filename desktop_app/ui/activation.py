"""Bringing a window to the front, where the platform allows it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Platforms with no window stacking: raise() only logs a warning there.
_NO_STACKING = frozenset({"offscreen", "minimal"})


def bring_to_front(widget: QWidget) -> None:
    """Show, raise and focus *widget* (restoring it if minimised)."""
    if widget.isMinimized():
        widget.showNormal()
    else:
        widget.show()
    if QGuiApplication.platformName() not in _NO_STACKING:
        widget.raise_()
    widget.activateWindow()
