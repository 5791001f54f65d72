"""Raw ASGI plumbing: JSON answers, both error dialects, request bodies."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Json = dict[str, Any]

# uvicorn's complaint when an app returns mid-response. A fault does that on purpose.
INCOMPLETE_RESPONSE = "ASGI callable returned without completing response."
_broken_on_purpose: ContextVar[bool] = ContextVar("fake_gemini_broken_on_purpose", default=False)


def break_connection() -> None:
    """Mark the current response as abandoned on purpose (a drop or upload-break fault).

    The handler then returns without finishing the response and uvicorn closes the
    connection, which the client sees as a broken read. uvicorn's ERROR about the
    unfinished response is dropped by :class:`DeliberateBreakFilter` for this request
    only (each request runs in its own context), so unintended ones still show.
    """
    _broken_on_purpose.set(True)


class DeliberateBreakFilter(logging.Filter):
    """Installed on ``uvicorn.error``: hides the unfinished-response error of faults."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == INCOMPLETE_RESPONSE and _broken_on_purpose.get())


def install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, DeliberateBreakFilter) for f in logger.filters):
        logger.addFilter(DeliberateBreakFilter())


RPC_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "NOT_IMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
INTERACTIONS_CODE = {
    400: "invalid_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    408: "request_timeout",
    409: "conflict",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "deadline_exceeded",
}
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    403: "The caller does not have permission.",
    404: "Requested entity was not found.",
    408: "Request timed out.",
    429: "Resource has been exhausted (e.g. check quota).",
    500: "An internal error has occurred. Please retry or report.",
    502: "Bad gateway.",
    503: "The service is currently unavailable.",
    504: "Deadline exceeded.",
}


class HttpError(Exception):
    """Raised by handlers; turned into an error answer by the app."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        dialect: str = "rpc",
        code: str | None = None,
        details: list[Json] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message or DEFAULT_MESSAGES.get(status, "Error."))
        self.status = status
        self.message = message or DEFAULT_MESSAGES.get(status, "Error.")
        self.dialect = dialect
        self.code = code
        self.details = details
        self.headers = headers or {}

    def body(self) -> bytes:
        if self.dialect == "text":
            return self.message.encode("utf-8")
        error: Json
        if self.dialect == "interactions":
            error = {
                "code": self.code or INTERACTIONS_CODE.get(self.status, "error"),
                "message": self.message,
            }
        else:
            error = {
                "code": self.status,
                "message": self.message,
                "status": self.code or RPC_STATUS.get(self.status, "UNKNOWN"),
            }
            if self.details is not None:
                error["details"] = self.details
        return json.dumps({"error": error}).encode("utf-8")

    @property
    def content_type(self) -> bytes:
        return b"text/plain; charset=utf-8" if self.dialect == "text" else b"application/json"


def encode_headers(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


async def send_bytes(
    send: Send,
    status: int,
    body: bytes,
    *,
    content_type: bytes = b"application/json",
    headers: dict[str, str] | None = None,
) -> None:
    raw = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    raw += encode_headers(headers or {})
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def send_json(
    send: Send, body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send_bytes(send, status, data, headers=headers)


async def send_error(send: Send, error: HttpError) -> None:
    await send_bytes(
        send, error.status, error.body(), content_type=error.content_type, headers=error.headers
    )


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "Invalid JSON payload received.", dialect="interactions") from None
