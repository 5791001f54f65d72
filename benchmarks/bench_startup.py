"""Cold start to the first painted main window, and idle memory, against a bare window.

Each run starts a fresh process: Gemdesk (``python -m desktop_app`` on a fresh
profile, with a key in the environment and an unreachable endpoint so nothing
leaves the machine) and, interleaved with it, a bare PySide6 ``QMainWindow`` of the
same size. Both report their first paint through :mod:`desktop_app.ui.startup_probe`
(enabled by ``GEMDESK_STARTUP_PROBE=1``); start time is measured from just before
the process is spawned. After ``--idle`` seconds the resident set size is read from
outside (``/proc/<pid>/status``), then the process is terminated.

One unmeasured warm-up run of each comes first so that both read their libraries
from the page cache ("cold" = a new process, not a cold disk) and find their modules
compiled, as in an installed app (pip and PyInstaller ship bytecode): the children
write it to a temporary ``PYTHONPYCACHEPREFIX`` even where ``PYTHONDONTWRITEBYTECODE``
is set, which would otherwise make every run recompile Gemdesk's sources (~100 ms).

    python benchmarks/bench_startup.py            # figures and ratios
    python benchmarks/bench_startup.py --check    # exit 1 unless start and RSS ≤ 1.5× bare

Needs a display or runs offscreen (``QT_QPA_PLATFORM=offscreen`` is set when there
is no ``DISPLAY``/``WAYLAND_DISPLAY``).
"""

from __future__ import annotations

import argparse
import os
import queue
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.ui.startup_probe import ENV_VAR, LINE_PREFIX  # noqa: E402

START_LIMIT = 1.5
RSS_LIMIT = 1.5

BARE_WINDOW = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from desktop_app.ui import startup_probe

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 750)
startup_probe.install(window)
window.show()
sys.exit(app.exec())
"""


@dataclass(frozen=True)
class Sample:
    start_s: float
    rss_bytes: int | None
    # Gemdesk only: when the widgets replaced the outline (reported, not checked).
    ready_s: float | None = None


class ProbeError(RuntimeError):
    pass


def child_env(profile: Path, pycache: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env[ENV_VAR] = "1"
    env["GEMDESK_BASEDIR"] = str(profile)
    env["GEMINI_API_KEY"] = "benchmark-key-not-sent-anywhere"
    env.pop("GOOGLE_API_KEY", None)
    # Port 9 (discard) refuses at once: nothing leaves the machine.
    env["GOOGLE_GEMINI_BASE_URL"] = "http://127.0.0.1:9"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def read_rss(pid: int) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None


def measure(cmd: Sequence[str], env: dict[str, str], idle: float, timeout: float) -> Sample:
    with tempfile.TemporaryFile() as errors:
        t0 = time.time()
        proc = subprocess.Popen(
            list(cmd), env=env, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=ROOT
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        try:
            first_paint = _wait_for_paint(lines, timeout)
            if first_paint is None:
                errors.seek(0)
                tail = errors.read().decode(errors="replace")[-2000:]
                raise ProbeError(
                    f"{' '.join(cmd[:3])}: no first-paint report within {timeout:.0f} s "
                    f"(exit code {proc.poll()}). Does the app call "
                    f"startup_probe.install(window)?\n{tail}"
                )
            time.sleep(idle)
            rss = read_rss(proc.pid)
            ready = _drain_for(lines, "ready")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            reader.join(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()
        return Sample(first_paint - t0, rss, None if ready is None else ready - t0)


def _drain_for(lines: queue.Queue[str | None], event: str) -> float | None:
    """The time of *event* among the lines already printed, if any."""
    found = None
    while True:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            return found
        if line is None:
            return found
        parts = line.split()
        if parts[:2] == [LINE_PREFIX, event]:
            found = float(parts[2])


def _wait_for_paint(lines: queue.Queue[str | None], timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            return None
        if line is None:
            return None
        parts = line.split()
        if parts[:2] == [LINE_PREFIX, "first_paint"]:
            return float(parts[2])
    return None


def run(
    runs: int, idle: float, timeout: float, app_cmd: list[str]
) -> tuple[list[Sample], list[Sample]]:
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    bare: list[Sample] = []
    app: list[Sample] = []
    with tempfile.TemporaryDirectory(prefix="gemdesk-bench-") as tmp:
        for i in range(runs + 1):  # run 0 warms the page cache and is not counted
            for name, cmd, out in (("bare", bare_cmd, bare), ("app", app_cmd, app)):
                profile = Path(tmp) / f"{name}-{i}"
                sample = measure(cmd, child_env(profile, Path(tmp) / "pycache"), idle, timeout)
                if i > 0:
                    out.append(sample)
                    rss = f"{sample.rss_bytes / 2**20:6.1f} MiB" if sample.rss_bytes else "n/a"
                    ready = f", built {sample.ready_s * 1000:7.1f} ms" if sample.ready_s else ""
                    print(
                        f"  run {i:2d} {name:4s}: start {sample.start_s * 1000:7.1f} ms, "
                        f"idle RSS {rss}{ready}",
                        flush=True,
                    )
    return bare, app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs of each (10)")
    parser.add_argument("--idle", type=float, default=1.5, help="seconds before reading RSS")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-run limit, seconds")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 unless both ratios ≤ {START_LIMIT}"
    )
    parser.add_argument(
        "--app-command",
        help="how to start Gemdesk (default: this Python with -m desktop_app), "
        "e.g. a packaged build",
    )
    args = parser.parse_args(argv)
    app_cmd = (
        shlex.split(args.app_command) if args.app_command else [sys.executable, "-m", "desktop_app"]
    )

    print(f"bench_startup: {args.runs} runs each, interleaved, idle {args.idle} s")
    try:
        bare, app = run(args.runs, args.idle, args.timeout, app_cmd)
    except ProbeError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1

    bare_start = statistics.median(s.start_s for s in bare)
    app_start = statistics.median(s.start_s for s in app)
    start_ratio = app_start / bare_start
    print()
    print(
        f"first paint (median): bare {bare_start * 1000:.0f} ms, "
        f"gemdesk {app_start * 1000:.0f} ms, ratio {start_ratio:.2f}× (target ≤ {START_LIMIT}×)"
    )
    ok = start_ratio <= START_LIMIT
    readies = [s.ready_s for s in app if s.ready_s is not None]
    if readies:
        # Not a target: the outline is on screen meanwhile. Said so that nobody mistakes
        # the first paint for the whole start-up.
        print(
            f"fully built (median): gemdesk {statistics.median(readies) * 1000:.0f} ms "
            f"({statistics.median(readies) / bare_start:.2f}× the bare window's first paint)"
        )

    bare_rss = [s.rss_bytes for s in bare if s.rss_bytes]
    app_rss = [s.rss_bytes for s in app if s.rss_bytes]
    if bare_rss and app_rss:
        b, a = statistics.median(bare_rss), statistics.median(app_rss)
        rss_ratio = a / b
        print(
            f"idle RSS (median):    bare {b / 2**20:.1f} MiB, gemdesk {a / 2**20:.1f} MiB, "
            f"ratio {rss_ratio:.2f}× (target ≤ {RSS_LIMIT}×)"
        )
        ok = ok and rss_ratio <= RSS_LIMIT
    else:
        print("idle RSS: not measurable here (no /proc)")
        ok = False if args.check else ok

    if args.check:
        print("check:", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
