"""What every API and conformance test is checked for after it ran (see the conftests).

- No API key in any log record (client side and the emulator's, which runs in a
  thread of this process and logs through the same root logger), in any ApiError
  raised during the test (its whole ``__cause__``/``__context__`` chain included),
  or in the repr/str of any GeminiClient built during the test.
- No ERROR from the emulator's server (``uvicorn.error``): a deliberate connection
  break of a fault is filtered at the source, so anything left is a real emulator bug.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from desktop_app.api import ApiError, GeminiClient
from tests.fake_gemini.server import DEFAULT_API_KEY

# Every key the API tests use (the emulator's default key included).
UNIT_KEY = "AIzaSy-unit-test-SECRET-0042"
BAD_KEY = "invalid-SECRET-key-0099"
KNOWN_SECRETS = (UNIT_KEY, BAD_KEY, DEFAULT_API_KEY)

SERVER_LOGGER = "uvicorn"


def texts_of(exc: BaseException) -> Iterator[str]:
    """Every text an exception and its chain can show (str, repr, args, API fields)."""
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


def record_texts(records: Iterable[logging.LogRecord]) -> Iterator[str]:
    for record in records:
        yield record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            yield from texts_of(record.exc_info[1])


def server_errors(records: Iterable[logging.LogRecord]) -> list[str]:
    return [
        record.getMessage()
        for record in records
        if record.name.startswith(SERVER_LOGGER) and record.levelno >= logging.ERROR
    ]


@contextmanager
def guarded(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run a test body; then fail on a leaked key or an emulator error (see module doc)."""
    caplog.set_level(logging.DEBUG)
    raised: list[ApiError] = []
    clients: list[GeminiClient] = []
    api_error_init = ApiError.__init__
    client_init = GeminiClient.__init__

    def recording_error_init(self: ApiError, *args: Any, **kwargs: Any) -> None:
        api_error_init(self, *args, **kwargs)
        raised.append(self)

    def recording_client_init(self: GeminiClient, *args: Any, **kwargs: Any) -> None:
        client_init(self, *args, **kwargs)
        clients.append(self)

    monkeypatch.setattr(ApiError, "__init__", recording_error_init)
    monkeypatch.setattr(GeminiClient, "__init__", recording_client_init)
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    texts = list(record_texts(records))
    for exc in raised:
        texts.extend(texts_of(exc))
    for client in clients:
        texts += [repr(client), str(client), repr(client._t)]
    for secret in KNOWN_SECRETS:
        leaks = [t for t in texts if secret in t]
        assert not leaks, f"API key leaked into: {leaks[:3]}"
    errors = server_errors(records)
    assert not errors, f"the emulator logged errors: {errors[:3]}"
