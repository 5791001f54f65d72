"""The single-instance channel over QLocalServer/QLocalSocket (used on Windows).

Named pipes need Qt there; on Linux and macOS :mod:`.single_instance_posix`
does the same without loading QtNetwork (about 2.6 MiB before the first paint).
The protocol tests run this backend on Linux too, where it listens in the temp dir.

QLocalServer lets a second server take a name that is in use (Windows pipes
take more instances; on Unix, with access options, the new socket is renamed
over the old one), so ``listen`` first asks whether someone answers, under a
lock file, and leaves a live instance alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

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

PROBE_TIMEOUT_MS = 500


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """Serialise "does anyone answer, then listen or remove" between launches."""
    lock = QLockFile(QDir(QDir.tempPath()).filePath(f"{name}.lock"))
    locked = lock.lock()
    if not locked:  # an unwritable temp dir: go on unserialised, as before the lock
        log.debug("no single-instance lock file: %s", lock.error())
    try:
        yield
    finally:
        if locked:
            lock.unlock()


def _answers(name: str) -> bool:
    socket = QLocalSocket()
    try:
        socket.connectToServer(name)
        return socket.waitForConnected(PROBE_TIMEOUT_MS)
    finally:
        socket.abort()


def send_to_running(request: InstanceRequest, name: str | None = None) -> bool:
    """Deliver *request* to a running instance; False if none answers.

    Blocking on purpose: it runs before any event loop, in a process that is
    about to exit.
    """
    socket = QLocalSocket()
    try:
        socket.connectToServer(name or server_name())
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(request.to_line())
        if not socket.waitForBytesWritten(REPLY_TIMEOUT_MS):
            return False
        reply = b""
        while not reply.endswith(b"\n"):
            if not socket.waitForReadyRead(REPLY_TIMEOUT_MS):
                return False
            reply += bytes(socket.readAll().data())
        return reply == ACK
    finally:
        socket.abort()


class _Connection(QObject):
    """One accepted socket and its partial line; owns the socket, deletes itself when done.

    Signals:
        request_received(InstanceRequest): the line was complete and valid (acknowledged).
    """

    request_received = Signal(object)

    def __init__(self, socket: QLocalSocket, parent: QObject) -> None:
        super().__init__(parent)
        self.socket = socket
        # Qt ownership, never Python's: a socket collected mid-signal crashes Qt.
        socket.setParent(self)
        self._buffer = b""
        self._done = False
        socket.readyRead.connect(self.read)
        socket.disconnected.connect(self.deleteLater)

    def abort(self) -> None:
        self._done = True
        self.socket.abort()

    def read(self) -> None:
        if self._done:
            return
        self._buffer += bytes(self.socket.readAll().data())
        if b"\n" not in self._buffer:
            if len(self._buffer) > MAX_REQUEST_BYTES:
                log.warning("dropping an oversized single-instance request")
                self.abort()
            return
        self._done = True
        request = parse_request(self._buffer.split(b"\n", 1)[0])
        if request is None:
            self.socket.disconnectFromServer()
            return
        self.socket.write(ACK)
        self.socket.flush()
        self.socket.disconnectFromServer()
        self.request_received.emit(request)


class SingleInstanceServer(QObject):
    """Listens for later launches.

    Signals:
        request_received(InstanceRequest): a later launch's request, already acknowledged.
    """

    request_received = Signal(object)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        # Only this user may connect (the socket file gets mode 0700 semantics).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)

    @property
    def address(self) -> str:
        """Where clients connect (a socket path or pipe name); empty unless listening."""
        return self._server.fullServerName()

    def listen(self) -> bool:
        with _locked(self.name):
            if _answers(self.name):
                log.debug("local server listen failed: another instance answers")
                return False
            ok = self._server.listen(self.name)
        if not ok:
            log.debug("local server listen failed: %s", self._server.errorString())
        return ok

    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        for connection in self.findChildren(_Connection):
            connection.abort()
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            connection = _Connection(socket, self)
            connection.request_received.connect(self._on_request)
            if socket.bytesAvailable():
                connection.read()

    def _on_request(self, request: InstanceRequest) -> None:
        log_request(request)
        self.request_received.emit(request)


def remove_stale_server(name: str) -> None:
    """Remove the socket file a crashed instance left behind (nothing on Windows)."""
    with _locked(name):
        if not _answers(name):
            QLocalServer.removeServer(name)


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
