"""One message in the transcript: header actions, thinking, attachments, body.

A widget starts as a cheap placeholder of estimated height and builds its
children only when :meth:`materialize` is called (when it scrolls into view),
so opening a long conversation costs little more than its visible part.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.render.document import StreamingDocument
from desktop_app.render.markdown import code_blocks, render_markdown
from desktop_app.render.palette import LIGHT, Palette
from desktop_app.ui.transcript.attachments import AttachmentChip
from desktop_app.ui.transcript.body import MessageBody
from desktop_app.ui.transcript.message import MessageId, MessageStatus, TranscriptMessage

HEADER_HEIGHT = 28
LINE_HEIGHT = 20
AVERAGE_CHAR_WIDTH = 7.5
# Beyond this many characters a message is shown cut (copying still gives all):
# Qt needs about a second per MB to lay text out; nobody reads megabytes here.
DISPLAY_LIMIT = 300_000
# Longer messages are built over several frames when they come into view
# (an 8 KB message takes tens of ms to render and lay out at once).
PROGRESSIVE_CHARS = 4096
BUSY = frozenset({MessageStatus.STREAMING, MessageStatus.SENDING, MessageStatus.UPLOADING})
RETRYABLE = frozenset({MessageStatus.STOPPED, MessageStatus.INCOMPLETE, MessageStatus.ERROR})


def estimate_height(message: TranscriptMessage, width: int) -> int:
    """A cheap guess of the rendered height, used until the message is laid out."""
    chars_per_line = max(20, int(max(width, 200) / AVERAGE_CHAR_WIDTH))
    text = message.text
    lines = text.count("\n") + len(text) // chars_per_line + 1
    extra = HEADER_HEIGHT + (40 if message.attachments else 0) + (24 if message.thoughts else 0)
    return extra + lines * LINE_HEIGHT


def upload_status_text(files: int, fraction: float) -> str:
    """ "Uploading 2 files… 45 %" while the turn's files upload; "Sending…" once they are up."""
    if files <= 0:
        return QCoreApplication.translate("Transcript", "Uploading files…")
    if fraction >= 1.0:
        return QCoreApplication.translate("Transcript", "Sending…")
    percent = int(max(0.0, fraction) * 100)
    if files == 1:
        text = QCoreApplication.translate("Transcript", "Uploading 1 file… {percent} %")
    else:
        text = QCoreApplication.translate("Transcript", "Uploading {count} files… {percent} %")
    return text.format(count=files, percent=percent)


def usage_tooltip(usage: Mapping[str, int] | None, model: str = "") -> str:
    if not usage and not model:
        return ""
    rows = []
    if model:
        rows.append(QCoreApplication.translate("Transcript", "Model: {model}").format(model=model))
    labels = (
        ("input_tokens", QCoreApplication.translate("Transcript", "Input tokens: {n}")),
        ("output_tokens", QCoreApplication.translate("Transcript", "Output tokens: {n}")),
        ("thought_tokens", QCoreApplication.translate("Transcript", "Thinking tokens: {n}")),
        ("total_tokens", QCoreApplication.translate("Transcript", "Total tokens: {n}")),
    )
    for key, label in labels:
        if usage and key in usage:
            rows.append(label.format(n=f"{usage[key]:,}"))
    return "\n".join(rows)


