"""Every failure the API layer reports, as one exception hierarchy.

::

    ApiError                      base: http_status, code, api_status, message, retry_after
    ├── AuthenticationError       missing/invalid key (401, 400 API_KEY_INVALID, 403 no key)
    ├── PermissionDeniedError     403 (also: unknown or expired file)
    ├── NotFoundError             404 (unknown interaction, model, expired previous_interaction_id)
    ├── InvalidRequestError       400, 422 and other 4xx the server rejects as malformed
    │   └── ConflictError         409
    ├── RateLimitError            429
    ├── ServerError               5xx
    ├── ApiConnectionError        no HTTP answer: DNS, refused, reset, broken stream
    │   └── ApiTimeoutError       connect/read timeout, server 408, or a wait that took too long
    ├── StreamTruncatedError      a stream ended without completion and could not be resumed
    └── FileProcessingError       an uploaded file ended in state FAILED, or an upload session died

Both error-body dialects are parsed (protocol §5.1): Interactions-style
``{"error": {"code": "not_found", "message": ...}}`` and Google-RPC style
``{"error": {"code": 404, "message": ..., "status": "NOT_FOUND", "details": [...]}}``;
a body that is not JSON becomes the message as-is. No exception text ever contains the
API key: messages are scrubbed by :func:`error_from_response` before they are stored.

:meth:`ApiError.human_text` is the sentence for people as a :class:`~desktop_app.text.Text`
(English, translated by the UI); :meth:`ApiError.human_message` is its English form.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from desktop_app.text import Text, translate_noop

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "ConflictError",
    "FileProcessingError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "StreamTruncatedError",
    "error_from_body",
    "error_from_response",
    "parse_retry_after",
]

_MAX_MESSAGE = 500  # a whole HTML error page is no message


class ApiError(Exception):
    """Base of every API failure.

    Attributes:
        http_status: the HTTP status code, or ``None`` when no response arrived.
        code: the API's error code: a snake_case string (``"not_found"``) or an int (``404``).
        api_status: the Google-RPC status (``"INVALID_ARGUMENT"``), if any.
        reason: the first ``ErrorInfo.reason`` of the details (``"API_KEY_INVALID"``), if any.
        message: the server's (or our) explanation, already scrubbed of the key.
        retry_after: seconds the server asked us to wait, if it said so.
    """

    default_human: ClassVar[Text] = translate_noop("ApiError", "The Gemini API request failed.")

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        code: str | int | None = None,
        api_status: str | None = None,
        reason: str | None = None,
        retry_after: float | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.code = code
        self.api_status = api_status
        self.reason = reason
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        prefix = f"HTTP {self.http_status}" if self.http_status is not None else ""
        label = self.api_status or (str(self.code) if self.code is not None else "")
        head = " ".join(p for p in (prefix, label) if p)
        return f"{head}: {self.message}" if head else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def human_text(self) -> Text:
        """One short sentence for a status bar or dialog (the UI translates it)."""
        return self.default_human

    def human_message(self) -> str:
        """:meth:`human_text` in English (the CLI, logs)."""
        return str(self.human_text())

    @property
    def retryable(self) -> bool:
        """Whether trying the same request again later may succeed."""
        return False


class AuthenticationError(ApiError):
    default_human = translate_noop(
        "ApiError", "The API key is missing or not valid. Check it in Preferences."
    )


class PermissionDeniedError(ApiError):
    default_human = translate_noop(
        "ApiError", "The API key is not allowed to do this (or the file no longer exists)."
    )


class NotFoundError(ApiError):
    default_human = translate_noop(
        "ApiError",
        "The server does not know this conversation, model or file (it may have expired).",
    )


class InvalidRequestError(ApiError):
    default_human = translate_noop("ApiError", "The server rejected the request as invalid.")

    def human_text(self) -> Text:
        # The server's own words stay as they are: no catalogue knows them.
        return _REJECTED.format(detail=_shorten(self.message, 160))


class ConflictError(InvalidRequestError):
    default_human = translate_noop("ApiError", "The server reported a conflict; try again.")

    def human_text(self) -> Text:
        return self.default_human

    @property
    def retryable(self) -> bool:
        return True


class RateLimitError(ApiError):
    default_human = translate_noop(
        "ApiError", "Rate limit or quota reached; wait a moment and try again."
    )

    def human_text(self) -> Text:
        if self.retry_after and self.retry_after >= 1:
            return _retry_in(self.retry_after)
        return self.default_human

    @property
    def retryable(self) -> bool:
        return True


class ServerError(ApiError):
    default_human = translate_noop(
        "ApiError", "The Gemini service had a problem; try again shortly."
    )

    @property
    def retryable(self) -> bool:
        return True


class ApiConnectionError(ApiError):
    default_human = translate_noop(
        "ApiError", "Could not reach the Gemini service. Check the network connection."
    )

    @property
    def retryable(self) -> bool:
        return True


class ApiTimeoutError(ApiConnectionError):
    default_human = translate_noop("ApiError", "The Gemini service took too long to answer.")


class StreamTruncatedError(ApiError):
    """The answer stream stopped early and could not be resumed.

    ``interaction_id`` and ``last_event_id`` tell what was received, so a caller may
    try :meth:`GeminiClient.get` later.
    """

    default_human = translate_noop("ApiError", "The answer was cut off and could not be resumed.")

    def __init__(
        self,
        message: str,
        *,
        interaction_id: str | None = None,
        last_event_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.interaction_id = interaction_id
        self.last_event_id = last_event_id

    @property
    def retryable(self) -> bool:
        return True


class FileProcessingError(ApiError):
    default_human = translate_noop("ApiError", "The server could not process the uploaded file.")


# --- building errors from responses -------------------------------------------------------


def parse_retry_after(headers: Mapping[str, str] | httpx.Headers) -> float | None:
    """Seconds from ``retry-after-ms`` (wins) or ``Retry-After`` (seconds or HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_from_body(
    http_status: int | None,
    body: Any,
    *,
    text: str = "",
    retry_after: float | None = None,
    secret: str | None = None,
) -> ApiError:
    """Map a status code and a decoded error body (either dialect, or None) to an exception."""
    code: str | int | None = None
    api_status: str | None = None
    reason: str | None = None
    message = ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        raw_code = error.get("code")
        if isinstance(raw_code, (str, int)) and not isinstance(raw_code, bool):
            code = raw_code
        if isinstance(error.get("status"), str):
            api_status = error["status"]
        if isinstance(error.get("message"), str):
            message = error["message"]
        reason = _first_reason(error.get("details"))
    elif isinstance(error, str):
        message = error
    if not message:
        message = text.strip() or (f"HTTP {http_status}" if http_status else "Unknown error")
    message = _shorten(_scrub(message, secret), _MAX_MESSAGE)
    cls = _classify(http_status, code, api_status, reason, message)
    return cls(
        message,
        http_status=http_status,
        code=code,
        api_status=api_status,
        reason=reason,
        retry_after=retry_after,
        body=_scrub_json(body, secret),
    )


def error_from_response(response: httpx.Response, *, secret: str | None = None) -> ApiError:
    """Build the exception for a non-2xx response whose body has been read."""
    text = ""
    body: Any = None
    try:
        text = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError):
        text = ""
    if text:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
    return error_from_body(
        response.status_code,
        body,
        text=text,
        retry_after=parse_retry_after(response.headers),
        secret=secret,
    )


