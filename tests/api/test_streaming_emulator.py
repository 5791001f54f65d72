"""Streams over real HTTP: folding equals unary, and every stream fault is survived.

A resumed stream must give exactly the text of an uninterrupted one: each test
compares against the same request answered without the fault.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop_app.api import (
    ErrorEvent,
    GeminiClient,
    InteractionCompleted,
    InteractionCreated,
    InteractionStatusUpdate,
    RateLimitError,
    ServerError,
    StepAccumulator,
    StepDelta,
    StepStart,
    StreamEvent,
    StreamTruncatedError,
    UnknownEvent,
)
from tests.api.conftest import SleepRecorder
from tests.fake_gemini.faults import Fault
from tests.fake_gemini.server import FakeGemini

MODEL = "gemini-3-flash-preview"
MakeClient = Callable[..., GeminiClient]

THINKING = {"thinking_level": "high", "thinking_summaries": "auto"}
LONG = {"model": MODEL, "input": "/markdown 3000", "generation_config": THINKING}


async def collect(
    client: GeminiClient, body: dict[str, Any]
) -> tuple[list[StreamEvent], StepAccumulator]:
    acc = StepAccumulator()
    events = []
    async for event in client.stream(body):
        events.append(event)
        acc.feed(event)
    return events, acc


def delta_text(events: list[StreamEvent]) -> str:
    """What a UI paints: step.start content plus text deltas."""
    parts = []
    for event in events:
        if isinstance(event, StepStart) and event.step.get("type") == "model_output":
            parts += [
                b.get("text", "") for b in event.step.get("content", []) if b.get("type") == "text"
            ]
        elif isinstance(event, StepDelta) and event.kind == "text":
            parts.append(event.text)
    return "".join(parts)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body",
    [
        {"model": MODEL, "input": "How does AI work?"},
        {"model": MODEL, "input": "Hi", "generation_config": {"thinking_level": "low"}},
        LONG,
        {"model": MODEL, "input": "/markdown 2000", "store": False, "generation_config": THINKING},
    ],
    ids=["plain", "signature-only", "long-thinking", "stateless"],
)
async def test_folded_stream_equals_unary_steps(
    make_client: MakeClient, body: dict[str, Any]
) -> None:
    async with make_client() as client:
        unary = await client.create(body)
        events, acc = await collect(client, {**body, "stream": True})
    assert acc.steps == unary.steps
    assert acc.text == unary.output_text == delta_text(events)
    assert acc.completed
    assert acc.status == unary.status
    assert acc.usage == unary.usage
    assert acc.to_interaction().output_text == unary.output_text
    assert isinstance(events[0], InteractionCreated)
    assert isinstance(events[-1], InteractionCompleted)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "kind", ["step_start_text", "unknown_event", "unknown_delta", "status_variant"]
)
async def test_content_faults_keep_the_steps_intact(
    fake_gemini: FakeGemini, make_client: MakeClient, kind: str
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind=kind, after=6))  # type: ignore[arg-type]
        events, acc = await collect(client, {**LONG, "stream": True})
    assert acc.steps == unary.steps
    assert delta_text(events) == unary.output_text
    if kind == "step_start_text":
        assert any(isinstance(e, StepStart) and e.step.get("content") for e in events)
    elif kind == "status_variant":  # interaction.in_progress instead of .status_update
        assert [
            (e.event_type, e.status) for e in events if isinstance(e, InteractionStatusUpdate)
        ] == [("interaction.in_progress", "in_progress")]
    elif kind == "unknown_event":
        assert [e.type_name for e in events if isinstance(e, UnknownEvent)] == [
            "interaction.mystery_update"
        ]
    else:
        assert [
            e.delta_type for e in events if isinstance(e, StepDelta) and e.kind == "unknown"
        ] == ["hologram"]


@pytest.mark.asyncio
async def test_malformed_event_is_surfaced_as_unknown_and_the_rest_continues(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="malformed_event", after=5))
        events, acc = await collect(client, {**LONG, "stream": True})
    assert acc.steps == unary.steps
    malformed = [e for e in events if isinstance(e, UnknownEvent)]
    assert len(malformed) == 1
    assert malformed[0].type_name == "step.delta"


@pytest.mark.asyncio
async def test_sse_error_event_ends_the_stream(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    fake_gemini.add_fault(
        Fault(kind="sse_error", after=4, code="resource_exhausted", message="quota")
    )
    async with make_client() as client:
        events, acc = await collect(client, {**LONG, "stream": True})
    assert isinstance(events[-1], ErrorEvent)
    assert events[-1].message == "quota"
    assert isinstance(events[-1].to_exception(), RateLimitError)
    assert acc.error is events[-1]
    assert acc.status == "failed"
    assert len(fake_gemini.requests) == 1  # an error event is never retried


@pytest.mark.asyncio
@pytest.mark.parametrize("after", [1, 3, 12, 40])
async def test_drop_is_resumed_with_last_event_id(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, after: int
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="drop", after=after))
        events, acc = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    assert acc.steps == unary.steps
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids))  # nothing delivered twice
    record = fake_gemini.interactions[acc.interaction_id or ""]
    assert ids == [e["event_id"] for e in record.events]  # nothing missing
    resume = fake_gemini.requests[-1]
    assert (resume.method, resume.path) == ("GET", f"/v1beta/interactions/{acc.interaction_id}")
    assert resume.query == {"stream": "true", "last_event_id": record.events[after - 1]["event_id"]}
    assert sleeps.waits == [0.5]


@pytest.mark.asyncio
async def test_drop_before_any_event_retries_the_post(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="drop", after=0, times=2))
        events, _ = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    assert [r.method for r in fake_gemini.requests] == ["POST", "POST", "POST", "POST"]
    assert sleeps.waits == [0.5, 1.0]


@pytest.mark.asyncio
async def test_stateless_drop_after_checkpoint_continues_with_the_token(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    body = {**LONG, "store": False, "stream": True}
    async with make_client() as client:
        unary = await client.create({**LONG, "store": False})
        fake_gemini.add_fault(Fault(kind="drop", after=20, checkpoint=True))
        events, acc = await collect(client, body)
    assert delta_text(events) == unary.output_text
    assert acc.text == unary.output_text
    assert acc.completed
    posts = fake_gemini.requests_to("/interactions", "POST")
    assert len(posts) == 3  # unary, the dropped stream, the continuation
    continuation = posts[-1].json
    assert continuation["continuation_token"].startswith("ckpt_")
    assert continuation["input"] == LONG["input"]  # store=false resends the input
    assert "previous_interaction_id" not in continuation


@pytest.mark.asyncio
async def test_stored_drop_after_checkpoint_prefers_get_resume(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="drop", after=20, checkpoint=True))
        events, acc = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    assert acc.steps == unary.steps
    assert fake_gemini.requests[-1].method == "GET"


@pytest.mark.asyncio
async def test_stall_is_detected_and_resumed(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client(stall_timeout=0.3) as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="stall", after=10, seconds=30))
        events, acc = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    assert acc.steps == unary.steps
    # 0.3 s without a byte counted as a drop: resumed right after the 10th event
    # (the server would have gone silent for 30 s).
    record = fake_gemini.interactions[acc.interaction_id or ""]
    assert [(r.method, r.query) for r in fake_gemini.requests[-2:]] == [
        ("POST", {}),
        ("GET", {"stream": "true", "last_event_id": record.events[9]["event_id"]}),
    ]


@pytest.mark.asyncio
async def test_repeated_drops_are_each_resumed(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="drop", after=5, times=4))
        events, _ = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    # The fault hits the stream POST and the first three resume GETs (5 events each).
    assert [r.method for r in fake_gemini.requests] == ["POST", "POST", "GET", "GET", "GET", "GET"]


@pytest.mark.asyncio
async def test_stateless_drop_without_checkpoint_is_a_truncation(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    fake_gemini.add_fault(Fault(kind="drop", after=8))
    async with make_client() as client:
        delivered: list[StreamEvent] = []

        async def read_all() -> None:
            async for event in client.stream({**LONG, "store": False, "stream": True}):
                delivered.append(event)

        with pytest.raises(StreamTruncatedError) as info:
            await read_all()
    assert len(delivered) == 8
    assert info.value.interaction_id == next(iter(fake_gemini.unstored_interactions))
    assert info.value.last_event_id == delivered[-1].event_id


@pytest.mark.asyncio
async def test_requires_continuation_hops_are_followed(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    body = {"model": MODEL, "input": "/markdown 1500"}
    async with make_client() as client:
        whole = await client.create(body)
        fake_gemini.add_fault(Fault(kind="requires_continuation"))
        events, acc = await collect(client, {**body, "stream": True})
        fake_gemini.add_fault(Fault(kind="requires_continuation"))
        unary = await client.create(body)
    assert delta_text(events) == whole.output_text
    assert acc.text == whole.output_text
    assert len(acc.interaction_ids) == 2
    assert unary.output_text == whole.output_text
    assert unary.status == "completed"
    assert len(unary.raw["continuation_ids"]) == 2
    hop = fake_gemini.requests[-1].json
    assert "input" not in hop
    assert hop["previous_interaction_id"] == unary.raw["continuation_ids"][0]


@pytest.mark.asyncio
async def test_http_errors_before_the_stream_are_retried(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake_gemini.add_fault(Fault(kind="http_error", status=503, times=2))
    async with make_client() as client:
        _, acc = await collect(client, {**LONG, "stream": True})
    assert acc.completed
    assert sleeps.waits == [0.5, 1.0]
    fake_gemini.add_fault(Fault(kind="http_error", status=500, times=0))
    async with make_client() as client:
        with pytest.raises(ServerError):
            await collect(client, {**LONG, "stream": True})
    assert sleeps.waits == [0.5, 1.0, 0.5, 1.0, 2.0, 4.0]


@pytest.mark.asyncio
@pytest.mark.parametrize("after", [2, 25])
async def test_clean_eof_without_completion_is_resumed_like_a_drop(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, after: int
) -> None:
    # The SDK takes such a stream for a finished answer (§0.7); we must not.
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="truncate", after=after))
        events, acc = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    assert acc.steps == unary.steps
    assert acc.completed
    record = fake_gemini.interactions[acc.interaction_id or ""]
    assert [e.event_id for e in events] == [e["event_id"] for e in record.events]
    post, resume = fake_gemini.requests[-2:]
    assert post.method == "POST"
    assert (resume.method, resume.query) == (
        "GET",
        {"stream": "true", "last_event_id": record.events[after - 1]["event_id"]},
    )
    assert sleeps.waits == [0.5]


@pytest.mark.asyncio
async def test_clean_eof_that_cannot_be_resumed_is_a_truncation_error(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    fake_gemini.add_fault(Fault(kind="truncate", after=9))
    delivered: list[StreamEvent] = []
    async with make_client() as client:

        async def read_all() -> None:
            async for event in client.stream({**LONG, "store": False, "stream": True}):
                delivered.append(event)

        with pytest.raises(StreamTruncatedError) as info:
            await read_all()
    assert len(delivered) == 9
    assert not any(isinstance(e, InteractionCompleted) for e in delivered)
    assert info.value.last_event_id == delivered[-1].event_id
    assert len(fake_gemini.requests) == 1  # nothing to resume from: no silent retry either


@pytest.mark.asyncio
async def test_clean_eof_before_any_event_retries_the_post(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake_gemini.add_fault(Fault(kind="truncate", after=0))
    async with make_client() as client:
        events, acc = await collect(client, {**LONG, "store": False, "stream": True})
    assert acc.completed
    assert isinstance(events[0], InteractionCreated)
    assert [r.method for r in fake_gemini.requests] == ["POST", "POST"]
    assert sleeps.waits == [0.5]


@pytest.mark.asyncio
async def test_resume_that_is_truncated_again_is_resumed_again(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    async with make_client() as client:
        unary = await client.create(LONG)
        fake_gemini.add_fault(Fault(kind="truncate", after=7, times=3))
        events, acc = await collect(client, {**LONG, "stream": True})
    assert delta_text(events) == unary.output_text
    assert acc.steps == unary.steps
    assert [r.method for r in fake_gemini.requests] == ["POST", "POST", "GET", "GET", "GET"]


@pytest.mark.asyncio
@pytest.mark.parametrize("store", [True, False])
async def test_continuation_hops_each_report_their_own_usage(
    fake_gemini: FakeGemini, make_client: MakeClient, store: bool
) -> None:
    body = {
        "model": MODEL,
        "input": "/markdown 1500",
        "store": store,
        "generation_config": THINKING,
    }
    async with make_client() as client:
        whole = await client.create(body)
        fake_gemini.add_fault(Fault(kind="requires_continuation"))
        events, acc = await collect(client, {**body, "stream": True})
        fake_gemini.add_fault(Fault(kind="requires_continuation"))
        unary = await client.create(body)
    hops = [e.usage for e in events if isinstance(e, InteractionCompleted)]
    assert len(hops) == 2
    second = hops[1] or {}
    # The second hop only adds output: counting the input or thinking twice is the bug.
    assert second["total_input_tokens"] == second["total_thought_tokens"] == 0
    assert 0 < second["total_output_tokens"] < whole.usage["total_output_tokens"]  # type: ignore[index]
    assert acc.usage == unary.usage == whole.usage
