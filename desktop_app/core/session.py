"""One conversation: send, stop, retry, regenerate, edit, branch, settings, usage.

Every turn is an async iterator of :mod:`desktop_app.core.events`::

    async for event in session.send("Hello", [path]):
        ...

The turn runs in its own task, so :meth:`ConversationSession.stop` (or leaving the
loop early) cancels it cleanly: the partial answer is kept, marked ``stopped``.
:class:`InputError` / :class:`BusyError` are raised by the iterator before any event,
and then nothing was stored or sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.api.errors import ApiError, InvalidRequestError
from desktop_app.core.attachments import AttachmentSource, validate_file
from desktop_app.core.errors import BusyError, InputError, NotFoundError
from desktop_app.core.events import (
    Done,
    EngineEvent,
    TitleChanged,
    TurnStarted,
    UsageUpdated,
)
from desktop_app.core.presets import Preset
from desktop_app.core.request_body import user_input_step
from desktop_app.core.settings import DEFAULT_MODEL, ConversationSettings, Mode
from desktop_app.core.title import clean_title, fallback_title, title_request
from desktop_app.core.turns import AnswerRun, user_text
from desktop_app.core.usage import UsageTotals, add_usage
from desktop_app.store import Attachment, Conversation, Message, StoreError
from desktop_app.store import NotFoundError as StoreNotFound
from desktop_app.text import translate_noop

if TYPE_CHECKING:
    from desktop_app.core.engine import Engine

__all__ = ["AttachmentInput", "ConversationSession"]

log = logging.getLogger(__name__)

AttachmentInput = AttachmentSource | str | os.PathLike[str]
Emit = Callable[[EngineEvent], None]
TITLE_TIMEOUT_S = 20.0

_BUSY = translate_noop("Engine", "An answer is still being written in this conversation.")
_EMPTY_PROMPT = translate_noop("Engine", "The prompt is empty.")
_NO_MESSAGE = translate_noop("Engine", "Message {message} does not exist.")
# The same sentence as the engine's (one catalogue entry).
_NOT_IN_CONVERSATION = translate_noop(
    "Engine", "Message {message} is not in conversation {conversation}."
)
_ONLY_ANSWERS = translate_noop("Engine", "Only an answer can be regenerated or retried.")
_ONLY_YOURS = translate_noop("Engine", "Only your own messages can be edited.")


class ConversationSession:
    """Obtain from :class:`~desktop_app.core.engine.Engine`; one per conversation."""

    def __init__(self, engine: Engine, conversation: Conversation) -> None:
        self._engine = engine
        self.conversation_id = conversation.id
        self._settings = ConversationSettings.from_store(conversation.settings)
        self._task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"ConversationSession({self.conversation_id}, busy={self.busy})"

    # -- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def settings(self) -> ConversationSettings:
        return self._settings

    def conversation(self) -> Conversation:
        return self._engine.store.get_conversation(self.conversation_id)

    @property
    def title(self) -> str:
        return self.conversation().title

    def rename(self, title: str) -> None:
        self._engine.store.rename_conversation(self.conversation_id, title.strip())

    def path(self) -> list[Message]:
        """The active branch, root first: what the transcript shows."""
        return self._engine.store.active_path(self.conversation_id)

    def siblings(self, message_id: int) -> list[Message]:
        return self._engine.store.siblings(message_id)

    def select_sibling(self, message_id: int) -> list[Message]:
        """Show the branch through *message_id* (its newest descendants); returns the path."""
        self._require_idle()
        store = self._engine.store
        message = self._message(message_id)
        store.set_active_leaf(self.conversation_id, store.latest_leaf(message.id))
        return self.path()

    def update_settings(self, settings: ConversationSettings) -> None:
        """Persist new settings; they apply from the next turn."""
        self._settings = settings
        self._engine.store.update_settings(self.conversation_id, settings.to_store())

    def set_mode(self, mode: Mode) -> None:
        """Switch stateful ↔ stateless; the next turn replays or chains as needed."""
        self.update_settings(self._settings.with_changes(mode=mode, chain_refusals=0))

    def apply_preset(self, preset: Preset) -> None:
        self.update_settings(preset.settings(self._settings.mode))

    async def usage_totals(self) -> UsageTotals:
        """Tokens of every answer in the conversation (all branches: all were billed)."""
        messages = await asyncio.to_thread(self._engine.store.messages, self.conversation_id)
        totals = UsageTotals()
        for message in messages:
            if message.role == "model" and message.usage:
                totals = add_usage(totals, message.usage)
        return totals

    # -- turns ---------------------------------------------------------------------------

    def send(
        self, text: str, attachments: Sequence[AttachmentInput] = ()
    ) -> AsyncIterator[EngineEvent]:
        """Ask: a new user message (text + attachments) and its answer."""
        return self._events(lambda emit: self._send_job(emit, text, tuple(attachments)))

    def regenerate(self, message_id: int) -> AsyncIterator[EngineEvent]:
        """A new answer beside model message *message_id* (a sibling branch)."""
        return self._events(lambda emit: self._regenerate_job(emit, message_id))

    def retry(self, message_id: int) -> AsyncIterator[EngineEvent]:
        """Answer again after a failed, stopped or interrupted answer.

        A failed answer with no content is replaced; one with partial content is kept
        as a sibling, so nothing the user saw is lost.
        """
        return self._events(lambda emit: self._regenerate_job(emit, message_id, retry=True))

    def edit(self, message_id: int, new_text: str) -> AsyncIterator[EngineEvent]:
        """A new user message beside *message_id* (same attachments) and its answer."""
        return self._events(lambda emit: self._edit_job(emit, message_id, new_text))

    def stop(self) -> None:
        """Cancel the running turn; its partial answer is kept, marked ``stopped``."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def branch_to_new_conversation(self, message_id: int) -> ConversationSession:
        """A new conversation holding a copy of the path from the root to *message_id*."""
        return await self._engine.branch_to_new_conversation(self.conversation_id, message_id)

    # -- plumbing ------------------------------------------------------------------------

    async def _events(self, job: Callable[[Emit], Awaitable[None]]) -> AsyncIterator[EngineEvent]:
        if self.busy:
            raise BusyError(_BUSY)
        queue: asyncio.Queue[EngineEvent | None] = asyncio.Queue()

        async def produce() -> None:
            try:
                await job(queue.put_nowait)
            except asyncio.CancelledError:
                pass  # stopped before the answer existed: nothing to keep
            finally:
                queue.put_nowait(None)

        task = asyncio.create_task(produce())
        self._task = task
        try:
            while True:
                item = await queue.get()
                if item is None:
                    break
                yield item
            await task  # re-raises InputError & co. raised before the turn started
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if self._task is task:
                self._task = None

    def _require_idle(self) -> None:
        if self.busy:
            raise BusyError(_BUSY)

    def _message(self, message_id: int) -> Message:
        try:
            message = self._engine.store.get_message(message_id)
        except StoreNotFound:
            raise NotFoundError(_NO_MESSAGE.format(message=message_id)) from None
        if message.conversation_id != self.conversation_id:
            raise NotFoundError(
                _NOT_IN_CONVERSATION.format(message=message_id, conversation=self.conversation_id)
            )
        return message

    async def _send_job(
        self, emit: Emit, text: str, attachments: tuple[AttachmentInput, ...]
    ) -> None:
        sources = [
            a if isinstance(a, AttachmentSource) else await asyncio.to_thread(validate_file, a)
            for a in attachments
        ]
        if not text.strip() and not sources:
            raise InputError(_EMPTY_PROMPT)
        self._engine.require_client()
        store = self._engine.store
        records: list[Attachment] = []
        try:
            for source in sources:
                blob: Path | bytes = source.path if source.path is not None else source.data or b""
                records.append(
                    await asyncio.to_thread(
                        store.add_attachment,
                        blob,
                        display_name=source.display_name,
                        mime_type=source.mime_type,
                    )
                )
            user = store.append_message(
                self.conversation_id,
                "user",
                steps=[user_input_step(text)],
                attachment_ids=[r.id for r in records],
            )
        except BaseException:
            for record in records:
                with contextlib.suppress(StoreError):
                    store.discard_attachment(record.id)
            raise
        if not self.conversation().title:
            store.rename_conversation(
                self.conversation_id,
                fallback_title(text, tuple(s.display_name for s in sources)),
            )
        await self._answer(emit, user)

    async def _regenerate_job(self, emit: Emit, message_id: int, *, retry: bool = False) -> None:
        message = self._message(message_id)
        if message.role != "model" or message.parent_id is None:
            raise InputError(_ONLY_ANSWERS)
        self._engine.require_client()
        if retry and message.status in ("error", "sending") and not message.steps:
            with contextlib.suppress(StoreNotFound):
                self._engine.store.delete_message(message.id)
        await self._answer(emit, self._message(message.parent_id))

    async def _edit_job(self, emit: Emit, message_id: int, new_text: str) -> None:
        original = self._message(message_id)
        if original.role != "user":
            raise InputError(_ONLY_YOURS)
        if not new_text.strip() and not original.attachments:
            raise InputError(_EMPTY_PROMPT)
        self._engine.require_client()
        store = self._engine.store
        copies = await asyncio.to_thread(_copy_attachments, store, original.attachments)
        user = store.append_message(
            self.conversation_id,
            "user",
            steps=[user_input_step(new_text)],
            parent_id=original.parent_id,
            attachment_ids=[a.id for a in copies],
        )
        await self._answer(emit, user)

    async def _answer(self, emit: Emit, user: Message) -> None:
        store = self._engine.store
        settings = self._settings
        reply = store.append_message(
            self.conversation_id, "model", parent_id=user.id, status="sending", model=settings.model
        )
        emit(TurnStarted(self.conversation_id, user.id, reply.id))
        path = store.active_path(self.conversation_id)[:-1]
        run = AnswerRun(
            store=store,
            client=self._engine.require_client(),
            settings=settings,
            model_message_id=reply.id,
            path=path,
            emit=emit,
            inline_image_limit=self._engine.inline_image_limit,
            save_settings=self.update_settings,
        )
        outcome = await run.run()
        message = outcome.message
        if message is not None and message.usage:
            totals = await self.usage_totals()
            emit(UsageUpdated(message.id, message.usage, totals.as_dict()))
        emit(
            Done(
                self.conversation_id,
                reply.id,
                outcome.status,
                interaction_id=message.interaction_id if message else None,
                interaction=outcome.interaction,
            )
        )
        first_answer = len(path) == 1
        if outcome.status == "complete" and first_answer and self._engine.generate_titles:
            await self._generate_title(emit, user, message)

    async def _generate_title(self, emit: Emit, user: Message, answer: Message | None) -> None:
        store = self._engine.store
        prompt = user_text(user)
        names = tuple(a.display_name for a in user.attachments)
        current = self.conversation().title
        if current and current != fallback_title(prompt, names):
            return  # the user renamed it meanwhile
        title = ""
        client = self._engine.client
        if client is not None:
            body = title_request(self._settings, prompt, answer.text if answer else "")
            # Some models refuse minimal thinking (3 Pro: low/high only): then the
            # default Flash model, which takes it, names the conversation.
            models = dict.fromkeys((body["model"], DEFAULT_MODEL))
            for model in models:
                try:
                    interaction = await asyncio.wait_for(
                        client.create({**body, "model": model}), TITLE_TIMEOUT_S
                    )
                    title = clean_title(interaction.output_text)
                    break
                except InvalidRequestError as exc:
                    log.info("title request refused for %s: %s", model, type(exc).__name__)
                except (ApiError, TimeoutError) as exc:
                    log.info("title generation failed: %s", type(exc).__name__)
                    break
        if not title:
            title = fallback_title(prompt, names)
        if title != current:
            store.rename_conversation(self.conversation_id, title)
        emit(TitleChanged(self.conversation_id, title))


def _copy_attachments(store: Any, attachments: Sequence[Attachment]) -> list[Attachment]:
    copies: list[Attachment] = []
    for att in attachments:
        copy = store.add_attachment(
            att.path, display_name=att.display_name, mime_type=att.mime_type
        )
        if att.remote_uri:
            store.set_attachment_remote(
                copy.id, name=att.remote_name, uri=att.remote_uri, expiry=att.remote_expiry
            )
        copies.append(copy)
    return copies
