"""Light, dark, or whatever the OS says — applied to the whole QApplication.

"System" follows live OS changes through ``QStyleHints.colorSchemeChanged``. The
transcript listens to :attr:`ThemeManager.dark_changed` to switch its code palette.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from desktop_app.core.preferences import Theme

if TYPE_CHECKING:
    # Imported where compared: the namespace's first import creates ~100 enums (~25 ms),
    # which the first paint does not need.
    from PySide6.QtCore import Qt

__all__ = ["ThemeManager", "dark_palette", "is_dark_palette", "light_palette"]

log = logging.getLogger(__name__)

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


# Managers still following the OS; tests close leftovers so a window one test leaked
# cannot repaint the application palette under the next test.
_live_managers: weakref.WeakSet[ThemeManager] = weakref.WeakSet()


def close_all_managers() -> None:
    for manager in list(_live_managers):
        try:
            manager.close()
        except (RuntimeError, SystemError):  # its Qt object is already deleted
            _live_managers.discard(manager)


def light_palette() -> QPalette:
    return _palette(
        window="#f5f5f7",
        window_text="#1d1d1f",
        base="#ffffff",
        alternate="#f0f0f3",
        text="#1d1d1f",
        button="#ececef",
        highlight="#2f6fde",
        highlighted_text="#ffffff",
        link="#1a5fc9",
        disabled="#9a9aa0",
        mid="#c9c9cf",
        tooltip_base="#ffffee",
        placeholder="#7b7b82",
    )


def dark_palette() -> QPalette:
    return _palette(
        window="#1f2023",
        window_text="#e8e8ea",
        base="#17181a",
        alternate="#24262a",
        text="#e8e8ea",
        button="#2b2d31",
        highlight="#3d7be0",
        highlighted_text="#ffffff",
        link="#7fb0ff",
        disabled="#6f7177",
        mid="#3a3c41",
        tooltip_base="#2b2d31",
        placeholder="#8d8f95",
    )


# The palette the platform gave before we set one (see paint_outline_palette).
_platform_palette: QPalette | None = None


def _remember_platform_palette(app: QGuiApplication) -> QPalette:
    global _platform_palette
    if _platform_palette is None:
        _platform_palette = QPalette(app.palette())
    return _platform_palette


def apply_chosen_palette(theme: Theme) -> None:
    """Set the palette of an explicit light or dark choice (before the first paint).

    "System" keeps the platform's palette here: telling it apart from the OS scheme
    needs ``Qt.ColorScheme``, whose first use sets up every ``Qt`` enum (~25 ms), so
    :class:`ThemeManager` settles it once the window is built.
    """
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication) or theme is Theme.SYSTEM:
        return
    _remember_platform_palette(app)
    app.setPalette(dark_palette() if theme is Theme.DARK else light_palette())


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(_Role.Window).lightness() < 128


class ThemeManager(QObject):
    """Applies a :class:`Theme` and keeps "system" in step with the OS.

    Signals:
        dark_changed(bool): the effective appearance flipped (True = dark).
        theme_changed(str): the chosen :class:`Theme` value changed.
    """

    dark_changed = Signal(bool)
    theme_changed = Signal(str)

    def __init__(self, theme: Theme = Theme.SYSTEM, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("ThemeManager needs a QGuiApplication")
        self._app = app
        self._theme = theme
        self._dark = is_dark_palette(app.palette())
        # The palette the platform gives us, to return to when "system" is chosen again.
        self._platform_palette = QPalette(_remember_platform_palette(app))
        self._system_scheme = app.styleHints().colorScheme()
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        _live_managers.add(self)
        self._apply()

    def close(self) -> None:
        """Stop following the OS (the palette stays as it is)."""
        _live_managers.discard(self)
        try:
            self._app.styleHints().colorSchemeChanged.disconnect(self._on_system_scheme_changed)
        except (RuntimeError, TypeError):
            pass  # already disconnected

    @property
    def theme(self) -> Theme:
        return self._theme

    def is_dark(self) -> bool:
        return self._dark

    def set_theme(self, theme: Theme) -> None:
        if theme is self._theme:
            return
        self._theme = theme
        self.theme_changed.emit(theme.value)
        self._apply()

    def _on_system_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._system_scheme = scheme
        if self._theme is Theme.SYSTEM:
            self._apply()

    def _wants_dark(self) -> bool:
        from PySide6.QtCore import Qt

        if self._theme is Theme.DARK:
            return True
        if self._theme is Theme.LIGHT:
            return False
        if self._system_scheme == Qt.ColorScheme.Dark:
            return True
        if self._system_scheme == Qt.ColorScheme.Light:
            return False
        return is_dark_palette(self._platform_palette)  # the OS gave no hint

    def _apply(self) -> None:
        dark = self._wants_dark()
        if self._theme is Theme.SYSTEM and is_dark_palette(self._platform_palette) == dark:
            palette = self._platform_palette  # the platform already matches the OS
        else:
            # Platforms whose palette ignores the OS scheme (Fusion without a portal)
            # and explicit choices get our own palette.
            palette = dark_palette() if dark else light_palette()
        self._app.setPalette(palette)
        log.info("theme %s applied (dark=%s)", self._theme.value, dark)
        if dark != self._dark:
            self._dark = dark
            self.dark_changed.emit(dark)


def _palette(
    *,
    window: str,
    window_text: str,
    base: str,
    alternate: str,
    text: str,
    button: str,
    highlight: str,
    highlighted_text: str,
    link: str,
    disabled: str,
    mid: str,
    tooltip_base: str,
    placeholder: str,
) -> QPalette:
    p = QPalette()
    colors = {
        _Role.Window: window,
        _Role.WindowText: window_text,
        _Role.Base: base,
        _Role.AlternateBase: alternate,
        _Role.Text: text,
        _Role.Button: button,
        _Role.ButtonText: text,
        _Role.BrightText: "#ff5555",
        _Role.Highlight: highlight,
        _Role.HighlightedText: highlighted_text,
        _Role.Link: link,
        _Role.LinkVisited: link,
        _Role.ToolTipBase: tooltip_base,
        _Role.ToolTipText: text,
        _Role.PlaceholderText: placeholder,
        _Role.Mid: mid,
        _Role.Midlight: alternate,
        _Role.Dark: mid,
        _Role.Light: base,
        _Role.Shadow: "#000000",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.HighlightedText):
        p.setColor(_Group.Disabled, role, QColor(disabled))
    return p
