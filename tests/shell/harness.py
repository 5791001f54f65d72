"""Drive a real ``gemdesk`` process: start it, read its log, poke it with X input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 30.0


def wait_until(
    predicate: Callable[[], bool], timeout: float = DEFAULT_TIMEOUT, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.05)


class GemdeskProcess:
    """One ``python -m desktop_app`` with its own profile below *basedir*."""

    def __init__(self, basedir: Path, env: dict[str, str], *args: str) -> None:
        self.basedir = basedir
        self.env = {**env, "GEMDESK_BASEDIR": str(basedir), "PYTHONUNBUFFERED": "1"}
        self.args = ["--verbose", *args]
        self.output_path = basedir.parent / f"{basedir.name}-output.txt"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_start = 0

    @property
    def log_path(self) -> Path:
        return self.basedir / "logs" / "gemdesk.log"

    def start(self) -> GemdeskProcess:
        # Only this run's lines count: a profile may be reused by a later process.
        self._log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.proc = launch(self.env, *self.args, output=self.output_path)
        return self

    def log(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(self._log_start)
                return f.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def output(self) -> str:
        try:
            return self.output_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for_log(self, text: str, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> None:
        def seen() -> bool:
            self._check_alive()
            return self.log().count(text) >= count

        try:
            wait_until(seen, timeout, f"{text!r} x{count} in the log")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- log ---\n{self.log()[-3000:]}") from None

    def _check_alive(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(
                f"gemdesk exited with {self.proc.returncode}\n--- output ---\n"
                f"{self.output()[-3000:]}\n--- log ---\n{self.log()[-3000:]}"
            )

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def launch(
    env: dict[str, str], *args: str, output: Path, cwd: Path = ROOT
) -> subprocess.Popen[bytes]:
    with open(output, "ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "desktop_app", *args],
            cwd=cwd,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def run_gemdesk(
    env: dict[str, str], *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class X:
    """xdotool on one display."""

    def __init__(self, env: dict[str, str]) -> None:
        tool = shutil.which("xdotool")
        if tool is None:
            raise RuntimeError("xdotool is not installed (apt-get install xdotool)")
        self.tool = tool
        self.env = env

    def run(self, *args: str) -> str:
        out = subprocess.run(
            [self.tool, *args], env=self.env, capture_output=True, text=True, timeout=30
        )
        return out.stdout.strip()

    def windows(self, name: str, *, visible: bool = True, pid: int | None = None) -> list[str]:
        """Windows whose title matches the regex *name* (of process *pid* if given)."""
        args = ["search", "--name", name]
        if visible:
            args.insert(1, "--onlyvisible")
        if pid is not None:
            args[1:1] = ["--all", "--pid", str(pid)]
        return self.run(*args).split()

    def process_windows(self, pid: int, *, visible: bool = False) -> list[str]:
        """Every window (mapped, with *visible*) that process *pid* created."""
        args = ["search", "--all", "--pid", str(pid), "--name", ".*"]
        if visible:
            args.insert(1, "--onlyvisible")
        return self.run(*args).split()

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        text = self.run("getwindowgeometry", window)
        pos = re.search(r"Position: (-?\d+),(-?\d+)", text)
        size = re.search(r"Geometry: (\d+)x(\d+)", text)
        assert pos is not None, text
        assert size is not None, text
        return int(pos[1]), int(pos[2]), int(size[1]), int(size[2])

    def click(self, x: int, y: int, button: int = 1) -> None:
        # No --sync: it never returns when the pointer is already there.
        self.run("mousemove", str(x), str(y), "click", str(button))

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("key", "--delay", "60", key)

    def focused(self) -> str:
        """The window that has the keyboard focus."""
        return self.run("getwindowfocus")

    def type(self, text: str) -> None:
        self.run("type", "--delay", "20", text)


def base_env() -> dict[str, str]:
    return dict(os.environ)
