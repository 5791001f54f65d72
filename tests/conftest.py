"""Suite-wide fixtures: an isolated profile, an in-memory keychain, CI strictness."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop_app import paths

pytest_plugins = ["tests.fake_gemini.pytest_plugin"]

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class MemoryKeyring(KeyringBackend):
    """keyring's API over a dict, so tests never touch a real keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Config, data, cache and logs live under tmp_path; the real profile is never touched."""
    base = tmp_path / "profile"
    monkeypatch.setenv("GEMDESK_BASEDIR", str(base))
    for var, sub in (
        ("XDG_CONFIG_HOME", "xdg-config"),
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_CACHE_HOME", "xdg-cache"),
        ("XDG_STATE_HOME", "xdg-state"),
    ):
        monkeypatch.setenv(var, str(tmp_path / sub))
    for var in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    paths.set_base_dir(None)
    yield base
    paths.set_base_dir(None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _stop_leftover_theme_managers() -> Iterator[None]:
    """A window a test did not delete must not follow OS theme changes in later tests."""
    yield
    theme = sys.modules.get("desktop_app.ui.theme")
    if theme is not None:
        theme.close_all_managers()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With CI=true a skipped test is a failure: nothing may silently not run."""
    if not CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and session.exitstatus == 0:
        if reporter is not None:
            reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
