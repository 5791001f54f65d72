"""The composer's text field: grows with its content, sends on the chosen key, takes pastes."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget


class SendKey(StrEnum):
    """Which key sends: the other one (with Shift for Enter mode) breaks the line."""

    ENTER = "enter"  # Enter sends, Shift+Enter breaks the line
    CTRL_ENTER = "ctrl_enter"  # Ctrl+Enter sends, Enter breaks the line

    @classmethod
    def parse(cls, value: object) -> SendKey:
        text = str(getattr(value, "value", value)).lower().replace("+", "_").replace("-", "_")
        return cls.CTRL_ENTER if "ctrl" in text else cls.ENTER


class PromptEdit(QPlainTextEdit):
    """A multi-line prompt that grows from one line up to ``max_lines``.

    Signals:
        submit_requested(): the send key was pressed.
        escape_pressed(): Esc (when no Stop shortcut took it), e.g. to cancel an edit.
        files_pasted(list): local file paths pasted (str each).
        image_pasted(QImage): raw image data pasted (e.g. a screenshot).
    """

    submit_requested = Signal()
    escape_pressed = Signal()
    files_pasted = Signal(list)
    image_pasted = Signal(QImage)

    def __init__(self, parent: QWidget | None = None, *, max_lines: int = 10) -> None:
        super().__init__(parent)
        self._max_lines = max_lines
        self._send_key = SendKey.ENTER
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    # -- settings ---------------------------------------------------------------------------

    def send_key(self) -> SendKey:
        return self._send_key

    def set_send_key(self, key: SendKey | str) -> None:
        self._send_key = SendKey.parse(key)

    def max_lines(self) -> int:
        return self._max_lines

    # -- growth -----------------------------------------------------------------------------

    def _line_height(self) -> int:
        return self.fontMetrics().lineSpacing()

    def _height_for_lines(self, lines: int) -> int:
        margins = self.contentsMargins()
        doc_margin = int(self.document().documentMargin() * 2)
        return lines * self._line_height() + doc_margin + margins.top() + margins.bottom() + 2

    def _fit_height(self, *_: object) -> None:
        # QPlainTextEdit's document size is in lines (visual lines once laid out).
        lines = max(1, int(self.document().documentLayout().documentSize().height()))
        self.setFixedHeight(self._height_for_lines(min(lines, self._max_lines)))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())

    # -- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers()
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            # Ctrl+Enter always sends (a documented shortcut), whatever the preference.
            if ctrl or (self._send_key is SendKey.ENTER and not shift):
                event.accept()
                self.submit_requested.emit()
                return
            if shift or self._send_key is SendKey.CTRL_ENTER:
                self.textCursor().insertText("\n")
                event.accept()
                return
        super().keyPressEvent(event)

    # -- paste ------------------------------------------------------------------------------

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source))

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = [url.toLocalFile() for url in source.urls() if url.isLocalFile()]
        if files:
            self.files_pasted.emit(files)
            return
        if source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.image_pasted.emit(image)
                return
        if source.hasText():
            self.textCursor().insertText(source.text())
