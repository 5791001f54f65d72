"""MIME detection from content and the checks that run before anything is sent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.core.attachments import MAX_FILE_BYTES, validate_bytes, validate_file
from desktop_app.core.errors import AttachmentError
from desktop_app.core.mime import content_kind, detect_mime_from_bytes
from tests.core import media_samples


@pytest.mark.parametrize(
    ("data", "name", "mime"),
    [
        (media_samples.png(), "x.png", "image/png"),
        (media_samples.png(), "photo.jpg", "image/png"),  # content beats the extension
        (media_samples.png(), "notes.txt", "image/png"),
        (b"just some words\n", "picture.png", "text/plain"),
        (b"just some words\n", "song.mp3", "text/plain"),
        (media_samples.jpeg(), "noext", "image/jpeg"),
        (media_samples.pdf(), "doc.txt", "application/pdf"),
        (b"\r\n" * 3 + media_samples.pdf(), "late-header.pdf", "application/pdf"),
        (media_samples.wav(), "a.bin", "audio/wav"),
        (media_samples.mp4(), "clip", "video/mp4"),
        (b"name,age\nAda,36\n", "people.csv", "text/csv"),
        ("Güneş ılık, İstanbul.\n".encode(), "notes", "text/plain"),
        (b"# Title\n\ntext\n", "README.md", "text/markdown"),
        ("name;city\nJosé;Málaga\n".encode("cp1252"), "export.csv", "text/csv"),
        (bytes(range(1, 256)) * 4, "noise.txt", "application/octet-stream"),
        (media_samples.zip_archive(), "data.zip", "application/zip"),
        (bytes(range(256)) * 4, "blob.txt", "application/octet-stream"),
    ],
)
def test_mime_comes_from_content(data: bytes, name: str, mime: str) -> None:
    assert detect_mime_from_bytes(data, name) == mime


def test_text_cut_inside_a_multibyte_character_is_still_text() -> None:
    data = ("ş" * 40_000).encode()[: 64 * 1024 - 1]
    assert detect_mime_from_bytes(data, "long.txt") == "text/plain"


def test_content_kinds() -> None:
    assert [content_kind(m) for m in ("image/png", "audio/wav", "video/mp4", "text/csv")] == [
        "image",
        "audio",
        "video",
        "document",
    ]


def test_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "organ.jpg"
    path.write_bytes(media_samples.jpeg())
    source = validate_file(path)
    assert (source.display_name, source.mime_type, source.kind) == (
        "organ.jpg",
        "image/jpeg",
        "image",
    )
    assert source.size == path.stat().st_size


def _message(path: str | os.PathLike[str]) -> str:
    with pytest.raises(AttachmentError) as info:
        validate_file(path)
    return str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _message(tmp_path / "nope.png")


def test_directory(tmp_path: Path) -> None:
    assert "is a folder" in _message(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.touch()
    assert "empty (0 bytes)" in _message(path)


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(media_samples.zip_archive())
    assert "unsupported file type (application/zip)" in _message(path)


def test_sparse_file_over_the_limit_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.mp4"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    message = _message(path)
    assert "3.0 GB" in message
    assert "2.0 GB" in message
    assert path.stat().st_size > MAX_FILE_BYTES


def test_non_utf8_file_name(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(b"hello\n")
    message = _message(os.fsdecode(raw))
    assert "not valid UTF-8" in message
    assert "caf\\xe9.txt" in message


def test_clipboard_bytes() -> None:
    source = validate_bytes(media_samples.png(), "clipboard.png")
    assert source.mime_type == "image/png"
    assert source.data is not None
    with pytest.raises(AttachmentError, match="empty"):
        validate_bytes(b"")
    with pytest.raises(AttachmentError, match="unsupported"):
        validate_bytes(bytes(range(256)), "paste")
