"""StepAccumulator folding rules (protocol §4.5) on hand-written event sequences.

The end-to-end check (folded stream == unary POST steps) runs against the emulator in
test_client_emulator.py.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.api import StepAccumulator, parse_event


def fold(*events: dict[str, Any]) -> StepAccumulator:
    acc = StepAccumulator()
    for raw in events:
        acc.feed(parse_event(raw))
    return acc


def delta(index: int, **fields: Any) -> dict[str, Any]:
    return {"event_type": "step.delta", "index": index, "delta": fields}


def start(index: int, **step: Any) -> dict[str, Any]:
    return {"event_type": "step.start", "index": index, "step": step}


def stop(index: int) -> dict[str, Any]:
    return {"event_type": "step.stop", "index": index}


CREATED = {
    "event_type": "interaction.created",
    "interaction": {"id": "v1_a", "status": "in_progress"},
}
COMPLETED = {
    "event_type": "interaction.completed",
    "interaction": {"id": "v1_a", "status": "completed", "usage": {"total_tokens": 9}},
}


def test_thinking_answer_folds_into_thought_and_model_output() -> None:
    acc = fold(
        CREATED,
        {
            "event_type": "interaction.status_update",
            "interaction_id": "v1_a",
            "status": "in_progress",
        },
        start(0, type="thought"),
        delta(0, type="thought_summary", content={"type": "text", "text": "**Plan** "}),
        delta(0, type="thought_summary", content={"type": "text", "text": "it."}),
        delta(0, type="thought_signature", signature="c2ln"),
        stop(0),
        start(1, type="model_output"),
        delta(1, type="text", text="1, 2, "),
        delta(1, type="text", text="3."),
        stop(1),
        COMPLETED,
    )
    assert acc.steps == [
        {
            "type": "thought",
            "signature": "c2ln",
            "summary": [{"type": "text", "text": "**Plan** it."}],
        },
        {"type": "model_output", "content": [{"type": "text", "text": "1, 2, 3."}]},
    ]
    assert acc.text == "1, 2, 3."
    assert acc.thought_summaries == "**Plan** it."
    assert (acc.interaction_id, acc.status, acc.usage, acc.completed) == (
        "v1_a",
        "completed",
        {"total_tokens": 9},
        True,
    )
    interaction = acc.to_interaction()
    assert interaction.id == "v1_a"
    assert interaction.output_text == "1, 2, 3."
    assert interaction.raw["usage"] == {"total_tokens": 9}


def test_step_start_carrying_text_is_not_lost() -> None:
    acc = fold(
        start(0, type="model_output", content=[{"type": "text", "text": "Hello"}]),
        delta(0, type="text", text=", world"),
        stop(0),
    )
    assert acc.steps == [
        {"type": "model_output", "content": [{"type": "text", "text": "Hello, world"}]}
    ]


def test_annotations_media_and_function_arguments() -> None:
    acc = fold(
        start(0, type="model_output"),
        delta(0, type="text", text="Paris."),
        delta(0, type="text_annotation_delta", annotations=[{"type": "url_citation", "url": "u"}]),
        delta(0, type="image", data="AAAA", mime_type="image/png"),
        delta(0, type="text", text=" More."),
        stop(0),
        start(1, type="function_call", id="fc_1", name="get_weather"),
        delta(1, type="arguments_delta", arguments='{"location": '),
        delta(1, type="arguments_delta", arguments='"Boston"}'),
        stop(1),
    )
    assert acc.steps == [
        {
            "type": "model_output",
            "content": [
                {
                    "type": "text",
                    "text": "Paris.",
                    "annotations": [{"type": "url_citation", "url": "u"}],
                },
                {"type": "image", "data": "AAAA", "mime_type": "image/png"},
                {"type": "text", "text": " More."},
            ],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "name": "get_weather",
            "arguments": {"location": "Boston"},
        },
    ]


def test_unknown_deltas_and_events_are_ignored_and_missing_starts_inferred() -> None:
    acc = fold(
        {"event_type": "interaction.teleported"},
        delta(0, type="hologram", beam=1),
        delta(0, type="text", text="x"),  # no step.start for index 0
        stop(0),
    )
    assert acc.steps == [{"type": "model_output", "content": [{"type": "text", "text": "x"}]}]


def test_continuation_hops_append_after_the_previous_hop() -> None:
    acc = fold(
        CREATED,
        start(0, type="model_output"),
        delta(0, type="text", text="First half, "),
        stop(0),
        {
            "event_type": "interaction.completed",
            "interaction": {
                "id": "v1_a",
                "status": "requires_continuation",
                "continuation_token": "t",
            },
        },
        {
            "event_type": "interaction.created",
            "interaction": {"id": "v1_b", "status": "in_progress"},
        },
        start(0, type="model_output"),
        delta(0, type="text", text="second half."),
        stop(0),
        {
            "event_type": "interaction.completed",
            "interaction": {"id": "v1_b", "status": "completed"},
        },
    )
    assert [s["content"][0]["text"] for s in acc.steps] == ["First half, ", "second half."]
    assert acc.interaction_ids == ["v1_a", "v1_b"]
    assert acc.interaction_id == "v1_b"
    assert acc.completed
    assert acc.to_interaction().output_text == "First half, second half."


def test_error_event_marks_the_turn_failed() -> None:
    acc = fold(CREATED, {"event_type": "error", "error": {"code": "internal", "message": "boom"}})
    assert acc.status == "failed"
    assert acc.error is not None
    assert acc.error.message == "boom"
    assert not acc.completed


def test_steps_are_copies() -> None:
    acc = fold(start(0, type="model_output"), delta(0, type="text", text="a"))
    acc.steps[0]["content"][0]["text"] = "changed"
    assert acc.text == "a"


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(st.text(max_size=12), min_size=1, max_size=12),
    first_in_start=st.booleans(),
    summary=st.lists(st.text(min_size=1, max_size=8), max_size=5),
)
def test_any_split_folds_back_to_the_whole(
    pieces: list[str], first_in_start: bool, summary: list[str]
) -> None:
    thought_start: dict[str, Any] = {"type": "thought"}
    events = [start(0, **thought_start)]
    events += [
        delta(0, type="thought_summary", content={"type": "text", "text": s}) for s in summary
    ]
    events += [delta(0, type="thought_signature", signature="c2ln"), stop(0)]
    head, rest = (pieces[0], pieces[1:]) if first_in_start else (None, pieces)
    events.append(
        start(1, type="model_output", content=[{"type": "text", "text": head}])
        if head is not None
        else start(1, type="model_output")
    )
    events += [delta(1, type="text", text=p) for p in rest]
    events.append(stop(1))
    acc = fold(*events)
    assert acc.text == "".join(pieces)
    assert acc.thought_summaries == "".join(summary)
    assert acc.steps[0]["signature"] == "c2ln"
