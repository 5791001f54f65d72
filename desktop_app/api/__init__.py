"""Gemini Interactions + Files API over one shared httpx.AsyncClient. No Qt.

The public surface (import from here, not from the submodules)::

    async with GeminiClient(api_key, base_url=None, api_version="v1beta",
                            http=None, stall_timeout=60.0, retry=None) as client:
        interaction = await client.create(body)            # -> Interaction
        async for event in client.stream(body): ...        # -> StreamEvent (resumes drops)
        await client.get(id)  /  client.get_stream(id, last_event_id=None)  # no auto-resume
        await client.cancel(id)  /  await client.delete(id)
        await client.list_models()                         # -> list[ModelInfo], every page
        info = await client.upload_file(path, mime_type=..., display_name=None,
                                        progress=None, chunk_size=8 MiB)  # -> FileInfo
        await client.wait_until_active(info.name, timeout=600)
        await client.get_file(name) / client.delete_file(name) / client.list_files()

``body`` is the snake_case request of protocol §2 as a plain dict. Fold streamed events
with :class:`StepAccumulator` to get the ``steps`` a unary call returns (stateless replay).
``stream()`` ends after ``interaction.completed``/``[DONE]`` or an :class:`ErrorEvent`
(yielded, not raised); to stop early use ``async with contextlib.aclosing(client.stream(b))``
so the connection is released at once. ``create()`` and ``stream()`` follow
``requires_continuation`` hops themselves.
Every failure is an :class:`ApiError` subclass (hierarchy drawn in ``errors.py``) with a
``human_message()``. ``base_url`` defaults to ``$GOOGLE_GEMINI_BASE_URL``, else Google.
"""

from desktop_app.api.accumulator import StepAccumulator
from desktop_app.api.client import DEFAULT_BASE_URL, GeminiClient
from desktop_app.api.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    ConflictError,
    FileProcessingError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    StreamTruncatedError,
)
from desktop_app.api.events import (
    DeltaKind,
    ErrorEvent,
    InteractionCompleted,
    InteractionCreated,
    InteractionStatusUpdate,
    StepDelta,
    StepStart,
    StepStop,
    StreamEvent,
    UnknownEvent,
    parse_event,
)
from desktop_app.api.interaction import TERMINAL_STATUSES, Interaction, output_text
from desktop_app.api.resources import FileInfo, ModelInfo
from desktop_app.api.retry import RetryPolicy
from desktop_app.api.uploads import DEFAULT_CHUNK_SIZE

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_CHUNK_SIZE",
    "TERMINAL_STATUSES",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "ConflictError",
    "DeltaKind",
    "ErrorEvent",
    "FileInfo",
    "FileProcessingError",
    "GeminiClient",
    "Interaction",
    "InteractionCompleted",
    "InteractionCreated",
    "InteractionStatusUpdate",
    "InvalidRequestError",
    "ModelInfo",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "StepAccumulator",
    "StepDelta",
    "StepStart",
    "StepStop",
    "StreamEvent",
    "StreamTruncatedError",
    "UnknownEvent",
    "output_text",
    "parse_event",
]
