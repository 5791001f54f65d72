"""Typed events: every documented type, the interaction.<status> variants, unknown input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.api import (
    ErrorEvent,
    InteractionCompleted,
    InteractionCreated,
    InteractionStatusUpdate,
    NotFoundError,
    RateLimitError,
    StepDelta,
    StepStart,
    StepStop,
    UnknownEvent,
    parse_event,
)


def test_interaction_created() -> None:
    raw = {
        "event_type": "interaction.created",
        "event_id": "evt_0",
        "interaction": {"id": "v1_x", "status": "in_progress", "model": "m"},
    }
    event = parse_event(raw)
    assert isinstance(event, InteractionCreated)
    assert (event.interaction_id, event.status, event.event_id) == ("v1_x", "in_progress", "evt_0")
    assert event.raw is raw
    assert event.event_type == "interaction.created"


@pytest.mark.parametrize(
    ("raw", "status", "token"),
    [
        (
            {
                "event_type": "interaction.status_update",
                "interaction_id": "v1_x",
                "status": "in_progress",
            },
            "in_progress",
            None,
        ),
        (
            {
                "event_type": "interaction.status_update",
                "interaction_id": "v1_x",
                "status": "in_progress",
                "continuation_token": "tok_1",
            },
            "in_progress",
            "tok_1",
        ),
        ({"event_type": "interaction.in_progress", "interaction_id": "v1_x"}, "in_progress", None),
        (
            {"event_type": "interaction.requires_action", "interaction": {"id": "v1_x"}},
            "requires_action",
            None,
        ),
    ],
)
def test_status_updates_and_their_variants(
    raw: dict[str, Any], status: str, token: str | None
) -> None:
    event = parse_event(raw)
    assert isinstance(event, InteractionStatusUpdate)
    assert event.interaction_id == "v1_x"
    assert event.status == status
    assert event.continuation_token == token
    assert event.event_id is None  # optional on the wire


def test_step_start_keeps_content() -> None:
    step = {"type": "model_output", "content": [{"type": "text", "text": "Hi"}]}
    event = parse_event({"event_type": "step.start", "index": 1, "step": step})
    assert isinstance(event, StepStart)
    assert event.index == 1
    assert event.step == step


@pytest.mark.parametrize(
    ("delta", "kind", "text"),
    [
        ({"type": "text", "text": "abc"}, "text", "abc"),
        (
            {"type": "thought_summary", "content": {"type": "text", "text": "hm"}},
            "thought_summary",
            "hm",
        ),
        ({"type": "thought_signature", "signature": "c2ln"}, "thought_signature", ""),
        ({"type": "text_annotation_delta", "annotations": []}, "text_annotation_delta", ""),
        ({"type": "image", "data": "AAAA", "mime_type": "image/png"}, "media", ""),
        ({"type": "audio", "uri": "u"}, "media", ""),
        ({"type": "arguments_delta", "arguments": '{"a"'}, "arguments_delta", ""),
        ({"type": "hologram", "beam": 1}, "unknown", ""),
        ({}, "unknown", ""),
    ],
)
def test_delta_kinds(delta: dict[str, Any], kind: str, text: str) -> None:
    event = parse_event({"event_type": "step.delta", "index": 0, "delta": delta})
    assert isinstance(event, StepDelta)
    assert event.kind == kind
    assert event.delta_type == delta.get("type", "")
    assert event.text == text


def test_signature_delta() -> None:
    event = parse_event(
        {
            "event_type": "step.delta",
            "index": 0,
            "delta": {"type": "thought_signature", "signature": "c2ln"},
        }
    )
    assert isinstance(event, StepDelta)
    assert event.signature == "c2ln"


def test_step_stop_and_completed() -> None:
    stop = parse_event({"event_type": "step.stop", "index": 2, "usage": {"total_tokens": 3}})
    assert isinstance(stop, StepStop)
    assert (stop.index, stop.usage) == (2, {"total_tokens": 3})
    done = parse_event(
        {
            "event_type": "interaction.completed",
            "interaction": {
                "id": "v1_x",
                "status": "requires_continuation",
                "continuation_token": "t",
            },
        }
    )
    assert isinstance(done, InteractionCompleted)
    assert (done.interaction_id, done.status, done.continuation_token) == (
        "v1_x",
        "requires_continuation",
        "t",
    )
    assert done.usage is None


def test_error_event_maps_to_an_exception() -> None:
    event = parse_event(
        {
            "event_type": "error",
            "error": {"code": "resource_exhausted", "message": "quota exceeded"},
        }
    )
    assert isinstance(event, ErrorEvent)
    assert (event.code, event.message) == ("resource_exhausted", "quota exceeded")
    exc = event.to_exception()
    assert isinstance(exc, RateLimitError)
    assert "quota exceeded" in str(exc)
    not_found = parse_event({"event_type": "error", "error": {"code": "not_found", "message": "x"}})
    assert isinstance(not_found, ErrorEvent)
    assert isinstance(not_found.to_exception(), NotFoundError)


@pytest.mark.parametrize("event_type", ["interactionz.teleported", "interaction.mystery_update"])
def test_unknown_event_type(event_type: str) -> None:
    event = parse_event({"event_type": event_type, "interaction_id": "v1_x", "x": 1})
    assert isinstance(event, UnknownEvent)
    assert event.type_name == event_type


def test_unknown_interaction_event_with_a_status_is_a_status_change() -> None:
    event = parse_event(
        {"event_type": "interaction.paused", "interaction_id": "v1_x", "status": "queued"}
    )
    assert isinstance(event, InteractionStatusUpdate)
    assert event.status == "queued"


_scalar = st.none() | st.booleans() | st.integers() | st.sampled_from(["", "text", "x", "7"])
_json = (
    _scalar
    | st.lists(_scalar, max_size=2)
    | st.dictionaries(
        st.sampled_from(["type", "text", "id", "status", "content", "signature"]),
        _scalar,
        max_size=3,
    )
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    event_type=st.sampled_from(
        [
            "interaction.created",
            "interaction.status_update",
            "interaction.x",
            "step.start",
            "step.delta",
            "step.stop",
            "interaction.completed",
            "error",
            "zzz",
            7,
            None,
        ]
    ),
    fields=st.dictionaries(
        st.sampled_from(["index", "delta", "step", "interaction", "error", "event_id", "status"]),
        _json,
        max_size=5,
    ),
)
def test_garbage_never_crashes(event_type: object, fields: dict[str, Any]) -> None:
    parse_event({**fields, "event_type": event_type})
