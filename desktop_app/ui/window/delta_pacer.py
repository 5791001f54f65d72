"""Back-pressure between the network and the transcript: a bounded amount of text per frame.

The transcript renders whatever arrived since its last frame. When the network is
faster than rendering (a local server, a fast model), one frame could receive
100 KB and spend most of a second rendering it. The pacer hands the transcript at
most ``budget`` characters per frame, so every frame stays short; the text simply
appears over a few more frames.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

Sink = Callable[[int, str], None]

FRAME_MS = 16
DEFAULT_BUDGET = 2048  # characters per frame: a few ms of Markdown rendering


class DeltaPacer(QObject):
    def __init__(
        self,
        text_sink: Sink,
        thought_sink: Sink,
        parent: QObject | None = None,
        *,
        budget: int = DEFAULT_BUDGET,
    ) -> None:
        super().__init__(parent)
        self._sinks = (text_sink, thought_sink)
        self._budget = budget
        # message id -> [pending text, pending thoughts]
        self._pending: dict[int, list[str]] = {}
        self._drained: dict[int, list[Callable[[], None]]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)

    def push(self, message_id: int, text: str) -> None:
        self._queue(message_id, 0, text)

    def push_thought(self, message_id: int, text: str) -> None:
        self._queue(message_id, 1, text)

    def _queue(self, message_id: int, kind: int, text: str) -> None:
        if not text:
            return
        parts = self._pending.setdefault(message_id, ["", ""])
        parts[kind] += text
        if not self._timer.isActive():
            self._timer.start()

    def is_idle(self) -> bool:
        return not self._pending

    def when_drained(self, message_id: int, callback: Callable[[], None]) -> None:
        """Run *callback* once everything queued for *message_id* reached the transcript."""
        if message_id in self._pending:
            self._drained.setdefault(message_id, []).append(callback)
        else:
            callback()

    def clear(self) -> None:
        """Forget queued text (the user left the conversation; it is saved anyway)."""
        self._timer.stop()
        self._pending.clear()
        self._drained.clear()

    def flush(self) -> None:
        """Hand everything over now (e.g. before closing)."""
        while self._pending:
            self._tick(unlimited=True)

    def _tick(self, unlimited: bool = False) -> None:
        budget = self._budget
        for message_id in list(self._pending):
            parts = self._pending[message_id]
            for kind in (1, 0):  # thoughts come first in an answer
                if not parts[kind]:
                    continue
                take = len(parts[kind]) if unlimited else max(0, budget)
                if take == 0:
                    break
                chunk, parts[kind] = parts[kind][:take], parts[kind][take:]
                budget -= len(chunk)
                self._sinks[kind](message_id, chunk)
            if not parts[0] and not parts[1]:
                del self._pending[message_id]
                for callback in self._drained.pop(message_id, []):
                    callback()
            if budget <= 0 and not unlimited:
                break
        if not self._pending:
            self._timer.stop()
