"""The dialog an unexpected exception opens: what happened, where the log is, copy details."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.crash import CrashReport
from desktop_app.ui.activation import bring_to_front


class CrashDialog(QDialog):
    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Gemdesk — unexpected error"))
        self.setObjectName("crash-dialog")
        intro = QLabel(
            self.tr(
                "Something went wrong inside Gemdesk. Your conversations are saved; "
                "you can keep working, but restarting the app is safest."
            )
        )
        intro.setWordWrap(True)
        summary = QLabel(report.summary)
        summary.setObjectName("crash-summary")
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        where = report.crash_file or report.log_dir
        location = QLabel(self.tr("Details were saved in {path}").format(path=str(where)))
        location.setObjectName("crash-location")
        location.setWordWrap(True)
        location.setTextFormat(Qt.TextFormat.PlainText)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setObjectName("crash-details")
        self.details.setMinimumHeight(180)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setObjectName("crash-copy")
        self.open_folder_button = QPushButton(self.tr("Open log folder"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.open_folder_button.clicked.connect(self.open_log_folder)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(summary)
        layout.addWidget(location)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report.details)
        self.copy_button.setText(self.tr("Copied"))

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.log_dir)))


class CrashDialogPresenter(QObject):
    """The crash handler's show callback: one dialog at a time, never modal-blocking.

    A bug in a paint handler can raise on every frame; later reports while a
    dialog is open are only logged (the handler already did that).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.shown = 0

    def __call__(self, report: CrashReport) -> None:
        if QApplication.instance() is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.dialog = CrashDialog(report)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.shown += 1
        # show(), not exec(): a nested event loop would re-enter asyncio tasks.
        bring_to_front(self.dialog)

    def _forget(self) -> None:
        self.dialog = None

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
