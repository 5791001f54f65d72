"""What the transcript shows for one message: plain data, no Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

MessageId = int | str


class MessageStatus(StrEnum):
    COMPLETE = "complete"
    STREAMING = "streaming"
    SENDING = "sending"
    UPLOADING = "uploading"
    STOPPED = "stopped"
    INCOMPLETE = "incomplete"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class TranscriptAttachment:
    """A file the user attached; images with a local ``path`` get a thumbnail."""

    name: str
    mime_type: str = "application/octet-stream"
    size: int | None = None
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class TranscriptMessage:
    """One message as the transcript displays it.

    ``usage`` keys (all optional): ``input_tokens``, ``output_tokens``,
    ``thought_tokens``, ``total_tokens``. ``sibling_index`` is 0-based; the
    branch navigator "‹ 2/3 ›" appears when ``sibling_count > 1``.
    """

    id: MessageId
    role: str  # "user" or "model"
    text: str = ""
    thoughts: str = ""
    status: MessageStatus = MessageStatus.COMPLETE
    error: str = ""
    usage: Mapping[str, int] | None = None
    attachments: tuple[TranscriptAttachment, ...] = field(default_factory=tuple)
    sibling_index: int = 0
    sibling_count: int = 1
    model: str = ""

    @property
    def is_user(self) -> bool:
        return self.role == "user"
