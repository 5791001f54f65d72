"""MainWindow(defer_build=True): the outline paints first, the widgets are built in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot

from desktop_app.core.engine import Engine
from desktop_app.store import HistoryStore
from desktop_app.ui.composer import DraftStore
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.window.skeleton import SIDEBAR_WIDTH, SkeletonView
from tests.ui.conftest import QasyncRunner


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open() as history:
        yield history


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def test_outline_paints_the_layout_then_build_swaps_in_the_widgets(
    qtbot: QtBot, aio: QasyncRunner, store: HistoryStore, tmp_path: Path
) -> None:
    window = MainWindow(
        store=store,
        engine=Engine(store, None),
        drafts=DraftStore(),
        settings=_settings(tmp_path),
        defer_build=True,
    )
    qtbot.addWidget(window)
    assert not window.is_built()
    assert isinstance(window.centralWidget(), SkeletonView)
    assert not hasattr(window, "sidebar")
    window.show()
    qtbot.waitExposed(window)
    image = window.centralWidget().grab().toImage()
    palette = window.centralWidget().palette()
    sidebar_pixel = image.pixelColor(SIDEBAR_WIDTH // 2, image.height() - 8)
    transcript_pixel = image.pixelColor(SIDEBAR_WIDTH + 200, image.height() // 3)
    assert sidebar_pixel == palette.color(QPalette.ColorRole.AlternateBase)
    assert transcript_pixel == palette.color(QPalette.ColorRole.Window)

    window.build()
    assert window.is_built()
    assert isinstance(window.centralWidget(), QSplitter)
    assert window.findChild(SkeletonView) is None or not window.findChild(SkeletonView).isVisible()
    splitter = window.centralWidget()
    window.build()  # once only
    assert window.centralWidget() is splitter
    window.close()
    aio.run(window.controller.wait_idle())


def test_geometry_is_restored_before_the_first_paint(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = MainWindow(settings=settings, defer_build=True)
    qtbot.addWidget(first)
    first.resize(700, 480)
    first.close()  # never built: only the geometry is saved
    assert not first.is_built()

    again = MainWindow(settings=_settings(tmp_path), defer_build=True)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 480)
    again.close()


def test_a_window_built_at_once_shows_no_outline(
    qtbot: QtBot, aio: QasyncRunner, store: HistoryStore, tmp_path: Path
) -> None:
    window = MainWindow(
        store=store, engine=Engine(store, None), drafts=DraftStore(), settings=_settings(tmp_path)
    )
    qtbot.addWidget(window)
    assert window.is_built()
    assert window.findChild(SkeletonView) is None or not window.findChild(SkeletonView).isVisible()
    window.close()
    aio.run(window.controller.wait_idle())


def test_a_damaged_history_is_set_aside_and_the_user_is_told(
    qtbot: QtBot, aio: QasyncRunner, tmp_path: Path
) -> None:
    from desktop_app import paths

    database = paths.data_dir() / "history.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"not a database, just bytes a crash left behind " * 100)
    window = MainWindow(settings=_settings(tmp_path))
    qtbot.addWidget(window)
    try:
        assert window.error_bar.isVisibleTo(window)
        message = window.error_bar.message()
        assert "damaged" in message
        kept = next(database.parent.glob("history.sqlite3.corrupt-*"))
        assert str(kept) in message
        assert not window.error_bar.retry_button.isVisibleTo(window)
    finally:
        window.close()
        aio.run(window.controller.wait_idle())


def test_the_keychain_is_read_off_the_gui_thread(
    qtbot: QtBot,
    aio: QasyncRunner,
    store: HistoryStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import keyring

    from desktop_app.core.credentials import KeyStorage, save_api_key
    from tests.conftest import MemoryKeyring

    readers: list[str] = []

    class RecordingKeyring(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            readers.append(threading.current_thread().name)
            return super().get_password(service, username)

    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(RecordingKeyring())
    try:
        save_api_key("AIzaSyTEST-key-0123456789abcdefghijklmn", storage=KeyStorage.KEYCHAIN)
        readers.clear()  # saving checks the keychain; what matters is what start-up does
        window = MainWindow(store=store, drafts=DraftStore(), settings=_settings(tmp_path))
        qtbot.addWidget(window)
        try:
            assert readers == []  # start-up trusted the marker: no keychain yet
            assert window.first_run is None or not window.first_run.isVisible()
            engine = aio.run(window.engine_ready())
            assert engine.client is not None
            assert readers
            assert all(name != threading.main_thread().name for name in readers)
        finally:
            window.close()
            aio.run(window.controller.wait_idle())
    finally:
        keyring.set_keyring(previous)
