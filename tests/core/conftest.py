"""Engine fixtures: a real SQLite store and a real client talking to the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from desktop_app.api.client import GeminiClient
from desktop_app.api.retry import RetryPolicy
from desktop_app.core import Done, Engine, EngineEvent
from desktop_app.core.presets import PresetLibrary
from desktop_app.store import HistoryStore
from tests.fake_gemini import FakeGemini


async def _no_sleep(_: float) -> None:
    return None


FAST_RETRY = RetryPolicy(initial_delay=0.0, max_delay=0.0, sleep=_no_sleep)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    history = HistoryStore.open(tmp_path / "history.sqlite3")
    yield history
    history.close()


@pytest_asyncio.fixture
async def client(fake_gemini: FakeGemini) -> AsyncIterator[GeminiClient]:
    async with GeminiClient(
        fake_gemini.api_key, base_url=fake_gemini.base_url, retry=FAST_RETRY, stall_timeout=5.0
    ) as api:
        yield api


@pytest.fixture
def engine(store: HistoryStore, client: GeminiClient, tmp_path: Path) -> Engine:
    return Engine(store, client, presets=PresetLibrary(tmp_path / "presets.json"))


async def collect(events: AsyncIterator[EngineEvent]) -> list[EngineEvent]:
    out = [event async for event in events]
    assert isinstance(out[-1], Done) or any(isinstance(e, Done) for e in out)
    return out


def text_of(events: list[EngineEvent]) -> str:
    from desktop_app.core import TextDelta

    return "".join(e.text for e in events if isinstance(e, TextDelta))


def done_of(events: list[EngineEvent]) -> Done:
    return next(e for e in events if isinstance(e, Done))
