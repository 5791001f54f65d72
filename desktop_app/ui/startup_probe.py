"""Reports the first paint of a window to ``benchmarks/bench_startup.py``.

Off unless ``GEMDESK_STARTUP_PROBE=1`` is set, and then it only prints one line to
stdout when *window* has finished its first paint::

    GEMDESK_PROBE first_paint <time.time()>
    GEMDESK_PROBE ready <time.time()>       (the app: widgets built, loop running)

The benchmark measures everything else (start time, idle memory) from outside.
The app calls :func:`install` once on its main window; the bare-window baseline
calls it on a plain ``QMainWindow``, so both are timed by the same code.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

__all__ = ["ENV_VAR", "LINE_PREFIX", "after_first_paint", "enabled", "install", "report_ready"]

ENV_VAR = "GEMDESK_STARTUP_PROBE"
LINE_PREFIX = "GEMDESK_PROBE"


def enabled() -> bool:
    return os.environ.get(ENV_VAR, "") not in ("", "0")


class _FirstPaintFilter(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and watched is self._window and event.type() == QEvent.Type.Paint:
            self._seen = True
            # Report once this paint has been handled and flushed to the screen.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        sys.stdout.write(f"{LINE_PREFIX} first_paint {time.time():.6f}\n")
        sys.stdout.flush()
        self._window.removeEventFilter(self)
        self.deleteLater()


def install(window: QWidget) -> None:
    """Watch *window* for its first paint (call before or right after ``show()``)."""
    if enabled() and window.findChild(_FirstPaintFilter) is None:
        window.installEventFilter(_FirstPaintFilter(window))


def report_ready() -> None:
    """Print when the window is fully built and the loop runs (after the outline's paint)."""
    if enabled():
        sys.stdout.write(f"{LINE_PREFIX} ready {time.time():.6f}\n")
        sys.stdout.flush()


class _AfterFirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            # Once this paint is on screen, not inside it.
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        self.deleteLater()
        self._callback()


def after_first_paint(window: QWidget, callback: Callable[[], object]) -> None:
    """Call *callback* once *window* has painted for the first time (probe or not)."""
    window.installEventFilter(_AfterFirstPaint(window, callback))
