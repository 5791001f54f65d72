"""Per-conversation settings: model, system instruction, generation settings, mode.

Declared once, typed, and stored as a plain JSON-able dict with a schema version so a
later field never breaks an older history file.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Imported where used: preferences (and so the first paint) need not load SQLite.
    from desktop_app.store import ConversationSettings as StoredSettings

__all__ = [
    "DEFAULT_MODEL",
    "SETTINGS_VERSION",
    "THINKING_LEVELS",
    "THINKING_SUMMARIES",
    "ConversationSettings",
    "GenerationSettings",
    "Mode",
]

DEFAULT_MODEL = "gemini-3-flash-preview"
SETTINGS_VERSION = 1
THINKING_LEVELS = ("minimal", "low", "medium", "high", "xhigh")
THINKING_SUMMARIES = ("auto", "none")


class Mode(enum.Enum):
    """How history reaches the model."""

    STATEFUL = "stateful"  # store=true, previous_interaction_id chains server-side history
    STATELESS = "stateless"  # store=false, the whole local step history is replayed


@dataclass(frozen=True, slots=True)
class GenerationSettings:
    """``generation_config`` fields; ``None`` means "server default" and is not sent."""

    thinking_level: str | None = None
    thinking_summaries: str | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_output_tokens: int | None = None
    stop_sequences: tuple[str, ...] = ()
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.thinking_summaries is not None and self.thinking_summaries not in (
            THINKING_SUMMARIES
        ):
            raise ValueError(f"thinking summaries must be one of {', '.join(THINKING_SUMMARIES)}")
        if self.temperature is not None and not 0.0 <= self.temperature <= 2.0:
            raise ValueError("temperature must be between 0 and 2")
        if self.top_p is not None and not 0.0 <= self.top_p <= 1.0:
            raise ValueError("top-p must be between 0 and 1")
        if self.max_output_tokens is not None and self.max_output_tokens <= 0:
            raise ValueError("max output tokens must be a positive number")
        # Thinking levels are an open enum upstream: new levels pass through unchecked.
        if self.thinking_level is not None and not self.thinking_level.strip():
            raise ValueError("thinking level must not be empty")

    def to_api(self) -> dict[str, Any]:
        """The ``generation_config`` object for a request (empty when all defaults)."""
        out: dict[str, Any] = {}
        if self.thinking_level is not None:
            out["thinking_level"] = self.thinking_level
        if self.thinking_summaries is not None:
            out["thinking_summaries"] = self.thinking_summaries
        if self.temperature is not None:
            out["temperature"] = self.temperature
        if self.top_p is not None:
            out["top_p"] = self.top_p
        if self.max_output_tokens is not None:
            out["max_output_tokens"] = self.max_output_tokens
        if self.stop_sequences:
            out["stop_sequences"] = list(self.stop_sequences)
        if self.seed is not None:
            out["seed"] = self.seed
        return out

    def to_dict(self) -> dict[str, Any]:
        data = self.to_api()
        if "stop_sequences" in data:
            data["stop_sequences"] = list(self.stop_sequences)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> GenerationSettings:
        if not data:
            return cls()
        return cls(
            thinking_level=_opt_str(data.get("thinking_level")),
            thinking_summaries=_opt_str(data.get("thinking_summaries")),
            temperature=_opt_float(data.get("temperature")),
            top_p=_opt_float(data.get("top_p")),
            max_output_tokens=_opt_int(data.get("max_output_tokens")),
            stop_sequences=tuple(str(s) for s in data.get("stop_sequences") or ()),
            seed=_opt_int(data.get("seed")),
        )

    def merged(self, **changes: Any) -> GenerationSettings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True, slots=True)
class ConversationSettings:
    model: str = DEFAULT_MODEL
    system_instruction: str = ""
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    mode: Mode = Mode.STATEFUL
    preset: str | None = None
    # Consecutive turns whose previous_interaction_id the server refused (see session.py).
    chain_refusals: int = 0

    def __post_init__(self) -> None:
        if not self.model.strip():
            raise ValueError("the model must not be empty")

    @property
    def stateless(self) -> bool:
        return self.mode is Mode.STATELESS

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": SETTINGS_VERSION,
            "model": self.model,
            "system_instruction": self.system_instruction,
            "generation": self.generation.to_dict(),
            "mode": self.mode.value,
        }
        if self.preset is not None:
            data["preset"] = self.preset
        if self.chain_refusals:
            data["chain_refusals"] = self.chain_refusals
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ConversationSettings:
        if not data:
            return cls()
        try:
            mode = Mode(data.get("mode", Mode.STATEFUL.value))
        except ValueError:
            mode = Mode.STATEFUL
        return cls(
            model=str(data.get("model") or DEFAULT_MODEL),
            system_instruction=str(data.get("system_instruction") or ""),
            generation=GenerationSettings.from_dict(data.get("generation")),
            mode=mode,
            preset=_opt_str(data.get("preset")),
            chain_refusals=int(data.get("chain_refusals") or 0),
        )

    def with_changes(self, **changes: Any) -> ConversationSettings:
        return replace(self, **changes)

    def to_store(self) -> StoredSettings:
        from desktop_app.store import ConversationSettings as StoredSettings

        extra: dict[str, Any] = {"settings_version": SETTINGS_VERSION}
        if self.chain_refusals:
            extra["chain_refusals"] = self.chain_refusals
        return StoredSettings(
            model=self.model,
            system_instruction=self.system_instruction,
            generation_config=self.generation.to_api(),
            stateful=self.mode is Mode.STATEFUL,
            preset=self.preset,
            extra=extra,
        )

    @classmethod
    def from_store(cls, stored: StoredSettings) -> ConversationSettings:
        return cls(
            model=stored.model or DEFAULT_MODEL,
            system_instruction=stored.system_instruction,
            generation=GenerationSettings.from_dict(stored.generation_config),
            mode=Mode.STATEFUL if stored.stateful else Mode.STATELESS,
            preset=stored.preset,
            chain_refusals=int(stored.extra.get("chain_refusals") or 0),
        )


def _opt_str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _opt_float(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        return float(value)
    return None


def _opt_int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        return int(value)
    return None
