"""`gemdesk` argument handling (no Qt involved)."""

from __future__ import annotations

import pytest

from desktop_app.app import main, parse_options


def test_flags_files_and_qt_options() -> None:
    options = parse_options(
        ["--quick-prompt", "-style", "fusion", "a.png", "--verbose", "-reverse", "b.pdf"]
    )
    assert options.quick_prompt
    assert options.verbose
    assert not options.new_chat
    # Qt's own options (and their values) go to QApplication, never become attachments.
    assert options.qt_args == ["-style", "fusion", "-reverse"]
    assert options.files == ["a.png", "b.pdf"]


def test_modes_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quick-prompt", "--new-chat"]) == 2
    assert "not allowed with" in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("gemdesk ")
    assert main(["--help"]) == 0
    assert "--quick-prompt" in capsys.readouterr().out
