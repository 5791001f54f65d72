"""A streamed turn that survives drops: every event reaches the caller exactly once.

One *leg* is one HTTP response read as SSE. The first leg is the POST; after a drop
(transport error, no bytes for ``stall_timeout``, or EOF without
``interaction.completed`` / ``[DONE]`` / ``error``) the next leg is, in this order:

1. nothing delivered yet → the same POST again (ordinary retry with backoff);
2. ``GET /interactions/{id}?stream=true&last_event_id=…`` (protocol §4.7) when the
   interaction is stored; without event ids the server replays from the start and the
   events already delivered are skipped by count;
3. a continuation create (``continuation_token`` from the last checkpoint, §4.8) when no
   content arrived since that checkpoint;
4. otherwise :class:`StreamTruncatedError`.

``interaction.completed`` with ``status == "requires_continuation"`` starts the next hop
(a continuation create) just like the official SDK does; the caller sees one stream.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import quote

import httpx

from desktop_app.api._http import Transport, decode_object, safe_target
from desktop_app.api.errors import ApiConnectionError, ApiError, StreamTruncatedError
from desktop_app.api.events import (
    ErrorEvent,
    InteractionCompleted,
    InteractionCreated,
    InteractionStatusUpdate,
    StepDelta,
    StepStart,
    StreamEvent,
    UnknownEvent,
    parse_event,
)
from desktop_app.api.sse import DONE, Done, MalformedData, Payload, SSEDecoder, decode_payload

__all__ = ["ResumableStream", "read_events"]

log = logging.getLogger("desktop_app.api")

# A status_update with one of these says the run is over without a full answer; an EOF
# right after it ends the stream (the caller has the status). "completed" is not in it:
# only interaction.completed / [DONE] end a successful stream, else it is a truncation.
_ENDED_SHORT = frozenset({"failed", "cancelled", "incomplete", "budget_exceeded"})

# Resumes in a row that deliver nothing new before we give up.
MAX_RESUMES_WITHOUT_PROGRESS = 4


def _is_json(response: httpx.Response) -> bool:
    return str(response.headers.get("content-type", "")).startswith("application/json")


def _as_events(raw: dict[str, Any]) -> list[Payload]:
    """A unary Interaction as the event sequence a stream would have carried."""
    partial = {k: v for k, v in raw.items() if k != "steps"}
    steps = raw.get("steps")
    events: list[Payload] = [{"event_type": "interaction.created", "interaction": partial}]
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        events.append({"event_type": "step.start", "index": index, "step": step})
        events.append({"event_type": "step.stop", "index": index})
    events.append({"event_type": "interaction.completed", "interaction": partial})
    return events


class _Dropped(Exception):
    """A leg's body broke after the response started (internal to this module)."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(str(error))
        self.error = error


def _refused(error: ApiError) -> bool:
    """The server answered a resume GET with a 4xx: it cannot replay this interaction."""
    return error.http_status is not None and 400 <= error.http_status < 500


@dataclass
class _Leg:
    method: str
    url: str
    json_body: dict[str, Any] | None = None
    params: dict[str, str] | None = None
    # Events of this leg that were already delivered (GET replay without event ids).
    skip: int = 0


@dataclass
class _State:
    interaction_id: str | None = None
    last_event_id: str | None = None
    hop_events: int = 0  # events of the current interaction delivered so far
    seen: set[tuple[str | None, str]] = field(default_factory=set)
    checkpoint_token: str | None = None
    checkpoint_issuer: str | None = None
    content_since_checkpoint: bool = False
    delivered_any: bool = False
    delivered: int = 0  # events handed to the caller (resume progress is measured by it)
    finished: bool = False
    # A status_update already said the run ended short (failed, cancelled, ...).
    terminal_status: bool = False
    next_hop_token: str | None = None


