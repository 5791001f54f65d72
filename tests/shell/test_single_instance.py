"""Single instance with real processes: later launches hand their request to the first."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.shell.harness import GemdeskProcess, launch, run_gemdesk, wait_until


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _first(profile: Path, processes: list[GemdeskProcess], *args: str) -> GemdeskProcess:
    process = GemdeskProcess(profile, _env(), *args).start()
    processes.append(process)
    process.wait_for_log("running (profile")
    return process


def _second(profile: Path, *args: str) -> None:
    env = {**_env(), "GEMDESK_BASEDIR": str(profile)}
    out = run_gemdesk(env, *args)
    assert out.returncode == 0, out.stdout + out.stderr


def test_later_launches_are_forwarded(
    tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    profile = tmp_path / "profile"
    first = _first(profile, gemdesk_processes)
    first.wait_for_log("showing the main window")

    _second(profile, "--quick-prompt")
    first.wait_for_log("showing the quick prompt")

    _second(profile, "--new-chat")
    first.wait_for_log("new chat")

    files = tmp_path / "files"
    files.mkdir()
    (files / "notes.txt").write_text("some notes\n", encoding="utf-8")
    (files / "data.json").write_text('{"a": 1}\n', encoding="utf-8")
    env = {**_env(), "GEMDESK_BASEDIR": str(profile)}
    # Relative names: resolved in the launching process's directory.
    proc = launch(env, "notes.txt", "data.json", output=tmp_path / "files-launch.txt", cwd=files)
    assert proc.wait(timeout=60) == 0
    first.wait_for_log("new chat with 2 of 2 file(s) attached")

    _second(profile)  # no arguments: bring the window forward
    first.wait_for_log("showing the main window", count=4)

    assert first.log().count("request from another launch") == 4
    assert first.proc is not None
    assert first.proc.poll() is None
    first.stop()
    assert first.proc.returncode == 0  # SIGTERM is a clean quit


def test_quick_prompt_starts_an_instance_when_none_runs(
    tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    profile = tmp_path / "profile"
    first = _first(profile, gemdesk_processes, "--quick-prompt")
    first.wait_for_log("showing the quick prompt")
    assert "showing the main window" not in first.log()
    _second(profile, "--new-chat")
    first.wait_for_log("new chat")


def test_separate_profiles_do_not_meet(
    tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    one = _first(tmp_path / "one", gemdesk_processes)
    two = _first(tmp_path / "two", gemdesk_processes)
    assert one.proc is not None
    assert two.proc is not None
    assert one.proc.poll() is None
    assert two.proc.poll() is None


def test_two_launches_at_once_leave_one_instance(
    tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    profile = tmp_path / "profile"
    racers = [GemdeskProcess(profile, _env()).start() for _ in range(2)]
    gemdesk_processes.extend(racers)
    wait_until(
        lambda: any(r.proc is not None and r.proc.poll() is not None for r in racers),
        timeout=60,
        what="one of the two launches to hand over and exit",
    )
    time.sleep(0.5)
    exited = [r for r in racers if r.proc is not None and r.proc.poll() is not None]
    running = [r for r in racers if r.proc is not None and r.proc.poll() is None]
    assert len(exited) == 1
    assert len(running) == 1
    assert exited[0].proc is not None
    assert exited[0].proc.returncode == 0
    running[0].wait_for_log("request from another launch")


def test_a_crashed_instance_does_not_block_the_next_start(
    tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    profile = tmp_path / "profile"
    crashed = _first(profile, gemdesk_processes)
    assert crashed.proc is not None
    crashed.proc.kill()  # SIGKILL: its socket file stays behind
    crashed.proc.wait(timeout=20)
    survivor = _first(profile, gemdesk_processes, "--new-chat")
    survivor.wait_for_log("new chat")
    _second(profile, "--quick-prompt")
    survivor.wait_for_log("showing the quick prompt")
