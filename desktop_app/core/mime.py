"""MIME type detection from a file's content (the extension only refines text types).

``filetype`` recognises binary formats by their magic numbers; on top of it we
normalise its names to the ones the Gemini API lists, find PDFs whose header is not
at offset 0, and recognise plain text by decoding it.
"""

from __future__ import annotations

import codecs
import os
from pathlib import PurePath

__all__ = [
    "OCTET_STREAM",
    "SNIFF_BYTES",
    "content_kind",
    "detect_mime",
    "detect_mime_from_bytes",
    "is_supported",
]

OCTET_STREAM = "application/octet-stream"
SNIFF_BYTES = 64 * 1024

# filetype's names -> the API's names.
_ALIASES = {
    "audio/x-wav": "audio/wav",
    "audio/x-flac": "audio/flac",
    "audio/x-aiff": "audio/aiff",
    "audio/mp4": "audio/m4a",
    "video/quicktime": "video/mov",
    "video/x-msvideo": "video/avi",
    "video/x-ms-wmv": "video/wmv",
    "video/x-m4v": "video/mp4",
    "image/heif": "image/heic",
}

_IMAGES = {
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/heic",
    "image/heif",
    "image/gif",
    "image/bmp",
    "image/tiff",
}
_AUDIO = {
    "audio/wav",
    "audio/mp3",
    "audio/mpeg",
    "audio/aiff",
    "audio/aac",
    "audio/ogg",
    "audio/flac",
    "audio/m4a",
    "audio/opus",
    "audio/webm",
}
_VIDEO = {
    "video/mp4",
    "video/mpeg",
    "video/mpg",
    "video/mov",
    "video/avi",
    "video/x-flv",
    "video/webm",
    "video/wmv",
    "video/3gpp",
}
_DOCUMENTS = {
    "application/pdf",
    "application/rtf",
    "application/json",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.presentation",
}

# Text files: content decides "is it text", the extension picks the flavour.
_TEXT_BY_SUFFIX = {
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".ts": "text/x-typescript",
    ".py": "text/x-python",
    ".json": "application/json",
    ".xml": "text/xml",
    ".rtf": "text/rtf",
}


def detect_mime(path: str | os.PathLike[str], head: bytes | None = None) -> str:
    """The MIME type of the file at *path* from its first bytes (reads them if not given)."""
    if head is None:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    return detect_mime_from_bytes(head, name=os.path.basename(os.fspath(path)))


def detect_mime_from_bytes(head: bytes, name: str = "") -> str:
    import filetype  # 15 modules of signatures: loaded with the first file, not at start

    kind = filetype.guess(head)
    if kind is not None:
        mime = str(_ALIASES.get(kind.mime, kind.mime))
        if mime == "video/webm" and _looks_audio_only(head):
            return "audio/webm"
        return mime
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    if _looks_mp3_without_tag(head):
        return "audio/mp3"
    if _is_text(head):
        suffix = PurePath(name).suffix.lower()
        return _TEXT_BY_SUFFIX.get(suffix, "text/plain")
    return OCTET_STREAM


def is_supported(mime: str) -> bool:
    return (
        mime in _IMAGES
        or mime in _AUDIO
        or mime in _VIDEO
        or mime in _DOCUMENTS
        or (mime.startswith("text/"))
    )


def content_kind(mime: str) -> str:
    """The content block ``type`` for *mime*: image, audio, video or document."""
    major = mime.split("/", 1)[0]
    if major in ("image", "audio", "video"):
        return major
    return "document"


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    sample = head
    if sample.startswith(codecs.BOM_UTF8):
        sample = sample[len(codecs.BOM_UTF8) :]
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: the sniff window may end in the middle of a character.
        text = decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        # Legacy 8-bit text (a CSV saved as Windows-1252): bytes, not characters, count.
        text = sample.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
    return controls <= len(text) // 100


def _looks_mp3_without_tag(head: bytes) -> bool:
    # An MPEG audio frame sync (11 set bits) with layer III, as raw .mp3 files start.
    return (
        len(head) >= 2
        and head[0] == 0xFF
        and (head[1] & 0xE0) == 0xE0
        and ((head[1] >> 1) & 0x03) == 0x01
    )


def _looks_audio_only(head: bytes) -> bool:
    # WebM/Matroska track codecs: audio-only files name an audio codec and no video one.
    return (
        (b"A_OPUS" in head or b"A_VORBIS" in head)
        and b"V_VP" not in head
        and (b"V_AV1" not in head)
    )
