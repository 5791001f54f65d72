"""Attachments waiting in the composer: the data, the default validation, the chips."""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import mime as mime_types
from desktop_app.core.attachments import MAX_FILE_BYTES, validate_file
from desktop_app.core.attachments import format_size as core_format_size
from desktop_app.core.errors import AttachmentError
from desktop_app.ui.i18n import display, display_error

THUMBNAIL = QSize(40, 40)
_THUMBNAIL_MAX_SOURCE = 25 * 1024**2  # bigger images get an icon: decoding would stall the UI


@dataclass
class PendingAttachment:
    """A file the user attached; pasted image data is first saved to a file."""

    path: Path
    name: str
    size: int
    mime: str
    key: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def from_path(cls, path: Path, mime: str | None = None) -> PendingAttachment:
        return cls(
            path=path,
            name=path.name,
            size=path.stat().st_size,
            mime=mime or guess_mime(path),
        )


# A validator returns a short reason for the refusal, or None when the file is fine.
AttachmentValidator = Callable[[Path], "str | None"]


def guess_mime(path: Path) -> str:
    """The MIME type from content (core's detection), ``application/octet-stream`` if unknown."""
    try:
        return mime_types.detect_mime(path)
    except OSError:
        return mime_types.OCTET_STREAM


def is_supported_mime(mime: str) -> bool:
    return mime_types.is_supported(mime)


def default_validator(path: Path) -> str | None:
    """The engine's check (missing, folder, empty, > 2 GB, unsupported type) as a short
    reason for the refusal banner ("unsupported file type"); None when the file is fine."""
    try:
        validate_file(path)
    except AttachmentError as exc:
        return _short_reason(path) or display_error(exc)
    return None


def _short_reason(path: Path) -> str | None:
    """A few words on why the engine refused *path* (the banner names the file itself)."""

    try:
        info = path.stat()
    except FileNotFoundError:
        return QCoreApplication.translate("AttachmentArea", "file not found")
    except OSError:
        return QCoreApplication.translate("AttachmentArea", "cannot be opened")
    if stat.S_ISDIR(info.st_mode):
        return QCoreApplication.translate("AttachmentArea", "a folder; attach the files inside it")
    if not stat.S_ISREG(info.st_mode):
        return QCoreApplication.translate("AttachmentArea", "not a regular file")
    if info.st_size == 0:
        return QCoreApplication.translate("AttachmentArea", "empty file")
    if info.st_size > MAX_FILE_BYTES:
        return QCoreApplication.translate(
            "AttachmentArea", "too large: {size} (at most {limit})"
        ).format(size=format_size(info.st_size), limit=format_size(MAX_FILE_BYTES))
    if not os.access(path, os.R_OK):
        return QCoreApplication.translate("AttachmentArea", "cannot be read")
    if not is_supported_mime(guess_mime(path)):
        return QCoreApplication.translate("AttachmentArea", "unsupported file type")
    return None


def format_size(size: int) -> str:
    return display(core_format_size(size))


class AttachmentChip(QFrame):
    """One attachment: thumbnail or icon, name, size, upload progress, remove button.

    Signals:
        remove_requested(str): the key of this attachment.
    """

    remove_requested = Signal(str)

    def __init__(self, attachment: PendingAttachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment = attachment
        self.setObjectName("attachmentChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(
            self.tr("Attachment {name}, {size}").format(
                name=attachment.name, size=format_size(attachment.size)
            )
        )
        self.icon = QLabel(self)
        self.icon.setFixedSize(THUMBNAIL)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icon.setPixmap(self._thumbnail())
        self.icon.setAccessibleName(self.tr("Preview"))
        self.name_label = QLabel(self)
        metrics = self.name_label.fontMetrics()
        self.name_label.setText(
            metrics.elidedText(attachment.name, Qt.TextElideMode.ElideMiddle, 160)
        )
        self.name_label.setToolTip(str(attachment.path))
        self.size_label = QLabel(format_size(attachment.size), self)
        self.size_label.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setAccessibleName(
            self.tr("Upload progress of {name}").format(name=attachment.name)
        )
        self.progress.hide()
        self.remove_button = QToolButton(self)
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove {name}").format(name=attachment.name))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(attachment.key))

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.name_label)
        text.addWidget(self.size_label)
        text.addWidget(self.progress)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addLayout(text)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    def _thumbnail(self) -> QPixmap:
        a = self.attachment
        if a.mime.startswith("image/") and a.size <= _THUMBNAIL_MAX_SOURCE:
            reader = QImageReader(str(a.path))
            original = reader.size()
            if original.isValid():
                reader.setScaledSize(original.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            if not image.isNull():
                return QPixmap.fromImage(image)
        style = self.style()
        icon = style.standardIcon(
            QStyle.StandardPixmap.SP_MediaPlay
            if a.mime.startswith(("audio/", "video/"))
            else QStyle.StandardPixmap.SP_FileIcon
        )
        return icon.pixmap(THUMBNAIL)

    def set_progress(self, fraction: float) -> None:
        """Show upload progress in [0, 1]; 1 hides the bar again."""
        self.progress.show()
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 1000))

    def set_busy(self, busy: bool) -> None:
        self.remove_button.setEnabled(not busy)


