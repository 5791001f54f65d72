"""A message's rich-text body: read-only, selectable, as tall as its text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QTextEdit, QWidget

from desktop_app.render.document import SafeTextDocument


class MessageBody(QTextBrowser):
    """Shows one message's document; never follows links or loads resources itself.

    Signals:
        link_clicked(QUrl): an anchor was clicked (the owner checks the scheme).
    """

    link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeTextDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Wrapping width is managed here, not by QTextEdit: it re-lays the whole
        # document out on every resize, even when only the height changed.
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self._wrap_width = 0
        self._holding = False
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.document().setDocumentMargin(2)
        self.viewport().setAutoFillBackground(False)
        self.anchorClicked.connect(self.link_clicked)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None  # nothing remote, nothing from disk, ever

    def setSource(self, name: QUrl | str, type: Any = None) -> None:
        # QTextBrowser would load the target into this view; links are handled by the owner.
        return

    @contextmanager
    def batched_height(self) -> Iterator[None]:
        """Fit the height once after many document edits instead of after each."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            self._fit_height()

    def _fit_height(self, *_: object) -> None:
        if self._holding:
            return
        height = int(self.document().size().height() + 0.999) + 2 * self.frameWidth()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(max(height, 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        width = self.viewport().width()
        if width != self._wrap_width and width > 0:
            self._wrap_width = width
            self.setLineWrapColumnOrWidth(width)
        super().resizeEvent(event)
        self._fit_height()

    def set_wrap_width(self, width: int) -> None:
        """Lay out for *width* now (before the first resize) to avoid a second layout."""
        if width > 0 and width != self._wrap_width:
            self._wrap_width = width
            self.setLineWrapColumnOrWidth(width)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    # -- "Copy code block" in the context menu --------------------------------

    def code_text_at(self, cursor: QTextCursor) -> str | None:
        """The whole code block around *cursor*, or None outside code."""
        block = cursor.block()
        if not block.blockFormat().nonBreakableLines():
            return None
        first = block
        while first.previous().isValid() and first.previous().blockFormat().nonBreakableLines():
            first = first.previous()
        lines = []
        current = first
        while current.isValid() and current.blockFormat().nonBreakableLines():
            lines.append(current.text())
            current = current.next()
        return "\n".join(lines).replace("\u00a0", " ")

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        code = self.code_text_at(self.cursorForPosition(event.pos()))
        if code is not None:
            action = menu.addAction(QCoreApplication.translate("Transcript", "Copy code block"))
            action.triggered.connect(lambda: QGuiApplication.clipboard().setText(code))
        menu.exec(event.globalPos())
        menu.deleteLater()