class MessageWidget(QFrame):
    """Signals:
    retry_requested(object), regenerate_requested(object), edit_requested(object),
    branch_requested(object, int), branch_to_new_conversation_requested(object),
    link_clicked(QUrl).
    """

    retry_requested = Signal(object)
    regenerate_requested = Signal(object)
    edit_requested = Signal(object)
    branch_requested = Signal(object, int)
    branch_to_new_conversation_requested = Signal(object)
    link_clicked = Signal(QUrl)

    def __init__(
        self,
        message: TranscriptMessage,
        palette: Palette = LIGHT,
        width_hint: int = 700,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("userMessage" if message.is_user else "modelMessage")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._message = message
        self._text_parts = [message.text] if message.text else []
        self._thought_parts = [message.thoughts] if message.thoughts else []
        self._palette = palette
        self._materialized = False
        self._holding_height = False  # the placeholder height, while built progressively
        self.body: MessageBody | None = None
        self.thoughts_body: MessageBody | None = None
        self._stream: StreamingDocument | None = None
        self._shown = 0  # characters handed to the body document (≤ DISPLAY_LIMIT)
        self._thought_stream: StreamingDocument | None = None
        self._chips: list[AttachmentChip] = []
        # Upload state, kept across rebuilds: progress per attachment name (user
        # message) and (files, overall fraction) of the turn's uploads (answer).
        self._attachment_progress: dict[str, float] = {}
        self._upload: tuple[int, float] | None = None
        self.setFixedHeight(estimate_height(message, width_hint))

    # -- state ------------------------------------------------------------------

    @property
    def message_id(self) -> MessageId:
        return self._message.id

    @property
    def message(self) -> TranscriptMessage:
        """The message as shown now, streamed text included."""
        text = "".join(self._text_parts)
        thoughts = "".join(self._thought_parts)
        if len(self._text_parts) > 1:
            self._text_parts = [text]
        if len(self._thought_parts) > 1:
            self._thought_parts = [thoughts]
        return dataclasses.replace(self._message, text=text, thoughts=thoughts)

    @property
    def is_materialized(self) -> bool:
        return self._materialized

    @property
    def pending(self) -> bool:
        """Text is waiting to be shown: call :meth:`flush` (once a frame) until False."""
        return any(
            stream is not None and stream.dirty for stream in (self._stream, self._thought_stream)
        )

    def set_message(self, message: TranscriptMessage) -> None:
        self._message = message
        self._text_parts = [message.text] if message.text else []
        self._thought_parts = [message.thoughts] if message.thoughts else []
        if self._materialized:
            self._rebuild()
        else:
            self.setFixedHeight(estimate_height(message, max(self.width(), 200)))

    def set_status(self, status: MessageStatus) -> None:
        """A change of state alone (sending -> uploading -> streaming): the header and
        status line follow, the text is not rendered again (set_message rebuilds)."""
        self._message = dataclasses.replace(self._message, status=status)
        if self._materialized:
            self._update_chrome()
            self._update_thinking()

    def set_attachment_progress(self, name: str, fraction: float | None) -> None:
        """Upload progress of this (user) message's attachment *name*; None clears it."""
        if fraction is None:
            self._attachment_progress.pop(name, None)
        else:
            self._attachment_progress[name] = fraction
        for chip in self._chips:
            if chip.attachment.name == name:
                chip.set_progress(fraction)

    def clear_attachment_progress(self) -> None:
        for name in list(self._attachment_progress):
            self.set_attachment_progress(name, None)

    def attachment_progress(self) -> dict[str, float]:
        return dict(self._attachment_progress)

    def set_upload_summary(self, files: int, fraction: float) -> None:
        """This answer waits for *files* uploads, *fraction* of their bytes sent."""
        self._upload = (files, fraction)
        if self._materialized and self._message.status is MessageStatus.UPLOADING:
            self._update_chrome()

    def status_text(self) -> str:
        """The state line under the message ("Sending…", "Error: …"), as shown."""
        return self.status_label.text() if self._materialized else ""

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        if self._stream is not None:
            self._stream.set_palette(palette)
        if self._thought_stream is not None:
            self._thought_stream.set_palette(palette)

    def append_text(self, delta: str) -> None:
        first = not self._text_parts
        self._text_parts.append(delta)
        if self._stream is None:
            return
        if first and self._thought_parts:
            self._update_thinking()  # the answer has begun: no longer "Thinking…"
        room = DISPLAY_LIMIT - self._shown
        if room > 0:
            self._stream.append(delta[:room])
            self._shown += min(len(delta), room)
        if len(delta) > room:
            self.truncated_label.show()

    def append_thoughts(self, delta: str) -> None:
        self._thought_parts.append(delta)
        if self._thought_stream is not None:
            self._thought_stream.append(delta)
        elif self._materialized:
            self._update_thinking()

    def flush(self, budget_s: float | None = None) -> bool:
        """Show what was appended since the last flush (called at most once a frame).

        With *budget_s* (CPU seconds) a burst is shown over several calls;
        returns whether text is still waiting to be shown.
        """
        if self._stream is not None and self.body is not None:
            with self.body.batched_height():
                self._stream.flush(budget_s)
        if self._thought_stream is not None and self.thoughts_body is not None:
            with self.thoughts_body.batched_height():
                self._thought_stream.flush(budget_s)
        pending = self.pending
        if self._holding_height and not pending:
            self._holding_height = False
            self.setMinimumHeight(0)
        return pending

    def finish(
        self, status: MessageStatus, error: str = "", usage: Mapping[str, int] | None = None
    ) -> None:
        """Set the final state and show all the text (the pacer keeps what is left small)."""
        self._message = dataclasses.replace(
            self.message,
            status=status,
            error=error,
            usage=usage if usage is not None else self._message.usage,
        )
        self.flush()
        if self._materialized:
            self._update_chrome()
            self._update_thinking()

    def plain_text(self) -> str:
        if self._stream is not None:
            self._stream.flush()
            text = self._stream.document.toPlainText()
        else:
            document = QTextDocument()
            document.setHtml(render_markdown(self.message.text, self._palette))
            text = document.toPlainText()
        # No-break fillers and the zero-width wrap points are display-only.
        return text.replace("\u00a0", " ").replace("\u200b", "")

    # -- building ------------------------------------------------------------

    def materialize(self) -> None:
        if self._materialized:
            return
        self._materialized = True
        self._build()

    def release(self) -> bool:
        """Drop the built children (far out of view) and become a placeholder again."""
        if not self._materialized or self._message.status in BUSY:
            return False
        height = self.height()
        self._teardown()
        self._materialized = False
        self.setFixedHeight(height)  # the measured height is the best estimate
        return True

    def _teardown(self) -> None:
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.hide()
            child.deleteLater()
        layout = self.layout()
        if layout is not None:
            QWidget().setLayout(layout)  # reparent the old layout to a throw-away widget
        self._stream = self._thought_stream = None
        self.body = self.thoughts_body = None
        self._chips = []
        self._holding_height = False

    def _rebuild(self) -> None:
        self._teardown()
        self._build()

    def _build(self) -> None:
        message = self._message
        estimate = self.height()
        self.setMinimumHeight(0)
        self.setMaximumHeight(16777215)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(self._build_header())

        self.thinking_button = QToolButton(self)
        self.thinking_button.setObjectName("thinkingToggle")
        self.thinking_button.setCheckable(True)
        self.thinking_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.thinking_button.setArrowType(Qt.ArrowType.RightArrow)
        self.thinking_button.setAutoRaise(True)
        self.thinking_button.toggled.connect(self._toggle_thinking)
        layout.addWidget(self.thinking_button)
        self._thinking_index = layout.count()  # where the thoughts body goes when needed

        if message.attachments:
            row = QHBoxLayout()
            row.setSpacing(6)
            for attachment in message.attachments:
                chip = AttachmentChip(attachment, self)
                chip.set_progress(self._attachment_progress.get(attachment.name))
                self._chips.append(chip)
                row.addWidget(chip)
            row.addStretch(1)
            layout.addLayout(row)

        self.body = MessageBody(self)
        self.body.setObjectName("messageBody")
        self.body.link_clicked.connect(self.link_clicked)
        layout.addWidget(self.body)
        self.truncated_label = QLabel(
            QCoreApplication.translate(
                "Transcript", "Showing the first {n} characters; copy the message to get all of it."
            ).format(n=f"{DISPLAY_LIMIT:,}"),
            self,
        )
        self.truncated_label.setObjectName("truncatedLabel")
        self.truncated_label.hide()
        layout.addWidget(self.truncated_label)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.retry_button = QToolButton(self)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setText(QCoreApplication.translate("Transcript", "Retry"))
        self.retry_button.clicked.connect(lambda: self.retry_requested.emit(self.message_id))
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.retry_button)
        layout.addLayout(status_row)
        self.body.show()
        self._update_thinking()
        self._update_chrome()
        # Give the body its real width before rendering: every width change
        # lays the whole document out again.
        # (New children are still hidden, so the layout can't tell; work it out.)
        margins = layout.contentsMargins()
        self.body.set_wrap_width(self.contentsRect().width() - margins.left() - margins.right())
        self._stream = StreamingDocument(self.body.document(), self._palette)
        text = self.message.text
        self._shown = min(len(text), DISPLAY_LIMIT)
        if self._shown > PROGRESSIVE_CHARS:
            # Built by the owner's budgeted flushes over a few frames (see pending).
            # Meanwhile keep the placeholder's height: a collapsed message would
            # bring more messages into view, each then built too.
            self._stream.set_text_progressively(text[:DISPLAY_LIMIT])
            self.setMinimumHeight(estimate)
            self._holding_height = True
        else:
            self._stream.set_text(text[:DISPLAY_LIMIT])
        self.truncated_label.setVisible(len(text) > DISPLAY_LIMIT)

    def _build_header(self) -> QHBoxLayout:
        message = self._message
        header = QHBoxLayout()
        header.setSpacing(2)
        self.role_label = QLabel(
            QCoreApplication.translate("Transcript", "You")
            if message.is_user
            else QCoreApplication.translate("Transcript", "Gemini"),
            self,
        )
        self.role_label.setObjectName("roleLabel")
        font = self.role_label.font()
        font.setBold(True)
        self.role_label.setFont(font)
        header.addWidget(self.role_label)

        self.branch_previous = self._tool(
            "branchPrevious", "‹", QCoreApplication.translate("Transcript", "Previous version")
        )
        self.branch_label = QLabel(self)
        self.branch_label.setObjectName("branchLabel")
        self.branch_next = self._tool(
            "branchNext", "›", QCoreApplication.translate("Transcript", "Next version")
        )
        self.branch_previous.clicked.connect(
            lambda: self.branch_requested.emit(self.message_id, -1)
        )
        self.branch_next.clicked.connect(lambda: self.branch_requested.emit(self.message_id, 1))
        for widget in (self.branch_previous, self.branch_label, self.branch_next):
            header.addWidget(widget)
        header.addStretch(1)

        self.copy_button = self._tool(
            "copyButton",
            QCoreApplication.translate("Transcript", "Copy"),
            QCoreApplication.translate("Transcript", "Copy this message"),
        )
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.copy_menu = QMenu(self.copy_button)
        self.copy_menu.aboutToShow.connect(self._fill_copy_menu)
        self.copy_button.setMenu(self.copy_menu)
        header.addWidget(self.copy_button)
        if message.is_user:
            self.action_button = self._tool(
                "editButton",
                QCoreApplication.translate("Transcript", "Edit"),
                QCoreApplication.translate("Transcript", "Edit and resend"),
            )
            self.action_button.clicked.connect(lambda: self.edit_requested.emit(self.message_id))
        else:
            self.action_button = self._tool(
                "regenerateButton",
                QCoreApplication.translate("Transcript", "Regenerate"),
                QCoreApplication.translate("Transcript", "Generate another answer"),
            )
            self.action_button.clicked.connect(
                lambda: self.regenerate_requested.emit(self.message_id)
            )
        header.addWidget(self.action_button)
        self.more_button = self._tool(
            "moreButton", "⋯", QCoreApplication.translate("Transcript", "More actions")
        )
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        branch_action = more.addAction(
            QCoreApplication.translate("Transcript", "Branch to a new conversation")
        )
        branch_action.triggered.connect(
            lambda: self.branch_to_new_conversation_requested.emit(self.message_id)
        )
        self.more_button.setMenu(more)
        header.addWidget(self.more_button)
        return header

    def _tool(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # -- updates -------------------------------------------------------------

    def _update_chrome(self) -> None:
        message = self._message
        busy = message.status in BUSY
        show_branch = message.sibling_count > 1
        for widget in (self.branch_previous, self.branch_label, self.branch_next):
            widget.setVisible(show_branch)
        if show_branch:
            self.branch_label.setText(f"{message.sibling_index + 1}/{message.sibling_count}")
            self.branch_previous.setEnabled(message.sibling_index > 0)
            self.branch_next.setEnabled(message.sibling_index < message.sibling_count - 1)
        self.action_button.setEnabled(not busy)
        texts = {
            MessageStatus.STOPPED: QCoreApplication.translate("Transcript", "Stopped"),
            MessageStatus.INCOMPLETE: QCoreApplication.translate("Transcript", "Incomplete answer"),
            MessageStatus.ERROR: QCoreApplication.translate("Transcript", "Error"),
            MessageStatus.SENDING: QCoreApplication.translate("Transcript", "Sending…"),
        }
        status = texts.get(message.status, "")
        if message.status is MessageStatus.UPLOADING:
            status = upload_status_text(*(self._upload or (0, 0.0)))
        if message.error:
            status = f"{status}: {message.error}" if status else message.error
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self.retry_button.setVisible(message.status in RETRYABLE)
        tip = usage_tooltip(message.usage, message.model)
        self.role_label.setToolTip(tip)
        if self.body is not None:
            self.body.setToolTip(tip)

    def _update_thinking(self) -> None:
        has_thoughts = any(self._thought_parts)
        self.thinking_button.setVisible(has_thoughts)
        if has_thoughts and self.thoughts_body is None:
            self.thoughts_body = MessageBody(self)
            self.thoughts_body.setObjectName("thoughtsBody")
            self.thoughts_body.link_clicked.connect(self.link_clicked)
            self.thoughts_body.hide()
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(self._thinking_index, self.thoughts_body)
        streaming = self._message.status == MessageStatus.STREAMING and not any(self._text_parts)
        self.thinking_button.setText(
            QCoreApplication.translate("Transcript", "Thinking…")
            if streaming
            else QCoreApplication.translate("Transcript", "Thinking")
        )

    def _toggle_thinking(self, shown: bool) -> None:
        assert self.thoughts_body is not None
        self.thinking_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        if shown and self._thought_stream is None:
            self._thought_stream = StreamingDocument(self.thoughts_body.document(), self._palette)
            self._thought_stream.set_text("".join(self._thought_parts))
        self.thoughts_body.setVisible(shown)

    def _fill_copy_menu(self) -> None:
        menu = self.copy_menu
        menu.clear()
        markdown = menu.addAction(QCoreApplication.translate("Transcript", "Copy as Markdown"))
        markdown.triggered.connect(lambda: self.copy_to_clipboard("markdown"))
        plain = menu.addAction(QCoreApplication.translate("Transcript", "Copy as plain text"))
        plain.triggered.connect(lambda: self.copy_to_clipboard("plain"))
        blocks = code_blocks(self.message.text)
        if blocks:
            menu.addSeparator()
        for number, block in enumerate(blocks, start=1):
            label = QCoreApplication.translate("Transcript", "Copy code block {n}").format(n=number)
            if block.language:
                label += f" ({block.language})"
            action = menu.addAction(label)
            action.triggered.connect(
                lambda _=False, code=block.code: QGuiApplication.clipboard().setText(code)
            )

    def copy_to_clipboard(self, what: str, index: int = 0) -> str:
        """Copy "markdown", "plain" or code block *index* ("code"); returns the text."""
        if what == "markdown":
            text = self.message.text
        elif what == "plain":
            text = self.plain_text()
        else:
            text = code_blocks(self.message.text)[index].code
        QGuiApplication.clipboard().setText(text)
        return text
