"""Refusals, notices and turn errors are translatable Texts whose English is unchanged.

Real files, a real SQLite history and the emulator; the English expected here is
what these sentences said before they became Texts (the CLI prints it).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from desktop_app.api.client import GeminiClient
from desktop_app.api.retry import RetryPolicy
from desktop_app.core import Engine, ErrorOccurred
from desktop_app.core.attachments import MAX_FILE_BYTES, validate_bytes, validate_file
from desktop_app.core.engine import INTERRUPTED_MESSAGE
from desktop_app.core.errors import (
    AttachmentError,
    ConfigurationError,
    EngineError,
    InputError,
    NotFoundError,
)
from desktop_app.core.turns import STATELESS_NOTICE
from desktop_app.store import HistoryStore, NewerSchemaError, StoreError, StoreUnavailableError
from desktop_app.store import NotFoundError as StoreNotFound
from desktop_app.text import Text, describe, recognise
from tests.core import media_samples
from tests.core.conftest import collect
from tests.fake_gemini import FakeGemini


def _refusal(path: Path) -> Text:
    with pytest.raises(AttachmentError) as info:
        validate_file(path)
    text = info.value.human_text()
    assert isinstance(text, Text)
    assert text.context == "Attachments"
    assert str(info.value) == text  # the CLI prints str(exc)
    return text


def test_attachment_refusals_are_texts_with_the_same_english(tmp_path: Path) -> None:
    shown = str(tmp_path)
    assert _refusal(tmp_path / "gone.pdf") == f"{shown}/gone.pdf: no such file."
    folder = tmp_path / "photos"
    folder.mkdir()
    assert _refusal(folder) == f"{shown}/photos is a folder; attach the files inside it instead."
    empty = tmp_path / "empty.txt"
    empty.touch()
    assert _refusal(empty) == f"{shown}/empty.txt is empty (0 bytes)."
    huge = tmp_path / "huge.bin"
    with huge.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no 2 GB written
    assert _refusal(huge) == f"{shown}/huge.bin is 2.0 GB; files can be at most 2.0 GB."
    noise = tmp_path / "noise.dat"
    noise.write_bytes(bytes(range(256)) * 4)
    refused = _refusal(noise)
    assert refused == (
        f"{shown}/noise.dat: unsupported file type (not an image, audio, video, PDF, "
        "office document or text file)."
    )
    assert dict(refused.args) == {"name": f"{shown}/noise.dat"}
    archive = tmp_path / "data.zip"
    archive.write_bytes(media_samples.zip_archive())
    assert _refusal(archive) == f"{shown}/data.zip: unsupported file type (application/zip)."


def test_refusals_of_pasted_data_are_texts_too() -> None:
    with pytest.raises(AttachmentError) as info:
        validate_bytes(b"")
    assert info.value.human_text() == "pasted image is empty (0 bytes)."
    with pytest.raises(AttachmentError) as info:
        validate_bytes(bytes(range(256)) * 4, "clip")
    assert info.value.human_text().source == (
        "{name}: unsupported file type (not an image, audio, video, PDF, office document "
        "or text file)."
    )


def test_engine_refusals_are_texts_with_the_same_english(store: HistoryStore) -> None:
    engine = Engine(store, None)
    with pytest.raises(ConfigurationError) as no_key:
        engine.require_client()
    assert no_key.value.human_text() == (
        "No API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or save a key in Preferences."
    )
    assert no_key.value.human_text().context == "Engine"
    with pytest.raises(NotFoundError) as unknown:
        engine.open_conversation(999)
    assert unknown.value.human_message() == "Conversation 999 does not exist."
    assert dict(unknown.value.human_text().args) == {"conversation": 999}


@pytest.mark.asyncio
async def test_session_refusals_are_texts_with_the_same_english(store: HistoryStore) -> None:
    session = Engine(store, None).new_conversation()
    with pytest.raises(InputError) as empty:
        await collect(session.send("   "))
    assert empty.value.human_text() == "The prompt is empty."
    user = store.append_message(session.conversation_id, "user", text="Hi")
    with pytest.raises(InputError) as not_an_answer:
        await collect(session.retry(user.id))
    assert not_an_answer.value.human_text() == "Only an answer can be regenerated or retried."
    with pytest.raises(NotFoundError) as gone:
        await collect(session.retry(12345))
    assert gone.value.human_text() == "Message 12345 does not exist."


@pytest.mark.asyncio
async def test_a_failed_turn_reports_a_text_and_stores_english_it_can_recognise(
    store: HistoryStore, fake_gemini: FakeGemini
) -> None:
    async with GeminiClient(
        "invalid-key-for-this-test",
        base_url=fake_gemini.base_url,
        retry=RetryPolicy.no_retries(),
    ) as client:
        session = Engine(store, client, generate_titles=False).new_conversation()
        events = [e async for e in session.send("Hello")]
    errors = [e for e in events if isinstance(e, ErrorOccurred)]
    assert len(errors) == 1
    reported = errors[0].message
    assert isinstance(reported, Text)
    assert reported.context == "ApiError"
    assert reported == "The API key is missing or not valid. Check it in Preferences."
    stored = store.get_message(errors[0].message_id or -1).error
    assert stored == reported
    assert type(stored) is str  # the history keeps English only…
    found = recognise(stored)  # …which maps back to its catalogue entry
    assert found is not None
    assert (found.context, found.source) == (reported.context, reported.source)


@pytest.mark.asyncio
async def test_an_interrupted_answer_stores_a_recognisable_sentence(store: HistoryStore) -> None:
    engine = Engine(store, None)
    session = engine.new_conversation()
    store.append_message(session.conversation_id, "user", text="Hi")
    cut = store.append_message(session.conversation_id, "model", status="streaming")
    await engine.recover_interrupted()
    error = store.get_message(cut.id).error
    assert error == "Gemdesk closed before this answer finished. Retry to ask again."
    assert recognise(error or "") is INTERRUPTED_MESSAGE


def test_the_stateless_notice_is_a_text() -> None:
    assert isinstance(STATELESS_NOTICE, Text)
    assert STATELESS_NOTICE.context == "Turn"
    assert STATELESS_NOTICE == (
        "The server no longer accepts this conversation's stored history, so it now "
        "continues in stateless mode: the whole history is sent with every message."
    )


def _store_error(exc: StoreError) -> Text:
    text = describe(exc)
    assert text.context == "Store"
    assert str(exc) == text
    return text


def test_store_errors_are_texts_with_the_same_english(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(NewerSchemaError) as too_new:
        HistoryStore.open(newer)
    text = _store_error(too_new.value)
    assert text.startswith(
        "The history database was written by a newer version of Gemdesk (schema 999, "
    )
    assert text.endswith("Update Gemdesk; the file was left untouched.")

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreUnavailableError) as unusable:
        HistoryStore.open(blocker / "history.sqlite3")
    text = _store_error(unusable.value)
    assert text.startswith(f"Gemdesk cannot use its data folder {blocker}: ")
    assert text.args["reason"] == os.strerror(errno.EEXIST)  # mkdir over a file

    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        with pytest.raises(StoreNotFound) as missing:
            store.get_conversation(77)
        assert _store_error(missing.value) == "Conversation 77 does not exist."
        with pytest.raises(StoreNotFound) as folder:
            store.rename_folder(5, "x")
        assert _store_error(folder.value) == "Folder 5 does not exist."


def test_every_engine_error_has_a_text_even_from_plain_english() -> None:
    plain = EngineError("Something only English knows.")
    assert plain.human_text() == "Something only English knows."
    assert plain.human_text().context == ""
