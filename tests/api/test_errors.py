"""Error bodies of both dialects, non-JSON bodies, classification and human messages."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from desktop_app.api import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    StreamTruncatedError,
)
from desktop_app.api.errors import error_from_body, error_from_response, parse_retry_after

SECRET = "AIzaSy-unit-test-SECRET-0042"


def response(
    status: int, body: bytes | str, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(
        status, content=content, headers=headers, request=httpx.Request("GET", "https://x/v1beta/a")
    )


def test_interactions_dialect() -> None:
    err = error_from_response(
        response(404, '{"error":{"code":"not_found","message":"Interaction not found."}}')
    )
    assert isinstance(err, NotFoundError)
    assert (err.http_status, err.code, err.api_status, err.message) == (
        404,
        "not_found",
        None,
        "Interaction not found.",
    )
    assert str(err) == "HTTP 404 not_found: Interaction not found."


def test_rpc_dialect_with_api_key_invalid_is_an_authentication_error() -> None:
    body = (
        '{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",'
        '"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",'
        '"reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}'
    )
    err = error_from_response(response(400, body))
    assert isinstance(err, AuthenticationError)
    assert (err.code, err.api_status, err.reason) == (400, "INVALID_ARGUMENT", "API_KEY_INVALID")
    assert "API key" in err.human_message()


def test_missing_key_403_is_an_authentication_error() -> None:
    body = (
        '{"error":{"code":403,"message":"Method doesn\'t allow unregistered callers'
        " (callers without established identity). Please use API Key or other form of API"
        ' consumer identity to call this API.","status":"PERMISSION_DENIED"}}'
    )
    assert isinstance(error_from_response(response(403, body)), AuthenticationError)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, InvalidRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (408, ApiTimeoutError),
        (409, ConflictError),
        (418, InvalidRequestError),
        (422, InvalidRequestError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_status_classes(status: int, cls: type[ApiError]) -> None:
    err = error_from_response(response(status, '{"error":{"message":"m"}}'))
    assert type(err) is cls
    assert err.human_message()
    assert err.retryable == (status in {408, 409, 429} or status >= 500)


def test_non_json_body_becomes_the_message() -> None:
    err = error_from_response(response(502, "<html><body>Bad gateway</body></html>"))
    assert isinstance(err, ServerError)
    assert err.message == "<html><body>Bad gateway</body></html>"
    assert err.code is None


def test_empty_body() -> None:
    err = error_from_response(response(503, b""))
    assert isinstance(err, ServerError)
    assert err.message == "HTTP 503"


def test_huge_body_is_shortened() -> None:
    err = error_from_response(response(500, "x" * 10_000))
    assert len(err.message) <= 500


def test_key_echoed_by_a_server_is_scrubbed() -> None:
    body = f'{{"error":{{"code":400,"message":"bad key {SECRET}","status":"INVALID_ARGUMENT"}}}}'
    err = error_from_response(response(400, body), secret=SECRET)
    for text in (str(err), repr(err), err.message, str(err.body), err.human_message()):
        assert SECRET not in text


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"Retry-After": "9", "retry-after-ms": "100"}, 0.1),  # -ms wins
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers) == expected


def test_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    value = parse_retry_after({"Retry-After": when})
    assert value is not None
    assert 100 < value <= 121


def test_rate_limit_human_message_mentions_the_wait() -> None:
    err = error_from_response(response(429, "{}", {"Retry-After": "120"}))
    assert isinstance(err, RateLimitError)
    assert err.retry_after == 120
    assert "2 min" in err.human_message()


def test_error_event_body_without_status() -> None:
    assert type(error_from_body(None, {"error": {"code": "internal"}})) is ServerError
    assert type(error_from_body(None, {"error": {"code": "weird_new_code"}})) is ApiError
    assert type(error_from_body(None, "not even a dict")) is ApiError


def test_hierarchy() -> None:
    assert issubclass(ApiTimeoutError, ApiConnectionError)
    assert issubclass(ConflictError, InvalidRequestError)
    for cls in (AuthenticationError, RateLimitError, ServerError, StreamTruncatedError):
        assert issubclass(cls, ApiError)
    truncated = StreamTruncatedError("cut", interaction_id="v1_a", last_event_id="evt_3")
    assert (truncated.interaction_id, truncated.last_event_id) == ("v1_a", "evt_3")
    assert truncated.human_message() == "The answer was cut off and could not be resumed."
