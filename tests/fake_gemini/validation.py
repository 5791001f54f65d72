"""Validate create bodies against the official SDK's request model, unknown fields rejected.

The SDK's pydantic models (google-genai 3.3.0, ``CreateModelInteraction``) allow extra
keys and keep unknown union variants / enum strings for forward compatibility. A request
our client builds must use none of that leniency, so after validation the model tree is
walked and every extra key, unknown union variant (``Unknown*`` fallback classes) and
unrecognised enum string (except open ones: ``model`` ids and ``mime_type``) is
reported with its path.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel, ValidationError

# Enum-typed fields whose value sets are open by nature: model ids, and MIME types
# (the SDK lists the "known" ones; text/plain, text/markdown etc. are valid too).
OPEN_ENUM_FIELDS = frozenset({"model", "mime_type"})


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


def warm_up_validation() -> None:
    """Import and build the SDK model once (slow: seconds on a busy machine)."""
    validate_create_body({"model": "warm-up", "input": "hi"})


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
    problems = leniency_used(parsed)
    return "; ".join(problems) if problems else None


def leniency_used(parsed: BaseModel, *, allowed_extra: frozenset[str] = frozenset()) -> list[str]:
    """Every place where a parsed SDK model relied on forward-compatible leniency.

    Extra keys (except ``allowed_extra`` names), ``Unknown*`` union fallbacks and
    unrecognised enum strings (except ``OPEN_ENUM_FIELDS``) are reported with their path.
    """
    problems: list[str] = []
    _walk(parsed, "", problems, allowed_extra)
    return problems


def _walk(value: Any, path: str, problems: list[str], allowed: frozenset[str]) -> None:
    if isinstance(value, BaseModel):
        cls_name = type(value).__name__
        if cls_name.startswith("Unknown") and getattr(value, "is_unknown", False):
            raw = value.__dict__.get("raw")
            kind = raw.get("type") if isinstance(raw, dict) else raw
            problems.append(f"{path or '<root>'}: unknown variant type {kind!r}")
            return
        extra = value.__pydantic_extra__ or {}
        for key in extra:
            if key not in allowed:
                problems.append(f"{_join(path, key)}: unknown field for {cls_name}")
        # __dict__ holds declared fields; getattr would trip deprecation warnings.
        for key, child in value.__dict__.items():
            _walk(child, _join(path, key), problems, allowed)
        return
    if isinstance(value, _unrecognized_types()):
        if path.rsplit(".", 1)[-1] not in OPEN_ENUM_FIELDS:
            problems.append(f"{path}: unrecognised enum value {str(value)!r}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", problems, allowed)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, _join(path, str(key)), problems, allowed)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
