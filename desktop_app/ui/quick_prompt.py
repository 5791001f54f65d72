"""The quick prompt: a small frameless, always-on-top window for one quick question.

It only shows and asks; :class:`desktop_app.ui.shell.Shell` connects it to the
conversation controller. Enter sends, the answer streams in place (rendered by
the transcript's renderer), Esc hides, Ctrl+V or a drop attaches, "Open in
window" hands the conversation to the main window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QKeySequence, QShortcut
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
from desktop_app.ui.activation import bring_to_front
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.composer.drafts import DraftStore
from desktop_app.ui.transcript.message import MessageStatus, TranscriptMessage
from desktop_app.ui.transcript.view import TranscriptView

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

        self.transcript = TranscriptView()
        self.transcript.setObjectName("quick-prompt-transcript")
        self.transcript.hide()
        self.composer = Composer(drafts=DraftStore(quick_drafts_path()))
        self.composer.set_conversation(QUICK_DRAFT_KEY)

        inner = QVBoxLayout(frame)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addLayout(header)
        inner.addWidget(self.transcript, 1)
        inner.addWidget(self.composer)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.resize(WIDTH, COLLAPSED_HEIGHT)

        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._connect_signals()

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
        height = EXPANDED_HEIGHT if self.transcript.isVisible() else COLLAPSED_HEIGHT
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

    def show_messages(self, messages: list[TranscriptMessage]) -> None:
        self.transcript.set_messages(messages)
        self._expand()

    def add_message(self, message: TranscriptMessage) -> None:
        self.transcript.add_message(message)
        self._expand()

    def append_delta(self, message_id: int, text: str) -> None:
        self.transcript.append_delta(message_id, text)

    def set_status(self, message_id: int, status: MessageStatus, error: str = "") -> None:
        self.transcript.set_status(message_id, status, error)

    def set_busy(self, busy: bool) -> None:
        """While the answer streams Send is Stop; afterwards the conversation can move."""
        self.composer.set_streaming(busy)
        self.open_button.setEnabled(self.conversation_id is not None)

    def reset(self) -> None:
        """An empty quick prompt: the next send starts a new conversation."""
        self.conversation_id = None
        self.transcript.clear()
        self.transcript.hide()
        self.open_button.setEnabled(False)
        self.composer.set_streaming(False)
        if self.isVisible():
            self.resize(WIDTH, COLLAPSED_HEIGHT)

    def _expand(self) -> None:
        if not self.transcript.isVisible():
            self.transcript.show()
            if self.isVisible():
                self.setGeometry(
                    centred_on_screen_under_cursor(WIDTH, EXPANDED_HEIGHT, self.geometry().center())
                )
