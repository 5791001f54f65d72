"""Pytest fixtures for the emulator (registered suite-wide from tests/conftest.py).

- ``fake_gemini``: a running :class:`~tests.fake_gemini.FakeGemini` with fresh state
  for this test. Teardown fails the test if a create request sent by our own client
  (``user-agent: gemdesk/...``) broke the SDK's request model, or if the server logged
  an error (a fault's deliberate connection break is not one).
- ``fake_gemini_url``: its base URL, for subprocesses (the server is a real socket).
- ``fake_gemini_env``: environment variables pointing Gemdesk / the SDK at it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FakeGemini

OUR_USER_AGENT = "gemdesk/"


@pytest.fixture(scope="session")
def _fake_gemini_server() -> Iterator[FakeGemini]:
    server = FakeGemini().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_gemini(_fake_gemini_server: FakeGemini) -> Iterator[FakeGemini]:
    """The emulator with fresh state (no requests, interactions, files or faults)."""
    _fake_gemini_server.reset()
    yield _fake_gemini_server
    ours = [r for r in _fake_gemini_server.violations if r.user_agent.startswith(OUR_USER_AGENT)]
    errors = list(_fake_gemini_server.server_errors)
    _fake_gemini_server.reset()
    if errors:
        pytest.fail(f"the emulator logged {len(errors)} error(s): {errors[:3]}", pytrace=False)
    if ours:
        lines = "\n".join(f"  {r.method} {r.path}: {r.violation}" for r in ours)
        pytest.fail(
            f"our client sent {len(ours)} create request(s) the SDK's request model "
            f"rejects (unknown or invalid fields):\n{lines}",
            pytrace=False,
        )


@pytest.fixture
def fake_gemini_url(fake_gemini: FakeGemini) -> str:
    return fake_gemini.base_url


@pytest.fixture
def fake_gemini_env(fake_gemini: FakeGemini) -> dict[str, str]:
    """``GOOGLE_GEMINI_BASE_URL``, ``GEMINI_API_KEY`` and ``GOOGLE_GENAI_API_VERSION``."""
    return {
        "GOOGLE_GEMINI_BASE_URL": fake_gemini.base_url,
        "GEMINI_API_KEY": fake_gemini.api_key,
        "GOOGLE_GENAI_API_VERSION": "v1beta",
    }
