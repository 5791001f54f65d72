"""Resumable upload of a file from disk (protocol §6.1).

Chunks are read from disk one at a time (never the whole file). When a chunk fails
(connection error, 5xx, a missing or unexpected ``X-Goog-Upload-Status``, or a 400
for a wrong offset), the session is asked where it stands (``query``) and the upload
continues from the offset the server reports.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, BinaryIO

import httpx

from desktop_app.api._http import Transport, decode_object, safe_target
from desktop_app.api.errors import ApiError, FileProcessingError
from desktop_app.api.resources import FileInfo

__all__ = ["DEFAULT_CHUNK_SIZE", "Progress", "upload_file"]

log = logging.getLogger("desktop_app.api")

DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024
Progress = Callable[[int, int], None]


async def upload_file(
    transport: Transport,
    path: str | os.PathLike[str],
    *,
    mime_type: str,
    display_name: str | None,
    progress: Progress | None,
    chunk_size: int,
) -> FileInfo:
    if chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    file_path = Path(path)
    # Opened before the session starts: a missing file fails without touching the network.
    fh = await asyncio.to_thread(file_path.open, "rb")
    try:
        total = os.fstat(fh.fileno()).st_size
        name = display_name if display_name is not None else file_path.name
        session_url = await _start_session(transport, total, mime_type, name)
        return await _send_chunks(transport, session_url, fh, total, chunk_size, progress)
    finally:
        fh.close()


async def _start_session(transport: Transport, total: int, mime_type: str, name: str) -> str:
    headers = transport.headers(
        extra={
            "x-goog-upload-protocol": "resumable",
            "x-goog-upload-command": "start",
            "x-goog-upload-header-content-length": str(total),
            "x-goog-upload-header-content-type": mime_type,
        }
    )
    response = await transport.send(
        "POST",
        transport.url("files", upload=True),
        json_body={"file": {"display_name": name}},
        headers=headers,
    )
    session_url = str(response.headers.get("x-goog-upload-url", ""))
    if not session_url:
        raise ApiError("the upload start response carried no X-Goog-Upload-URL")
    return session_url


# Each chunk is streamed from disk in pieces of this size, so a chunk of any size costs
# about one piece of memory (a whole 8 MiB chunk in RAM, plus httpx's copies and the
# allocator keeping freed blocks, grew the process by ~50 MB).
READ_PIECE = 1024 * 1024


def _read_at(fh: BinaryIO, offset: int, size: int) -> bytes:
    fh.seek(offset)
    return fh.read(size)


async def _pieces(fh: BinaryIO, offset: int, length: int) -> AsyncIterator[bytes]:
    end = offset + length
    while offset < end:
        piece = await asyncio.to_thread(_read_at, fh, offset, min(READ_PIECE, end - offset))
        if not piece:
            raise ApiError("the file got shorter while it was being uploaded")
        offset += len(piece)
        yield piece


async def _send_chunks(
    transport: Transport,
    session_url: str,
    fh: BinaryIO,
    total: int,
    chunk_size: int,
    progress: Progress | None,
) -> FileInfo:
    policy = transport.retry
    offset = 0
    failures = 0  # consecutive failed chunks without progress
    target = safe_target(session_url)
    while True:
        length = min(chunk_size, total - offset)
        final = offset + length >= total
        headers = transport.headers(
            auth=False,  # the session URL is the credential; the key stays home
            extra={
                "x-goog-upload-command": "upload, finalize" if final else "upload",
                "x-goog-upload-offset": str(offset),
                "content-type": "application/octet-stream",
                "content-length": str(length),
            },
        )
        error: ApiError | None = None
        try:
            response = await transport.http.post(
                session_url, content=_pieces(fh, offset, length), headers=headers
            )
        except httpx.TransportError as exc:
            error = transport.transport_error(exc, target)
        else:
            status = response.headers.get("x-goog-upload-status", "").lower()
            if response.is_success and status == "final":
                info = _file_from(response)
                if progress is not None:
                    progress(total, total)
                return info
            if response.is_success and status == "active" and not final:
                offset += length
                failures = 0
                if progress is not None:
                    progress(offset, total)
                continue
            error = (
                transport.error(response)
                if not response.is_success
                else ApiError(f"unexpected upload status {status or 'missing'!r} from {target}")
            )
            if not (response.is_success or _resumable_status(response.status_code)):
                raise error
        failures += 1
        if failures > policy.max_retries:
            raise error
        delay = policy.delay(failures - 1, error.retry_after) or policy.backoff(failures - 1)
        log.info(
            "upload chunk at %d failed (%s); asking the server in %.2f s", offset, error, delay
        )
        await policy.sleep(delay)
        server_offset, done = await _query(transport, session_url, target)
        if done is not None:
            if progress is not None:
                progress(total, total)
            return done
        if server_offset is not None:
            offset = server_offset
            if progress is not None:
                progress(offset, total)


def _resumable_status(status: int) -> bool:
    # 400 is what a session answers to a wrong offset; the query tells us the right one.
    return status in {400, 408, 409, 429} or status >= 500


async def _query(
    transport: Transport, session_url: str, target: str
) -> tuple[int | None, FileInfo | None]:
    """Ask the session for its state: (bytes received, None) or (None, the finished file)."""
    headers = transport.headers(auth=False, extra={"x-goog-upload-command": "query"})
    try:
        response = await transport.http.post(session_url, content=b"", headers=headers)
    except httpx.TransportError as exc:
        log.info("upload query failed: %s", transport.transport_error(exc, target))
        return None, None
    status = response.headers.get("x-goog-upload-status", "").lower()
    if response.is_success and status == "final":
        return None, _file_from(response)
    if response.is_success and status == "active":
        received = response.headers.get("x-goog-upload-size-received", "")
        return (int(received), None) if received.isdigit() else (None, None)
    if status == "cancelled" or 400 <= response.status_code < 500:
        raise FileProcessingError(
            f"the upload session is no longer usable ({status or response.status_code})",
            http_status=response.status_code,
        )
    return None, None


def _file_from(response: httpx.Response) -> FileInfo:
    body: dict[str, Any] = decode_object(response)
    file = body.get("file", body)
    if not isinstance(file, dict) or not file.get("name"):
        raise ApiError("the final upload response carried no file")
    return FileInfo.from_api(file)
