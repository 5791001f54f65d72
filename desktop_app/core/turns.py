"""One answer: plan the request, resolve attachments, stream, persist, recover from refusals.

Planning (stateful vs stateless) is pure (:func:`plan_turn`); :class:`AnswerRun` does
the I/O for one model message and always leaves it in a final state: complete,
stopped (cancelled), incomplete (cut short, partial content kept) or error.

Resilience rules implemented here:

* a ``previous_interaction_id`` the server refuses (404/400, before any event) →
  the same turn is rebuilt from local history (``store=true``, full replay) and sent
  again; when a later turn is refused again, the conversation switches to stateless
  with a notice;
* an attachment URI the server refuses (403, e.g. the upload expired early) → the
  files are uploaded again from the local copies and the turn is sent once more;
* the api layer resumes dropped streams; we fold events once, so no character is
  shown or saved twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.api.accumulator import StepAccumulator
from desktop_app.api.client import GeminiClient
from desktop_app.api.errors import (
    ApiConnectionError,
    ApiError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from desktop_app.api.events import InteractionCreated, StepDelta, StepStart, StepStop
from desktop_app.core.errors import EngineError
from desktop_app.core.events import (
    EngineEvent,
    ErrorOccurred,
    Notice,
    StatusChanged,
    TextDelta,
    ThoughtDelta,
)
from desktop_app.core.inflight import InflightLock
from desktop_app.core.remote_files import AttachmentResolver
from desktop_app.core.request_body import (
    build_body,
    replayable,
    user_input_step,
    user_turn_input,
)
from desktop_app.core.settings import ConversationSettings, Mode
from desktop_app.store import HistoryStore, Message, MessageStatus, StoreError, StreamingWriter
from desktop_app.text import Text, describe, translate_noop

__all__ = [
    "STATELESS_NOTICE",
    "AnswerOutcome",
    "AnswerRun",
    "TurnPlan",
    "chainable",
    "plan_turn",
    "user_text",
]

log = logging.getLogger(__name__)

STATELESS_NOTICE = translate_noop(
    "Turn",
    "The server no longer accepts this conversation's stored history, so it now continues "
    "in stateless mode: the whole history is sent with every message.",
)
_UPDATE_EVERY_S = 0.1  # hand steps to the (throttled) writer at most this often
_YIELD_EVERY_S = 0.004  # hand the event loop back at least this often

# Error texts are stored with the answer in English; the UI recognises and translates them.
_FINAL_STATUS: dict[str, tuple[MessageStatus, Text | None]] = {
    "completed": ("complete", None),
    "requires_action": ("complete", None),
    "incomplete": (
        "incomplete",
        translate_noop("Turn", "The answer was cut short (output token limit reached)."),
    ),
    "budget_exceeded": (
        "incomplete",
        translate_noop("Turn", "The answer was cut short (budget exceeded)."),
    ),
    "cancelled": ("stopped", None),
    "failed": ("error", translate_noop("Turn", "The model failed to answer.")),
}
_ENDED_EARLY = translate_noop("Turn", "The answer ended before the model finished.")
_UNEXPECTED = translate_noop("Turn", "Unexpected error ({name}).")


def user_text(message: Message) -> str:
    """The text the user typed, from the stored ``user_input`` step."""
    parts: list[str] = []
    for step in message.steps:
        if step.get("type") != "user_input":
            continue
        for block in step.get("content") or ():
            if isinstance(block, dict) and block.get("type") == "text":
                parts.append(str(block.get("text", "")))
    return "".join(parts) if parts else message.text


def chainable(message: Message) -> bool:
    """Whether the server holds this answer as the end of the same history we hold."""
    return (
        message.role == "model" and bool(message.interaction_id) and (message.status == "complete")
    )


@dataclass(frozen=True, slots=True)
class TurnPlan:
    """How one turn reaches the model.

    ``messages`` are the path messages whose content goes into ``input``: the new user
    message only (first or chained turn) or the whole path (replay).
    """

    store: bool
    previous_interaction_id: str | None
    messages: tuple[Message, ...]

    @property
    def replay(self) -> bool:
        return len(self.messages) > 1


def plan_turn(
    settings: ConversationSettings,
    path: Sequence[Message],
    *,
    force_replay: bool = False,
) -> TurnPlan:
    """*path* runs from the root to the user message being answered."""
    if not path or path[-1].role != "user":
        raise ValueError("a turn answers a user message")
    if settings.mode is Mode.STATELESS:
        return TurnPlan(store=False, previous_interaction_id=None, messages=tuple(path))
    previous = path[-2] if len(path) >= 2 else None
    if previous is None:
        return TurnPlan(store=True, previous_interaction_id=None, messages=(path[-1],))
    if not force_replay and chainable(previous):
        return TurnPlan(
            store=True, previous_interaction_id=previous.interaction_id, messages=(path[-1],)
        )
    return TurnPlan(store=True, previous_interaction_id=None, messages=tuple(path))


def request_input(
    plan: TurnPlan, blocks: dict[int, list[dict[str, Any]]]
) -> str | list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for message in plan.messages:
        if message.role == "user":
            steps.append(user_input_step(user_text(message), blocks.get(message.id, [])))
        else:
            steps.extend(replayable(message.steps, complete=message.status == "complete"))
    if plan.store and len(plan.messages) == 1:
        return user_turn_input(steps[0])
    return steps


@dataclass
class AnswerOutcome:
    message: Message | None
    status: MessageStatus
    interaction: dict[str, Any] | None = None
    settings: ConversationSettings | None = None  # changed settings (mode switch, refusals)


@dataclass
class _Attempt:
    accumulator: StepAccumulator = field(default_factory=StepAccumulator)
    received: bool = False


class AnswerRun:
    """Produces the answer of one model message (created by the caller in ``sending``)."""

    def __init__(
        self,
        *,
        store: HistoryStore,
        client: GeminiClient,
        settings: ConversationSettings,
        model_message_id: int,
        path: Sequence[Message],
        emit: Callable[[EngineEvent], None],
        inline_image_limit: int,
        save_settings: Callable[[ConversationSettings], None],
    ) -> None:
        self._store = store
        self._client = client
        self.settings = settings
        self._mid = model_message_id
        self._path = list(path)
        self._emit = emit
        self._save_settings = save_settings
        self._resolver = AttachmentResolver(
            store,
            client,
            inline_image_limit=inline_image_limit,
            emit=emit,
            on_upload=lambda: emit(StatusChanged(model_message_id, "uploading")),
        )
        self._attempt = _Attempt()
        self._writer: StreamingWriter | None = None
        self._streaming_announced = False

    async def run(self) -> AnswerOutcome:
        with InflightLock(self._mid):
            try:
                return await self._run()
            except asyncio.CancelledError:
                return self._finish("stopped", None)
            except (ApiError, EngineError, StoreError) as exc:
                message = describe(exc)
                retryable = exc.retryable if isinstance(exc, ApiError) else False
                offline = isinstance(exc, ApiConnectionError)
                return self._fail(message, retryable, offline=offline)
            except Exception as exc:  # a bug: keep the message consistent, then report
                log.exception("answer %s failed unexpectedly", self._mid)
                return self._fail(_UNEXPECTED.format(name=type(exc).__name__), retryable=True)

    # -- the attempts ------------------------------------------------------------------

    async def _run(self) -> AnswerOutcome:
        self._emit(StatusChanged(self._mid, "sending"))
        plan = plan_turn(self.settings, self._path)
        force_upload = False
        reuploaded = False
        chain_refused = False
        switching = False  # to stateless; saved only once the stateless request is accepted
        while True:
            blocks = await self._blocks(plan, force_upload=force_upload)
            body = build_body(
                self.settings,
                request_input(plan, blocks),
                store=plan.store,
                previous_interaction_id=plan.previous_interaction_id,
            )
            self._attempt = _Attempt()
            try:
                await self._stream(body, plan)
            except PermissionDeniedError:
                if self._attempt.received or reuploaded or not self._has_uploads(plan):
                    raise
                log.info("an attachment was refused; uploading the files again")
                reuploaded = force_upload = True
                continue
            except (NotFoundError, InvalidRequestError):
                if self._attempt.received:
                    raise
                if plan.previous_interaction_id is None:
                    raise  # not about the chain: a refusal of the request itself
                chain_refused = True
                if self.settings.chain_refusals >= 1:
                    # Refused again soon after a replay: stop relying on server state.
                    # (A 400 about something else fails again below and changes nothing.)
                    switching = True
                    plan = plan_turn(self.settings.with_changes(mode=Mode.STATELESS), self._path)
                else:
                    log.info("previous interaction refused; replaying local history")
                    plan = plan_turn(self.settings, self._path, force_replay=True)
                continue
            break
        if switching:
            self._update_settings(self.settings.with_changes(mode=Mode.STATELESS, chain_refusals=0))
            self._emit(Notice(STATELESS_NOTICE))
        elif chain_refused and self.settings.mode is Mode.STATEFUL:
            self._update_settings(self.settings.with_changes(chain_refusals=1))
        elif plan.previous_interaction_id is not None and self.settings.chain_refusals:
            self._update_settings(self.settings.with_changes(chain_refusals=0))
        return self._complete(plan)

    def _update_settings(self, settings: ConversationSettings) -> None:
        self.settings = settings
        self._save_settings(settings)

    def _has_uploads(self, plan: TurnPlan) -> bool:
        return any(
            not self._resolver.is_inline(att)
            for message in plan.messages
            if message.role == "user"
            for att in message.attachments
        )

    async def _blocks(
        self, plan: TurnPlan, *, force_upload: bool
    ) -> dict[int, list[dict[str, Any]]]:
        blocks: dict[int, list[dict[str, Any]]] = {}
        for message in plan.messages:
            if message.role != "user" or not message.attachments:
                continue
            blocks[message.id] = [
                await self._resolver.block(att, force_upload=force_upload)
                for att in message.attachments
            ]
        return blocks

    async def _stream(self, body: dict[str, Any], plan: TurnPlan) -> None:
        attempt = self._attempt
        acc = attempt.accumulator
        writer = self._writer = StreamingWriter(
            self._store, self._mid, loop=asyncio.get_running_loop()
        )
        last_update = 0.0
        last_yield = time.monotonic()
        events = self._client.stream(body)
        try:
            async for event in events:
                attempt.received = True
                acc.feed(event)
                if not self._streaming_announced:
                    self._streaming_announced = True
                    self._emit(StatusChanged(self._mid, "streaming"))
                if isinstance(event, InteractionCreated):
                    # Saved at once: after a crash, recovery fetches the answer by this id.
                    if plan.store and event.interaction_id:
                        self._store.update_streaming(
                            self._mid, steps=acc.steps, interaction_id=event.interaction_id
                        )
                    continue
                if isinstance(event, StepStart):
                    self._emit_start(event)
                elif isinstance(event, StepDelta):
                    if event.kind == "text" and event.text:
                        self._emit(TextDelta(self._mid, event.text))
                    elif event.kind == "thought_summary" and event.text:
                        self._emit(ThoughtDelta(self._mid, event.text))
                now = time.monotonic()
                if now - last_yield >= _YIELD_EVERY_S:
                    # Events already buffered are parsed without awaiting I/O: a fast
                    # server would keep the GUI thread here for tens of ms; let it paint.
                    await asyncio.sleep(0)
                    last_yield = time.monotonic()
                if isinstance(event, StepStop):
                    writer.update(acc.steps, step_stopped=True)
                    last_update = now
                elif now - last_update >= _UPDATE_EVERY_S:
                    writer.update(acc.steps)
                    last_update = now
        finally:
            aclose = getattr(events, "aclose", None)
            if aclose is not None:
                await aclose()
        if acc.error is not None:
            raise acc.error.to_exception()

    def _emit_start(self, event: StepStart) -> None:
        """``step.start`` may already carry the first text or summary (protocol §4.1)."""
        step = event.step
        key = "content" if step.get("type") == "model_output" else "summary"
        if step.get("type") not in ("model_output", "thought"):
            return
        for block in step.get(key) or ():
            if isinstance(block, dict) and block.get("type") == "text" and block.get("text"):
                text = str(block["text"])
                if key == "content":
                    self._emit(TextDelta(self._mid, text))
                else:
                    self._emit(ThoughtDelta(self._mid, text))

    # -- final states ------------------------------------------------------------------

    def _complete(self, plan: TurnPlan) -> AnswerOutcome:
        acc = self._attempt.accumulator
        status, error = _FINAL_STATUS.get(acc.status or "", ("incomplete", None))
        if acc.status not in _FINAL_STATUS:
            error = _ENDED_EARLY
        interaction = acc.to_interaction().raw
        message = self._finish(
            status,
            error,
            interaction_id=acc.interaction_id if plan.store else None,
        ).message
        if error is not None:
            self._emit(ErrorOccurred(self._mid, error, retryable=True))
        return AnswerOutcome(message, status, interaction, self.settings)

    def _fail(self, message: str, retryable: bool, *, offline: bool = False) -> AnswerOutcome:
        acc = self._attempt.accumulator
        status: MessageStatus = "incomplete" if acc.text or acc.steps else "error"
        outcome = self._finish(status, message)
        self._emit(ErrorOccurred(self._mid, message, retryable, offline=offline))
        return outcome

    def _finish(
        self,
        status: MessageStatus,
        error: str | None,
        *,
        interaction_id: str | None = None,
    ) -> AnswerOutcome:
        acc = self._attempt.accumulator
        steps = acc.steps
        try:
            if self._writer is not None:
                message = self._writer.finish(
                    status,
                    steps=steps,
                    usage=acc.usage,
                    error=error,
                    interaction_id=interaction_id,
                    model=self.settings.model,
                )
            else:
                message = self._store.finish_message(
                    self._mid, status, steps=steps, error=error, model=self.settings.model
                )
        except StoreError as exc:
            # Shown but not saved (disk full, unwritable profile): the user must know.
            log.warning("could not save the final state of answer %s: %s", self._mid, exc)
            self._emit(ErrorOccurred(self._mid, describe(exc), retryable=False))
            message = None
        self._emit(StatusChanged(self._mid, status))
        interaction = acc.to_interaction().raw if acc.interaction_id else None
        return AnswerOutcome(message, status, interaction, self.settings)
