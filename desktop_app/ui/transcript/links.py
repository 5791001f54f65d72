"""Which links the transcript opens, and how (injectable for tests)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})

LinkOpener = Callable[[QUrl], object]


def is_openable(url: QUrl) -> bool:
    """Only web and mail links leave the app; file:, javascript:, data: etc. never do."""
    return url.isValid() and url.scheme().lower() in OPENABLE_SCHEMES


def open_in_system_browser(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)
