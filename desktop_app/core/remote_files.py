"""Attachments → content blocks: inline base64 for small images, else the Files API.

An upload's URI is cached on the attachment with its expiry and reused (also by
other attachments with the same content); one that has expired, or that the server
refused, is uploaded again from the local copy without asking the user.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_app.api.client import GeminiClient
from desktop_app.core.errors import InputError
from desktop_app.core.events import EngineEvent, UploadProgress
from desktop_app.core.mime import content_kind
from desktop_app.store import Attachment, HistoryStore
from desktop_app.text import translate_noop

__all__ = ["EXPIRY_MARGIN", "AttachmentResolver"]

_COPY_MISSING = translate_noop(
    "Engine", "The saved copy of {name} is missing; attach the file again."
)

# An upload that expires sooner than this is not worth reusing: the request (and a
# stateless replay of it) could outlive it.
EXPIRY_MARGIN = timedelta(minutes=30)

Block = dict[str, Any]


class AttachmentResolver:
    def __init__(
        self,
        store: HistoryStore,
        client: GeminiClient,
        *,
        inline_image_limit: int,
        emit: Callable[[EngineEvent], None],
        on_upload: Callable[[], None] | None = None,
    ) -> None:
        self._store = store
        self._client = client
        self._inline_limit = inline_image_limit
        self._emit = emit
        self._on_upload = on_upload
        self.uploaded: list[str] = []  # display names uploaded during this turn

    def is_inline(self, att: Attachment) -> bool:
        return content_kind(att.mime_type) == "image" and att.size <= self._inline_limit

    async def block(self, att: Attachment, *, force_upload: bool = False) -> Block:
        kind = content_kind(att.mime_type)
        if self.is_inline(att):
            data = await asyncio.to_thread(self._read, att)
            return {
                "type": kind,
                "data": base64.b64encode(data).decode("ascii"),
                "mime_type": att.mime_type,
            }
        if not force_upload:
            uri = self._cached_uri(att)
            if uri is not None:
                return {"type": kind, "uri": uri, "mime_type": att.mime_type}
        uri = await self._upload(att)
        return {"type": kind, "uri": uri, "mime_type": att.mime_type}

    def _cached_uri(self, att: Attachment) -> str | None:
        valid_until = datetime.now(UTC) + EXPIRY_MARGIN
        if att.remote_uri and (att.remote_expiry is None or att.remote_expiry > valid_until):
            return att.remote_uri
        other = self._store.find_remote_upload(att.sha256, valid_until=valid_until)
        if other is None or other.remote_uri is None:
            return None
        self._store.set_attachment_remote(
            att.id, name=other.remote_name, uri=other.remote_uri, expiry=other.remote_expiry
        )
        return other.remote_uri

    async def _upload(self, att: Attachment) -> str:
        if not att.path.exists():
            raise InputError(_COPY_MISSING.format(name=att.display_name))
        name = att.display_name
        if self._on_upload is not None:
            self._on_upload()

        def progress(sent: int, total: int) -> None:
            self._emit(UploadProgress(name, sent, total))

        progress(0, att.size)
        info = await self._client.upload_file(
            att.path, mime_type=att.mime_type, display_name=name, progress=progress
        )
        if not info.is_active:
            # Short media are ready within a second; the client backs off from there.
            info = await self._client.wait_until_active(info.name, poll_interval=0.25)
        self._store.set_attachment_remote(
            att.id, name=info.name, uri=info.uri, expiry=info.expiration_time
        )
        self.uploaded.append(name)
        return info.uri

    @staticmethod
    def _read(att: Attachment) -> bytes:
        try:
            return att.path.read_bytes()
        except FileNotFoundError:
            raise InputError(_COPY_MISSING.format(name=att.display_name)) from None
