"""Server-side state of the emulator: interactions, their events, files, upload sessions.

One :class:`State` per test (the fixture swaps in a fresh one). The server thread
mutates it; tests read it. Records are plain dataclasses so assertions read well.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from .faults import FaultQueue

Json = dict[str, Any]

FILE_LIFETIME = timedelta(hours=48)
FILES_URI_BASE = "https://generativelanguage.googleapis.com/v1beta/files/"


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso_seconds(moment: datetime) -> str:
    """Interactions timestamps: ``YYYY-MM-DDThh:mm:ssZ``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_micros(moment: datetime) -> str:
    """Files timestamps: RFC 3339 with microseconds."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: httpx.Headers
    json: Any
    body_size: int = 0
    # Filled when the body of a POST /interactions broke the SDK request model.
    violation: str | None = None

    @property
    def user_agent(self) -> str:
        return str(self.headers.get("user-agent", ""))


@dataclass
class InteractionRecord:
    id: str
    model: str
    status: str
    created: datetime
    updated: datetime
    stored: bool
    background: bool
    # The request as received (minus stream), for `include_input` and assertions.
    request: Json
    # Steps this interaction's input added to the conversation (user_input first).
    input_steps: list[Json]
    # What the model saw before `input_steps` (the previous_interaction_id chain).
    history: list[Json]
    output_steps: list[Json] = field(default_factory=list)
    usage: Json = field(default_factory=dict)
    events: list[Json] = field(default_factory=list)
    previous_interaction_id: str | None = None
    continuation_token: str | None = None
    expired: bool = False
    # GETs seen while a background interaction runs.
    polls: int = 0
    # A background run's outcome (steps, status, usage), published when it finishes.
    pending: tuple[list[Json], str, Json] | None = None

    @property
    def timeline(self) -> list[Json]:
        """GET's ``steps``: the input steps, then the output steps."""
        return [*self.input_steps, *self.output_steps]

    @property
    def visible_steps(self) -> list[Json]:
        """Everything a follow-up turn sees through previous_interaction_id."""
        return [*self.history, *self.input_steps, *self.output_steps]

    @property
    def output_text(self) -> str:
        return "".join(
            block.get("text", "")
            for step in self.output_steps
            if step.get("type") == "model_output"
            for block in step.get("content") or []
            if block.get("type") == "text"
        )

    def resource(self, *, with_timeline: bool, include_input: bool = False) -> Json:
        body: Json = {
            "id": self.id,
            "object": "interaction",
            "model": self.model,
            "status": self.status,
            "created": iso_seconds(self.created),
            "updated": iso_seconds(self.updated),
            "steps": self.timeline if with_timeline else list(self.output_steps),
            "usage": self.usage,
        }
        for key in (
            "system_instruction",
            "generation_config",
            "tools",
            "response_format",
            "service_tier",
            "labels",
        ):
            if key in self.request:
                body[key] = self.request[key]
        if self.previous_interaction_id:
            body["previous_interaction_id"] = self.previous_interaction_id
        if self.continuation_token:
            body["continuation_token"] = self.continuation_token
        if include_input and "input" in self.request:
            body["input"] = self.request["input"]
        return body


@dataclass
class FileRecord:
    id: str
    display_name: str | None
    mime_type: str
    size: int
    sha256: bytes
    created: datetime
    state: str = "ACTIVE"
    expired: bool = False
    # GETs still answered PROCESSING before a video file turns ACTIVE.
    processing_polls_left: int = 0
    # What PROCESSING turns into: ACTIVE, or FAILED (fault ``file_failed``).
    final_state: str = "ACTIVE"
    error: Json | None = None

    @property
    def name(self) -> str:
        return f"files/{self.id}"

    @property
    def uri(self) -> str:
        return FILES_URI_BASE + self.id

    def json(self) -> Json:
        body: Json = {
            "name": self.name,
            "mimeType": self.mime_type,
            "sizeBytes": str(self.size),
            "createTime": iso_micros(self.created),
            "updateTime": iso_micros(self.created),
            "expirationTime": iso_micros(self.created + FILE_LIFETIME),
            "sha256Hash": base64.b64encode(self.sha256).decode("ascii"),
            "uri": self.uri,
            "state": self.state,
            "source": "UPLOADED",
        }
        if self.display_name is not None:
            body["displayName"] = self.display_name
        if self.error is not None:
            body["error"] = self.error
        if self.mime_type.startswith("video/") and self.state == "ACTIVE":
            body["videoMetadata"] = {"videoDuration": "12s"}
        return body


@dataclass
class UploadSession:
    id: str
    display_name: str | None
    mime_type: str
    declared_size: int | None
    requested_id: str | None
    received: int = 0
    status: str = "active"  # active | final | cancelled
    hasher: Any = field(default_factory=hashlib.sha256)
    file: FileRecord | None = None
    # Offsets at which an upload_break fault already broke this session.
    breaks: set[int] = field(default_factory=set)


@dataclass
class ContinuationRecord:
    """What a continuation_token resumes: the origin interaction and the steps still owed."""

    origin_id: str
    remaining_steps: list[Json]
    status: str
    usage: Json


class State:
    """Everything one test's server knows. Mutated by the server thread under ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.requests: list[RecordedRequest] = []
        self.interactions: dict[str, InteractionRecord] = {}
        # store=false interactions are answered but never retrievable or chainable.
        self.unstored: dict[str, InteractionRecord] = {}
        self.files: dict[str, FileRecord] = {}
        self.uploads: dict[str, UploadSession] = {}
        self.continuations: dict[str, ContinuationRecord] = {}
        self.faults = FaultQueue()
        # GETs answered PROCESSING before an uploaded video turns ACTIVE.
        self.processing_polls = 1
        # GETs answered in_progress before a background interaction completes.
        self.background_polls = 1
        # Validate create bodies against the SDK's request model.
        self.validate_requests = True
        # ERROR records of the HTTP server (uvicorn) while this state was live: bugs.
        self.server_errors: list[str] = []
        self._counter = 0

    def next_number(self) -> int:
        with self.lock:
            self._counter += 1
            return self._counter

    def new_interaction_id(self) -> str:
        raw = f"fake-interaction-{self.next_number():06d}".encode()
        return "v1_" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    def new_file_id(self) -> str:
        return f"fakefile{self.next_number():06d}"

    @property
    def violations(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.violation is not None]

    def file_by_uri(self, uri: str) -> FileRecord | None:
        """A file named by a Files URI (googleapis or this server's own), or None."""
        marker = "/files/"
        if marker not in uri:
            return None
        file_id = uri.rsplit(marker, 1)[1].split("?", 1)[0].split(":", 1)[0]
        return self.files.get(file_id)
