"""Run the standalone emulator in a child process (benchmarks, end-to-end demos)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_URL = re.compile(r"listening on (http://\S+)")


@contextmanager
def emulator_process(*fault_specs: str, port: int = 0, args: tuple[str, ...] = ()) -> Iterator[str]:
    """``python -m tests.fake_gemini`` in a child process; yields its base URL.

    The child has its own memory and CPU, so a benchmark measures only the client.
    """
    command = [sys.executable, "-m", "tests.fake_gemini", "--port", str(port), *args]
    for spec in fault_specs:
        command += ["--fault", spec]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = _URL.search(line)
        if match is None:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
