"""Crash reports: an excepthook plus faulthandler, both writing into the log dir.

Qt-free. An unexpected exception (uncaught in the main thread, in another
thread, in a Qt slot — PySide routes those to ``sys.excepthook`` — or in an
asyncio task nobody awaited) is logged, written to ``crash-<time>.txt`` in
``paths.log_dir()`` and handed to a *show* callback; the GUI passes one that
opens the crash dialog. Hard crashes (segfaults, aborts) are dumped by
faulthandler into ``faulthandler.log`` in the same directory.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from desktop_app import __version__, paths
from desktop_app.logging_setup import log_file_path, redact

if TYPE_CHECKING:
    # asyncio loads after the window's first paint; only its loop calls the handler.
    import asyncio

log = logging.getLogger(__name__)

FAULT_LOG_NAME = "faulthandler.log"
KEEP_REPORTS = 20


@dataclass(frozen=True)
class CrashReport:
    """What the user sees and can copy; every text already redacted."""

    summary: str
    details: str
    crash_file: Path | None
    log_dir: Path


ShowCallback = Callable[[CrashReport], None]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _environment() -> str:
    import platform  # only when a report is written

    return (
        f"Gemdesk {__version__}\n"
        f"Python {platform.python_version()} ({sys.executable})\n"
        f"Platform {platform.platform()}\n"
        f"Log {log_file_path()}\n"
    )


def build_report(exc_info: ExcInfo, *, context: str = "") -> CrashReport:
    exc_type, exc, tb = exc_info
    summary = redact("".join(traceback.format_exception_only(exc_type, exc)).strip())
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    header = f"{context}\n" if context else ""
    details = redact(f"{header}{_environment()}\n{trace}")
    return CrashReport(summary=summary, details=details, crash_file=None, log_dir=paths.log_dir())


def write_report(report: CrashReport) -> CrashReport:
    """Write *report* to a new ``crash-<timestamp>.txt``; returns it with the path set."""
    directory = paths.log_dir()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = directory / f"crash-{stamp}.txt"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(report.details, encoding="utf-8")
        _prune(directory)
    except OSError:
        log.exception("could not write the crash report")
        return report
    return CrashReport(report.summary, report.details, target, directory)


def _prune(directory: Path) -> None:
    """Keep the newest :data:`KEEP_REPORTS` crash files (a looping bug must not fill the disk)."""
    reports = sorted(directory.glob("crash-*.txt"))
    for old in reports[:-KEEP_REPORTS]:
        old.unlink(missing_ok=True)


class CrashHandler:
    """Installs and removes the hooks; :meth:`handle` is the single reporting path."""

    def __init__(self, show: ShowCallback | None = None) -> None:
        self._show = show
        self._previous_excepthook: Callable[..., Any] | None = None
        self._previous_threading_hook: Callable[..., Any] | None = None
        self._fault_file: IO[str] | None = None
        self._handling = False
        self.reports: list[CrashReport] = []

    def set_show_callback(self, show: ShowCallback | None) -> None:
        self._show = show

    def install(self, *, enable_faulthandler: bool = True) -> None:
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        sys.excepthook = self._excepthook
        threading.excepthook = self._threading_hook
        if enable_faulthandler:
            directory = paths.log_dir()
            directory.mkdir(parents=True, exist_ok=True)
            # Kept open for the life of the process: faulthandler writes with raw fds.
            self._fault_file = open(directory / FAULT_LOG_NAME, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(file=self._fault_file, all_threads=True)

    def uninstall(self) -> None:
        if self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
            self._previous_excepthook = None
        if self._previous_threading_hook is not None:
            threading.excepthook = self._previous_threading_hook
            self._previous_threading_hook = None
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def handle(self, exc_info: ExcInfo, *, context: str = "") -> CrashReport | None:
        """Log, write and show one unexpected exception. Never raises."""
        if issubclass(exc_info[0], KeyboardInterrupt):
            return None
        if self._handling:
            # An exception while reporting one: log only, never recurse.
            log.error("exception while reporting a crash", exc_info=exc_info)
            return None
        self._handling = True
        try:
            log.critical(
                "unexpected exception%s", f" ({context})" if context else "", exc_info=exc_info
            )
            report = write_report(build_report(exc_info, context=context))
            self.reports.append(report)
            if self._show is not None:
                try:
                    self._show(report)
                except Exception:
                    log.exception("the crash dialog failed")
            return report
        finally:
            self._handling = False

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt) and self._previous_excepthook is not None:
            self._previous_excepthook(exc_type, exc, tb)
            return
        self.handle((exc_type, exc, tb))

    def _threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), context=f"thread {name}")

    def asyncio_exception_handler(
        self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]
    ) -> None:
        """For ``loop.set_exception_handler``: failed tasks nobody awaited are crashes too."""
        import asyncio  # loaded already: the loop calling this is asyncio's

        exc = context.get("exception")
        if isinstance(exc, BaseException) and not isinstance(exc, asyncio.CancelledError):
            self.handle((type(exc), exc, exc.__traceback__), context="asyncio task")
        else:
            # Messages only (e.g. "Task was destroyed but it is pending"): log, don't alarm.
            log.warning("asyncio: %s", redact(str(context.get("message", ""))))
