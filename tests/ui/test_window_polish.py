"""Main-window details: the refusal banner, sending without a key, search rows, export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop_app.api.client import GeminiClient
from desktop_app.core.engine import Engine
from desktop_app.store import HistoryStore, user_steps
from desktop_app.ui.composer import Composer, DraftStore
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.sidebar import Sidebar
from desktop_app.ui.sidebar.search import SNIPPET_LINES, SnippetDelegate
from tests.fake_gemini import FakeGemini
from tests.ui.conftest import QasyncRunner


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open() as history:
        yield history


def _png(path: Path) -> Path:
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    assert image.save(str(path), "PNG")  # type: ignore[call-overload]
    return path


# -- the refused-attachment banner ------------------------------------------------------


def test_refusal_banner_names_the_file_explains_briefly_and_goes_away(
    qtbot: QtBot, tmp_path: Path
) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    binary = tmp_path / "deep" / "folder" / "tool.bin"
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"\x7fELF" + bytes(range(256)) * 8)
    area = composer.attachment_area

    composer.add_files([binary])
    assert area.banner.isVisibleTo(composer)
    text = area.error_label.text()
    assert text == "tool.bin: unsupported file type"
    assert str(binary.parent) not in text  # the full path is in the tooltip only
    assert "application/" not in text  # no MIME type
    assert str(binary) in area.banner.toolTip()
    assert area.dismiss_button.accessibleName() == "Dismiss the attachment problem"

    # The close button hides it.
    area.dismiss_button.click()
    assert not area.banner.isVisibleTo(composer)

    # Adding a valid file takes an older refusal away.
    composer.add_files([tmp_path / "missing.pdf"])
    assert area.error_label.text() == "missing.pdf: file not found"
    composer.add_files([_png(tmp_path / "fine.png")])
    assert not area.banner.isVisibleTo(composer)
    assert [a.name for a in composer.attachments()] == ["fine.png"]

    # Sending takes it away too (the refused file is not part of the turn).
    composer.add_files([tmp_path])
    assert "a folder" in area.error_label.text()
    sent: list[object] = []
    composer.send_requested.connect(lambda text, files: sent.append((text, files)))
    composer.set_text("with the picture")
    composer.submit()
    assert len(sent) == 1
    assert not area.banner.isVisibleTo(composer)


# -- no API key yet -----------------------------------------------------------------------


def test_without_a_key_the_composer_explains_and_does_not_send(
    qtbot: QtBot,
    aio: QasyncRunner,
    store: HistoryStore,
    fake_gemini: FakeGemini,
    tmp_path: Path,
) -> None:
    engine = Engine(store, None, generate_titles=False)
    window = MainWindow(store=store, engine=engine, drafts=DraftStore())
    qtbot.addWidget(window)
    window.show()
    composer = window.composer
    assert window.center.currentWidget() is window.first_run
    assert not composer.send_button.isEnabled()
    assert composer.blocked_label.isVisibleTo(window)
    assert "API key" in composer.blocked_label.text()
    assert "API key" in composer.send_button.toolTip()

    # The draft is still editable (and kept); Enter and the Send action do nothing.
    composer.prompt.setFocus()
    qtbot.keyClicks(composer.prompt, "first question")
    composer.add_files([_png(tmp_path / "later.png")])
    qtbot.keyClick(composer.prompt, Qt.Key.Key_Return)
    window.actions_by_name["send"].trigger()
    aio.pause(0.05)
    assert composer.text() == "first question"
    assert len(composer.attachments()) == 1
    assert window.current_conversation() is None
    assert not window.error_bar.isVisibleTo(window)
    assert fake_gemini.requests == []

    # A key arrives: the transcript comes back, sending works, the draft goes out.
    client = GeminiClient(fake_gemini.api_key, base_url=fake_gemini.base_url)
    window.set_client(client)
    try:
        assert window.center.currentWidget() is window.transcript
        assert composer.send_button.isEnabled()
        assert not composer.blocked_label.isVisibleTo(window)
        composer.submit()
        aio.wait_until(lambda: len(window.shown_messages()) == 2)
        aio.wait_until(lambda: not window.controller.busy_conversations())
        assert window.shown_messages()[0].text == "first question"
        assert composer.text() == ""
    finally:
        window.close()
        aio.run(window.controller.wait_idle())


# -- search results ------------------------------------------------------------------------


def test_search_rows_show_the_snippet_whole_or_elided_cleanly(
    qtbot: QtBot, aio: QasyncRunner, store: HistoryStore
) -> None:
    long_text = " ".join(
        ["Gemdesk keeps every conversation searchable on this computer."] * 6
        + ["The word pelican appears here, deep inside a long message."]
        + ["More words follow the match so that the snippet is long."] * 6
    )
    conv = store.create_conversation("A rather long title about pelicans and other sea birds")
    store.append_message(conv.id, "user", steps=user_steps(long_text))
    short = store.create_conversation("Short")
    store.append_message(short.id, "user", steps=user_steps("One pelican."))
    sidebar = Sidebar(store)
    qtbot.addWidget(sidebar)
    sidebar.resize(260, 600)
    sidebar.show()
    try:
        qtbot.keyClicks(sidebar.search.line_edit, "pelican")
        aio.wait_until(lambda: sidebar.search.model.rowCount() == 2)
        view = sidebar.search.results
        delegate = view.itemDelegate()
        assert isinstance(delegate, SnippetDelegate)
        rows = {}
        for row in range(2):
            index = sidebar.search.model.index(row)
            rect = view.visualRect(index)
            option = QStyleOptionViewItem()
            option.initFrom(view)
            option.rect = rect
            option.font = view.font()
            doc = delegate.snippet_document(option, index)
            layout = doc.firstBlock().layout()
            title_height = view.fontMetrics().height()
            # Every line of the snippet is inside the row: nothing is clipped.
            assert layout.lineCount() <= SNIPPET_LINES
            assert title_height + doc.size().height() <= rect.height()
            rows[sidebar.search.model.hit(row).conversation_id] = doc.toPlainText()  # type: ignore[union-attr]
        assert rows[short.id] == "One pelican."  # fits: shown whole, no "…"
        assert rows[conv.id].endswith("…")  # too long: cut at a character, then "…"
        assert "pelican" in rows[conv.id]
        assert not rows[conv.id].endswith(" …")
        # Painting the rows works at this width (and at a narrow one).
        assert not view.grab().isNull()
        sidebar.resize(160, 600)
        QApplication.processEvents()
        assert not view.grab().isNull()
    finally:
        sidebar.shutdown()


# -- export through the file dialog ----------------------------------------------------------


def test_export_action_writes_markdown_html_and_json_where_the_dialog_says(
    qtbot: QtBot,
    aio: QasyncRunner,
    store: HistoryStore,
    fake_gemini: FakeGemini,
    tmp_path: Path,
) -> None:
    conv = store.create_conversation("Export me")
    question = store.append_message(conv.id, "user", steps=user_steps("Export **this** <now>"))
    store.append_message(conv.id, "model", parent_id=question.id, text="Exported answer")
    client = GeminiClient(fake_gemini.api_key, base_url=fake_gemini.base_url)
    window = MainWindow(
        store=store, engine=Engine(store, client, generate_titles=False), drafts=DraftStore()
    )
    qtbot.addWidget(window)
    window.show()
    window.open_conversation(conv.id)
    aio.wait_until(lambda: len(window.shown_messages()) == 2)

    def accept_with(target: Path) -> None:
        dialog = next((d for d in window.findChildren(QFileDialog) if d.isVisible()), None)
        assert dialog is not None, "the export action opened no file dialog"
        assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave
        dialog.setDirectory(str(target.parent))
        name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name_edit is not None
        name_edit.setText(target.name)  # what the user types
        dialog.accept()

    try:
        written: dict[str, str] = {}
        for suffix in ("md", "html", "json"):
            target = tmp_path / f"export.{suffix}"
            window.actions_by_name["export"].trigger()  # File ▸ Export conversation…
            aio.pause(0.05)
            accept_with(target)
            # The message names this file: the previous export's message is still shown.
            aio.wait_until(lambda t=target: t.name in window.status.currentMessage())
            written[suffix] = target.read_text(encoding="utf-8")
        assert "Export **this** <now>" in written["md"]
        assert "Exported answer" in written["md"]
        assert "<html" in written["html"].lower()
        assert "Export <b>this</b>" in written["html"] or "&lt;now&gt;" in written["html"]
        assert "<now>" not in written["html"]  # escaped, never raw
        data = json.loads(written["json"])
        assert "Exported answer" in json.dumps(data)
        assert not window.error_bar.isVisibleTo(window)

        # A failed export is reported in the window's error bar (it has no turn):
        # here the conversation was deleted meanwhile (e.g. from another window).
        window.export_conversation(conv.id + 1000, "md")
        aio.pause(0.05)
        accept_with(tmp_path / "gone.md")
        aio.wait_until(lambda: window.error_bar.isVisibleTo(window))
        assert "could not be written" in window.error_bar.message()
        assert not window.error_bar.retry_button.isVisibleTo(window)
    finally:
        window.close()
        aio.run(window.controller.wait_idle())
        aio.run(client.aclose())
