"""The main window (sidebar, transcript, composer) — grown by the main-window issue."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QWidget


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gemdesk"))
        self.setCentralWidget(QLabel(self.tr("Welcome to Gemdesk")))
        self.resize(1100, 750)
