"""Fixtures for the shell tests: a private X display with a tray host, gemdesk processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.shell.harness import GemdeskProcess
from tests.shell.xserver import TrayDisplay, start_tray_display

# The qasync loop fixtures of the widget tests (one setup for the whole suite).
from tests.ui.conftest import aio, qloop  # noqa: F401


@pytest.fixture(scope="module")
def tray_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrayDisplay]:
    """Xvfb on a free display plus trayer owning the tray selection."""
    server = start_tray_display(tmp_path_factory.mktemp("xserver"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def gemdesk_processes(tmp_path: Path) -> Iterator[list[GemdeskProcess]]:
    """Processes appended here are stopped (SIGTERM, then SIGKILL) after the test."""
    started: list[GemdeskProcess] = []
    yield started
    for process in started:
        process.stop()
