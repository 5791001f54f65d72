"""A plain-text stand-in for the transcript widget while ``TranscriptView`` is missing.

It implements the interface the window uses (:class:`TranscriptLike`), so the
window works whether or not the rich transcript package is installed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop_app.ui.transcript.message import MessageId, MessageStatus, TranscriptMessage


class TranscriptLike(Protocol):
    """What the main window needs from a transcript widget."""

    edit_requested: SignalInstance  # (message id, new text)
    regenerate_requested: SignalInstance  # (message id)
    retry_requested: SignalInstance  # (message id)
    branch_requested: SignalInstance  # (message id)
    sibling_requested: SignalInstance  # (message id, step -1 / +1)

    def set_messages(self, messages: Sequence[TranscriptMessage]) -> None: ...
    def add_message(self, message: TranscriptMessage) -> None: ...
    def update_message(self, message: TranscriptMessage) -> None: ...
    def append_text(self, message_id: MessageId, text: str) -> None: ...
    def append_thought(self, message_id: MessageId, text: str) -> None: ...
    def set_status(self, message_id: MessageId, status: MessageStatus) -> None: ...
    def messages(self) -> list[TranscriptMessage]: ...
    def scroll_to_message(self, message_id: MessageId, highlight: str = "") -> None: ...
    def scroll_to_bottom(self) -> None: ...
    def clear(self) -> None: ...


class FallbackTranscript(QPlainTextEdit):
    edit_requested = Signal(object, str)
    regenerate_requested = Signal(object)
    retry_requested = Signal(object)
    branch_requested = Signal(object)
    sibling_requested = Signal(object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self._messages: list[TranscriptMessage] = []

    def _render(self) -> None:
        parts = []
        for m in self._messages:
            who = self.tr("You") if m.is_user else self.tr("Gemini")
            nav = f" ‹ {m.sibling_index + 1}/{m.sibling_count} ›" if m.sibling_count > 1 else ""
            status = "" if m.status is MessageStatus.COMPLETE else f" [{m.status.value}]"
            parts.append(f"{who}{nav}{status}:\n{m.text}")
        self.setPlainText("\n\n".join(parts))

    def _index(self, message_id: MessageId) -> int:
        for i, m in enumerate(self._messages):
            if m.id == message_id:
                return i
        return -1

    def set_messages(self, messages: Sequence[TranscriptMessage]) -> None:
        self._messages = list(messages)
        self._render()

    def add_message(self, message: TranscriptMessage) -> None:
        self._messages.append(message)
        self._render()

    def update_message(self, message: TranscriptMessage) -> None:
        i = self._index(message.id)
        if i < 0:
            self._messages.append(message)
        else:
            self._messages[i] = message
        self._render()

    def append_text(self, message_id: MessageId, text: str) -> None:
        i = self._index(message_id)
        if i >= 0:
            m = self._messages[i]
            self._messages[i] = dataclasses.replace(
                m, text=m.text + text, status=MessageStatus.STREAMING
            )
            cursor = self.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            if i == len(self._messages) - 1:
                cursor.insertText(text)
            else:
                self._render()

    def append_thought(self, message_id: MessageId, text: str) -> None:
        i = self._index(message_id)
        if i >= 0:
            m = self._messages[i]
            self._messages[i] = dataclasses.replace(m, thoughts=m.thoughts + text)

    def set_status(self, message_id: MessageId, status: MessageStatus) -> None:
        i = self._index(message_id)
        if i >= 0:
            self._messages[i] = dataclasses.replace(self._messages[i], status=status)

    def messages(self) -> list[TranscriptMessage]:
        return list(self._messages)

    def scroll_to_message(self, message_id: MessageId, highlight: str = "") -> None:
        i = self._index(message_id)
        if i < 0:
            return
        if highlight and self.find(highlight.split()[0] if highlight.split() else highlight):
            return
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.find(self._messages[i].text[:40], QTextDocument.FindFlag(0))

    def scroll_to_bottom(self) -> None:
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.ensureCursorVisible()

    def clear(self) -> None:
        self._messages = []
        super().clear()
