"""The main window end to end: real store, real engine, real HTTP to the emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from desktop_app import paths
from desktop_app.api.client import GeminiClient
from desktop_app.api.retry import RetryPolicy
from desktop_app.core.engine import Engine
from desktop_app.core.preferences import Theme
from desktop_app.store import HistoryStore, user_steps
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
    """Windows sharing one store and emulator; each gets its own client, closed after."""
    windows: list[MainWindow] = []
    clients: list[GeminiClient] = []

    def make(retry: RetryPolicy | None = None) -> MainWindow:
        client = GeminiClient(fake_gemini.api_key, base_url=fake_gemini.base_url, retry=retry)
        clients.append(client)
        engine = Engine(store, client, generate_titles=False)
        window = MainWindow(store=store, engine=engine, drafts=DraftStore())
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        aio.pause(0.01)
        return window

    yield make
    for window in windows:
        window.close()
    aio.run(_wait_idle(windows))
    for client in clients:
        aio.run(client.aclose())


async def _wait_idle(windows: list[MainWindow]) -> None:
    for window in windows:
        await window.controller.wait_idle()
        await window.sidebar.wait_for_deletes()


def _answer(window: MainWindow) -> str:
    models = [m for m in window.shown_messages() if m.role == "model"]
    return models[-1].text if models else ""


def _png(path: Path) -> Path:
    image = QImage(48, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    assert image.save(str(path), "PNG")  # type: ignore[call-overload]
    return path


def _finish(window: MainWindow, aio: QasyncRunner) -> None:
    """Wait for the turn's end and for its task to wind down (streams closed)."""
    aio.wait_signal(window.controller.finished)
    aio.wait_until(lambda: not window.controller.busy_conversations())
    aio.wait_until(lambda: not window.is_painting())


def _send(window: MainWindow, qtbot: QtBot, text: str) -> None:
    window.composer.prompt.setFocus()
    window.composer.set_text(text)
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Return)


