"""The application log: one rotating file in ``paths.log_dir()``.

Qt-free so that the command line, the GUI and the crash handler share it.

Policy: the API key and message contents are never logged. Code logs ids,
sizes, counts and states, not texts; :class:`RedactingFilter` is the safety
net that masks anything key-shaped (registered secrets, the key environment
variables, Google API-key patterns, ``x-goog-api-key`` headers, ``key=``
query parameters) before a record reaches any handler.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import threading
from pathlib import Path

from desktop_app import paths

LOG_FILE_NAME = "gemdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
REDACTED = "[REDACTED]"
KEY_ENV_VARS = ("GEMINI_API_KEY", "GOOGLE_API_KEY")

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Google API keys ("AIza" + 35 url-safe chars), and key-carrying header/query syntax.
_PATTERNS = (
    re.compile(r"AIza[0-9A-Za-z_\-]{35}"),
    re.compile(r"(?i)(x-goog-api-key[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
    re.compile(r"(?i)([?&]key=)[^&\s\"']+"),
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask *value* wherever it would appear in a log record from now on."""
    # Very short values would mask innocent text; real keys are long.
    if value and len(value) >= 6:
        with _secrets_lock:
            _secrets.add(value)


def _current_secrets() -> list[str]:
    with _secrets_lock:
        found = set(_secrets)
    for var in KEY_ENV_VARS:
        value = os.environ.get(var)
        if value and len(value) >= 6:
            found.add(value)
    # Longest first so that a key containing another is masked whole.
    return sorted(found, key=len, reverse=True)


def redact(text: str) -> str:
    """*text* with every secret and key-shaped substring replaced by ``[REDACTED]``."""
    for secret in _current_secrets():
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Renders each record once, redacted, so no handler ever sees the raw key."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_file_path() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


_installed: list[logging.Handler] = []
_saved_levels: dict[str, int] = {}
# Libraries whose INFO/DEBUG lines are noise or payloads; warnings still get through.
_QUIET_LIBRARIES = ("httpcore", "qasync", "asyncio", "markdown_it")


def setup_logging(*, verbose: bool = False, stderr: bool = False) -> Path:
    """Send the ``desktop_app`` loggers (and warnings from libraries) to the rotating log.

    Idempotent: calling it again replaces the handlers it installed before
    (tests and ``--self-test`` switch profiles). Returns the log file's path.
    """
    shutdown_logging()
    log_path = log_file_path()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        log_path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handlers: list[logging.Handler] = [file_handler]
    if stderr:
        handlers.append(logging.StreamHandler())
    redacting = RedactingFilter()
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        # On the handler, not the logger: records from every logger pass through it.
        handler.addFilter(redacting)
    root = logging.getLogger()
    for name in ("", "desktop_app", *_QUIET_LIBRARIES):
        _saved_levels.setdefault(name, logging.getLogger(name).level)
    # --verbose opens our own loggers only: libraries' debug output carries payloads
    # (qasync logs every future's result, message objects included).
    root.setLevel(logging.INFO)
    logging.getLogger("desktop_app").setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in handlers:
        root.addHandler(handler)
    _installed.extend(handlers)
    # httpx logs one INFO line per request (method, URL, status): useful and key-free.
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    logging.getLogger(__name__).info(
        "logging to %s (level %s)", log_path, "DEBUG" if verbose else "INFO"
    )
    return log_path


def shutdown_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` installed."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()
    for name, level in _saved_levels.items():
        logging.getLogger(name).setLevel(level)
    _saved_levels.clear()
    logging.captureWarnings(False)
