"""The transcript widget: lazy layout, streaming, per-message actions, links, themes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from desktop_app.render import DARK, LIGHT, render_markdown
from desktop_app.render import markdown as markdown_module
from desktop_app.ui.transcript import (
    MessageStatus,
    TranscriptAttachment,
    TranscriptMessage,
    TranscriptView,
)
from desktop_app.ui.transcript.attachments import AttachmentChip
from desktop_app.ui.transcript.message_widget import MessageWidget

ANSWER = "# Title\n\nSome **bold** text.\n\n```python\nprint('hi')\n```\n\n- one\n- two\n"


class RecordingOpener:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.opened.append(url.toString())
        return True


@pytest.fixture
def opener() -> RecordingOpener:
    return RecordingOpener()


@pytest.fixture
def view(qtbot: QtBot, opener: RecordingOpener) -> Iterator[TranscriptView]:
    widget = TranscriptView(link_opener=opener)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def widget_of(view: TranscriptView, message_id: object) -> MessageWidget:
    widget = view.message_widget(message_id)  # type: ignore[arg-type]
    assert widget is not None
    return widget


def full_plain_text(text: str) -> str:
    document = QTextDocument()
    document.setHtml(render_markdown(text))
    return document.toPlainText()


def conversation(count: int, answer: str = ANSWER * 6) -> list[TranscriptMessage]:
    messages = []
    for index in range(count):
        role = "user" if index % 2 == 0 else "model"
        text = f"Question {index}?" if role == "user" else answer
        messages.append(TranscriptMessage(id=index, role=role, text=text))
    return messages


# -- lazy layout -----------------------------------------------------------------


def test_long_conversation_builds_only_what_is_near_the_view(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.set_messages(conversation(300))
    qtbot.wait(50)
    built = [m for m in view.message_ids() if widget_of(view, m).is_materialized]
    assert 0 < len(built) < 30
    assert 299 in built  # it opens at the end
    scroll = view.findChild(QScrollArea, "transcriptScroll")
    assert scroll is not None
    bar = scroll.verticalScrollBar()
    assert bar.value() == bar.maximum()
    bar.setValue(0)
    qtbot.waitUntil(lambda: widget_of(view, 0).is_materialized)
    assert not widget_of(view, 150).is_materialized


def test_messages_in_view_are_rendered_after_scrolling(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(conversation(120))
    view.scroll_to_message(61)
    qtbot.waitUntil(lambda: widget_of(view, 61).is_materialized)
    body = widget_of(view, 61).body
    assert body is not None
    assert body.toPlainText() == full_plain_text(ANSWER * 6)


def test_far_away_messages_are_released_again(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(conversation(200))
    qtbot.waitUntil(lambda: widget_of(view, 199).is_materialized)
    view.scroll_to_message(0)
    qtbot.waitUntil(lambda: widget_of(view, 0).is_materialized)
    qtbot.waitUntil(lambda: not widget_of(view, 199).is_materialized)
    assert widget_of(view, 199).message.text == ANSWER * 6


# -- streaming -----------------------------------------------------------------------


def test_streamed_answer_matches_a_full_render(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages([TranscriptMessage(id="q", role="user", text="Question?")])
    view.append_message(TranscriptMessage(id="a", role="model", status=MessageStatus.STREAMING))
    text = ANSWER * 4 + "| a | b |\n|---|---|\n| 1 | 2 |\n\nafter the table\n"
    for start in range(0, len(text), 7):
        view.append_delta("a", text[start : start + 7])
        if start % 35 == 0:
            qtbot.wait(20)
    view.finish_message("a", MessageStatus.COMPLETE, usage={"output_tokens": 42})
    widget = widget_of(view, "a")
    assert widget.body is not None
    assert widget.body.toPlainText() == full_plain_text(text)
    assert view.message("a") == TranscriptMessage(
        id="a", role="model", text=text, usage={"output_tokens": 42}
    )


def test_deltas_are_coalesced_into_one_render_per_frame(
    view: TranscriptView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.append_message(TranscriptMessage(id="a", role="model", status=MessageStatus.STREAMING))
    renders: list[str] = []
    original = markdown_module.MarkdownRenderer.render

    def counting(self: markdown_module.MarkdownRenderer, text: str) -> str:
        renders.append(text)
        return original(self, text)

    monkeypatch.setattr(markdown_module.MarkdownRenderer, "render", counting)
    for word in ("Hello", " wor", "ld", ", how", " are", " you?") * 20:
        view.append_delta("a", word)
    assert renders == []  # nothing is rendered synchronously
    qtbot.waitUntil(lambda: bool(renders))
    qtbot.wait(40)
    assert len(renders) == 1  # one render of the whole open paragraph
    assert renders[0].endswith("how are you?")


def test_thought_summaries_stream_into_a_collapsed_thinking_section(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.append_message(TranscriptMessage(id="a", role="model", status=MessageStatus.STREAMING))
    widget = widget_of(view, "a")
    assert not widget.thinking_button.isVisible()
    view.append_thought_delta("a", "**Planning** the answer")
    assert widget.thinking_button.isVisible()
    assert widget.thinking_button.text() == "Thinking…"
    assert widget.thoughts_body is not None
    assert not widget.thoughts_body.isVisible()
    widget.thinking_button.click()
    assert widget.thoughts_body.isVisible()
    view.append_thought_delta("a", " carefully.")
    qtbot.waitUntil(
        lambda: (
            widget.thoughts_body is not None
            and widget.thoughts_body.toPlainText() == "Planning the answer carefully."
        )
    )
    view.append_delta("a", "Answer.")
    view.finish_message("a")
    assert widget.thinking_button.text() == "Thinking"
    assert view.message("a") is not None
    assert view.message("a").thoughts == "**Planning** the answer carefully."  # type: ignore[union-attr]


def test_delta_for_an_unknown_message_is_ignored(view: TranscriptView) -> None:
    view.append_delta("nope", "text")
    view.finish_message("nope")
    assert view.message("nope") is None


# -- status, usage, actions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (MessageStatus.STOPPED, "Stopped"),
        (MessageStatus.INCOMPLETE, "Incomplete answer"),
        (MessageStatus.ERROR, "Error: quota exceeded"),
    ],
)
def test_unfinished_answers_show_their_status_and_retry(
    view: TranscriptView, qtbot: QtBot, status: MessageStatus, label: str
) -> None:
    view.append_message(TranscriptMessage(id=7, role="model", status=MessageStatus.STREAMING))
    view.append_delta(7, "partial")
    error = "quota exceeded" if status is MessageStatus.ERROR else ""
    view.finish_message(7, status, error=error)
    widget = widget_of(view, 7)
    assert widget.status_label.isVisible()
    assert widget.status_label.text() == label
    assert widget.retry_button.isVisible()
    with qtbot.waitSignal(view.retry_requested) as signal:
        widget.retry_button.click()
    assert signal.args == [7]


def test_complete_answer_has_no_status_and_usage_in_a_tooltip(view: TranscriptView) -> None:
    usage = {"input_tokens": 1200, "output_tokens": 345, "thought_tokens": 67}
    view.append_message(
        TranscriptMessage(id=1, role="model", text="Hi", usage=usage, model="gemini-3-flash")
    )
    widget = widget_of(view, 1)
    assert not widget.status_label.isVisible()
    assert not widget.retry_button.isVisible()
    tip = widget.role_label.toolTip()
    assert "gemini-3-flash" in tip
    assert "1,200" in tip
    assert "345" in tip
    assert "67" in tip
    assert widget.body is not None
    assert widget.body.toolTip() == tip


def test_edit_on_user_messages_regenerate_on_answers(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(
        [
            TranscriptMessage(id="u", role="user", text="Hello"),
            TranscriptMessage(id="m", role="model", text="Hi"),
        ]
    )
    user, model = widget_of(view, "u"), widget_of(view, "m")
    user.materialize()
    assert user.action_button.objectName() == "editButton"
    assert model.action_button.objectName() == "regenerateButton"
    with qtbot.waitSignal(view.edit_requested) as edited:
        user.action_button.click()
    with qtbot.waitSignal(view.regenerate_requested) as regenerated:
        model.action_button.click()
    assert edited.args == ["u"]
    assert regenerated.args == ["m"]


def test_regenerate_is_disabled_while_streaming(view: TranscriptView) -> None:
    view.append_message(TranscriptMessage(id="m", role="model", status=MessageStatus.STREAMING))
    assert not widget_of(view, "m").action_button.isEnabled()
    view.finish_message("m")
    assert widget_of(view, "m").action_button.isEnabled()


def test_branch_navigator(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(
        [
            TranscriptMessage(id=1, role="user", text="Q", sibling_index=1, sibling_count=3),
            TranscriptMessage(id=2, role="model", text="A"),
        ]
    )
    first, second = widget_of(view, 1), widget_of(view, 2)
    first.materialize()
    assert first.branch_label.isVisible()
    assert first.branch_label.text() == "2/3"
    assert not second.branch_label.isVisible()
    with qtbot.waitSignal(view.branch_requested) as back:
        first.branch_previous.click()
    with qtbot.waitSignal(view.branch_requested) as forward:
        first.branch_next.click()
    assert back.args == [1, -1]
    assert forward.args == [1, 1]
    view.update_message(TranscriptMessage(id=1, role="user", text="Q", sibling_count=3))
    assert widget_of(view, 1).branch_label.text() == "1/3"
    assert not widget_of(view, 1).branch_previous.isEnabled()


def test_branch_to_new_conversation_from_the_more_menu(view: TranscriptView, qtbot: QtBot) -> None:
    view.append_message(TranscriptMessage(id=5, role="model", text="A"))
    menu = widget_of(view, 5).more_button.menu()
    assert menu is not None
    with qtbot.waitSignal(view.branch_to_new_conversation_requested) as signal:
        menu.actions()[0].trigger()
    assert signal.args == [5]


# -- copying -----------------------------------------------------------------------------


def test_copy_markdown_plain_text_and_each_code_block(view: TranscriptView) -> None:
    text = "Intro *x*\n\n```python\na = 1\n```\n\n```\n\nplain\n```\n"
    view.append_message(TranscriptMessage(id=1, role="model", text=text))
    widget = widget_of(view, 1)
    clipboard = QGuiApplication.clipboard()
    widget.copy_menu.aboutToShow.emit()
    labels = [action.text() for action in widget.copy_menu.actions() if action.text()]
    assert labels == [
        "Copy as Markdown",
        "Copy as plain text",
        "Copy code block 1 (python)",
        "Copy code block 2",
    ]
    widget.copy_menu.actions()[0].trigger()
    assert clipboard.text() == text
    widget.copy_menu.actions()[1].trigger()
    assert clipboard.text() == "Intro x\na = 1\n \nplain"
    code_actions = [a for a in widget.copy_menu.actions() if a.text().startswith("Copy code")]
    code_actions[1].trigger()
    assert clipboard.text() == "\nplain"
    code_actions[0].trigger()
    assert clipboard.text() == "a = 1"


def test_context_menu_code_block_text(view: TranscriptView) -> None:
    view.append_message(
        TranscriptMessage(id=1, role="model", text="x\n\n```\nline 1\n\nline 3\n```\n\ny\n")
    )
    body = widget_of(view, 1).body
    assert body is not None
    cursor = body.document().find("line 3")
    assert body.code_text_at(cursor) == "line 1\n \nline 3"
    assert body.code_text_at(body.document().find("y")) is None


def test_plain_text_of_a_message_not_yet_built(view: TranscriptView) -> None:
    view.set_messages(conversation(200))
    widget = widget_of(view, 1)
    assert not widget.is_materialized
    assert widget.plain_text() == full_plain_text(ANSWER * 6).replace("\u00a0", " ")


# -- attachments ---------------------------------------------------------------------


def test_user_attachments_as_thumbnails_and_file_chips(
    view: TranscriptView, tmp_path: Path
) -> None:
    image_path = tmp_path / "photo.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(image_path))
    attachments = (
        TranscriptAttachment("photo.png", "image/png", image_path.stat().st_size, image_path),
        TranscriptAttachment("report.pdf", "application/pdf", 2_400_000, None),
        TranscriptAttachment("gone.png", "image/png", 10, tmp_path / "missing.png"),
    )
    view.append_message(TranscriptMessage(id=1, role="user", text="See", attachments=attachments))
    chips = widget_of(view, 1).findChildren(AttachmentChip)
    assert [chip.attachment.name for chip in chips] == ["photo.png", "report.pdf", "gone.png"]
    assert [chip.has_thumbnail for chip in chips] == [True, False, False]
    labels = [label.text() for label in chips[1].findChildren(QLabel)]
    assert labels == ["report.pdf · 2.3 MB"]
    thumbnail = chips[0].findChildren(QLabel)[0].pixmap()
    assert max(thumbnail.width(), thumbnail.height()) == 96


# -- links -------------------------------------------------------------------------------


def click_text(qtbot: QtBot, view: TranscriptView, message_id: object, text: str) -> None:
    body = widget_of(view, message_id).body
    assert body is not None
    cursor = body.document().find(text)
    assert not cursor.isNull(), text
    rect = body.cursorRect(cursor)
    point = QPoint(rect.left() - 3, rect.center().y())
    qtbot.mouseClick(body.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_web_and_mail_links_open_on_click_only(
    view: TranscriptView, qtbot: QtBot, opener: RecordingOpener
) -> None:
    view.append_message(
        TranscriptMessage(
            id=1,
            role="model",
            text="[docs](https://example.com/docs) and [mail](mailto:me@example.com) here\n",
        )
    )
    qtbot.wait(20)
    assert opener.opened == []
    with qtbot.waitSignal(view.link_activated) as activated:
        click_text(qtbot, view, 1, "ocs")
    assert opener.opened == ["https://example.com/docs"]
    assert activated.args[0] == QUrl("https://example.com/docs")
    click_text(qtbot, view, 1, "ail")
    assert opener.opened[-1] == "mailto:me@example.com"


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "ftp://h/x", "qrc:/x"],
)
def test_other_schemes_are_never_opened(
    view: TranscriptView, opener: RecordingOpener, url: str
) -> None:
    view.append_message(TranscriptMessage(id=1, role="model", text="text"))
    body = widget_of(view, 1).body
    assert body is not None
    body.anchorClicked.emit(QUrl(url))  # as if a link had got into the document
    assert opener.opened == []


def test_javascript_links_in_model_output_are_not_links(
    view: TranscriptView, qtbot: QtBot, opener: RecordingOpener
) -> None:
    view.append_message(TranscriptMessage(id=1, role="model", text="[click me](javascript:x())\n"))
    body = widget_of(view, 1).body
    assert body is not None
    assert "javascript" not in body.toHtml().split("<body")[1].lower().replace(
        "[click me](javascript:x())", ""
    )
    click_text(qtbot, view, 1, "lick")
    assert opener.opened == []


# -- search, theme, editing the list ------------------------------------------------------------


def test_scroll_to_message_highlights_every_match(view: TranscriptView, qtbot: QtBot) -> None:
    messages = conversation(100)
    messages[40] = TranscriptMessage(id=40, role="user", text="find the needle, the NEEDLE")
    view.set_messages(messages)
    assert view.scroll_to_message(40, highlight="needle")
    widget = widget_of(view, 40)
    assert widget.body is not None
    selections = widget.body.extraSelections()
    assert [s.cursor.selectedText() for s in selections] == ["needle", "NEEDLE"]
    scroll = view.findChild(QScrollArea, "transcriptScroll")
    assert scroll is not None
    top = scroll.verticalScrollBar().value()
    assert widget.y() <= top + scroll.viewport().height()
    assert widget.y() + widget.height() >= top
    assert not view.scroll_to_message("missing")


def test_dark_theme_re_renders_code_with_dark_colours(view: TranscriptView) -> None:
    text = "```python\nx = 1\n```\n"
    view.append_message(TranscriptMessage(id=1, role="model", text=text))
    body = widget_of(view, 1).body
    assert body is not None
    assert LIGHT.code_background in body.toHtml()
    view.set_dark(True)
    assert view.is_dark()
    assert DARK.code_background in body.toHtml()
    assert LIGHT.code_background not in body.toHtml()


def test_update_remove_clear(view: TranscriptView) -> None:
    view.set_messages(conversation(4))
    view.update_message(TranscriptMessage(id=1, role="model", text="Replaced"))
    assert view.message(1) == TranscriptMessage(id=1, role="model", text="Replaced")
    view.remove_message(2)
    assert view.message_ids() == [0, 1, 3]
    with pytest.raises(ValueError, match="duplicate"):
        view.append_message(TranscriptMessage(id=3, role="user", text="again"))
    view.clear()
    assert view.message_ids() == []


# -- bounded work per frame --------------------------------------------------------

LONG_ANSWER = "".join(
    f"## Part {i}\n\nParagraph {i} with **bold** text.\n\n```python\nx = {i}\n```\n\n"
    for i in range(150)
)


def test_a_long_message_is_built_over_several_frames(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(
        [
            TranscriptMessage(id="q", role="user", text="Question?"),
            TranscriptMessage(id="a", role="model", text=LONG_ANSWER),
        ]
    )
    widget = widget_of(view, "a")
    assert widget.is_materialized
    assert widget.pending
    assert widget.body is not None
    assert widget.body.toPlainText() == ""  # nothing rendered inside set_messages
    # Meanwhile the message keeps its estimated height (no cascade of builds).
    assert widget.height() >= widget.minimumHeight() > 100
    qtbot.waitUntil(lambda: not widget.pending, timeout=10_000)
    assert widget.body.toPlainText() == full_plain_text(LONG_ANSWER)
    assert widget.minimumHeight() == 0


def test_updating_a_built_message_with_a_long_text_renders_it(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.set_messages([TranscriptMessage(id="a", role="model", text="short")])
    view.update_message(TranscriptMessage(id="a", role="model", text=LONG_ANSWER))
    widget = widget_of(view, "a")
    qtbot.waitUntil(lambda: not widget.pending, timeout=10_000)
    assert widget.body is not None
    assert widget.body.toPlainText() == full_plain_text(LONG_ANSWER)


def test_a_burst_of_text_is_shown_over_several_frames(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages([TranscriptMessage(id="q", role="user", text="Question?")])
    view.append_message(TranscriptMessage(id="a", role="model", status=MessageStatus.STREAMING))
    text = LONG_ANSWER * 4
    view.append_delta("a", text)  # a fast network: 40 KB in one event
    assert view.is_behind()
    body = widget_of(view, "a").body
    assert body is not None
    qtbot.waitUntil(lambda: len(body.toPlainText()) > 0, timeout=10_000)
    assert view.is_behind()  # one frame showed only part of it
    qtbot.waitUntil(lambda: not view.is_behind(), timeout=20_000)
    assert body.toPlainText() == full_plain_text(text)
    view.finish_message("a")
    assert body.toPlainText() == full_plain_text(text)


def test_scroll_to_message_builds_a_long_message_at_once(
    view: TranscriptView, qtbot: QtBot
) -> None:
    messages = conversation(60)
    messages[10] = TranscriptMessage(id=10, role="user", text=LONG_ANSWER + "\n\nneedle here\n")
    view.set_messages(messages)
    assert view.scroll_to_message(10, highlight="needle")
    widget = widget_of(view, 10)
    assert not widget.pending
    assert widget.body is not None
    assert len(widget.body.extraSelections()) == 1
