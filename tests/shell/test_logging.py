"""The rotating log: where it lives, levels, and that secrets never reach it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import logging_setup, paths
from desktop_app.logging_setup import REDACTED, redact, register_secret, setup_logging

KEY = "AIza" + "SyD-test-key-0123456789abcdefghijkl"  # Google key shape: AIza + 35


@pytest.fixture
def log_file(isolated_profile: Path) -> Iterator[Path]:
    path = setup_logging(verbose=False)
    yield path
    logging_setup.shutdown_logging()


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_lives_in_the_profiles_log_dir(log_file: Path) -> None:
    assert log_file.parent == paths.log_dir()
    logging.getLogger("desktop_app.test").info("hello %d", 42)
    assert "desktop_app.test: hello 42" in _read(log_file)


def test_debug_only_when_verbose(isolated_profile: Path) -> None:
    path = setup_logging(verbose=False)
    logging.getLogger("desktop_app.test").debug("quiet-line")
    path = setup_logging(verbose=True)
    logging.getLogger("desktop_app.test").debug("loud-line")
    text = _read(path)
    logging_setup.shutdown_logging()
    assert "loud-line" in text
    assert "quiet-line" not in text


def test_setup_twice_does_not_duplicate_lines(isolated_profile: Path) -> None:
    setup_logging()
    path = setup_logging()
    logging.getLogger("desktop_app.test").info("once-only")
    text = _read(path)
    logging_setup.shutdown_logging()
    assert text.count("once-only") == 1


def test_registered_and_environment_keys_are_redacted(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_secret("plain-secret-value-xyz")
    monkeypatch.setenv("GEMINI_API_KEY", "env-key-value-123456")
    logger = logging.getLogger("desktop_app.test")
    logger.info("registered %s", "plain-secret-value-xyz")
    logger.info("from env %s", "env-key-value-123456")
    logger.warning("header x-goog-api-key: %s", "something-else-1234")
    logger.info("url https://host/v1beta/models?key=%s&alt=sse", "sneaky-789")
    logger.info("key-shaped %s", KEY)
    text = _read(log_file)
    for secret in ("plain-secret-value-xyz", "env-key-value-123456", "something-else-1234"):
        assert secret not in text
    assert "sneaky-789" not in text
    assert KEY not in text
    assert text.count(REDACTED) >= 5


def test_tracebacks_are_redacted_too(log_file: Path) -> None:
    register_secret("traceback-secret-abc")
    try:
        raise ValueError("bad key traceback-secret-abc")
    except ValueError:
        logging.getLogger("desktop_app.test").exception("failed")
    text = _read(log_file)
    assert "traceback-secret-abc" not in text
    assert "ValueError: bad key [REDACTED]" in text


def test_third_party_loggers_pass_through_the_filter(log_file: Path) -> None:
    register_secret("library-secret-1234")
    logging.getLogger("httpx").info("request with library-secret-1234")
    text = _read(log_file)
    assert "library-secret-1234" not in text
    assert "request with [REDACTED]" in text


def test_redact_leaves_ordinary_text_alone() -> None:
    assert redact("POST /v1beta/interactions 200 OK") == "POST /v1beta/interactions 200 OK"
