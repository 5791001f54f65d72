"""Fixtures for the API tests, and the key-leak guard that runs for every one of them.

The guard records every ApiError raised anywhere during a test (by wrapping its
``__init__``) and every log record, and fails the test if an API key used in the test
appears in any of them, in an exception's chain, or in a client's repr.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.api import ApiError, GeminiClient, RetryPolicy
from tests.fake_gemini.server import DEFAULT_API_KEY

# Every key the API tests use (the emulator's default key included).
UNIT_KEY = "AIzaSy-unit-test-SECRET-0042"
BAD_KEY = "invalid-SECRET-key-0099"
KNOWN_SECRETS = (UNIT_KEY, BAD_KEY, DEFAULT_API_KEY)


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


def _texts_of(exc: BaseException) -> Iterator[str]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield " ".join(str(a) for a in current.args)
        if isinstance(current, ApiError):
            yield current.message
            yield current.human_message()
            try:
                yield json.dumps(current.body)
            except (TypeError, ValueError):
                yield str(current.body)
        current = current.__cause__ or current.__context__


@pytest.fixture(autouse=True)
def no_key_leaks(
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[list[ApiError]]:
    caplog.set_level(logging.DEBUG)
    raised: list[ApiError] = []
    original = ApiError.__init__

    def recording_init(self: ApiError, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        raised.append(self)

    monkeypatch.setattr(ApiError, "__init__", recording_init)
    yield raised
    secrets = set(KNOWN_SECRETS)
    texts: list[str] = []
    for record in caplog.records:
        texts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            texts.extend(_texts_of(record.exc_info[1]))
    for exc in raised:
        texts.extend(_texts_of(exc))
    for secret in secrets:
        leaks = [t for t in texts if secret in t]
        assert not leaks, f"API key leaked into: {leaks[:3]}"


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
