"""The engine in-process against the emulator: modes, switching, refusals, tree, usage."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.core import (
    ConversationSettings,
    Done,
    Engine,
    GenerationSettings,
    Mode,
    Notice,
    Preset,
    TitleChanged,
    TurnStarted,
)
from desktop_app.core.turns import STATELESS_NOTICE
from desktop_app.store import HistoryStore
from tests.core.conftest import collect, done_of, text_of
from tests.fake_gemini import FakeGemini, Fault

DOGS = "I have 2 dogs in my house."
PAWS = "How many paws are in my house?"
CAT = ConversationSettings(
    system_instruction="You are a cat. Your name is Neko.",
    generation=GenerationSettings(thinking_level="low", thinking_summaries="auto"),
)


def creates(fake: FakeGemini) -> list[dict[str, Any]]:
    """Bodies of the streamed turns (title requests are unary and left out)."""
    return [
        r.json
        for r in fake.requests_to("/interactions", method="POST")
        if isinstance(r.json, dict) and r.json.get("stream")
    ]


@pytest.mark.asyncio
async def test_stateful_chains_and_resends_scoped_parameters(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation(CAT)
    first = await collect(session.send(DOGS))
    second = await collect(session.send(PAWS))
    assert "That makes 8 paws." in text_of(second)
    assert "System instruction: You are a cat. Your name is Neko." in text_of(second)
    one, two = creates(fake_gemini)
    assert one["store"] is True
    assert "previous_interaction_id" not in one
    assert two["previous_interaction_id"] == done_of(first).interaction_id
    assert two["input"] == PAWS
    for body in (one, two):
        assert body["system_instruction"] == "You are a cat. Your name is Neko."
        assert body["generation_config"] == {"thinking_level": "low", "thinking_summaries": "auto"}
    path = session.path()
    assert [m.role for m in path] == ["user", "model", "user", "model"]
    assert path[-1].text == text_of(second)
    assert path[-1].thoughts.startswith("**Counting the turns**")


@pytest.mark.asyncio
async def test_stateless_replays_steps_verbatim(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    session = engine.new_conversation(CAT.with_changes(mode=Mode.STATELESS))
    await collect(session.send(DOGS))
    second = await collect(session.send(PAWS))
    assert "I can see 2 user turn(s)." in text_of(second)
    assert "That makes 8 paws." in text_of(second)
    assert not fake_gemini.interactions  # nothing stored server-side
    one, two = creates(fake_gemini)
    assert one["store"] is False
    assert two["store"] is False
    assert one["input"] == [{"type": "user_input", "content": [{"type": "text", "text": DOGS}]}]
    first_answer = store.active_path(session.conversation_id)[1]
    assert first_answer.interaction_id is None  # store=false ids are not chainable
    assert two["input"] == [
        one["input"][0],
        *first_answer.steps,  # thought (signature untouched) + model_output, as received
        {"type": "user_input", "content": [{"type": "text", "text": PAWS}]},
    ]
    assert first_answer.steps[0]["type"] == "thought"
    assert first_answer.steps[0]["signature"]


@pytest.mark.asyncio
async def test_switching_modes_both_ways(engine: Engine, fake_gemini: FakeGemini) -> None:
    session = engine.new_conversation()
    await collect(session.send(DOGS))
    session.set_mode(Mode.STATELESS)
    stateless = await collect(session.send(PAWS))
    assert "That makes 8 paws." in text_of(stateless)
    session.set_mode(Mode.STATEFUL)
    restored = await collect(session.send("And 1 cat, how many paws now?"))
    assert "That makes 12 paws." in text_of(restored)
    chained = await collect(session.send("Paws again?"))
    assert "That makes 12 paws." in text_of(chained)
    bodies = creates(fake_gemini)
    assert [b["store"] for b in bodies] == [True, False, True, True]
    # Back to stateful: the first turn replays everything (the stateless answer is not
    # on the server), the next one chains from it.
    assert "previous_interaction_id" not in bodies[2]
    assert len(bodies[2]["input"]) == 5
    assert bodies[3]["previous_interaction_id"] == done_of(restored).interaction_id
    assert engine.open_conversation(session.conversation_id).settings.mode is Mode.STATEFUL


@pytest.mark.asyncio
async def test_refused_previous_id_replays_then_switches_to_stateless(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    session = engine.new_conversation()
    first = await collect(session.send(DOGS))
    fake_gemini.expire_interaction(str(done_of(first).interaction_id))
    second = await collect(session.send(PAWS))
    assert done_of(second).status == "complete"
    assert "That makes 8 paws." in text_of(second)
    assert not any(isinstance(e, Notice) for e in second)
    refused, replay = creates(fake_gemini)[1:]
    assert "previous_interaction_id" in refused
    assert replay["store"] is True
    assert "previous_interaction_id" not in replay
    assert [s["type"] for s in replay["input"]] == ["user_input", "model_output", "user_input"]
    assert session.settings.mode is Mode.STATEFUL
    assert session.settings.chain_refusals == 1

    fake_gemini.add_fault(Fault("previous_expired"))
    third = await collect(session.send("And 1 cat: paws?"))
    assert Notice(STATELESS_NOTICE) in third
    assert "That makes 12 paws." in text_of(third)
    assert creates(fake_gemini)[-1]["store"] is False
    reopened = ConversationSettings.from_store(
        store.get_conversation(session.conversation_id).settings
    )
    assert reopened.mode is Mode.STATELESS


@pytest.mark.asyncio
async def test_regenerate_edit_select_and_branch(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    session = engine.new_conversation()
    first = await collect(session.send(DOGS))
    second = await collect(session.send(PAWS))
    answer1 = done_of(first)
    answer2_id = done_of(second).message_id
    assert answer2_id is not None
    assert answer1.message_id is not None

    again = await collect(session.regenerate(answer2_id))
    assert "That makes 8 paws." in text_of(again)
    assert creates(fake_gemini)[-1]["previous_interaction_id"] == answer1.interaction_id
    assert [m.id for m in session.siblings(answer2_id)] == [answer2_id, done_of(again).message_id]

    user2 = session.path()[2]
    edited = await collect(session.edit(user2.id, "I also have 3 cats. How many paws?"))
    assert "That makes 20 paws." in text_of(edited)
    started = next(e for e in edited if isinstance(e, TurnStarted))
    assert store.get_message(started.user_message_id).parent_id == answer1.message_id
    assert creates(fake_gemini)[-1]["previous_interaction_id"] == answer1.interaction_id
    assert session.path()[-1].id == done_of(edited).message_id

    old = session.select_sibling(user2.id)
    assert [m.id for m in old][:3] == [m.id for m in session.path()][:3]
    assert old[2].id == user2.id
    assert old[-1].id == done_of(again).message_id

    branch = await session.branch_to_new_conversation(answer1.message_id)
    assert branch.conversation_id != session.conversation_id
    assert [m.text for m in branch.path()] == [m.text for m in session.path()[:2]]
    continued = await collect(branch.send(PAWS))
    assert "That makes 8 paws." in text_of(continued)
    assert creates(fake_gemini)[-1]["previous_interaction_id"] == answer1.interaction_id
    assert len(session.path()) == 4  # the original is untouched


@pytest.mark.asyncio
async def test_title_from_the_model_and_fallback(engine: Engine, fake_gemini: FakeGemini) -> None:
    session = engine.new_conversation()
    events = await collect(session.send(DOGS))
    titles = [e for e in events if isinstance(e, TitleChanged)]
    assert titles == [TitleChanged(session.conversation_id, "I can see 1 user turn(s)")]
    title_body = fake_gemini.requests_to("/interactions", method="POST")[-1].json
    assert title_body["store"] is False
    assert title_body["generation_config"] == {"thinking_level": "minimal"}

    other = engine.new_conversation()
    seen: list[Any] = []
    async for event in other.send("Plan a seven day trip to the Turkish coast please"):
        seen.append(event)
        if isinstance(event, Done):  # the title request comes next: make it fail
            fake_gemini.add_fault(Fault("http_error", status=400, dialect="interactions"))
    assert seen[-1] == TitleChanged(other.conversation_id, "Plan a seven day trip to…")
    assert other.title == "Plan a seven day trip to…"
    # Only the first answer gets a title.
    await collect(session.send(PAWS))
    assert session.title == "I can see 1 user turn(s)"


@pytest.mark.asyncio
async def test_usage_per_message_and_conversation(
    engine: Engine, fake_gemini: FakeGemini, store: HistoryStore
) -> None:
    session = engine.new_conversation(CAT)
    await collect(session.send(DOGS))
    await collect(session.send(PAWS))
    stored = list(fake_gemini.interactions.values())
    totals = await session.usage_totals()
    assert totals.input == sum(i.usage["total_input_tokens"] for i in stored)
    assert totals.output == sum(i.usage["total_output_tokens"] for i in stored)
    assert totals.thought == sum(i.usage["total_thought_tokens"] for i in stored) > 0
    answers = [m for m in store.active_path(session.conversation_id) if m.role == "model"]
    assert [m.usage for m in answers] == [i.usage for i in stored]


@pytest.mark.asyncio
async def test_presets_start_a_conversation(engine: Engine, fake_gemini: FakeGemini) -> None:
    preset = Preset(
        "Terse",
        model="gemini-3-pro-preview",
        system_instruction="Answer in one line.",
        generation=GenerationSettings(temperature=0.1, max_output_tokens=500, seed=3),
    )
    engine.presets.save(preset)
    session = engine.new_conversation(preset=engine.presets.get("Terse"))
    events = await collect(session.send("Explain how AI works"))
    assert "Generation settings: max_output_tokens=500, seed=3, temperature=0.1." in text_of(events)
    body = creates(fake_gemini)[0]
    assert body["model"] == "gemini-3-pro-preview"
    assert body["system_instruction"] == "Answer in one line."
    assert session.settings.preset == "Terse"
    session.apply_preset(Preset("Plain"))
    await collect(session.send("Again"))
    assert "system_instruction" not in creates(fake_gemini)[-1]


@pytest.mark.asyncio
async def test_models_latest_conversation_and_defaults(
    store: HistoryStore, client: object, fake_gemini: FakeGemini
) -> None:
    from desktop_app.api.client import GeminiClient

    assert isinstance(client, GeminiClient)
    defaults = ConversationSettings(model="gemini-3-pro-preview", mode=Mode.STATELESS)
    engine = Engine(store, client, default_settings=defaults, generate_titles=False)
    assert engine.latest_conversation() is None
    models = await engine.list_models()
    assert "gemini-3-flash-preview" in [m.id for m in models]
    assert all(m.can_generate for m in models)
    older = engine.new_conversation()
    newer = engine.new_conversation()
    assert older.settings == defaults
    await collect(older.send("Hello"))
    latest = engine.latest_conversation()
    assert latest is older  # the most recent activity, one session object per conversation
    assert engine.open_conversation(newer.conversation_id) is newer
    assert creates(fake_gemini)[0]["model"] == "gemini-3-pro-preview"


@pytest.mark.asyncio
async def test_a_refusal_about_something_else_does_not_switch_modes(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation()
    await collect(session.send(DOGS))
    session.update_settings(session.settings.with_changes(chain_refusals=1))
    # Both the chained request and the stateless one are refused: not the chain's fault.
    fake_gemini.add_fault(Fault("http_error", status=400, dialect="interactions", times=2))
    failed = await collect(session.send(PAWS))
    assert done_of(failed).status == "error"
    assert not any(isinstance(e, Notice) for e in failed)
    assert [b["store"] for b in creates(fake_gemini)[1:]] == [True, False]
    reopened = engine.store.get_conversation(session.conversation_id).settings
    assert ConversationSettings.from_store(reopened).mode is Mode.STATEFUL
    assert session.settings.mode is Mode.STATEFUL


@pytest.mark.asyncio
async def test_title_falls_back_to_flash_when_the_model_refuses_minimal_thinking(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation(ConversationSettings(model="gemini-3-pro-preview"))
    seen: list[Any] = []
    async for event in session.send(DOGS):
        seen.append(event)
        if isinstance(event, Done):  # the title request comes next: refuse it once
            fake_gemini.add_fault(Fault("http_error", status=400, dialect="interactions"))
    assert seen[-1] == TitleChanged(session.conversation_id, "I can see 1 user turn(s)")
    refused, accepted = fake_gemini.requests_to("/interactions", method="POST")[-2:]
    assert refused.json["model"] == "gemini-3-pro-preview"
    assert accepted.json["model"] == "gemini-3-flash-preview"
    for request in (refused, accepted):
        assert request.json["store"] is False
        assert request.json["generation_config"] == {"thinking_level": "minimal"}


@pytest.mark.asyncio
async def test_a_400_on_the_chain_is_handled_like_a_404(
    engine: Engine, fake_gemini: FakeGemini
) -> None:
    session = engine.new_conversation()
    await collect(session.send(DOGS))
    fake_gemini.add_fault(
        Fault("http_error", status=400, dialect="interactions", code="invalid_request")
    )
    events = await collect(session.send(PAWS))
    assert "That makes 8 paws." in text_of(events)
    refused, replay = creates(fake_gemini)[1:]
    assert "previous_interaction_id" in refused
    assert "previous_interaction_id" not in replay
    assert replay["store"] is True
    assert session.settings.chain_refusals == 1
