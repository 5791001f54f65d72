"""Request bodies: what is resent every turn, chaining, and verbatim stateless replay."""

from __future__ import annotations

import pytest

from desktop_app.core.request_body import (
    build_body,
    replayable,
    text_of_steps,
    user_input_step,
    user_turn_input,
)
from desktop_app.core.settings import ConversationSettings, GenerationSettings, Mode

SETTINGS = ConversationSettings(
    model="gemini-3-flash-preview",
    system_instruction="You are a cat. Your name is Neko.",
    generation=GenerationSettings(thinking_level="low", thinking_summaries="auto", seed=7),
)


def test_stateful_turn_resends_scoped_parameters() -> None:
    body = build_body(SETTINGS, "How many paws?", store=True, previous_interaction_id="v1_abc")
    assert body == {
        "model": "gemini-3-flash-preview",
        "input": "How many paws?",
        "system_instruction": "You are a cat. Your name is Neko.",
        "generation_config": {"thinking_level": "low", "thinking_summaries": "auto", "seed": 7},
        "store": True,
        "previous_interaction_id": "v1_abc",
        "stream": True,
    }


def test_defaults_send_no_generation_config() -> None:
    body = build_body(ConversationSettings(), "hi", store=False, stream=False)
    assert body == {"model": "gemini-3-flash-preview", "input": "hi", "store": False}


def test_store_false_cannot_chain() -> None:
    with pytest.raises(ValueError):
        build_body(SETTINGS, "x", store=False, previous_interaction_id="v1_abc")


def test_user_turn_forms() -> None:
    plain = user_input_step("hello")
    assert user_turn_input(plain) == "hello"
    image = {"type": "image", "uri": "https://x/files/1", "mime_type": "image/png"}
    step = user_input_step("describe", [image])
    assert step == {
        "type": "user_input",
        "content": [{"type": "text", "text": "describe"}, image],
    }
    assert user_turn_input(step) == [step]


def test_complete_steps_are_replayed_verbatim() -> None:
    thought = {"type": "thought", "signature": "c2ln", "summary": [{"type": "text", "text": "t"}]}
    output = {"type": "model_output", "content": [{"type": "text", "text": "Woof"}]}
    replay = replayable([thought, output], complete=True)
    assert replay == [thought, output]
    replay[0]["signature"] = "changed"
    assert thought["signature"] == "c2ln"  # a copy: history is never mutated


def test_partial_steps_keep_only_whole_ones() -> None:
    steps = [
        {"type": "thought", "signature": "c2ln"},
        {"type": "thought", "summary": [{"type": "text", "text": "unsigned"}]},
        {"type": "model_output", "content": [{"type": "text", "text": "Half an ans"}]},
        {"type": "model_output"},
    ]
    assert replayable(steps, complete=False) == [steps[0], steps[2]]


def test_text_of_steps() -> None:
    steps = [
        {"type": "thought", "signature": "s", "summary": [{"type": "text", "text": "x"}]},
        {"type": "model_output", "content": [{"type": "text", "text": "A"}]},
        {
            "type": "model_output",
            "content": [{"type": "image", "data": "..."}, {"type": "text", "text": "B"}],
        },
    ]
    assert text_of_steps(steps) == "AB"


def test_settings_round_trip_through_the_store_shape() -> None:
    settings = SETTINGS.with_changes(mode=Mode.STATELESS, preset="Cat", chain_refusals=1)
    assert ConversationSettings.from_store(settings.to_store()) == settings
    assert ConversationSettings.from_dict(settings.to_dict()) == settings


def test_generation_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="temperature"):
        GenerationSettings(temperature=3.0)
    with pytest.raises(ValueError, match="top-p"):
        GenerationSettings(top_p=1.5)
    with pytest.raises(ValueError, match="max output"):
        GenerationSettings(max_output_tokens=0)
