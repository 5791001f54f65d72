"""Attachment files: content-addressed copies, sharing, garbage collection, remote info."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.store import HistoryStore, NotFoundError


def test_add_copies_into_attachments_by_sha256(store: HistoryStore, tmp_path: Path) -> None:
    source = tmp_path / "photo.png"
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100
    source.write_bytes(data)
    att = store.add_attachment(source)
    sha = hashlib.sha256(data).hexdigest()
    assert att.sha256 == sha
    assert att.path == store.attachments_dir / sha
    assert att.path.read_bytes() == data
    assert att.display_name == "photo.png"
    assert att.mime_type == "image/png"
    assert att.size == len(data)
    assert att.message_id is None
    source.unlink()  # the store owns a copy
    assert att.path.exists()
    assert not list(store.attachments_dir.glob(".incoming-*"))


def test_identical_content_is_stored_once(store: HistoryStore) -> None:
    a = store.add_attachment(b"same", display_name="a.txt")
    b = store.add_attachment(b"same", display_name="b.txt", mime_type="text/x-custom")
    assert a.id != b.id
    assert a.path == b.path
    assert b.mime_type == "text/x-custom"
    assert len(list(store.attachments_dir.iterdir())) == 1


def test_linking_and_deleting_keeps_shared_files(store: HistoryStore) -> None:
    one = store.create_conversation("one")
    two = store.create_conversation("two")
    shared1 = store.add_attachment(b"shared", display_name="s.txt")
    shared2 = store.add_attachment(b"shared", display_name="s.txt")
    own = store.add_attachment(b"only in one", display_name="o.txt")
    msg = store.append_message(one.id, "user", text="see", attachment_ids=[own.id, shared1.id])
    store.append_message(two.id, "user", text="too", attachment_ids=[shared2.id])
    assert [a.id for a in store.get_message(msg.id).attachments] == [own.id, shared1.id]
    assert store.active_path(one.id)[0].attachments[0].display_name == "o.txt"
    # An attachment can be linked once only.
    with pytest.raises(NotFoundError):
        store.append_message(two.id, "user", text="again", attachment_ids=[own.id])
    store.delete_conversation(one.id)
    assert not own.path.exists()
    assert shared1.path.exists()  # still used by conversation two
    store.delete_conversation(two.id)
    assert not shared1.path.exists()


def test_discard_and_purge_unlinked(store: HistoryStore) -> None:
    draft = store.add_attachment(b"draft", display_name="d.txt")
    store.discard_attachment(draft.id)
    assert not draft.path.exists()
    old = store.add_attachment(b"old", display_name="o.txt")
    assert store.purge_unlinked_attachments(older_than=timedelta(hours=1)) == 0
    assert store.purge_unlinked_attachments(older_than=timedelta(0)) == 1
    assert not old.path.exists()
    with pytest.raises(NotFoundError):
        store.get_attachment(old.id)


def test_remote_upload_info_and_reuse(store: HistoryStore) -> None:
    att = store.add_attachment(b"upload me", display_name="u.pdf")
    assert att.mime_type == "application/pdf"
    expiry = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    store.set_attachment_remote(att.id, name="files/abc", uri="https://x/files/abc", expiry=expiry)
    again = store.get_attachment(att.id)
    assert (again.remote_name, again.remote_uri, again.remote_expiry) == (
        "files/abc",
        "https://x/files/abc",
        expiry,
    )
    found = store.find_remote_upload(att.sha256, valid_until=expiry - timedelta(hours=1))
    assert found is not None
    assert found.id == att.id
    assert store.find_remote_upload(att.sha256, valid_until=expiry + timedelta(seconds=1)) is None
    assert store.find_remote_upload("0" * 64, valid_until=expiry) is None
