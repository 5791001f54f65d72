"""The nine examples of the source page, through our client, over real HTTP to the emulator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app import __version__
from desktop_app.api import GeminiClient, StepAccumulator, StepDelta
from tests.fake_gemini.server import FakeGemini

MODEL = "gemini-3-flash-preview"
MakeClient = Callable[..., GeminiClient]


def last_text(steps: list[dict[str, Any]]) -> str:
    """``interaction.steps[-1].content[0].text`` as the page prints it."""
    return str(steps[-1]["content"][0]["text"])


def assert_wire_headers(fake: FakeGemini) -> None:
    assert fake.requests
    for request in fake.requests:
        assert request.path.startswith(("/v1beta/", "/upload/v1beta/"))
        assert request.headers["api-revision"] == "2026-05-20"
        assert request.headers["user-agent"] == f"gemdesk/{__version__}"
        assert "key" not in request.query
        if "upload_id" in request.query:
            assert "x-goog-api-key" not in request.headers  # the session URL is the credential
        else:
            assert request.headers["x-goog-api-key"] == fake.api_key


async def stream_text(client: GeminiClient, body: dict[str, Any]) -> str:
    """The page's loop: print delta.text of every text delta."""
    out = []
    async for event in client.stream(body):
        if isinstance(event, StepDelta) and event.delta_type == "text":
            out.append(event.text)
    return "".join(out)


@pytest.mark.asyncio
async def test_1_basic(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    async with make_client() as client:
        interaction = await client.create({"model": MODEL, "input": "How does AI work?"})
    assert interaction.status == "completed"
    assert "You said: How does AI work?" in last_text(interaction.steps)
    assert interaction.output_text == last_text(interaction.steps)
    assert interaction.raw == fake_gemini.interactions[interaction.id].resource(with_timeline=False)
    assert_wire_headers(fake_gemini)
    assert fake_gemini.requests[0].json == {"model": MODEL, "input": "How does AI work?"}


@pytest.mark.asyncio
async def test_2_thinking_level(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    body = {
        "model": MODEL,
        "input": "How does AI work?",
        "generation_config": {"thinking_level": "low"},
    }
    async with make_client() as client:
        interaction = await client.create(body)
    kinds = [s["type"] for s in interaction.steps]
    assert kinds == ["thought", "model_output"]
    assert interaction.steps[0]["signature"]
    assert "summary" not in interaction.steps[0]  # thinking_summaries defaults to none
    assert "thinking_level=low" in last_text(interaction.steps)
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
async def test_3_system_instruction(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    async with make_client() as client:
        interaction = await client.create(
            {
                "model": MODEL,
                "system_instruction": "You are a cat. Your name is Neko.",
                "input": "Hello there",
            }
        )
    assert "System instruction: You are a cat. Your name is Neko." in last_text(interaction.steps)
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
async def test_4_temperature(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    async with make_client() as client:
        interaction = await client.create(
            {
                "model": MODEL,
                "input": "Explain how AI works",
                "generation_config": {"temperature": 0.1},
            }
        )
    assert "temperature=0.1" in last_text(interaction.steps)
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
async def test_5_image_via_files_upload(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    organ = tmp_path / "organ.jpg"
    organ.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40 + b"\xff\xd9")
    async with make_client() as client:
        uploaded = await client.upload_file(organ, mime_type="image/jpeg")
        interaction = await client.create(
            {
                "model": MODEL,
                "input": [
                    {"type": "text", "text": "Tell me about this instrument"},
                    {"type": "image", "uri": uploaded.uri, "mime_type": uploaded.mime_type},
                ],
            }
        )
    text = last_text(interaction.steps)
    size = organ.stat().st_size
    assert f"Attachment 1: image, image/jpeg, uri {uploaded.uri}, {size} bytes." in text
    assert (uploaded.size_bytes, uploaded.display_name, uploaded.state) == (
        size,
        "organ.jpg",
        "ACTIVE",
    )
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
async def test_6_streaming(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    body = {"model": MODEL, "input": "Explain how AI works"}
    async with make_client() as client:
        streamed = await stream_text(client, {**body, "stream": True})
        unary = await client.create(body)
    assert streamed == unary.output_text
    assert "You said: Explain how AI works" in streamed
    post = fake_gemini.requests[0]
    assert post.json["stream"] is True
    assert post.headers["accept"] == "text/event-stream"
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
async def test_7_multi_turn(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    async with make_client() as client:
        first = await client.create({"model": MODEL, "input": "I have 2 dogs in my house."})
        second = await client.create(
            {
                "model": MODEL,
                "input": "How many paws are in my house?",
                "previous_interaction_id": first.id,
            }
        )
    answer = last_text(second.steps)
    assert "I can see 2 user turn(s)." in answer
    assert "That makes 8 paws." in answer
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
async def test_8_streaming_multi_turn(fake_gemini: FakeGemini, make_client: MakeClient) -> None:
    async with make_client() as client:
        first = await client.create({"model": MODEL, "input": "I have 2 dogs in my house."})
        answer = await stream_text(
            client,
            {
                "model": MODEL,
                "input": "How many paws are in my house?",
                "previous_interaction_id": first.id,
                "stream": True,
            },
        )
    assert "That makes 8 paws." in answer
    assert_wire_headers(fake_gemini)


@pytest.mark.asyncio
@pytest.mark.parametrize("streamed_first_turn", [False, True])
async def test_9_stateless_replay(
    fake_gemini: FakeGemini, make_client: MakeClient, streamed_first_turn: bool
) -> None:
    config = {"thinking_level": "medium", "thinking_summaries": "auto"}
    history: list[dict[str, Any]] = [
        {"type": "user_input", "content": [{"type": "text", "text": "I have 2 dogs in my house."}]}
    ]
    async with make_client() as client:
        body = {"model": MODEL, "store": False, "input": history, "generation_config": config}
        if streamed_first_turn:
            acc = StepAccumulator()
            async for event in client.stream(body):
                acc.feed(event)
            steps = acc.steps
        else:
            steps = (await client.create(body)).steps
        assert [s["type"] for s in steps] == ["thought", "model_output"]
        history.extend(steps)
        history.append(
            {
                "type": "user_input",
                "content": [{"type": "text", "text": "How many paws are in my house?"}],
            }
        )
        second = await client.create(
            {"model": MODEL, "store": False, "input": history, "generation_config": config}
        )
    answer = last_text(second.steps)
    assert "I can see 2 user turn(s)." in answer
    assert "That makes 8 paws." in answer
    assert fake_gemini.interactions == {}  # nothing stored server-side
    # The replayed thought went back byte for byte (the emulator rejects altered signatures).
    assert fake_gemini.requests[-1].json["input"][1] == steps[0]
    assert_wire_headers(fake_gemini)
