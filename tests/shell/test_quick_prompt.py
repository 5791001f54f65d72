"""The quick prompt end to end, offscreen, against the emulator: real engine, store, HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.api.client import GeminiClient
from desktop_app.core.engine import Engine
from desktop_app.core.preferences import Preferences
from desktop_app.store import HistoryStore
from desktop_app.ui.composer import DraftStore
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.quick_prompt import centred_on_screen_under_cursor
from desktop_app.ui.shell import Shell
from desktop_app.ui.single_instance import InstanceRequest
from tests.fake_gemini import FakeGemini, Fault
from tests.ui.conftest import QasyncRunner

# Offscreen has no window stacking: showing a stay-on-top window logs this.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@dataclass
class Running:
    shell: Shell
    store: HistoryStore
    fake: FakeGemini


@pytest.fixture
def running(
    qtbot: QtBot, aio: QasyncRunner, qapp: QApplication, fake_gemini: FakeGemini
) -> Iterator[Running]:
    store = HistoryStore.open()
    client = GeminiClient(fake_gemini.api_key, base_url=fake_gemini.base_url)
    engine = Engine(store, client, generate_titles=False)
    window = MainWindow(store=store, engine=engine, drafts=DraftStore(), preferences=Preferences())
    # Not qtbot.addWidget: pytest-qt would delete the windows before shutdown runs.
    shell = Shell(qapp, window=window)
    shell.start(InstanceRequest())
    yield Running(shell, store, fake_gemini)
    aio.run(shell.shutdown())
    aio.run(client.aclose())
    store.close()
    qapp.setQuitOnLastWindowClosed(True)


def _type_and_send(qtbot: QtBot, running: Running, text: str) -> None:
    prompt = running.shell.quick_prompt.composer.prompt
    qtbot.keyClicks(prompt, text)
    qtbot.keyClick(prompt, Qt.Key.Key_Return)


def _answers(running: Running) -> list[str]:
    quick = running.shell.quick_prompt
    quick.transcript.flush_pending()
    return [m.text for m in quick.shown_messages() if m.role == "model"]


def test_type_stream_escape_and_open_in_window(
    qtbot: QtBot, aio: QasyncRunner, running: Running
) -> None:
    shell, quick = running.shell, running.shell.quick_prompt
    shell.show_quick_prompt()
    qtbot.waitExposed(quick)
    assert quick.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert quick.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    qtbot.waitUntil(quick.composer.prompt.hasFocus)

    seen: list[str] = []
    shell.quick.controller.delta.connect(lambda _c, _m, text: seen.append(text))
    finished = aio.wait_signal(
        shell.quick.answer_finished,
        lambda: _type_and_send(qtbot, running, "Explain how AI works in a few words"),
    )
    cid, status = finished
    assert status == "complete"
    assert len(seen) > 1  # streamed in pieces, shown as they came
    answer = _answers(running)[-1]
    assert answer
    assert answer == "".join(seen)
    assert quick.composer.text() == ""  # the turn was taken

    # A normal conversation in the history, marked quick.
    conversation = running.store.get_conversation(cid)
    assert conversation.quick is True
    stored = running.store.active_path(cid)
    assert [m.role for m in stored] == ["user", "model"]
    assert stored[0].text == "Explain how AI works in a few words"
    assert stored[1].text == answer
    request = running.fake.requests_to("/interactions", "POST")[-1]
    assert "Explain how AI works" in str(request.json)

    # Esc hides it; the conversation is still there when it comes back.
    qtbot.keyClick(quick.composer.prompt, Qt.Key.Key_Escape)
    assert not quick.isVisible()
    shell.show_quick_prompt()
    qtbot.waitExposed(quick)
    assert quick.conversation_id == cid
    assert _answers(running)[-1] == answer

    # Open in window: the main window shows the same conversation; the quick prompt resets.
    window = shell.window
    args = aio.wait_signal(window.conversation_loaded, quick.open_button.click)
    assert args == (cid,)
    assert window.isVisible()
    assert not quick.isVisible()
    assert window.current_conversation() == cid
    texts = [m.text for m in window.shown_messages()]
    assert texts == ["Explain how AI works in a few words", answer]
    assert quick.conversation_id is None


def test_a_second_turn_continues_the_quick_conversation(
    qtbot: QtBot, aio: QasyncRunner, running: Running
) -> None:
    shell = running.shell
    shell.show_quick_prompt()
    first = aio.wait_signal(
        shell.quick.answer_finished, lambda: _type_and_send(qtbot, running, "Hi")
    )
    second = aio.wait_signal(
        shell.quick.answer_finished, lambda: _type_and_send(qtbot, running, "And again")
    )
    assert first[0] == second[0]
    assert len(running.store.active_path(first[0])) == 4
    # "New" starts another conversation.
    shell.quick_prompt.new_button.click()
    third = aio.wait_signal(
        shell.quick.answer_finished, lambda: _type_and_send(qtbot, running, "Fresh")
    )
    assert third[0] != first[0]


def test_paste_attaches_an_image(qtbot: QtBot, aio: QasyncRunner, running: Running) -> None:
    shell, quick = running.shell, running.shell.quick_prompt
    shell.show_quick_prompt()
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    quick.composer.prompt.setFocus()
    qtbot.keyClick(quick.composer.prompt, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    attachments = quick.composer.attachments()
    assert len(attachments) == 1
    assert attachments[0].mime == "image/png"
    cid, status = aio.wait_signal(
        shell.quick.answer_finished, lambda: _type_and_send(qtbot, running, "What colour?")
    )
    assert status == "complete"
    user = running.store.active_path(cid)[0]
    assert [a.mime_type for a in user.attachments] == ["image/png"]


def test_clipboard_prefill_when_the_preference_is_on(qtbot: QtBot, running: Running) -> None:
    shell, quick = running.shell, running.shell.quick_prompt
    QGuiApplication.clipboard().setText("text from the clipboard")
    shell.show_quick_prompt()
    assert quick.composer.text() == ""  # off by default
    quick.dismiss()
    shell.window.preferences = shell.window.preferences.replace(quick_prompt_prefill_clipboard=True)
    shell.show_quick_prompt()
    assert quick.composer.text() == "text from the clipboard"


def test_quit_while_streaming_saves_the_answer_as_stopped(
    qtbot: QtBot, aio: QasyncRunner, running: Running
) -> None:
    shell = running.shell
    running.fake.add_fault(Fault("stall", after=3, seconds=30))
    shell.show_quick_prompt()
    turn = aio.wait_signal(
        shell.quick.controller.turn_started, lambda: _type_and_send(qtbot, running, "Long one")
    )
    cid, _user_id, model_id = turn
    shell.request_quit()
    aio.run(shell.run_until_quit(), timeout=20)
    assert running.store.get_message(model_id).status == "stopped"
    assert not shell.quick.controller.is_busy(cid)


def test_the_window_is_centred_on_the_screen_under_the_cursor(qapp: QApplication) -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    rect = centred_on_screen_under_cursor(400, 200, screen.center() + QPoint(5, 5))
    assert rect.size().width() == min(400, screen.width())
    assert rect.center().x() - screen.center().x() in (-1, 0, 1)
    assert rect.center().y() - screen.center().y() in (-1, 0, 1)
    assert screen.contains(rect) or rect == QRect(screen)


def test_quit_while_the_window_streams_saves_the_answer_as_stopped(
    qtbot: QtBot, aio: QasyncRunner, running: Running
) -> None:
    shell = running.shell
    window = shell.window
    running.fake.add_fault(Fault("stall", after=6, seconds=30))
    window.composer.set_text("A long answer please")
    # Quit once the answer is really streaming (its first piece is on screen).
    _cid, model_id, _text = aio.wait_signal(window.controller.delta, window.composer.submit)
    shell.request_quit()
    aio.run(shell.run_until_quit(), timeout=20)
    assert running.store.get_message(model_id).status == "stopped"
    assert not window.controller.busy_conversations()


def test_a_file_dropped_anywhere_on_the_prompt_is_attached(
    running: Running, tmp_path: Path
) -> None:
    shell, quick = running.shell, running.shell.quick_prompt
    shell.show_quick_prompt()
    notes = tmp_path / "notes.txt"
    notes.write_text("remember the milk\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    quick.dropEvent(event)
    assert event.isAccepted()
    assert [a.name for a in quick.composer.attachments()] == ["notes.txt"]
