"""The running app around the main window: tray, quick prompt, single instance, quitting.

:func:`run_event_loop` is what ``gemdesk`` runs once :mod:`desktop_app.ui.launch` has
the window's outline on screen. :class:`Shell` owns the long-lived objects and turns requests (tray
menu, a later launch, closing the window) into actions; quitting is one path,
:meth:`Shell.request_quit`, that stops any streaming answer (saved as stopped)
before the event loop ends.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

import qasync
from PySide6.QtCore import QEvent, QObject, QSocketNotifier, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from desktop_app import __version__, paths
from desktop_app.core.preferences import Preferences
from desktop_app.crash import CrashHandler
from desktop_app.store import StoreError
from desktop_app.ui import startup_probe
from desktop_app.ui.activation import bring_to_front
from desktop_app.ui.launch import make_application
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.single_instance import InstanceRequest, SingleInstanceServer
from desktop_app.ui.tray import Tray, app_icon

if TYPE_CHECKING:
    from desktop_app.crash import CrashReport
    from desktop_app.ui.crash_dialog import CrashDialogPresenter
    from desktop_app.ui.quick_prompt import QuickPrompt, QuickPromptController

__all__ = ["Shell", "make_application", "run_event_loop"]

log = logging.getLogger(__name__)

TRAY_HINT_MARKER = "tray-hint-shown"
SHUTDOWN_GRACE_S = 10.0


class Shell(QObject):
    """Owns the main window, the tray and the quick prompt; one instance per process.

    Signals:
        quit_requested(): the quit path started (tray Quit, window closed, SIGTERM).
    """

    quit_requested = Signal()

    def __init__(
        self,
        app: QApplication,
        server: SingleInstanceServer | None = None,
        window: MainWindow | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        # Quitting is explicit (request_quit): closing or hiding a window never ends the app.
        app.setQuitOnLastWindowClosed(False)
        self.server = server
        # The window owns the store, the engine and the API client; the quick
        # prompt shares its engine (one history, one key).
        self.window = window if window is not None else MainWindow()
        # `benchmarks/bench_startup.py` times the first paint of this window.
        startup_probe.install(self.window)
        self.tray = Tray(app_icon(), self)
        # Built on first use (see quick_prompt): not before the window's first paint.
        self._quick_prompt: QuickPrompt | None = None
        self._quick: QuickPromptController | None = None
        self._quitting = False
        self._shut_down = False
        self._quit_event = asyncio.Event()
        self._notified_quick = False
        self._connect_signals()
        self.window.installEventFilter(self)

    def _connect_signals(self) -> None:
        self.tray.quick_prompt_requested.connect(self.show_quick_prompt)
        self.tray.new_chat_requested.connect(self.new_chat)
        self.tray.toggle_window_requested.connect(self.toggle_window)
        self.tray.quit_requested.connect(self.request_quit)
        self.tray.icon.messageClicked.connect(self._on_notification_clicked)
        self.window.controller.finished.connect(self._on_window_answer_finished)
        if self.server is not None:
            self.server.request_received.connect(self.handle_request)

    @property
    def preferences(self) -> Preferences:
        return self.window.preferences

    @property
    def quick_prompt(self) -> QuickPrompt:
        """The quick prompt window (built the first time it is needed)."""
        return self._quick_parts()[0]

    @property
    def quick(self) -> QuickPromptController:
        """Runs the quick prompt's turns on the window's engine (built with it)."""
        return self._quick_parts()[1]

    def _quick_parts(self) -> tuple[QuickPrompt, QuickPromptController]:
        if self._quick_prompt is None or self._quick is None:
            from desktop_app.ui.quick_prompt import QuickPrompt, QuickPromptController

            prompt = QuickPrompt()
            quick = QuickPromptController(
                prompt, self.window.engine, lambda: self.window.preferences, self
            )
            prompt.dismissed.connect(self._on_quick_prompt_dismissed)
            quick.open_in_window.connect(self.open_conversation)
            quick.answer_finished.connect(self._on_quick_answer_finished)
            self._quick_prompt, self._quick = prompt, quick
        return self._quick_prompt, self._quick

    # -- start -----------------------------------------------------------------

    def start(self, request: InstanceRequest) -> None:
        """Show the tray (where one exists) and do what the first launch asked."""
        if self.tray.show():
            log.info("tray icon shown")
        else:
            log.info("no system tray: window and command line only")
        if request.quick_prompt:
            self.show_quick_prompt()
        else:
            self.handle_request(request)

    def handle_request(self, request: InstanceRequest) -> None:
        if request.files:
            self.open_files([Path(f) for f in request.files])
        elif request.new_chat:
            self.new_chat()
        elif request.quick_prompt:
            self.show_quick_prompt()
        else:
            self.show_window()

    # -- actions ---------------------------------------------------------------

    def show_window(self) -> None:
        log.info("showing the main window")
        bring_to_front(self.window)
        self.tray.set_window_visible(True)

    def hide_window(self) -> None:
        log.info("hiding the main window")
        self.window.hide()
        self.tray.set_window_visible(False)

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.hide_window()
        else:
            self.show_window()

    def show_quick_prompt(self) -> None:
        log.info("showing the quick prompt")
        self.quick_prompt.set_prefill_clipboard(self.preferences.quick_prompt_prefill_clipboard)
        self.quick_prompt.popup()

    def new_chat(self) -> None:
        log.info("new chat")
        self.show_window()
        self.window.new_chat()

    def open_files(self, files: list[Path]) -> None:
        """ "Open with Gemdesk": a new chat with *files* attached (refusals shown inline)."""
        self.show_window()
        self.window.new_chat()
        added = self.window.composer.add_files(files)
        log.info("new chat with %d of %d file(s) attached", len(added), len(files))

    def open_conversation(self, conversation_id: int) -> None:
        log.info("opening conversation %d in the window", conversation_id)
        self.show_window()
        self.window.open_conversation(conversation_id)

    # -- notifications -----------------------------------------------------------

    def _title(self, conversation_id: int) -> str:
        try:
            title = self.window.store.get_conversation(conversation_id).title
        except StoreError:
            title = ""
        return title or self.tr("New chat")

    def _on_window_answer_finished(self, cid: int, message_id: int, status: str) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            return
        self._notify_finished(cid, status, quick=False)

    def _on_quick_answer_finished(self, cid: int, status: str) -> None:
        if not self.quick_prompt.isVisible():
            self._notify_finished(cid, status, quick=True)

    def _notify_finished(self, cid: int, status: str, *, quick: bool) -> None:
        if status == "complete":
            body = self.tr("The answer is ready.")
        elif status == "stopped":
            return
        else:
            body = self.tr("The answer could not be completed.")
        # Titles are the user's text: shown in the notification, never logged.
        if self.tray.notify(self._title(cid), body):
            self._notified_quick = quick
            log.info("notified: answer in conversation %d ended (%s)", cid, status)

    def _on_notification_clicked(self) -> None:
        if self._notified_quick:
            self.show_quick_prompt()
        else:
            self.show_window()

    def _on_quick_prompt_dismissed(self) -> None:
        # Started by `gemdesk --quick-prompt` with no tray and no window: nothing
        # would be left to bring the app back, so it ends.
        if not self.window.isVisible() and not self.tray.is_shown():
            log.info("quick prompt closed with no window and no tray: quitting")
            self.request_quit()

    # -- closing ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and not self._quitting:
            assert isinstance(event, QCloseEvent)
            event.ignore()
            if self.preferences.close_to_tray and self.tray.is_shown():
                self.hide_window()
                self._explain_tray_once()
            else:
                self.request_quit()
            return True
        return super().eventFilter(watched, event)

    def _explain_tray_once(self) -> None:
        marker = paths.config_dir() / TRAY_HINT_MARKER
        if marker.exists():
            return
        shown = self.tray.notify(
            self.tr("Gemdesk is still running"),
            self.tr("Gemdesk keeps running in the system tray. Use Quit in its menu to exit."),
        )
        if shown:
            try:
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            except OSError:
                log.warning("could not remember that the tray hint was shown")

    def request_quit(self) -> None:
        if self._quitting:
            return
        log.info("quit requested")
        self._quitting = True
        self.quit_requested.emit()
        self._quit_event.set()

    async def run_until_quit(self) -> None:
        await self._quit_event.wait()
        await self.shutdown()

    async def shutdown(self) -> None:
        """Stop streams (saved as stopped), then take every window and the tray down."""
        if self._shut_down:
            return
        self._shut_down = True
        self._quitting = True
        existing = asyncio.all_tasks()
        if self._quick is not None:
            self.quick_prompt.hide()
            await self._quick.shutdown()
        # closeEvent -> MainWindow.shutdown(): state, drafts, stop answers, then close
        # the store and client once its turns ended, in tasks it starts now.
        self.window.close()
        await self.window.controller.wait_idle()
        if self._quick_prompt is not None:
            self._quick_prompt.close()
        self.tray.dispose()
        if self.server is not None:
            self.server.close()
        await _wait_for_new_tasks(existing, SHUTDOWN_GRACE_S)
        log.info("shut down")


async def _wait_for_new_tasks(existing: set[asyncio.Task[Any]], grace_s: float) -> None:
    """Let the tasks shutdown started (turns saving as stopped, clients closing) finish."""
    started = [t for t in asyncio.all_tasks() if t not in existing and not t.done()]
    if not started:
        return
    _, still = await asyncio.wait(started, timeout=grace_s)
    for task in still:
        log.warning("task still running at exit: %s", task.get_coro())
        task.cancel()
    if still:
        await asyncio.wait(still, timeout=1.0)


class _LazyCrashDialog:
    """The crash handler's show callback; the dialog's module loads with the first report."""

    def __init__(self) -> None:
        self._presenter: CrashDialogPresenter | None = None

    def __call__(self, report: CrashReport) -> None:
        if self._presenter is None:
            from desktop_app.ui.crash_dialog import CrashDialogPresenter

            self._presenter = CrashDialogPresenter()
        self._presenter(report)

    def close(self) -> None:
        if self._presenter is not None:
            self._presenter.close()


class _SignalWakeup(QObject):
    """Runs Python signal handlers promptly while Qt's loop sleeps in C++."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def run_event_loop(
    app: QApplication,
    server: SingleInstanceServer,
    window: MainWindow,
    request: InstanceRequest,
    crash_handler: CrashHandler,
) -> int:
    """Build the window (it may already show its outline), then run until quit."""
    presenter = _LazyCrashDialog()
    crash_handler.set_show_callback(presenter)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(crash_handler.asyncio_exception_handler)
    # qasync skips asyncio's async-generator hooks; httpx streams need them.
    from desktop_app.ui.controller import install_asyncgen_hooks

    install_asyncgen_hooks(loop)
    from desktop_app.ui.gui_gc import GuiThreadCollector

    collector = GuiThreadCollector(app)
    wakeup = _SignalWakeup()
    try:
        with loop:
            window.build()
            shell = Shell(app, server, window)
            previous = {
                sig: signal.signal(sig, lambda *_: shell.request_quit())
                for sig in (signal.SIGINT, signal.SIGTERM)
            }
            app.aboutToQuit.connect(shell.request_quit)
            shell.start(request)
            startup_probe.report_ready()
            log.info("Gemdesk %s running (profile %s)", __version__, paths.config_dir())
            try:
                try:
                    loop.run_until_complete(shell.run_until_quit())
                except RuntimeError:
                    # Qt's loop was ended from outside (session logout, the macOS
                    # app menu's Quit): run once more to stop and save properly.
                    log.info("the event loop was stopped from outside; shutting down")
                    shell.request_quit()
                    loop.run_until_complete(shell.shutdown())
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
    finally:
        collector.stop()
        crash_handler.set_show_callback(None)
        presenter.close()
        wakeup.close()
        asyncio.set_event_loop(None)
    return 0
