"""Typed stream events (protocol §4.2, §4.3).

Dispatch is on the JSON ``event_type`` (never the SSE ``event:`` line). Every event keeps
its ``event_id`` (the resume cursor, may be ``None``) and the ``raw`` dict as received;
unknown event and delta types become :class:`UnknownEvent` / ``kind == "unknown"`` and
never raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from desktop_app.api.errors import ApiError, error_from_body

__all__ = [
    "DeltaKind",
    "ErrorEvent",
    "InteractionCompleted",
    "InteractionCreated",
    "InteractionStatusUpdate",
    "StepDelta",
    "StepStart",
    "StepStop",
    "StreamEvent",
    "UnknownEvent",
    "parse_event",
]

DeltaKind = Literal[
    "text",
    "thought_summary",
    "thought_signature",
    "text_annotation_delta",
    "media",
    "arguments_delta",
    "unknown",
]

# Interaction statuses (protocol appendix B).
STATUSES = frozenset(
    {
        "in_progress",
        "requires_action",
        "completed",
        "failed",
        "cancelled",
        "incomplete",
        "budget_exceeded",
        "queued",
        "requires_continuation",
    }
)
MEDIA_DELTA_TYPES = frozenset({"image", "audio", "video", "document"})
_KNOWN_DELTA_KINDS: frozenset[str] = frozenset(
    {"text", "thought_summary", "thought_signature", "text_annotation_delta", "arguments_delta"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Event:
    event_id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def event_type(self) -> str:
        return str(self.raw.get("event_type", ""))


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractionCreated(_Event):
    """``interaction.created``: the partial resource; save its ``id``."""

    interaction: dict[str, Any]

    @property
    def interaction_id(self) -> str | None:
        value = self.interaction.get("id")
        return value if isinstance(value, str) else None

    @property
    def status(self) -> str | None:
        value = self.interaction.get("status")
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractionStatusUpdate(_Event):
    """``interaction.status_update`` or any ``interaction.<status>`` variant.

    ``continuation_token`` is a checkpoint a dropped stream can be continued from.
    """

    interaction_id: str | None
    status: str | None
    continuation_token: str | None = None
    usage: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StepStart(_Event):
    """``step.start``; ``step`` may already carry content (first text chunk, a summary)."""

    index: int
    step: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class StepDelta(_Event):
    """``step.delta``. ``kind`` groups the wire ``delta_type``: image/audio/video/document
    are ``"media"``; anything not understood is ``"unknown"``."""

    index: int
    delta: dict[str, Any]
    delta_type: str
    kind: DeltaKind

    @property
    def text(self) -> str:
        """The text of a ``text`` delta or of a text ``thought_summary``; else ``""``."""
        if self.kind == "text":
            value = self.delta.get("text")
            return value if isinstance(value, str) else ""
        if self.kind == "thought_summary":
            content = self.delta.get("content")
            if isinstance(content, dict) and isinstance(content.get("text"), str):
                return str(content["text"])
        return ""

    @property
    def signature(self) -> str | None:
        value = self.delta.get("signature")
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class StepStop(_Event):
    """``step.stop``: the step at ``index`` is final."""

    index: int
    usage: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractionCompleted(_Event):
    """``interaction.completed``: final ``status`` and ``usage``; ``steps`` usually omitted.

    ``status == "requires_continuation"`` is not the end: another hop follows.
    """

    interaction: dict[str, Any]

    @property
    def interaction_id(self) -> str | None:
        value = self.interaction.get("id")
        return value if isinstance(value, str) else None

    @property
    def status(self) -> str | None:
        value = self.interaction.get("status")
        return value if isinstance(value, str) else None

    @property
    def usage(self) -> dict[str, Any] | None:
        value = self.interaction.get("usage")
        return value if isinstance(value, dict) else None

    @property
    def continuation_token(self) -> str | None:
        value = self.interaction.get("continuation_token")
        return value if isinstance(value, str) and value else None


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorEvent(_Event):
    """``error`` inside a 200 stream: the turn failed. Ends the stream."""

    code: str | int | None
    message: str

    def to_exception(self) -> ApiError:
        """The matching :class:`~desktop_app.api.errors.ApiError` subclass instance."""
        return error_from_body(None, {"error": self.raw.get("error")})


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownEvent(_Event):
    """An event type this client does not know (or a block whose JSON did not parse)."""

    type_name: str


StreamEvent: TypeAlias = (
    InteractionCreated
    | InteractionStatusUpdate
    | StepStart
    | StepDelta
    | StepStop
    | InteractionCompleted
    | ErrorEvent
    | UnknownEvent
)


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def delta_kind(delta_type: str) -> DeltaKind:
    if delta_type in _KNOWN_DELTA_KINDS:
        return delta_type  # type: ignore[return-value]
    if delta_type in MEDIA_DELTA_TYPES:
        return "media"
    return "unknown"


def parse_event(data: dict[str, Any]) -> StreamEvent:
    """One decoded ``data:`` JSON object → its typed event. Never raises on odd input."""
    event_type = data.get("event_type")
    event_id = _str_or_none(data.get("event_id"))
    if event_type == "interaction.created":
        return InteractionCreated(
            event_id=event_id, raw=data, interaction=_dict(data.get("interaction"))
        )
    if event_type == "interaction.completed":
        return InteractionCompleted(
            event_id=event_id, raw=data, interaction=_dict(data.get("interaction"))
        )
    if event_type == "step.start":
        return StepStart(
            event_id=event_id, raw=data, index=_int(data.get("index")), step=_dict(data.get("step"))
        )
    if event_type == "step.delta":
        delta = _dict(data.get("delta"))
        delta_type = str(delta.get("type", ""))
        return StepDelta(
            event_id=event_id,
            raw=data,
            index=_int(data.get("index")),
            delta=delta,
            delta_type=delta_type,
            kind=delta_kind(delta_type),
        )
    if event_type == "step.stop":
        return StepStop(
            event_id=event_id,
            raw=data,
            index=_int(data.get("index")),
            usage=_dict_or_none(data.get("usage")),
        )
    if event_type == "error":
        error = _dict(data.get("error"))
        code = error.get("code")
        return ErrorEvent(
            event_id=event_id,
            raw=data,
            code=code if isinstance(code, (str, int)) and not isinstance(code, bool) else None,
            message=str(error.get("message") or "The server reported an error."),
        )
    interaction = _dict(data.get("interaction"))
    status = _str_or_none(data.get("status")) or _str_or_none(interaction.get("status"))
    suffix = event_type.removeprefix("interaction.") if isinstance(event_type, str) else ""
    if (
        isinstance(event_type, str)
        and event_type.startswith("interaction.")
        and (suffix == "status_update" or suffix in STATUSES or status is not None)
    ):
        # interaction.status_update and the interaction.<status> variants (§4.2); an
        # unknown interaction.* without any status stays an UnknownEvent.
        if status is None and suffix in STATUSES:
            status = suffix
        token = _str_or_none(data.get("continuation_token")) or _str_or_none(
            interaction.get("continuation_token")
        )
        return InteractionStatusUpdate(
            event_id=event_id,
            raw=data,
            interaction_id=_str_or_none(data.get("interaction_id"))
            or _str_or_none(interaction.get("id")),
            status=status,
            continuation_token=token or None,
            usage=_dict_or_none(data.get("usage")),
        )
    return UnknownEvent(
        event_id=event_id, raw=data, type_name=event_type if isinstance(event_type, str) else ""
    )
