"""Entry point and wiring: QApplication, the qasync loop, the main window.

Heavy imports (Qt, httpx, the renderer) happen inside :func:`main` so that the
command line and ``--version`` stay fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop_app import __version__

CLI_COMMANDS = frozenset({"ask", "history", "models"})


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        from desktop_app.cli import main as cli_main

        return cli_main(args)
    if args[:1] == ["--version"]:
        print(f"gemdesk {__version__}")  # noqa: T201
        return 0
    return run_gui(args)


def run_gui(args: list[str]) -> int:
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    assert isinstance(app, QApplication)
    app.setApplicationName("Gemdesk")
    app.setOrganizationName("gemdesk")
    app.setApplicationVersion(__version__)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow()
    window.show()
    with loop:
        closing = asyncio.Event()
        app.aboutToQuit.connect(closing.set)
        loop.run_until_complete(closing.wait())
    return 0
