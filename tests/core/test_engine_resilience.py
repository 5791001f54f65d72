"""Stop, drops, errors and Retry, bad input, and start-up recovery."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_app.api.client import GeminiClient
from desktop_app.core import (
    INTERRUPTED_MESSAGE,
    AttachmentError,
    BusyError,
    ConversationSettings,
    Engine,
    ErrorOccurred,
    GenerationSettings,
    InputError,
    StatusChanged,
    TextDelta,
    ThoughtDelta,
)
from desktop_app.core.inflight import InflightLock
from desktop_app.store import HistoryStore
from tests.core.conftest import collect, done_of, text_of
from tests.fake_gemini import FakeGemini, Fault

LONG = "/markdown 6000"


@pytest.mark.asyncio
async def test_stop_keeps_the_partial_answer(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    fake_gemini.add_fault(Fault("stall", after=6, seconds=3.0))
    session = engine.new_conversation()
    events = []
    async for event in session.send(LONG):
        events.append(event)
        if isinstance(event, TextDelta):
            session.stop()
    done = done_of(events)
    assert done.status == "stopped"
    assert StatusChanged(done.message_id or 0, "stopped") in events
    answer = store.get_message(done.message_id or 0)
    assert answer.status == "stopped"
    shown = text_of(events)
    assert shown
    assert answer.text == shown
    assert not session.busy
    # Retry keeps what was shown: the new answer is a sibling of the stopped one.
    retried = await collect(session.retry(answer.id))
    assert done_of(retried).status == "complete"
    assert [m.id for m in session.siblings(answer.id)] == [answer.id, done_of(retried).message_id]
    assert store.get_message(answer.id).text == shown
    session.select_sibling(answer.id)
    # The conversation goes on: the stopped answer is replayed, not chained.
    follow = await collect(session.send("Go on"))
    assert done_of(follow).status == "complete"
    body = fake_gemini.requests_to("/interactions", method="POST")[-1].json
    assert "previous_interaction_id" not in body


@pytest.mark.asyncio
async def test_leaving_the_loop_early_stops_too(engine: Engine, store: HistoryStore) -> None:
    session = engine.new_conversation()
    stream = session.send(LONG)
    async for event in stream:
        if isinstance(event, TextDelta):
            break
    await stream.aclose()  # type: ignore[attr-defined]
    answer = session.path()[-1]
    assert answer.status == "stopped"
    assert not session.busy


@pytest.mark.parametrize(
    "faults",
    [
        [Fault("drop", after=7)],
        [Fault("drop", after=7, checkpoint=True)],  # resumed by a continuation create
        [Fault("drop", after=3), Fault("drop", after=40)],  # inside the thought, then text
    ],
    ids=["get-resume", "continuation", "twice"],
)
@pytest.mark.asyncio
async def test_dropped_stream_shows_every_character_once(
    engine: Engine, fake_gemini: FakeGemini, faults: list[Fault]
) -> None:
    for fault in faults:
        fake_gemini.add_fault(fault)
    thinking = GenerationSettings(thinking_level="low", thinking_summaries="auto")
    session = engine.new_conversation(ConversationSettings(generation=thinking))
    events = await collect(session.send(LONG))
    assert done_of(events).status == "complete"
    assert all(f.hits for f in faults)
    record = fake_gemini.interactions[done_of(events).interaction_id or ""]
    full = "".join(r.output_text for r in fake_gemini.interactions.values())
    # Streamed == saved == the text of the uninterrupted answer (all hops together).
    assert text_of(events) == full
    answer = session.path()[-1]
    assert answer.text == full
    assert len(full) == 6000
    summary = "".join(e.text for e in events if isinstance(e, ThoughtDelta))
    assert answer.thoughts == summary
    assert summary.count("**Counting the turns**") == 1
    assert record.status == "completed"


@pytest.mark.asyncio
async def test_api_error_keeps_the_prompt_and_retry_answers(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    session = engine.new_conversation()
    fake_gemini.add_fault(
        Fault("http_error", status=400, dialect="interactions", code="invalid_request")
    )
    events = await collect(session.send("Hello there"))
    errors = [e for e in events if isinstance(e, ErrorOccurred)]
    assert len(errors) == 1
    assert not errors[0].retryable
    assert errors[0].message.startswith("The server rejected the request")
    failed = done_of(events)
    assert failed.status == "error"
    assert [m.role for m in session.path()] == ["user", "model"]
    assert session.path()[0].text == "Hello there"
    retried = await collect(session.retry(failed.message_id or 0))
    assert done_of(retried).status == "complete"
    assert [m.role for m in session.path()] == ["user", "model"]  # replaced, not stacked


@pytest.mark.asyncio
async def test_rate_limit_is_retried(engine: Engine, fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("http_error", status=429, times=2))
    events = await collect(engine.new_conversation().send("Hello"))
    assert done_of(events).status == "complete"


@pytest.mark.asyncio
async def test_error_event_mid_stream_is_incomplete(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("sse_error", after=6, code="resource_exhausted", message="quota"))
    session = engine.new_conversation()
    events = await collect(session.send(LONG))
    assert done_of(events).status == "incomplete"
    error = next(e for e in events if isinstance(e, ErrorOccurred))
    assert error.retryable
    assert session.path()[-1].text == text_of(events)


@pytest.mark.asyncio
async def test_bad_input_sends_and_stores_nothing(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore, tmp_path: Path
) -> None:
    session = engine.new_conversation()
    with pytest.raises(InputError, match="empty"):
        await collect(session.send("   "))
    with pytest.raises(AttachmentError, match="no such file"):
        await collect(session.send("look", [tmp_path / "missing.png"]))
    assert store.messages(session.conversation_id) == []
    assert fake_gemini.requests == []


@pytest.mark.asyncio
async def test_one_turn_at_a_time(engine: Engine) -> None:
    session = engine.new_conversation()
    first = session.send(LONG)
    await first.__anext__()
    with pytest.raises(BusyError):
        await session.send("second").__anext__()
    session.stop()
    rest = [e async for e in first]
    assert done_of(rest).status == "stopped"


@pytest.mark.asyncio
async def test_no_key_is_a_configuration_error(store: HistoryStore) -> None:
    from desktop_app.core import ConfigurationError

    session = Engine(store, None).new_conversation()
    with pytest.raises(ConfigurationError, match="GEMINI_API_KEY"):
        await collect(session.send("hi"))
    assert store.messages(session.conversation_id) == []


@pytest.mark.asyncio
async def test_recovery_after_a_crash(
    engine: Engine, client: GeminiClient, store: HistoryStore, fake_gemini: FakeGemini
) -> None:
    # Three answers a crash left behind: one stored server-side (fetchable), one never
    # created there, and one that a live process is still writing.
    finished = await client.create({"model": "gemini-3-flash-preview", "input": "Hello there"})
    conv = store.create_conversation("crashed")
    store.append_message(conv.id, "user", steps=[{"type": "user_input", "content": []}])
    fetched = store.append_message(conv.id, "model", status="streaming", interaction_id=finished.id)
    store.update_streaming(
        fetched.id, steps=[{"type": "model_output", "content": [{"type": "text", "text": "I c"}]}]
    )
    lost = store.append_message(conv.id, "model", status="sending", parent_id=fetched.id)
    live = store.append_message(conv.id, "model", status="streaming", parent_id=fetched.id)
    with InflightLock(live.id):
        recovered = await engine.recover_interrupted()
        assert store.get_message(live.id).status == "streaming"
    assert {(r.message_id, r.status) for r in recovered} == {
        (fetched.id, "complete"),
        (lost.id, "incomplete"),
    }
    done = store.get_message(fetched.id)
    assert done.text == finished.output_text
    assert done.usage == finished.usage
    assert store.get_message(lost.id).error == INTERRUPTED_MESSAGE
    assert await engine.recover_interrupted() == [
        type(recovered[0])(live.id, conv.id, "incomplete")
    ]


@pytest.mark.asyncio
async def test_many_turns_in_parallel_conversations(engine: Engine) -> None:
    sessions = [engine.new_conversation() for _ in range(3)]
    results = await asyncio.gather(
        *(collect(s.send(f"Number {i}")) for i, s in enumerate(sessions))
    )
    for i, events in enumerate(results):
        assert f"You said: Number {i}" in text_of(events)


@pytest.mark.asyncio
async def test_recovery_without_a_key_waits_for_fetchable_answers(store: HistoryStore) -> None:
    conv = store.create_conversation("crashed")
    store.append_message(conv.id, "user", steps=[{"type": "user_input", "content": []}])
    stored = store.append_message(conv.id, "model", status="streaming", interaction_id="v1_x")
    lost = store.append_message(conv.id, "model", status="streaming", parent_id=stored.id)
    recovered = await Engine(store, None).recover_interrupted()
    assert [(r.message_id, r.status) for r in recovered] == [(lost.id, "incomplete")]
    assert store.get_message(stored.id).status == "streaming"


@pytest.mark.asyncio
async def test_after_a_failed_answer_the_history_is_replayed(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation()
    fake_gemini.add_fault(Fault("http_error", status=400, dialect="interactions"))
    await collect(session.send("I have 2 dogs in my house."))
    events = await collect(session.send("How many paws are in my house?"))
    assert "That makes 8 paws." in text_of(events)
    body = fake_gemini.requests_to("/interactions", method="POST")[-1].json
    assert body["store"] is True
    assert [s["type"] for s in body["input"]] == ["user_input", "user_input"]


@pytest.mark.asyncio
async def test_recovery_follows_an_answer_still_in_progress(
    engine: Engine, client: GeminiClient, store: HistoryStore, fake_gemini: FakeGemini
) -> None:
    # A crash while the server was still writing: GET says in_progress, so recovery
    # follows the interaction's event stream to the end instead of giving up.
    fake_gemini.set_background_polls(5)
    running = await client.create(
        {"model": "gemini-3-flash-preview", "input": "/markdown 1500", "background": True}
    )
    assert running.status == "in_progress"
    conv = store.create_conversation("crashed")
    store.append_message(conv.id, "user", steps=[{"type": "user_input", "content": []}])
    answer = store.append_message(conv.id, "model", status="streaming", interaction_id=running.id)
    recovered = await engine.recover_interrupted()
    assert [(r.message_id, r.status) for r in recovered] == [(answer.id, "complete")]
    record = fake_gemini.interactions[running.id]
    done = store.get_message(answer.id)
    assert done.status == "complete"
    assert done.text == record.output_text
    assert len(done.text) == 1500
    assert done.usage == record.usage
    streams = [r for r in fake_gemini.requests_to(running.id, "GET") if r.query.get("stream")]
    assert [r.query["stream"] for r in streams] == ["false", "true"]


@pytest.mark.asyncio
async def test_recovery_of_an_answer_that_cannot_be_followed_is_incomplete(
    engine: Engine, client: GeminiClient, store: HistoryStore, fake_gemini: FakeGemini
) -> None:
    fake_gemini.set_background_polls(5)
    running = await client.create(
        {"model": "gemini-3-flash-preview", "input": "/markdown 1500", "background": True}
    )
    conv = store.create_conversation("crashed")
    store.append_message(conv.id, "user", steps=[{"type": "user_input", "content": []}])
    answer = store.append_message(conv.id, "model", status="streaming", interaction_id=running.id)
    fake_gemini.add_fault(Fault("drop", after=3, method="GET"))
    recovered = await engine.recover_interrupted()
    assert [(r.message_id, r.status) for r in recovered] == [(answer.id, "incomplete")]
    assert store.get_message(answer.id).error == INTERRUPTED_MESSAGE
