"""The package's shape: entry points, the PySide6 pin, and the void-call crash guard."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from desktop_app import __version__, paths


def test_version_flag() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() == f"gemdesk {__version__}"


def test_paths_follow_the_isolated_base(isolated_profile: object) -> None:
    assert str(paths.database_path()).startswith(str(isolated_profile))
    assert paths.database_path().name == "history.sqlite3"


def test_twenty_thousand_void_binding_calls_survive() -> None:
    """PySide6 6.12.0 on CPython < 3.12 leaked a reference to None per void call
    and aborted the interpreter after a few thousand ("none_dealloc")."""
    code = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QTextEdit
        from PySide6.QtGui import QTextCursor
        app = QApplication([])
        edit = QTextEdit()
        cursor = QTextCursor(edit.document())
        for i in range(20_000):
            cursor.insertText("x")
            app.processEvents()
            if i % 1000 == 0:
                edit.setPlainText("")
        print("survived")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "survived"
