"""With the Turkish catalogue installed, no English is left on screen.

The windows are built for real (offscreen) after the translator is installed, as
at start-up; every title, label, button, action, menu, placeholder, tooltip,
list item and accessible name must come out of the catalogue. A string that
bypasses tr(), or that is missing from the .ts, stays English and is listed.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.preferences import ModelCache, ModelInfo, load_preferences
from desktop_app.store import HistoryStore, user_steps
from desktop_app.ui.main_window import MainWindow
from tests.i18n.widget_text import TurkishCatalogue, untranslated

CATALOGUE = TurkishCatalogue()


def _assert_turkish(*roots: QWidget) -> None:
    problems = untranslated(roots, CATALOGUE)
    assert not problems, "English left on screen (wrap it in tr(), then `make translations`):\n" + (
        "\n".join(problems)
    )


@pytest.fixture
def window(turkish: QApplication, qloop: qasync.QEventLoop, qtbot: QtBot) -> Iterator[MainWindow]:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qloop.run_until_complete(asyncio.sleep(0.05))  # deferred start-up work (history listing)
    yield main
    main.close()
    qloop.run_until_complete(main.controller.wait_idle())
    qloop.run_until_complete(main.sidebar.wait_for_deletes())
    qloop.run_until_complete(asyncio.sleep(0.05))


def _mnemonic_clashes(texts: list[str]) -> list[str]:
    keys: dict[str, list[str]] = {}
    for text in texts:
        found = re.search(r"&([^&])", text.replace("&&", ""))
        if found:
            keys.setdefault(found.group(1).upper(), []).append(text)
    return [" / ".join(group) for group in keys.values() if len(group) > 1]


def _labelled(widgets: list[QWidget]) -> list[str]:
    return [w.text() for w in widgets if isinstance(w, QLabel | QAbstractButton)]


def _dialog_clashes(root: QWidget) -> list[str]:
    """Clashes among what one Alt+letter can reach: each tab page with the tab titles."""
    tabs = root.findChildren(QTabWidget)
    everything: list[QWidget] = root.findChildren(QWidget)
    outside = [w for w in everything if not any(t.isAncestorOf(w) for t in tabs)]
    groups = [_labelled(outside)]
    for tab in tabs:
        titles = [tab.tabText(i) for i in range(tab.count())]
        pages = [tab.widget(i) for i in range(tab.count())]
        groups += [titles + _labelled(p.findChildren(QWidget)) for p in pages if p is not None]
    return sorted({c for group in groups for c in _mnemonic_clashes(group)})


def test_the_main_window_is_turkish(window: MainWindow) -> None:
    assert window.menus["file"].title() == "&Dosya"
    _assert_turkish(window, *window.menus.values())
    # Alt+letter still reaches every menu and every item in it.
    groups = [[m.title() for m in window.menus.values()]]
    groups += [
        [a.text() for a in m.actions() if not a.isSeparator()] for m in window.menus.values()
    ]
    assert [c for group in groups for c in _mnemonic_clashes(group)] == []


def test_a_conversation_in_the_window_is_turkish(
    turkish: QApplication, qloop: qasync.QEventLoop, qtbot: QtBot
) -> None:
    # Digits only: the user's and the model's text must not count as English.
    with HistoryStore.open() as store:
        cid = store.create_conversation("42").id
        store.append_message(cid, "user", steps=user_steps("1234"))
        store.append_message(
            cid,
            "model",
            text="5678",
            status="stopped",
            model="gemini-3-flash-preview",
            usage={"input_tokens": 12, "output_tokens": 34, "total_tokens": 46},
        )
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    try:
        main.open_conversation(cid)
        deadline = qloop.time() + 10
        while len(main.transcript.message_ids()) < 2 and qloop.time() < deadline:
            qloop.run_until_complete(asyncio.sleep(0.02))
        assert len(main.transcript.message_ids()) == 2
        qloop.run_until_complete(asyncio.sleep(0.1))  # laid out, buttons created
        _assert_turkish(main)
    finally:
        main.close()
        qloop.run_until_complete(main.controller.wait_idle())
        qloop.run_until_complete(main.sidebar.wait_for_deletes())
        qloop.run_until_complete(asyncio.sleep(0.05))


def test_the_preferences_dialog_is_turkish(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.ui.preferences_dialog import PreferencesDialog

    prefs = load_preferences().replace(
        model_cache=ModelCache.now([ModelInfo("gemini-3-flash-preview", "Gemini 3 Flash")])
    )
    dialog = PreferencesDialog(window, preferences=prefs, keychain_available=True)
    qtbot.addWidget(dialog)
    _assert_turkish(dialog)
    assert _dialog_clashes(dialog) == []


def test_the_quick_prompt_and_the_tray_menu_are_turkish(
    turkish: QApplication, qtbot: QtBot
) -> None:
    from desktop_app.ui.quick_prompt import QuickPrompt
    from desktop_app.ui.tray import Tray, app_icon

    prompt = QuickPrompt()
    qtbot.addWidget(prompt)
    tray = Tray(app_icon())
    try:
        assert [a.text() for a in tray.menu.actions() if not a.isSeparator()][-1] == "Çık"
        _assert_turkish(prompt, tray.menu)
    finally:
        tray.dispose()


def test_the_first_run_and_settings_panels_and_help_dialogs_are_turkish(
    turkish: QApplication, qtbot: QtBot
) -> None:
    from desktop_app.ui.about import AboutDialog
    from desktop_app.ui.conversation_settings import ConversationSettingsPanel
    from desktop_app.ui.first_run import FirstRunPanel
    from desktop_app.ui.shortcuts import ShortcutsDialog

    first_run = FirstRunPanel(keychain_available=True)
    settings = ConversationSettingsPanel()
    widgets: list[QWidget] = [first_run, settings, ShortcutsDialog(), AboutDialog()]
    for widget in widgets:
        qtbot.addWidget(widget)
    _assert_turkish(*widgets)
    assert _dialog_clashes(first_run) == []
    assert _dialog_clashes(settings) == []


def test_english_strings_would_be_reported(qapp: QApplication, qtbot: QtBot) -> None:
    # Without the translator the same check lists the English strings.
    from desktop_app.ui.tray import Tray, app_icon

    tray = Tray(app_icon())
    try:
        problems = untranslated([tray.menu], CATALOGUE)
    finally:
        tray.dispose()
    assert any("'Quit'" in p for p in problems)
    assert any("'Quick prompt'" in p for p in problems)
