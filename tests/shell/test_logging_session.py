"""A scripted session at debug level: the log must hold neither the key nor any message text."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app import logging_setup
from desktop_app.api.client import GeminiClient
from desktop_app.api.retry import RetryPolicy
from desktop_app.core.engine import Engine
from desktop_app.core.preferences import Preferences
from desktop_app.store import HistoryStore
from desktop_app.ui.composer import DraftStore
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.shell import Shell
from desktop_app.ui.single_instance import InstanceRequest
from tests.fake_gemini import FakeGemini, Fault
from tests.ui.conftest import QasyncRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

# Not key-shaped and never registered: only "nobody logs it" keeps it out.
SECRET_KEY = "sessionkey-7Hq2LmZp9XwV4Rt"
PROMPTS = (
    "PROMPT-ALPHA tell me about lighthouses",
    "PROMPT-BRAVO describe this picture",
    "PROMPT-CHARLIE quick question about tides",
    "PROMPT-DELTA this one fails",
    "PROMPT-ECHO this one is stopped",
)


@pytest.fixture
def log_file(isolated_profile: Path) -> Iterator[Path]:
    path = logging_setup.setup_logging(verbose=True)
    yield path
    logging_setup.shutdown_logging()


def _send_in_window(window: MainWindow, qtbot: QtBot, text: str) -> None:
    window.composer.prompt.setFocus()
    window.composer.set_text(text)
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Return)


def _finish(window: MainWindow, aio: QasyncRunner) -> None:
    aio.wait_signal(window.controller.finished)
    aio.wait_until(lambda: not window.controller.busy_conversations())


def test_a_full_session_leaks_neither_key_nor_text(
    qtbot: QtBot,
    aio: QasyncRunner,
    qapp: QApplication,
    fake_gemini: FakeGemini,
    log_file: Path,
    tmp_path: Path,
) -> None:
    store = HistoryStore.open()
    client = GeminiClient(
        SECRET_KEY, base_url=fake_gemini.base_url, retry=RetryPolicy(max_retries=0)
    )
    engine = Engine(store, client, generate_titles=True)
    window = MainWindow(store=store, engine=engine, drafts=DraftStore(), preferences=Preferences())
    shell = Shell(qapp, window=window)
    shell.start(InstanceRequest())
    answers: list[str] = []
    try:
        # 1. A plain turn in the main window (title generation runs too).
        _send_in_window(window, qtbot, PROMPTS[0])
        _finish(window, aio)
        # 2. An attachment (the Files API or inline data).
        picture = tmp_path / "picture.png"
        image = QImage(64, 64, QImage.Format.Format_RGB32)
        image.fill(QColor("orange"))
        assert image.save(str(picture), "PNG")  # type: ignore[call-overload]
        window.composer.add_files([picture])
        _send_in_window(window, qtbot, PROMPTS[1])
        _finish(window, aio)
        # 3. The quick prompt.
        shell.show_quick_prompt()
        quick = shell.quick_prompt
        quick.composer.set_text(PROMPTS[2])
        aio.wait_signal(shell.quick.answer_finished, quick.composer.submit)
        # 4. A server error.
        fake_gemini.add_fault(Fault("http_error", status=500, message="backend exploded"))
        _send_in_window(window, qtbot, PROMPTS[3])
        _finish(window, aio)
        # 5. A stream stopped half-way.
        fake_gemini.add_fault(Fault("stall", after=3, seconds=30))
        _send_in_window(window, qtbot, PROMPTS[4])
        aio.wait_signal(window.controller.turn_started)
        aio.pause(0.2)
        window.stop()
        aio.wait_until(lambda: not window.controller.busy_conversations())
        for conversation in store.list_conversations(limit=100):
            answers += [m.text for m in store.active_path(conversation.id) if m.role == "model"]
    finally:
        aio.run(shell.shutdown())
        aio.run(client.aclose())
        store.close()
        qapp.setQuitOnLastWindowClosed(True)
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = log_file.read_text(encoding="utf-8")

    assert "HTTP Request: POST" in log  # the session really was logged, at debug level
    assert "(level DEBUG)" in log
    assert SECRET_KEY not in log
    for prompt in PROMPTS:
        marker = prompt.split()[0]
        assert marker not in log, f"{marker} leaked into the log"
        assert prompt not in log
    substantial = [a for a in answers if len(a) >= 20]
    assert substantial
    for answer in substantial:
        assert answer[:40] not in log, "answer text leaked into the log"
