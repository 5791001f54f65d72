"""Fixtures for the API tests, and the guard that runs for every one of them.

The guard (tests/api/log_guard.py) fails a test if an API key shows up in any log
record (ours, httpx's or the emulator's), any ApiError raised during it, or the repr
of any client it built, and if the emulator logged an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.api import GeminiClient, RetryPolicy
from tests.api.log_guard import BAD_KEY, KNOWN_SECRETS, UNIT_KEY, guarded, texts_of

__all__ = ["BAD_KEY", "KNOWN_SECRETS", "UNIT_KEY", "SleepRecorder", "texts_of"]


class SleepRecorder:
    """An injectable ``sleep`` that returns at once and remembers each wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def policy(sleeps: SleepRecorder) -> RetryPolicy:
    """The default policy, with recorded instant sleeps and no jitter (waits are exact)."""
    return RetryPolicy(sleep=sleeps, jitter=lambda: 1.0)


@pytest.fixture(autouse=True)
def no_key_leaks(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    with guarded(caplog, monkeypatch):
        yield


@pytest.fixture
def make_client(fake_gemini: Any, policy: RetryPolicy) -> Callable[..., GeminiClient]:
    """``make_client(**overrides)`` → a GeminiClient aimed at the emulator, instant sleeps."""

    def make(**overrides: Any) -> GeminiClient:
        options: dict[str, Any] = {
            "base_url": fake_gemini.base_url,
            "retry": policy,
            "stall_timeout": 5.0,
        }
        options.update(overrides)
        key = options.pop("api_key", fake_gemini.api_key)
        return GeminiClient(key, **options)

    return make
