"""The UI's door to the network: API clients and the errors they raise.

``desktop_app.ui`` never imports ``desktop_app.api`` (an import-linter contract);
what it needs of it goes through here, so the engine's layer stays the one place
that decides how clients are built.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.api import errors as api_errors
from desktop_app.api.client import GeminiClient
from desktop_app.api.resources import ModelInfo
from desktop_app.api.retry import RetryPolicy

__all__ = ["GeminiClient", "api_errors", "list_models_with_key", "make_client"]


def make_client(api_key: str, base_url: str) -> GeminiClient:
    """The long-lived client the engine uses for one key and endpoint."""
    return GeminiClient(api_key, base_url=base_url)


async def list_models_with_key(api_key: str, base_url: str) -> Sequence[ModelInfo]:
    """``GET /models`` with a short-lived client (a key under test is not the app's yet).

    One quick attempt: the user is waiting for a yes or no, not a backoff schedule.
    """
    async with GeminiClient(api_key, base_url=base_url, retry=RetryPolicy.no_retries()) as client:
        return await client.list_models()
