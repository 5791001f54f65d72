"""App preferences, declared once, typed, versioned, stored as JSON. No Qt.

The file lives at :func:`paths.settings_path` and is written atomically (temp file
in the same directory + ``os.replace``). A damaged or hand-edited file never stops
the app: unreadable JSON is moved aside and defaults are used; a bad value falls
back to that field's default. The API key is never stored here (see
:mod:`desktop_app.core.credentials`).

Adding a setting: add a field with a default. Renaming or reshaping one: bump
:data:`SCHEMA_VERSION` and add a function to :data:`MIGRATIONS` that turns the
previous version's dict into the new one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from desktop_app import paths
from desktop_app.core.settings import (
    DEFAULT_MODEL,
    ConversationSettings,
    GenerationSettings,
    Mode,
)

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_MODEL",
    "GOOGLE_BASE_URL",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Language",
    "ModelCache",
    "ModelInfo",
    "Preferences",
    "SendKey",
    "Theme",
    "load_preferences",
    "migrate",
    "normalise_base_url",
    "save_preferences",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com"
BASE_URL_ENV = "GOOGLE_GEMINI_BASE_URL"


class SendKey(enum.StrEnum):
    ENTER = "enter"  # Enter sends, Shift+Enter breaks the line
    CTRL_ENTER = "ctrl_enter"  # Ctrl+Enter sends, Enter breaks the line


class Theme(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Language(enum.StrEnum):
    SYSTEM = "system"
    EN = "en"
    TR = "tr"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    id: str  # e.g. "gemini-3-flash-preview" (without the "models/" prefix)
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.id


@dataclass(frozen=True, slots=True)
class ModelCache:
    """The last model list fetched from the server, shown while offline."""

    models: tuple[ModelInfo, ...] = ()
    fetched_at: datetime | None = None  # timezone-aware UTC

    @classmethod
    def now(cls, models: tuple[ModelInfo, ...] | list[ModelInfo]) -> ModelCache:
        return cls(tuple(models), datetime.now(UTC))

    def ids(self) -> list[str]:
        return [m.id for m in self.models]


@dataclass(frozen=True, slots=True)
class Preferences:
    base_url: str | None = None  # None: GOOGLE_GEMINI_BASE_URL, else Google
    default_model: str = DEFAULT_MODEL
    # Defaults for new conversations; one type with the engine's per-conversation settings.
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    stateful: bool = True  # previous_interaction_id (True) or store=false (False)
    send_key: SendKey = SendKey.ENTER
    theme: Theme = Theme.SYSTEM
    language: Language = Language.SYSTEM
    close_to_tray: bool = False
    quick_prompt_prefill_clipboard: bool = False
    model_cache: ModelCache = field(default_factory=ModelCache)

    def effective_base_url(self, environ: Mapping[str, str] | None = None) -> str:
        """The endpoint to talk to: the environment, else the preference, else Google.

        ``GOOGLE_GEMINI_BASE_URL`` wins, like ``GEMINI_API_KEY`` does for the key: a
        variable set for one run must not be silently overridden by a saved setting.
        """
        env = (os.environ if environ is None else environ).get(BASE_URL_ENV, "").strip()
        if env:
            try:
                return normalise_base_url(env) or GOOGLE_BASE_URL
            except ValueError:
                log.warning("ignoring %s: not an http(s) URL", BASE_URL_ENV)
        if self.base_url:
            return self.base_url
        return GOOGLE_BASE_URL

    def conversation_defaults(self) -> ConversationSettings:
        """The settings a new conversation starts with."""
        return ConversationSettings(
            model=self.default_model,
            generation=self.generation,
            mode=Mode.STATEFUL if self.stateful else Mode.STATELESS,
        )

    def replace(self, **changes: Any) -> Preferences:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        cache = self.model_cache
        return {
            "schema_version": SCHEMA_VERSION,
            "base_url": self.base_url,
            "default_model": self.default_model,
            "generation": self.generation.to_dict(),
            "stateful": self.stateful,
            "send_key": self.send_key.value,
            "theme": self.theme.value,
            "language": self.language.value,
            "close_to_tray": self.close_to_tray,
            "quick_prompt_prefill_clipboard": self.quick_prompt_prefill_clipboard,
            "model_cache": {
                "models": [{"id": m.id, "display_name": m.display_name} for m in cache.models],
                "fetched_at": cache.fetched_at.isoformat() if cache.fetched_at else None,
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Preferences:
        """Build from a (migrated) dict; a bad value falls back to its default."""
        d = cls()
        return cls(
            base_url=_field(data, "base_url", _opt_base_url, d.base_url),
            default_model=_field(data, "default_model", _model_id, d.default_model),
            generation=_field(data, "generation", _generation, d.generation),
            stateful=_field(data, "stateful", _bool, d.stateful),
            send_key=_field(data, "send_key", SendKey, d.send_key),
            theme=_field(data, "theme", Theme, d.theme),
            language=_field(data, "language", Language, d.language),
            close_to_tray=_field(data, "close_to_tray", _bool, d.close_to_tray),
            quick_prompt_prefill_clipboard=_field(
                data, "quick_prompt_prefill_clipboard", _bool, d.quick_prompt_prefill_clipboard
            ),
            model_cache=_field(data, "model_cache", _model_cache, d.model_cache),
        )


# -- migrations ---------------------------------------------------------------------

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 0 is any file written before the schema was versioned: same shape.
    return data


# MIGRATIONS[n] turns a version-n dict into a version-(n+1) dict.
MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1}


def migrate(
    data: dict[str, Any],
    *,
    migrations: Mapping[int, Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """Bring *data* up to *target*, one version at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    raw_version = data.get("schema_version", 0)
    version = raw_version if isinstance(raw_version, int) and raw_version >= 0 else 0
    if version > target:
        # Written by a newer Gemdesk: read what we understand, keep the rest alone.
        log.warning("settings file has schema %d, newer than %d", version, target)
        return data
    while version < target:
        step = steps.get(version)
        if step is None:
            raise ValueError(f"no settings migration from schema {version}")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


