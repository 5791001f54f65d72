"""The model catalogue served by ``GET /{version}/models`` (legacy camelCase surface)."""

from __future__ import annotations

import base64
from typing import Any

from .wire import HttpError

Json = dict[str, Any]

_CHAT_METHODS = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"]


def _model(
    model_id: str, display: str, version: str, *, thinking: bool, methods: list[str] | None = None
) -> Json:
    body: Json = {
        "name": f"models/{model_id}",
        "baseModelId": model_id,
        "version": version,
        "displayName": display,
        "description": f"{display} (emulated).",
        "inputTokenLimit": 1048576,
        "outputTokenLimit": 65536,
        "supportedGenerationMethods": methods or _CHAT_METHODS,
        "temperature": 1,
        "maxTemperature": 2,
        "topP": 0.95,
        "topK": 64,
    }
    if thinking:
        body["thinking"] = True
    return body


MODELS: list[Json] = [
    _model("gemini-3-flash-preview", "Gemini 3 Flash Preview", "3.0", thinking=True),
    _model("gemini-3-pro-preview", "Gemini 3 Pro Preview", "3.0", thinking=True),
    _model("gemini-3.1-pro-preview", "Gemini 3.1 Pro Preview", "3.1", thinking=True),
    _model("gemini-2.5-pro", "Gemini 2.5 Pro", "2.5", thinking=True),
    _model("gemini-2.5-flash", "Gemini 2.5 Flash", "2.5", thinking=True),
    _model("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", "2.5", thinking=True),
    _model(
        "gemini-embedding-001",
        "Gemini Embedding 001",
        "001",
        thinking=False,
        methods=["embedContent", "countTextTokens", "countTokens"],
    ),
]


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode("ascii")


def page(items: list[Json], query: dict[str, str], *, default: int, maximum: int, key: str) -> Json:
    """One page of ``items`` following ``pageSize`` / ``pageToken``; ``{}`` when empty."""
    try:
        size = int(query.get("pageSize") or default)
    except ValueError:
        raise HttpError(400, "Invalid pageSize.") from None
    size = max(1, min(size if size > 0 else default, maximum))
    offset = 0
    token = query.get("pageToken")
    if token:
        try:
            offset = int(base64.urlsafe_b64decode(token.encode()).decode().split(":", 1)[1])
        except (ValueError, IndexError):
            raise HttpError(400, "Invalid page token.") from None
    chunk = items[offset : offset + size]
    body: Json = {}
    if chunk:
        body[key] = chunk
    if offset + size < len(items):
        body["nextPageToken"] = _token(offset + size)
    return body


def list_models(query: dict[str, str]) -> Json:
    return page(MODELS, query, default=50, maximum=1000, key="models")


def get_model(model_id: str) -> Json:
    for model in MODELS:
        if model["name"] == f"models/{model_id}":
            return model
    raise HttpError(404, f"models/{model_id} is not found for API version v1beta.")
