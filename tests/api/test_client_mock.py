"""Narrow client cases through httpx.MockTransport: URLs, headers, retries, waits.

Everything protocol-level runs over real HTTP against the emulator
(test_client_emulator.py); these cover what a scripted transport pins more exactly.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from desktop_app import __version__
from desktop_app.api import (
    ApiConnectionError,
    AuthenticationError,
    GeminiClient,
    InvalidRequestError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    StepAccumulator,
    StepDelta,
    StreamTruncatedError,
)
from tests.api.conftest import UNIT_KEY, SleepRecorder

Handler = Callable[[httpx.Request], httpx.Response]
BASE = "https://gemini.test"


def client_for(handler: Handler, policy: RetryPolicy) -> tuple[GeminiClient, httpx.AsyncClient]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return GeminiClient(UNIT_KEY, base_url=BASE, http=http, retry=policy), http


def ok_interaction(text: str = "hi") -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "id": "v1_a",
            "status": "completed",
            "steps": [{"type": "model_output", "content": [{"type": "text", "text": text}]}],
        },
    )


@pytest.mark.asyncio
async def test_headers_url_and_body(policy: RetryPolicy) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok_interaction()

    client, http = client_for(handler, policy)
    async with http, client:
        interaction = await client.create({"model": "m", "input": "x", "stream": True})
    assert interaction.output_text == "hi"
    (request,) = seen
    assert str(request.url) == f"{BASE}/v1beta/interactions"
    assert request.headers["x-goog-api-key"] == UNIT_KEY
    assert request.headers["api-revision"] == "2026-05-20"
    assert request.headers["user-agent"] == f"gemdesk/{__version__}"
    assert "key" not in request.url.params
    assert json.loads(request.content) == {"model": "m", "input": "x"}  # stream dropped


def test_base_url_defaults_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    client = GeminiClient(UNIT_KEY, http=httpx.AsyncClient())
    assert client.base_url == "https://generativelanguage.googleapis.com"
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", "http://127.0.0.1:9/")
    client = GeminiClient(UNIT_KEY, http=httpx.AsyncClient(), api_version="v1")
    assert (client.base_url, client.api_version) == ("http://127.0.0.1:9", "v1")
    assert UNIT_KEY not in repr(client)
    assert UNIT_KEY not in repr(client.__dict__)


@pytest.mark.asyncio
async def test_503_then_429_then_success_waits_as_told(
    policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    answers = iter(
        [
            httpx.Response(
                503, json={"error": {"code": 503, "status": "UNAVAILABLE", "message": "x"}}
            ),
            httpx.Response(
                429, headers={"Retry-After": "2"}, json={"error": {"code": "too_many_requests"}}
            ),
            httpx.Response(500, headers={"retry-after-ms": "1500"}, text="oops"),
            ok_interaction(),
        ]
    )
    client, http = client_for(lambda _r: next(answers), policy)
    async with http:
        await client.create({"model": "m", "input": "x"})
    assert sleeps.waits == [0.5, 2.0, 1.5]


@pytest.mark.asyncio
async def test_gives_up_after_four_retries(policy: RetryPolicy, sleeps: SleepRecorder) -> None:
    calls = 0

    def handler(_r: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(500, json={"error": {"code": "internal", "message": "boom"}})

    client, http = client_for(handler, policy)
    async with http:
        with pytest.raises(ServerError, match="boom"):
            await client.create({"model": "m", "input": "x"})
    assert calls == 5
    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.asyncio
async def test_connection_errors_are_retried(policy: RetryPolicy, sleeps: SleepRecorder) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise httpx.ConnectError("refused", request=request)
        return ok_interaction()

    client, http = client_for(handler, policy)
    async with http:
        await client.create({"model": "m", "input": "x"})
    assert calls == 3
    assert sleeps.waits == [0.5, 1.0]

    def always_down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client, http = client_for(always_down, policy)
    async with http:
        with pytest.raises(ApiConnectionError):
            await client.get("v1_a")


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (
            400,
            {
                "error": {
                    "code": 400,
                    "status": "INVALID_ARGUMENT",
                    "details": [{"reason": "API_KEY_INVALID"}],
                }
            },
            AuthenticationError,
        ),
        (400, {"error": {"code": "invalid_request", "message": "bad"}}, InvalidRequestError),
    ],
)
async def test_client_errors_are_not_retried(
    policy: RetryPolicy, sleeps: SleepRecorder, status: int, body: object, cls: type[Exception]
) -> None:
    calls = 0

    def handler(_r: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(status, json=body)

    client, http = client_for(handler, policy)
    async with http:
        with pytest.raises(cls):
            await client.create({"model": "m", "input": "x"})
    assert (calls, sleeps.waits) == (1, [])


@pytest.mark.asyncio
async def test_too_long_retry_after_is_not_waited_for(
    policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    client, http = client_for(
        lambda _r: httpx.Response(429, headers={"Retry-After": "3600"}, json={}), policy
    )
    async with http:
        with pytest.raises(RateLimitError) as info:
            await client.create({"model": "m", "input": "x"})
    assert info.value.retry_after == 3600
    assert "60 min" in info.value.human_message()
    assert sleeps.waits == []


def sse(*objs: dict[str, object]) -> bytes:
    return "".join(f"data: {json.dumps(o)}\n\n" for o in objs).encode()


async def broken(data: bytes) -> AsyncIterator[bytes]:
    yield data
    raise httpx.ReadError("connection reset")


@pytest.mark.asyncio
async def test_stream_without_event_ids_resumes_by_replay_and_skips_what_was_seen(
    policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    events = [
        {
            "event_type": "interaction.created",
            "interaction": {"id": "v1_a", "status": "in_progress"},
        },
        {"event_type": "step.start", "index": 0, "step": {"type": "model_output"}},
        {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "ab"}},
        {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "cd"}},
        {"event_type": "step.stop", "index": 0},
        {
            "event_type": "interaction.completed",
            "interaction": {"id": "v1_a", "status": "completed"},
        },
    ]
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        headers = {"content-type": "text/event-stream"}
        if request.method == "POST":
            return httpx.Response(200, headers=headers, content=broken(sse(*events[:3])))
        return httpx.Response(200, headers=headers, content=sse(*events) + b"data: [DONE]\n\n")

    client, http = client_for(handler, policy)
    async with http:
        got = [e async for e in client.stream({"model": "m", "input": "x"})]
    text = "".join(e.text for e in got if isinstance(e, StepDelta))
    assert text == "abcd"
    assert len(got) == len(events)
    assert [r.method for r in requests] == ["POST", "GET"]
    assert requests[1].url.path == "/v1beta/interactions/v1_a"
    assert dict(requests[1].url.params) == {"stream": "true"}
    assert requests[1].headers["accept"] == "text/event-stream"
    assert sleeps.waits == [0.5]


@pytest.mark.asyncio
async def test_store_false_stream_without_checkpoint_is_truncated(policy: RetryPolicy) -> None:
    created = {"event_type": "interaction.created", "interaction": {"id": "v1_a"}, "event_id": "e0"}
    start = {
        "event_type": "step.start",
        "index": 0,
        "step": {"type": "model_output"},
        "event_id": "e1",
    }

    def handler(_r: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, content=sse(created, start)
        )

    client, http = client_for(handler, policy)
    async with http:
        with pytest.raises(StreamTruncatedError) as info:
            async for _ in client.stream({"model": "m", "input": "x", "store": False}):
                pass
    assert (info.value.interaction_id, info.value.last_event_id) == ("v1_a", "e1")


@pytest.mark.asyncio
async def test_a_json_answer_to_a_stream_request_becomes_events(policy: RetryPolicy) -> None:
    client, http = client_for(lambda _r: ok_interaction("whole answer"), policy)
    async with http:
        got = [e async for e in client.stream({"model": "m", "input": "x"})]
    acc = StepAccumulator()
    for event in got:
        acc.feed(event)
    assert acc.steps == [
        {"type": "model_output", "content": [{"type": "text", "text": "whole answer"}]}
    ]
    assert acc.completed


@pytest.mark.asyncio
async def test_eof_after_a_failed_status_is_the_end_not_a_drop(policy: RetryPolicy) -> None:
    calls = 0

    def handler(_r: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        body = sse(
            {"event_type": "interaction.created", "interaction": {"id": "v1_a"}},
            {
                "event_type": "interaction.status_update",
                "interaction_id": "v1_a",
                "status": "failed",
            },
        )
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    client, http = client_for(handler, policy)
    async with http:
        got = [e async for e in client.stream({"model": "m", "input": "x"})]
    assert len(got) == 2
    assert calls == 1


@pytest.mark.asyncio
async def test_eof_after_a_completed_status_is_still_a_truncation(policy: RetryPolicy) -> None:
    # Only interaction.completed / [DONE] end a stream well: a status saying so is not enough.
    def handler(_r: httpx.Request) -> httpx.Response:
        body = sse(
            {"event_type": "interaction.created", "interaction": {"id": "v1_a"}},
            {"event_type": "step.start", "index": 0, "step": {"type": "model_output"}},
            {
                "event_type": "interaction.status_update",
                "interaction_id": "v1_a",
                "status": "completed",
            },
        )
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    client, http = client_for(handler, policy)
    async with http:
        with pytest.raises(StreamTruncatedError):
            async for _ in client.stream({"model": "m", "input": "x", "store": False}):
                pass


@pytest.mark.asyncio
async def test_clean_eof_without_completion_is_resumed_then_reported(
    policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        events = [
            {"event_type": "interaction.created", "interaction": {"id": "v1_a"}, "event_id": "e1"}
        ]
        body = sse(*events) if request.method == "POST" else b": nothing new\n\n"
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    client, http = client_for(handler, policy)
    async with http:
        with pytest.raises(StreamTruncatedError, match="gave up resuming after 4 attempts"):
            async for _ in client.stream({"model": "m", "input": "x"}):
                pass
    assert [r.method for r in requests] == ["POST", "GET", "GET", "GET", "GET"]
    assert all(r.url.params["last_event_id"] == "e1" for r in requests[1:])
    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.asyncio
async def test_a_replay_that_never_gets_further_ends_in_truncation(
    policy: RetryPolicy, sleeps: SleepRecorder
) -> None:
    events = [
        {"event_type": "interaction.created", "interaction": {"id": "v1_a"}},
        {"event_type": "step.start", "index": 0, "step": {"type": "model_output"}},
        {"event_type": "step.delta", "index": 0, "delta": {"type": "text", "text": "ab"}},
    ]
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, content=broken(sse(*events))
        )

    client, http = client_for(handler, policy)
    got: list[object] = []

    async def read_all() -> None:
        async for event in client.stream({"model": "m", "input": "x"}):
            got.append(event)

    async with http:
        with pytest.raises(StreamTruncatedError):
            await read_all()
    assert len(got) == 3  # the replays were skipped, never repeated to the caller
    assert [r.method for r in requests] == ["POST"] + ["GET"] * 4
    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]