class ResumableStream:
    def __init__(self, transport: Transport, body: Mapping[str, Any], stall_timeout: float):
        self._t = transport
        self._body = dict(body)
        self._body["stream"] = True
        self._timeout = httpx.Timeout(connect=10.0, read=stall_timeout, write=60.0, pool=10.0)
        self._state = _State()

    # -- public ------------------------------------------------------------------------

    async def events(self) -> AsyncIterator[StreamEvent]:
        state = self._state
        leg: _Leg | None = _Leg("POST", self._t.url("interactions"), json_body=self._body)
        retries = 0
        resumes = 0
        while leg is not None:
            progress_before = state.delivered
            drop: ApiError | None = None
            try:
                async for event in self._run_leg(leg):
                    yield event
            except _Dropped as exc:
                drop = exc.error
            except ApiError as exc:
                if not state.delivered_any:
                    raise  # opening the first request failed after its own retries
                drop = exc  # a resume request failed: counts as one more attempt
            if state.finished:
                if state.next_hop_token is None:
                    return
                leg = self._continuation_leg(state.next_hop_token, state.interaction_id)
                state.next_hop_token = None
                self._start_hop()
                resumes = 0
                continue
            if drop is None:
                if state.terminal_status:
                    return  # a clean EOF after the server said the interaction ended
                drop = ApiConnectionError("the stream ended without interaction.completed")
            if not state.delivered_any:
                # Nothing reached the caller yet: an ordinary retry of the same request.
                if retries >= self._t.retry.max_retries:
                    raise drop
                delay = self._t.retry.backoff(retries)
                retries += 1
                log.info("stream dropped before any event (%s); retry in %.2f s", drop, delay)
                await self._t.retry.sleep(delay)
                continue
            if state.delivered > progress_before:
                resumes = 0
            resumes += 1
            if resumes > MAX_RESUMES_WITHOUT_PROGRESS:
                raise self._truncated(f"gave up resuming after {resumes - 1} attempts: {drop}")
            leg = self._resume_leg(after_failed_get=leg.method == "GET" and _refused(drop))
            if leg is None:
                raise self._truncated(f"the stream broke and cannot be resumed: {drop}")
            delay = self._t.retry.backoff(resumes - 1)
            log.info("stream dropped (%s); resuming in %.2f s", type(drop).__name__, delay)
            await self._t.retry.sleep(delay)

    # -- legs --------------------------------------------------------------------------

    async def _run_leg(self, leg: _Leg) -> AsyncIterator[StreamEvent]:
        """Yield the new events of one response; return normally only on a terminal event
        (``state.finished``) or EOF; transport failures become ApiConnectionError."""
        state = self._state
        headers = self._t.headers(accept="text/event-stream")
        response = await self._t.send(
            leg.method,
            leg.url,
            json_body=leg.json_body,
            params=leg.params,
            headers=headers,
            stream=True,
            http_timeout=self._timeout,
            retry=True,
        )
        skip = leg.skip
        try:
            async with aclosing(self._payloads(response, safe_target(leg.url))) as payloads:
                async for payload in payloads:
                    for event in self._accept(payload):
                        if skip > 0:
                            skip -= 1
                            continue
                        state.delivered += 1
                        yield event
                        if state.finished:
                            return
                    if state.finished:
                        return
        finally:
            await response.aclose()

    async def _payloads(
        self, response: httpx.Response, target: str
    ) -> AsyncGenerator[Payload, None]:
        try:
            if _is_json(response):
                # A server (or proxy) that ignored "stream": the whole interaction at once.
                await response.aread()
                for synthetic in _as_events(decode_object(response)):
                    yield synthetic
                return
            decoder = SSEDecoder()
            # Closed explicitly: left to the garbage collector, httpx's byte iterator
            # is finalised outside the event loop ("Task exception was never retrieved").
            chunks = cast(AsyncGenerator[bytes, None], response.aiter_bytes())
            try:
                async for chunk in chunks:
                    for sse in decoder.feed(chunk):
                        payload = decode_payload(sse)
                        if payload is not None:
                            yield payload
            finally:
                await chunks.aclose()
        except httpx.TransportError as exc:
            raise _Dropped(self._t.transport_error(exc, target)) from None
        for sse in decoder.close():
            payload = decode_payload(sse)
            if payload is not None:
                yield payload

    def _accept(self, payload: Any) -> list[StreamEvent]:
        """Turn a payload into 0 or 1 new events, updating the resume state."""
        state = self._state
        if payload is None:
            return []
        if payload is DONE:
            state.finished = True
            return []
        if isinstance(payload, MalformedData):
            log.warning("skipping a stream event whose data is not a JSON object")
            return [UnknownEvent(type_name=payload.event, raw={"data": payload.data})]
        event = parse_event(payload)
        if event.event_id is not None:
            key = (state.interaction_id, event.event_id)
            if key in state.seen:
                return []  # replayed by the server after a resume
            state.seen.add(key)
            state.last_event_id = event.event_id
        else:
            state.hop_events += 1
        state.delivered_any = True
        if isinstance(event, InteractionCreated):
            if event.interaction_id and event.interaction_id != state.interaction_id:
                # seen-keys are per interaction: recorded under the old id, re-key it
                if event.event_id is not None:
                    state.seen.discard((state.interaction_id, event.event_id))
                    state.seen.add((event.interaction_id, event.event_id))
                state.interaction_id = event.interaction_id
        elif isinstance(event, InteractionStatusUpdate):
            state.terminal_status = event.status in _ENDED_SHORT
            if event.continuation_token:
                state.checkpoint_token = event.continuation_token
                state.checkpoint_issuer = event.interaction_id or state.interaction_id
                state.content_since_checkpoint = False
        elif isinstance(event, (StepStart, StepDelta)):
            state.content_since_checkpoint = True
        elif isinstance(event, InteractionCompleted):
            state.finished = True
            if event.status == "requires_continuation" and event.continuation_token:
                state.next_hop_token = event.continuation_token
        elif isinstance(event, ErrorEvent):
            state.finished = True
        return [event]

    def _start_hop(self) -> None:
        state = self._state
        state.last_event_id = None
        state.hop_events = 0
        state.checkpoint_token = None
        state.checkpoint_issuer = None
        state.content_since_checkpoint = False
        state.finished = False
        state.terminal_status = False

    def _resume_leg(self, *, after_failed_get: bool) -> _Leg | None:
        state = self._state
        stored = self._body.get("store") is not False
        if state.interaction_id and stored and not after_failed_get:
            params = {"stream": "true"}
            skip = 0
            if state.last_event_id is not None:
                params["last_event_id"] = state.last_event_id
            else:
                skip = state.hop_events  # full replay: skip what the caller already has
                state.hop_events = 0
            path = f"interactions/{quote(state.interaction_id, safe='')}"
            return _Leg("GET", self._t.url(path), params=params, skip=skip)
        if state.checkpoint_token and not state.content_since_checkpoint:
            return self._continuation_leg(state.checkpoint_token, state.checkpoint_issuer)
        return None

    def _continuation_leg(self, token: str, issuer: str | None) -> _Leg:
        body = dict(self._body)
        body["continuation_token"] = token
        if body.get("store") is not False and issuer:
            body["previous_interaction_id"] = issuer
            body.pop("input", None)
        return _Leg("POST", self._t.url("interactions"), json_body=body)

    def _truncated(self, message: str) -> StreamTruncatedError:
        state = self._state
        return StreamTruncatedError(
            message, interaction_id=state.interaction_id, last_event_id=state.last_event_id
        )


