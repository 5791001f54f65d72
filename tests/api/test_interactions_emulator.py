"""get / get_stream / cancel / delete, models, keys and error dialects over real HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop_app.api import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    GeminiClient,
    InteractionCompleted,
    InteractionCreated,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    StepDelta,
    StreamEvent,
    StreamTruncatedError,
)
from tests.api.conftest import BAD_KEY, SleepRecorder
from tests.fake_gemini.faults import Fault
from tests.fake_gemini.server import FakeGemini

MODEL = "gemini-3-flash-preview"
MakeClient = Callable[..., GeminiClient]


@pytest.mark.asyncio
async def test_get_returns_the_whole_timeline(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        created = await client.create({"model": MODEL, "input": "Hello"})
        fetched = await client.get(created.id)
        with_input = await client.get(created.id, include_input=True)
    assert [s["type"] for s in fetched.steps] == ["user_input", "model_output"]
    assert fetched.steps[1:] == created.steps
    assert fetched.output_text == created.output_text
    assert with_input.raw["input"] == "Hello"
    assert fake_gemini.requests[1].query == {"stream": "false"}


@pytest.mark.asyncio
async def test_get_stream_replays_and_resumes_after_an_event_id(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        created = await client.create({"model": MODEL, "input": "/markdown 800"})
        everything = [e async for e in client.get_stream(created.id)]
        cursor = everything[5].event_id
        rest = [e async for e in client.get_stream(created.id, last_event_id=cursor)]
    assert isinstance(everything[0], InteractionCreated)
    assert isinstance(everything[-1], InteractionCompleted)
    assert [e.event_id for e in rest] == [e.event_id for e in everything[6:]]
    text = "".join(e.text for e in everything if isinstance(e, StepDelta))
    assert text == created.output_text
    assert fake_gemini.requests[-1].query == {"stream": "true", "last_event_id": cursor}


@pytest.mark.asyncio
async def test_get_stream_does_not_resume_a_broken_stream(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        created = await client.create({"model": MODEL, "input": "/markdown 800"})
        fake_gemini.add_fault(Fault(kind="drop", after=4))
        seen: list[object] = []

        async def read_all() -> None:
            async for event in client.get_stream(created.id):
                seen.append(event)

        with pytest.raises(ApiConnectionError):
            await read_all()
    assert len(seen) == 4
    assert len(fake_gemini.requests) == 2


@pytest.mark.asyncio
async def test_get_stream_reports_a_clean_eof_as_truncated_with_its_cursor(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    # get_stream is the raw §4.7 call: it never resumes by itself (stream() does), but
    # it never passes a cut stream off as complete, and its error says where to go on.
    async with make_client() as client:
        created = await client.create({"model": MODEL, "input": "/markdown 800"})
        fake_gemini.add_fault(Fault(kind="truncate", after=6))
        seen: list[StreamEvent] = []

        async def read_all() -> None:
            async for event in client.get_stream(created.id):
                seen.append(event)

        with pytest.raises(StreamTruncatedError) as info:
            await read_all()
        rest = [e async for e in client.get_stream(created.id, info.value.last_event_id)]
    assert len(seen) == 6
    assert info.value.interaction_id == created.id
    assert info.value.last_event_id == seen[-1].event_id
    everything = fake_gemini.interactions[created.id].events
    assert [e.event_id for e in seen + rest] == [e["event_id"] for e in everything]
    assert isinstance(rest[-1], InteractionCompleted)


@pytest.mark.asyncio
async def test_background_cancel_and_delete(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    fake_gemini.set_background_polls(5)
    async with make_client() as client:
        started = await client.create({"model": MODEL, "input": "Hello", "background": True})
        assert started.status == "in_progress"
        assert (await client.get(started.id)).status == "in_progress"
        cancelled = await client.cancel(started.id)
        assert cancelled.status == "cancelled"
        with pytest.raises(InvalidRequestError):
            await client.cancel(started.id)  # not running any more: 400, not retried
        await client.delete(started.id)
        with pytest.raises(NotFoundError):
            await client.get(started.id)
    cancel = fake_gemini.requests_to("/cancel")
    assert len(cancel) == 2
    assert cancel[0].path == f"/v1beta/interactions/{started.id}/cancel"


@pytest.mark.asyncio
async def test_expired_previous_interaction_is_not_found_and_not_retried(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    async with make_client() as client:
        first = await client.create({"model": MODEL, "input": "I have 2 dogs."})
        fake_gemini.expire_interaction(first.id)
        with pytest.raises(NotFoundError) as info:
            await client.create(
                {"model": MODEL, "input": "Paws?", "previous_interaction_id": first.id}
            )
        with pytest.raises(NotFoundError):
            await client.create(
                {"model": MODEL, "input": "y", "previous_interaction_id": "does-not-exist"}
            )
        unstored = await client.create({"model": MODEL, "input": "x", "store": False})
        with pytest.raises(NotFoundError):  # store=false interactions cannot be chained
            await client.create(
                {"model": MODEL, "input": "y", "previous_interaction_id": unstored.id}
            )
        second = await client.create({"model": MODEL, "input": "x"})
        fake_gemini.add_fault(Fault(kind="previous_expired"))
        with pytest.raises(NotFoundError):
            await client.create(
                {"model": MODEL, "input": "y", "previous_interaction_id": second.id}
            )
    assert info.value.code == "not_found"
    assert sleeps.waits == []


@pytest.mark.asyncio
async def test_list_models_follows_every_page(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        models = await client.list_models(page_size=2)
        all_at_once = await client.list_models()
    assert models == all_at_once
    assert len(models) == 7
    pages = fake_gemini.requests_to("/models")
    assert len(pages) == 5  # 4 pages of 2 (the last one of 1), then one big page
    assert pages[1].query["pageToken"]
    flash = next(m for m in models if m.id == MODEL)
    assert flash.name == f"models/{MODEL}"
    assert (
        flash.display_name,
        flash.input_token_limit,
        flash.output_token_limit,
        flash.thinking,
    ) == (
        "Gemini 3 Flash Preview",
        1048576,
        65536,
        True,
    )
    assert flash.can_generate
    embedding = next(m for m in models if m.id == "gemini-embedding-001")
    assert not embedding.thinking
    assert not embedding.can_generate


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("api_key", "status"),
    [(BAD_KEY, 400), ("", 403)],
    ids=["invalid", "missing"],
)
async def test_bad_or_missing_key_is_a_clear_error_and_not_retried(
    fake_gemini: FakeGemini,
    make_client: MakeClient,
    sleeps: SleepRecorder,
    caplog: pytest.LogCaptureFixture,
    api_key: str,
    status: int,
) -> None:
    async with make_client(api_key=api_key) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.create({"model": MODEL, "input": "Hello"})
        with pytest.raises(AuthenticationError):
            async for _ in client.stream({"model": MODEL, "input": "Hello"}):
                pass
        with pytest.raises(AuthenticationError):
            await client.list_models()
    assert info.value.http_status == status
    assert (
        info.value.human_message()
        == "The API key is missing or not valid. Check it in Preferences."
    )
    assert len(fake_gemini.requests) == 3
    assert sleeps.waits == []
    if api_key:
        assert all(r.headers["x-goog-api-key"] == api_key for r in fake_gemini.requests)
    else:
        assert all("x-goog-api-key" not in r.headers for r in fake_gemini.requests)


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["rpc", "interactions", "text"])
async def test_error_dialects_from_the_server(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, dialect: str
) -> None:
    fake_gemini.add_fault(
        Fault(
            kind="http_error",
            status=429,
            dialect=dialect,
            retry_after="3",
            message="slow down",
            times=0,
        )  # type: ignore[arg-type]
    )
    async with make_client() as client:
        with pytest.raises(RateLimitError) as info:
            await client.create({"model": MODEL, "input": "Hello"})
    assert info.value.retry_after == 3
    assert "slow down" in info.value.message
    assert sleeps.waits == [3.0] * 4
    assert len(fake_gemini.requests) == 5


@pytest.mark.asyncio
async def test_retry_after_ms_and_recovery(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake_gemini.add_fault(Fault(kind="http_error", status=503, retry_after_ms=1500))
    fake_gemini.add_fault(Fault(kind="http_error", status=500, path="/models"))
    async with make_client() as client:
        interaction = await client.create({"model": MODEL, "input": "Hello"})
        assert interaction.status == "completed"
        assert await client.list_models()
    assert sleeps.waits == [1.5, 0.5]


@pytest.mark.asyncio
async def test_server_error_gives_up_after_four_retries(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake_gemini.add_fault(Fault(kind="http_error", status=500, times=0))
    async with make_client() as client:
        with pytest.raises(ServerError) as info:
            await client.get("v1_whatever")
    assert info.value.http_status == 500
    assert len(fake_gemini.requests) == 5
    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_every_retryable_status_is_retried(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, status: int
) -> None:
    fake_gemini.add_fault(Fault(kind="http_error", status=status, times=2))
    async with make_client() as client:
        interaction = await client.create({"model": MODEL, "input": "Hello"})
    assert interaction.status == "completed"
    assert len(fake_gemini.requests) == 3
    assert sleeps.waits == [0.5, 1.0]


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_other_client_errors_are_not_retried(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, status: int
) -> None:
    fake_gemini.add_fault(Fault(kind="http_error", status=status, times=0))
    async with make_client() as client:
        with pytest.raises(ApiError) as info:
            await client.create({"model": MODEL, "input": "Hello"})
    assert info.value.http_status == status
    assert len(fake_gemini.requests) == 1
    assert sleeps.waits == []


@pytest.mark.asyncio
async def test_retry_after_wins_over_backoff_and_ms_wins_over_seconds(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    faults = [
        Fault(kind="http_error", status=429, retry_after="7"),
        Fault(kind="http_error", status=503, retry_after="9", retry_after_ms=250),
        Fault(kind="http_error", status=503, retry_after="0"),
    ]
    async with make_client() as client:
        for fault in faults:  # one at a time: a queued fault hits every request it matches
            fake_gemini.add_fault(fault)
            await client.create({"model": MODEL, "input": "Hello"})
    # 7 s as told; -ms beats seconds; a zero Retry-After falls back to the backoff.
    assert sleeps.waits == [7.0, 0.25, 0.5]


@pytest.mark.asyncio
async def test_base_url_and_path_version_are_overridable(fake_gemini: FakeGemini) -> None:
    # GOOGLE_GEMINI_BASE_URL is the default; an explicit base_url wins over it.
    async with GeminiClient(
        fake_gemini.api_key, base_url=fake_gemini.base_url + "/", api_version="v1"
    ) as client:
        await client.create({"model": MODEL, "input": "Hello"})
        await client.list_models()
    assert [r.path for r in fake_gemini.requests] == ["/v1/interactions", "/v1/models"]


@pytest.mark.asyncio
async def test_timeouts_connect_in_10_s_and_streams_stall_after_60_s() -> None:
    async with GeminiClient("k", base_url="http://127.0.0.1:9") as client:
        assert client._http.timeout.connect == 10.0
        assert client.stall_timeout == 60.0
