"""Every API error's sentence is a translatable Text whose English is unchanged."""

from __future__ import annotations

import pytest

from desktop_app.api.client import GeminiClient
from desktop_app.api.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    ConflictError,
    FileProcessingError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    StreamTruncatedError,
)
from desktop_app.api.retry import RetryPolicy
from desktop_app.text import Text
from tests.fake_gemini import FakeGemini, Fault

# The English each error said before its sentences became Text: CLI output and logs
# must not change.
CASES = [
    (ApiError("x"), "The Gemini API request failed."),
    (
        AuthenticationError("x"),
        "The API key is missing or not valid. Check it in Preferences.",
    ),
    (
        PermissionDeniedError("x"),
        "The API key is not allowed to do this (or the file no longer exists).",
    ),
    (
        NotFoundError("x"),
        "The server does not know this conversation, model or file (it may have expired).",
    ),
    (
        InvalidRequestError("temperature:\n  must be  <= 2"),
        "The server rejected the request: temperature: must be <= 2",
    ),
    (ConflictError("x"), "The server reported a conflict; try again."),
    (RateLimitError("x"), "Rate limit or quota reached; wait a moment and try again."),
    (
        RateLimitError("x", retry_after=0.4),
        "Rate limit or quota reached; wait a moment and try again.",
    ),
    (RateLimitError("x", retry_after=3.4), "Rate limit or quota reached; try again in 3 s."),
    (RateLimitError("x", retry_after=89), "Rate limit or quota reached; try again in 89 s."),
    (RateLimitError("x", retry_after=150), "Rate limit or quota reached; try again in 2 min."),
    (RateLimitError("x", retry_after=3600), "Rate limit or quota reached; try again in 60 min."),
    (ServerError("x"), "The Gemini service had a problem; try again shortly."),
    (
        ApiConnectionError("x"),
        "Could not reach the Gemini service. Check the network connection.",
    ),
    (ApiTimeoutError("x"), "The Gemini service took too long to answer."),
    (StreamTruncatedError("x"), "The answer was cut off and could not be resumed."),
    (FileProcessingError("x"), "The server could not process the uploaded file."),
]


@pytest.mark.parametrize(("error", "english"), CASES, ids=lambda v: type(v).__name__)
def test_each_error_says_in_english_what_it_said_before(error: ApiError, english: str) -> None:
    text = error.human_text()
    assert isinstance(text, Text)
    assert text.context == "ApiError"
    assert text == english
    assert error.human_message() == english
    assert type(error.human_message()) is str  # plain English for the CLI and logs


def test_the_wait_and_the_servers_words_are_arguments_not_template() -> None:
    seconds = RateLimitError("x", retry_after=12).human_text()
    assert seconds.source == "Rate limit or quota reached; try again in {seconds} s."
    assert dict(seconds.args) == {"seconds": 12}
    minutes = RateLimitError("x", retry_after=600).human_text()
    assert dict(minutes.args) == {"minutes": 10}
    rejected = InvalidRequestError("x" * 300).human_text()
    assert rejected.source == "The server rejected the request: {detail}"
    detail = rejected.args["detail"]
    assert isinstance(detail, str)
    assert len(detail) == 160
    assert detail.endswith("…")


@pytest.mark.asyncio
async def test_a_real_429_with_retry_after_carries_the_wait(fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("http_error", status=429, retry_after="7"))
    async with GeminiClient(
        fake_gemini.api_key, base_url=fake_gemini.base_url, retry=RetryPolicy.no_retries()
    ) as client:
        with pytest.raises(RateLimitError) as info:
            await client.create({"model": "gemini-3-flash-preview", "input": "Hello"})
    text = info.value.human_text()
    assert text == "Rate limit or quota reached; try again in 7 s."
    assert dict(text.args) == {"seconds": 7}
