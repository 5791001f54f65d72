"""GeminiClient: the Interactions, Models and Files API over one shared httpx.AsyncClient."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from desktop_app.api._http import Transport
from desktop_app.api.errors import ApiTimeoutError, FileProcessingError
from desktop_app.api.events import StreamEvent
from desktop_app.api.interaction import Interaction, sum_usage
from desktop_app.api.resources import FileInfo, ModelInfo
from desktop_app.api.retry import RetryPolicy
from desktop_app.api.streaming import ResumableStream, read_events
from desktop_app.api.uploads import DEFAULT_CHUNK_SIZE, Progress, upload_file
from desktop_app.deferred_tls import ensure_asyncio_tls

__all__ = ["DEFAULT_BASE_URL", "GeminiClient"]

DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com"
BASE_URL_ENV = "GOOGLE_GEMINI_BASE_URL"

# A unary create may think for minutes before the first byte; streams use stall_timeout.
_MAX_HOPS = 16
_DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=600.0, write=120.0, pool=30.0)


class GeminiClient:
    """Async client for the Gemini Interactions API (revision 2026-05-20) and Files API.

    Use as ``async with GeminiClient(key) as client: ...`` or call :meth:`aclose`.
    Pass ``http`` to share an existing ``httpx.AsyncClient`` (it is then not closed here).
    The key is sent only in the ``x-goog-api-key`` header and never appears in reprs,
    logs or exception text. An empty key sends no key header (the server then refuses
    with :class:`AuthenticationError`).
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        api_version: str = "v1beta",
        http: httpx.AsyncClient | None = None,
        stall_timeout: float = 60.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        # The app starts asyncio without TLS (see deferred_tls): whole again from here on.
        ensure_asyncio_tls()
        resolved = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=_DEFAULT_TIMEOUT)
        self.stall_timeout = stall_timeout
        self._t = Transport(
            api_key=api_key,
            base_url=resolved,
            api_version=api_version,
            http=self._http,
            retry=retry if retry is not None else RetryPolicy(),
        )

    def __repr__(self) -> str:
        return f"GeminiClient(base_url={self.base_url!r}, api_version={self.api_version!r})"

    @property
    def base_url(self) -> str:
        return self._t.base_url

    @property
    def api_version(self) -> str:
        return self._t.api_version

    @property
    def retry(self) -> RetryPolicy:
        return self._t.retry

    async def __aenter__(self) -> GeminiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            await self._http.aclose()

    # -- Interactions --------------------------------------------------------------------

    async def create(self, body: Mapping[str, Any]) -> Interaction:
        """``POST /interactions`` (unary). ``body`` is the snake_case request (§2) as-is;
        a ``"stream"`` key is dropped (use :meth:`stream`).

        A ``requires_continuation`` answer is continued like the official SDK does
        (§4.8): the result is the last hop's JSON with every hop's ``steps`` (later
        hops' echoed ``user_input`` removed), summed ``usage`` and the hop ids in
        ``continuation_ids``.
        """
        payload = {k: v for k, v in body.items() if k != "stream"}
        raw = await self._t.send_json("POST", "interactions", json_body=payload)
        hops = [raw]
        while (token := Interaction(hops[-1]).continuation_token) and (
            hops[-1].get("status") == "requires_continuation"
        ):
            if len(hops) > _MAX_HOPS:
                break
            hop_body = dict(payload, continuation_token=token)
            if payload.get("store") is not False:
                hop_body["previous_interaction_id"] = Interaction(hops[-1]).id
                hop_body.pop("input", None)
            hops.append(await self._t.send_json("POST", "interactions", json_body=hop_body))
        return Interaction(_merge_hops(hops)) if len(hops) > 1 else Interaction(raw)

    def stream(self, body: Mapping[str, Any]) -> AsyncIterator[StreamEvent]:
        """``POST /interactions`` with ``"stream": true``, as typed events.

        Dropped or stalled streams are resumed (GET with ``last_event_id``, or a
        continuation create) so that every event, hence every character, reaches the
        caller exactly once; ``requires_continuation`` hops are followed. Iteration ends
        after ``interaction.completed`` (final status), ``[DONE]`` or an :class:`ErrorEvent`
        (yielded, not raised). Raises :class:`StreamTruncatedError` when a broken stream
        cannot be resumed, and the usual :class:`ApiError`\\ s when the request fails.
        Close the iterator (``aclose()``) to abandon the stream early.
        """
        return ResumableStream(self._t, body, self.stall_timeout).events()

    async def get(self, interaction_id: str, *, include_input: bool = False) -> Interaction:
        """``GET /interactions/{id}``: the whole timeline, ``user_input`` steps included."""
        params = {"stream": "false"}
        if include_input:
            params["include_input"] = "true"
        raw = await self._t.send_json("GET", _interaction_path(interaction_id), params=params)
        return Interaction(raw)

    async def get_stream(
        self, interaction_id: str, last_event_id: str | None = None
    ) -> AsyncIterator[StreamEvent]:
        """``GET /interactions/{id}?stream=true[&last_event_id=…]`` (§4.7): the events
        after that id (all of them without it), then live ones.

        This is the raw re-attach call, so it does not resume by itself: resuming a
        broken turn is :meth:`stream`'s job, which uses this very request. A body that
        breaks raises :class:`ApiConnectionError` / :class:`ApiTimeoutError`; one that
        ends without ``interaction.completed`` / ``[DONE]`` / ``error`` raises
        :class:`StreamTruncatedError`, whose ``last_event_id`` is where to call again."""
        params = {"stream": "true"}
        if last_event_id is not None:
            params["last_event_id"] = last_event_id
        url = self._t.url(_interaction_path(interaction_id))
        async for event in read_events(self._t, url, params, self.stall_timeout):
            yield event

    async def cancel(self, interaction_id: str) -> Interaction:
        """``POST /interactions/{id}/cancel`` (background interactions only)."""
        raw = await self._t.send_json("POST", _interaction_path(interaction_id) + "/cancel")
        return Interaction(raw)

    async def delete(self, interaction_id: str) -> None:
        """``DELETE /interactions/{id}``."""
        await self._t.send_json("DELETE", _interaction_path(interaction_id))

    # -- Models --------------------------------------------------------------------------

    async def list_models(self, *, page_size: int = 1000) -> list[ModelInfo]:
        """Every model, following ``nextPageToken`` to the last page."""
        models: list[ModelInfo] = []
        async for item in self._pages("models", "models", page_size):
            models.append(ModelInfo.from_api(item))
        return models

    # -- Files ---------------------------------------------------------------------------

    async def upload_file(
        self,
        path: str | os.PathLike[str],
        *,
        mime_type: str,
        display_name: str | None = None,
        progress: Progress | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> FileInfo:
        """Resumable upload from disk in ``chunk_size`` pieces; ``progress(sent, total)``
        is called after each acknowledged chunk. A broken chunk is resumed from the
        offset the server reports. The file may still be ``PROCESSING``: see
        :meth:`wait_until_active`."""
        return await upload_file(
            self._t,
            path,
            mime_type=mime_type,
            display_name=display_name,
            progress=progress,
            chunk_size=chunk_size,
        )

    async def get_file(self, name: str) -> FileInfo:
        """``GET /files/{id}``; ``name`` may be ``files/<id>``, ``<id>`` or the file's uri."""
        return FileInfo.from_api(await self._t.send_json("GET", _file_path(name)))

    async def wait_until_active(
        self,
        name: str,
        *,
        timeout: float = 600.0,  # noqa: ASYNC109 - a polling budget, not a cancel scope
        poll_interval: float = 1.0,
    ) -> FileInfo:
        """Poll until ``ACTIVE`` (backoff from ``poll_interval`` up to 10 s).

        Raises :class:`FileProcessingError` on ``FAILED`` and :class:`ApiTimeoutError`
        after ``timeout`` seconds (counted as the larger of wall time and time slept).
        """
        started = time.monotonic()
        slept = 0.0
        delay = poll_interval
        while True:
            info = await self.get_file(name)
            if info.state == "ACTIVE":
                return info
            if info.state == "FAILED":
                detail = (info.error or {}).get("message") or "processing failed"
                raise FileProcessingError(f"{info.name}: {detail}")
            elapsed = max(time.monotonic() - started, slept)
            if elapsed + delay > timeout:
                raise ApiTimeoutError(f"{info.name} still {info.state} after {elapsed:.0f} s")
            await self._t.retry.sleep(delay)
            slept += delay
            delay = min(delay * 2, 10.0)

    async def delete_file(self, name: str) -> None:
        """``DELETE /files/{id}``."""
        await self._t.send_json("DELETE", _file_path(name))

    async def list_files(self, *, page_size: int = 100) -> list[FileInfo]:
        """Every file of the project, following ``nextPageToken``."""
        files: list[FileInfo] = []
        async for item in self._pages("files", "files", page_size):
            files.append(FileInfo.from_api(item))
        return files

    # -- helpers -------------------------------------------------------------------------

    async def _pages(self, path: str, key: str, page_size: int) -> AsyncIterator[dict[str, Any]]:
        token: str | None = None
        while True:
            params = {"pageSize": str(page_size)}
            if token:
                params["pageToken"] = token
            page = await self._t.send_json("GET", path, params=params)
            items = page.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    yield item
            next_token = page.get("nextPageToken")
            if not isinstance(next_token, str) or not next_token or next_token == token:
                return
            token = next_token


def _merge_hops(hops: list[dict[str, Any]]) -> dict[str, Any]:
    merged = dict(hops[-1])
    steps: list[Any] = []
    for n, hop in enumerate(hops):
        hop_steps = hop.get("steps")
        for step in hop_steps if isinstance(hop_steps, list) else []:
            if n > 0 and isinstance(step, dict) and step.get("type") == "user_input":
                continue
            steps.append(step)
    merged["steps"] = steps
    merged["usage"] = sum_usage(h.get("usage") for h in hops)
    merged["continuation_ids"] = [h.get("id") for h in hops]
    return merged


def _interaction_path(interaction_id: str) -> str:
    if not interaction_id:
        raise ValueError("interaction id is empty")
    return f"interactions/{quote(interaction_id, safe='')}"


def _file_path(name: str) -> str:
    """``files/abc``, ``abc`` or ``https://…/v1beta/files/abc`` → ``files/abc``."""
    ident = name.rsplit("/files/", 1)[-1] if "://" in name else name.removeprefix("files/")
    ident = ident.split("?", 1)[0]
    if not ident:
        raise ValueError("file name is empty")
    return f"files/{quote(ident, safe='')}"
