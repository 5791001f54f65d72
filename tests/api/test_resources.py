"""Interaction.output_text (the SDK's rule), FileInfo / ModelInfo parsing, timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from desktop_app.api import FileInfo, Interaction, ModelInfo, output_text
from desktop_app.api.resources import parse_timestamp


def text(t: str) -> dict[str, Any]:
    return {"type": "text", "text": t}


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # trailing model outputs are joined; thoughts between them are skipped
        (
            [
                {"type": "model_output", "content": [text("a")]},
                {"type": "thought", "signature": "s"},
                {"type": "model_output", "content": [text("b"), text("c")]},
            ],
            "abc",
        ),
        # a user_input ends the walk: the previous turn's answer is not included
        (
            [
                {"type": "model_output", "content": [text("old")]},
                {"type": "user_input", "content": [text("q")]},
                {"type": "model_output", "content": [text("new")]},
            ],
            "new",
        ),
        # a tool step before the final answer stops collection
        (
            [
                {"type": "model_output", "content": [text("before")]},
                {"type": "function_call", "id": "f", "name": "n", "arguments": {}},
                {"type": "model_output", "content": [text("after")]},
            ],
            "after",
        ),
        # a non-text block stops collection once text was collected; trailing media is skipped
        (
            [
                {
                    "type": "model_output",
                    "content": [text("x"), {"type": "image", "data": "A"}, text("y")],
                },
                {"type": "model_output", "content": [{"type": "image", "data": "B"}]},
            ],
            "y",
        ),
        ([], ""),
    ],
)
def test_output_text_rule(steps: list[dict[str, Any]], expected: str) -> None:
    assert output_text(steps) == expected
    assert Interaction({"id": "v1", "status": "completed", "steps": steps}).output_text == expected


def test_interaction_is_lossless_and_tolerant() -> None:
    raw: dict[str, Any] = {
        "id": "v1_a",
        "status": "completed",
        "object": "interaction",
        "future": [1],
    }
    interaction = Interaction(raw)
    assert interaction.raw is raw
    assert (interaction.id, interaction.status, interaction.steps, interaction.usage) == (
        "v1_a",
        "completed",
        [],
        None,
    )
    odd = Interaction({"steps": "nope", "usage": 3})
    assert (odd.id, odd.status, odd.steps, odd.usage, odd.output_text) == ("", "", [], None, "")
    assert "v1_a" in repr(interaction)


def test_file_info_from_the_wire() -> None:
    info = FileInfo.from_api(
        {
            "name": "files/abc123",
            "displayName": "notes.txt",
            "mimeType": "text/plain",
            "sizeBytes": "300",
            "createTime": "2026-05-21T10:00:00.123456789Z",
            "expirationTime": "2026-05-23T10:00:00.123456Z",
            "sha256Hash": "aGFzaA==",
            "uri": "https://generativelanguage.googleapis.com/v1beta/files/abc123",
            "state": "ACTIVE",
            "source": "UPLOADED",
        }
    )
    assert info.size_bytes == 300
    assert info.expiration_time == datetime(2026, 5, 23, 10, 0, 0, 123456, tzinfo=UTC)
    assert info.create_time == datetime(2026, 5, 21, 10, 0, 0, 123456, tzinfo=UTC)
    assert (info.name, info.display_name, info.mime_type, info.state, info.is_active) == (
        "files/abc123",
        "notes.txt",
        "text/plain",
        "ACTIVE",
        True,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-21T10:00:00Z", datetime(2026, 5, 21, 10, tzinfo=UTC)),
        ("2026-05-21T10:00:00.5Z", datetime(2026, 5, 21, 10, 0, 0, 500000, tzinfo=UTC)),
        ("2026-05-21T10:00:00.123+00:00", datetime(2026, 5, 21, 10, 0, 0, 123000, tzinfo=UTC)),
        ("yesterday", None),
        (None, None),
        ("", None),
    ],
)
def test_timestamps(value: object, expected: datetime | None) -> None:
    assert parse_timestamp(value) == expected


def test_model_info() -> None:
    model = ModelInfo.from_api(
        {
            "name": "models/gemini-3-flash-preview",
            "displayName": "Gemini 3 Flash Preview",
            "inputTokenLimit": 1048576,
            "outputTokenLimit": 65536,
            "supportedGenerationMethods": ["generateContent"],
            "thinking": True,
            "temperature": 1,
            "topK": 64,
        }
    )
    assert (model.id, model.thinking, model.temperature, model.top_k, model.can_generate) == (
        "gemini-3-flash-preview",
        True,
        1.0,
        64,
        True,
    )
    bare = ModelInfo.from_api({"name": "models/x"})
    assert (bare.display_name, bare.input_token_limit, bare.thinking) == ("x", None, False)
