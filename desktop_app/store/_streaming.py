"""Throttled saving of a message while it streams."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._errors import StoreError
from ._models import Message, MessageStatus

if TYPE_CHECKING:
    from ._store import HistoryStore

#: A streaming message is never more than this far behind on disk.
SAVE_INTERVAL_S = 0.5


class StreamingWriter:
    """Saves a streaming message at most every ``interval`` seconds, and at every step end.

    Usage (engine, on the event loop thread)::

        msg = store.append_message(cid, "model", status="sending")
        writer = StreamingWriter(store, msg.id, loop=asyncio.get_running_loop())
        for event in stream:
            ...fold event into steps...
            writer.update(steps, step_stopped=event_type == "step.stop")
        writer.finish("complete", usage=usage)

    :meth:`update` writes immediately when the last save is ``interval`` old or a
    step just stopped; otherwise it only remembers the steps, and, when given a
    *loop*, schedules a flush so pending data is on disk within ``interval`` even
    if no further event arrives.  Each write is one short transaction (cheap
    enough for the UI thread).  The writer keeps a deep copy of the steps it was
    given, so the caller may keep mutating its own list.
    """

    def __init__(
        self,
        store: HistoryStore,
        message_id: int,
        *,
        interval: float = SAVE_INTERVAL_S,
        loop: asyncio.AbstractEventLoop | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.message_id = message_id
        self.interval = interval
        self._loop = loop
        self._clock = clock
        self._pending: list[dict[str, Any]] | None = None
        self._pending_interaction: str | None = None
        self._last_save = clock()
        self._timer: asyncio.TimerHandle | None = None
        self.saves = 0
        self._timer_error: StoreError | None = None

    @property
    def has_pending(self) -> bool:
        return self._pending is not None

    def update(
        self,
        steps: list[dict[str, Any]],
        *,
        step_stopped: bool = False,
        interaction_id: str | None = None,
    ) -> bool:
        """Record the current steps; returns True when they were written now.

        Raises the :class:`StoreError` of a failed write (a timer flush's included).
        """
        self._raise_timer_error()
        self._pending = copy.deepcopy(steps)
        if interaction_id is not None:
            self._pending_interaction = interaction_id
        if step_stopped or self._clock() - self._last_save >= self.interval:
            self.flush()
            return True
        self._schedule()
        return False

    def flush(self) -> None:
        """Write pending steps now (no-op when nothing is pending)."""
        self._cancel_timer()
        if self._pending is None:
            return
        self.store.update_streaming(
            self.message_id, steps=self._pending, interaction_id=self._pending_interaction
        )
        self._pending = None
        self._last_save = self._clock()
        self.saves += 1

    def finish(
        self,
        status: MessageStatus,
        *,
        steps: list[dict[str, Any]] | None = None,
        usage: dict[str, Any] | None = None,
        error: str | None = None,
        interaction_id: str | None = None,
        model: str | None = None,
    ) -> Message:
        """Write the final state (pending steps included) and return the message."""
        self._cancel_timer()
        self._timer_error = None  # the final write supersedes a failed partial one
        final_steps = steps if steps is not None else self._pending
        self._pending = None
        return self.store.finish_message(
            self.message_id,
            status,
            steps=final_steps,
            usage=usage,
            error=error,
            interaction_id=interaction_id or self._pending_interaction,
            model=model,
        )

    def _flush_from_timer(self) -> None:
        self._timer = None
        try:
            self.flush()
        except StoreError as exc:  # reported by the next update()/finish()
            self._timer_error = exc

    def _raise_timer_error(self) -> None:
        if self._timer_error is not None:
            exc, self._timer_error = self._timer_error, None
            raise exc

    def _schedule(self) -> None:
        if self._loop is None or self._timer is not None:
            return
        delay = max(0.0, self.interval - (self._clock() - self._last_save))
        self._timer = self._loop.call_later(delay, self._flush_from_timer)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