class AttachmentArea(QWidget):
    """The row of chips above the prompt, plus an inline line for refused files.

    Signals:
        remove_requested(str): a chip's remove button was pressed.
    """

    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Attachments"))
        self._chips: dict[str, AttachmentChip] = {}
        self._row = QWidget()
        self._row_layout = QHBoxLayout(self._row)
        self._row_layout.setContentsMargins(0, 0, 0, 0)
        self._row_layout.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidget(self._row)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._scroll.setFixedHeight(THUMBNAIL.height() + 24)
        self._scroll.hide()
        # Refused files: name and a short reason (full path in the tooltip), a close
        # button; it goes by itself when a file is accepted or the turn is sent.
        self.banner = QFrame(self)
        self.banner.setObjectName("attachmentProblem")
        self.banner.setStyleSheet(
            "#attachmentProblem { background: #b3261e; border-radius: 4px; }"
            " #attachmentProblem QLabel, #attachmentProblem QToolButton { color: white; }"
        )
        self.error_label = QLabel(self.banner)
        self.error_label.setObjectName("attachmentError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleName(self.tr("Attachment problem"))
        self.dismiss_button = QToolButton(self.banner)
        self.dismiss_button.setObjectName("dismissAttachmentProblem")
        self.dismiss_button.setText("×")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.setToolTip(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the attachment problem"))
        self.dismiss_button.clicked.connect(self.clear_errors)
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(6, 2, 2, 2)
        banner.addWidget(self.error_label, 1)
        banner.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self._scroll)

    def chips(self) -> list[AttachmentChip]:
        return list(self._chips.values())

    def chip(self, key: str) -> AttachmentChip | None:
        return self._chips.get(key)

    def add(self, attachment: PendingAttachment) -> AttachmentChip:
        chip = AttachmentChip(attachment, self._row)
        chip.remove_requested.connect(self.remove_requested)
        self._chips[attachment.key] = chip
        self._row_layout.insertWidget(self._row_layout.count() - 1, chip)
        self._scroll.show()
        return chip

    def remove(self, key: str) -> None:
        chip = self._chips.pop(key, None)
        if chip is not None:
            self._row_layout.removeWidget(chip)
            chip.deleteLater()
        self._scroll.setVisible(bool(self._chips))

    def clear(self) -> None:
        for key in list(self._chips):
            self.remove(key)
        self.show_errors([])

    def show_errors(self, messages: list[str], *, details: str = "") -> None:
        """Sentences in the banner (none hides it); *details* is its tooltip."""
        self.error_label.setText("\n".join(messages))
        self.banner.setToolTip(details)
        self.error_label.setToolTip(details)
        self.banner.setVisible(bool(messages))

    def show_refusals(self, refusals: list[tuple[Path, str]]) -> None:
        """Refused files as "name: reason" lines; their full paths in the tooltip."""
        self.show_errors(
            [
                self.tr("{name}: {reason}").format(name=p.name or str(p), reason=r)
                for p, r in refusals
            ],
            details="\n".join(str(p) for p, _ in refusals),
        )

    def clear_errors(self) -> None:
        self.show_errors([])

    def has_errors(self) -> bool:
        return not self.banner.isHidden()
