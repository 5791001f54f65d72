"""Everything the emulator emits parses into the SDK's response models without leniency.

The SDK tolerates unknown fields and variants, so "it parsed" proves little. Here every
resource and event is validated strictly (no unknown-variant fallback) and then checked
for extra keys, ``Unknown*`` variants and unrecognised enum strings. Only ``object`` (a
real-API field the SDK does not model) may be extra.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from google.genai._gaos.types.interactions.interaction import Interaction
from google.genai._gaos.types.interactions.interactionsseevent import InteractionSSEEvent
from pydantic import TypeAdapter

from tests.fake_gemini import FakeGemini, Fault
from tests.fake_gemini.validation import leniency_used

MODEL = "gemini-3-flash-preview"
ALLOWED = frozenset({"object"})
EVENT = TypeAdapter(InteractionSSEEvent)


@pytest.fixture
def http(fake_gemini: FakeGemini) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=fake_gemini.base_url, headers={"x-goog-api-key": fake_gemini.api_key}
    ) as client:
        yield client


def strict_interaction(body: dict[str, Any]) -> list[str]:
    return leniency_used(Interaction.model_validate(body), allowed_extra=ALLOWED)


def strict_event(event: dict[str, Any]) -> list[str]:
    return leniency_used(EVENT.validate_python(event), allowed_extra=ALLOWED)  # type: ignore[arg-type]


BODIES = [
    {"input": "Hi"},
    {"input": "Hi", "generation_config": {"thinking_level": "high", "thinking_summaries": "auto"}},
    {"input": "Hi", "generation_config": {"thinking_level": "low", "max_output_tokens": 3}},
    {"input": "/markdown 800", "system_instruction": "Be brief."},
    {"input": "Where is this from? /cite"},
    {
        "input": [
            {"type": "text", "text": "What is this?"},
            {"type": "image", "data": "iVBORw0KGgo=", "mime_type": "image/png"},
        ]
    },
]


@pytest.mark.parametrize("body", BODIES)
def test_unary_and_get_resources_are_strictly_valid(
    http: httpx.Client, body: dict[str, Any]
) -> None:
    created = http.post("/v1beta/interactions", json={"model": MODEL, **body}).json()
    fetched = http.get(f"/v1beta/interactions/{created['id']}").json()

    assert strict_interaction(created) == []
    assert strict_interaction(fetched) == []


@pytest.mark.parametrize("body", BODIES)
def test_stream_events_are_strictly_valid(http: httpx.Client, body: dict[str, Any]) -> None:
    events = stream(http, {"model": MODEL, "stream": True, **body})

    assert events
    for event in events:
        assert strict_event(event) == [], event


def test_fault_events_other_than_the_unknown_ones_are_strictly_valid(
    http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("step_start_text"))
    fake_gemini.add_fault(Fault("status_variant"))
    fake_gemini.add_fault(Fault("sse_error", after=6))
    events = stream(
        http,
        {
            "model": MODEL,
            "stream": True,
            "input": "Hi",
            "generation_config": {"thinking_level": "low", "thinking_summaries": "auto"},
        },
    )

    assert events[-1]["event_type"] == "error"
    for event in events:
        if event["event_type"] == "interaction.in_progress":
            continue  # the variant is unknown to SDK 3.3.0 on purpose
        assert strict_event(event) == [], event


def test_continuation_hops_are_strictly_valid(http: httpx.Client, fake_gemini: FakeGemini) -> None:
    body = {
        "model": MODEL,
        "input": "/markdown 600",
        "generation_config": {"thinking_level": "low"},
    }
    fake_gemini.add_fault(Fault("requires_continuation"))
    first = http.post("/v1beta/interactions", json=body).json()
    hop = {"model": MODEL, "continuation_token": first["continuation_token"], "stream": True}
    hop["previous_interaction_id"] = first["id"]
    events = stream(http, hop)

    assert first["status"] == "requires_continuation"
    assert strict_interaction(first) == []
    assert events[-1]["interaction"]["usage"]["total_input_tokens"] == 0  # its own part only
    for event in events:
        assert strict_event(event) == [], event


def test_the_unknown_fault_events_really_are_unknown_to_the_sdk(
    http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("unknown_event", after=2))
    fake_gemini.add_fault(Fault("unknown_delta", after=5))
    events = stream(http, {"model": MODEL, "stream": True, "input": "Hi"})

    flagged = [e["event_type"] for e in events if strict_event(e)]
    assert flagged == ["interaction.mystery_update", "step.delta"]


def stream(http: httpx.Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = http.post("/v1beta/interactions", json=body)
    assert response.status_code == 200
    return [
        json.loads(line.removeprefix("data: "))
        for line in response.text.splitlines()
        if line.startswith("data: ") and line != "data: [DONE]"
    ]
