"""Presets: named bundles of system instruction + model + generation settings.

Kept in ``presets.json`` beside the app's settings. Writes are atomic (temp file +
rename) so a crash never leaves a half-written file; an unreadable file is moved
aside rather than silently overwritten.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app import paths
from desktop_app.core.settings import (
    DEFAULT_MODEL,
    ConversationSettings,
    GenerationSettings,
    Mode,
)

__all__ = ["BUILTIN_PRESETS", "Preset", "PresetLibrary", "presets_path"]

log = logging.getLogger(__name__)

FILE_VERSION = 1


def presets_path() -> Path:
    return paths.config_dir() / "presets.json"


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    model: str = DEFAULT_MODEL
    system_instruction: str = ""
    generation: GenerationSettings = field(default_factory=GenerationSettings)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a preset needs a name")

    def settings(self, mode: Mode = Mode.STATEFUL) -> ConversationSettings:
        """Settings for a conversation that starts from this preset."""
        return ConversationSettings(
            model=self.model,
            system_instruction=self.system_instruction,
            generation=self.generation,
            mode=mode,
            preset=self.name,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "model": self.model,
            "system_instruction": self.system_instruction,
            "generation": self.generation.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset:
        return cls(
            name=str(data["name"]),
            model=str(data.get("model") or DEFAULT_MODEL),
            system_instruction=str(data.get("system_instruction") or ""),
            generation=GenerationSettings.from_dict(data.get("generation")),
        )

    @classmethod
    def from_settings(cls, name: str, settings: ConversationSettings) -> Preset:
        return cls(
            name=name,
            model=settings.model,
            system_instruction=settings.system_instruction,
            generation=settings.generation,
        )


BUILTIN_PRESETS: tuple[Preset, ...] = (
    Preset("Default"),
    Preset("Quick answer", generation=GenerationSettings(thinking_level="minimal")),
    Preset(
        "Deep thinking",
        generation=GenerationSettings(thinking_level="high", thinking_summaries="auto"),
    ),
)


class PresetLibrary:
    """The built-in presets plus the user's own, by name (user presets win)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or presets_path()

    @property
    def path(self) -> Path:
        return self._path

    def user_presets(self) -> list[Preset]:
        try:
            raw = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        try:
            data = json.loads(raw)
            return [Preset.from_dict(item) for item in data.get("presets", [])]
        except (ValueError, KeyError, TypeError, AttributeError):
            aside = self._path.with_name(f"{self._path.name}.corrupt-{int(time.time())}")
            log.warning("presets file unreadable; moved aside to %s", aside.name)
            with contextlib.suppress(OSError):
                self._path.replace(aside)
            return []

    def all(self) -> list[Preset]:
        mine = self.user_presets()
        names = {p.name for p in mine}
        return [p for p in BUILTIN_PRESETS if p.name not in names] + mine

    def get(self, name: str) -> Preset | None:
        for preset in self.all():
            if preset.name == name:
                return preset
        return None

    def save(self, preset: Preset) -> None:
        mine = [p for p in self.user_presets() if p.name != preset.name]
        mine.append(preset)
        self._write(mine)

    def delete(self, name: str) -> bool:
        mine = self.user_presets()
        kept = [p for p in mine if p.name != name]
        if len(kept) == len(mine):
            return False
        self._write(kept)
        return True

    def _write(self, presets: list[Preset]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": FILE_VERSION, "presets": [p.to_dict() for p in presets]}
        fd, tmp = tempfile.mkstemp(prefix=".presets-", dir=self._path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, indent=2)
            os.replace(tmp, self._path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
