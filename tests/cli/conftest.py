"""Run the real `gemdesk` command line as a subprocess against the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from desktop_app.store import HistoryStore
from tests.fake_gemini import FakeGemini

CLI = [sys.executable, "-m", "desktop_app.cli"]
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli_env(fake_gemini: FakeGemini, isolated_profile: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("GOOGLE_API_KEY", "GEMDESK_DEBUG", "QT_QPA_PLATFORM"):
        env.pop(var, None)
    env.update(
        GOOGLE_GEMINI_BASE_URL=fake_gemini.base_url,
        GEMINI_API_KEY=fake_gemini.api_key,
        GEMDESK_BASEDIR=str(isolated_profile),
        # No desktop keychain in a subprocess: never wait on D-Bus.
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        PYTHONIOENCODING="utf-8",
    )
    return env


@pytest.fixture
def run_cli(cli_env: dict[str, str], tmp_path: Path) -> RunCli:
    def run(
        *args: str | bytes,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
        prefix: Sequence[str] = (),
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *CLI, *args],  # type: ignore[list-item]
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env or cli_env,
            cwd=tmp_path,
            timeout=timeout,
        )

    return run


@pytest.fixture
def history(isolated_profile: Path) -> Callable[[], HistoryStore]:
    """Open the CLI's history database (close it after use)."""

    def open_store() -> HistoryStore:
        return HistoryStore.open(isolated_profile / "data" / "history.sqlite3")

    return open_store
