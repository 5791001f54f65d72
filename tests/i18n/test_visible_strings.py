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
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.preferences import ModelCache, ModelInfo, load_preferences
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


def test_the_main_window_is_turkish(window: MainWindow) -> None:
    assert window.menus["file"].title() == "&Dosya"
    _assert_turkish(window, *window.menus.values())
    # Alt+letter still reaches every menu and every item in it.
    groups = [[m.title() for m in window.menus.values()]]
    groups += [
        [a.text() for a in m.actions() if not a.isSeparator()] for m in window.menus.values()
    ]
    assert [c for group in groups for c in _mnemonic_clashes(group)] == []


def test_the_preferences_dialog_is_turkish(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.ui.preferences_dialog import PreferencesDialog

    prefs = load_preferences().replace(
        model_cache=ModelCache.now([ModelInfo("gemini-3-flash-preview", "Gemini 3 Flash")])
    )
    dialog = PreferencesDialog(window, preferences=prefs, keychain_available=True)
    qtbot.addWidget(dialog)
    _assert_turkish(dialog)


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


def test_the_first_run_panel_and_help_dialogs_are_turkish(
    turkish: QApplication, qtbot: QtBot
) -> None:
    from desktop_app.ui.about import AboutDialog
    from desktop_app.ui.first_run import FirstRunPanel
    from desktop_app.ui.shortcuts import ShortcutsDialog

    widgets: list[QWidget] = [
        FirstRunPanel(keychain_available=True),
        ShortcutsDialog(),
        AboutDialog(),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
    _assert_turkish(*widgets)


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
