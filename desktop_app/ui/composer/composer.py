"""The composer: prompt, attachments (drop, paste, picker), Send/Stop, persistent drafts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.composer.attachments import (
    AttachmentArea,
    AttachmentValidator,
    PendingAttachment,
    default_validator,
    guess_mime,
)
from desktop_app.ui.composer.drafts import (
    NEW_CONVERSATION,
    Draft,
    DraftAttachment,
    DraftStore,
    new_pasted_path,
)
from desktop_app.ui.composer.prompt_edit import PromptEdit, SendKey

_DRAFT_SAVE_DELAY_MS = 400


class Composer(QWidget):
    """Where the user writes the next turn.

    The draft (text + attachments) is saved per conversation key while typing and
    restored by :meth:`set_conversation`, so it survives switching and restarts.

    Signals:
        send_requested(str, list): the prompt text and its ``PendingAttachment`` list.
        edit_submitted(int, str): while editing a sent message, its id and new text.
        stop_requested(): Stop pressed (or Esc) while an answer streams.
        attachments_changed(): a chip was added or removed.
    """

    send_requested = Signal(str, list)
    edit_submitted = Signal(int, str)
    stop_requested = Signal()
    attachments_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        drafts: DraftStore | None = None,
        validator: AttachmentValidator | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message composer"))
        self.setAcceptDrops(True)
        self._drafts = drafts if drafts is not None else DraftStore()
        self._validator: AttachmentValidator = validator or default_validator
        self._key = NEW_CONVERSATION
        self._attachments: dict[str, PendingAttachment] = {}
        self._streaming = False
        self._restoring = False
        self._editing: int | None = None
        self._stash: tuple[str, list[PendingAttachment]] | None = None
        self._blocked = ""  # why sending is impossible now (no API key), or ""

        self.edit_banner = QFrame(self)
        self.edit_banner.setObjectName("editBanner")
        self.edit_label = QLabel(self.tr("Editing your message: sending makes a new branch."))
        self.edit_cancel = QPushButton(self.tr("Cancel edit"), self.edit_banner)
        self.edit_cancel.setAccessibleName(self.tr("Cancel edit"))
        banner = QHBoxLayout(self.edit_banner)
        banner.setContentsMargins(0, 0, 0, 0)
        banner.addWidget(self.edit_label, 1)
        banner.addWidget(self.edit_cancel)
        self.edit_banner.hide()
        self.blocked_label = QLabel(self)
        self.blocked_label.setObjectName("sendBlockedHint")
        self.blocked_label.setWordWrap(True)
        self.blocked_label.setAccessibleName(self.tr("Why sending is not possible"))
        self.blocked_label.hide()
        self.attachment_area = AttachmentArea(self)
        self.prompt = PromptEdit(self)
        self.prompt.setObjectName("prompt")
        self.prompt.setAccessibleName(self.tr("Message"))
        self.prompt.setPlaceholderText(self.tr("Ask Gemini…"))
        self.attach_button = QToolButton(self)
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setToolTip(self.tr("Attach files"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setDefault(False)
        self.send_button.setAutoDefault(False)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.prompt, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.edit_banner)
        layout.addWidget(self.blocked_label)
        layout.addWidget(self.attachment_area)
        layout.addLayout(row)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_DRAFT_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_draft)
        self._connect_signals()
        self.setTabOrder(self.prompt, self.attach_button)
        self.setTabOrder(self.attach_button, self.send_button)
        self._load_draft(self._key)

    def _connect_signals(self) -> None:
        self.prompt.submit_requested.connect(self.submit)
        self.prompt.files_pasted.connect(self._on_files_pasted)
        self.prompt.image_pasted.connect(self.add_image)
        self.prompt.textChanged.connect(self._schedule_save)
        self.attach_button.clicked.connect(self.open_picker)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.attachment_area.remove_requested.connect(self.remove_attachment)
        self.edit_cancel.clicked.connect(self.cancel_edit)
        self.prompt.escape_pressed.connect(self.cancel_edit)

    # -- public API -------------------------------------------------------------------------

    def text(self) -> str:
        return self.prompt.toPlainText()

    def set_text(self, text: str) -> None:
        self.prompt.setPlainText(text)
        self.prompt.moveCursor(self.prompt.textCursor().MoveOperation.End)

    def attachments(self) -> list[PendingAttachment]:
        return list(self._attachments.values())

    def conversation_key(self) -> str:
        return self._key

    def set_send_key(self, key: SendKey | str) -> None:
        self.prompt.set_send_key(key)

    def set_validator(self, validator: AttachmentValidator) -> None:
        self._validator = validator

    def is_streaming(self) -> bool:
        return self._streaming

    def set_streaming(self, streaming: bool) -> None:
        """While an answer streams, Send becomes Stop."""
        self._streaming = streaming
        label = self.tr("Stop") if streaming else self.tr("Send")
        self.send_button.setText(label)
        self.send_button.setAccessibleName(label)
        self.send_button.setToolTip(self.tr("Stop the answer (Esc)") if streaming else label)
        for chip in self.attachment_area.chips():
            chip.set_busy(streaming)
        self._apply_blocked()

    def set_send_blocked(self, reason: str) -> None:
        """Sending is impossible for *reason* (shown above the prompt); "" allows it again.

        The draft stays editable (text and attachments are kept for later).
        """
        self._blocked = reason
        self.blocked_label.setText(reason)
        self.blocked_label.setVisible(bool(reason))
        self._apply_blocked()

    def send_blocked(self) -> str:
        return self._blocked

    def _apply_blocked(self) -> None:
        blocked = bool(self._blocked) and not self._streaming
        self.send_button.setEnabled(not blocked)
        if blocked:
            self.send_button.setToolTip(self._blocked)

    def set_conversation(self, key: str) -> None:
        """Save the current draft under the old key and show the draft of *key*."""
        if key == self._key:
            return
        self.cancel_edit()
        self.save_draft()
        self._key = key
        self._load_draft(key)

    def rekey(self, new_key: str) -> None:
        """The unsaved chat got an id: its draft follows it."""
        self._save_timer.stop()
        self._drafts.move(self._key, new_key)
        self._key = new_key

    def clear(self) -> None:
        """Empty the composer after the turn was handed to the engine."""
        self._restoring = True
        try:
            self.prompt.clear()
            self._attachments.clear()
            self.attachment_area.clear()
        finally:
            self._restoring = False
        self._save_timer.stop()
        self._drafts.discard(self._key)
        self.attachments_changed.emit()

    def restore(self, text: str, attachments: list[PendingAttachment]) -> None:
        """Put a turn that could not be sent back, in front of whatever is there now."""
        current = self.text()
        merged = text if not current.strip() else f"{text}\n{current}"
        self.set_text(merged)
        for attachment in attachments:
            if attachment.key not in self._attachments:
                self._add(attachment)
        self.save_draft()

    def begin_sending(self) -> None:
        """The turn went to the engine: frozen until it is stored (then :meth:`end_sending`)."""
        self.save_draft()
        self.prompt.setReadOnly(True)
        self.attach_button.setEnabled(False)
        self.set_streaming(True)

    def end_sending(self, *, accepted: bool) -> None:
        """The engine took the turn (it is in the history): empty; else give it back."""
        self.prompt.setReadOnly(False)
        self.attach_button.setEnabled(True)
        if accepted:
            self.clear()

    def set_progress(self, key: str, fraction: float) -> None:
        chip = self.attachment_area.chip(key)
        if chip is not None:
            chip.set_progress(fraction)

    def show_attachment_errors(self, messages: list[str]) -> None:
        self.attachment_area.show_errors(messages)

    # -- sending ----------------------------------------------------------------------------

    def _on_send_clicked(self) -> None:
        if self._streaming:
            self.stop_requested.emit()
        else:
            self.submit()

    def submit(self) -> None:
        if self._streaming or self._blocked:
            return
        text = self.text()
        if self._editing is not None:
            if text.strip():
                message_id = self._editing
                self.cancel_edit()
                self.edit_submitted.emit(message_id, text)
            return
        if not text.strip() and not self._attachments:
            return
        self.attachment_area.clear_errors()  # about files left behind: the turn goes on
        self.send_requested.emit(text, self.attachments())

    # -- editing a sent message ---------------------------------------------------------------

    def editing(self) -> int | None:
        return self._editing

    def begin_edit(self, message_id: int, text: str) -> None:
        """Put a sent message in the prompt; the draft waits aside until the edit ends."""
        if self._editing is None:
            self.save_draft()
            self._stash = (self.text(), self.attachments())
        self._editing = message_id
        self._restoring = True
        try:
            self._attachments.clear()
            self.attachment_area.clear()
            self.set_text(text)
        finally:
            self._restoring = False
        self.attach_button.setEnabled(False)
        self.edit_banner.show()
        self.prompt.setFocus()

    def cancel_edit(self) -> None:
        if self._editing is None:
            return
        self._editing = None
        self.edit_banner.hide()
        self.attach_button.setEnabled(True)
        text, attachments = self._stash or ("", [])
        self._stash = None
        self._restoring = True
        try:
            self.set_text(text)
            for attachment in attachments:
                self._add(attachment)
        finally:
            self._restoring = False

    # -- attachments ------------------------------------------------------------------------

    def open_picker(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(self._on_files_pasted)
        dialog.open()

    def _on_files_pasted(self, files: list[str]) -> None:
        self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path]) -> list[PendingAttachment]:
        """Validate and add files; refused ones are explained inline, nothing else happens."""
        added: list[PendingAttachment] = []
        refused: list[tuple[Path, str]] = []
        for path in files:
            problem = self._validator(path)
            if problem:
                refused.append((path, problem))
                continue
            if any(a.path == path for a in self._attachments.values()):
                continue
            attachment = PendingAttachment.from_path(path)
            self._add(attachment)
            added.append(attachment)
        if refused or added:  # an accepted file takes an older refusal away
            self.attachment_area.show_refusals(refused)
        if added:
            self.save_draft()
        return added

    def add_image(self, image: QImage) -> PendingAttachment | None:
        """Save pasted or dropped image data as a PNG in the drafts folder and attach it."""
        if image.isNull():
            return None
        path = new_pasted_path(".png")
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            self.attachment_area.show_errors([self.tr("The pasted image could not be saved.")])
            return None
        added = self.add_files([path])
        return added[0] if added else None

    def _add(self, attachment: PendingAttachment) -> None:
        self._attachments[attachment.key] = attachment
        self.attachment_area.add(attachment)
        self.attachments_changed.emit()

    def remove_attachment(self, key: str) -> None:
        if self._attachments.pop(key, None) is None:
            return
        self.attachment_area.remove(key)
        self.attachments_changed.emit()
        self.save_draft()

    # -- drag and drop ----------------------------------------------------------------------

    @staticmethod
    def _acceptable(mime: QMimeData) -> bool:
        return bool(mime.hasImage() or any(u.isLocalFile() for u in mime.urls()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._acceptable(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._acceptable(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.handle_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    def handle_mime(self, mime: QMimeData) -> bool:
        """Attach local files, else image data (a browser drags an http URL + the image)."""
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if files:
            self.add_files(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage):
                self.add_image(image)
                return True
        return False

    # -- drafts -----------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        if not self._restoring:
            self._save_timer.start()

    def save_draft(self) -> None:
        self._save_timer.stop()
        if self._editing is not None:
            return  # the prompt holds an old message, not the draft
        draft = Draft(
            text=self.text(),
            attachments=[
                DraftAttachment(str(a.path), a.name, a.size, a.mime)
                for a in self._attachments.values()
            ],
        )
        try:
            self._drafts.put(self._key, draft)
        except OSError:
            # A read-only profile must not stop typing; the text stays in the widget.
            pass

    def _load_draft(self, key: str) -> None:
        draft = self._drafts.get(key)
        self._restoring = True
        try:
            self._attachments.clear()
            self.attachment_area.clear()
            self.set_text(draft.text)
            missing: list[str] = []
            for a in draft.attachments:
                path = Path(a.path)
                if not path.is_file():
                    missing.append(
                        self.tr(
                            "“{name}” is no longer on disk and was dropped from the draft."
                        ).format(name=a.name)
                    )
                    continue
                self._add(
                    PendingAttachment(
                        path=path, name=a.name, size=a.size, mime=a.mime or guess_mime(path)
                    )
                )
            self.attachment_area.show_errors(missing)
        finally:
            self._restoring = False
