"""Schema versions: migrating from every earlier version, backups, newer files."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from desktop_app.store import SCHEMA_VERSION, HistoryStore, NewerSchemaError
from desktop_app.store._db import BACKUPS_KEPT, backup_file, migrate


def _seed(conn: sqlite3.Connection, version: int) -> None:
    """Data as a Gemdesk at *version* would have written it (raw SQL of that schema)."""
    if version == 0:
        return
    conn.execute("INSERT INTO folders(id, name, position, created) VALUES (1, 'Old', 0, 1000)")
    conn.execute(
        "INSERT INTO conversations(id, title, folder_id, pinned, archived, created, updated,"
        " settings, active_leaf_id) VALUES (1, 'Güneşli İstanbul', 1, 1, 0, 1000, 2000,"
        ' \'{"model": "gemini-2.5-flash", "stateful": false}\', 2)'
    )
    conn.execute(
        "INSERT INTO messages(id, conversation_id, parent_id, role, steps, text, status,"
        " created, updated) VALUES (1, 1, NULL, 'user',"
        ' \'[{"type":"user_input","content":[{"type":"text","text":"Hava ılık mı?"}]}]\','
        " 'Hava ılık mı?', 'complete', 1000, 1000)"
    )
    conn.execute(
        "INSERT INTO messages(id, conversation_id, parent_id, role, steps, text, status,"
        " created, updated, interaction_id) VALUES (2, 1, 1, 'model', '[]', 'Evet, ILIK.',"
        " 'complete', 1500, 1500, 'v1_old')"
    )
    conn.execute(
        "INSERT INTO attachments(id, message_id, sha256, display_name, mime_type, size,"
        " created) VALUES (1, 1, 'ab', 'a.txt', 'text/plain', 2, 1000)"
    )


def _make_db(path: Path, version: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, path.parent / "unused-backups", target=version)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        _seed(conn, version)
    finally:
        conn.close()


def test_there_is_more_than_one_version() -> None:
    assert SCHEMA_VERSION >= 2


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(db_path: Path, version: int) -> None:
    _make_db(db_path, version)
    with HistoryStore.open(db_path) as store:
        assert store.migrated_from == version
        assert store._db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.check_integrity()
        if version == 0:
            assert store.backup_path is None
            assert store.list_conversations() == []
        else:
            [conv] = store.list_conversations()
            assert conv.title == "Güneşli İstanbul"
            assert conv.pinned
            assert not conv.quick
            assert conv.settings.model == "gemini-2.5-flash"
            assert not conv.settings.stateful
            path = store.active_path(conv.id)
            assert [m.text for m in path] == ["Hava ılık mı?", "Evet, ILIK."]
            assert path[0].attachments[0].display_name == "a.txt"
            # Data written before the search index existed is searchable.
            assert {h.message_id for h in store.search("ilik")} == {1, 2}
            assert [h.conversation_id for h in store.search("gunesli")] == [1]
            # The backup is the untouched old file.
            assert store.backup_path is not None
            assert store.backup_path.name.startswith(f"history-v{version}-")
            old = sqlite3.connect(store.backup_path)
            try:
                assert old.execute("PRAGMA user_version").fetchone()[0] == version
                assert old.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
            finally:
                old.close()
        # New data works on the migrated schema.
        new = store.create_conversation("after", quick=True)
        store.append_message(new.id, "user", text="fresh")
    with HistoryStore.open(db_path) as store:
        assert store.migrated_from is None


def test_only_the_last_backups_are_kept(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3")
    try:
        made = []
        for _ in range(BACKUPS_KEPT + 2):
            made.append(backup_file(conn, tmp_path / "backups", 1))
            time.sleep(0.01)
    finally:
        conn.close()
    assert sorted((tmp_path / "backups").iterdir()) == sorted(made[-BACKUPS_KEPT:])


def test_newer_schema_is_left_untouched(db_path: Path) -> None:
    _make_db(db_path, SCHEMA_VERSION)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of Gemdesk"):
        HistoryStore.open(db_path)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.corrupt-*"))
