"""One Gemdesk per user and profile, over QLocalServer/QLocalSocket.

The first process listens on a local socket whose name is derived from the
user and the profile's config directory (so test profiles and ``--basedir``
runs never meet). A later launch connects, sends its request as one JSON
line, waits for the ``ok`` acknowledgement and exits 0; the first process
turns the request into a signal.

Wire format (one line, UTF-8): ``{"v": 1, "quick_prompt": bool,
"new_chat": bool, "files": [absolute paths]}``, answered by ``ok\\n``.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_app import paths

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
ACK = b"ok\n"
MAX_REQUEST_BYTES = 1 << 20
CONNECT_TIMEOUT_MS = 1500
REPLY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class InstanceRequest:
    """What a launch asks the running instance to do (nothing set: just show the window)."""

    quick_prompt: bool = False
    new_chat: bool = False
    files: tuple[str, ...] = field(default_factory=tuple)

    def to_line(self) -> bytes:
        payload = {
            "v": PROTOCOL_VERSION,
            "quick_prompt": self.quick_prompt,
            "new_chat": self.new_chat,
            "files": list(self.files),
        }
        return json.dumps(payload).encode("utf-8") + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> InstanceRequest:
        data = json.loads(line.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("request is not an object")
        files = data.get("files", [])
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ValueError("files must be a list of strings")
        return cls(
            quick_prompt=bool(data.get("quick_prompt", False)),
            new_chat=bool(data.get("new_chat", False)),
            files=tuple(files),
        )

    @classmethod
    def from_args(
        cls, *, quick_prompt: bool, new_chat: bool, files: list[str], cwd: str | None = None
    ) -> InstanceRequest:
        """Resolve *files* against the launching process's directory, not the receiver's."""
        base = Path(cwd or os.getcwd())
        resolved = tuple(str((base / f).resolve()) for f in files)
        return cls(quick_prompt=quick_prompt, new_chat=new_chat, files=resolved)


def server_name() -> str:
    """A socket name unique to this user and profile, short enough for AF_UNIX paths."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    profile = str(paths.config_dir().resolve())
    # A stable name, not a secret: two checksums (64 bits) instead of hashlib, whose
    # OpenSSL start-up would sit before the first paint.
    key = f"{user}\0{profile}".encode()
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    safe_user = "".join(c for c in user if c.isalnum())[:16] or "user"
    return f"gemdesk-{safe_user}-{digest}"


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
        socket.readyRead.connect(self._on_ready_read)
        socket.disconnected.connect(self.deleteLater)

    def abort(self) -> None:
        self._done = True
        self.socket.abort()

    def _on_ready_read(self) -> None:
        if self._done:
            return
        self._buffer += bytes(self.socket.readAll().data())
        if b"\n" not in self._buffer:
            if len(self._buffer) > MAX_REQUEST_BYTES:
                log.warning("dropping an oversized single-instance request")
                self.abort()
            return
        self._done = True
        line = self._buffer.split(b"\n", 1)[0]
        try:
            request = InstanceRequest.from_line(line)
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("ignoring a malformed single-instance request: %s", type(exc).__name__)
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

    def listen(self) -> bool:
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
                connection._on_ready_read()

    def _on_request(self, request: InstanceRequest) -> None:
        log.info(
            "request from another launch: quick_prompt=%s new_chat=%s files=%d",
            request.quick_prompt,
            request.new_chat,
            len(request.files),
        )
        self.request_received.emit(request)


def claim_or_forward(request: InstanceRequest) -> SingleInstanceServer | None:
    """Become the instance (returns the listening server) or hand *request* to it (None).

    Two launches racing: the loser's ``listen`` fails and its second
    ``send_to_running`` reaches the winner. A socket left by a crashed
    instance answers nobody and is removed.
    """
    name = server_name()
    if send_to_running(request, name):
        return None
    server = SingleInstanceServer(name)
    if server.listen():
        return server
    if send_to_running(request, name):
        server.close()
        server.deleteLater()
        return None
    QLocalServer.removeServer(name)
    if server.listen():
        return server
    raise RuntimeError(f"cannot listen on the local socket {name!r}")
