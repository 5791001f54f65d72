"""Models and Files API resources (the old camelCase REST surface, protocol §1.6, §6.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["FileInfo", "ModelInfo", "parse_timestamp"]


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _float_or_none(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_timestamp(value: Any) -> datetime | None:
    """RFC 3339 with up to 9 fractional digits (Python keeps 6) → aware datetime."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if "." in text:
        head, _, rest = text.partition(".")
        digits = ""
        while rest and rest[0].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One entry of ``GET /models``. ``id`` is the bare id used in ``model``."""

    id: str
    name: str
    display_name: str
    description: str
    input_token_limit: int | None
    output_token_limit: int | None
    thinking: bool
    supported_generation_methods: tuple[str, ...]
    temperature: float | None
    max_temperature: float | None
    top_p: float | None
    top_k: int | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> ModelInfo:
        name = _str(raw.get("name"))
        methods = raw.get("supportedGenerationMethods")
        return cls(
            id=name.removeprefix("models/"),
            name=name,
            display_name=_str(raw.get("displayName")) or name.removeprefix("models/"),
            description=_str(raw.get("description")),
            input_token_limit=_int_or_none(raw.get("inputTokenLimit")),
            output_token_limit=_int_or_none(raw.get("outputTokenLimit")),
            thinking=raw.get("thinking") is True,
            supported_generation_methods=tuple(
                m for m in (methods if isinstance(methods, list) else []) if isinstance(m, str)
            ),
            temperature=_float_or_none(raw.get("temperature")),
            max_temperature=_float_or_none(raw.get("maxTemperature")),
            top_p=_float_or_none(raw.get("topP")),
            top_k=_int_or_none(raw.get("topK")),
            raw=raw,
        )

    @property
    def can_generate(self) -> bool:
        """Usable for chat (no explicit 'supports interactions' flag exists, §1.6)."""
        return not self.supported_generation_methods or (
            "generateContent" in self.supported_generation_methods
        )


@dataclass(frozen=True, slots=True)
class FileInfo:
    """A Files API file. ``name`` is ``files/<id>``; ``uri`` goes into content blocks."""

    name: str
    uri: str
    mime_type: str
    size_bytes: int
    state: str
    expiration_time: datetime | None
    display_name: str
    create_time: datetime | None = None
    sha256_hash: str = ""
    error: dict[str, Any] | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> FileInfo:
        error = raw.get("error")
        return cls(
            name=_str(raw.get("name")),
            uri=_str(raw.get("uri")),
            mime_type=_str(raw.get("mimeType") or raw.get("mime_type")),
            size_bytes=_int_or_none(raw.get("sizeBytes", raw.get("size_bytes"))) or 0,
            state=_str(raw.get("state")) or "STATE_UNSPECIFIED",
            expiration_time=parse_timestamp(raw.get("expirationTime")),
            display_name=_str(raw.get("displayName") or raw.get("display_name")),
            create_time=parse_timestamp(raw.get("createTime")),
            sha256_hash=_str(raw.get("sha256Hash")),
            error=error if isinstance(error, dict) else None,
            raw=raw,
        )

    @property
    def is_active(self) -> bool:
        return self.state == "ACTIVE"
