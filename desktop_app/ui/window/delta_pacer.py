"""Back-pressure between the network and the transcript: a bounded amount of text per frame.

The transcript renders whatever arrived since its last frame. When the network is
faster than rendering (a local server, a fast model), one frame could receive
100 KB and spend most of a second rendering it. The pacer hands the transcript at
most ``budget`` characters per frame, so every frame stays short; the text simply
appears over a few more frames.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

Sink = Callable[[int, str], None]

FRAME_MS = 16
# Characters per frame: a few ms of Markdown rendering. Measured on a 100 KB
# answer, 1 KB frames cost 8-13 ms of CPU each and 2 KB frames 11-37 ms, for about
# the same total (a frame renders its new blocks, then the open tail block again).
# 1 KB every 16 ms is still far faster than a model writes.
DEFAULT_BUDGET = 1024


class _Queue:
    """Pieces waiting for one message, kept as a deque: appending never copies the
    backlog (``str +=`` on a shared buffer would, making a fast stream quadratic)."""

    __slots__ = ("pieces", "size")

    def __init__(self) -> None:
        self.pieces: deque[str] = deque()
        self.size = 0

    def push(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)

    def take(self, limit: int) -> str:
        out: list[str] = []
        taken = 0
        while self.pieces and taken < limit:
            piece = self.pieces.popleft()
            room = limit - taken
            if len(piece) > room:
                self.pieces.appendleft(piece[room:])
                piece = piece[:room]
            out.append(piece)
            taken += len(piece)
        self.size -= taken
        return "".join(out)


class DeltaPacer(QObject):
    def __init__(
        self,
        text_sink: Sink,
        thought_sink: Sink,
        parent: QObject | None = None,
        *,
        budget: int = DEFAULT_BUDGET,
        ready: Callable[[], bool] | None = None,
    ) -> None:
        """*ready*: whether the sinks can take more now; while it says no (the
        transcript is still showing an earlier burst) nothing is handed over."""
        super().__init__(parent)
        self._sinks = (text_sink, thought_sink)
        self._budget = budget
        self._ready = ready
        # message id -> (pending text, pending thoughts)
        self._pending: dict[int, tuple[_Queue, _Queue]] = {}
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
        queues = self._pending.get(message_id)
        if queues is None:
            queues = self._pending[message_id] = (_Queue(), _Queue())
        queues[kind].push(text)
        if not self._timer.isActive():
            self._timer.start()

    def is_idle(self) -> bool:
        return not self._pending and not self._drained

    def _sink_ready(self) -> bool:
        return self._ready is None or self._ready()

    def when_drained(self, message_id: int, callback: Callable[[], None]) -> None:
        """Run *callback* once everything queued for *message_id* reached the transcript
        (and, with *ready*, once the transcript has shown it: the final state is then
        set without a last long render)."""
        if message_id in self._pending or not self._sink_ready():
            self._drained.setdefault(message_id, []).append(callback)
            if not self._timer.isActive():
                self._timer.start()
        else:
            callback()

    def clear(self) -> None:
        """Forget queued text (the user left the conversation; it is saved anyway)."""
        self._timer.stop()
        self._pending.clear()
        self._drained.clear()

    def flush(self) -> None:
        """Hand everything over now (e.g. before closing)."""
        while self._pending or self._drained:
            self._tick(unlimited=True)

    def _tick(self, unlimited: bool = False) -> None:
        if not unlimited and not self._sink_ready():
            return  # the timer keeps running: try again next frame
        # Handed over in an earlier frame and shown by now: tell who waits.
        for message_id in [m for m in self._drained if m not in self._pending]:
            for callback in self._drained.pop(message_id, []):
                callback()
        budget = self._budget
        for message_id in list(self._pending):
            queues = self._pending[message_id]
            for kind in (1, 0):  # thoughts come first in an answer
                queue = queues[kind]
                if not queue.size:
                    continue
                limit = queue.size if unlimited else budget
                if limit <= 0:
                    break
                chunk = queue.take(limit)
                budget -= len(chunk)
                self._sinks[kind](message_id, chunk)
            if not queues[0].size and not queues[1].size:
                del self._pending[message_id]
                if unlimited or self._ready is None:
                    for callback in self._drained.pop(message_id, []):
                        callback()
            if budget <= 0 and not unlimited:
                break
        if not self._pending and not self._drained:
            self._timer.stop()
