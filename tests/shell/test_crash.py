"""Unexpected exceptions: logged, written to the log dir, shown through the hook."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop_app import logging_setup, paths
from desktop_app.crash import FAULT_LOG_NAME, KEEP_REPORTS, CrashHandler, CrashReport, ExcInfo
from desktop_app.logging_setup import register_secret
from desktop_app.ui.crash_dialog import CrashDialogPresenter


@pytest.fixture
def log_file(isolated_profile: Path) -> Iterator[Path]:
    path = logging_setup.setup_logging()
    yield path
    logging_setup.shutdown_logging()


def _raise_and_catch(message: str) -> ExcInfo:
    try:
        raise RuntimeError(message)
    except RuntimeError as exc:
        return type(exc), exc, exc.__traceback__


def test_excepthook_writes_the_details_and_calls_the_dialog_hook(log_file: Path) -> None:
    shown: list[CrashReport] = []
    handler = CrashHandler(show=shown.append)
    handler.install(enable_faulthandler=False)
    try:
        exc_type, exc, tb = _raise_and_catch("kaboom in a slot")
        sys.excepthook(exc_type, exc, tb)
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler._excepthook
    assert len(shown) == 1
    report = shown[0]
    assert report.summary == "RuntimeError: kaboom in a slot"
    assert report.crash_file is not None
    assert report.crash_file.parent == paths.log_dir()
    text = report.crash_file.read_text(encoding="utf-8")
    assert "_raise_and_catch" in text  # the traceback
    assert "Gemdesk " in text  # the environment header
    for handler_ in logging.getLogger().handlers:
        handler_.flush()
    assert "CRITICAL" in log_file.read_text(encoding="utf-8")


def test_thread_exceptions_are_reported(log_file: Path) -> None:
    shown: list[CrashReport] = []
    handler = CrashHandler(show=shown.append)
    handler.install(enable_faulthandler=False)
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="worker-x")
        worker.start()
        worker.join()
    finally:
        handler.uninstall()
    assert [r.summary for r in shown] == ["ZeroDivisionError: division by zero"]
    assert "thread worker-x" in shown[0].details


def test_crash_details_never_contain_the_key(log_file: Path) -> None:
    register_secret("crash-key-abcdef-123")
    shown: list[CrashReport] = []
    handler = CrashHandler(show=shown.append)
    report = handler.handle(_raise_and_catch("request failed for crash-key-abcdef-123"))
    assert report is not None
    assert report.crash_file is not None
    assert "crash-key-abcdef-123" not in report.details
    assert "crash-key-abcdef-123" not in report.summary
    assert "crash-key-abcdef-123" not in report.crash_file.read_text(encoding="utf-8")


def test_a_failing_dialog_hook_does_not_recurse(log_file: Path) -> None:
    calls = 0

    def broken(report: CrashReport) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("the dialog itself broke")

    handler = CrashHandler(show=broken)
    assert handler.handle(_raise_and_catch("first")) is not None
    assert calls == 1
    assert len(list(paths.log_dir().glob("crash-*.txt"))) == 1


def test_an_uncaught_exception_in_a_real_process(tmp_path: Path) -> None:
    """Installed for real: the top-level exception and a faulthandler file land in the log dir."""
    base = tmp_path / "proc-profile"
    code = textwrap.dedent(
        """
        import sys
        from desktop_app import logging_setup
        from desktop_app.crash import CrashHandler
        logging_setup.setup_logging()
        handler = CrashHandler(show=lambda r: print("HOOK", r.crash_file, flush=True))
        handler.install()
        raise LookupError("nothing to see")
        """
    )
    env = {**_env(), "GEMDESK_BASEDIR": str(base)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode == 1
    assert out.stdout.startswith("HOOK ")
    crash_file = Path(out.stdout.split(maxsplit=1)[1].strip())
    assert crash_file.parent == base / "logs"
    assert "LookupError: nothing to see" in crash_file.read_text(encoding="utf-8")
    assert (base / "logs" / FAULT_LOG_NAME).exists()


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "GEMDESK_BASEDIR"}


def test_a_hard_crash_is_dumped_by_faulthandler(tmp_path: Path) -> None:
    base = tmp_path / "segv-profile"
    code = textwrap.dedent(
        """
        import faulthandler
        from desktop_app.crash import CrashHandler
        CrashHandler().install()
        faulthandler._sigsegv()
        """
    )
    env = {**_env(), "GEMDESK_BASEDIR": str(base)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode != 0
    dump = (base / "logs" / FAULT_LOG_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in dump


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_qt_slot_opens_the_crash_dialog(qtbot: QtBot, log_file: Path) -> None:
    presenter = CrashDialogPresenter()
    handler = CrashHandler(show=presenter)
    handler.install(enable_faulthandler=False)
    button = QPushButton("boom")
    qtbot.addWidget(button)

    def explode() -> None:
        raise ValueError("a bug in a slot")

    button.clicked.connect(explode)
    try:
        button.click()
        qtbot.waitUntil(lambda: presenter.dialog is not None and presenter.dialog.isVisible())
    finally:
        handler.uninstall()
    assert presenter.dialog is not None
    assert presenter.dialog.report.summary == "ValueError: a bug in a slot"
    assert presenter.dialog.report.crash_file is not None
    assert presenter.dialog.report.crash_file.is_file()
    presenter.close()


def test_only_the_newest_reports_are_kept(log_file: Path) -> None:
    handler = CrashHandler()
    for i in range(KEEP_REPORTS + 5):
        handler.handle(_raise_and_catch(f"bug number {i}"))
    kept = sorted(paths.log_dir().glob("crash-*.txt"))
    assert len(kept) == KEEP_REPORTS
    assert "bug number 24" in kept[-1].read_text(encoding="utf-8")
    assert "bug number 5" in kept[0].read_text(encoding="utf-8")
