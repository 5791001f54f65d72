"""Checking a file before it is attached.

Everything here runs before a single byte is sent: a file that cannot be read,
is empty, too large, or of a type the API does not take is refused with a message
that names the file and says what to do (a :class:`~desktop_app.text.Text`: English,
translated by the UI).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import AttachmentError
from desktop_app.core.mime import (
    OCTET_STREAM,
    SNIFF_BYTES,
    content_kind,
    detect_mime,
    detect_mime_from_bytes,
    is_supported,
)
from desktop_app.text import translate_noop

__all__ = [
    "INLINE_IMAGE_LIMIT",
    "MAX_FILE_BYTES",
    "AttachmentSource",
    "display_path",
    "format_size",
    "validate_bytes",
    "validate_file",
]

MAX_FILE_BYTES = 2 * 1024**3  # the Files API's per-file limit
INLINE_IMAGE_LIMIT = 512 * 1024  # small images travel inline as base64, no upload

# Refusals: {name} is the file's name as shown, {reason} the OS's own explanation.
_BAD_NAME = translate_noop(
    "Attachments", "{name}: the file name is not valid UTF-8; rename the file and try again."
)
_MISSING = translate_noop("Attachments", "{name}: no such file.")
_NO_ACCESS = translate_noop("Attachments", "{name}: permission denied (cannot reach the file).")
_CANNOT_OPEN = translate_noop("Attachments", "{name}: cannot open the file ({reason}).")
_FOLDER = translate_noop("Attachments", "{name} is a folder; attach the files inside it instead.")
_NOT_REGULAR = translate_noop("Attachments", "{name} is not a regular file.")
_EMPTY = translate_noop("Attachments", "{name} is empty (0 bytes).")
_FILE_TOO_BIG = translate_noop("Attachments", "{name} is {size}; files can be at most {limit}.")
_DATA_TOO_BIG = translate_noop(
    "Attachments", "{name} is {size}; attachments can be at most {limit}."
)
_NO_READ = translate_noop("Attachments", "{name}: permission denied (the file cannot be read).")
_CANNOT_READ = translate_noop("Attachments", "{name}: the file cannot be read ({reason}).")
_UNKNOWN_TYPE = translate_noop(
    "Attachments",
    "{name}: unsupported file type (not an image, audio, video, PDF, office document "
    "or text file).",
)
_UNSUPPORTED_TYPE = translate_noop("Attachments", "{name}: unsupported file type ({mime}).")
_BYTES = translate_noop("Attachments", "{count} bytes")


@dataclass(frozen=True, slots=True)
class AttachmentSource:
    """A checked attachment: a local file, or bytes (e.g. an image from the clipboard)."""

    display_name: str
    mime_type: str
    size: int
    path: Path | None = None
    data: bytes | None = None

    @property
    def kind(self) -> str:
        return content_kind(self.mime_type)

    def __repr__(self) -> str:
        return f"AttachmentSource({self.display_name!r}, {self.mime_type}, {self.size} B)"


def display_path(path: str | os.PathLike[str]) -> str:
    """A printable form of *path*, even when its bytes are not valid UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def format_size(size: int) -> str:
    """``"512 bytes"`` (a :class:`Text`), ``"1.5 MB"``, ``"2.0 GB"``."""
    if size < 1024:
        return _BYTES.format(count=size)
    value = size / 1024
    for unit in ("KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def validate_file(path: str | os.PathLike[str]) -> AttachmentSource:
    """Check *path* and detect its type; raise :class:`AttachmentError` if unusable."""
    shown = display_path(path)
    name = os.path.basename(os.fspath(path)) or os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise AttachmentError(_BAD_NAME.format(name=shown)) from None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise AttachmentError(_MISSING.format(name=shown)) from None
    except PermissionError:
        raise AttachmentError(_NO_ACCESS.format(name=shown)) from None
    except OSError as exc:
        raise AttachmentError(_CANNOT_OPEN.format(name=shown, reason=exc.strerror)) from None
    if stat.S_ISDIR(info.st_mode):
        raise AttachmentError(_FOLDER.format(name=shown))
    if not stat.S_ISREG(info.st_mode):
        raise AttachmentError(_NOT_REGULAR.format(name=shown))
    if info.st_size == 0:
        raise AttachmentError(_EMPTY.format(name=shown))
    if info.st_size > MAX_FILE_BYTES:
        raise AttachmentError(
            _FILE_TOO_BIG.format(
                name=shown, size=format_size(info.st_size), limit=format_size(MAX_FILE_BYTES)
            )
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except PermissionError:
        raise AttachmentError(_NO_READ.format(name=shown)) from None
    except OSError as exc:
        raise AttachmentError(_CANNOT_READ.format(name=shown, reason=exc.strerror)) from None
    mime = detect_mime(path, head)
    _check_type(shown, mime)
    return AttachmentSource(display_name=name, mime_type=mime, size=info.st_size, path=Path(path))


def validate_bytes(data: bytes, display_name: str = "pasted image") -> AttachmentSource:
    """Check in-memory content such as a clipboard image."""
    if not data:
        raise AttachmentError(_EMPTY.format(name=display_name))
    if len(data) > MAX_FILE_BYTES:
        raise AttachmentError(
            _DATA_TOO_BIG.format(
                name=display_name, size=format_size(len(data)), limit=format_size(MAX_FILE_BYTES)
            )
        )
    mime = detect_mime_from_bytes(data[:SNIFF_BYTES], name=display_name)
    _check_type(display_name, mime)
    return AttachmentSource(display_name=display_name, mime_type=mime, size=len(data), data=data)


def _check_type(shown: str, mime: str) -> None:
    if is_supported(mime):
        return
    if mime == OCTET_STREAM:
        raise AttachmentError(_UNKNOWN_TYPE.format(name=shown))
    raise AttachmentError(_UNSUPPORTED_TYPE.format(name=shown, mime=mime))
