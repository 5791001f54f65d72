"""The quick prompt: a small frameless, always-on-top window for one quick question.

It only shows and asks; :class:`desktop_app.ui.shell.Shell` connects it to the
conversation controller. Enter sends, the answer streams in place (rendered by
the transcript's renderer), Esc hides, Ctrl+V or a drop attaches, "Open in
window" hands the conversation to the main window.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QCursor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import paths
from desktop_app.core.engine import Engine
from desktop_app.core.errors import EngineError
from desktop_app.core.preferences import Preferences
from desktop_app.store import StoreError
from desktop_app.ui.activation import bring_to_front
from desktop_app.ui.composer.attachments import PendingAttachment
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.composer.drafts import DraftStore
from desktop_app.ui.controller import ConversationController
from desktop_app.ui.i18n import display_error
from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView
from desktop_app.ui.window.conversation_view import sibling_position, to_transcript

log = logging.getLogger(__name__)

QUICK_DRAFT_KEY = "quick-prompt"
WIDTH = 640
COLLAPSED_HEIGHT = 120
EXPANDED_HEIGHT = 460


def quick_drafts_path() -> Path:
    # Its own file: the main window's DraftStore rewrites drafts.json whole.
    return paths.data_dir() / "quick-prompt-drafts.json"


def centred_on_screen_under_cursor(size_w: int, size_h: int, cursor: QPoint) -> QRect:
    """The rectangle of the given size centred on the available area of the cursor's screen."""
    screen = QGuiApplication.screenAt(cursor) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    w = min(size_w, area.width())
    h = min(size_h, area.height())
    rect = QRect(0, 0, w, h)
    rect.moveCenter(area.center())
    return rect


