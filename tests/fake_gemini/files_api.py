"""Files API: the resumable upload protocol (§6.1) and get / list / delete.

Uploaded bytes are never kept: a session keeps only the byte count and a running
SHA-256, so a 1 GiB upload costs the emulator no memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import catalog
from .faults import Fault
from .state import FileRecord, State, UploadSession, utcnow
from .wire import HttpError, Receive, Send, break_connection, send_bytes, send_json

Json = dict[str, Any]

CHUNK_GRANULARITY = 262144
_FILE_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def permission_denied(file_id: str) -> HttpError:
    return HttpError(
        403, f"You do not have permission to access the File {file_id} or it may not exist."
    )


def _commands(headers: Any) -> set[str]:
    raw = str(headers.get("x-goog-upload-command", ""))
    return {part.strip().lower() for part in raw.split(",") if part.strip()}


async def start(
    state: State, headers: Any, body: Any, base_url: str, version: str, send: Send
) -> None:
    if str(headers.get("x-goog-upload-protocol", "")).lower() != "resumable":
        raise HttpError(400, "Only the resumable upload protocol is supported.")
    if _commands(headers) != {"start"}:
        raise HttpError(400, "X-Goog-Upload-Command must be 'start'.")
    meta = body.get("file") if isinstance(body, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    mime = (
        headers.get("x-goog-upload-header-content-type")
        or meta.get("mime_type")
        or meta.get("mimeType")
    )
    if not mime:
        raise HttpError(400, "Unsupported MIME type: a mime type is required.")
    declared: int | None = None
    length = headers.get("x-goog-upload-header-content-length")
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            raise HttpError(400, "Invalid X-Goog-Upload-Header-Content-Length.") from None
    requested = meta.get("name")
    if requested is not None:
        requested = str(requested).removeprefix("files/")
        if not _FILE_ID.match(requested):
            raise HttpError(400, f"Invalid file name {requested!r}.")
        if requested in state.files:
            raise HttpError(409, f"File files/{requested} already exists.", code="ALREADY_EXISTS")
    display = meta.get("display_name", meta.get("displayName"))
    session = UploadSession(
        id=f"upl-{state.next_number():06d}-x",
        display_name=str(display) if display is not None else None,
        mime_type=str(mime),
        declared_size=declared,
        requested_id=requested,
    )
    with state.lock:
        state.uploads[session.id] = session
    url = f"{base_url}/upload/{version}/files?upload_id={session.id}&upload_protocol=resumable"
    await send_bytes(
        send,
        200,
        b"",
        headers={
            "X-Goog-Upload-URL": url,
            "X-Goog-Upload-Control-URL": url,
            "X-Goog-Upload-Status": "active",
            "X-Goog-Upload-Chunk-Granularity": str(CHUNK_GRANULARITY),
        },
    )


def _status_headers(session: UploadSession) -> dict[str, str]:
    return {
        "X-Goog-Upload-Status": session.status,
        "X-Goog-Upload-Size-Received": str(session.received),
    }


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _finalize(state: State, session: UploadSession, faults: Sequence[Fault]) -> FileRecord:
    if session.declared_size is not None and session.received != session.declared_size:
        raise HttpError(
            400,
            f"Upload finalized with {session.received} bytes but "
            f"{session.declared_size} were declared.",
            headers=_status_headers(session),
        )
    failing = any(f.kind == "file_failed" for f in faults)
    slow = session.mime_type.startswith("video/") or failing
    record = FileRecord(
        id=session.requested_id or state.new_file_id(),
        display_name=session.display_name,
        mime_type=session.mime_type,
        size=session.received,
        sha256=session.hasher.digest(),
        created=utcnow(),
        state="PROCESSING" if slow else "ACTIVE",
        processing_polls_left=state.processing_polls if slow else 0,
        final_state="FAILED" if failing else "ACTIVE",
    )
    session.status = "final"
    session.file = record
    with state.lock:
        state.files[record.id] = record
    return record


async def chunk(
    state: State,
    upload_id: str,
    headers: Any,
    receive: Receive,
    send: Send,
    faults: Sequence[Fault],
) -> None:
    """One request on a session URL: upload / upload, finalize / finalize / query / cancel."""
    session = state.uploads.get(upload_id)
    if session is None:
        await _drain(receive)
        raise HttpError(404, "Upload session not found.")
    commands = _commands(headers)
    if session.status == "cancelled":
        await _drain(receive)
        raise HttpError(400, "The upload session was cancelled.", headers=_status_headers(session))
    if "query" in commands:
        await _drain(receive)
        body = b"" if session.file is None else _file_body(session.file)
        await send_bytes(send, 200, body, headers=_status_headers(session))
        return
    if "cancel" in commands:
        await _drain(receive)
        session.status = "cancelled"
        await send_bytes(send, 200, b"", headers=_status_headers(session))
        return
    if not commands <= {"upload", "finalize"} or not commands:
        await _drain(receive)
        raise HttpError(400, f"Unsupported X-Goog-Upload-Command {sorted(commands)}.")
    if session.status == "final":
        await _drain(receive)
        assert session.file is not None
        await send_bytes(send, 200, _file_body(session.file), headers=_status_headers(session))
        return
    if "upload" in commands:
        try:
            offset = int(headers.get("x-goog-upload-offset", ""))
        except ValueError:
            await _drain(receive)
            raise HttpError(
                400, "X-Goog-Upload-Offset is required.", headers=_status_headers(session)
            ) from None
        if offset != session.received:
            await _drain(receive)
            raise HttpError(
                400,
                f"Invalid X-Goog-Upload-Offset {offset}: the server has {session.received} bytes.",
                headers=_status_headers(session),
            )
        # A break fires in the request that reaches its offset, once per session; the
        # requests before it do not use the fault up.
        breaks = [
            f
            for f in faults
            if f.kind == "upload_break" and f.at_byte >= offset and f.at_byte not in session.breaks
        ]
        cut = min((f.at_byte for f in breaks), default=None)
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # client went away; keep what arrived
            data: bytes = message.get("body", b"")
            if cut is not None and session.received + len(data) >= cut:
                keep = cut - session.received
                session.hasher.update(data[:keep])
                session.received += keep
                session.breaks.add(cut)
                state.faults.refund([f for f in breaks if f.at_byte != cut])
                # Start an answer and abandon it: the client sees a broken connection.
                break_connection()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [(b"content-length", b"100")],
                    }
                )
                return
            session.hasher.update(data)
            session.received += len(data)
            if not message.get("more_body", False):
                break
        state.faults.refund(breaks)
    else:
        await _drain(receive)
    if "finalize" in commands:
        record = _finalize(state, session, faults)
        await send_bytes(send, 200, _file_body(record), headers=_status_headers(session))
        return
    await send_bytes(send, 200, b"", headers=_status_headers(session))


def _file_body(record: FileRecord) -> bytes:
    import json

    return json.dumps({"file": record.json()}).encode("utf-8")


def lookup(state: State, file_id: str) -> FileRecord:
    record = state.files.get(file_id)
    if record is None or record.expired:
        raise permission_denied(file_id)
    return record


def advance(record: FileRecord) -> None:
    """A GET of a PROCESSING file: count down, then reach the final state."""
    if record.state != "PROCESSING":
        return
    if record.processing_polls_left > 0:
        record.processing_polls_left -= 1
        return
    record.state = record.final_state
    if record.state == "FAILED":
        record.error = {"code": 3, "message": "The file could not be processed.", "details": []}


async def get(state: State, file_id: str, send: Send) -> None:
    record = lookup(state, file_id)
    advance(record)
    await send_json(send, record.json())


async def list_files(state: State, query: dict[str, str], send: Send) -> None:
    items = [f.json() for f in state.files.values() if not f.expired]
    await send_json(send, catalog.page(items, query, default=10, maximum=100, key="files"))


async def delete(state: State, file_id: str, send: Send) -> None:
    lookup(state, file_id)
    with state.lock:
        del state.files[file_id]
    await send_json(send, {})


async def download(state: State, file_id: str, send: Send) -> None:
    lookup(state, file_id)
    raise HttpError(400, f"Only generated files can be downloaded; files/{file_id} was uploaded.")
