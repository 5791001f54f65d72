"""The folder list: a filter for the conversation list and a drop target for conversations."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop_app.store import Folder, FolderFilter
from desktop_app.ui.sidebar.conversation_model import (
    CONVERSATIONS_MIME,
    conversation_ids_from_mime,
)

FOLDER_ROLE = Qt.ItemDataRole.UserRole + 1  # "all", "none" or a folder id


class FolderList(QListWidget):
    """ "All conversations", "Not in a folder", then the user's folders.

    Signals:
        filter_changed(object): the chosen ``FolderFilter`` ("all", "none" or an id).
        conversations_dropped(list, object): conversation ids dropped on a folder
            (``None`` for "Not in a folder").
    """

    filter_changed = Signal(object)
    conversations_dropped = Signal(list, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("folderList")
        self.setAccessibleName(self.tr("Folders"))
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.currentItemChanged.connect(self._on_current_changed)
        self.set_folders([])

    def set_folders(self, folders: Sequence[Folder]) -> None:
        current = self.current_filter() if self.count() else "all"
        self.blockSignals(True)
        try:
            self.clear()
            self._add(self.tr("All conversations"), "all")
            self._add(self.tr("Not in a folder"), "none")
            for folder in folders:
                self._add(folder.name, folder.id)
            self.select_filter(current if self._find(current) is not None else "all")
        finally:
            self.blockSignals(False)

    def _add(self, label: str, value: FolderFilter) -> None:
        item = QListWidgetItem(label, self)
        item.setData(FOLDER_ROLE, value)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags | Qt.ItemFlag.ItemIsDropEnabled if value != "all" else flags)

    def _find(self, value: FolderFilter) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(FOLDER_ROLE) == value:
                return item
        return None

    def folder_ids(self) -> list[int]:
        return [
            v for r in range(self.count()) if isinstance(v := self.item(r).data(FOLDER_ROLE), int)
        ]

    def current_filter(self) -> FolderFilter:
        item = self.currentItem()
        value = item.data(FOLDER_ROLE) if item is not None else "all"
        return value if isinstance(value, int) or value in ("all", "none") else "all"

    def select_filter(self, value: FolderFilter) -> None:
        item = self._find(value)
        if item is not None:
            self.setCurrentItem(item)

    def folder_at(self, pos: QPoint) -> FolderFilter | None:
        item = self.itemAt(pos)
        return None if item is None else item.data(FOLDER_ROLE)

    def _on_current_changed(self, current: QListWidgetItem | None, _: object) -> None:
        if current is not None:
            self.filter_changed.emit(current.data(FOLDER_ROLE))

    # -- dropping conversations on a folder -------------------------------------------------

    def _drop_target(self, pos: QPoint) -> tuple[bool, int | None]:
        target = self.folder_at(pos)
        if target is None or target == "all":
            return False, None
        return True, (None if target == "none" else int(target))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CONVERSATIONS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        ok, _ = self._drop_target(event.position().toPoint())
        if ok and event.mimeData().hasFormat(CONVERSATIONS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ok, folder_id = self._drop_target(event.position().toPoint())
        ids = conversation_ids_from_mime(event.mimeData())
        if not ok or not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.conversations_dropped.emit(ids, folder_id)
