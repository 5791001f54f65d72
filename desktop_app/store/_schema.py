"""Schema migrations, in order.  ``MIGRATIONS[n]`` turns version ``n`` into ``n + 1``.

Each runs inside one ``BEGIN IMMEDIATE`` transaction (see ``_db.migrate``); never edit
a released migration, append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ._folding import fold_for_index


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it would COMMIT the migration's transaction first.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_base(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE folders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL
        );
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            settings TEXT NOT NULL DEFAULT '{}',
            active_leaf_id INTEGER
        );
        CREATE INDEX conversations_order
            ON conversations(archived, pinned DESC, updated DESC, id DESC);
        CREATE INDEX conversations_by_folder
            ON conversations(folder_id, archived, pinned DESC, updated DESC, id DESC);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id),
            role TEXT NOT NULL CHECK (role IN ('user', 'model')),
            status TEXT NOT NULL CHECK (status IN
                ('sending', 'streaming', 'complete', 'stopped', 'incomplete', 'error')),
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            interaction_id TEXT,
            model TEXT,
            error TEXT,
            usage TEXT,
            -- Large columns last: reading text (search snippets) must not walk the
            -- overflow pages of the steps JSON.
            text TEXT NOT NULL DEFAULT '',
            thoughts TEXT NOT NULL DEFAULT '',
            steps TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_by_parent ON messages(parent_id, id);
        CREATE INDEX messages_in_flight ON messages(status)
            WHERE status IN ('sending', 'streaming');
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            sha256 TEXT NOT NULL,
            display_name TEXT NOT NULL,
            mime_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            remote_name TEXT,
            remote_uri TEXT,
            remote_expiry INTEGER,
            created INTEGER NOT NULL
        );
        CREATE INDEX attachments_by_message ON attachments(message_id, position);
        CREATE INDEX attachments_by_sha256 ON attachments(sha256);
        """,
    )


def _v2_quick_and_search(conn: sqlite3.Connection) -> None:
    """Quick-prompt flag, and a contentless FTS5 index fed with folded text.

    Rows: ``rowid = message id`` (body) and ``rowid = -conversation id`` (title).
    """
    conn.execute("ALTER TABLE conversations ADD COLUMN quick INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "title, body, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    insert = "INSERT INTO search_index(rowid, title, body) VALUES (?, ?, ?)"
    conn.executemany(
        insert,
        (
            (-cid, fold_for_index(title), "")
            for cid, title in conn.execute("SELECT id, title FROM conversations WHERE title != ''")
        ),
    )
    conn.executemany(
        insert,
        (
            (mid, "", fold_for_index(text))
            for mid, text in conn.execute("SELECT id, text FROM messages WHERE text != ''")
        ),
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_base,
    _v2_quick_and_search,
)
SCHEMA_VERSION = len(MIGRATIONS)
