"""Attachments through the engine: inline images, uploads, reuse, expiry, processing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.core import (
    ConversationSettings,
    Engine,
    Mode,
    StatusChanged,
    UploadProgress,
    validate_bytes,
)
from desktop_app.store import HistoryStore
from tests.core import media_samples
from tests.core.conftest import collect, done_of, text_of
from tests.fake_gemini import FakeGemini

STATELESS = ConversationSettings(mode=Mode.STATELESS)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _uploads(fake: FakeGemini) -> int:
    """Upload sessions started (chunks go to the same path with an upload_id)."""
    return sum(
        1
        for r in fake.requests_to("/upload/v1beta/files", method="POST")
        if r.headers.get("x-goog-upload-command") == "start"
    )


@pytest.mark.asyncio
async def test_small_image_goes_inline(
    engine: Engine, fake_gemini: FakeGemini, tmp_path: Path, store: HistoryStore
) -> None:
    image = _file(tmp_path, "organ.jpg", media_samples.jpeg())
    session = engine.new_conversation()
    events = await collect(session.send("Tell me about this instrument", [image]))
    size = image.stat().st_size
    assert f"Attachment 1: image, image/jpeg, inline data, {size} bytes." in text_of(events)
    assert _uploads(fake_gemini) == 0
    assert "uploading" not in [e.status for e in events if isinstance(e, StatusChanged)]
    (att,) = session.path()[0].attachments
    assert att.path.read_bytes() == image.read_bytes()  # a copy lives in the store
    assert att.path.parent == store.attachments_dir


@pytest.mark.asyncio
async def test_pdf_is_uploaded_once_and_reused(
    engine: Engine, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    pdf = _file(tmp_path, "report.pdf", media_samples.pdf())
    session = engine.new_conversation(STATELESS)
    first = await collect(session.send("Summarise", [pdf]))
    progress = [e for e in first if isinstance(e, UploadProgress)]
    assert progress[0].sent == 0
    assert progress[-1].sent == progress[-1].total == pdf.stat().st_size
    assert StatusChanged(done_of(first).message_id or 0, "uploading") in first
    (name,) = fake_gemini.files
    uri = fake_gemini.files[name].uri
    assert f"document, application/pdf, uri {uri}" in text_of(first)
    # The stateless replay sends the same URI again: no second upload.
    await collect(session.send("And the second page?"))
    assert _uploads(fake_gemini) == 1
    # Another conversation attaching the same content reuses the upload too.
    await collect(engine.new_conversation().send("Again", [pdf]))
    assert _uploads(fake_gemini) == 1


@pytest.mark.asyncio
async def test_expired_upload_is_sent_again_silently(
    engine: Engine, fake_gemini: FakeGemini, tmp_path: Path, store: HistoryStore
) -> None:
    audio = _file(tmp_path, "memo.wav", media_samples.wav())
    session = engine.new_conversation(STATELESS)
    await collect(session.send("Transcribe", [audio]))
    (name,) = fake_gemini.files
    fake_gemini.expire_file(name)  # the server forgot it before its announced expiry
    events = await collect(session.send("Who is speaking?"))
    assert done_of(events).status == "complete"
    assert _uploads(fake_gemini) == 2
    new_name = next(n for n in fake_gemini.files if n != name)
    replayed = fake_gemini.requests_to("/interactions", method="POST")[-1].json["input"][0]
    assert replayed["content"][1]["uri"] == fake_gemini.files[new_name].uri
    # An upload past its recorded expiry is replaced before sending anything.
    (att,) = session.path()[0].attachments
    store.set_attachment_remote(
        att.id, name=att.remote_name, uri=att.remote_uri, expiry=datetime.now(UTC) - timedelta(1)
    )
    posts = len(fake_gemini.requests_to("/interactions", method="POST"))
    await collect(session.send("Louder?"))
    assert _uploads(fake_gemini) == 3
    assert len(fake_gemini.requests_to("/interactions", method="POST")) == posts + 1


@pytest.mark.asyncio
async def test_video_waits_until_active(
    engine: Engine, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    fake_gemini.set_processing_polls(2)
    video = _file(tmp_path, "clip.mp4", media_samples.mp4())
    events = await collect(engine.new_conversation().send("What happens?", [video]))
    assert done_of(events).status == "complete"
    assert "video, video/mp4, uri" in text_of(events)
    assert len(fake_gemini.requests_to("/v1beta/files/", method="GET")) >= 2


@pytest.mark.asyncio
async def test_clipboard_image_bytes(engine: Engine, fake_gemini: FakeGemini) -> None:
    pasted = validate_bytes(media_samples.png(), "clipboard.png")
    events = await collect(engine.new_conversation().send("", [pasted]))
    assert "image, image/png, inline data" in text_of(events)


@pytest.mark.asyncio
async def test_editing_keeps_the_attachments_without_uploading_again(
    engine: Engine, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    pdf = _file(tmp_path, "report.pdf", media_samples.pdf())
    session = engine.new_conversation()
    await collect(session.send("Summarise", [pdf]))
    original = session.path()[0]
    edited = await collect(session.edit(original.id, "Summarise in one line"))
    assert "document, application/pdf, uri" in text_of(edited)
    assert _uploads(fake_gemini) == 1
    (copy,) = session.path()[0].attachments
    (first,) = original.attachments
    assert copy.id != first.id
    assert (copy.sha256, copy.remote_uri) == (first.sha256, first.remote_uri)


@pytest.mark.asyncio
async def test_type_comes_from_content_not_the_name(
    engine: Engine, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    disguised_image = _file(tmp_path, "notes.txt", media_samples.png())
    disguised_text = _file(tmp_path, "picture.png", b"Shopping list: eggs, milk.\n")
    events = await collect(
        engine.new_conversation().send("What are these?", [disguised_image, disguised_text])
    )
    assert done_of(events).status == "complete"
    (body,) = [
        r.json
        for r in fake_gemini.requests_to("/interactions", method="POST")
        if r.json.get("stream")
    ]
    _, image, text = body["input"][0]["content"]
    assert (image["type"], image["mime_type"]) == ("image", "image/png")
    assert "data" in image  # small image: inline
    assert (text["type"], text["mime_type"]) == ("document", "text/plain")
    (uploaded,) = fake_gemini.files.values()
    assert uploaded.mime_type == "text/plain"
    assert text["uri"] == uploaded.uri
