"""The composer on its own: keys, growth, drag-and-drop, paste, refusals, drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from desktop_app.ui.composer import Composer, DraftStore, SendKey
from desktop_app.ui.composer.drafts import drafts_path


def _png(path: Path, size: int = 32) -> Path:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(path), "PNG")  # type: ignore[call-overload]
    return path


def _drop(widget: Composer, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
    return event


@pytest.fixture
def composer(qtbot: QtBot) -> Composer:
    widget = Composer()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_enter_sends_and_shift_enter_breaks_the_line(composer: Composer, qtbot: QtBot) -> None:
    qtbot.keyClicks(composer.prompt, "first")
    qtbot.keyClick(composer.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.prompt, "second")
    assert composer.text() == "first\nsecond"
    with qtbot.waitSignal(composer.send_requested) as blocker:
        qtbot.keyClick(composer.prompt, Qt.Key.Key_Return)
    assert blocker.args == ["first\nsecond", []]


def test_send_key_preference_swaps_enter_and_ctrl_enter(composer: Composer, qtbot: QtBot) -> None:
    composer.set_send_key(SendKey.CTRL_ENTER)
    qtbot.keyClicks(composer.prompt, "a")
    qtbot.keyClick(composer.prompt, Qt.Key.Key_Return)
    qtbot.keyClicks(composer.prompt, "b")
    assert composer.text() == "a\nb"
    with qtbot.waitSignal(composer.send_requested) as blocker:
        qtbot.keyClick(composer.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0] == "a\nb"


def test_empty_prompt_is_not_sent(composer: Composer, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(composer.send_requested):
        qtbot.keyClicks(composer.prompt, "   ")
        qtbot.keyClick(composer.prompt, Qt.Key.Key_Return)


def test_prompt_grows_up_to_its_limit(composer: Composer, qtbot: QtBot) -> None:
    one_line = composer.prompt.height()
    composer.set_text("\n".join("line" for _ in range(4)))
    four_lines = composer.prompt.height()
    assert four_lines > one_line
    composer.set_text("\n".join("line" for _ in range(60)))
    capped = composer.prompt.height()
    composer.set_text("\n".join("line" for _ in range(120)))
    assert composer.prompt.height() == capped > four_lines


def test_send_becomes_stop_while_streaming(composer: Composer, qtbot: QtBot) -> None:
    composer.set_streaming(True)
    assert composer.send_button.text() == "Stop"
    with qtbot.waitSignal(composer.stop_requested):
        composer.send_button.click()
    composer.set_streaming(False)
    assert composer.send_button.text() == "Send"


def test_drop_file_urls_adds_chips_with_name_and_size(composer: Composer, tmp_path: Path) -> None:
    image = _png(tmp_path / "photo.png")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello notes\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(image)), QUrl.fromLocalFile(str(notes))])
    event = _drop(composer, mime)
    assert event.isAccepted()
    chips = composer.attachment_area.chips()
    assert [c.attachment.name for c in chips] == ["photo.png", "notes.txt"]
    assert chips[0].attachment.mime == "image/png"
    assert not chips[0].icon.pixmap().isNull()
    assert chips[1].size_label.text().endswith("bytes")
    assert not composer.attachment_area.error_label.isVisibleTo(composer)


def test_drop_image_data_from_a_browser(composer: Composer) -> None:
    image = QImage(20, 10, QImage.Format.Format_ARGB32)
    image.fill(QColor("orange"))
    mime = QMimeData()
    mime.setImageData(image)
    mime.setUrls([QUrl("https://example.com/cat.png")])  # remote: only the data is used
    _drop(composer, mime)
    (attachment,) = composer.attachments()
    assert attachment.mime == "image/png"
    assert attachment.path.is_file()
    assert QImage(str(attachment.path)).size() == image.size()


def test_ctrl_v_pastes_an_image(composer: Composer, qtbot: QtBot) -> None:
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("purple"))
    clipboard = QGuiApplication.clipboard()
    clipboard.setImage(image)
    composer.prompt.setFocus()
    qtbot.keyClick(composer.prompt, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    (attachment,) = composer.attachments()
    assert attachment.mime == "image/png"
    clipboard.clear()


def test_unsupported_and_empty_files_are_refused_inline(composer: Composer, tmp_path: Path) -> None:
    binary = tmp_path / "tool.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    ok = tmp_path / "ok.txt"
    ok.write_text("fine", encoding="utf-8")
    composer.add_files([binary, empty, ok, tmp_path / "missing.pdf"])
    assert [a.name for a in composer.attachments()] == ["ok.txt"]
    errors = composer.attachment_area.error_label.text()
    assert "tool.bin" in errors
    assert "unsupported" in errors
    assert "empty.txt" in errors
    assert "missing.pdf" in errors
    assert composer.attachment_area.error_label.isVisibleTo(composer)


def test_remove_button_removes_the_chip(composer: Composer, tmp_path: Path) -> None:
    composer.add_files([_png(tmp_path / "a.png")])
    (chip,) = composer.attachment_area.chips()
    chip.remove_button.click()
    assert composer.attachments() == []


def test_upload_progress_shows_on_the_chip(composer: Composer, tmp_path: Path) -> None:
    (attachment,) = composer.add_files([_png(tmp_path / "a.png")])
    (chip,) = composer.attachment_area.chips()
    assert not chip.progress.isVisibleTo(composer)
    composer.set_progress(attachment.key, 0.5)
    assert chip.progress.isVisibleTo(composer)
    assert chip.progress.value() == 500


def test_draft_survives_switching_and_restart(qtbot: QtBot, tmp_path: Path) -> None:
    first = Composer()
    qtbot.addWidget(first)
    image = _png(tmp_path / "keep.png")
    first.set_conversation("12")
    first.set_text("half-written thought")
    first.add_files([image])
    first.set_conversation("13")  # switching saves the draft of 12
    assert first.text() == ""
    assert first.attachments() == []
    first.set_text("other draft")
    first.save_draft()
    first.set_conversation("12")
    assert first.text() == "half-written thought"
    assert [a.name for a in first.attachments()] == ["keep.png"]
    restarted = Composer(drafts=DraftStore())  # a new process reads the same file
    assert drafts_path().is_file()  # (a new store waits for the background write)
    qtbot.addWidget(restarted)
    restarted.set_conversation("13")
    assert restarted.text() == "other draft"
    restarted.set_conversation("12")
    assert restarted.text() == "half-written thought"
    assert [a.path for a in restarted.attachments()] == [image]


def test_typing_saves_the_draft_after_a_pause(composer: Composer, qtbot: QtBot) -> None:
    composer.set_conversation("7")
    qtbot.keyClicks(composer.prompt, "autosaved")
    qtbot.waitUntil(lambda: DraftStore().get("7").text == "autosaved", timeout=3000)


def test_clear_after_send_discards_the_draft(composer: Composer) -> None:
    composer.set_conversation("9")
    composer.set_text("to send")
    composer.save_draft()
    composer.clear()
    assert DraftStore().get("9").is_empty()
    assert composer.text() == ""


def test_drag_enter_accepts_files_and_images_only(composer: Composer, tmp_path: Path) -> None:
    from PySide6.QtGui import QDragEnterEvent

    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.png"))])
    event = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        files,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    composer.dragEnterEvent(event)
    assert event.isAccepted()
    text_only = QMimeData()
    text_only.setText("just text")
    event = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        text_only,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setAccepted(False)
    composer.dragEnterEvent(event)
    assert not event.isAccepted()
