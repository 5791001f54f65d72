"""What keeps the GUI thread free while answers stream (benchmarks/bench_ui_stalls.py).

Window settings and drafts are written from other threads, a turn's widgets are
built over two turns of the event loop, a status change does not rebuild its
message, and a message sent during the warm-up waits for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop_app.api.client import GeminiClient
from desktop_app.api.retry import RetryPolicy
from desktop_app.core.engine import Engine
from desktop_app.store import HistoryStore
from desktop_app.ui.composer import DraftStore
from desktop_app.ui.composer.drafts import Draft, FileWriter, writer_for
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView
from desktop_app.ui.window import deferred_setting
from desktop_app.ui.window.deferred_setting import DeferredSetting
from tests.fake_gemini import FakeGemini
from tests.ui.conftest import QasyncRunner


def _on_disk(path: Path) -> str:
    """The file itself (another QSettings object in this process shares a cache)."""
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@pytest.fixture(autouse=True)
def _no_writer_left() -> Iterator[None]:
    yield
    deferred_setting._stop_all()


# -- window settings ---------------------------------------------------------------------


def test_a_setting_is_written_by_its_own_thread_once_it_stays(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "window.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    setting = DeferredSetting(settings, "last_conversation", delay_ms=50)
    for conversation in (3, 4, 5):
        setting.set(conversation)
    assert setting.is_pending()
    assert setting.value() == 5
    assert "last_conversation" not in _on_disk(path)  # nothing written yet
    qtbot.waitUntil(lambda: "last_conversation=5" in _on_disk(path), timeout=3000)
    assert not setting.is_pending()
    assert any(t.objectName() == "settings-writer" for t in deferred_setting._running)
    setting.flush()
    assert deferred_setting._running == set()  # flush stops the writer thread


def test_flush_stops_the_writer_and_leaves_the_newest_value_to_the_caller(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "window.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    setting = DeferredSetting(settings, "last_conversation", delay_ms=10_000)
    setting.set(8)
    setting.flush()  # at shutdown: no waiting for the delay
    assert not setting.is_pending()
    assert "last_conversation" not in _on_disk(path)
    settings.sync()
    assert "last_conversation=8" in _on_disk(path)
    assert deferred_setting._running == set()


def test_unchanged_values_start_no_writer(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "window.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("last_conversation", 12)
    settings.sync()
    setting = DeferredSetting(settings, "last_conversation", delay_ms=10)
    setting.set(12)
    qtbot.waitUntil(lambda: not setting.is_pending(), timeout=3000)
    assert deferred_setting._running == set()


# -- drafts ------------------------------------------------------------------------------


def test_draft_writes_are_coalesced_and_a_new_store_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    store = DraftStore(path)
    for n in range(50):
        store.put("7", Draft(text=f"version {n}"))
    store.discard("7")
    store.put("8", Draft(text="kept"))
    # A second store of the same file waits for the writes still under way.
    again = DraftStore(path)
    assert again.get("7").is_empty()
    assert again.get("8").text == "kept"
    assert path.is_file()


def test_a_failed_draft_write_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the drafts folder should be")
    store = DraftStore(blocker / "drafts.json")
    with caplog.at_level(logging.WARNING, logger="desktop_app.ui.composer.drafts"):
        store.put("1", Draft(text="typed on a read-only profile"))
        store.flush()
    assert store.get("1").text == "typed on a read-only profile"  # still in memory
    assert "could not be saved" in caplog.text


def test_one_writer_per_file(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    writer = writer_for(path)
    assert isinstance(writer, FileWriter)
    assert writer_for(tmp_path / "." / "drafts.json") is writer
    assert writer_for(tmp_path / "other.json") is not writer


# -- transcript --------------------------------------------------------------------------


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    widget = TranscriptView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_message_appended_for_later_is_built_on_the_next_turn_with_its_text(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.append_message(TranscriptMessage(id=1, role="user", text="Question"))
    view.append_message(
        TranscriptMessage(id=2, role="model", text="", status=MessageStatus.SENDING),
        build_now=False,
    )
    question, answer = view.message_widget(1), view.message_widget(2)
    assert question is not None
    assert answer is not None
    assert question.is_materialized
    assert not answer.is_materialized
    view.append_delta(2, "Streamed **before** it was built.")
    qtbot.waitUntil(lambda: answer.is_materialized, timeout=3000)
    view.flush_pending()
    assert answer.body is not None
    assert answer.body.toPlainText() == "Streamed before it was built."


def test_a_status_change_updates_the_message_without_rebuilding_it(
    qtbot: QtBot, view: TranscriptView
) -> None:
    view.append_message(
        TranscriptMessage(id=5, role="model", text="", status=MessageStatus.SENDING)
    )
    widget = view.message_widget(5)
    assert widget is not None
    body = widget.body
    assert widget.status_text() == "Sending…"
    view.set_status(5, MessageStatus.STREAMING)
    assert widget.body is body  # same widgets: nothing was built again
    assert widget.message.status is MessageStatus.STREAMING
    assert widget.status_text() == ""
    view.set_status(5, MessageStatus.STOPPED)
    assert widget.status_text() == "Stopped"
    assert widget.retry_button.isVisibleTo(widget)


# -- a message sent while the window warms up --------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini) -> Iterator[MainWindow]:
    with HistoryStore.open() as store:
        client = GeminiClient(
            fake_gemini.api_key, base_url=fake_gemini.base_url, retry=RetryPolicy.no_retries()
        )
        shown = MainWindow(
            store=store, engine=Engine(store, client, generate_titles=False), drafts=DraftStore()
        )
        qtbot.addWidget(shown)
        shown.show()
        try:
            yield shown
        finally:
            shown.close()
            aio.run(shown.controller.wait_idle())
            aio.run(client.aclose())


def test_a_turn_waits_for_the_warm_up_then_answers(aio: QasyncRunner, window: MainWindow) -> None:
    window.composer.set_text("Hello while warming")  # typing starts the warm-up
    warming: asyncio.Future[None] = aio.loop.create_future()
    window.controller.start_after(warming)  # one that lasts until the test says
    window.composer.submit()
    aio.pause(0.2)
    assert window.controller.busy_conversations()  # accepted: Stop is offered
    assert window.shown_messages() == []  # but nothing was stored or sent yet
    warming.set_result(None)
    aio.wait_until(lambda: not window.controller.busy_conversations())
    aio.wait_until(lambda: not window.is_painting())
    assert [m.role for m in window.shown_messages()] == ["user", "model"]
    assert window.last_answer_text()
