"""The emulator's ASGI application: routing, key checks, recording, fault selection."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx

from . import catalog, files_api, interactions_api
from .faults import Fault
from .state import RecordedRequest, State
from .wire import (
    HttpError,
    Message,
    Receive,
    Scope,
    Send,
    parse_json,
    read_body,
    send_error,
    send_json,
)

_V = r"(?P<v>v1|v1beta|v1alpha)"
ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("POST", re.compile(rf"^/{_V}/interactions$"), "create"),
    ("GET", re.compile(rf"^/{_V}/interactions/(?P<id>[^/:]+)$"), "get"),
    ("DELETE", re.compile(rf"^/{_V}/interactions/(?P<id>[^/:]+)$"), "delete"),
    ("POST", re.compile(rf"^/{_V}/interactions/(?P<id>[^/:]+)(?:/cancel|:cancel)$"), "cancel"),
    ("GET", re.compile(rf"^/{_V}/models$"), "list_models"),
    ("GET", re.compile(rf"^/{_V}/models/(?P<id>[^/]+)$"), "get_model"),
    ("POST", re.compile(rf"^/upload/{_V}/files$"), "upload"),
    ("GET", re.compile(rf"^/{_V}/files$"), "list_files"),
    ("GET", re.compile(rf"^/{_V}/files/(?P<id>[^/:]+)$"), "get_file"),
    ("DELETE", re.compile(rf"^/{_V}/files/(?P<id>[^/:]+)$"), "delete_file"),
    ("GET", re.compile(rf"^/{_V}/files/(?P<id>[^/:]+):download$"), "download_file"),
]

API_REVISION = "2026-05-20"
MISSING_KEY_MESSAGE = (
    "Method doesn't allow unregistered callers (callers without established identity). "
    "Please use API Key or other form of API consumer identity to call this API."
)


def key_is_invalid(key: str) -> bool:
    """Keys starting with "invalid" (any case) are rejected as API_KEY_INVALID."""
    return key.lower().startswith("invalid")


def check_key(headers: httpx.Headers, query: dict[str, str]) -> None:
    key = headers.get("x-goog-api-key") or query.get("key") or ""
    if not key:
        raise HttpError(403, MISSING_KEY_MESSAGE)
    if key_is_invalid(key):
        raise HttpError(
            400,
            "API key not valid. Please pass a valid API key.",
            details=[
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                    "metadata": {"service": "generativelanguage.googleapis.com"},
                }
            ],
        )


def fault_error(fault: Fault) -> HttpError:
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(fault.retry_after)
    if fault.retry_after_ms is not None:
        headers["retry-after-ms"] = str(fault.retry_after_ms)
    return HttpError(
        fault.status,
        fault.message,
        dialect=fault.dialect,
        code=fault.code,
        headers=headers,
    )


class FakeGeminiApp:
    """ASGI app over a swappable :class:`State` (``state_getter`` returns the current one)."""

    def __init__(self, state_getter: Callable[[], State]) -> None:
        self._state = state_getter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        state = self._state()
        try:
            await self._handle(state, scope, receive, send)
        except HttpError as error:
            await send_error(send, error)

    async def _handle(self, state: State, scope: Scope, receive: Receive, send: Send) -> None:
        method = str(scope["method"]).upper()
        path = str(scope["path"])
        query = dict(
            parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        )
        headers = httpx.Headers(
            [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        )
        route, params = _route(method, path)
        upload_chunk = route == "upload" and "upload_id" in query

        body: Any = None
        raw_size = 0
        parse_error: HttpError | None = None
        if not upload_chunk:
            raw = await read_body(receive)
            raw_size = len(raw)
            try:
                body = parse_json(raw)
            except HttpError as error:
                parse_error = error
        record = RecordedRequest(
            method=method,
            path=path,
            query=query,
            headers=headers,
            json=body,
            body_size=raw_size,
        )
        if upload_chunk:
            receive = _counting_receive(receive, record)
        if route == "create" and parse_error is None:
            record.violation = interactions_api.check_body(state, body)
        with state.lock:
            state.requests.append(record)

        if route is None:
            raise HttpError(404, f"Unknown path {method} {path}.")
        if not upload_chunk:
            check_key(headers, query)
        if parse_error is not None:
            raise parse_error

        streaming = (
            route == "create" and isinstance(body, dict) and body.get("stream") is True
        ) or (route == "get" and query.get("stream", "").lower() == "true")
        faults = state.faults.take(method, path, streaming=streaming, upload_chunk=upload_chunk)
        spec = headers.get("x-fake-fault")
        if spec:
            faults += self._spec_faults(state, spec, method, path, streaming, upload_chunk)
        model_id = body.get("model") if route == "create" and isinstance(body, dict) else None
        if isinstance(model_id, str) and model_id.startswith("fault:"):
            faults += self._spec_faults(
                state, model_id.removeprefix("fault:"), method, path, streaming, upload_chunk
            )
        if route in {"create", "get", "cancel", "delete"}:
            revision = headers.get("api-revision")
            if revision is not None and revision != API_REVISION:
                raise HttpError(
                    400,
                    f"Unsupported Api-Revision {revision!r}; this server speaks {API_REVISION}.",
                    dialect="interactions",
                )
        for fault in faults:
            if fault.kind == "delay":
                await asyncio.sleep(fault.seconds)
            if fault.kind == "http_error":
                raise fault_error(fault)
            if fault.kind == "file_expired" and route in {"get_file", "delete_file"}:
                file = state.files.get(params["id"])
                if file is not None:
                    file.expired = True
                raise files_api.permission_denied(params["id"])

        version = params.get("v", "v1beta")
        if route == "create":
            await interactions_api.create(state, body, faults, send, receive, record.violation)
        elif route == "get":
            await interactions_api.get(state, params["id"], query, faults, send, receive)
        elif route == "cancel":
            await interactions_api.cancel(state, params["id"], send)
        elif route == "delete":
            await interactions_api.delete(state, params["id"], send)
        elif route == "list_models":
            await send_json(send, catalog.list_models(query))
        elif route == "get_model":
            await send_json(send, catalog.get_model(params["id"]))
        elif route == "upload" and upload_chunk:
            await files_api.chunk(state, query["upload_id"], headers, receive, send, faults)
        elif route == "upload":
            host = headers.get("host", "127.0.0.1")
            await files_api.start(state, headers, body, f"http://{host}", version, send)
        elif route == "list_files":
            await files_api.list_files(state, query, send)
        elif route == "get_file":
            await files_api.get(state, params["id"], send)
        elif route == "delete_file":
            await files_api.delete(state, params["id"], send)
        elif route == "download_file":
            await files_api.download(state, params["id"], send)

    @staticmethod
    def _spec_faults(
        state: State, spec: str, method: str, path: str, streaming: bool, upload_chunk: bool
    ) -> list[Fault]:
        try:
            return state.faults.from_spec(
                spec, method, path, streaming=streaming, upload_chunk=upload_chunk
            )
        except (ValueError, TypeError) as exc:
            raise HttpError(400, f"Bad x-fake-fault spec: {exc}", dialect="interactions") from None


def _counting_receive(receive: Receive, record: RecordedRequest) -> Receive:
    """Upload chunks are streamed to the handler, not read up front: count as they come."""

    async def counted() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            record.body_size += len(message.get("body", b""))
        return message

    return counted


def _route(method: str, path: str) -> tuple[str | None, dict[str, str]]:
    for route_method, pattern, name in ROUTES:
        match = pattern.match(path)
        if match and route_method == method:
            return name, match.groupdict()
    return None, {}
