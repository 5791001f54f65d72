"""The system-tray icon and its menu: Quick prompt, New chat, Show/Hide window, Quit.

Without a tray host (:meth:`Tray.available` is False) nothing is shown and the
app keeps working from its window and the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon


class Tray(QObject):
    """Owns the QSystemTrayIcon; says what the user asked for, does nothing itself.

    Signals:
        quick_prompt_requested(): the icon was clicked or "Quick prompt" chosen.
        new_chat_requested(): "New chat".
        toggle_window_requested(): "Show window" / "Hide window".
        quit_requested(): "Quit" — really quit, whatever close-to-tray says.
    """

    quick_prompt_requested = Signal()
    new_chat_requested = Signal()
    toggle_window_requested = Signal()
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self._disposed = False
        self.quick_prompt_action = QAction(self.tr("Quick prompt"), self)
        self.new_chat_action = QAction(self.tr("New chat"), self)
        self.toggle_window_action = QAction(self.tr("Show window"), self)
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quick_prompt_action.setObjectName("tray-quick-prompt")
        self.new_chat_action.setObjectName("tray-new-chat")
        self.toggle_window_action.setObjectName("tray-toggle-window")
        self.quit_action.setObjectName("tray-quit")
        self.menu.addAction(self.quick_prompt_action)
        self.menu.addAction(self.new_chat_action)
        self.menu.addAction(self.toggle_window_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip(self.tr("Gemdesk"))
        self.icon.setContextMenu(self.menu)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.quick_prompt_action.triggered.connect(self.quick_prompt_requested)
        self.new_chat_action.triggered.connect(self.new_chat_requested)
        self.toggle_window_action.triggered.connect(self.toggle_window_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.activated.connect(self._on_activated)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> bool:
        """Show the icon if a tray exists; returns whether it is shown."""
        if not self.available():
            return False
        self.icon.show()
        return self.icon.isVisible()

    def is_shown(self) -> bool:
        return self.icon.isVisible()

    def hide(self) -> None:
        self.icon.hide()

    def set_window_visible(self, visible: bool) -> None:
        """Keep the toggle's label truthful ("Hide window" while it is shown)."""
        self.toggle_window_action.setText(
            self.tr("Hide window") if visible else self.tr("Show window")
        )

    def notify(self, title: str, message: str) -> bool:
        """A desktop notification (balloon or the desktop's notification service)."""
        if not self.icon.isVisible() or not QSystemTrayIcon.supportsMessages():
            return False
        self.icon.showMessage(title, message, self.icon.icon(), 8000)
        return True

    def dispose(self) -> None:
        """Take the icon out of the tray now (a hidden icon never lingers after quit)."""
        if self._disposed:
            return
        self._disposed = True
        self.icon.hide()
        self.icon.setContextMenu(None)  # type: ignore[arg-type]
        self.menu.deleteLater()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.quick_prompt_requested.emit()


APP_ID = "io.github.gemdesk.Gemdesk"


def _resource_roots() -> list[Path]:
    package = Path(__file__).resolve().parent.parent
    # A checkout or editable install has resources/ beside the package; pip and pipx
    # put the wheel's data files under <prefix>/share.
    return [package.parent / "resources", package / "resources", Path(sys.prefix) / "share"]


def app_icon() -> QIcon:
    """The app's icon: the installed theme icon, else the checkout's SVG and PNGs."""
    icon = QIcon()
    for root in _resource_roots():
        hicolor = root / "icons" / "hicolor"
        if not hicolor.is_dir():
            continue
        for png in sorted(hicolor.glob(f"*/apps/{APP_ID}.png")):
            icon.addFile(str(png))
        svg = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
        if svg.is_file():
            icon.addFile(str(svg))
        if not icon.isNull():
            return icon
    return QIcon.fromTheme(APP_ID)
