"""What a running turn tells its listeners (the GUI adapter, the CLI).

Plain frozen dataclasses, no Qt: the UI wraps them into signals. A turn always ends
with exactly one :class:`Done`, whatever happened (completed, stopped, failed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

__all__ = [
    "Done",
    "EngineEvent",
    "ErrorOccurred",
    "Notice",
    "StatusChanged",
    "TextDelta",
    "ThoughtDelta",
    "TitleChanged",
    "TurnStarted",
    "UploadProgress",
    "UsageUpdated",
]


@dataclass(frozen=True, slots=True)
class TurnStarted:
    """The user message and the (empty) answer now exist in the history."""

    conversation_id: int
    user_message_id: int
    model_message_id: int


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """The answer's status: sending, uploading, streaming, complete, stopped, incomplete, error."""

    message_id: int
    status: str


@dataclass(frozen=True, slots=True)
class UploadProgress:
    """Bytes of an attachment sent so far (``sent == total`` once uploaded)."""

    attachment: str  # display name
    sent: int
    total: int


@dataclass(frozen=True, slots=True)
class TextDelta:
    message_id: int
    text: str


@dataclass(frozen=True, slots=True)
class ThoughtDelta:
    """A piece of a thought summary (only when summaries are on)."""

    message_id: int
    text: str


@dataclass(frozen=True, slots=True)
class UsageUpdated:
    """Token usage of the answer (``usage`` as the API reports it) and the conversation's totals."""

    message_id: int
    usage: dict[str, Any]
    conversation_totals: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that is not an error (e.g. a switch to stateless)."""

    text: str


@dataclass(frozen=True, slots=True)
class TitleChanged:
    conversation_id: int
    title: str


@dataclass(frozen=True, slots=True)
class ErrorOccurred:
    """The turn failed. ``message`` is fit to show; ``retryable`` says whether Retry may help."""

    message_id: int | None
    message: str
    retryable: bool
    offline: bool = False  # no answer from the server (DNS, refused, timeout)


@dataclass(frozen=True, slots=True)
class Done:
    """The turn is over; ``status`` is the answer's final status."""

    conversation_id: int
    message_id: int | None
    status: str
    interaction_id: str | None = None
    interaction: dict[str, Any] | None = None  # the final interaction, POST-shaped


EngineEvent: TypeAlias = (
    TurnStarted
    | StatusChanged
    | UploadProgress
    | TextDelta
    | ThoughtDelta
    | UsageUpdated
    | Notice
    | TitleChanged
    | ErrorOccurred
    | Done
)
