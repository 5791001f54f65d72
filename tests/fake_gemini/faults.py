"""Fault injection: one dataclass, a queue that matches requests, and the text syntax.

A :class:`Fault` is queued with ``fake.add_fault(...)`` (fixture), ``--fault SPEC``
(standalone server), an ``x-fake-fault: SPEC`` request header, or a model name
``fault:SPEC``. See the package docstring for the syntax and every kind.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, fields
from typing import Literal, get_args

FaultKind = Literal[
    # Plain HTTP error answer (before any streaming).
    "http_error",
    # Wait ``seconds`` before answering at all (any request).
    "delay",
    # SSE faults (applied to a streaming response: POST stream=true or GET stream=true).
    "sse_error",
    "drop",
    # The body ends cleanly (EOF) without interaction.completed / [DONE] / error.
    "truncate",
    "stall",
    "malformed_event",
    "unknown_event",
    "unknown_delta",
    "step_start_text",
    "status_variant",
    # Long decode: the answer stops half-way with status requires_continuation.
    "requires_continuation",
    # previous_interaction_id answered as expired (404) even though it exists.
    "previous_expired",
    # Files.
    "upload_break",
    "file_expired",
    "file_failed",
]

FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))

# Faults that only make sense on a streaming answer.
STREAM_KINDS = frozenset(
    {
        "sse_error",
        "drop",
        "truncate",
        "stall",
        "malformed_event",
        "unknown_event",
        "unknown_delta",
        "step_start_text",
        "status_variant",
    }
)


@dataclass
class Fault:
    """One injected failure. ``times`` matching requests are hit (0 = every one).

    ``method`` and ``path`` narrow the match (``path`` is a regular expression searched
    in the request path, e.g. ``"/interactions"`` or ``"/files/"``). Without them a
    kind matches the requests it makes sense for (see ``applies_to``).
    """

    kind: FaultKind
    times: int = 1
    method: str | None = None
    path: str | None = None
    # http_error / sse_error / file_expired
    status: int = 500
    dialect: Literal["rpc", "interactions", "text"] = "rpc"
    code: str | None = None
    message: str | None = None
    retry_after: str | None = None
    retry_after_ms: int | None = None
    # SSE faults: act after this many events were sent on the stream.
    after: int = 0
    # drop: emit a continuation_token checkpoint (interaction.status_update) first.
    checkpoint: bool = False
    # stall: seconds without a byte; then the stream continues. delay: seconds before answering.
    seconds: float = 1.0
    # upload_break: absolute byte offset at which the upload connection breaks.
    at_byte: int = 0
    hits: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {sorted(FAULT_KINDS)}")

    @property
    def exhausted(self) -> bool:
        return self.times > 0 and self.hits >= self.times

    def applies_to(self, method: str, path: str, *, streaming: bool, upload_chunk: bool) -> bool:
        """Whether this fault matches a request (explicit filters first, then the kind's scope)."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is not None and re.search(self.path, path) is None:
            return False
        if self.kind in STREAM_KINDS:
            return streaming
        if self.kind == "upload_break":
            return upload_chunk
        if self.kind in {"requires_continuation", "previous_expired"}:
            return method == "POST" and path.endswith("/interactions")
        if self.kind == "file_expired":
            return "/files/" in path
        if self.kind == "file_failed":
            return upload_chunk
        # http_error / delay: anything except upload-session chunks unless a path says so.
        return not upload_chunk or self.path is not None


_BOOL_TRUE = {"1", "true", "yes", "on"}


def parse_fault_spec(spec: str) -> list[Fault]:
    """Parse ``kind[,key=value]...`` items separated by ``;``.

    Example: ``http_error,status=429,retry_after=1;drop,after=5,checkpoint=true``.
    """
    faults: list[Fault] = []
    types = {f.name: f.type for f in fields(Fault)}
    for item in spec.split(";"):
        item = item.strip()
        if not item:
            continue
        kind, *params = [p.strip() for p in item.split(",")]
        kwargs: dict[str, object] = {}
        for param in params:
            if not param:
                continue
            key, sep, value = param.partition("=")
            key = key.strip()
            if not sep or key not in types or key in {"kind", "hits"}:
                raise ValueError(f"bad fault parameter {param!r} in {item!r}")
            kwargs[key] = _convert(str(types[key]), value.strip())
        faults.append(Fault(kind=kind, **kwargs))  # type: ignore[arg-type]
    return faults


def _convert(type_name: str, value: str) -> object:
    """Field annotations are strings here (postponed evaluation)."""
    if type_name.startswith("int"):
        return int(value)
    if type_name.startswith("float"):
        return float(value)
    if type_name.startswith("bool"):
        return value.lower() in _BOOL_TRUE
    return value


class FaultQueue:
    """Thread-safe list of pending faults (the test thread adds, the server thread takes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        # Header/model-name specs: how often each spec string has been applied.
        self._spec_hits: dict[str, int] = {}

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._spec_hits.clear()

    @property
    def pending(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if not f.exhausted]

    def take(
        self, method: str, path: str, *, streaming: bool, upload_chunk: bool = False
    ) -> list[Fault]:
        """Every queued fault matching this request, each counted as one hit."""
        taken: list[Fault] = []
        with self._lock:
            for fault in self._faults:
                if fault.exhausted:
                    continue
                if fault.applies_to(method, path, streaming=streaming, upload_chunk=upload_chunk):
                    fault.hits += 1
                    taken.append(fault)
        return taken

    def refund(self, faults: list[Fault]) -> None:
        """Give back hits of faults that matched a request but did not act on it."""
        with self._lock:
            for fault in faults:
                if fault.hits > 0:
                    fault.hits -= 1

    def from_spec(
        self, spec: str, method: str, path: str, *, streaming: bool, upload_chunk: bool = False
    ) -> list[Fault]:
        """Faults named by a header / model-name spec; each spec string hits ``times`` requests."""
        taken: list[Fault] = []
        for index, fault in enumerate(parse_fault_spec(spec)):
            key = f"{spec}#{index}"
            if not fault.applies_to(method, path, streaming=streaming, upload_chunk=upload_chunk):
                continue
            with self._lock:
                hits = self._spec_hits.get(key, 0)
                if fault.times > 0 and hits >= fault.times:
                    continue
                self._spec_hits[key] = hits + 1
            fault.hits = 1
            taken.append(fault)
        return taken
