"""The conversation list as a lazily paged ``QAbstractListModel`` over the store.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore`` (the store's
paged listing is cheap enough for the UI thread: well under 20 ms per page), so
10,000 conversations cost only what is scrolled into view. Changes are applied
as targeted row inserts/moves/removals, never a full reload, so the selection and
scroll position survive a streamed answer bumping its conversation to the top.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop_app.store import Conversation

#: Drag payload between the conversation list and the folder list.
CONVERSATIONS_MIME = "application/x-gemdesk-conversation-ids"

#: ``fetch_page(offset, limit)`` -> that page of conversations, in display order.
PageFetcher = Callable[[int, int], Sequence[Conversation]]
#: ``rename(conversation_id, title)`` -> the renamed conversation (inline edit, F2).
Renamer = Callable[[int, str], Conversation]

_Index = QModelIndex | QPersistentModelIndex


class ConversationRoles:
    ID = Qt.ItemDataRole.UserRole + 1
    PINNED = Qt.ItemDataRole.UserRole + 2
    FOLDER = Qt.ItemDataRole.UserRole + 3
    UPDATED = Qt.ItemDataRole.UserRole + 4
    CONVERSATION = Qt.ItemDataRole.UserRole + 5


def conversation_ids_from_mime(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(CONVERSATIONS_MIME):
        return []
    try:
        raw = json.loads(bytes(mime.data(CONVERSATIONS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [int(i) for i in raw if isinstance(i, int)]


class ConversationListModel(QAbstractListModel):
    def __init__(
        self,
        fetch_page: PageFetcher,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        rename: Renamer | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._rename = rename
        self._page_size = page_size
        self._rows: list[Conversation] = []
        self._exhausted = False
        self._changing = False

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted and not self._changing

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted or self._changing:
            return  # re-entrant calls (from a rows* slot) would interleave changes
        with self._change():
            self._fetch_next_page()

    @contextlib.contextmanager
    def _change(self) -> Iterator[None]:
        """Mark a begin/end pair in progress: views fetch from their slots, not now."""
        self._changing = True
        try:
            yield
        finally:
            self._changing = False

    def _fetch_next_page(self) -> None:
        fetched = list(self._fetch_page(len(self._rows), self._page_size))
        if len(fetched) < self._page_size:
            self._exhausted = True
        known = {c.id for c in self._rows}
        # A conversation that moved up between two pages would appear twice.
        page = [c for c in fetched if c.id not in known]
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per painted row; answer the unused ones first.
        if role not in _ANSWERED_ROLES or not 0 <= index.row() < len(self._rows):
            return None
        conv = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = conv.title or self.tr("New chat")
            # ★ is in every common UI font; the 📌 emoji rendered as a box without one.
            return f"★ {title}" if conv.pinned else title
        if role == Qt.ItemDataRole.EditRole:
            return conv.title
        if role == Qt.ItemDataRole.ToolTipRole:
            when = conv.updated.astimezone().strftime("%Y-%m-%d %H:%M")
            return self.tr("{title}\nLast activity {when}").format(
                title=conv.title or self.tr("New chat"), when=when
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            title = conv.title or self.tr("New chat")
            return self.tr("{title}, pinned").format(title=title) if conv.pinned else title
        if role == ConversationRoles.ID:
            return conv.id
        if role == ConversationRoles.PINNED:
            return conv.pinned
        if role == ConversationRoles.FOLDER:
            return conv.folder_id
        if role == ConversationRoles.UPDATED:
            return conv.updated.timestamp()
        if role == ConversationRoles.CONVERSATION:
            return conv
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self._rename is None or not index.isValid():
            return False
        title = str(value).strip()
        row = index.row()
        if not title or not 0 <= row < len(self._rows):
            return False
        self._rows[row] = self._rename(self._rows[row].id, title)
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        return flags | Qt.ItemFlag.ItemIsEditable if self._rename is not None else flags

    def mimeTypes(self) -> list[str]:
        return [CONVERSATIONS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = sorted({self._rows[i.row()].id for i in indexes if i.isValid()})
        mime.setData(CONVERSATIONS_MIME, QByteArray(json.dumps(ids).encode("utf-8")))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names[ConversationRoles.ID] = QByteArray(b"conversationId")
        names[ConversationRoles.PINNED] = QByteArray(b"pinned")
        return names

    # -- our API ----------------------------------------------------------------------------

    def conversation(self, row: int) -> Conversation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, conversation_id: int) -> int:
        for row, conv in enumerate(self._rows):
            if conv.id == conversation_id:
                return row
        return -1

    def ids(self) -> list[int]:
        return [c.id for c in self._rows]

    def is_exhausted(self) -> bool:
        return self._exhausted

    def reload(self) -> None:
        """Forget everything and start again from the first page (filter changes).

        Rows are removed rather than the model reset: a reset makes views (and the
        model tester) fetch a page while the reset is still being announced.
        """
        if self._rows:
            with self._change():
                self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
                self._rows = []
                self.endRemoveRows()
        self._exhausted = False
        self.fetchMore(QModelIndex())

    def remove_ids(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id in wanted:
                with self._change():
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self._rows[row]
                    self.endRemoveRows()

    def upsert(self, conv: Conversation, *, belongs: bool = True) -> None:
        """Show *conv* where the ordering puts it (or drop it when it no longer belongs).

        The ordering mirrors the store's: pinned first, then most recent activity.
        A conversation that sorts below the loaded pages is left for ``fetchMore``.
        """
        old = self.row_of(conv.id)
        if not belongs:
            if old >= 0:
                self.remove_ids([conv.id])
            return
        others = [c for c in self._rows if c.id != conv.id]
        target = 0
        while target < len(others) and _sort_key(others[target]) <= _sort_key(conv):
            target += 1
        if target == len(others) and not self._exhausted and old < 0:
            return  # it belongs to a page not loaded yet
        if old < 0:
            with self._change():
                self.beginInsertRows(QModelIndex(), target, target)
                self._rows.insert(target, conv)
                self.endInsertRows()
            return
        if target == old:
            self._rows[old] = conv
            index = self.index(old)
            self.dataChanged.emit(index, index)
            return
        # beginMoveRows wants the destination in the coordinates before the move.
        dest = target if target < old else target + 1
        with self._change():
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), dest)
            del self._rows[old]
            self._rows.insert(target, conv)
            self.endMoveRows()


_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        ConversationRoles.ID,
        ConversationRoles.PINNED,
        ConversationRoles.FOLDER,
        ConversationRoles.UPDATED,
        ConversationRoles.CONVERSATION,
    }
)


def _sort_key(conv: Conversation) -> tuple[int, float, int]:
    return (0 if conv.pinned else 1, -conv.updated.timestamp(), -conv.id)
