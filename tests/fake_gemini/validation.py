"""Validate create bodies against the official SDK's request model, unknown fields rejected.

The SDK's pydantic models (google-genai 3.3.0, ``CreateModelInteraction``) allow extra
keys and keep unknown union variants / enum strings for forward compatibility. A request
our client builds must use none of that leniency, so after validation the model tree is
walked and every extra key, unknown union variant (``Unknown*`` fallback classes) and
unrecognised enum string (except the open ``model`` id) is reported with its path.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel, ValidationError


@functools.cache
def _request_model() -> type[BaseModel]:
    from google.genai._gaos.types.interactions.createmodelinteraction import (
        CreateModelInteraction,
    )

    return CreateModelInteraction


@functools.cache
def _unrecognized_types() -> tuple[type, ...]:
    from google.genai._gaos.types.basemodel import UnrecognizedInt, UnrecognizedStr

    return (UnrecognizedStr, UnrecognizedInt)


def validate_create_body(body: Any) -> str | None:
    """None if ``body`` is a valid model-interaction create request, else a description."""
    if not isinstance(body, dict):
        return "request body is not a JSON object"
    try:
        parsed = _request_model().model_validate(body)
    except ValidationError as exc:
        return "schema: " + "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in exc.errors()
        )
    problems: list[str] = []
    _walk(parsed, "", problems)
    return "; ".join(problems) if problems else None


def _walk(value: Any, path: str, problems: list[str]) -> None:
    if isinstance(value, BaseModel):
        cls_name = type(value).__name__
        if cls_name.startswith("Unknown") and getattr(value, "is_unknown", False):
            raw = value.__dict__.get("raw")
            kind = raw.get("type") if isinstance(raw, dict) else raw
            problems.append(f"{path or '<root>'}: unknown variant type {kind!r}")
            return
        extra = value.__pydantic_extra__ or {}
        for key in extra:
            problems.append(f"{_join(path, key)}: unknown field for {cls_name}")
        # __dict__ holds declared fields; getattr would trip deprecation warnings.
        for key, child in value.__dict__.items():
            _walk(child, _join(path, key), problems)
        return
    if isinstance(value, _unrecognized_types()):
        if path != "model":
            problems.append(f"{path}: unrecognised enum value {str(value)!r}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", problems)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, _join(path, str(key)), problems)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
