"""The Qt adapter of the engine: runs turns on the qasync loop, reports them as signals.

The engine (``desktop_app.core``) yields plain events from async iterators; this
controller runs one task per conversation turn, converts each event into a Qt
signal carrying the conversation id, and owns cancellation (Stop, closing).
Streaming output of a conversation the user is not looking at is dropped here
rather than painted; the engine still persists it, so switching back shows it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.errors import EngineError
from desktop_app.core.events import (
    Done,
    EngineEvent,
    ErrorOccurred,
    Notice,
    StatusChanged,
    TextDelta,
    ThoughtDelta,
    TitleChanged,
    TurnStarted,
    UploadProgress,
    UsageUpdated,
)
from desktop_app.store import StoreError
from desktop_app.ui.i18n import display, display_error

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine
    from desktop_app.core.session import ConversationSession
    from desktop_app.store import Attachment

log = logging.getLogger(__name__)

# Events dispatched in one go before the loop gets a turn (the probe in
# benchmarks/bench_ui_stalls.py counts any callback beyond a few frames as a stall).
DISPATCH_SLICE_S = 0.004

TurnFactory = Callable[["ConversationSession"], AsyncIterator[EngineEvent]]


def install_asyncgen_hooks(loop: asyncio.AbstractEventLoop) -> Any:
    """Let *loop* finalize abandoned async generators; returns the previous hooks.

    ``asyncio`` installs these hooks in ``run_forever``; qasync's ``run_forever``
    does not, so an async generator dropped mid-iteration (httpx's byte streams)
    would be closed synchronously by the garbage collector, outside any loop,
    and break the connection it holds. Call once after creating the qasync loop
    (and restore the returned hooks with ``sys.set_asyncgen_hooks(*old)`` when
    the loop is closed).
    """
    previous = sys.get_asyncgen_hooks()
    firstiter = getattr(loop, "_asyncgen_firstiter_hook", None)
    finalizer = getattr(loop, "_asyncgen_finalizer_hook", None)
    if firstiter is not None and finalizer is not None:
        sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
    return previous


class UploadTally:
    """The uploads of one turn: which files, how many bytes of them are sent.

    The files expected to upload are the user message's attachments that do not
    travel inline (small images) and have no upload still valid to reuse; a file the
    engine uploads anyway (a refused upload sent again, an older message replayed)
    joins the tally when its first progress arrives.
    """

    def __init__(self, attachments: Sequence[Attachment], inline_image_limit: int) -> None:
        # Imported here: remote_files pulls in httpx, which loads after the first paint.
        from desktop_app.core.mime import content_kind
        from desktop_app.core.remote_files import EXPIRY_MARGIN

        valid_until = datetime.now(UTC) + EXPIRY_MARGIN
        self._totals: dict[str, int] = {}
        self._sent: dict[str, int] = {}
        for att in attachments:
            inline = content_kind(att.mime_type) == "image" and att.size <= inline_image_limit
            reusable = att.remote_uri is not None and (
                att.remote_expiry is None or att.remote_expiry > valid_until
            )
            if not inline and not reusable:
                self._totals[att.display_name] = max(att.size, 1)

    def update(self, name: str, sent: int, total: int) -> None:
        self._totals[name] = max(total, self._totals.get(name, 0), 1)
        self._sent[name] = min(max(sent, 0), self._totals[name])

    @property
    def files(self) -> int:
        return len(self._totals)

    @property
    def fraction(self) -> float:
        total = sum(self._totals.values())
        return 1.0 if total <= 0 else sum(self._sent.values()) / total


class ConversationController(QObject):
    """Starts, follows and stops turns; one at a time per conversation.

    Signals (the first argument is always the conversation id):
        turn_started(int, int, int): user message id, answer message id.
        delta(int, int, str): answer message id, a piece of its text.
        thought_delta(int, int, str): answer message id, a piece of a thought summary.
        status_changed(int, int, str): answer message id, its new status.
        upload_progress(int, str, float): attachment display name, fraction sent.
        attachment_progress(int, int, str, float): user message id, attachment display
            name, fraction of it sent (the transcript's chip of that attachment).
        uploads_progress(int, int, int, float): answer message id, number of files the
            turn uploads, fraction of all their bytes sent ("Uploading 2 files… 45 %").
        usage_updated(int, int, object, object): message id, its usage dict, the
            conversation's totals dict ({"input", "output", "thought", ...}).
        notice(int, str): something to tell the user that is not an error.
        title_changed(int, str)
        failed(int, int, str, bool): message id (-1 when no answer exists),
            a human sentence, whether Retry may help.
        connection_changed(int, bool): a request reached the server (True) or got no
            answer at all (False: DNS, refused, timeout); API errors count as reached.
        refused(int, str): the turn was refused before anything was stored or sent
            (bad input, busy, no key); the composer keeps its content.
        finished(int, int, str): answer message id (-1 if none), final status.
        busy_changed(int, bool): a turn started or ended in this conversation.
    """

    turn_started = Signal(int, int, int)
    delta = Signal(int, int, str)
    thought_delta = Signal(int, int, str)
    status_changed = Signal(int, int, str)
    upload_progress = Signal(int, str, float)
    attachment_progress = Signal(int, int, str, float)
    uploads_progress = Signal(int, int, int, float)
    usage_updated = Signal(int, int, object, object)
    notice = Signal(int, str)
    title_changed = Signal(int, str)
    failed = Signal(int, int, str, bool)
    connection_changed = Signal(int, bool)
    refused = Signal(int, str)
    finished = Signal(int, int, str)
    busy_changed = Signal(int, bool)

    def __init__(
        self, engine: Engine | Callable[[], Engine], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        # A provider builds the engine (httpx, the API client) on first use, after paint.
        self._engine = engine
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._ready: asyncio.Future[object] | None = None
        # The running turn of each conversation: (user id, answer id, its uploads).
        self._turns: dict[int, tuple[int, int, UploadTally]] = {}
        self._visible: int | None = None

    @property
    def engine(self) -> Engine:
        if callable(self._engine):
            self._engine = self._engine()
        return self._engine

    # -- which conversation is on screen ----------------------------------------------------

    def set_visible(self, conversation_id: int | None) -> None:
        """Streaming pieces of other conversations are not emitted (no stale painting)."""
        self._visible = conversation_id

    def visible(self) -> int | None:
        return self._visible

    # -- starting turns ---------------------------------------------------------------------

    def session(self, conversation_id: int) -> ConversationSession:
        return self.engine.open_conversation(conversation_id)

    def is_busy(self, conversation_id: int) -> bool:
        task = self._tasks.get(conversation_id)
        return task is not None and not task.done()

    def busy_conversations(self) -> list[int]:
        return [cid for cid in self._tasks if self.is_busy(cid)]

    def send(self, conversation_id: int, text: str, attachments: Sequence[Path] = ()) -> bool:
        files = [str(p) for p in attachments]
        return self._start(conversation_id, lambda s: s.send(text, files))

    def retry(self, conversation_id: int, message_id: int) -> bool:
        return self._start(conversation_id, lambda s: s.retry(message_id))

    def regenerate(self, conversation_id: int, message_id: int) -> bool:
        return self._start(conversation_id, lambda s: s.regenerate(message_id))

    def edit(self, conversation_id: int, message_id: int, text: str) -> bool:
        return self._start(conversation_id, lambda s: s.edit(message_id, text))

    def start_after(self, ready: Awaitable[object]) -> None:
        """Turns wait for *ready* before they start (the window's warm-up: the network
        and rendering modules loading in a worker thread; left to the first request,
        they would be imported on the GUI thread and freeze it for a few hundred ms)."""
        self._ready = asyncio.ensure_future(ready)

    def _start(self, conversation_id: int, factory: TurnFactory) -> bool:
        if self.is_busy(conversation_id):
            self.refused.emit(
                conversation_id, self.tr("An answer is still being written in this conversation.")
            )
            return False
        task = asyncio.ensure_future(self._run(conversation_id, factory))
        self._tasks[conversation_id] = task
        self.busy_changed.emit(conversation_id, True)
        task.add_done_callback(functools.partial(self._on_task_done, conversation_id))
        return True

    def _on_task_done(self, conversation_id: int, task: asyncio.Task[None]) -> None:
        if self._tasks.get(conversation_id) is task:
            del self._tasks[conversation_id]
            self._turns.pop(conversation_id, None)
        with contextlib.suppress(RuntimeError):  # the QObject is gone at shutdown
            self.busy_changed.emit(conversation_id, False)

    async def _run(self, conversation_id: int, factory: TurnFactory) -> None:
        from desktop_app.core.connection import api_errors

        saw_done = False
        try:
            ready = self._ready
            if ready is not None and not ready.done():
                with contextlib.suppress(Exception):  # a failed warm-up only costs time
                    await asyncio.shield(ready)
            session = self.session(conversation_id)
            spent = 0.0  # in the window's slots since the loop last had a turn
            async for event in factory(session):
                if isinstance(event, Done):
                    saw_done = True
                started = time.perf_counter()
                self._dispatch(conversation_id, event)
                spent += time.perf_counter() - started
                # Queued events don't suspend the loop above: after a costly one (the
                # turn's first widgets, the final state) let Qt paint and react first.
                if spent > DISPATCH_SLICE_S:
                    await asyncio.sleep(0)
                    spent = 0.0
        except asyncio.CancelledError:
            if not saw_done:
                self._safe_emit(self.finished, conversation_id, -1, "stopped")
            raise
        except EngineError as exc:
            self._safe_emit(self.refused, conversation_id, display_error(exc))
        except (StoreError, api_errors.ApiError) as exc:
            if isinstance(exc, api_errors.ApiConnectionError):
                self._safe_emit(self.connection_changed, conversation_id, False)
            self._safe_emit(self.failed, conversation_id, -1, display_error(exc), True)
            self._safe_emit(self.finished, conversation_id, -1, "error")
        except Exception:
            log.exception("turn in conversation %s failed", conversation_id)
            self._safe_emit(
                self.failed,
                conversation_id,
                -1,
                self.tr("Something went wrong while answering. Your message is kept; try again."),
                True,
            )
            self._safe_emit(self.finished, conversation_id, -1, "error")

    @staticmethod
    def _safe_emit(signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)

    def _dispatch(self, cid: int, event: EngineEvent) -> None:
        visible = cid == self._visible
        match event:
            case TextDelta(message_id=mid, text=text):
                if visible:
                    self.delta.emit(cid, mid, text)
            case ThoughtDelta(message_id=mid, text=text):
                if visible:
                    self.thought_delta.emit(cid, mid, text)
            case UploadProgress(attachment=name, sent=sent, total=total):
                self._on_upload_progress(cid, name, sent, total, visible)
            case TurnStarted(user_message_id=uid, model_message_id=mid):
                self._turns[cid] = (uid, mid, self._tally(uid))
                self.turn_started.emit(cid, uid, mid)
            case StatusChanged(message_id=mid, status=status):
                if status == "streaming":
                    self.connection_changed.emit(cid, True)
                self.status_changed.emit(cid, mid, status)
            case UsageUpdated(message_id=mid, usage=usage, conversation_totals=totals):
                self.usage_updated.emit(cid, mid, dict(usage), dict(totals))
            case Notice(text=text):
                self.notice.emit(cid, display(text))
            case TitleChanged(title=title):
                self.title_changed.emit(cid, title)
            case ErrorOccurred(message_id=mid, message=message, retryable=retryable):
                # Offline only when nothing answered; an API error proves the way works.
                self.connection_changed.emit(cid, not event.offline)
                self.failed.emit(cid, -1 if mid is None else mid, display(message), retryable)
            case Done(message_id=mid, status=status):
                self.finished.emit(cid, -1 if mid is None else mid, status)

    def _tally(self, user_message_id: int) -> UploadTally:
        engine = self.engine
        try:
            attachments = engine.store.get_message(user_message_id).attachments
        except StoreError:
            attachments = ()
        return UploadTally(attachments, engine.inline_image_limit)

    def _on_upload_progress(
        self, cid: int, name: str, sent: int, total: int, visible: bool
    ) -> None:
        turn = self._turns.get(cid)
        if turn is not None:
            turn[2].update(name, sent, total)
        if not visible:
            return
        fraction = 1.0 if total <= 0 else sent / total
        self.upload_progress.emit(cid, name, fraction)
        if turn is not None:
            uid, mid, tally = turn
            self.attachment_progress.emit(cid, uid, name, fraction)
            self.uploads_progress.emit(cid, mid, tally.files, tally.fraction)

    # -- stopping ---------------------------------------------------------------------------

    def stop(self, conversation_id: int) -> None:
        """Stop the answer; the engine keeps what was written, marked stopped."""
        if not self.is_busy(conversation_id):
            return
        with contextlib.suppress(EngineError):
            self.session(conversation_id).stop()

    def stop_all(self) -> None:
        for cid in self.busy_conversations():
            self.stop(cid)

    async def wait_idle(self) -> None:
        """Wait until every running turn has ended (after stop_all at shutdown)."""
        tasks = [t for t in self._tasks.values() if not t.done()]
        if tasks:
            await asyncio.wait(tasks)

    def cancel_all(self) -> None:
        """Last resort at shutdown: cancel the tasks themselves."""
        for task in list(self._tasks.values()):
            task.cancel()

    # -- other engine calls the window needs ------------------------------------------------

    async def branch(self, conversation_id: int, message_id: int) -> int:
        """Copy the path up to *message_id* into a new conversation; its id."""
        branch = await self.session(conversation_id).branch_to_new_conversation(message_id)
        return branch.conversation_id
