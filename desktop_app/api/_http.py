"""One request, the Gemdesk way: headers, key handling, error mapping, retries."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop_app import __version__
from desktop_app.api.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    error_from_response,
)
from desktop_app.api.retry import RetryPolicy

__all__ = ["API_REVISION", "USER_AGENT", "Transport"]

log = logging.getLogger("desktop_app.api")

API_REVISION = "2026-05-20"
USER_AGENT = f"gemdesk/{__version__}"


def safe_target(url: str | httpx.URL) -> str:
    """Method-free description of a URL for logs: path only (queries carry upload ids)."""
    return urlsplit(str(url)).path or "/"


class Transport:
    """Shared by the Interactions, Models and Files code of :class:`GeminiClient`."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        api_version: str,
        http: httpx.AsyncClient,
        retry: RetryPolicy,
    ) -> None:
        self._api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.api_version = api_version.strip("/")
        self.http = http
        self.retry = retry

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r}, api_version={self.api_version!r})"

    # -- building ------------------------------------------------------------------------

    def url(self, path: str, *, upload: bool = False) -> str:
        prefix = f"/upload/{self.api_version}" if upload else f"/{self.api_version}"
        return f"{self.base_url}{prefix}/{path.lstrip('/')}"

    def headers(
        self, *, auth: bool = True, accept: str = "application/json", extra: Mapping[str, str] = {}
    ) -> dict[str, str]:
        headers = {
            "user-agent": USER_AGENT,
            "api-revision": API_REVISION,
            "accept": accept,
        }
        if auth and self._api_key:
            headers["x-goog-api-key"] = self._api_key
        headers.update(extra)
        return headers

    def error(self, response: httpx.Response) -> ApiError:
        """The exception for a failed response whose body has been read (key scrubbed)."""
        return error_from_response(response, secret=self._api_key)

    def transport_error(self, exc: httpx.TransportError, target: str) -> ApiError:
        """Wrap an httpx transport failure; the text names the path, never headers or query."""
        kind = type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            return ApiTimeoutError(f"{kind} while talking to {target}")
        return ApiConnectionError(f"{kind} while talking to {target}")

    # -- sending -------------------------------------------------------------------------

    async def send(
        self,
        method: str,
        url: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        http_timeout: httpx.Timeout | None = None,
        retry: bool = True,
    ) -> httpx.Response:
        """Send with retries (408/409/429/5xx and transport errors); return a 2xx response.

        With ``stream=True`` the body is not read and the caller must ``aclose()`` it.
        Raises the mapped :class:`ApiError` once retries are exhausted or not allowed.
        """
        policy = self.retry
        attempts = policy.max_retries + 1 if retry else 1
        target = safe_target(url)
        for attempt in range(attempts):
            request = self.http.build_request(
                method,
                url,
                json=json_body,
                params=params,
                content=content,
                headers=dict(headers) if headers is not None else self.headers(),
                timeout=http_timeout if http_timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
            try:
                response = await self.http.send(request, stream=stream)
            except httpx.TransportError as exc:
                error: ApiError = self.transport_error(exc, target)
            else:
                if response.is_success:
                    return response
                try:
                    await response.aread()
                except httpx.TransportError as exc:
                    error = self.transport_error(exc, target)
                else:
                    error = self.error(response)
                finally:
                    await response.aclose()
                if not policy.is_retryable_status(response.status_code):
                    raise error
            if attempt + 1 >= attempts:
                raise error
            delay = policy.delay(attempt, error.retry_after)
            if delay is None:
                raise error
            log.info(
                "%s %s failed (%s); retry %d/%d in %.2f s",
                method,
                target,
                type(error).__name__,
                attempt + 1,
                attempts - 1,
                delay,
            )
            await policy.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def send_json(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
        http_timeout: httpx.Timeout | None = None,
    ) -> dict[str, Any]:
        """A JSON request to ``/{version}/{path}``; an empty or non-object body yields ``{}``."""
        headers = self.headers()
        if json_body is None and method in {"POST", "PUT", "PATCH"}:
            headers["content-length"] = "0"
        response = await self.send(
            method,
            self.url(path),
            json_body=json_body,
            params=params,
            headers=headers,
            http_timeout=http_timeout,
        )
        return decode_object(response)


def decode_object(response: httpx.Response) -> dict[str, Any]:
    if not response.content.strip():
        return {}
    try:
        value = json.loads(response.content)
    except ValueError as exc:
        raise ApiError(
            f"the server sent a non-JSON body for {safe_target(response.request.url)}",
            http_status=response.status_code,
        ) from exc
    return value if isinstance(value, dict) else {}
