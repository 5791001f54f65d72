"""Every Python example of the source page, run by the official SDK against the emulator."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from google import genai

from tests.fake_gemini import FakeGemini

MODEL = "gemini-3-flash-preview"


def make_png(path: Path, width: int = 4, height: int = 3) -> bytes:
    """A tiny valid RGB PNG (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes([200, 30, 60]) * width for _ in range(height))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return png


def test_basic(client: genai.Client, fake_gemini: FakeGemini) -> None:
    interaction = client.interactions.create(model=MODEL, input="How does AI work?")

    text = interaction.steps[-1].content[0].text
    assert text == "I can see 1 user turn(s).\nYou said: How does AI work?"
    assert interaction.status == "completed"
    assert interaction.output_text == text
    (request,) = fake_gemini.requests
    assert (request.method, request.path) == ("POST", "/v1beta/interactions")
    assert request.json == {"model": MODEL, "input": "How does AI work?"}
    assert request.headers["x-goog-api-key"] == fake_gemini.api_key
    assert request.violation is None


def test_thinking_level(client: genai.Client, fake_gemini: FakeGemini) -> None:
    interaction = client.interactions.create(
        model=MODEL,
        input="How does AI work?",
        generation_config={"thinking_level": "low"},
    )

    assert interaction.steps[-1].content[0].text.splitlines() == [
        "I can see 1 user turn(s).",
        "Generation settings: thinking_level=low.",
        "You said: How does AI work?",
    ]
    thought = interaction.steps[0]
    assert thought.type == "thought"
    assert thought.signature  # always a signature ...
    assert not thought.summary  # ... but a summary only with thinking_summaries="auto"
    assert interaction.usage is not None
    assert interaction.usage.total_thought_tokens > 0


def test_system_instruction(client: genai.Client) -> None:
    interaction = client.interactions.create(
        model=MODEL,
        system_instruction="You are a cat. Your name is Neko.",
        input="Hello there",
    )

    assert interaction.steps[-1].content[0].text.splitlines() == [
        "I can see 1 user turn(s).",
        "System instruction: You are a cat. Your name is Neko.",
        "You said: Hello there",
    ]


def test_temperature(client: genai.Client, fake_gemini: FakeGemini) -> None:
    interaction = client.interactions.create(
        model=MODEL,
        input="Explain how AI works",
        generation_config={"temperature": 0.1},
    )

    assert "Generation settings: temperature=0.1." in interaction.steps[-1].content[0].text
    assert fake_gemini.requests[0].json["generation_config"] == {"temperature": 0.1}


def test_image_via_files_upload(
    client: genai.Client, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    png = make_png(tmp_path / "organ.png")

    uploaded_file = client.files.upload(file=str(tmp_path / "organ.png"))
    interaction = client.interactions.create(
        model=MODEL,
        input=[
            {"type": "text", "text": "Tell me about this instrument"},
            {"type": "image", "uri": uploaded_file.uri, "mime_type": uploaded_file.mime_type},
        ],
    )

    assert uploaded_file.mime_type == "image/png"
    assert uploaded_file.size_bytes == len(png)
    assert uploaded_file.state == "ACTIVE"
    assert uploaded_file.name in fake_gemini.files
    assert interaction.steps[-1].content[0].text.splitlines() == [
        "I can see 1 user turn(s).",
        f"Attachment 1: image, image/png, uri {uploaded_file.uri}, {len(png)} bytes.",
        "You said: Tell me about this instrument",
    ]
    create = fake_gemini.requests_to("/interactions", "POST")[0]
    assert create.json["input"][0]["type"] == "user_input"  # the SDK wraps a content list


def test_streaming(client: genai.Client, fake_gemini: FakeGemini) -> None:
    stream = client.interactions.create(model=MODEL, input="Explain how AI works", stream=True)
    pieces: list[str] = []
    for event in stream:
        if event.event_type == "step.delta" and event.delta.type == "text":
            pieces.append(event.delta.text)

    assert "".join(pieces) == "I can see 1 user turn(s).\nYou said: Explain how AI works"
    assert len(pieces) >= 2
    request = fake_gemini.requests[0]
    assert request.json["stream"] is True
    assert request.headers["accept"] == "text/event-stream"


def test_multi_turn(client: genai.Client, fake_gemini: FakeGemini) -> None:
    interaction1 = client.interactions.create(model=MODEL, input="I have 2 dogs in my house.")
    interaction2 = client.interactions.create(
        model=MODEL,
        input="How many paws are in my house?",
        previous_interaction_id=interaction1.id,
    )

    assert interaction1.steps[-1].content[0].text.startswith("I can see 1 user turn(s).")
    assert interaction2.steps[-1].content[0].text == (
        "I can see 2 user turn(s).\n"
        "You told me: I have 2 dogs in my house.\n"
        "That makes 8 paws.\n"
        "You said: How many paws are in my house?"
    )
    assert fake_gemini.interactions[interaction2.id].previous_interaction_id == interaction1.id


def test_streaming_multi_turn(client: genai.Client) -> None:
    interaction1 = client.interactions.create(model=MODEL, input="I have 2 dogs in my house.")
    stream = client.interactions.create(
        model=MODEL,
        input="How many paws are in my house?",
        previous_interaction_id=interaction1.id,
        stream=True,
    )
    text = "".join(
        event.delta.text
        for event in stream
        if event.event_type == "step.delta" and event.delta.type == "text"
    )

    assert "That makes 8 paws." in text
    assert text.startswith("I can see 2 user turn(s).")


def test_stateless_replay(client: genai.Client, fake_gemini: FakeGemini) -> None:
    history: list[dict[str, object]] = [
        {"type": "user_input", "content": [{"type": "text", "text": "I have 2 dogs in my house."}]}
    ]
    interaction1 = client.interactions.create(model=MODEL, store=False, input=history)
    for step in interaction1.steps:
        history.append(step.model_dump())
    history.append(
        {
            "type": "user_input",
            "content": [{"type": "text", "text": "How many paws are in my house?"}],
        }
    )
    interaction2 = client.interactions.create(model=MODEL, store=False, input=history)

    assert interaction1.steps[-1].content[0].text.startswith("I can see 1 user turn(s).")
    assert "That makes 8 paws." in interaction2.steps[-1].content[0].text
    assert interaction2.steps[-1].content[0].text.startswith("I can see 2 user turn(s).")
    assert fake_gemini.interactions == {}  # store=False: nothing retrievable
    assert set(fake_gemini.unstored_interactions) == {interaction1.id, interaction2.id}
    second = fake_gemini.requests[1].json
    assert [s["type"] for s in second["input"]] == ["user_input", "model_output", "user_input"]
    assert second["store"] is False


def test_stateless_replay_that_lost_history_answers_differently(client: genai.Client) -> None:
    lost = client.interactions.create(
        model=MODEL,
        store=False,
        input=[
            {
                "type": "user_input",
                "content": [{"type": "text", "text": "How many paws are in my house?"}],
            }
        ],
    )

    assert lost.steps[-1].content[0].text.splitlines()[:2] == [
        "I can see 1 user turn(s).",
        "I don't know how many animals you have.",
    ]
