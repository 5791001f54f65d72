"""`gemdesk --self-test`: a temporary profile, the history, Markdown, the main window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app import paths
from desktop_app.ui import self_test
from tests.shell.harness import run_gemdesk


def test_self_test_passes_and_leaves_no_trace(isolated_profile: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = run_gemdesk(env, "--self-test", timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    for step in ("profile", "history", "qt", "translations", "markdown", "main window"):
        assert any(line.startswith(f"ok   {step}") for line in lines), out.stdout
    assert lines[-1] == "self-test passed"
    # The temporary profile is gone and the user's profile was never created.
    temp = next(line for line in lines if line.startswith("ok   profile in ")).split()[-1]
    assert not Path(temp).exists()
    assert not isolated_profile.exists()


def test_a_failing_step_is_named_and_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_profile: Path
) -> None:
    def broken(keep: list[object]) -> str:
        raise OSError("disk on fire")

    monkeypatch.setattr(self_test, "STEPS", [("history", broken)])
    assert self_test.run_self_test() == 1
    captured = capsys.readouterr()
    assert "FAILED at history: OSError: disk on fire" in captured.err
    assert "self-test passed" not in captured.out
    assert paths.data_dir().is_relative_to(isolated_profile)  # the override was undone


def test_a_native_crash_still_fails_with_a_message() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "no-such-platform"}
    out = run_gemdesk(env, "--self-test", timeout=120)
    assert out.returncode != 0
    assert "no-such-platform" in out.stderr
