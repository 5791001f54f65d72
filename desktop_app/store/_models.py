"""Plain dataclasses returned by the store.  Immutable snapshots: re-read to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

Role = Literal["user", "model"]
MessageStatus = Literal["sending", "streaming", "complete", "stopped", "incomplete", "error"]
#: Statuses of a message whose writer may still be running (or crashed).
IN_FLIGHT_STATUSES: tuple[MessageStatus, ...] = ("sending", "streaming")
ALL_STATUSES: tuple[MessageStatus, ...] = (
    "sending",
    "streaming",
    "complete",
    "stopped",
    "incomplete",
    "error",
)
#: ``list_conversations(folder=...)``: every folder, or only conversations in none.
FolderFilter = int | Literal["all", "none"]


def utc_from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


@dataclass(frozen=True, slots=True)
class ConversationSettings:
    """Per-conversation request settings (mirrors the Interactions create body).

    ``generation_config`` is stored verbatim (temperature, top_p, thinking_level,
    max_output_tokens, ...); ``extra`` holds any other create-body fields the
    engine wants to keep (tools, response_format, ...).  ``stateful`` False means
    ``store=false`` with the history replayed from local ``steps``.
    """

    model: str = ""
    system_instruction: str = ""
    generation_config: dict[str, Any] = field(default_factory=dict)
    stateful: bool = True
    preset: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "system_instruction": self.system_instruction,
            "generation_config": self.generation_config,
            "stateful": self.stateful,
            "preset": self.preset,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationSettings:
        return cls(
            model=str(data.get("model", "")),
            system_instruction=str(data.get("system_instruction", "")),
            generation_config=dict(data.get("generation_config") or {}),
            stateful=bool(data.get("stateful", True)),
            preset=data.get("preset"),
            extra=dict(data.get("extra") or {}),
        )


@dataclass(frozen=True, slots=True)
class Folder:
    id: int
    name: str
    position: int
    created: datetime


@dataclass(frozen=True, slots=True)
class Conversation:
    """One conversation.  ``updated`` is the last activity (drives list order)."""

    id: int
    title: str
    folder_id: int | None
    pinned: bool
    archived: bool
    quick: bool
    created: datetime
    updated: datetime
    settings: ConversationSettings
    active_leaf_id: int | None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to a message; its bytes live at ``path`` (named by sha256)."""

    id: int
    message_id: int | None
    sha256: str
    path: Path
    display_name: str
    mime_type: str
    size: int
    remote_name: str | None
    remote_uri: str | None
    remote_expiry: datetime | None
    created: datetime


@dataclass(frozen=True, slots=True)
class Message:
    """A node of the conversation tree.

    ``steps`` are the API steps exactly as received (thought signatures
    included); ``text`` is the derived plain text shown and searched;
    ``thoughts`` the concatenated thought summaries.
    """

    id: int
    conversation_id: int
    parent_id: int | None
    role: Role
    steps: list[dict[str, Any]]
    text: str
    thoughts: str
    interaction_id: str | None
    status: MessageStatus
    error: str | None
    usage: dict[str, Any] | None
    model: str | None
    created: datetime
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result.  ``message_id`` is None when the title matched.

    ``snippet`` is plain text (not HTML-escaped) with every matched word
    wrapped in :data:`MATCH_START` / :data:`MATCH_END`.
    """

    conversation_id: int
    message_id: int | None
    title: str
    snippet: str
    rank: float
    created: datetime


#: Markers around matched words in :attr:`SearchHit.snippet` (private-use code points,
#: never produced by escaping, so the UI can split on them safely).
MATCH_START = "\ue000"
MATCH_END = "\ue001"
