"""Start-up up to the first paint: the application, the single instance, the outline.

``gemdesk`` shows its window before it imports asyncio, qasync, the store and the
widgets: :func:`run_shell` builds the :class:`QApplication`, claims the single
instance, shows :class:`MainWindow` as an outline (``defer_build=True``) and lets it
paint; only then does :mod:`desktop_app.ui.shell` load and build the rest in place.
Everything imported here is on the path to that first paint, so it stays light
(``tests/ui/test_startup_imports.py`` keeps it so).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import __version__
from desktop_app.ui import startup_probe
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.single_instance import InstanceRequest, claim_or_forward
from desktop_app.ui.tray import APP_ID, app_icon

if TYPE_CHECKING:
    from desktop_app.app import Options
    from desktop_app.crash import CrashHandler

__all__ = ["make_application", "paint_now", "run_shell"]

log = logging.getLogger(__name__)

# Longest wait for the outline's first paint before building anyway (no compositor,
# a hidden session): the window must never wait on a paint that does not come.
FIRST_PAINT_WAIT_MS = 1000


def make_application(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0] if sys.argv else "gemdesk", *qt_args])
    app.setApplicationName("Gemdesk")
    app.setOrganizationName("gemdesk")
    app.setApplicationVersion(__version__)
    # Wayland/X11 match the window to the desktop entry (icon, grouping) by this id.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    # Quitting is explicit (Shell.request_quit): hiding the window to the tray or
    # closing the quick prompt must not end the app.
    app.setQuitOnLastWindowClosed(False)
    # Before any widget exists: widgets translate their strings when they are built.
    from desktop_app.ui.i18n import install_translator

    install_translator(app)
    return app


def paint_now(window: MainWindow, timeout_ms: int = FIRST_PAINT_WAIT_MS) -> None:
    """Run Qt's loop until *window* has painted once (or *timeout_ms* passed).

    Input and sockets wait for the real loop: nothing can act on a window that is
    still an outline, and a second launch's request reaches the shell intact.
    """
    local = QEventLoop()
    startup_probe.after_first_paint(window, local.quit)
    QTimer.singleShot(timeout_ms, local.quit)
    local.exec(
        QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
        | QEventLoop.ProcessEventsFlag.ExcludeSocketNotifiers
    )


def run_shell(options: Options, request: InstanceRequest, crash_handler: CrashHandler) -> int:
    """Become the instance (or forward to it), then run until quit. Returns the exit code."""
    app = make_application(options.qt_args)
    server = claim_or_forward(request)
    if server is None:
        log.info("handed the request to the running instance")
        return 0
    window = MainWindow(defer_build=True)
    # `benchmarks/bench_startup.py` times the first paint of this window.
    startup_probe.install(window)
    if not request.quick_prompt:
        window.show()
        paint_now(window)
    # asyncio loads now, after the paint, and without OpenSSL until a client needs it.
    from desktop_app.deferred_tls import import_asyncio_without_tls

    import_asyncio_without_tls()
    from desktop_app.ui.shell import run_event_loop

    return run_event_loop(app, server, window, request, crash_handler)
