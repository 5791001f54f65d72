"""Store messages -> what the transcript shows (run in a worker thread for long chats)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.store import HistoryStore, Message
from desktop_app.ui.i18n import display
from desktop_app.ui.transcript.message import (
    MessageStatus,
    TranscriptAttachment,
    TranscriptMessage,
)

_STATUSES = {s.value for s in MessageStatus}


@dataclass(frozen=True, slots=True)
class LoadedConversation:
    conversation_id: int
    title: str
    model: str
    messages: list[TranscriptMessage]
    last_usage: dict[str, object] | None


def to_transcript(
    message: Message, sibling_index: int = 0, sibling_count: int = 1
) -> TranscriptMessage:
    status = MessageStatus(message.status) if message.status in _STATUSES else MessageStatus.ERROR
    usage = {k: v for k, v in (message.usage or {}).items() if isinstance(v, int)}
    return TranscriptMessage(
        id=message.id,
        role=message.role,
        text=message.text,
        thoughts=message.thoughts,
        status=status,
        error=display(message.error or ""),
        usage=usage or None,
        attachments=tuple(
            TranscriptAttachment(
                name=a.display_name, mime_type=a.mime_type, size=a.size, path=a.path
            )
            for a in message.attachments
        ),
        sibling_index=sibling_index,
        sibling_count=sibling_count,
        model=message.model or "",
    )


def load_conversation(store: HistoryStore, conversation_id: int) -> LoadedConversation:
    """The active path with branch positions. Grows with the conversation: to_thread."""
    conv = store.get_conversation(conversation_id)
    path = store.active_path(conversation_id)
    messages: list[TranscriptMessage] = []
    last_usage: dict[str, object] | None = None
    for message in path:
        messages.append(to_transcript(message, *_position(store, message)))
        if message.role == "model" and message.usage:
            last_usage = dict(message.usage)
    return LoadedConversation(
        conversation_id=conversation_id,
        title=conv.title,
        model=conv.settings.model,
        messages=messages,
        last_usage=last_usage,
    )


def sibling_position(store: HistoryStore, message_id: int) -> tuple[int, int]:
    """(index, count) of *message_id* among its siblings.  UI thread (indexed)."""
    return _position(store, store.get_message(message_id))


def sibling_ids(store: HistoryStore, message: Message) -> list[int]:
    """The ids of *message* and its alternatives, oldest first.  UI thread (indexed).

    children()/roots() use the parent and conversation indexes; store.siblings()
    does not (its "parent_id IS (subquery)" scans the table on a big history).
    """
    if message.parent_id is None:
        others = store.roots(message.conversation_id)
    else:
        others = store.children(message.parent_id)
    return [m.id for m in others]


def _position(store: HistoryStore, message: Message) -> tuple[int, int]:
    ids = sibling_ids(store, message)
    return (ids.index(message.id) if message.id in ids else 0), max(1, len(ids))
