"""What goes back to the server: thought steps exactly as the emulator issued them, the
active branch only, and no save per streamed delta."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop_app.core import ConversationSettings, Engine, GenerationSettings, Mode, TextDelta
from desktop_app.store import HistoryStore
from tests.core.conftest import collect, done_of, text_of
from tests.fake_gemini import FakeGemini

THINKING = GenerationSettings(thinking_level="low", thinking_summaries="auto")
DOGS = "I have 2 dogs in my house."
PAWS = "How many paws are in my house?"


def turns(fake: FakeGemini) -> list[dict[str, Any]]:
    return [
        r.json
        for r in fake.requests_to("/interactions", method="POST")
        if isinstance(r.json, dict) and r.json.get("stream")
    ]


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def model_steps(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in body["input"] if s["type"] != "user_input"]


@pytest.mark.asyncio
async def test_stateless_replay_sends_the_issued_steps_byte_for_byte(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation(
        ConversationSettings(mode=Mode.STATELESS, generation=THINKING)
    )
    await collect(session.send(DOGS))
    await collect(session.send(PAWS))
    await collect(session.send("And 1 cat: paws?"))
    issued = [
        r.output_steps
        for r in fake_gemini.unstored_interactions.values()
        if isinstance(r.request["input"], list)  # not the title request
    ]
    assert len(issued) == 3
    second, third = turns(fake_gemini)[1:]
    # Every model step the emulator produced comes back unchanged (signature, summary,
    # key order irrelevant, values identical), in order, at every later turn.
    assert [canonical(s) for s in model_steps(second)] == [canonical(s) for s in issued[0]]
    assert [canonical(s) for s in model_steps(third)] == [
        canonical(s) for s in issued[0] + issued[1]
    ]
    signatures = [s["signature"] for s in model_steps(third) if s["type"] == "thought"]
    assert signatures == [s["signature"] for r in issued[:2] for s in r if s["type"] == "thought"]
    assert all(signatures)


@pytest.mark.asyncio
async def test_switch_to_stateless_replays_the_stored_steps_as_issued(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation(ConversationSettings(generation=THINKING))
    await collect(session.send(DOGS))
    session.set_mode(Mode.STATELESS)
    events = await collect(session.send(PAWS))
    assert "That makes 8 paws." in text_of(events)
    (stored,) = fake_gemini.interactions.values()
    replay = turns(fake_gemini)[-1]
    assert replay["store"] is False
    assert "previous_interaction_id" not in replay
    assert replay["generation_config"] == THINKING.to_api()
    assert [canonical(s) for s in model_steps(replay)] == [
        canonical(s) for s in stored.output_steps
    ]


@pytest.mark.asyncio
async def test_stateless_replay_follows_the_selected_branch(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    session = engine.new_conversation(ConversationSettings(mode=Mode.STATELESS))
    first = await collect(session.send(DOGS))
    user1 = session.path()[0]
    # Edit the first message: the second branch knows about cats, not dogs.
    edited = await collect(session.edit(user1.id, "I have 3 cats in my house."))
    assert done_of(edited).status == "complete"
    follow = await collect(session.send(PAWS))
    assert "That makes 12 paws." in text_of(follow)
    body = turns(fake_gemini)[-1]
    texts = [s["content"][0]["text"] for s in body["input"] if s["type"] == "user_input"]
    assert texts == ["I have 3 cats in my house.", PAWS]
    # Back to the original branch: only its messages are replayed.
    session.select_sibling(user1.id)
    assert session.path()[-1].id == done_of(first).message_id
    again = await collect(session.send(PAWS))
    assert "That makes 8 paws." in text_of(again)
    body = turns(fake_gemini)[-1]
    texts = [s["content"][0]["text"] for s in body["input"] if s["type"] == "user_input"]
    assert texts == [DOGS, PAWS]
    answer1 = store.get_message(done_of(first).message_id or 0)
    assert model_steps(body) == answer1.steps


@pytest.mark.asyncio
async def test_stateful_regenerate_then_continue_chains_the_selected_answer(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation()
    first = await collect(session.send(DOGS))
    again = await collect(session.regenerate(done_of(first).message_id or 0))
    # The regenerated answer is the active one: the next turn chains from it.
    await collect(session.send(PAWS))
    assert turns(fake_gemini)[-1]["previous_interaction_id"] == done_of(again).interaction_id
    # Selecting the older answer makes it the parent of the next turn.
    session.select_sibling(done_of(first).message_id or 0)
    await collect(session.send(PAWS))
    assert turns(fake_gemini)[-1]["previous_interaction_id"] == done_of(first).interaction_id
    assert done_of(first).interaction_id != done_of(again).interaction_id


@pytest.mark.asyncio
async def test_streaming_saves_are_throttled_not_per_delta(
    engine: Engine, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves: list[int] = []
    real = store.update_streaming

    def counting(message_id: int, **kwargs: Any) -> None:
        saves.append(message_id)
        real(message_id, **kwargs)

    monkeypatch.setattr(store, "update_streaming", counting)
    session = engine.new_conversation(ConversationSettings(generation=THINKING))
    events = await collect(session.send("/markdown 60000"))
    deltas = sum(1 for e in events if isinstance(e, TextDelta))
    assert deltas > 1000
    (answer,) = [m for m in session.path() if m.role == "model"]
    assert answer.text == text_of(events)
    # One save for the interaction id, one per step.stop (thought + output), plus the
    # timed ones: never anywhere near one per delta.
    assert len(saves) < deltas / 20
