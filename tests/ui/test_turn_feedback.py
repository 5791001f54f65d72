"""How a turn looks while it uploads, streams and fails: real window, real HTTP.

The sent message moves into the transcript at once (its chips show the upload),
the answer says "Uploading 2 files… 45 %", a turn's error is shown once (inline,
with Retry), and the status bar says Offline only when the server was unreachable.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop_app.api.client import GeminiClient
from desktop_app.api.retry import RetryPolicy
from desktop_app.core.engine import Engine
from desktop_app.store import HistoryStore
from desktop_app.ui.composer import DraftStore
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.transcript.message import MessageStatus
from desktop_app.ui.transcript.message_widget import MessageWidget
from tests.fake_gemini import FakeGemini, Fault
from tests.ui.conftest import QasyncRunner

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open() as history:
        yield history


@pytest.fixture
def make_window(
    qtbot: QtBot, aio: QasyncRunner, store: HistoryStore, fake_gemini: FakeGemini
) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []
    clients: list[GeminiClient] = []

    def make(base_url: str | None = None) -> MainWindow:
        client = GeminiClient(
            fake_gemini.api_key,
            base_url=base_url or fake_gemini.base_url,
            retry=RetryPolicy.no_retries(),
        )
        clients.append(client)
        engine = Engine(store, client, generate_titles=False)
        engine.inline_image_limit = 0  # every file goes through the Files API
        window = MainWindow(store=store, engine=engine, drafts=DraftStore())
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        aio.pause(0.01)
        return window

    yield make
    for window in windows:
        window.close()

    async def idle() -> None:
        for window in windows:
            await window.controller.wait_idle()

    aio.run(idle())
    for client in clients:
        aio.run(client.aclose())


def _png(path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(path), "PNG")  # type: ignore[call-overload]
    return path


def _pdf(path: Path, megabytes: int) -> Path:
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(megabytes * 1024 * 1024)  # sparse: three upload chunks of 8 MB
    return path


def _send(window: MainWindow, qtbot: QtBot, text: str) -> None:
    window.composer.prompt.setFocus()
    window.composer.set_text(text)
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Return)


def _finish(window: MainWindow, aio: QasyncRunner) -> None:
    aio.wait_until(lambda: not window.controller.busy_conversations())
    aio.wait_until(lambda: not window.is_painting())
    aio.pause(0.05)  # the final state is applied once the pacer drained


def _widget(window: MainWindow, message_id: object) -> MessageWidget:
    widget = window.transcript.message_widget(message_id)  # type: ignore[arg-type]
    assert widget is not None
    widget.materialize()
    return widget


def _last(window: MainWindow, role: str) -> MessageWidget:
    shown = [m for m in window.shown_messages() if m.role == role]
    assert shown, f"no {role} message shown"
    return _widget(window, shown[-1].id)


def test_uploads_move_the_message_into_the_transcript_with_progress(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    fake_gemini: FakeGemini,
    tmp_path: Path,
) -> None:
    fake_gemini.add_fault(Fault("delay", seconds=0.15, times=0, path="^/upload/"))
    window = make_window()
    report = _pdf(tmp_path / "report.pdf", 20)
    photo = _png(tmp_path / "photo.png")
    assert len(window.composer.add_files([report, photo])) == 2
    statuses: list[str] = []
    chip_values: list[int] = []
    while_uploading: list[tuple[object, ...]] = []

    def watch(*_args: object) -> None:
        # Runs inside the loop, while the files upload (stopping the loop mid-request
        # to look would leave the HTTP exchange to qasync's last processEvents).
        answer = _last(window, "model")
        user = _last(window, "user")
        if answer.message.status is MessageStatus.UPLOADING:
            statuses.append(answer.status_text())
        chip_values.extend(
            chip.progress.value() for chip in user._chips if not chip.progress.isHidden()
        )
        composer = window.composer
        while_uploading.append(
            (
                composer.text(),
                len(composer.attachments()),
                composer.prompt.isReadOnly(),
                composer.send_button.text(),
                user.message.text,
                tuple(sorted(a.name for a in user.message.attachments)),
            )
        )

    window.controller.uploads_progress.connect(watch)
    _send(window, qtbot, "Compare these two files.")
    _finish(window, aio)
    # From the first upload progress on, the composer was empty and editable (Send
    # is Stop) and the message with its chips was in the transcript.
    assert while_uploading
    assert set(while_uploading) == {
        ("", 0, False, "Stop", "Compare these two files.", ("photo.png", "report.pdf"))
    }
    # "Uploading 2 files… N %" with N growing, then "Sending…".
    assert statuses, "the answer never showed an uploading state"
    assert all(s.startswith("Uploading 2 files…") or s == "Sending…" for s in statuses)
    percents = [int(s.split("…")[1].strip(" %")) for s in statuses if s != "Sending…"]
    assert percents == sorted(percents)
    assert any(0 < p < 100 for p in percents)
    assert any(0 < v < 1000 for v in chip_values)  # a chip's bar moved
    answer = _last(window, "model")
    assert answer.message.status is MessageStatus.COMPLETE
    assert "Attachment 1" in answer.message.text
    # Uploads over: the chips show no bar any more, the status line is gone.
    assert all(chip.progress.isHidden() for chip in _last(window, "user")._chips)
    assert answer.status_text() == ""
    assert window.status.connection_label.text() == "Connected"


def test_a_failed_upload_keeps_the_turn_retryable_in_the_transcript(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    fake_gemini: FakeGemini,
    store: HistoryStore,
    tmp_path: Path,
) -> None:
    fake_gemini.add_fault(Fault("http_error", status=500, path="^/upload/", times=1))
    window = make_window()
    photo = _png(tmp_path / "photo.png")
    window.composer.add_files([photo])
    _send(window, qtbot, "What is in this picture?")
    _finish(window, aio)

    # Nothing is lost: the question and its file are in the history and on screen…
    cid = window.current_conversation()
    assert cid is not None
    question, answer = store.active_path(cid)
    assert question.text == "What is in this picture?"
    assert [a.display_name for a in question.attachments] == ["photo.png"]
    assert answer.status == "error"
    user = _last(window, "user")
    assert user.message.text == "What is in this picture?"
    assert [a.name for a in user.message.attachments] == ["photo.png"]
    assert all(chip.progress.isHidden() for chip in user._chips)
    # …the error is shown once, on the answer, with Retry; not in the window's bar.
    failed = _last(window, "model")
    assert failed.message.status is MessageStatus.ERROR
    assert failed.status_text().startswith("Error")
    assert failed.retry_button.isVisibleTo(window)
    assert not window.error_bar.isVisibleTo(window)
    # An API error is no reason to say Offline.
    assert window.status.connection_label.text() == "Connected"
    assert window.composer.text() == ""

    failed.retry_button.click()
    _finish(window, aio)
    answer_now = _last(window, "model")
    assert answer_now.message.status is MessageStatus.COMPLETE
    assert "Attachment 1: image" in answer_now.message.text
    assert store.active_path(cid)[-1].status == "complete"
    assert len(fake_gemini.files) == 1  # uploaded by the retry


def test_a_file_gone_before_sending_comes_back_to_the_composer(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    fake_gemini: FakeGemini,
    tmp_path: Path,
) -> None:
    window = make_window()
    keep = _png(tmp_path / "keep.png")
    gone = _png(tmp_path / "gone.png")
    window.composer.add_files([keep, gone])
    gone.unlink()
    _send(window, qtbot, "Two pictures")
    aio.wait_until(lambda: not window.controller.busy_conversations())
    aio.pause(0.05)
    # Refused before anything was stored: text and files are back in the composer.
    assert window.composer.text() == "Two pictures"
    assert sorted(a.path.name for a in window.composer.attachments()) == ["gone.png", "keep.png"]
    assert not window.composer.prompt.isReadOnly()
    assert "gone.png" in window.error_bar.message()
    assert fake_gemini.requests == []


def test_api_errors_are_shown_once_inline_and_do_not_mean_offline(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, fake_gemini: FakeGemini
) -> None:
    window = make_window()
    for status in (400, 429, 500):
        fake_gemini.add_fault(
            Fault("http_error", status=status, path="/interactions$", method="POST")
        )
        _send(window, qtbot, f"Status {status}?")
        _finish(window, aio)
        failed = _last(window, "model")
        assert failed.message.status is MessageStatus.ERROR
        assert failed.message.error
        assert failed.retry_button.isVisibleTo(window)
        assert not window.error_bar.isVisibleTo(window), status
        assert window.status.connection_label.text() == "Connected", status


def test_an_unreachable_server_means_offline_until_an_answer_arrives(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, fake_gemini: FakeGemini
) -> None:
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    window = make_window(base_url=closed)
    _send(window, qtbot, "Anyone there?")
    _finish(window, aio)
    assert window.status.connection_label.text() == "Offline"
    failed = _last(window, "model")
    assert failed.message.status is MessageStatus.ERROR
    assert not window.error_bar.isVisibleTo(window)

    # The server is back (the same engine, another client): the next answer reconnects.
    client = GeminiClient(fake_gemini.api_key, base_url=fake_gemini.base_url)
    old = window.engine.client
    window.engine.set_client(client)
    try:
        failed.retry_button.click()
        _finish(window, aio)
        assert window.status.connection_label.text() == "Connected"
        assert _last(window, "model").message.status is MessageStatus.COMPLETE
    finally:
        window.engine.set_client(old)
        aio.run(client.aclose())
