"""Chips for a user message's attachments: a thumbnail for local images, else a label.

While the turn's files upload, each chip shows its upload progress.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.ui.transcript.message import TranscriptAttachment

THUMBNAIL = 96
PROGRESS_STEPS = 1000


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def load_thumbnail(attachment: TranscriptAttachment, edge: int = THUMBNAIL) -> QPixmap | None:
    """A scaled-down pixmap, decoded at thumbnail size (not the full image)."""
    if attachment.path is None or not attachment.mime_type.startswith("image/"):
        return None
    reader = QImageReader(str(attachment.path))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None
    reader.setScaledSize(size.scaled(QSize(edge, edge), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else QPixmap.fromImage(image)


class AttachmentChip(QFrame):
    def __init__(self, attachment: TranscriptAttachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment = attachment
        self.setObjectName("attachmentChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 6, 2)
        thumbnail = load_thumbnail(attachment)
        self.has_thumbnail = thumbnail is not None
        if thumbnail is not None:
            picture = QLabel(self)
            picture.setPixmap(thumbnail)
            layout.addWidget(picture)
        text = attachment.name
        if attachment.size is not None:
            text += f" · {human_size(attachment.size)}"
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("uploadProgress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setAccessibleName(
            QCoreApplication.translate("Transcript", "Upload progress of {name}").format(
                name=attachment.name
            )
        )
        self.progress.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(label)
        column.addWidget(self.progress)
        layout.addLayout(column)
        self.setToolTip(
            QCoreApplication.translate("Transcript", "{name} ({mime})").format(
                name=attachment.name, mime=attachment.mime_type
            )
        )

    def set_progress(self, fraction: float | None) -> None:
        """Upload progress in [0, 1]; ``None`` (or a finished upload) hides the bar."""
        if fraction is None or fraction >= 1.0:
            self.progress.hide()
            return
        self.progress.setValue(round(max(0.0, fraction) * PROGRESS_STEPS))
        self.progress.show()
