"""Which in-flight answers belong to a live process.

Each streaming answer holds an exclusive ``flock`` on ``locks/message-<id>.lock`` while
its turn runs. The kernel drops the lock when the process dies (even by SIGKILL), so
start-up recovery can tell a crashed writer's message from one that the GUI, or a
second ``gemdesk ask``, is still streaming, and never touches the latter.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from desktop_app import paths

if sys.platform != "win32":
    import fcntl

__all__ = ["HAVE_FLOCK", "InflightLock", "is_held", "lock_path"]

# Without flock (Windows) recovery falls back to the age of the last write.
HAVE_FLOCK = sys.platform != "win32"


def lock_path(message_id: int) -> Path:
    return paths.data_dir() / "locks" / f"message-{message_id}.lock"


class InflightLock:
    """Held while a turn writes message *message_id*; a context manager."""

    def __init__(self, message_id: int) -> None:
        self._path = lock_path(message_id)
        self._fd: int | None = None

    def acquire(self) -> None:
        if sys.platform == "win32":
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # best effort: a read-only profile must not block answering
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self._path.unlink()
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> InflightLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def is_held(message_id: int) -> bool:
    """True when a live process is writing *message_id* right now."""
    if sys.platform == "win32":
        return False
    path = lock_path(message_id)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        # Nobody holds it: a crash left the file behind.
        fcntl.flock(fd, fcntl.LOCK_UN)
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    finally:
        os.close(fd)