class QuickPrompt(QWidget):
    """A frameless always-on-top prompt with a live answer.

    Signals:
        send_requested(str, list): text and ``PendingAttachment`` list to send.
        stop_requested(): Stop pressed while the answer streams.
        open_in_window_requested(): move this conversation to the main window.
        new_requested(): start a fresh quick conversation.
        dismissed(): hidden by Esc or the close button.
    """

    send_requested = Signal(str, list)
    stop_requested = Signal()
    open_in_window_requested = Signal()
    new_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("quick-prompt")
        self.setWindowTitle(self.tr("Gemdesk quick prompt"))
        self.setAccessibleName(self.tr("Quick prompt"))
        self.setAcceptDrops(True)
        self._prefill_clipboard = False
        self.conversation_id: int | None = None

        frame = QFrame(self)
        frame.setObjectName("quick-prompt-frame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(self.tr("Quick prompt"))
        title.setObjectName("quick-prompt-title")
        self.new_button = QToolButton()
        self.new_button.setText(self.tr("New"))
        self.new_button.setToolTip(self.tr("Start a new quick conversation"))
        self.new_button.setAccessibleName(self.tr("New quick conversation"))
        self.open_button = QPushButton(self.tr("Open in window"))
        self.open_button.setObjectName("quick-prompt-open")
        self.open_button.setAccessibleName(self.tr("Open in window"))
        self.open_button.setEnabled(False)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Hide (Esc)"))
        self.close_button.setAccessibleName(self.tr("Hide the quick prompt"))
        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 4, 0)
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.new_button)
        header.addWidget(self.open_button)
        header.addWidget(self.close_button)

        # The main window's transcript widget: answers look the same in both places.
        self.transcript = TranscriptView(frame)
        self.transcript.setObjectName("quick-prompt-transcript")
        self.transcript.setAccessibleName(self.tr("Answer"))
        self.transcript.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("quick-prompt-error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        self.composer = Composer(drafts=DraftStore(quick_drafts_path()))
        self.composer.set_conversation(QUICK_DRAFT_KEY)

        inner = QVBoxLayout(frame)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addLayout(header)
        inner.addWidget(self.transcript, 1)
        inner.addWidget(self.error_label)
        inner.addWidget(self.composer)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.resize(WIDTH, COLLAPSED_HEIGHT)

        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._connect_signals()

    # Drops anywhere on the prompt (the answer, the header) attach like the composer does.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.composer.dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.composer.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.composer.dropEvent(event)

    def _connect_signals(self) -> None:
        self.composer.send_requested.connect(self.send_requested)
        self.composer.stop_requested.connect(self.stop_requested)
        self.open_button.clicked.connect(self.open_in_window_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.close_button.clicked.connect(self.dismiss)
        self._escape.activated.connect(self.dismiss)

    # -- showing -----------------------------------------------------------------

    def set_prefill_clipboard(self, enabled: bool) -> None:
        self._prefill_clipboard = enabled

    def popup(self) -> None:
        """Show centred on the screen under the mouse, focused and ready to type."""
        height = COLLAPSED_HEIGHT if self.transcript.isHidden() else EXPANDED_HEIGHT
        self.setGeometry(centred_on_screen_under_cursor(WIDTH, height, QCursor.pos()))
        if self._prefill_clipboard and not self.composer.is_streaming():
            self._prefill_from_clipboard()
        bring_to_front(self)
        self.composer.prompt.setFocus(Qt.FocusReason.PopupFocusReason)

    def dismiss(self) -> None:
        if self.isVisible():
            self.composer.save_draft()
            self.hide()
            self.dismissed.emit()

    def _prefill_from_clipboard(self) -> None:
        """Clipboard text goes into an empty prompt; an image becomes an attachment."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime.hasImage() or any(u.isLocalFile() for u in mime.urls()):
            if not self.composer.attachments():
                self.composer.handle_mime(mime)
        elif mime.hasText() and not self.composer.text().strip():
            self.composer.set_text(mime.text())

    # -- the conversation ----------------------------------------------------------

    def add_message(self, message: TranscriptMessage) -> None:
        self.transcript.append_message(message)
        self._expand()
        self.transcript.scroll_to_bottom()

    def update_message(self, message: TranscriptMessage) -> None:
        self.transcript.update_message(message)

    def append_text(self, message_id: int, text: str) -> None:
        self.transcript.append_delta(message_id, text)

    def set_status(self, message_id: int, status: MessageStatus) -> None:
        shown = self.transcript.message(message_id)
        if shown is not None and shown.status is not status:
            self.transcript.flush_pending()
            current = self.transcript.message(message_id) or shown
            self.transcript.update_message(dataclasses.replace(current, status=status))

    def shown_messages(self) -> list[TranscriptMessage]:
        """The messages on screen, in order (streamed text included)."""
        found = (self.transcript.message(i) for i in self.transcript.message_ids())
        return [m for m in found if m is not None]

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def set_busy(self, busy: bool) -> None:
        """While the answer streams Send is Stop; afterwards the conversation can move."""
        self.composer.set_streaming(busy)
        # Only an idle conversation moves: the window's controller cannot adopt a stream.
        self.open_button.setEnabled(not busy and self.conversation_id is not None)

    def reset(self) -> None:
        """An empty quick prompt: the next send starts a new conversation."""
        self.conversation_id = None
        self.transcript.clear()
        self.transcript.hide()
        self.show_error("")
        self.open_button.setEnabled(False)
        self.composer.set_streaming(False)
        if self.isVisible():
            self.resize(WIDTH, COLLAPSED_HEIGHT)

    def _expand(self) -> None:
        if self.transcript.isHidden():
            self.transcript.show()
            if self.isVisible():
                self.setGeometry(
                    centred_on_screen_under_cursor(WIDTH, EXPANDED_HEIGHT, self.geometry().center())
                )


class QuickPromptController(QObject):
    """Runs the quick prompt's conversation on the shared engine.

    Its own :class:`ConversationController`, because the main window's one only
    streams the conversation the window shows. Each quick prompt is a normal
    conversation in the history, created with ``quick=True``.

    Signals:
        open_in_window(int): show this conversation in the main window.
        answer_finished(int, str): conversation id, final status of an answer.
    """

    open_in_window = Signal(int)
    answer_finished = Signal(int, str)

    def __init__(
        self,
        widget: QuickPrompt,
        engine: Engine,
        preferences: Callable[[], Preferences],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.widget = widget
        self.engine = engine
        self._preferences = preferences
        self.controller = ConversationController(engine, self)
        self._pending = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        w, c = self.widget, self.controller
        w.send_requested.connect(self.send)
        w.stop_requested.connect(self.stop)
        w.open_in_window_requested.connect(self._on_open_in_window)
        w.new_requested.connect(self.new_conversation)
        c.turn_started.connect(self._on_turn_started)
        c.delta.connect(self._on_delta)
        c.status_changed.connect(self._on_status_changed)
        c.failed.connect(self._on_failed)
        c.refused.connect(self._on_refused)
        c.finished.connect(self._on_finished)
        c.busy_changed.connect(self._on_busy_changed)
        w.transcript.retry_requested.connect(self._retry)
        w.transcript.regenerate_requested.connect(self._regenerate)
        # Editing and branching need the full window: take the conversation there.
        w.transcript.edit_requested.connect(self._on_open_in_window)
        w.transcript.branch_requested.connect(self._on_open_in_window)
        w.transcript.branch_to_new_conversation_requested.connect(self._on_open_in_window)

    @property
    def conversation_id(self) -> int | None:
        return self.widget.conversation_id

    def is_busy(self) -> bool:
        cid = self.conversation_id
        return cid is not None and self.controller.is_busy(cid)

    def send(self, text: str, attachments: list[PendingAttachment]) -> None:
        self.widget.show_error("")
        cid = self.conversation_id
        if cid is None:
            try:
                session = self.engine.new_conversation(
                    self._preferences().conversation_defaults(), quick=True
                )
            except (StoreError, EngineError) as exc:
                self.widget.show_error(display_error(exc))
                return
            cid = session.conversation_id
            self.widget.conversation_id = cid
            self.controller.set_visible(cid)
            log.info("quick prompt started conversation %d", cid)
        self._pending = True
        self.widget.composer.begin_sending()
        self.controller.send(cid, text, [a.path for a in attachments])

    def stop(self) -> None:
        if self.conversation_id is not None:
            self.controller.stop(self.conversation_id)

    def _retry(self, message_id: object) -> None:
        if self.conversation_id is not None and isinstance(message_id, int):
            self.widget.show_error("")
            self.controller.retry(self.conversation_id, message_id)

    def _regenerate(self, message_id: object) -> None:
        if self.conversation_id is not None and isinstance(message_id, int):
            self.controller.regenerate(self.conversation_id, message_id)

    def new_conversation(self) -> None:
        """Leave the current quick conversation (it stays in the history)."""
        self.stop()
        self.controller.set_visible(None)
        self.widget.reset()

    def _on_open_in_window(self, *_: object) -> None:
        cid = self.conversation_id
        if cid is None or self.is_busy():
            return
        self.new_conversation()
        self.widget.dismiss()
        self.open_in_window.emit(cid)

    async def shutdown(self) -> None:
        """Stop the answer (the engine saves it as stopped) and wait for the turn to end."""
        self.widget.composer.save_draft()
        self.controller.stop_all()
        await self.controller.wait_idle()

    # -- controller events -------------------------------------------------------------

    def _mine(self, cid: int) -> bool:
        return cid == self.conversation_id

    def _message(self, message_id: int) -> TranscriptMessage | None:
        try:
            message = self.engine.store.get_message(message_id)
            index, count = sibling_position(self.engine.store, message_id)
        except StoreError:
            return None
        return to_transcript(message, index, count)

    def _on_turn_started(self, cid: int, user_id: int, model_id: int) -> None:
        if not self._mine(cid):
            return
        if self._pending:
            self._pending = False
            self.widget.composer.end_sending(accepted=True)
            self.widget.set_busy(True)
        for message_id in (user_id, model_id):
            message = self._message(message_id)
            if message is not None:
                self.widget.add_message(message)

    def _on_delta(self, cid: int, message_id: int, text: str) -> None:
        if self._mine(cid):
            self.widget.append_text(message_id, text)

    def _on_status_changed(self, cid: int, message_id: int, status: str) -> None:
        if self._mine(cid) and status in {s.value for s in MessageStatus}:
            self.widget.set_status(message_id, MessageStatus(status))

    def _on_failed(self, cid: int, message_id: int, message: str, retryable: bool) -> None:
        if self._mine(cid):
            self.widget.show_error(message)

    def _on_refused(self, cid: int, message: str) -> None:
        if not self._mine(cid):
            return
        if self._pending:
            self._pending = False
            self.widget.composer.end_sending(accepted=False)
            self.widget.set_busy(False)
        self.widget.show_error(message)

    def _on_finished(self, cid: int, message_id: int, status: str) -> None:
        if self._pending and self._mine(cid):
            self._pending = False
            self.widget.composer.end_sending(accepted=False)
        if self._mine(cid) and message_id >= 0:
            message = self._message(message_id)
            if message is not None:
                self.widget.update_message(message)
        self.answer_finished.emit(cid, status)

    def _on_busy_changed(self, cid: int, busy: bool) -> None:
        if self._mine(cid):
            self.widget.set_busy(busy)
