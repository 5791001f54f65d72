"""The first-paint probe used by benchmarks/bench_startup.py."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop_app.ui import startup_probe


def test_reports_the_first_paint_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(startup_probe.ENV_VAR, "1")
    window = QMainWindow()
    qtbot.addWidget(window)
    startup_probe.install(window)
    startup_probe.install(window)  # idempotent
    window.show()
    qtbot.waitUntil(lambda: "first_paint" in capsys.readouterr().out)
    window.update()
    window.repaint()
    qtbot.wait(50)
    assert capsys.readouterr().out == ""  # only the first paint


def test_silent_unless_enabled(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(startup_probe.ENV_VAR, raising=False)
    window = QMainWindow()
    qtbot.addWidget(window)
    startup_probe.install(window)
    window.show()
    qtbot.waitExposed(window)
    window.repaint()
    qtbot.wait(50)
    assert capsys.readouterr().out == ""
    assert not startup_probe.enabled()
