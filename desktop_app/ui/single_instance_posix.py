"""The single-instance channel on Linux and macOS: an AF_UNIX socket driven by QSocketNotifier.

Python's ``socket`` instead of QLocalServer keeps PySide6.QtNetwork (about
2.6 MiB and 9 ms) out of the start-up. Only this user can reach the socket:
it lives in a private directory (``$XDG_RUNTIME_DIR/gemdesk``, else
``gemdesk-<uid>`` under the temp dir, mode 0700, owned by us, not a symlink)
and has mode 0600. Binding and the stale-socket check happen under a lock
on that directory, so a launch never removes the socket of an instance still starting.
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from desktop_app.ui.single_instance_common import (
    ACK,
    CONNECT_TIMEOUT_MS,
    MAX_REQUEST_BYTES,
    REPLY_TIMEOUT_MS,
    InstanceRequest,
    claim,
    log,
    log_request,
    parse_request,
    server_name,
)

# sun_path holds 108 bytes on Linux and 104 on macOS, the final NUL included.
MAX_SOCKET_PATH_BYTES = 103
FALLBACK_TEMP_DIR = "/tmp"  # a private subdirectory is made and checked in it
_READ_CHUNK = 64 * 1024


def _owned_private_dir(path: Path, *, create: bool) -> bool:
    """True if *path* is a real directory of ours that only we can enter (made if asked)."""
    if create:
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            log.warning("cannot create the single-instance directory: %s", exc.strerror)
            return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        log.warning("not using %s for the single-instance socket: not our directory", path)
        return False
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return True


def _runtime_dir() -> Path | None:
    """``$XDG_RUNTIME_DIR`` if it is set, absolute, ours and private."""
    value = os.environ.get("XDG_RUNTIME_DIR", "")
    if not value.startswith("/"):
        return None
    try:
        info = os.stat(value)
    except OSError:
        return None
    usable = (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not stat.S_IMODE(info.st_mode) & 0o077
        and os.access(value, os.W_OK | os.X_OK)
    )
    return Path(value) if usable else None


def _candidate_dirs() -> Iterator[Path]:
    runtime = _runtime_dir()
    if runtime is not None:
        yield runtime / "gemdesk"
    leaf = f"gemdesk-{os.getuid()}"
    temp = os.environ.get("TMPDIR", "")
    if temp.startswith("/") and temp.rstrip("/") != FALLBACK_TEMP_DIR:
        yield Path(temp) / leaf
    yield Path(FALLBACK_TEMP_DIR) / leaf


def socket_path(name: str, *, create: bool) -> Path | None:
    """The socket path for *name*: the first candidate directory that is short enough and ours.

    Server and clients walk the same candidates, so they agree. A directory
    that does not exist yet is chosen (the server makes it; a client then
    finds nobody); one owned by someone else is skipped.
    """
    for directory in _candidate_dirs():
        path = directory / name
        if len(os.fsencode(path)) > MAX_SOCKET_PATH_BYTES:
            continue
        if not create and not os.path.lexists(directory):
            return path
        if _owned_private_dir(directory, create=create):
            return path
    return None


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on the private directory itself (no lock file left behind)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _ours(path: Path) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid()


def send_to_running(request: InstanceRequest, name: str | None = None) -> bool:
    """Deliver *request* to a running instance; False if none answers.

    Blocking on purpose: it runs before any event loop, in a process that is
    about to exit.
    """
    path = socket_path(name or server_name(), create=False)
    if path is None or not _ours(path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.settimeout(CONNECT_TIMEOUT_MS / 1000)
            sock.connect(str(path))
            sock.settimeout(REPLY_TIMEOUT_MS / 1000)
            sock.sendall(request.to_line())
            reply = b""
            while not reply.endswith(b"\n") and len(reply) <= len(ACK):
                chunk = sock.recv(len(ACK))
                if not chunk:
                    return False
                reply += chunk
        except OSError as exc:
            log.debug("no answer on the single-instance socket: %s", exc.strerror or exc)
            return False
    return reply == ACK


def _is_stale(path: Path) -> bool:
    """True if *path* is something to remove: not our socket, or one that refuses connections."""
    if not os.path.lexists(path):
        return False
    if not _ours(path):
        return True
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(CONNECT_TIMEOUT_MS / 1000)
        try:
            probe.connect(str(path))
        except ConnectionRefusedError:
            return True
        except OSError:
            return False  # alive but busy, or gone: leave it
    return False


def remove_stale_server(name: str) -> None:
    """Remove the socket file a crashed instance left behind (a live one is kept)."""
    path = socket_path(name, create=False)
    if path is None or not os.path.isdir(path.parent):
        return
    with _locked(path.parent):
        if _is_stale(path):
            log.info("removing the single-instance socket of an instance that is gone")
            path.unlink(missing_ok=True)


class _Connection:
    """One accepted non-blocking socket and its partial line.

    Not a QObject: its notifier belongs to the server (Qt deletes it later),
    and this object goes with the server's reference once the socket closes.
    """

    def __init__(
        self,
        sock: socket.socket,
        server: QObject,
        deliver: Callable[[InstanceRequest], None],
        forget: Callable[[_Connection], None],
    ) -> None:
        self._sock: socket.socket | None = sock
        self._buffer = bytearray()
        self._deliver = deliver
        self._forget = forget
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, server)
        self._notifier.activated.connect(self.read)

    def read(self) -> None:
        """Take what has arrived; answer and close once the line is complete."""
        while self._sock is not None:
            try:
                chunk = self._sock.recv(_READ_CHUNK)
            except BlockingIOError:
                return  # the rest comes with the next notification
            except OSError:
                self.abort()
                return
            if not chunk:
                self.abort()  # gone before the end of its line
                return
            searched = len(self._buffer)
            self._buffer += chunk
            end = self._buffer.find(b"\n", searched)
            if end >= 0:
                self._finish(bytes(self._buffer[:end]))
                return
            if len(self._buffer) > MAX_REQUEST_BYTES:
                log.warning("dropping an oversized single-instance request")
                self.abort()
                return

    def _finish(self, line: bytes) -> None:
        request = parse_request(line)
        if request is None or self._sock is None:
            self.abort()
            return
        try:
            self._sock.send(ACK)  # a few bytes into an empty buffer: never blocks
        except OSError as exc:
            log.debug("could not acknowledge a single-instance request: %s", exc.strerror)
        self.abort()
        self._deliver(request)

    def abort(self) -> None:
        if self._sock is None:
            return
        # The notifier goes before its descriptor closes, or Qt polls a dead fd;
        # later, as this may run inside its own signal.
        self._notifier.setEnabled(False)
        self._notifier.deleteLater()
        self._sock.close()
        self._sock = None
        self._forget(self)


class SingleInstanceServer(QObject):
    """Listens for later launches.

    Signals:
        request_received(InstanceRequest): a later launch's request, already acknowledged.
    """

    request_received = Signal(object)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._path: Path | None = None
        self._identity: tuple[int, int] | None = None  # the file we bound (device, inode)
        self._connections: set[_Connection] = set()

    @property
    def address(self) -> str:
        """The socket path clients connect to; empty unless listening."""
        return str(self._path) if self._sock is not None else ""

    def listen(self) -> bool:
        """Bind and listen; False if another instance holds the socket (or no safe place)."""
        if self._sock is not None:
            return True
        path = socket_path(self.name, create=True)
        if path is None:
            log.warning("no private directory for the single-instance socket")
            return False
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with _locked(path.parent):
                identity = self._bind(sock, path)
        except OSError as exc:
            sock.close()
            log.debug("local server listen failed: %s", exc.strerror or exc)
            return False
        sock.setblocking(False)
        self._sock, self._path, self._identity = sock, path, identity
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    @staticmethod
    def _bind(sock: socket.socket, path: Path) -> tuple[int, int]:
        sock.bind(str(path))  # EADDRINUSE while the file exists, stale or not
        try:
            os.chmod(path, 0o600)
            sock.listen(socket.SOMAXCONN)
            info = os.stat(path)
        except OSError:
            path.unlink(missing_ok=True)
            raise
        return info.st_dev, info.st_ino

    def is_listening(self) -> bool:
        return self._sock is not None

    def close(self) -> None:
        """Stop listening, drop half-read requests and remove the socket file."""
        for connection in list(self._connections):
            connection.abort()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._path is not None:
            self._unlink_own_file(self._path)
            self._path = self._identity = None

    def _unlink_own_file(self, path: Path) -> None:
        # Only our own file: after a takeover the path may belong to another instance.
        try:
            info = os.lstat(path)
            if (info.st_dev, info.st_ino) == self._identity:
                path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot remove the single-instance socket: %s", exc.strerror)

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                sock, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # EMFILE and friends: try again on the next notification
                if exc.errno not in (errno.ECONNABORTED, errno.EPROTO):
                    log.warning("cannot accept a single-instance connection: %s", exc.strerror)
                    return
                continue
            sock.setblocking(False)
            connection = _Connection(sock, self, self._on_request, self._connections.discard)
            self._connections.add(connection)
            connection.read()

    def _on_request(self, request: InstanceRequest) -> None:
        log_request(request)
        self.request_received.emit(request)


def claim_or_forward(
    request: InstanceRequest, name: str | None = None
) -> SingleInstanceServer | None:
    """Become the instance (returns the listening server) or hand *request* to it (None)."""
    return claim(
        request,
        name or server_name(),
        send=send_to_running,
        make_server=SingleInstanceServer,
        remove_stale=remove_stale_server,
    )
