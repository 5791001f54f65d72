"""Start the app's UI the way `gemdesk` does and print its visible strings as JSON.

Run by test_locale.py in a subprocess with a chosen LANG: Qt reads the locale
from the environment once per process, so each language needs its own process.
"""

from __future__ import annotations

import asyncio
import json
import sys

import qasync
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QWidget

from desktop_app.ui.first_run import FirstRunPanel
from desktop_app.ui.i18n import current_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.shell import make_application


def _texts(root: QWidget) -> list[str]:
    widgets = root.findChildren(QLabel) + root.findChildren(QAbstractButton)
    return [w.text() for w in widgets if w.text().strip()]


def main() -> int:
    app = make_application([])  # installs the translator, as at start-up
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        window = MainWindow()
        panel = FirstRunPanel(keychain_available=True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        report = {
            "language": current_language(app).value,
            "menus": [menu.title() for menu in window.menus.values()],
            "actions": [
                action.text()
                for menu in window.menus.values()
                for action in menu.actions()
                if not action.isSeparator()
            ],
            "buttons": [b.text() for b in window.findChildren(QAbstractButton) if b.text()],
            "first_run": _texts(panel),
            "standard_buttons": [b.text() for b in box.buttons()],
        }
        window.close()
        loop.run_until_complete(window.controller.wait_idle())
        loop.run_until_complete(asyncio.sleep(0.05))
    json.dump(report, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
