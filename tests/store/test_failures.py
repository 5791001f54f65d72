"""Bad files and bad machines: corruption, unwritable locations, full disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.store import (
    CorruptDatabaseError,
    DiskFullError,
    HistoryStore,
    StoreError,
    StoreUnavailableError,
)


def _filled(db_path: Path, messages: int = 5) -> int:
    with HistoryStore.open(db_path) as store:
        conv = store.create_conversation("kept")
        for i in range(messages):
            store.append_message(conv.id, "user", text=f"message {i} " + "x" * 3000)
        store._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return conv.id


def test_garbage_file_is_moved_aside_and_a_fresh_db_created(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not an sqlite database at all" * 200
    db_path.write_bytes(garbage)
    with HistoryStore.open(db_path) as store:
        moved = store.recovered_from_corruption
        assert moved is not None
        assert moved.name.startswith("history.sqlite3.corrupt-")
        assert moved.read_bytes() == garbage  # kept for the user, not deleted
        assert store.list_conversations() == []
        store.create_conversation("new life")
    with HistoryStore.open(db_path) as store:
        assert store.recovered_from_corruption is None
        assert [c.title for c in store.list_conversations()] == ["new life"]


def test_damaged_header_is_detected(db_path: Path) -> None:
    _filled(db_path)
    data = bytearray(db_path.read_bytes())
    data[0:16] = b"GARBAGE-HEADER!!"
    db_path.write_bytes(bytes(data))
    with HistoryStore.open(db_path) as store:
        assert store.recovered_from_corruption is not None
        assert store.count_conversations() == 0


def _damage_pages(db_path: Path) -> None:
    data = bytearray(db_path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):
        data[start + 8 : start + 200] = bytes(range(192))
    db_path.write_bytes(bytes(data))


def _use_everything(store: HistoryStore, cid: int) -> None:
    for m in store.messages(cid):
        store.get_message(m.id)
    store.search("message")
    store.count_conversations()
    for _ in range(3):
        store.append_message(cid, "user", text="y" * 5000)


def test_damaged_pages_found_later_raise_a_clear_error(db_path: Path) -> None:
    cid = _filled(db_path, messages=40)
    _damage_pages(db_path)
    with HistoryStore.open(db_path) as store, pytest.raises(CorruptDatabaseError) as info:
        _use_everything(store, cid)
    assert "damaged" in str(info.value)


def test_verify_moves_a_damaged_file_aside(db_path: Path) -> None:
    _filled(db_path, messages=40)
    _damage_pages(db_path)
    with HistoryStore.open(db_path, verify=True) as store:
        assert store.recovered_from_corruption is not None
        assert store.recovered_from_corruption.exists()
        assert store.check_integrity()


@pytest.mark.parametrize(
    "make_path",
    [
        # Tests run as root in CI, where permissions do not stop anything; these do.
        lambda tmp: _file(tmp / "blocker") / "data" / "history.sqlite3",
        lambda tmp: _file(tmp / "blocker2") / "history.sqlite3",
        lambda tmp: _dir(tmp / "is-a-directory.sqlite3"),
        lambda tmp: Path("/proc/gemdesk-test/history.sqlite3"),
    ],
)
def test_unusable_location_gives_a_clear_error(tmp_path: Path, make_path: object) -> None:
    path = make_path(tmp_path)  # type: ignore[operator]
    with pytest.raises(StoreUnavailableError) as info:
        HistoryStore.open(path)
    message = str(info.value)
    assert "Gemdesk cannot" in message
    assert str(path.parent) in message
    assert "Traceback" not in message


def _file(path: Path) -> Path:
    path.write_text("I am a file")
    return path


def _dir(path: Path) -> Path:
    path.mkdir()
    return path


def test_full_disk_is_reported_and_loses_nothing(store: HistoryStore) -> None:
    conv = store.create_conversation("before")
    kept = store.append_message(conv.id, "user", text="saved before the disk filled")
    conn = store._db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    with pytest.raises(DiskFullError) as info:
        store.append_message(conv.id, "model", text="big " * 20_000)
    assert "full" in str(info.value)
    assert isinstance(info.value, StoreError)
    assert store.get_message(kept.id).text == "saved before the disk filled"
    assert store.check_integrity()
    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    store.append_message(conv.id, "model", text="after")
    assert [m.text for m in store.active_path(conv.id)][-1] == "after"
    assert all(m.status == "complete" for m in store.messages(conv.id))


def test_errors_do_not_leave_a_transaction_open(store: HistoryStore) -> None:
    conv = store.create_conversation()
    with pytest.raises(StoreError):
        store.append_message(conv.id, "user", text="x", attachment_ids=[12345])
    assert not store._db.conn.in_transaction
    assert store.messages(conv.id) == []  # the insert was rolled back
    assert sqlite3.sqlite_version  # the real SQLite is in use