async def read_events(
    transport: Transport, url: str, params: dict[str, str], stall_timeout: float
) -> AsyncIterator[StreamEvent]:
    """One ``GET ?stream=true`` read as events, without resuming. Ends after a terminal
    event; EOF before one raises :class:`StreamTruncatedError`."""
    timeout = httpx.Timeout(connect=10.0, read=stall_timeout, write=60.0, pool=10.0)
    response = await transport.send(
        "GET",
        url,
        params=params,
        headers=transport.headers(accept="text/event-stream"),
        stream=True,
        http_timeout=timeout,
    )
    interaction_id: str | None = None
    last_event_id: str | None = None
    try:
        decoder = SSEDecoder()
        try:
            async for chunk in response.aiter_bytes():
                for sse in decoder.feed(chunk):
                    payload = decode_payload(sse)
                    if payload is None:
                        continue
                    if isinstance(payload, Done):
                        return
                    if isinstance(payload, MalformedData):
                        yield UnknownEvent(type_name=payload.event, raw={"data": payload.data})
                        continue
                    event = parse_event(payload)
                    last_event_id = event.event_id or last_event_id
                    if isinstance(event, InteractionCreated):
                        interaction_id = event.interaction_id
                    yield event
                    if isinstance(event, ErrorEvent) or (
                        isinstance(event, InteractionCompleted)
                        and event.status != "requires_continuation"
                    ):
                        return
        except httpx.TransportError as exc:
            raise transport.transport_error(exc, safe_target(url)) from None
    finally:
        await response.aclose()
    raise StreamTruncatedError(
        "the stream ended without interaction.completed",
        interaction_id=interaction_id,
        last_event_id=last_event_id,
    )
