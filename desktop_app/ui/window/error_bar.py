"""An inline error: a human sentence, Retry, and Dismiss. Nothing typed is cleared."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class ErrorBar(QFrame):
    """Signals:
    retry_requested(): Retry pressed.
    """

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Error"))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Error message"))
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setAccessibleName(self.tr("Retry"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the error"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.dismiss_button)
        self.retry_button.clicked.connect(self.retry_requested)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    def show_error(self, message: str, *, retryable: bool = True) -> None:
        self.label.setText(message)
        self.retry_button.setVisible(retryable)
        self.show()

    def message(self) -> str:
        return "" if self.isHidden() else self.label.text()
