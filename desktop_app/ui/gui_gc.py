"""Run Python's cyclic garbage collector on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate; when that is a
worker (``asyncio.to_thread``, the warm-up thread) it may finalise Qt objects there,
and Qt then complains ("Timers cannot be stopped from another thread") or crashes.
qutebrowser does the same: disable automatic collection and collect from a timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """Checks every *interval_ms* whether a collection is due and runs it here.

    *freeze_after_ms* after start (the window painted, caches warmed) whatever is
    alive is frozen (``gc.freeze``, O(1)): modules, classes, compiled regexes and
    lexers live as long as the app, and walking them made every full collection a
    40-80 ms stall (``benchmarks/bench_ui_stalls.py``).
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = 500,
        freeze_after_ms: int | None = 3000,
    ) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._freeze_timer = QTimer(self)
        self._freeze_timer.setSingleShot(True)
        self._freeze_timer.timeout.connect(gc.freeze)
        if freeze_after_ms is not None:
            self._freeze_timer.start(freeze_after_ms)

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        th0, th1, th2 = self._thresholds
        if count0 <= th0:
            return
        if th1 and count1 > th1:
            gc.collect(2 if th2 and count2 > th2 else 1)
        else:
            gc.collect(0)

    def stop(self) -> None:
        self._timer.stop()
        self._freeze_timer.stop()
        gc.unfreeze()
        gc.enable()
