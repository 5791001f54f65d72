"""Theme: explicit light/dark palettes, "system" following live OS changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.core.preferences import Theme
from desktop_app.ui.theme import ThemeManager, dark_palette, is_dark_palette, light_palette


@pytest.fixture
def manager(qapp: QApplication) -> Iterator[ThemeManager]:
    original = QPalette(qapp.palette())
    theme = ThemeManager(Theme.SYSTEM)
    yield theme
    theme.close()
    qapp.setPalette(original)


def _os_switches_to(qapp: QApplication, scheme: Qt.ColorScheme) -> None:
    # What the platform plugin does when the desktop's appearance changes.
    qapp.styleHints().colorSchemeChanged.emit(scheme)


def test_palettes_are_what_they_claim() -> None:
    assert is_dark_palette(dark_palette())
    assert not is_dark_palette(light_palette())
    for palette in (dark_palette(), light_palette()):
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        assert abs(text.lightness() - base.lightness()) > 150  # readable contrast


def test_explicit_dark_and_light_apply_to_widgets(
    manager: ThemeManager, qapp: QApplication, qtbot: QtBot
) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    label.show()
    with qtbot.waitSignal(manager.theme_changed) as changed:
        manager.set_theme(Theme.DARK)
    assert changed.args == ["dark"]
    assert manager.is_dark()
    assert is_dark_palette(qapp.palette())
    qtbot.waitUntil(lambda: is_dark_palette(label.palette()))
    manager.set_theme(Theme.LIGHT)
    assert not manager.is_dark()
    qtbot.waitUntil(lambda: not is_dark_palette(label.palette()))


def test_dark_changed_fires_only_on_a_real_flip(manager: ThemeManager, qtbot: QtBot) -> None:
    manager.set_theme(Theme.LIGHT)
    seen: list[bool] = []
    manager.dark_changed.connect(seen.append)
    manager.set_theme(Theme.DARK)
    manager.set_theme(Theme.DARK)  # no change
    manager.set_theme(Theme.LIGHT)
    assert seen == [True, False]


def test_system_follows_live_os_changes(
    manager: ThemeManager, qapp: QApplication, qtbot: QtBot
) -> None:
    assert manager.theme is Theme.SYSTEM
    with qtbot.waitSignal(manager.dark_changed) as flipped:
        _os_switches_to(qapp, Qt.ColorScheme.Dark)
    assert flipped.args == [True]
    assert is_dark_palette(qapp.palette())
    with qtbot.waitSignal(manager.dark_changed) as back:
        _os_switches_to(qapp, Qt.ColorScheme.Light)
    assert back.args == [False]
    assert not is_dark_palette(qapp.palette())


def test_explicit_choice_ignores_os_changes(
    manager: ThemeManager, qapp: QApplication, qtbot: QtBot
) -> None:
    manager.set_theme(Theme.LIGHT)
    with qtbot.assertNotEmitted(manager.dark_changed):
        _os_switches_to(qapp, Qt.ColorScheme.Dark)
    assert not is_dark_palette(qapp.palette())
    # Back to "system" picks up what the OS said meanwhile.
    manager.set_theme(Theme.SYSTEM)
    assert manager.is_dark()


def test_starting_dark_applies_before_first_paint(qapp: QApplication) -> None:
    original = QPalette(qapp.palette())
    try:
        theme = ThemeManager(Theme.DARK)
        assert theme.is_dark()
        assert is_dark_palette(qapp.palette())
        theme.close()
    finally:
        qapp.setPalette(original)
