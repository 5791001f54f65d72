"""The sidebar over a real SQLite store: paging, pinning, folders, drag, search, undo."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from desktop_app.store import HistoryStore, user_steps
from desktop_app.ui.sidebar import CONVERSATIONS_MIME, ConversationListModel, Sidebar
from desktop_app.ui.sidebar.conversation_model import ConversationRoles
from tests.ui.conftest import QasyncRunner


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open() as history:
        yield history


def _fill(store: HistoryStore, n: int) -> list[int]:
    return [store.create_conversation(f"Conversation {i}").id for i in range(n)]


@pytest.fixture
def sidebar(qtbot: QtBot, store: HistoryStore, aio: QasyncRunner) -> Iterator[Sidebar]:
    widget = Sidebar(store)
    qtbot.addWidget(widget)
    widget.resize(300, 600)
    widget.show()
    yield widget
    widget.shutdown()


def test_model_passes_qtmodeltester_and_pages_lazily(
    qtmodeltester: object, store: HistoryStore
) -> None:
    _fill(store, 450)
    calls: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list:  # type: ignore[type-arg]
        calls.append((offset, limit))
        return store.list_conversations(offset=offset, limit=limit)

    model = ConversationListModel(fetch, page_size=100)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.reload()
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert len(set(model.ids())) == 450
    assert all(limit == 100 for _, limit in calls)
    # Targeted changes while the tester watches: a move up, an insert, a removal.
    oldest = model.ids()[-1]
    store.set_pinned(oldest, True)
    model.upsert(store.get_conversation(oldest))
    assert model.ids()[0] == oldest
    fresh = store.create_conversation("fresh")
    model.upsert(fresh)
    assert model.ids()[:2] == [oldest, fresh.id]
    model.remove_ids([fresh.id])
    assert fresh.id not in model.ids()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_ten_thousand_conversations_load_a_page_at_a_time(
    qtbot: QtBot, store: HistoryStore, sidebar: Sidebar
) -> None:
    ids = store._db.write(  # bulk insert: the store's API one by one would take seconds
        lambda c: [
            c.execute(
                "INSERT INTO conversations(title, folder_id, pinned, archived, quick, created,"
                " updated, settings) VALUES (?, NULL, 0, 0, 0, ?, ?, '{}')",
                (f"Bulk {i}", i, i),
            ).lastrowid
            for i in range(10_000)
        ]
    )
    assert len(ids) == 10_000
    sidebar.model.reload()
    assert sidebar.model.rowCount() == 200
    sidebar.list.scrollToBottom()
    qtbot.waitUntil(lambda: sidebar.model.rowCount() >= 400)
    assert sidebar.model.rowCount() < 10_000


def test_pinned_conversations_come_first(store: HistoryStore, sidebar: Sidebar) -> None:
    ids = _fill(store, 5)
    sidebar.model.reload()
    assert sidebar.model.ids() == list(reversed(ids))
    sidebar.set_pinned(ids[1], True)
    assert sidebar.model.ids()[0] == ids[1]
    assert sidebar.model.index(0).data().startswith("★")
    assert sidebar.model.index(0).data(ConversationRoles.PINNED) is True
    sidebar.set_pinned(ids[1], False)
    assert sidebar.model.ids() == list(reversed(ids))


def test_new_activity_moves_a_conversation_to_the_top(
    store: HistoryStore, sidebar: Sidebar
) -> None:
    ids = _fill(store, 3)
    sidebar.model.reload()
    time.sleep(0.005)  # activity is stored in milliseconds: make it strictly newer
    store.append_message(ids[0], "user", steps=user_steps("hello"))
    sidebar.refresh_conversation(ids[0])
    assert sidebar.model.ids()[0] == ids[0]


def test_rename_inline_writes_the_store(store: HistoryStore, sidebar: Sidebar) -> None:
    (cid,) = _fill(store, 1)
    sidebar.model.reload()
    assert sidebar.model.setData(sidebar.model.index(0), "Trip to İzmir")
    assert store.get_conversation(cid).title == "Trip to İzmir"
    assert sidebar.model.index(0).data() == "Trip to İzmir"


def test_folders_create_rename_delete_and_filter(store: HistoryStore, sidebar: Sidebar) -> None:
    a, b = _fill(store, 2)
    fid = sidebar.create_folder("Work", edit=False)
    assert sidebar.folders.folder_ids() == [fid]
    sidebar.move_conversations([a], fid)
    assert store.get_conversation(a).folder_id == fid
    sidebar.folders.select_filter(fid)
    assert sidebar.model.ids() == [a]
    sidebar.folders.select_filter("none")
    assert sidebar.model.ids() == [b]
    sidebar.rename_folder(fid, "Office")
    assert [f.name for f in store.list_folders()] == ["Office"]
    sidebar.folders.select_filter(fid)
    sidebar.delete_folder(fid)
    assert store.list_folders() == []
    assert sidebar.folders.current_filter() == "all"
    assert sorted(sidebar.model.ids()) == sorted([a, b])
    assert store.get_conversation(a).folder_id is None


def test_dragging_a_conversation_onto_a_folder_moves_it(
    store: HistoryStore, sidebar: Sidebar
) -> None:
    (cid,) = _fill(store, 1)
    fid = sidebar.create_folder("Drop here", edit=False)
    sidebar.model.reload()
    mime = sidebar.model.mimeData([sidebar.model.index(0)])
    assert json.loads(bytes(mime.data(CONVERSATIONS_MIME).data())) == [cid]
    item = sidebar.folders._find(fid)
    assert item is not None
    pos = sidebar.folders.visualItemRect(item).center()
    event = QDropEvent(
        QPointF(pos),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    sidebar.folders.dropEvent(event)
    assert event.isAccepted()
    assert store.get_conversation(cid).folder_id == fid


def test_drop_of_foreign_data_on_a_folder_is_ignored(store: HistoryStore, sidebar: Sidebar) -> None:
    fid = sidebar.create_folder("X", edit=False)
    item = sidebar.folders._find(fid)
    assert item is not None
    mime = QMimeData()
    mime.setData("text/plain", QByteArray(b"[1]"))
    event = QDropEvent(
        QPointF(sidebar.folders.visualItemRect(item).center()),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    sidebar.folders.dropEvent(event)
    assert not event.isAccepted()


def test_context_menu_offers_every_action(store: HistoryStore, sidebar: Sidebar) -> None:
    (cid,) = _fill(store, 1)
    sidebar.create_folder("Travel", edit=False)
    menu = sidebar.conversation_menu(cid)
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == ["Rename", "Pin", "Move to folder", "Export", "Delete"]
    export = next(a.menu() for a in menu.actions() if a.text() == "Export")
    assert [a.text() for a in export.actions()] == ["Markdown…", "HTML…", "JSON…"]
    move = next(a.menu() for a in menu.actions() if a.text() == "Move to folder")
    travel = next(a for a in move.actions() if a.text() == "Travel")
    travel.trigger()
    assert store.get_conversation(cid).folder_id is not None
    pin = next(a for a in menu.actions() if a.text() == "Pin")
    pin.trigger()
    assert store.get_conversation(cid).pinned
    menu.deleteLater()


def test_export_action_emits_the_format(
    qtbot: QtBot, store: HistoryStore, sidebar: Sidebar
) -> None:
    (cid,) = _fill(store, 1)
    menu = sidebar.conversation_menu(cid)
    export = next(a.menu() for a in menu.actions() if a.text() == "Export")
    with qtbot.waitSignal(sidebar.export_requested) as blocker:
        export.actions()[1].trigger()
    assert blocker.args == [cid, "html"]
    menu.deleteLater()


def test_delete_can_be_undone_then_commits_after_the_delay(
    qtbot: QtBot, store: HistoryStore, sidebar: Sidebar, aio: QasyncRunner
) -> None:
    a, b = _fill(store, 2)
    sidebar.model.reload()
    sidebar.request_delete(a)
    assert a not in sidebar.model.ids()
    assert sidebar.undo_bar.isVisibleTo(sidebar)
    sidebar.undo_button.click()
    assert a in sidebar.model.ids()
    assert store.get_conversation(a).id == a

    sidebar._undo_timer.setInterval(50)
    sidebar.request_delete(b)
    aio.wait_until(lambda: not sidebar.undo_bar.isVisibleTo(sidebar))
    aio.run(sidebar.wait_for_deletes())
    assert [c.id for c in store.list_conversations()] == [a]


def test_closing_commits_a_pending_delete(store: HistoryStore, sidebar: Sidebar) -> None:
    (cid,) = _fill(store, 1)
    sidebar.request_delete(cid)
    sidebar.shutdown()
    assert store.list_conversations() == []


def test_live_search_shows_snippets_and_opens_the_match(
    qtbot: QtBot, store: HistoryStore, sidebar: Sidebar, aio: QasyncRunner
) -> None:
    conv = store.create_conversation("Weather")
    msg = store.append_message(conv.id, "user", steps=user_steps("Bugün güneş çok parlak"))
    store.create_conversation("Unrelated")
    qtbot.keyClicks(sidebar.search.line_edit, "gunes")
    aio.wait_until(lambda: sidebar.search.model.rowCount() == 1)
    assert not sidebar.lists.isVisibleTo(sidebar)  # results replace the list
    html = sidebar.search.model.index(0).data(Qt.ItemDataRole.UserRole + 2)
    assert "<b>güneş</b>" in html
    with qtbot.waitSignal(sidebar.hit_activated) as blocker:
        qtbot.keyClick(sidebar.search.line_edit, Qt.Key.Key_Return)
    assert blocker.args == [conv.id, msg.id, "güneş"]  # the word as written, to highlight
    sidebar.search.clear()
    assert sidebar.lists.isVisibleTo(sidebar)


def test_stale_search_results_are_dropped(
    qtbot: QtBot, store: HistoryStore, sidebar: Sidebar, aio: QasyncRunner
) -> None:
    first = store.create_conversation("alpha topic")
    store.create_conversation("beta topic")
    sidebar.search.line_edit.setText("alpha")
    sidebar.search.search_now()
    sidebar.search.line_edit.setText("beta")  # typed on before the first finished
    sidebar.search.search_now()
    aio.wait_until(lambda: sidebar.search.model.rowCount() > 0)
    aio.pause(0.3)
    titles = [sidebar.search.model.hit(r).title for r in range(sidebar.search.model.rowCount())]  # type: ignore[union-attr]
    assert titles == ["beta topic"]
    assert first.id not in [
        sidebar.search.model.hit(r).conversation_id  # type: ignore[union-attr]
        for r in range(sidebar.search.model.rowCount())
    ]


def test_neighbour_wraps_for_ctrl_tab(store: HistoryStore, sidebar: Sidebar) -> None:
    ids = list(reversed(_fill(store, 3)))
    sidebar.model.reload()
    assert sidebar.neighbour(ids[0], 1) == ids[1]
    assert sidebar.neighbour(ids[2], 1) == ids[0]
    assert sidebar.neighbour(ids[0], -1) == ids[2]
    assert sidebar.neighbour(None, 1) == ids[0]
