"""Server-sent events from raw bytes: a pure, incremental decoder.

Bytes → UTF-8 (decoded incrementally, so a character split across reads survives) →
lines (httpx-sse's line decoder keeps a trailing CR until the next read, so a CRLF split
across reads is one line end) → SSE fields (httpx-sse's field decoder: ``:`` comments,
multi-line ``data:``, ``id:``, ``retry:``). On top of that, protocol rules (§4.1, App. A):
a leading BOM is dropped, blocks with empty data (``retry:``-only) are skipped,
``data: [DONE]`` becomes :data:`DONE`, and an unfinished block at EOF is discarded.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any, Final

from httpx_sse import ServerSentEvent
from httpx_sse._decoders import SSEDecoder as _FieldDecoder
from httpx_sse._decoders import SSELineDecoder as _LineDecoder

__all__ = ["DONE", "Done", "MalformedData", "SSEDecoder", "aiter_payloads", "decode_payload"]


class Done:
    """The ``[DONE]`` sentinel that ends a stream."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "DONE"


DONE: Final = Done()


@dataclass(frozen=True, slots=True)
class MalformedData:
    """A block whose data was not a JSON object. Kept (not raised) so one bad frame
    cannot kill an answer; the client logs it and moves on."""

    event: str
    data: str


Payload = dict[str, Any] | Done | MalformedData


class SSEDecoder:
    """Feed it bytes as they arrive; it returns the complete events so far."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._lines = _LineDecoder()
        self._fields = _FieldDecoder()
        self._started = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        text = self._utf8.decode(chunk)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if not text:
            return []
        return self._dispatch(self._lines.decode(text))

    def close(self) -> list[ServerSentEvent]:
        """End of input. Only blocks terminated by a blank line count; a dangling one is dropped."""
        tail = self._utf8.decode(b"", final=True)
        lines = self._lines.decode(tail) if tail else []
        events = self._dispatch(lines)
        # flush() returns the unterminated last line (never dispatched: no blank line follows)
        # or, after a lone trailing CR, an empty line that legitimately ends the block.
        events.extend(self._dispatch(self._lines.flush()))
        return events

    def _dispatch(self, lines: Iterable[str]) -> list[ServerSentEvent]:
        events = []
        for line in lines:
            event = self._fields.decode(line)
            if event is not None:
                events.append(event)
        return events


def decode_payload(event: ServerSentEvent) -> Payload | None:
    """The JSON object of one SSE block, :data:`DONE`, a :class:`MalformedData`, or ``None``
    for blocks without data (``retry:``-only or ``id:``-only)."""
    data = event.data
    if not data.strip():
        return None
    if data.strip() == "[DONE]":
        return DONE
    try:
        value = json.loads(data)
    except ValueError:
        return MalformedData(event.event, data)
    if not isinstance(value, dict):
        return MalformedData(event.event, data)
    return value


async def aiter_payloads(chunks: AsyncIterable[bytes]) -> AsyncIterator[Payload]:
    """Decode a byte stream into payloads (see :func:`decode_payload`)."""
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            payload = decode_payload(event)
            if payload is not None:
                yield payload
    for event in decoder.close():
        payload = decode_payload(event)
        if payload is not None:
            yield payload
