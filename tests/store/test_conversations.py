"""Conversations and folders: create, list order and paging, flags, delete."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop_app import paths
from desktop_app.store import (
    ConversationSettings,
    HistoryStore,
    NotFoundError,
)


def test_open_defaults_to_the_profile_database(isolated_profile: Path) -> None:
    with HistoryStore.open() as store:
        assert store.path == paths.database_path()
        assert store.path.is_relative_to(isolated_profile)
        assert store.attachments_dir == paths.attachments_dir()
        assert store.backups_dir == paths.backups_dir()
        store.create_conversation("kept")
    with HistoryStore.open() as store:
        assert [c.title for c in store.list_conversations()] == ["kept"]
        assert store.recovered_from_corruption is None
        assert store.migrated_from is None


def test_connection_pragmas(store: HistoryStore) -> None:
    conn = store._db.conn  # the durability settings are part of the contract
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_create_and_get_round_trips_settings(store: HistoryStore) -> None:
    settings = ConversationSettings(
        model="gemini-3-flash-preview",
        system_instruction="Be brief.",
        generation_config={"temperature": 0.2, "thinking_level": "low"},
        stateful=False,
        preset="Terse",
        extra={"tools": [{"type": "google_search"}]},
    )
    conv = store.create_conversation("Trip", settings=settings, quick=True, pinned=True)
    again = store.get_conversation(conv.id)
    assert again == conv
    assert again.settings == settings
    assert again.quick
    assert again.pinned
    assert not again.archived
    assert again.active_leaf_id is None
    store.update_settings(conv.id, ConversationSettings(model="other"))
    assert store.get_conversation(conv.id).settings.model == "other"


def test_list_orders_pinned_first_then_recent_activity(store: HistoryStore) -> None:
    a = store.create_conversation("a")
    b = store.create_conversation("b")
    store.create_conversation("c")
    time.sleep(0.005)
    store.append_message(a.id, "user", text="new activity")
    assert [x.title for x in store.list_conversations()] == ["a", "c", "b"]
    store.set_pinned(b.id, True)
    assert [x.title for x in store.list_conversations()] == ["b", "a", "c"]
    store.set_pinned(b.id, False)
    store.set_archived(a.id, True)
    assert [x.title for x in store.list_conversations()] == ["c", "b"]
    assert [x.title for x in store.list_conversations(archived=True)] == ["a"]
    assert [x.title for x in store.list_conversations(archived=None)] == ["a", "c", "b"]
    assert store.count_conversations() == 2
    assert store.count_conversations(archived=None) == 3


def test_paging_covers_everything_once(store: HistoryStore) -> None:
    ids = {store.create_conversation(f"c{i}").id for i in range(23)}
    seen: list[int] = []
    for offset in range(0, 30, 10):
        seen += [c.id for c in store.list_conversations(offset=offset, limit=10)]
    assert len(seen) == 23
    assert set(seen) == ids


def test_folders_filter_and_delete(store: HistoryStore) -> None:
    work = store.create_folder("Work")
    home = store.create_folder("Home")
    assert [f.name for f in store.list_folders()] == ["Work", "Home"]
    x = store.create_conversation("x", folder_id=work.id)
    y = store.create_conversation("y")
    store.move_conversation(y.id, home.id)
    z = store.create_conversation("z")
    assert [c.id for c in store.list_conversations(folder=work.id)] == [x.id]
    assert [c.id for c in store.list_conversations(folder="none")] == [z.id]
    assert store.count_conversations(folder=home.id) == 1
    store.rename_folder(home.id, "House")
    store.set_folder_position(home.id, 0)
    assert [f.name for f in store.list_folders()] == ["House", "Work"]
    store.delete_folder(work.id)
    assert store.get_conversation(x.id).folder_id is None
    assert [f.name for f in store.list_folders()] == ["House"]
    with pytest.raises(NotFoundError):
        store.rename_folder(work.id, "gone")


def test_quick_filter(store: HistoryStore) -> None:
    store.create_conversation("normal")
    quick = store.create_conversation("quick", quick=True)
    assert [c.title for c in store.list_conversations(quick=False)] == ["normal"]
    assert [c.title for c in store.list_conversations(quick=True)] == ["quick"]
    store.set_quick(quick.id, False)
    assert store.count_conversations(quick=False) == 2


def test_rename_and_delete(store: HistoryStore) -> None:
    conv = store.create_conversation("old")
    store.rename_conversation(conv.id, "new")
    assert store.get_conversation(conv.id).title == "new"
    msg = store.append_message(conv.id, "user", text="hello")
    store.delete_conversation(conv.id)
    with pytest.raises(NotFoundError):
        store.get_conversation(conv.id)
    with pytest.raises(NotFoundError):
        store.get_message(msg.id)
    with pytest.raises(NotFoundError):
        store.delete_conversation(conv.id)
    assert store.search("hello") == []
    assert store.search("new") == []


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.rename_conversation(999, "x"),
        lambda s: s.move_conversation(999, None),
        lambda s: s.set_pinned(999, True),
        lambda s: s.set_archived(999, True),
        lambda s: s.update_settings(999, ConversationSettings()),
        lambda s: s.set_active_leaf(999, None),
        lambda s: s.append_message(999, "user", text="x"),
        lambda s: s.active_path(999),
        lambda s: s.get_folder(999),
    ],
)
def test_unknown_ids_raise_not_found(store: HistoryStore, call: object) -> None:
    with pytest.raises(NotFoundError):
        call(store)  # type: ignore[operator]


def test_store_is_shared_safely_across_threads(store: HistoryStore) -> None:
    import concurrent.futures

    conv = store.create_conversation("threads")

    def work(i: int) -> int:
        return store.append_message(conv.id, "user", text=f"m{i}", parent_id=None).id

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(work, range(40)))
    assert len(set(ids)) == 40
    assert len(store.roots(conv.id)) == 40


def test_data_version_reveals_changes_from_other_connections(db_path: Path) -> None:
    with HistoryStore.open(db_path) as gui, HistoryStore.open(db_path) as cli:
        before = gui.data_version()
        gui.create_conversation("own write")
        assert gui.data_version() == before  # own commits do not count
        cli.create_conversation("from the CLI")
        assert gui.data_version() != before
        assert gui.count_conversations() == 2


def test_wal_is_checkpointed_in_the_background(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.store import _db

    monkeypatch.setattr(_db, "CHECKPOINT_INTERVAL_S", 0.02)
    with HistoryStore.open(db_path) as store:
        conn = store._db.conn
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] > 1000
        conv = store.create_conversation()
        store.append_message(conv.id, "user", text="x" * 10_000)
        deadline = time.monotonic() + 10
        while store._db._checkpointer.checkpoints == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store._db._checkpointer.checkpoints > 0
        # Everything in the WAL has been copied into the database file.
        _busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert frames == copied
