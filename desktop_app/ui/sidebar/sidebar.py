"""The sidebar: New chat, search, folders, and the paged conversation list.

Cheap single-row store calls (rename, pin, move, list a page) run on the UI
thread, as the store documents; search and deletion go through
``asyncio.to_thread``. Deleting waits a few seconds behind an Undo bar, and the
pending deletion is committed at the latest when the window closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import Conversation, FolderFilter, HistoryStore, StoreError
from desktop_app.ui.sidebar.conversation_model import (
    ConversationListModel,
    ConversationRoles,
)
from desktop_app.ui.sidebar.folders import FOLDER_ROLE, FolderList
from desktop_app.ui.sidebar.search import SearchPanel

log = logging.getLogger(__name__)

UNDO_DELETE_MS = 5000
EXPORT_FORMATS = (("md", "Markdown"), ("html", "HTML"), ("json", "JSON"))


class _ConversationDelegate(QStyledItemDelegate):
    """Draws a line under the last pinned conversation: the pinned section's edge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: object) -> None:
        super().paint(painter, option, index)  # type: ignore[arg-type]
        assert isinstance(index, QModelIndex)
        if not index.data(ConversationRoles.PINNED):
            return
        below = index.siblingAtRow(index.row() + 1)
        if below.isValid() and not below.data(ConversationRoles.PINNED):
            rect = option.rect
            painter.save()
            painter.setPen(option.palette.mid().color())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.restore()


