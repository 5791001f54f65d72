"""Every filesystem location Gemdesk uses, in one place.

Built on platformdirs. Tests and ``--basedir`` redirect everything below one
directory with :func:`set_base_dir`; XDG variables work as well since
platformdirs honours them on Linux.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "gemdesk"

_base_dir: Path | None = None


def set_base_dir(path: str | os.PathLike[str] | None) -> None:
    """Put config, data, cache and logs below *path* (``None`` restores the defaults)."""
    global _base_dir
    _base_dir = Path(path) if path is not None else None


def _resolve(kind: str) -> Path:
    if _base_dir is not None:
        return _base_dir / kind
    env = os.environ.get("GEMDESK_BASEDIR")
    if env:
        return Path(env) / kind
    getter = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
        "logs": platformdirs.user_log_dir,
    }[kind]
    return Path(getter(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _resolve("config")


def data_dir() -> Path:
    return _resolve("data")


def cache_dir() -> Path:
    return _resolve("cache")


def log_dir() -> Path:
    return _resolve("logs")


def database_path() -> Path:
    return data_dir() / "history.sqlite3"


def attachments_dir() -> Path:
    return data_dir() / "attachments"


def backups_dir() -> Path:
    return data_dir() / "backups"


def settings_path() -> Path:
    return config_dir() / "settings.json"
