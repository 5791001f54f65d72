"""Help → About: version, Qt and PySide6 versions, and where Gemdesk keeps its files."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__, paths
from desktop_app.logging_setup import log_file_path
from desktop_app.ui.tray import app_icon


def about_facts() -> list[tuple[str, str]]:
    """(untranslated key, value) pairs; also what "copy details" style reports use."""
    return [
        ("version", __version__),
        ("qt", qVersion()),
        ("pyside6", PySide6.__version__),
        ("python", platform.python_version()),
        ("data", str(paths.data_dir())),
        ("config", str(paths.config_dir())),
        ("logs", str(paths.log_dir())),
    ]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle(self.tr("About Gemdesk"))
        labels = {
            "version": self.tr("Version"),
            "qt": self.tr("Qt"),
            "pyside6": self.tr("PySide6"),
            "python": self.tr("Python"),
            "data": self.tr("Data"),
            "config": self.tr("Settings"),
            "logs": self.tr("Logs"),
        }
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(self.tr("Gemdesk {version}").format(version=__version__))
        title.setObjectName("about-title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(self.tr("A desktop assistant for Google's Gemini Interactions API."))
        blurb.setWordWrap(True)

        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, value in about_facts():
            label = QLabel(value)
            label.setObjectName(f"about-{key}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = label
            form.addRow(labels[key], label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        open_logs = buttons.addButton(
            self.tr("Open log folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        open_logs.clicked.connect(self._open_logs)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file_path().parent)))


def show_about(parent: QWidget | None) -> AboutDialog:
    """Open the About dialog (non-blocking, deleted on close) and return it."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