class ConversationListView(QListView):
    """The list; Enter opens the current conversation, Delete deletes it."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.matches(QKeySequence.StandardKey.Delete)
            and self.state() != self.State.EditingState
        ):
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class Sidebar(QWidget):
    """Everything left of the transcript.

    Signals:
        conversation_activated(int): open this conversation.
        new_chat_requested(): the New chat button.
        hit_activated(int, int, str): a search result (conversation, message or -1, query).
        export_requested(int, str): export a conversation as "md", "html" or "json".
        conversation_removed(int): hidden for deletion (the window leaves it if open).
        conversation_restored(int): its deletion was undone.
    """

    conversation_activated = Signal(int)
    new_chat_requested = Signal()
    hit_activated = Signal(int, int, str)
    export_requested = Signal(int, str)
    conversation_removed = Signal(int)
    conversation_restored = Signal(int)

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName(self.tr("Conversations sidebar"))
        self._store = store
        self._filter: FolderFilter = "all"
        self._pending_delete: dict[int, Conversation] = {}
        self._delete_tasks: set[asyncio.Future[None]] = set()

        self.new_chat_button = QPushButton(self.tr("New chat"), self)
        self.new_chat_button.setObjectName("newChatButton")
        self.new_chat_button.setAccessibleName(self.tr("New chat"))
        self.new_chat_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.search = SearchPanel(lambda q: store.search(q, 50), self)

        self.folders = FolderList(self)
        self.new_folder_button = QToolButton(self)
        self.new_folder_button.setText(self.tr("New folder"))
        self.new_folder_button.setAccessibleName(self.tr("New folder"))
        self.new_folder_button.setAutoRaise(True)

        self.model = ConversationListModel(self._fetch_page, self, rename=self._rename_conversation)
        self.list = ConversationListView(self)
        self.list.setObjectName("conversationList")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(_ConversationDelegate(self.list))
        self.list.setUniformItemSizes(True)  # 10,000 rows: no per-row size queries
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.undo_bar = QFrame(self)
        self.undo_bar.setObjectName("undoBar")
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"), self.undo_bar)
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(6, 2, 6, 2)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_DELETE_MS)

        folder_box = QWidget(self)
        folder_layout = QVBoxLayout(folder_box)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        folders_title = QLabel(self.tr("Folders"), folder_box)
        folders_title.setBuddy(self.folders)
        header.addWidget(folders_title, 1)
        header.addWidget(self.new_folder_button)
        folder_layout.addLayout(header)
        folder_layout.addWidget(self.folders)

        self.lists = QSplitter(Qt.Orientation.Vertical, self)
        self.lists.setObjectName("sidebarSplitter")
        self.lists.addWidget(folder_box)
        self.lists.addWidget(self.list)
        self.lists.setStretchFactor(1, 1)
        self.lists.setSizes([110, 500])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.new_chat_button)
        layout.addWidget(self.search, 0)
        layout.addWidget(self.lists, 1)
        layout.addWidget(self.undo_bar)

        self._connect_signals()
        self.reload_folders()
        self.model.reload()
        self.setTabOrder(self.new_chat_button, self.search.line_edit)
        self.setTabOrder(self.search.line_edit, self.search.results)
        self.setTabOrder(self.search.results, self.folders)
        self.setTabOrder(self.folders, self.list)

    def _connect_signals(self) -> None:
        self.new_chat_button.clicked.connect(self.new_chat_requested)
        self.search.hit_activated.connect(self.hit_activated)
        self.search.active_changed.connect(self._on_search_active)
        self.folders.filter_changed.connect(self._on_filter_changed)
        self.folders.conversations_dropped.connect(self.move_conversations)
        self.folders.customContextMenuRequested.connect(self._folder_menu)
        self.folders.itemChanged.connect(self._on_folder_item_changed)
        self.new_folder_button.clicked.connect(self.create_folder)
        self.list.activated.connect(self._on_activated)
        self.list.clicked.connect(self._on_activated)
        self.list.customContextMenuRequested.connect(self._conversation_menu)
        self.list.delete_pressed.connect(self._delete_current)
        self.undo_button.clicked.connect(self.undo_delete)
        self._undo_timer.timeout.connect(self.commit_deletes)

    # -- listing ----------------------------------------------------------------------------

    def _fetch_page(self, offset: int, limit: int) -> list[Conversation]:
        try:
            page = self._store.list_conversations(offset=offset, limit=limit, folder=self._filter)
        except StoreError:
            log.exception("listing conversations failed")
            return []
        return [c for c in page if c.id not in self._pending_delete]

    def _belongs(self, conv: Conversation) -> bool:
        if conv.id in self._pending_delete or conv.archived:
            return False
        if self._filter == "all":
            return True
        if self._filter == "none":
            return conv.folder_id is None
        return conv.folder_id == self._filter

    def _on_filter_changed(self, value: FolderFilter) -> None:
        self._filter = value
        self.model.reload()

    def _on_search_active(self, active: bool) -> None:
        self.lists.setVisible(not active)

    def _on_activated(self, index: QModelIndex) -> None:
        cid = index.data(ConversationRoles.ID)
        if isinstance(cid, int):
            self.conversation_activated.emit(cid)

    def current_conversation_id(self) -> int | None:
        cid = self.list.currentIndex().data(ConversationRoles.ID)
        return cid if isinstance(cid, int) else None

    def select_conversation(self, conversation_id: int | None) -> None:
        """Highlight a conversation if its row is loaded (never pages the whole list in)."""
        if conversation_id is None:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
            return
        row = self.model.row_of(conversation_id)
        if row >= 0:
            index = self.model.index(row)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def neighbour(self, conversation_id: int | None, step: int) -> int | None:
        """The conversation *step* rows away (wrapping), for Ctrl+Tab / Ctrl+Shift+Tab."""
        if self.model.rowCount() == 0:
            return None
        row = self.model.row_of(conversation_id) if conversation_id is not None else -1
        if row < 0:
            target = 0 if step > 0 else self.model.rowCount() - 1
        else:
            target = row + step
            if target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
                self.model.fetchMore(QModelIndex())
            target %= self.model.rowCount()
        conv = self.model.conversation(target)
        return conv.id if conv is not None else None

    def refresh_conversation(self, conversation_id: int) -> None:
        """Re-read one conversation (new title, new activity) and place it."""
        try:
            conv = self._store.get_conversation(conversation_id)
        except StoreError:
            self.model.remove_ids([conversation_id])
            return
        current = self.current_conversation_id()
        self.model.upsert(conv, belongs=self._belongs(conv))
        if current is not None:
            self.select_conversation(current)

    # -- conversation actions ---------------------------------------------------------------

    def _rename_conversation(self, conversation_id: int, title: str) -> Conversation:
        self._store.rename_conversation(conversation_id, title)
        return self._store.get_conversation(conversation_id)

    def rename(self, conversation_id: int) -> None:
        """Start inline renaming (F2)."""
        row = self.model.row_of(conversation_id)
        if row >= 0:
            index = self.model.index(row)
            self.list.setCurrentIndex(index)
            self.list.setFocus()
            self.list.edit(index)

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._store.set_pinned(conversation_id, pinned)
        self.refresh_conversation(conversation_id)

    def move_conversations(self, ids: Sequence[int], folder_id: int | None) -> None:
        for cid in ids:
            try:
                self._store.move_conversation(cid, folder_id)
            except StoreError:
                log.warning("could not move conversation %s", cid, exc_info=True)
                continue
            self.refresh_conversation(cid)

    def request_delete(self, conversation_id: int) -> None:
        """Hide now, delete for real after the undo delay."""
        try:
            conv = self._store.get_conversation(conversation_id)
        except StoreError:
            return
        self._pending_delete[conversation_id] = conv
        self.model.remove_ids([conversation_id])
        title = conv.title or self.tr("New chat")
        count = len(self._pending_delete)
        self.undo_label.setText(
            self.tr("Deleted “{title}”.").format(title=title)
            if count == 1
            else self.tr("Deleted {n} conversations.").format(n=count)
        )
        self.undo_bar.show()
        self._undo_timer.start()
        self.conversation_removed.emit(conversation_id)

    def _delete_current(self) -> None:
        cid = self.current_conversation_id()
        if cid is not None:
            self.request_delete(cid)

    def pending_deletes(self) -> list[int]:
        return list(self._pending_delete)

    def undo_delete(self) -> None:
        self._undo_timer.stop()
        restored = list(self._pending_delete.values())
        self._pending_delete.clear()
        self.undo_bar.hide()
        for conv in restored:
            self.model.upsert(conv, belongs=self._belongs(conv))
            self.conversation_restored.emit(conv.id)

    def commit_deletes(self, *, wait: bool = False) -> None:
        """Delete the pending conversations (in a worker thread, or now when *wait*)."""
        self._undo_timer.stop()
        ids = list(self._pending_delete)
        self._pending_delete.clear()
        self.undo_bar.hide()
        if not ids:
            return

        def delete_all() -> None:
            for cid in ids:
                try:
                    self._store.delete_conversation(cid)
                except StoreError:
                    log.warning("could not delete conversation %s", cid, exc_info=True)

        if wait:
            delete_all()
            return
        try:
            task = asyncio.ensure_future(asyncio.to_thread(delete_all))
        except RuntimeError:  # no event loop (e.g. closing): do it now
            delete_all()
            return
        self._delete_tasks.add(task)
        task.add_done_callback(self._delete_tasks.discard)

    async def wait_for_deletes(self) -> None:
        if self._delete_tasks:
            await asyncio.gather(*self._delete_tasks, return_exceptions=True)

    # -- folders ----------------------------------------------------------------------------

    def reload_folders(self) -> None:
        try:
            folders = self._store.list_folders()
        except StoreError:
            log.exception("listing folders failed")
            folders = []
        self.folders.blockSignals(True)
        try:
            self.folders.set_folders(folders)
        finally:
            self.folders.blockSignals(False)
        if self.folders.current_filter() != self._filter:
            self._on_filter_changed(self.folders.current_filter())

    def create_folder(self, name: str | None = None, *, edit: bool = True) -> int:
        folder = self._store.create_folder(name or self.tr("New folder"))
        self.reload_folders()
        item = self.folders._find(folder.id)
        if item is not None and edit:
            self._make_editable(item)
            self.folders.setCurrentItem(item)
            self.folders.editItem(item)
        return folder.id

    def _make_editable(self, item: QListWidgetItem) -> None:
        self.folders.blockSignals(True)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.folders.blockSignals(False)

    def rename_folder(self, folder_id: int, name: str) -> None:
        name = name.strip()
        if name:
            self._store.rename_folder(folder_id, name)
        self.reload_folders()

    def delete_folder(self, folder_id: int) -> None:
        self._store.delete_folder(folder_id)
        if self._filter == folder_id:
            self.folders.select_filter("all")
        self.reload_folders()
        self.model.reload()

    def _on_folder_item_changed(self, item: QListWidgetItem) -> None:
        value = item.data(FOLDER_ROLE)
        if isinstance(value, int):
            self.rename_folder(value, item.text())

    def _folder_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("New folder…"), self.create_folder)
        item = self.folders.itemAt(pos)
        value = item.data(FOLDER_ROLE) if item is not None else None
        if item is not None and isinstance(value, int):

            def start_rename() -> None:
                self._make_editable(item)
                self.folders.editItem(item)

            menu.addAction(self.tr("Rename folder"), start_rename)
            menu.addAction(self.tr("Delete folder"), lambda: self.delete_folder(value))
        menu.popup(self.folders.viewport().mapToGlobal(pos))

    # -- context menu -----------------------------------------------------------------------

    def conversation_menu(self, conversation_id: int) -> QMenu:
        """The context menu of one conversation (also used by tests)."""
        conv = self._store.get_conversation(conversation_id)
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Conversation actions"))
        rename = menu.addAction(self.tr("Rename"), lambda: self.rename(conversation_id))
        rename.setShortcut(QKeySequence("F2"))
        pin_text = self.tr("Unpin") if conv.pinned else self.tr("Pin")
        menu.addAction(pin_text, lambda: self.set_pinned(conversation_id, not conv.pinned))
        move = menu.addMenu(self.tr("Move to folder"))
        none = move.addAction(self.tr("Not in a folder"))
        none.setCheckable(True)
        none.setChecked(conv.folder_id is None)
        none.triggered.connect(lambda: self.move_conversations([conversation_id], None))
        for folder in self._store.list_folders():
            action = move.addAction(folder.name)
            action.setCheckable(True)
            action.setChecked(conv.folder_id == folder.id)
            fid = folder.id
            action.triggered.connect(
                lambda _=False, fid=fid: self.move_conversations([conversation_id], fid)
            )
        move.addSeparator()

        def to_new_folder() -> None:
            fid = self.create_folder(edit=False)
            self.move_conversations([conversation_id], fid)

        move.addAction(self.tr("New folder…"), to_new_folder)
        export = menu.addMenu(self.tr("Export"))
        for fmt, label in EXPORT_FORMATS:
            action = QAction(self.tr("{format}…").format(format=label), export)
            action.triggered.connect(
                lambda _=False, fmt=fmt: self.export_requested.emit(conversation_id, fmt)
            )
            export.addAction(action)
        menu.addSeparator()
        delete = menu.addAction(self.tr("Delete"), lambda: self.request_delete(conversation_id))
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        return menu

    def _conversation_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        cid = index.data(ConversationRoles.ID)
        if not isinstance(cid, int):
            return
        menu = self.conversation_menu(cid)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def sizeHint(self) -> QSize:
        return QSize(260, 600)

    def shutdown(self) -> None:
        """Commit pending deletions now: closing the window is not an undo."""
        self.search.shutdown()
        with contextlib.suppress(RuntimeError):
            self.commit_deletes(wait=True)
