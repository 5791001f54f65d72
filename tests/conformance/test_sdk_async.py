"""The SDK's async client against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from google import genai

from tests.conformance.conftest import sdk_client
from tests.fake_gemini import FakeGemini, Fault

MODEL = "gemini-3-flash-preview"


@pytest_asyncio.fixture
async def aclient(fake_gemini: FakeGemini) -> AsyncIterator[genai.Client]:
    # An async httpx client belongs to one event loop, so each test gets its own.
    sdk = sdk_client(fake_gemini)
    yield sdk
    await sdk.aio.aclose()
    sdk.close()


@pytest.mark.asyncio
async def test_async_multi_turn_stream(aclient: genai.Client, fake_gemini: FakeGemini) -> None:
    first = await aclient.aio.interactions.create(model=MODEL, input="I have 2 dogs in my house.")
    stream = await aclient.aio.interactions.create(
        model=MODEL,
        input="How many paws are in my house?",
        previous_interaction_id=first.id,
        stream=True,
        generation_config={"thinking_level": "medium", "thinking_summaries": "auto"},
    )
    kinds: list[str] = []
    text = ""
    async for event in stream:
        kinds.append(event.event_type)
        if event.event_type == "step.delta" and event.delta.type == "text":
            text += event.delta.text

    assert kinds[0] == "interaction.created"
    assert kinds[-1] == "interaction.completed"
    assert "That makes 8 paws." in text
    assert len(fake_gemini.interactions) == 2


@pytest.mark.asyncio
async def test_async_drop_after_checkpoint_is_continued(
    aclient: genai.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("drop", after=5, checkpoint=True))
    stream = await aclient.aio.interactions.create(model=MODEL, input="Hi", stream=True)
    text = ""
    async for event in stream:
        if event.event_type == "step.delta" and event.delta.type == "text":
            text += event.delta.text

    assert text == "I can see 1 user turn(s).\nYou said: Hi"
    assert len(fake_gemini.requests_to("/interactions", "POST")) == 2


@pytest.mark.asyncio
async def test_async_files_and_get(aclient: genai.Client, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    uploaded = await aclient.aio.files.upload(file=str(tmp_path / "notes.txt"))
    created = await aclient.aio.interactions.create(
        model=MODEL,
        input=[
            {"type": "text", "text": "Summarise"},
            {"type": "document", "uri": uploaded.uri, "mime_type": "text/plain"},
        ],
    )
    fetched = await aclient.aio.interactions.get(created.id)

    assert uploaded.size_bytes == 5
    assert f"uri {uploaded.uri}, 5 bytes." in fetched.steps[-1].content[0].text
