"""The history store: conversations, folders, the message tree, attachments, search.

Threading: a :class:`HistoryStore` may be used from the UI thread and from
``asyncio.to_thread`` workers (one internal lock serialises them).  Each method's
docstring says which it is made for:

* **UI thread** – indexed single-row reads/writes, well under a millisecond to a
  few ms on a large history;
* **to_thread** – work that grows with the data (search, export/import, delete
  of a big conversation, copying an attachment, integrity checks).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import mimetypes
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from .. import paths
from ..text import Text, translate_noop
from . import _export
from ._db import Database, connect, is_corrupt, migrate, move_aside, now_ms, translate_error
from ._errors import ImportFormatError, NotFoundError, StoreError
from ._folding import fold_for_index, fts_match_expression, query_terms
from ._models import (
    IN_FLIGHT_STATUSES,
    Attachment,
    Conversation,
    ConversationSettings,
    Folder,
    FolderFilter,
    Message,
    MessageStatus,
    Role,
    SearchHit,
    utc_from_ms,
)
from ._schema import SCHEMA_VERSION
from ._search import make_snippet
from ._steps import derive_text, derive_thoughts

log = logging.getLogger(__name__)

# An id that does not (or no longer) exist(s): English, translated by the UI.
_NO_FOLDER = translate_noop("Store", "Folder {id} does not exist.")
_NO_CONVERSATION = translate_noop("Store", "Conversation {id} does not exist.")
_NO_MESSAGE = translate_noop("Store", "Message {id} does not exist.")
_NO_ATTACHMENT = translate_noop("Store", "Attachment {id} does not exist.")
_ATTACHMENT_USED = translate_noop("Store", "Attachment {id} does not exist or is already used.")
_ATTACHMENT_SENT = translate_noop("Store", "Attachment {id} is unknown or already sent.")
_NOT_IN_CONVERSATION = translate_noop(
    "Store", "Message {message} is not in conversation {conversation}."
)
_Kind = Literal["Folder", "Conversation", "Message", "Attachment"]
_NO_SUCH: dict[str, Text] = {
    "Folder": _NO_FOLDER,
    "Conversation": _NO_CONVERSATION,
    "Message": _NO_MESSAGE,
    "Attachment": _NO_ATTACHMENT,
}

_CONV_COLS = (
    "id, title, folder_id, pinned, archived, quick, created, updated, settings, active_leaf_id"
)
_MSG_COLS = (
    "id, conversation_id, parent_id, role, steps, text, thoughts, interaction_id, status, "
    "error, usage, model, created"
)
_ATT_COLS = (
    "id, message_id, sha256, display_name, mime_type, size, remote_name, remote_uri, "
    "remote_expiry, created"
)
_FTS_INSERT = "INSERT INTO search_index(rowid, title, body) VALUES (?, ?, ?)"
_FTS_DELETE = (
    "INSERT INTO search_index(search_index, rowid, title, body) VALUES ('delete', ?, ?, ?)"
)
_COPY_CHUNK = 1 << 20
#: How many of the most recent matches :meth:`HistoryStore.search` ranks by default.
SEARCH_WINDOW = 2000

ParentRef = int | None | Literal["active"]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _to_ms(value: datetime | None) -> int | None:
    return None if value is None else round(value.timestamp() * 1000)


def _index_body(conn: sqlite3.Connection, message_id: int, old: str, new: str) -> None:
    """Keep the contentless FTS row of a message in step with its text."""
    if old == new:
        return
    if old:
        conn.execute(_FTS_DELETE, (message_id, "", fold_for_index(old)))
    if new:
        conn.execute(_FTS_INSERT, (message_id, "", fold_for_index(new)))


def _index_title(conn: sqlite3.Connection, conversation_id: int, old: str, new: str) -> None:
    if old == new:
        return
    if old:
        conn.execute(_FTS_DELETE, (-conversation_id, fold_for_index(old), ""))
    if new:
        conn.execute(_FTS_INSERT, (-conversation_id, fold_for_index(new), ""))


class HistoryStore:
    """Gemdesk's local history.  Create with :meth:`open`; close with :meth:`close`.

    Attributes set by :meth:`open` for the UI to report:

    * ``recovered_from_corruption`` – where a damaged file was moved, else None;
    * ``migrated_from`` – the schema version found before migrating, else None;
    * ``backup_path`` – the pre-migration backup, else None.
    """

    def __init__(self, db: Database, attachments_dir: Path, backups_dir: Path) -> None:
        self._db = db
        self.path = db.path
        self.attachments_dir = attachments_dir
        self.backups_dir = backups_dir
        self.recovered_from_corruption: Path | None = None
        self.migrated_from: int | None = None
        self.backup_path: Path | None = None

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        attachments_dir: Path | None = None,
        backups_dir: Path | None = None,
        verify: bool = False,
    ) -> HistoryStore:
        """Open (creating or migrating) the database.  UI thread: a few ms, unless it migrates.

        *path* defaults to :func:`paths.database_path`; attachments and backups
        default to the ``attachments`` / ``backups`` folders next to it.  A file
        that is not a readable SQLite database (or, with ``verify=True``, fails
        ``PRAGMA quick_check``, which reads the whole file: use to_thread) is moved
        to ``<name>.corrupt-<timestamp>`` and a fresh database is created; see
        ``recovered_from_corruption``.  Raises :class:`StoreUnavailableError`,
        :class:`DiskFullError` or :class:`NewerSchemaError` with a message for the user.
        """
        if path is None:
            path = paths.database_path()
            attachments_dir = attachments_dir or paths.attachments_dir()
            backups_dir = backups_dir or paths.backups_dir()
        path = Path(path)
        attachments_dir = attachments_dir or path.parent / "attachments"
        backups_dir = backups_dir or path.parent / "backups"
        recovered: Path | None = None
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = connect(path)
            except (OSError, sqlite3.Error) as exc:
                if attempt == 0 and is_corrupt(exc) and path.exists():
                    recovered = cls._move_aside(path, exc)
                    continue
                raise translate_error(exc, path) from exc
            try:
                if verify and path.stat().st_size > 0:
                    result = conn.execute("PRAGMA quick_check").fetchone()[0]
                    if result != "ok":
                        raise sqlite3.DatabaseError(f"quick_check: {result}")
                migrated_from, backup = migrate(conn, backups_dir)
            except (OSError, sqlite3.Error) as exc:
                conn.close()
                damaged = is_corrupt(exc) or str(exc).startswith("quick_check")
                if attempt == 0 and damaged:
                    recovered = cls._move_aside(path, exc)
                    continue
                raise translate_error(exc, path) from exc
            except BaseException:
                conn.close()
                raise
            store = cls(Database(conn, path), attachments_dir, backups_dir)
            store.recovered_from_corruption = recovered
            store.migrated_from = migrated_from
            store.backup_path = backup
            return store
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _move_aside(path: Path, cause: BaseException) -> Path:
        try:
            moved = move_aside(path)
        except OSError as exc:
            raise translate_error(exc, path) from cause
        log.warning("history database was damaged (%s); moved to %s", cause, moved)
        return moved

    def close(self) -> None:
        """Close the connection (idempotent).  UI thread."""
        with contextlib.suppress(sqlite3.ProgrammingError):
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def data_version(self) -> int:
        """A number that changes when *another* connection (e.g. the CLI) commits.

        Poll it from a timer to refresh views after outside changes.  UI thread.
        """
        return int(self._db.read(lambda c: c.execute("PRAGMA data_version").fetchone()[0]))

    def check_integrity(self) -> bool:
        """``PRAGMA integrity_check`` is ok (reads everything: to_thread)."""
        result = self._db.read(lambda c: c.execute("PRAGMA integrity_check").fetchall())
        return [r[0] for r in result] == ["ok"]

    # ------------------------------------------------------------------- folders

    def create_folder(self, name: str) -> Folder:
        """A new folder placed last.  UI thread."""

        def fn(c: sqlite3.Connection) -> int:
            pos = c.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM folders").fetchone()[0]
            cur = c.execute(
                "INSERT INTO folders(name, position, created) VALUES (?, ?, ?)",
                (name, pos, now_ms()),
            )
            return int(cur.lastrowid or 0)

        return self.get_folder(self._db.write(fn))

    def get_folder(self, folder_id: int) -> Folder:
        """UI thread."""
        row = self._db.read(
            lambda c: c.execute(
                "SELECT id, name, position, created FROM folders WHERE id = ?", (folder_id,)
            ).fetchone()
        )
        if row is None:
            raise NotFoundError(_NO_FOLDER.format(id=folder_id))
        return Folder(row[0], row[1], row[2], utc_from_ms(row[3]))

    def list_folders(self) -> list[Folder]:
        """All folders by position.  UI thread."""
        result = self._db.read(
            lambda c: c.execute(
                "SELECT id, name, position, created FROM folders ORDER BY position, id"
            ).fetchall()
        )
        return [Folder(r[0], r[1], r[2], utc_from_ms(r[3])) for r in result]

    def rename_folder(self, folder_id: int, name: str) -> None:
        """UI thread."""
        self._update_one("UPDATE folders SET name = ? WHERE id = ?", (name, folder_id), "Folder")

    def set_folder_position(self, folder_id: int, position: int) -> None:
        """Move a folder to *position* (0-based) among the others.  UI thread."""

        def fn(c: sqlite3.Connection) -> None:
            ids = [r[0] for r in c.execute("SELECT id FROM folders ORDER BY position, id")]
            if folder_id not in ids:
                raise NotFoundError(_NO_FOLDER.format(id=folder_id))
            ids.remove(folder_id)
            ids.insert(max(0, min(position, len(ids))), folder_id)
            c.executemany(
                "UPDATE folders SET position = ? WHERE id = ?", [(i, f) for i, f in enumerate(ids)]
            )

        self._db.write(fn)

    def delete_folder(self, folder_id: int) -> None:
        """Delete a folder; its conversations stay, without a folder.  UI thread."""
        self._update_one("DELETE FROM folders WHERE id = ?", (folder_id,), "Folder")

    # ------------------------------------------------------------- conversations

    def create_conversation(
        self,
        title: str = "",
        *,
        folder_id: int | None = None,
        settings: ConversationSettings | None = None,
        quick: bool = False,
        pinned: bool = False,
    ) -> Conversation:
        """A new, empty conversation.  UI thread."""
        settings = settings or ConversationSettings()

        def fn(c: sqlite3.Connection) -> int:
            now = now_ms()
            cur = c.execute(
                "INSERT INTO conversations(title, folder_id, pinned, archived, quick, created,"
                " updated, settings) VALUES (?, ?, ?, 0, ?, ?, ?, ?)",
                (title, folder_id, int(pinned), int(quick), now, now, _dumps(settings.to_json())),
            )
            cid = int(cur.lastrowid or 0)
            _index_title(c, cid, "", title)
            return cid

        return self.get_conversation(self._db.write(fn))

    def get_conversation(self, conversation_id: int) -> Conversation:
        """UI thread."""
        row = self._db.read(
            lambda c: c.execute(
                f"SELECT {_CONV_COLS} FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        )
        if row is None:
            raise NotFoundError(_NO_CONVERSATION.format(id=conversation_id))
        return self._conversation(row)

    @staticmethod
    def _conversation(row: Sequence[Any]) -> Conversation:
        return Conversation(
            id=row[0],
            title=row[1],
            folder_id=row[2],
            pinned=bool(row[3]),
            archived=bool(row[4]),
            quick=bool(row[5]),
            created=utc_from_ms(row[6]),
            updated=utc_from_ms(row[7]),
            settings=ConversationSettings.from_json(json.loads(row[8])),
            active_leaf_id=row[9],
        )

    @staticmethod
    def _conversation_filter(
        folder: FolderFilter, archived: bool | None, quick: bool | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if archived is not None:
            where.append("archived = ?")
            params.append(int(archived))
        if folder == "none":
            where.append("folder_id IS NULL")
        elif folder != "all":
            where.append("folder_id = ?")
            params.append(folder)
        if quick is not None:
            where.append("quick = ?")
            params.append(int(quick))
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def list_conversations(
        self,
        *,
        offset: int = 0,
        limit: int = 100,
        folder: FolderFilter = "all",
        archived: bool | None = False,
        quick: bool | None = None,
    ) -> list[Conversation]:
        """A page of conversations: pinned first, then most recent activity.  UI thread.

        *folder*: a folder id, ``"all"`` or ``"none"`` (not in a folder).
        *archived*: False (default) hides archived ones, True lists only them, None both.
        *quick*: filter quick-prompt conversations (None: both).
        """
        where, params = self._conversation_filter(folder, archived, quick)
        sql = (
            f"SELECT {_CONV_COLS} FROM conversations{where}"
            " ORDER BY pinned DESC, updated DESC, id DESC LIMIT ? OFFSET ?"
        )
        result = self._db.read(lambda c: c.execute(sql, [*params, limit, offset]).fetchall())
        return [self._conversation(r) for r in result]

    def count_conversations(
        self,
        *,
        folder: FolderFilter = "all",
        archived: bool | None = False,
        quick: bool | None = None,
    ) -> int:
        """How many :meth:`list_conversations` would page through.  UI thread."""
        where, params = self._conversation_filter(folder, archived, quick)
        sql = f"SELECT count(*) FROM conversations{where}"
        return int(self._db.read(lambda c: c.execute(sql, params).fetchone()[0]))

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        """UI thread."""

        def fn(c: sqlite3.Connection) -> None:
            row = c.execute(
                "SELECT title FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(_NO_CONVERSATION.format(id=conversation_id))
            c.execute("UPDATE conversations SET title = ? WHERE id = ?", (title, conversation_id))
            _index_title(c, conversation_id, row[0], title)

        self._db.write(fn)

    def move_conversation(self, conversation_id: int, folder_id: int | None) -> None:
        """Put a conversation in a folder (None: no folder).  UI thread."""
        self._update_one(
            "UPDATE conversations SET folder_id = ? WHERE id = ?",
            (folder_id, conversation_id),
            "Conversation",
        )

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """UI thread."""
        self._update_one(
            "UPDATE conversations SET pinned = ? WHERE id = ?",
            (int(pinned), conversation_id),
            "Conversation",
        )

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        """UI thread."""
        self._update_one(
            "UPDATE conversations SET archived = ? WHERE id = ?",
            (int(archived), conversation_id),
            "Conversation",
        )

    def set_quick(self, conversation_id: int, quick: bool) -> None:
        """Mark (or unmark) a quick-prompt conversation, e.g. when it is kept.  UI thread."""
        self._update_one(
            "UPDATE conversations SET quick = ? WHERE id = ?",
            (int(quick), conversation_id),
            "Conversation",
        )

    def update_settings(self, conversation_id: int, settings: ConversationSettings) -> None:
        """UI thread."""
        self._update_one(
            "UPDATE conversations SET settings = ? WHERE id = ?",
            (_dumps(settings.to_json()), conversation_id),
            "Conversation",
        )

    def set_active_leaf(self, conversation_id: int, message_id: int | None) -> None:
        """Choose which branch :meth:`active_path` follows.  UI thread."""

        def fn(c: sqlite3.Connection) -> None:
            if message_id is not None:
                owner = c.execute(
                    "SELECT conversation_id FROM messages WHERE id = ?", (message_id,)
                ).fetchone()
                if owner is None or owner[0] != conversation_id:
                    raise NotFoundError(
                        _NOT_IN_CONVERSATION.format(
                            message=message_id, conversation=conversation_id
                        )
                    )
            cur = c.execute(
                "UPDATE conversations SET active_leaf_id = ? WHERE id = ?",
                (message_id, conversation_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError(_NO_CONVERSATION.format(id=conversation_id))

        self._db.write(fn)

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete a conversation, its messages, and attachment files nothing else uses.

        Grows with the conversation: to_thread for long ones (fine on the UI thread
        for typical ones).
        """

        def fn(c: sqlite3.Connection) -> set[str]:
            row = c.execute(
                "SELECT title FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(_NO_CONVERSATION.format(id=conversation_id))
            _index_title(c, conversation_id, row[0], "")
            for mid, text in c.execute(
                "SELECT id, text FROM messages WHERE conversation_id = ? AND text != ''",
                (conversation_id,),
            ).fetchall():
                _index_body(c, mid, text, "")
            shas = {
                r[0]
                for r in c.execute(
                    "SELECT a.sha256 FROM attachments a JOIN messages m ON m.id = a.message_id"
                    " WHERE m.conversation_id = ?",
                    (conversation_id,),
                )
            }
            c.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            return shas

        self._collect_garbage(self._db.write(fn))

    # ------------------------------------------------------------------ messages

    def append_message(
        self,
        conversation_id: int,
        role: Role,
        *,
        steps: list[dict[str, Any]] | None = None,
        text: str | None = None,
        parent_id: ParentRef = "active",
        status: MessageStatus = "complete",
        interaction_id: str | None = None,
        model: str | None = None,
        usage: dict[str, Any] | None = None,
        error: str | None = None,
        attachment_ids: Sequence[int] = (),
        make_active: bool = True,
    ) -> Message:
        """Add a message to the tree and (by default) make it the active leaf.  UI thread.

        *parent_id* ``"active"`` means the conversation's current active leaf
        (None for a new root, e.g. the first message).  *text* defaults to the
        text derived from *steps*.  *attachment_ids* come from
        :meth:`add_attachment` and must not be linked to another message yet.
        Bumps the conversation's ``updated`` time.
        """
        steps = list(steps or [])
        body = derive_text(steps) if text is None else text
        thoughts = derive_thoughts(steps)
        steps_json = _dumps(steps)
        usage_json = None if usage is None else _dumps(usage)

        def fn(c: sqlite3.Connection) -> Message:
            conv = c.execute(
                "SELECT active_leaf_id FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if conv is None:
                raise NotFoundError(_NO_CONVERSATION.format(id=conversation_id))
            parent = conv[0] if parent_id == "active" else parent_id
            if parent is not None:
                owner = c.execute(
                    "SELECT conversation_id FROM messages WHERE id = ?", (parent,)
                ).fetchone()
                if owner is None or owner[0] != conversation_id:
                    raise NotFoundError(
                        _NOT_IN_CONVERSATION.format(message=parent, conversation=conversation_id)
                    )
            now = now_ms()
            cur = c.execute(
                "INSERT INTO messages(conversation_id, parent_id, role, steps, text, thoughts,"
                " interaction_id, status, error, usage, model, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    parent,
                    role,
                    steps_json,
                    body,
                    thoughts,
                    interaction_id,
                    status,
                    error,
                    usage_json,
                    model,
                    now,
                    now,
                ),
            )
            mid = int(cur.lastrowid or 0)
            _index_body(c, mid, "", body)
            for position, att in enumerate(attachment_ids):
                linked = c.execute(
                    "UPDATE attachments SET message_id = ?, position = ?"
                    " WHERE id = ? AND message_id IS NULL",
                    (mid, position, att),
                )
                if linked.rowcount != 1:
                    raise NotFoundError(_ATTACHMENT_USED.format(id=att))
            if make_active:
                c.execute(
                    "UPDATE conversations SET updated = ?, active_leaf_id = ? WHERE id = ?",
                    (now, mid, conversation_id),
                )
            else:
                c.execute(
                    "UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id)
                )
            attachments: tuple[Attachment, ...] = ()
            if attachment_ids:
                attachments = tuple(
                    self._attachment(r)
                    for r in c.execute(
                        f"SELECT {_ATT_COLS} FROM attachments WHERE message_id = ?"
                        " ORDER BY position",
                        (mid,),
                    )
                )
            # Built from what was written (no re-read: this is on the UI thread's hot path).
            return Message(
                id=mid,
                conversation_id=conversation_id,
                parent_id=parent,
                role=role,
                steps=json.loads(steps_json),
                text=body,
                thoughts=thoughts,
                interaction_id=interaction_id,
                status=status,
                error=error,
                usage=None if usage_json is None else json.loads(usage_json),
                model=model,
                created=utc_from_ms(now),
                attachments=attachments,
            )

        return self._db.write(fn)

    def update_streaming(
        self,
        message_id: int,
        *,
        steps: list[dict[str, Any]],
        text: str | None = None,
        status: MessageStatus = "streaming",
        interaction_id: str | None = None,
    ) -> None:
        """Save the partial steps of a message being streamed.  UI thread (cheap).

        Prefer :class:`StreamingWriter`, which throttles calls to this.
        *interaction_id* None keeps the stored one.
        """
        body = derive_text(steps) if text is None else text
        thoughts = derive_thoughts(steps)
        steps_json = _dumps(steps)

        def fn(c: sqlite3.Connection) -> None:
            row = c.execute("SELECT text FROM messages WHERE id = ?", (message_id,)).fetchone()
            if row is None:
                raise NotFoundError(_NO_MESSAGE.format(id=message_id))
            c.execute(
                "UPDATE messages SET steps = ?, text = ?, thoughts = ?, status = ?, updated = ?,"
                " interaction_id = COALESCE(?, interaction_id) WHERE id = ?",
                (steps_json, body, thoughts, status, now_ms(), interaction_id, message_id),
            )
            _index_body(c, message_id, row[0], body)

        self._db.write(fn)

    def finish_message(
        self,
        message_id: int,
        status: MessageStatus,
        *,
        steps: list[dict[str, Any]] | None = None,
        text: str | None = None,
        usage: dict[str, Any] | None = None,
        error: str | None = None,
        interaction_id: str | None = None,
        model: str | None = None,
    ) -> Message:
        """Final state of a message (complete/stopped/incomplete/error).  UI thread.

        Arguments left as None keep the stored values (steps given without text
        re-derive the text).  Bumps the conversation's ``updated`` time.
        """
        body = None if steps is None and text is None else text
        if body is None and steps is not None:
            body = derive_text(steps)
        thoughts = None if steps is None else derive_thoughts(steps)

        def fn(c: sqlite3.Connection) -> None:
            row = c.execute(
                "SELECT text, conversation_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(_NO_MESSAGE.format(id=message_id))
            now = now_ms()
            c.execute(
                "UPDATE messages SET status = ?, updated = ?,"
                " steps = COALESCE(?, steps), text = COALESCE(?, text),"
                " thoughts = COALESCE(?, thoughts), usage = COALESCE(?, usage),"
                " error = COALESCE(?, error), interaction_id = COALESCE(?, interaction_id),"
                " model = COALESCE(?, model) WHERE id = ?",
                (
                    status,
                    now,
                    None if steps is None else _dumps(steps),
                    body,
                    thoughts,
                    None if usage is None else _dumps(usage),
                    error,
                    interaction_id,
                    model,
                    message_id,
                ),
            )
            if body is not None:
                _index_body(c, message_id, row[0], body)
            c.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, row[1]))

        self._db.write(fn)
        return self.get_message(message_id)

    def set_status(
        self, message_id: int, status: MessageStatus, *, error: str | None = None
    ) -> None:
        """Change only the status (and error text).  UI thread."""
        self._update_one(
            "UPDATE messages SET status = ?, error = COALESCE(?, error), updated = ? WHERE id = ?",
            (status, error, now_ms(), message_id),
            "Message",
        )

    def delete_message(self, message_id: int) -> None:
        """Delete a message and its whole subtree; an active leaf inside moves to the parent.

        UI thread for normal branches.
        """

        def fn(c: sqlite3.Connection) -> set[str]:
            row = c.execute(
                "SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(_NO_MESSAGE.format(id=message_id))
            conversation_id, parent = row
            subtree = c.execute(
                "WITH RECURSIVE t(id) AS (SELECT ? UNION ALL"
                " SELECT m.id FROM messages m JOIN t ON m.parent_id = t.id)"
                " SELECT m.id, m.text FROM messages m JOIN t ON m.id = t.id",
                (message_id,),
            ).fetchall()
            ids = [r[0] for r in subtree]
            for mid, text in subtree:
                _index_body(c, mid, text, "")
            id_list = _dumps(ids)
            shas = {
                r[0]
                for r in c.execute(
                    "SELECT sha256 FROM attachments WHERE message_id IN"
                    " (SELECT value FROM json_each(?))",
                    (id_list,),
                )
            }
            c.execute(
                "UPDATE conversations SET active_leaf_id = ? WHERE id = ? AND active_leaf_id IN"
                " (SELECT value FROM json_each(?))",
                (parent, conversation_id, id_list),
            )
            c.execute(
                "DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))", (id_list,)
            )
            return shas

        self._collect_garbage(self._db.write(fn))

    def get_message(self, message_id: int) -> Message:
        """UI thread."""
        found = self._messages_where("id = ?", (message_id,))
        if not found:
            raise NotFoundError(_NO_MESSAGE.format(id=message_id))
        return found[0]

    def messages(self, conversation_id: int) -> list[Message]:
        """Every message of a conversation (all branches) in creation order.

        Grows with the conversation (to_thread for big ones).
        """
        return self._messages_where("conversation_id = ? ORDER BY id", (conversation_id,))

    def children(self, message_id: int) -> list[Message]:
        """Direct replies to a message, oldest first.  UI thread."""
        return self._messages_where("parent_id = ? ORDER BY id", (message_id,))

    def roots(self, conversation_id: int) -> list[Message]:
        """Messages without a parent (alternative first turns), oldest first.  UI thread."""
        return self._messages_where(
            "conversation_id = ? AND parent_id IS NULL ORDER BY id", (conversation_id,)
        )

    def siblings(self, message_id: int) -> list[Message]:
        """The message and its alternatives (same parent), oldest first.  UI thread."""
        row = self._db.read(
            lambda c: c.execute(
                "SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
        )
        if row is None:
            return []
        # Two plain equality lookups: "parent_id IS (subquery)" defeated the index and
        # scanned the table on a large history.
        if row[1] is None:
            return self._messages_where(
                "conversation_id = ? AND parent_id IS NULL ORDER BY id", (row[0],)
            )
        return self._messages_where("parent_id = ? ORDER BY id", (row[1],))

    def latest_leaf(self, message_id: int) -> int:
        """Follow the newest child from *message_id* down to a leaf (for branch switching).

        UI thread.
        """

        def fn(c: sqlite3.Connection) -> int:
            current = message_id
            while True:
                row = c.execute(
                    "SELECT max(id) FROM messages WHERE parent_id = ?", (current,)
                ).fetchone()
                if row[0] is None:
                    return current
                current = int(row[0])

        return self._db.read(fn)

    def active_path(self, conversation_id: int) -> list[Message]:
        """Messages from the root to the active leaf: what the transcript shows.  UI thread.

        Empty when the conversation has no messages.
        """
        sql = (
            "WITH RECURSIVE path(id, depth) AS ("
            " SELECT active_leaf_id, 0 FROM conversations WHERE id = ?"
            " UNION ALL SELECT m.parent_id, path.depth + 1 FROM messages m"
            " JOIN path ON m.id = path.id WHERE m.parent_id IS NOT NULL)"
            f" SELECT {', '.join('m.' + c.strip() for c in _MSG_COLS.split(','))}"
            " FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC"
        )

        def fn(c: sqlite3.Connection) -> list[Message]:
            if (
                c.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
                is None
            ):
                raise NotFoundError(_NO_CONVERSATION.format(id=conversation_id))
            return self._build_messages(c, c.execute(sql, (conversation_id,)).fetchall())

        return self._db.read(fn)

    def messages_in_state(
        self,
        statuses: Iterable[MessageStatus] = IN_FLIGHT_STATUSES,
        *,
        idle_for: timedelta | None = None,
    ) -> list[Message]:
        """Messages whose status is one of *statuses* (crash recovery).  UI thread.

        *idle_for*: only those not written for at least this long, so a process
        does not "recover" a message another live process is still streaming.
        """
        wanted = list(statuses)
        where = "status IN (SELECT value FROM json_each(?))"
        params: list[Any] = [_dumps(wanted)]
        if idle_for is not None:
            where += " AND updated <= ?"
            params.append(now_ms() - int(idle_for.total_seconds() * 1000))
        return self._messages_where(where + " ORDER BY id", params)

    def _messages_where(self, where: str, params: Sequence[Any]) -> list[Message]:
        sql = f"SELECT {_MSG_COLS} FROM messages WHERE {where}"
        return self._db.read(lambda c: self._build_messages(c, c.execute(sql, params).fetchall()))

    def _build_messages(self, c: sqlite3.Connection, result: list[Any]) -> list[Message]:
        if not result:
            return []
        by_message: dict[int, list[Attachment]] = {}
        for att in c.execute(
            f"SELECT {_ATT_COLS} FROM attachments WHERE message_id IN"
            " (SELECT value FROM json_each(?)) ORDER BY message_id, position",
            (_dumps([r[0] for r in result]),),
        ):
            by_message.setdefault(att[1], []).append(self._attachment(att))
        return [
            Message(
                id=r[0],
                conversation_id=r[1],
                parent_id=r[2],
                role=r[3],
                steps=json.loads(r[4]),
                text=r[5],
                thoughts=r[6],
                interaction_id=r[7],
                status=r[8],
                error=r[9],
                usage=None if r[10] is None else json.loads(r[10]),
                model=r[11],
                created=utc_from_ms(r[12]),
                attachments=tuple(by_message.get(r[0], ())),
            )
            for r in result
        ]

    # --------------------------------------------------------------- attachments

    def _attachment(self, r: Sequence[Any]) -> Attachment:
        return Attachment(
            id=r[0],
            message_id=r[1],
            sha256=r[2],
            path=self.attachments_dir / r[2],
            display_name=r[3],
            mime_type=r[4],
            size=r[5],
            remote_name=r[6],
            remote_uri=r[7],
            remote_expiry=None if r[8] is None else utc_from_ms(r[8]),
            created=utc_from_ms(r[9]),
        )

    def add_attachment(
        self,
        source: Path | bytes,
        *,
        display_name: str | None = None,
        mime_type: str | None = None,
    ) -> Attachment:
        """Copy a file (or bytes) into ``attachments/<sha256>`` and register it, unlinked.

        Pass its id to :meth:`append_message` to attach it.  Copies and hashes the
        whole file: to_thread.  Identical content is stored once.
        """
        if display_name is None:
            display_name = source.name if isinstance(source, Path) else "attachment"
        if mime_type is None:
            mime_type = mimetypes.guess_type(display_name)[0] or "application/octet-stream"
        try:
            sha, size = self._store_blob(source)
        except OSError as exc:
            if isinstance(source, Path) and not source.exists():
                raise
            raise translate_error(exc, self.path) from exc

        def fn(c: sqlite3.Connection) -> int:
            cur = c.execute(
                "INSERT INTO attachments(sha256, display_name, mime_type, size, created)"
                " VALUES (?, ?, ?, ?, ?)",
                (sha, display_name, mime_type, size, now_ms()),
            )
            return int(cur.lastrowid or 0)

        att_id = self._db.write(fn)
        if not (self.attachments_dir / sha).exists():  # collected by a concurrent delete
            self._store_blob(source)
        return self.get_attachment(att_id)

    def _store_blob(self, source: Path | bytes) -> tuple[str, int]:
        self.attachments_dir.mkdir(parents=True, exist_ok=True)
        import hashlib  # here: OpenSSL loads with the first attachment, not at start-up

        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.attachments_dir, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(source, bytes):
                    digest.update(source)
                    out.write(source)
                    size = len(source)
                else:
                    with source.open("rb") as src:
                        while chunk := src.read(_COPY_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
                            size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            target = self.attachments_dir / digest.hexdigest()
            if target.exists() and target.stat().st_size == size:
                tmp.unlink()
            else:
                os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return digest.hexdigest(), size

    def get_attachment(self, attachment_id: int) -> Attachment:
        """UI thread."""
        row = self._db.read(
            lambda c: c.execute(
                f"SELECT {_ATT_COLS} FROM attachments WHERE id = ?", (attachment_id,)
            ).fetchone()
        )
        if row is None:
            raise NotFoundError(_NO_ATTACHMENT.format(id=attachment_id))
        return self._attachment(row)

    def set_attachment_remote(
        self,
        attachment_id: int,
        *,
        name: str | None,
        uri: str | None,
        expiry: datetime | None,
    ) -> None:
        """Record (or clear, with Nones) the Files API upload of an attachment.  UI thread."""
        self._update_one(
            "UPDATE attachments SET remote_name = ?, remote_uri = ?, remote_expiry = ?"
            " WHERE id = ?",
            (name, uri, _to_ms(expiry), attachment_id),
            "Attachment",
        )

    def find_remote_upload(self, sha256: str, *, valid_until: datetime) -> Attachment | None:
        """An attachment with this content whose upload is still valid at *valid_until*.

        Lets the engine reuse an upload instead of sending the bytes again.  UI thread.
        """
        row = self._db.read(
            lambda c: c.execute(
                f"SELECT {_ATT_COLS} FROM attachments WHERE sha256 = ? AND remote_uri IS NOT NULL"
                " AND (remote_expiry IS NULL OR remote_expiry > ?)"
                " ORDER BY remote_expiry DESC LIMIT 1",
                (sha256, _to_ms(valid_until)),
            ).fetchone()
        )
        return None if row is None else self._attachment(row)

    def discard_attachment(self, attachment_id: int) -> None:
        """Forget an attachment that was never sent (not linked to a message).  UI thread."""

        def fn(c: sqlite3.Connection) -> set[str]:
            row = c.execute(
                "SELECT sha256 FROM attachments WHERE id = ? AND message_id IS NULL",
                (attachment_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(_ATTACHMENT_SENT.format(id=attachment_id))
            c.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
            return {row[0]}

        self._collect_garbage(self._db.write(fn))

    def purge_unlinked_attachments(self, older_than: timedelta = timedelta(days=1)) -> int:
        """Drop attachments added but never sent (e.g. a crash before sending).  to_thread."""
        cutoff = now_ms() - int(older_than.total_seconds() * 1000)

        def fn(c: sqlite3.Connection) -> tuple[int, set[str]]:
            found = c.execute(
                "SELECT id, sha256 FROM attachments WHERE message_id IS NULL AND created <= ?",
                (cutoff,),
            ).fetchall()
            c.execute(
                "DELETE FROM attachments WHERE message_id IS NULL AND created <= ?", (cutoff,)
            )
            return len(found), {r[1] for r in found}

        count, shas = self._db.write(fn)
        self._collect_garbage(shas)
        return count

    def _collect_garbage(self, shas: set[str]) -> None:
        """Delete blob files no attachment row references any more.

        Runs under the write lock so a concurrent :meth:`add_attachment` (which
        re-checks its file after inserting its row) cannot lose its file.
        """
        if not shas:
            return

        def fn(c: sqlite3.Connection) -> None:
            for sha in shas:
                used = c.execute("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (sha,))
                if used.fetchone() is None:
                    with contextlib.suppress(FileNotFoundError):
                        (self.attachments_dir / sha).unlink()

        try:
            self._db.write(fn)
        except StoreError:
            log.warning("could not remove unused attachment files", exc_info=True)

    # -------------------------------------------------------------------- search

    def search(
        self,
        query: str,
        limit: int = 50,
        *,
        include_archived: bool = True,
        window: int | None = SEARCH_WINDOW,
    ) -> list[SearchHit]:
        """Full-text search over message text and conversation titles.  to_thread.

        Case, diacritics and Turkish dotted/dotless i are ignored ("gunes" finds
        "Güneş", "ılık" finds "ILIK").  All words must match; ``word*`` matches
        a prefix; every other character of *query* is plain text, never FTS syntax.

        Ranked by bm25, then most recent first, among the *window* most recent
        matching messages (and titles): bm25 costs a few microseconds per match, so
        a word found in tens of thousands of messages would take hundreds of ms;
        past the window only its most recent occurrences are ranked.  Below the
        window (most queries) the ranking is exact; ``window=None`` always ranks all.
        """
        terms = tuple(query_terms(query))
        if not terms or limit <= 0:
            return []
        match = fts_match_expression(list(terms))
        # A few spare candidates for the recency tie-break; more when archived
        # conversations are filtered out afterwards.
        fetch = limit + 10 if include_archived else limit * 2 + 20

        def ranked(c: sqlite3.Connection, titles: bool, n: int) -> list[Any]:
            # Message rows have rowid = id > 0, title rows -conversation id < 0; the
            # newest of either kind comes first in the window's order.
            inner = (
                "SELECT rowid, rank FROM search_index WHERE search_index MATCH ?"
                + (
                    " AND rowid < 0 ORDER BY rowid"
                    if titles
                    else " AND rowid > 0 ORDER BY rowid DESC"
                )
                + ("" if window is None else f" LIMIT {int(window)}")
            )
            return c.execute(
                f"SELECT rowid, rank FROM ({inner}) ORDER BY rank LIMIT ?", (match, n)
            ).fetchall()

        def fn(c: sqlite3.Connection) -> list[SearchHit]:
            nonlocal fetch
            while True:
                candidates = ranked(c, False, fetch)
                titles = ranked(c, True, fetch)
                hits = self._resolve_hits(c, candidates + titles, include_archived)
                if len(hits) >= limit or (len(candidates) < fetch and len(titles) < fetch):
                    break
                fetch *= 4
            hits.sort(key=lambda h: (h[0], -h[1]))
            return [
                SearchHit(
                    conversation_id=cid,
                    message_id=mid,
                    title=title,
                    snippet=make_snippet(text, terms),
                    rank=score,
                    created=utc_from_ms(at),
                )
                for score, at, cid, mid, title, text in hits[:limit]
            ]

        return self._db.read(fn)

    @staticmethod
    def _resolve_hits(
        c: sqlite3.Connection, candidates: list[Any], include_archived: bool
    ) -> list[tuple[float, int, int, int | None, str, str]]:
        scores = {int(r[0]): float(r[1]) for r in candidates}
        message_ids = [rid for rid in scores if rid > 0]
        conv_ids = [-rid for rid in scores if rid < 0]
        archived = "" if include_archived else " AND c.archived = 0"
        out: list[tuple[float, int, int, int | None, str, str]] = []
        if message_ids:
            for mid, cid, text, created, title in c.execute(
                "SELECT m.id, m.conversation_id, m.text, m.created, c.title FROM messages m"
                " JOIN conversations c ON c.id = m.conversation_id"
                f" WHERE m.id IN (SELECT value FROM json_each(?)){archived}",
                (_dumps(message_ids),),
            ):
                out.append((scores[mid], created, cid, mid, title, text))
        if conv_ids:
            for cid, title, updated in c.execute(
                "SELECT c.id, c.title, c.updated FROM conversations c"
                f" WHERE c.id IN (SELECT value FROM json_each(?)){archived}",
                (_dumps(conv_ids),),
            ):
                out.append((scores[-cid], updated, cid, None, title, title))
        return out

    # -------------------------------------------------------------------- helpers

    def _update_one(self, sql: str, params: Sequence[Any], kind: _Kind) -> None:
        def fn(c: sqlite3.Connection) -> None:
            if c.execute(sql, params).rowcount == 0:
                raise NotFoundError(_NO_SUCH[kind].format(id=params[-1]))

        self._db.write(fn)

    # ------------------------------------------------------------- export/import

    def export_markdown(self, conversation_id: int) -> str:
        """The active path as Markdown.  to_thread."""
        return _export.conversation_markdown(self, conversation_id)

    def export_html(self, conversation_id: int) -> str:
        """The active path as one self-contained HTML page (no remote resources).  to_thread."""
        return _export.conversation_html(self, conversation_id)

    def export_json(
        self, conversation_id: int, *, include_attachment_data: bool = True
    ) -> dict[str, Any]:
        """The whole conversation tree as a JSON document (see :func:`dump_json`).  to_thread."""
        return _export.conversation_document(
            self, conversation_id, include_attachment_data=include_attachment_data
        )

    def export_archive(self, *, include_attachment_data: bool = True) -> dict[str, Any]:
        """Every folder and conversation as one JSON document.  to_thread."""
        return _export.archive_document(self, include_attachment_data=include_attachment_data)

    def import_json(self, document: Any) -> Conversation:
        """Add a conversation from :meth:`export_json` output (always as a new one).

        Raises :class:`ImportFormatError` (nothing is written) for a bad document.
        to_thread.
        """
        _export.validate_conversation(document)
        self._import_blobs(document)
        return self.get_conversation(self._db.write(lambda c: self._insert_document(c, document)))

    def import_archive(self, document: Any) -> list[Conversation]:
        """Add everything from :meth:`export_archive`; folders are matched by name.  to_thread.

        Validates the whole archive first, then imports it in one transaction.
        """
        if not isinstance(document, dict) or document.get("format") != _export.ARCHIVE_FORMAT:
            raise ImportFormatError("The file is not a Gemdesk archive.")
        version = document.get("version")
        if not isinstance(version, int) or version > _export.FORMAT_VERSION:
            raise ImportFormatError("The archive was made by a newer Gemdesk; update Gemdesk.")
        folders = document.get("folders")
        conversations = document.get("conversations")
        if not isinstance(folders, list) or not isinstance(conversations, list):
            raise ImportFormatError("The archive has no folder or conversation list.")
        for folder in folders:
            if not isinstance(folder, dict) or not isinstance(folder.get("name"), str):
                raise ImportFormatError("The archive has an invalid folder.")
            _export.parse_iso(folder.get("created"), "A folder creation time")
        for conv in conversations:
            _export.validate_conversation(conv)
        for conv in conversations:
            self._import_blobs(conv)

        def fn(c: sqlite3.Connection) -> list[int]:
            for folder in sorted(folders, key=lambda f: f.get("position", 0)):
                self._folder_by_name(
                    c, folder["name"], _export.parse_iso(folder["created"], "folder")
                )
            return [self._insert_document(c, conv) for conv in conversations]

        return [self.get_conversation(cid) for cid in self._db.write(fn)]

    def _import_blobs(self, document: dict[str, Any]) -> None:
        for m in document["messages"]:
            for a in m.get("attachments", []):
                if a.get("data") is not None:
                    try:
                        self._store_blob(base64.b64decode(a["data"]))
                    except OSError as exc:
                        raise translate_error(exc, self.path) from exc

    @staticmethod
    def _folder_by_name(c: sqlite3.Connection, name: str, created: int) -> int:
        row = c.execute(
            "SELECT id FROM folders WHERE name = ? ORDER BY position, id LIMIT 1", (name,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        pos = c.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM folders").fetchone()[0]
        cur = c.execute(
            "INSERT INTO folders(name, position, created) VALUES (?, ?, ?)", (name, pos, created)
        )
        return int(cur.lastrowid or 0)

    def _insert_document(self, c: sqlite3.Connection, doc: dict[str, Any]) -> int:
        conv = doc["conversation"]
        created = _export.parse_iso(conv["created"], "created")
        folder_id = (
            None if conv.get("folder") is None else self._folder_by_name(c, conv["folder"], created)
        )
        title = conv.get("title", "")
        settings = ConversationSettings.from_json(conv.get("settings", {}))
        cur = c.execute(
            "INSERT INTO conversations(title, folder_id, pinned, archived, quick, created,"
            " updated, settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                title,
                folder_id,
                int(bool(conv.get("pinned"))),
                int(bool(conv.get("archived"))),
                int(bool(conv.get("quick"))),
                created,
                _export.parse_iso(conv["updated"], "updated"),
                _dumps(settings.to_json()),
            ),
        )
        cid = int(cur.lastrowid or 0)
        _index_title(c, cid, "", title)
        ids: list[int] = []
        for m in doc["messages"]:
            steps = m.get("steps", [])
            text = m.get("text", "")
            msg_created = _export.parse_iso(m["created"], "created")
            cur = c.execute(
                "INSERT INTO messages(conversation_id, parent_id, role, steps, text, thoughts,"
                " interaction_id, status, error, usage, model, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cid,
                    None if m.get("parent") is None else ids[m["parent"]],
                    m["role"],
                    _dumps(steps),
                    text,
                    derive_thoughts(steps),
                    m.get("interaction_id"),
                    m["status"],
                    m.get("error"),
                    None if m.get("usage") is None else _dumps(m["usage"]),
                    m.get("model"),
                    msg_created,
                    msg_created,
                ),
            )
            mid = int(cur.lastrowid or 0)
            ids.append(mid)
            _index_body(c, mid, "", text)
            for position, a in enumerate(m.get("attachments", [])):
                c.execute(
                    "INSERT INTO attachments(message_id, position, sha256, display_name,"
                    " mime_type, size, remote_name, remote_uri, remote_expiry, created)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        mid,
                        position,
                        a["sha256"],
                        a["display_name"],
                        a["mime_type"],
                        a["size"],
                        a.get("remote_name"),
                        a.get("remote_uri"),
                        _export.ms_or_none(a.get("remote_expiry"), "expiry"),
                        msg_created,
                    ),
                )
        leaf = conv.get("active_leaf")
        if leaf is not None:
            c.execute("UPDATE conversations SET active_leaf_id = ? WHERE id = ?", (ids[leaf], cid))
        return cid
