"""The official SDK pointed at the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from google import genai

from tests.api.log_guard import guarded
from tests.fake_gemini import FakeGemini


@pytest.fixture(scope="session")
def _sdk_client(_fake_gemini_server: FakeGemini) -> Iterator[genai.Client]:
    # Building a Client costs ~0.4 s (TLS contexts), so one serves the whole session;
    # the emulator's state is still fresh per test through the fake_gemini fixture.
    sdk = genai.Client(
        api_key=_fake_gemini_server.api_key,
        http_options={"base_url": _fake_gemini_server.base_url, "api_version": "v1beta"},
    )
    yield sdk
    sdk.close()


@pytest.fixture
def client(_sdk_client: genai.Client, fake_gemini: FakeGemini) -> genai.Client:
    """google-genai 3.3.0 as the source page builds it, aimed at the emulator."""
    return _sdk_client


def sdk_client(fake: FakeGemini, **http_options: object) -> genai.Client:
    """A dedicated SDK client (for tests that need other options); close it after use."""
    return genai.Client(
        api_key=fake.api_key,
        http_options={"base_url": fake.base_url, "api_version": "v1beta", **http_options},
    )


@pytest.fixture(autouse=True)
def no_key_leaks(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The API tests' guard (tests/api/log_guard.py): no key in logs, no emulator errors."""
    with guarded(caplog, monkeypatch):
        yield
