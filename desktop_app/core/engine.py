"""The engine: conversations over one history store and one API client.

::

    store = HistoryStore.open()
    async with GeminiClient(key) as client:
        engine = Engine(store, client)
        await engine.recover_interrupted()          # once, at start-up
        session = engine.new_conversation(preset=engine.presets.get("Default"))
        async for event in session.send("Hello"):
            ...

The engine owns neither the store nor the client: whoever opened them closes them.
The client may be ``None`` until the user enters an API key (:meth:`Engine.set_client`);
turns then fail with :class:`ConfigurationError`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from desktop_app.api.accumulator import StepAccumulator
from desktop_app.api.client import GeminiClient
from desktop_app.api.errors import ApiError
from desktop_app.api.resources import ModelInfo
from desktop_app.core import inflight
from desktop_app.core.attachments import INLINE_IMAGE_LIMIT
from desktop_app.core.errors import ConfigurationError, NotFoundError
from desktop_app.core.presets import Preset, PresetLibrary
from desktop_app.core.session import ConversationSession
from desktop_app.core.settings import ConversationSettings
from desktop_app.store import (
    IN_FLIGHT_STATUSES,
    HistoryStore,
    Message,
    MessageStatus,
)
from desktop_app.store import NotFoundError as StoreNotFound
from desktop_app.text import translate_noop

__all__ = ["INTERRUPTED_MESSAGE", "Engine", "RecoveredMessage"]

log = logging.getLogger(__name__)

INTERRUPTED_MESSAGE = translate_noop(
    "Engine", "Gemdesk closed before this answer finished. Retry to ask again."
)
# How long start-up recovery follows an answer the server is still writing.
FOLLOW_TIMEOUT_S = 120.0
NO_KEY_MESSAGE = translate_noop(
    "Engine", "No API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or save a key in Preferences."
)
NO_CONVERSATION = translate_noop("Engine", "Conversation {conversation} does not exist.")
NOT_IN_CONVERSATION = translate_noop(
    "Engine", "Message {message} is not in conversation {conversation}."
)


@dataclass(frozen=True, slots=True)
class RecoveredMessage:
    message_id: int
    conversation_id: int
    status: MessageStatus  # complete (fetched from the server) or incomplete


class Engine:
    def __init__(
        self,
        store: HistoryStore,
        client: GeminiClient | None = None,
        *,
        presets: PresetLibrary | None = None,
        inline_image_limit: int = INLINE_IMAGE_LIMIT,
        generate_titles: bool = True,
        default_settings: ConversationSettings | None = None,
    ) -> None:
        self.store = store
        # What a new conversation starts with (Preferences.conversation_defaults()).
        self.default_settings = default_settings or ConversationSettings()
        self._client = client
        self.presets = presets or PresetLibrary()
        self.inline_image_limit = inline_image_limit
        self.generate_titles = generate_titles
        self._sessions: dict[int, ConversationSession] = {}

    def __repr__(self) -> str:
        return f"Engine(store={self.store.path!s}, client={self._client!r})"

    # -- client ----------------------------------------------------------------------------

    @property
    def client(self) -> GeminiClient | None:
        return self._client

    def set_client(self, client: GeminiClient | None) -> None:
        """Use another client (a new key or endpoint) from the next request on."""
        self._client = client

    def require_client(self) -> GeminiClient:
        if self._client is None:
            raise ConfigurationError(NO_KEY_MESSAGE)
        return self._client

    async def list_models(self, *, chat_only: bool = True) -> list[ModelInfo]:
        models = await self.require_client().list_models()
        return [m for m in models if m.can_generate] if chat_only else models

    # -- conversations ---------------------------------------------------------------------

    def new_conversation(
        self,
        settings: ConversationSettings | None = None,
        *,
        preset: Preset | None = None,
        title: str = "",
        quick: bool = False,
    ) -> ConversationSession:
        """An empty conversation from *settings*, or from *preset*, or the defaults."""
        if settings is None:
            if preset is not None:
                settings = preset.settings(self.default_settings.mode)
            else:
                settings = self.default_settings
        conversation = self.store.create_conversation(
            title, settings=settings.to_store(), quick=quick
        )
        return self._session(conversation.id)

    def open_conversation(self, conversation_id: int) -> ConversationSession:
        return self._session(conversation_id)

    def latest_conversation(self) -> ConversationSession | None:
        """The conversation with the most recent activity (pinned ones not preferred)."""
        found = self.store.list_conversations(limit=1000, archived=None)
        if not found:
            return None
        latest = max(found, key=lambda c: (c.updated, c.id))
        return self._session(latest.id)

    def forget(self, conversation_id: int) -> None:
        """Drop the cached session (e.g. after the conversation was deleted)."""
        session = self._sessions.pop(conversation_id, None)
        if session is not None:
            session.stop()

    def _session(self, conversation_id: int) -> ConversationSession:
        session = self._sessions.get(conversation_id)
        if session is not None:
            return session
        try:
            conversation = self.store.get_conversation(conversation_id)
        except StoreNotFound:
            raise NotFoundError(NO_CONVERSATION.format(conversation=conversation_id)) from None
        session = ConversationSession(self, conversation)
        self._sessions[conversation_id] = session
        return session

    async def branch_to_new_conversation(
        self, conversation_id: int, message_id: int
    ) -> ConversationSession:
        """Copy the path root → *message_id* into a new conversation with the same settings."""
        source = self._session(conversation_id)
        new_id = await asyncio.to_thread(_copy_path, self.store, conversation_id, message_id)
        branch = self._session(new_id)
        branch.update_settings(source.settings.with_changes(chain_refusals=0))
        return branch

    # -- start-up recovery -----------------------------------------------------------------

    async def recover_interrupted(self) -> list[RecoveredMessage]:
        """Settle answers a crash left in ``sending``/``streaming``.

        Answers another live process is still writing are left alone. When the
        interaction was stored server-side and has finished, its answer is fetched and
        the message completed (one still in progress is followed to its end, for at
        most ``FOLLOW_TIMEOUT_S``); otherwise the message keeps its partial content and is
        marked ``incomplete`` (Retry available). Without a client, answers that could
        be fetched are left for a later call (e.g. after the user enters a key).
        """
        idle = None if inflight.HAVE_FLOCK else timedelta(seconds=30)
        candidates = self.store.messages_in_state(IN_FLIGHT_STATUSES, idle_for=idle)
        recovered: list[RecoveredMessage] = []
        for message in candidates:
            if inflight.is_held(message.id):
                continue
            if message.role == "user":
                self.store.set_status(message.id, "complete")
                continue
            if message.interaction_id and self._client is None:
                continue  # fetchable later, once there is a key: call again then
            status = await self._recover_one(message)
            recovered.append(RecoveredMessage(message.id, message.conversation_id, status))
        return recovered

    async def _recover_one(self, message: Message) -> MessageStatus:
        if message.interaction_id and self._client is not None:
            try:
                interaction = await self._client.get(message.interaction_id)
                if interaction.status == "completed":
                    self.store.finish_message(
                        message.id,
                        "complete",
                        steps=_output_steps(interaction.steps),
                        usage=interaction.usage,
                    )
                    return "complete"
                # Still being written server-side: follow it to the end.
                if interaction.status == "in_progress" and await self._follow(
                    message.id, message.interaction_id
                ):
                    return "complete"
            except (ApiError, TimeoutError) as exc:
                log.info("could not fetch interrupted answer %s: %s", message.id, exc)
        self.store.finish_message(message.id, "incomplete", error=INTERRUPTED_MESSAGE)
        return "incomplete"

    async def _follow(self, message_id: int, interaction_id: str) -> bool:
        """Replay an in-progress interaction's events (``GET ?stream=true``) and save
        the answer once it has completed; False when it ended any other way."""
        client = self.require_client()
        acc = StepAccumulator()

        async def read() -> None:
            events = client.get_stream(interaction_id)
            try:
                async for event in events:
                    acc.feed(event)
            finally:
                aclose = getattr(events, "aclose", None)
                if aclose is not None:
                    await aclose()

        with inflight.InflightLock(message_id):  # another process leaves it to us meanwhile
            await asyncio.wait_for(read(), FOLLOW_TIMEOUT_S)
        if acc.status != "completed" or acc.error is not None:
            return False
        self.store.finish_message(message_id, "complete", steps=acc.steps, usage=acc.usage)
        return True


def _output_steps(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """GET returns the whole timeline; the answer is what follows the last user turn."""
    last_user = -1
    for index, step in enumerate(timeline):
        if step.get("type") == "user_input":
            last_user = index
    return timeline[last_user + 1 :]


def _copy_path(store: HistoryStore, conversation_id: int, message_id: int) -> int:
    leaf = store.get_message(message_id)
    if leaf.conversation_id != conversation_id:
        raise NotFoundError(
            NOT_IN_CONVERSATION.format(message=message_id, conversation=conversation_id)
        )
    chain = [leaf]
    while chain[-1].parent_id is not None:
        chain.append(store.get_message(chain[-1].parent_id))
    chain.reverse()
    original = store.get_conversation(conversation_id)
    title = f"{original.title} (branch)" if original.title else "Branch"
    conversation = store.create_conversation(title, settings=original.settings)
    parent: int | None = None
    for message in chain:
        attachment_ids = []
        for att in message.attachments:
            copy = store.add_attachment(
                att.path, display_name=att.display_name, mime_type=att.mime_type
            )
            if att.remote_uri:
                store.set_attachment_remote(
                    copy.id, name=att.remote_name, uri=att.remote_uri, expiry=att.remote_expiry
                )
            attachment_ids.append(copy.id)
        in_flight = message.status in IN_FLIGHT_STATUSES
        new = store.append_message(
            conversation.id,
            message.role,
            steps=message.steps,
            text=message.text,
            parent_id=parent,
            status="incomplete" if in_flight else message.status,
            interaction_id=message.interaction_id,
            model=message.model,
            usage=message.usage,
            error=INTERRUPTED_MESSAGE if in_flight else message.error,
            attachment_ids=attachment_ids,
        )
        parent = new.id
    return conversation.id
