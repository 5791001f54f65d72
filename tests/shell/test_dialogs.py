"""Help → About and the crash dialog, offscreen."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app import __version__, paths
from desktop_app.crash import CrashReport
from desktop_app.ui.about import AboutDialog, show_about
from desktop_app.ui.crash_dialog import CrashDialog, CrashDialogPresenter


def test_about_shows_versions_and_paths(qtbot: QtBot) -> None:
    dialog = show_about(None)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AboutDialog)
    assert dialog.isVisible()
    values = {key: label.text() for key, label in dialog.values.items()}
    assert values["version"] == __version__
    assert values["qt"] == qVersion()
    assert values["pyside6"] == PySide6.__version__
    assert values["data"] == str(paths.data_dir())
    assert values["config"] == str(paths.config_dir())
    assert values["logs"] == str(paths.log_dir())
    dialog.close()


def _report(tmp_path: Path) -> CrashReport:
    crash_file = tmp_path / "crash-1.txt"
    crash_file.write_text("details", encoding="utf-8")
    return CrashReport(
        "RuntimeError: boom", "Traceback...\nRuntimeError: boom", crash_file, tmp_path
    )


def test_crash_dialog_copies_the_details(qtbot: QtBot, tmp_path: Path) -> None:
    report = _report(tmp_path)
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, PySide6.QtCore.Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report.details
    labels = [w.text() for w in dialog.findChildren(PySide6.QtWidgets.QLabel)]
    assert any(str(report.crash_file) in text for text in labels)
    assert "RuntimeError: boom" in labels


def test_presenter_shows_one_dialog_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    presenter = CrashDialogPresenter()
    presenter(_report(tmp_path))
    first = presenter.dialog
    assert first is not None
    qtbot.waitExposed(first)
    presenter(_report(tmp_path))  # a repeating paint-handler bug: no dialog storm
    assert presenter.dialog is first
    assert presenter.shown == 1
    presenter.close()
    assert presenter.dialog is None