def test_send_streams_persists_and_a_new_window_shows_it(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    window = make_window()
    finished: list[object] = []
    window.controller.finished.connect(lambda *args: finished.append(args))
    _send(window, qtbot, "/markdown 12000")
    assert window.composer.send_button.text() == "Stop"
    seen: list[int] = []

    def shown_so_far() -> bool:
        length = len(_answer(window))
        if not seen or seen[-1] != length:
            seen.append(length)
        return bool(finished) and not window.is_painting()

    aio.wait_until(shown_so_far)
    aio.wait_until(lambda: not window.controller.busy_conversations())
    # The answer grew across several intermediate states before it was complete.
    assert len(seen) >= 5
    assert sorted(seen) == seen
    assert 0 < seen[1] < seen[-2] < 12000
    assert len(_answer(window)) == 12000
    assert window.composer.send_button.text() == "Send"
    assert window.composer.text() == ""
    cid = window.current_conversation()
    assert cid is not None
    path = store.active_path(cid)
    assert [m.role for m in path] == ["user", "model"]
    assert path[1].status == "complete"
    assert path[1].text == _answer(window)
    assert window.sidebar.model.ids()[0] == cid
    last_in, last_out = window.status.usage()[0]
    assert last_in > 0
    assert last_out > 0
    window.close()

    reopened = make_window()  # restores the last open conversation
    aio.wait_until(lambda: len(reopened.shown_messages()) == 2)
    assert reopened.current_conversation() == cid
    assert _answer(reopened) == path[1].text


def test_drop_image_files_and_image_data_upload_and_reach_the_request(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    fake_gemini: FakeGemini,
    tmp_path: Path,
) -> None:
    window = make_window()
    window.engine.inline_image_limit = 0  # force the Files API for every image
    photo = _png(tmp_path / "photo.png")
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(photo))])
    data = QMimeData()
    dragged = QImage(30, 20, QImage.Format.Format_ARGB32)
    dragged.fill(QColor("gold"))
    data.setImageData(dragged)
    for mime in (files, data):
        event = QDropEvent(
            QPointF(20, 20),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        window.composer.dropEvent(event)
        assert event.isAccepted()
    assert len(window.composer.attachments()) == 2
    progress: list[tuple[str, float]] = []
    window.controller.upload_progress.connect(lambda _c, name, f: progress.append((name, f)))
    chips_seen: list[float] = []
    window.controller.attachment_progress.connect(
        lambda _c, user_id, name, _f: chips_seen.extend(
            _widget(window, user_id).attachment_progress().values()
        )
    )
    _send(window, qtbot, "What is in these images?")
    _finish(window, aio)
    assert {name for name, _ in progress} >= {"photo.png"}
    assert max(f for _, f in progress) == 1.0
    assert max(chips_seen) > 0  # the transcript chip's progress moved while uploading
    uploads = fake_gemini.requests_to("/upload/", method="POST")
    assert len(uploads) >= 2
    (create,) = fake_gemini.requests_to("/interactions", method="POST")
    body = str(create.json)
    uris = [f.uri for f in fake_gemini.files.values()]
    assert len(uris) == 2
    assert all(uri in body for uri in uris)
    assert "Attachment 1: image" in _answer(window)
    assert window.composer.attachments() == []


def test_paste_an_image_then_send(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, fake_gemini: FakeGemini
) -> None:
    window = make_window()
    image = QImage(24, 24, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    QGuiApplication.clipboard().setImage(image)
    window.composer.prompt.setFocus()
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    (attachment,) = window.composer.attachments()
    assert attachment.mime == "image/png"
    _send(window, qtbot, "Describe the pasted image")
    _finish(window, aio)
    assert "Attachment 1: image, image/png" in _answer(window)
    QGuiApplication.clipboard().clear()


def test_stop_mid_stream_keeps_the_partial_answer(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    store: HistoryStore,
    fake_gemini: FakeGemini,
) -> None:
    fake_gemini.add_fault(Fault("stall", after=8, seconds=5.0))
    window = make_window()
    _send(window, qtbot, "/markdown 3000")
    aio.wait_until(lambda: len(_answer(window)) > 0)
    partial_seen = _answer(window)
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Escape)
    _finish(window, aio)
    cid = window.current_conversation()
    assert cid is not None
    answer = store.active_path(cid)[-1]
    assert answer.status == "stopped"
    assert answer.text.startswith(partial_seen)
    assert 0 < len(answer.text) < 3000
    shown = [m for m in window.shown_messages() if m.role == "model"][-1]
    assert shown.status is MessageStatus.STOPPED
    assert shown.text == answer.text
    assert window.composer.send_button.text() == "Send"


def test_error_is_shown_with_retry_and_retry_works(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    store: HistoryStore,
    fake_gemini: FakeGemini,
) -> None:
    fake_gemini.add_fault(
        Fault("http_error", status=503, times=1, path="/interactions$", method="POST")
    )
    window = make_window(RetryPolicy.no_retries())  # the client's own retries are not tested here
    _send(window, qtbot, "Will this work?")
    _finish(window, aio)
    aio.wait_until(lambda: window.shown_messages()[-1].status is MessageStatus.ERROR)
    # Shown once: on the answer, with Retry (the window's error bar stays for the rest).
    assert not window.error_bar.isVisibleTo(window)
    failed = _widget(window, window.shown_messages()[-1].id)
    assert failed.retry_button.isVisibleTo(window)
    sentence = failed.message.error
    assert sentence
    assert sentence[0].isupper()
    assert "Traceback" not in sentence
    cid = window.current_conversation()
    assert cid is not None
    assert store.active_path(cid)[0].text == "Will this work?"  # nothing typed is lost
    failed.retry_button.click()
    _finish(window, aio)
    assert not window.error_bar.isVisibleTo(window)
    assert "You said: Will this work?" in _answer(window)
    assert store.active_path(cid)[-1].status == "complete"


def test_no_key_refuses_and_keeps_the_draft(
    qtbot: QtBot, aio: QasyncRunner, store: HistoryStore, tmp_path: Path
) -> None:
    window = MainWindow(store=store, engine=Engine(store, None), drafts=DraftStore())
    qtbot.addWidget(window)
    window.show()
    attachment = _png(tmp_path / "keep.png")
    window.composer.add_files([attachment])
    _send(window, qtbot, "hello without a key")
    aio.pause(0.05)
    # Sending is off until a key exists, and the composer says why; the draft stays.
    assert not window.composer.send_button.isEnabled()
    assert window.composer.blocked_label.isVisibleTo(window)
    assert "API key" in window.composer.blocked_label.text()
    assert not window.controller.busy_conversations()
    assert window.current_conversation() is None  # nothing was created
    assert window.composer.text() == "hello without a key"
    assert [a.path for a in window.composer.attachments()] == [attachment]
    assert window.status.connection_label.text() == "No API key"
    assert window.first_run is not None
    assert window.center.currentWidget() is window.first_run  # the welcome panel
    window.close()


def _widget(window: MainWindow, message_id: object) -> MessageWidget:
    widget = window.transcript.message_widget(message_id)  # type: ignore[arg-type]
    assert widget is not None
    widget.materialize()
    return widget


def test_edit_regenerate_and_branch_navigation(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    window = make_window()
    _send(window, qtbot, "I have 2 dogs.")
    _finish(window, aio)
    cid = window.current_conversation()
    assert cid is not None
    user, answer = window.shown_messages()

    # Regenerate on the answer: a second version, shown as 2/2.
    _widget(window, answer.id).action_button.click()
    _finish(window, aio)
    shown = window.shown_messages()
    assert (shown[1].sibling_index, shown[1].sibling_count) == (1, 2)
    assert shown[1].id != answer.id
    assert "2/2" in _widget(window, shown[1].id).branch_label.text()

    # ‹ goes back to the first version.
    _widget(window, shown[1].id).branch_previous.click()
    aio.wait_until(lambda: window.shown_messages()[1].id == answer.id)
    assert window.shown_messages()[1].sibling_index == 0

    # Edit on the user message: its text goes to the composer; sending branches.
    _widget(window, user.id).action_button.click()
    assert window.composer.editing() == user.id
    assert window.composer.text() == "I have 2 dogs."
    window.composer.set_text("I have 3 cats.")
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Return)
    _finish(window, aio)
    edited_user, edited_answer = window.shown_messages()
    assert edited_user.text == "I have 3 cats."
    assert (edited_user.sibling_index, edited_user.sibling_count) == (1, 2)
    assert "You said: I have 3 cats." in edited_answer.text
    assert window.composer.editing() is None
    _widget(window, edited_user.id).branch_previous.click()
    aio.wait_until(lambda: window.shown_messages()[0].id == user.id)

    # Branch to a new conversation from the first answer.
    before = set(window.sidebar.model.ids())
    window.transcript.branch_to_new_conversation_requested.emit(answer.id)
    aio.wait_until(lambda: window.current_conversation() not in (cid, None))
    new_id = window.current_conversation()
    assert new_id is not None
    assert new_id not in before
    aio.wait_until(lambda: len(window.shown_messages()) == 2)
    assert [m.text for m in store.active_path(new_id)] == [m.text for m in store.active_path(cid)]


def test_cancelling_an_edit_gives_the_draft_back(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    _send(window, qtbot, "original")
    _finish(window, aio)
    user = window.shown_messages()[0]
    window.composer.set_text("my draft")
    draft_file = _png(tmp_path / "d.png")
    window.composer.add_files([draft_file])
    _widget(window, user.id).action_button.click()
    assert window.composer.text() == "original"
    assert window.composer.attachments() == []
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Escape)
    assert window.composer.editing() is None
    assert window.composer.text() == "my draft"
    assert [a.path for a in window.composer.attachments()] == [draft_file]


def test_search_opens_the_conversation_at_the_match(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    conv = store.create_conversation("Old chat")
    store.append_message(conv.id, "user", steps=user_steps("Where is the lighthouse?"))
    store.append_message(conv.id, "model", text="The lighthouse stands on the cape.")
    store.create_conversation("Other")
    window = make_window()
    window.new_chat()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.search.line_edit.hasFocus()
    qtbot.keyClicks(window.sidebar.search.line_edit, "cape")
    aio.wait_until(lambda: window.sidebar.search.model.rowCount() == 1)
    scrolled: list[object] = []
    original = window.transcript.scroll_to_message

    def spy(message_id: object, highlight: str | None = None) -> bool:
        scrolled.append((message_id, highlight))
        return original(message_id, highlight)  # type: ignore[arg-type]

    window.transcript.scroll_to_message = spy  # type: ignore[method-assign]
    qtbot.keyClick(window.sidebar.search.line_edit, Qt.Key.Key_Return)
    aio.wait_signal(window.conversation_loaded)
    assert window.current_conversation() == conv.id
    match = store.active_path(conv.id)[1]
    assert scrolled == [(match.id, "cape")]


def test_draft_survives_switching_and_restart(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore, tmp_path: Path
) -> None:
    a = store.create_conversation("A")
    b = store.create_conversation("B")
    window = make_window()
    window.open_conversation(a.id)
    image = _png(tmp_path / "draft.png")
    window.composer.set_text("unfinished thought for A")
    window.composer.add_files([image])
    window.open_conversation(b.id)
    assert window.composer.text() == ""
    window.open_conversation(a.id)
    assert window.composer.text() == "unfinished thought for A"
    window.close()

    again = make_window()
    assert again.current_conversation() == a.id
    assert again.composer.text() == "unfinished thought for A"
    assert [x.path for x in again.composer.attachments()] == [image]


def test_geometry_splitter_and_last_conversation_are_restored(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    conv = store.create_conversation("Remember me")
    window = make_window()
    window.open_conversation(conv.id)
    window.resize(700, 520)
    window.splitter.setSizes([200, 700])
    sizes = window.splitter.sizes()
    window.close()
    settings = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    assert int(str(settings.value("last_conversation"))) == conv.id
    stored = [str(k) for k in settings.allKeys()]
    assert not any("key" in k.lower() and "api" in k.lower() for k in stored)
    again = make_window()
    assert again.current_conversation() == conv.id
    assert again.size().width() == 700
    assert again.splitter.sizes()[0] == sizes[0]


def test_menus_shortcuts_and_accessible_names(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    window = make_window()
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Help"]
    help_items = [a.text().replace("&", "") for a in window.menus["help"].actions()]
    assert help_items == ["Keyboard shortcuts", "About Gemdesk"]
    expected = {
        "new_chat": "Ctrl+N",
        "focus_search": "Ctrl+K",
        "send": "Ctrl+Return",
        "stop": "Esc",
        "copy_last_answer": "Ctrl+Shift+C",
        "preferences": "Ctrl+,",
        "export": "Ctrl+Shift+E",
        "next_conversation": "Ctrl+Tab",
        "previous_conversation": "Ctrl+Shift+Tab",
        "rename": "F2",
    }
    for name, keys in expected.items():
        assert window.actions_by_name[name].shortcut().toString() == keys, name

    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLineEdit, QPlainTextEdit

    unnamed = [
        w.objectName() or type(w).__name__
        for cls in (QAbstractButton, QLineEdit, QPlainTextEdit, QAbstractItemView)
        for w in window.findChildren(cls)
        if w.isVisibleTo(window)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
    ]
    assert unnamed == []

    # Ctrl+N and Ctrl+Tab from the keyboard.
    a = store.create_conversation("first")
    b = store.create_conversation("second")
    window.sidebar.model.reload()
    window.open_conversation(b.id)
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_F2)
    assert window.sidebar.list.state() == QAbstractItemView.State.EditingState
    editor = window.sidebar.list.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.setText("renamed by F2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    aio.wait_until(lambda: store.get_conversation(b.id).title == "renamed by F2")
    window.composer.prompt.setFocus()
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.current_conversation() == a.id
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_conversation() is None
    assert window.composer.prompt.hasFocus()


def test_copy_last_answer_and_export(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    _send(window, qtbot, "/echo Hello **export**")
    _finish(window, aio)
    qtbot.keyClick(
        window.composer.prompt,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QGuiApplication.clipboard().text() == "Hello **export**"
    cid = window.current_conversation()
    assert cid is not None
    for fmt in ("md", "html", "json"):
        target = tmp_path / f"out.{fmt}"
        window.export_conversation(cid, fmt, target)
        aio.wait_until(target.exists)
        assert "Hello" in target.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")
    QGuiApplication.clipboard().clear()


def test_switching_away_drops_the_stream_of_the_left_conversation(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    store: HistoryStore,
    fake_gemini: FakeGemini,
) -> None:
    other = store.create_conversation("Elsewhere")
    fake_gemini.add_fault(Fault("stall", after=6, seconds=1.0))
    window = make_window()
    _send(window, qtbot, "/markdown 2000")
    aio.wait_until(lambda: len(_answer(window)) > 0)
    streaming_id = window.current_conversation()
    window.open_conversation(other.id)
    aio.wait_signal(window.conversation_loaded)
    _finish(window, aio)
    assert window.shown_messages() == []  # nothing of the other stream painted here
    assert streaming_id is not None
    assert len(store.active_path(streaming_id)[-1].text) == 2000  # but it was all saved
    window.open_conversation(streaming_id)
    aio.wait_until(lambda: len(_answer(window)) == 2000)


def test_conversation_settings_panel_applies_to_the_next_turn(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    window = make_window()
    window.new_chat()
    edited = window.settings_panel.settings().with_changes(system_instruction="Be brief.")
    window.settings_panel.settings_changed.emit(edited)  # as the panel does after an edit
    _send(window, qtbot, "hello")
    _finish(window, aio)
    assert "System instruction: Be brief." in _answer(window)
    cid = window.current_conversation()
    assert cid is not None
    assert store.get_conversation(cid).settings.system_instruction == "Be brief."
    window.new_chat()
    assert window.settings_panel.settings().system_instruction == ""
    window.open_conversation(cid)
    assert window.settings_panel.settings().system_instruction == "Be brief."


def test_theme_preference_switches_the_transcript(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory
) -> None:
    window = make_window()
    window.apply_preferences(window.preferences.replace(theme=Theme.DARK))
    assert window.theme.is_dark()
    assert window.transcript.is_dark()
    window.apply_preferences(window.preferences.replace(theme=Theme.LIGHT))
    assert not window.transcript.is_dark()
    window.apply_preferences(window.preferences.replace(theme=Theme.SYSTEM))


def test_an_answer_a_crash_left_streaming_is_recovered_with_retry(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory, store: HistoryStore
) -> None:
    conv = store.create_conversation("Crashed")
    store.append_message(conv.id, "user", steps=user_steps("Tell me a story"))
    reply = store.append_message(conv.id, "model", text="Once upon", status="streaming")
    window = make_window()
    aio.wait_until(lambda: store.get_message(reply.id).status == "incomplete")
    window.open_conversation(conv.id)
    aio.wait_until(lambda: len(window.shown_messages()) == 2)
    shown = window.shown_messages()[1]
    assert shown.status is MessageStatus.INCOMPLETE
    assert shown.text == "Once upon"  # the partial answer is kept
    _widget(window, reply.id).retry_button.click()
    _finish(window, aio)
    assert "You said: Tell me a story" in _answer(window)


def test_keyboard_shortcuts_dialog_lists_every_shortcut(
    qtbot: QtBot, aio: QasyncRunner, make_window: WindowFactory
) -> None:
    from desktop_app.ui.shortcuts import SHORTCUTS, ShortcutsDialog

    window = make_window()
    window.actions_by_name["keyboard_shortcuts"].trigger()
    (dialog,) = window.findChildren(ShortcutsDialog)
    assert dialog.table.rowCount() == len(SHORTCUTS)
    shown = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Ctrl+N", "Ctrl+K", "F2", "Esc"} <= shown
    dialog.close()


def test_unsupported_and_oversize_files_are_refused_before_anything_is_sent(
    qtbot: QtBot,
    aio: QasyncRunner,
    make_window: WindowFactory,
    fake_gemini: FakeGemini,
    tmp_path: Path,
) -> None:
    window = make_window()
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(3 * 1024**3)  # sparse: 3 GB on paper, nothing on disk
    binary = tmp_path / "program.bin"
    binary.write_bytes(b"\x7fELF" + bytes(range(256)) * 16)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(huge)), QUrl.fromLocalFile(str(binary))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.composer.dropEvent(event)
    assert window.composer.attachments() == []
    refusal = window.composer.attachment_area.error_label.text()
    assert "huge.pdf" in refusal
    assert "2.0 GB" in refusal
    assert "program.bin" in refusal
    assert window.composer.attachment_area.error_label.isVisibleTo(window)
    aio.pause(0.05)
    assert fake_gemini.requests == []