_STRING_CODES: dict[str, type[ApiError]] = {
    "unauthenticated": AuthenticationError,
    "invalid_api_key": AuthenticationError,
    "permission_denied": PermissionDeniedError,
    "not_found": NotFoundError,
    "invalid_request": InvalidRequestError,
    "invalid_argument": InvalidRequestError,
    "failed_precondition": InvalidRequestError,
    "conflict": ConflictError,
    "aborted": ConflictError,
    "too_many_requests": RateLimitError,
    "resource_exhausted": RateLimitError,
    "rate_limit_exceeded": RateLimitError,
    "internal": ServerError,
    "internal_error": ServerError,
    "unavailable": ServerError,
    "bad_gateway": ServerError,
    "deadline_exceeded": ApiTimeoutError,
    "request_timeout": ApiTimeoutError,
}

_AUTH_REASONS = {"API_KEY_INVALID", "API_KEY_EXPIRED", "API_KEY_MISSING", "CREDENTIALS_MISSING"}


def _classify(
    http_status: int | None,
    code: str | int | None,
    api_status: str | None,
    reason: str | None,
    message: str,
) -> type[ApiError]:
    if reason in _AUTH_REASONS or api_status == "UNAUTHENTICATED" or http_status == 401:
        return AuthenticationError
    if http_status == 403 and "unregistered callers" in message.lower():
        return AuthenticationError  # googleapis.com's answer to a request without a key
    if http_status is not None:
        if http_status == 403:
            return PermissionDeniedError
        if http_status == 404:
            return NotFoundError
        if http_status == 408:
            return ApiTimeoutError
        if http_status == 409:
            return ConflictError
        if http_status == 429:
            return RateLimitError
        if http_status >= 500:
            return ServerError
        if 400 <= http_status < 500:
            return InvalidRequestError
    # No usable status (an `error` event inside a 200 stream): go by the code.
    if isinstance(code, str):
        return _STRING_CODES.get(code.lower(), ApiError)
    if api_status:
        return _STRING_CODES.get(api_status.lower(), ApiError)
    return ApiError


def _first_reason(details: Any) -> str | None:
    if not isinstance(details, list):
        return None
    for item in details:
        if isinstance(item, dict) and isinstance(item.get("reason"), str):
            return str(item["reason"])
    return None


def _scrub(text: str, secret: str | None) -> str:
    if secret and len(secret) >= 4 and secret in text:
        return text.replace(secret, "***")
    return text


def _scrub_json(value: Any, secret: str | None) -> Any:
    if not secret or value is None:
        return value
    try:
        dumped = json.dumps(value)
    except (TypeError, ValueError):
        return None
    if secret not in dumped:
        return value
    return json.loads(dumped.replace(secret, "***"))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_REJECTED = translate_noop("ApiError", "The server rejected the request: {detail}")
# Whole sentences per unit: a translation may need to move or inflect the number.
_RETRY_IN_SECONDS = translate_noop(
    "ApiError", "Rate limit or quota reached; try again in {seconds} s."
)
_RETRY_IN_MINUTES = translate_noop(
    "ApiError", "Rate limit or quota reached; try again in {minutes} min."
)


def _retry_in(seconds: float) -> Text:
    if seconds < 90:
        return _RETRY_IN_SECONDS.format(seconds=round(seconds))
    return _RETRY_IN_MINUTES.format(minutes=round(seconds / 60))