# -- load / save ------------------------------------------------------------------


def load_preferences(path: Path | None = None) -> Preferences:
    """Read the preferences; defaults when the file is missing or unreadable."""
    target = paths.settings_path() if path is None else path
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Preferences()
    except OSError as exc:
        log.warning("cannot read %s: %s", target, exc.strerror)
        return Preferences()
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("top level is not an object")
        return Preferences.from_json(migrate(data))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        aside = target.with_name(f"{target.name}.corrupt-{int(time.time())}")
        with contextlib.suppress(OSError):
            os.replace(target, aside)
        log.warning("settings file unreadable (%s); moved aside to %s", exc, aside.name)
        return Preferences()


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Write atomically: readers see the old file or the new one, never half of one."""
    target = paths.settings_path() if path is None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(prefs.to_json(), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def normalise_base_url(text: str | None) -> str | None:
    """``None``/blank → ``None``; otherwise an http(s) URL without a trailing slash.

    Raises ``ValueError`` for anything else (the dialog shows it inline).
    """
    if text is None or not text.strip():
        return None
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError("The endpoint must be an http:// or https:// URL.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("The endpoint must not carry a query, a fragment or credentials.")
    return url


# -- field parsing ------------------------------------------------------------------

T = TypeVar("T")


def _field(data: Mapping[str, Any], name: str, parse: Callable[[Any], T], default: T) -> T:
    if name not in data:
        return default
    try:
        return parse(data[name])
    except (TypeError, ValueError, KeyError):
        log.warning("settings: invalid value for %r, using the default", name)
        return default


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


def _model_id(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("not a model id")
    return value.strip().removeprefix("models/")


def _opt_base_url(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError("not a string")
    return normalise_base_url(value)


def _generation(value: Any) -> GenerationSettings:
    """Per-field tolerance: one bad value drops that value, not the whole block."""
    if not isinstance(value, Mapping):
        raise TypeError("not an object")
    try:
        return GenerationSettings.from_dict(value)
    except (TypeError, ValueError):
        pass
    good: dict[str, Any] = {}
    for key, item in value.items():
        try:
            GenerationSettings.from_dict({key: item})
        except (TypeError, ValueError):
            log.warning("settings: invalid generation value for %r, using the default", key)
            continue
        good[key] = item
    return GenerationSettings.from_dict(good)


def _model_cache(value: Any) -> ModelCache:
    if not isinstance(value, Mapping):
        raise TypeError("not an object")
    models: list[ModelInfo] = []
    for item in value.get("models") or []:
        if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"]:
            name = item.get("display_name")
            models.append(ModelInfo(item["id"], name if isinstance(name, str) else ""))
    fetched_raw = value.get("fetched_at")
    fetched: datetime | None = None
    if isinstance(fetched_raw, str):
        fetched = datetime.fromisoformat(fetched_raw)
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=UTC)
    return ModelCache(tuple(models), fetched)
