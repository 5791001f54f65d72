"""The local-socket protocol between a later launch and the running instance.

Every exchange runs against both backends: the AF_UNIX one used on Linux and
macOS, and the QLocalServer one used on Windows (QLocalServer works here too).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from pytestqt.qtbot import QtBot

from desktop_app import paths
from desktop_app.ui import single_instance, single_instance_posix, single_instance_qt
from desktop_app.ui.single_instance import (
    ACK,
    MAX_REQUEST_BYTES,
    InstanceRequest,
    server_name,
)
from desktop_app.ui.single_instance_common import parse_request

CLIENT = textwrap.dedent(
    """
    import importlib, sys
    from PySide6.QtCore import QCoreApplication
    backend = importlib.import_module(sys.argv[1])
    app = QCoreApplication([])
    request = backend.InstanceRequest.from_args(
        quick_prompt="--quick-prompt" in sys.argv,
        new_chat="--new-chat" in sys.argv,
        files=[a for a in sys.argv[2:] if not a.startswith("--")],
    )
    print("delivered" if backend.send_to_running(request) else "nobody")
    """
)

# A launch that loses the race: its first send finds nobody (the winner was not
# listening yet), so it tries to listen, fails, and its second send must reach the winner.
RACE_LOSER = textwrap.dedent(
    """
    import importlib, json, sys
    from PySide6.QtCore import QCoreApplication
    from desktop_app.ui.single_instance_common import InstanceRequest, claim, server_name
    backend = importlib.import_module(sys.argv[1])
    app = QCoreApplication([])
    sends, listens = [], []

    def send(request, name):
        ok = bool(sends) and backend.send_to_running(request, name)
        sends.append(ok)
        return ok

    class Loser(backend.SingleInstanceServer):
        def listen(self):
            listens.append(super().listen())
            return listens[-1]

    server = claim(
        InstanceRequest(new_chat=True),
        server_name(),
        send=send,
        make_server=Loser,
        remove_stale=backend.remove_stale_server,
    )
    print(json.dumps({"server": server is not None, "sends": sends, "listens": listens}))
    """
)


AnyServer = single_instance_posix.SingleInstanceServer | single_instance_qt.SingleInstanceServer


@dataclass(frozen=True)
class Backend:
    module: ModuleType

    @property
    def name(self) -> str:
        return self.module.__name__

    def socket_file(self, name: str) -> Path:
        """Where a server called *name* puts its socket file on this machine."""
        if self.module is single_instance_posix:
            path = single_instance_posix.socket_path(name, create=True)
            assert path is not None
            return path
        from PySide6.QtCore import QDir

        return Path(QDir.tempPath()) / name


@pytest.fixture(autouse=True)
def private_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Sockets of this module's tests live in a short private directory of their own."""
    directory = Path(tempfile.mkdtemp(prefix="gd-", dir="/tmp"))  # short: AF_UNIX paths
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(directory))
    monkeypatch.setenv("TMPDIR", str(directory))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(params=[single_instance_posix, single_instance_qt], ids=["posix", "qt"])
def backend(request: pytest.FixtureRequest) -> Backend:
    module: ModuleType = request.param
    return Backend(module)


def _python(script: str, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.getcwd()},
    )


def _client(backend: Backend, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    return _python(CLIENT, backend.name, *args, cwd=cwd)


def _connect(address: str) -> socket.socket:
    """A raw client, non-blocking once connected: the server answers on this thread."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(address)
    sock.setblocking(False)
    return sock


def _wait_for_hang_up(qtbot: QtBot, sock: socket.socket, timeout: int = 10_000) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = bytearray()
    closed: list[bool] = []

    def hung_up() -> bool:
        while not closed:
            try:
                chunk = sock.recv(4096)
            except BlockingIOError:
                return False
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                closed.append(True)
            received.extend(chunk)
        return True

    qtbot.waitUntil(hung_up, timeout=timeout)
    return bytes(received)


@pytest.fixture
def listening(backend: Backend) -> Iterator[AnyServer]:
    server: AnyServer = backend.module.SingleInstanceServer()
    assert server.listen()
    assert server.is_listening()
    yield server
    server.close()


def _deliver_one(qtbot: QtBot, backend: Backend, server: AnyServer, *args: str) -> InstanceRequest:
    with qtbot.waitSignal(server.request_received, timeout=20_000) as blocker:
        proc = _client(backend, *args)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert out.strip() == "delivered"
    request = blocker.args[0]
    assert isinstance(request, InstanceRequest)
    return request


def test_the_name_depends_on_the_profile(tmp_path: Path) -> None:
    first = server_name()
    paths.set_base_dir(tmp_path / "other")
    assert server_name() != first
    paths.set_base_dir(None)
    assert server_name() == first
    assert len(first) < 60  # AF_UNIX paths are short


def test_request_round_trip(tmp_path: Path) -> None:
    request = InstanceRequest.from_args(
        quick_prompt=False, new_chat=True, files=["a.png", "sub/b.pdf"], cwd=str(tmp_path)
    )
    assert request.files == (str(tmp_path / "a.png"), str(tmp_path / "sub" / "b.pdf"))
    assert InstanceRequest.from_line(request.to_line()) == request
    with pytest.raises(ValueError):
        InstanceRequest.from_line(b'{"files": "not-a-list"}')


@pytest.mark.parametrize(
    "line",
    [
        b"this is not json",
        b"[1, 2]",
        b'{"files": [1]}',
        b"\xff\xfe{}",
        b"[" * 100_000,  # nesting deep enough to exhaust the parser's recursion
        b'{"files": ["' + b"a" * MAX_REQUEST_BYTES + b'"]}',  # valid, but too long
    ],
    ids=["text", "list", "file-not-str", "not-utf8", "deep", "oversized"],
)
def test_lines_the_server_refuses(line: bytes, caplog: pytest.LogCaptureFixture) -> None:
    assert parse_request(line) is None
    assert "single-instance request" in caplog.text


def test_the_platform_backend() -> None:
    expected = single_instance_qt if sys.platform == "win32" else single_instance_posix
    assert single_instance.SingleInstanceServer is expected.SingleInstanceServer
    assert single_instance.send_to_running is expected.send_to_running
    assert single_instance.claim_or_forward is expected.claim_or_forward


def test_nobody_listening(qapp: object, backend: Backend) -> None:
    assert backend.module.send_to_running(InstanceRequest()) is False


def test_a_later_launch_delivers_its_files(
    qtbot: QtBot, tmp_path: Path, backend: Backend, listening: AnyServer
) -> None:
    signal = listening.request_received
    with qtbot.waitSignal(signal, timeout=20_000) as blocker:
        proc = _client(backend, "--new-chat", "photo.png", cwd=tmp_path)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert out.strip() == "delivered"
    request = blocker.args[0]
    assert isinstance(request, InstanceRequest)
    assert request.new_chat is True
    assert request.quick_prompt is False
    # Resolved against the launching process's directory, not the server's.
    assert request.files == (str(tmp_path / "photo.png"),)


def test_garbage_is_refused_and_the_server_keeps_working(
    qtbot: QtBot, backend: Backend, listening: AnyServer, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[InstanceRequest] = []
    listening.request_received.connect(received.append)
    with _connect(listening.address) as bad:
        bad.send(b"this is not json\n")
        assert _wait_for_hang_up(qtbot, bad) == b""
    assert "ignoring a malformed single-instance request" in caplog.text
    request = _deliver_one(qtbot, backend, listening, "--quick-prompt")
    assert request.quick_prompt is True
    assert [r.quick_prompt for r in received] == [True]


def test_a_line_split_across_writes_is_put_together(
    qtbot: QtBot, backend: Backend, listening: AnyServer
) -> None:
    line = InstanceRequest(quick_prompt=True, files=("/a b/c.txt",)).to_line()
    with _connect(listening.address) as sock:
        sock.send(line[:7])
        qtbot.wait(100)  # the server reads the first part on its own
        signal = listening.request_received
        with qtbot.waitSignal(signal, timeout=10_000) as blocker:
            sock.send(line[7:])
        assert _wait_for_hang_up(qtbot, sock) == ACK
    assert blocker.args == [InstanceRequest(quick_prompt=True, files=("/a b/c.txt",))]


def _send_in_background(sock: socket.socket, data: bytes) -> threading.Thread:
    """Write *data* from a thread: the server, on this thread, must read while it flows."""

    def write() -> None:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server hung up: what an oversized request earns

    sock.setblocking(True)
    sock.settimeout(20)
    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_an_oversized_request_is_dropped(
    qtbot: QtBot, backend: Backend, listening: AnyServer, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[InstanceRequest] = []
    listening.request_received.connect(received.append)
    # Valid JSON with its newline, only too long: neither delivered nor acknowledged.
    big = b'{"new_chat": true, "files": ["' + b"x" * MAX_REQUEST_BYTES + b'"]}\n'
    with _connect(listening.address) as sock:
        writer = _send_in_background(sock, big)
        writer.join(timeout=0.01)
        sock.setblocking(False)
        assert _wait_for_hang_up(qtbot, sock, timeout=20_000) == b""
        writer.join(timeout=20)
    assert "dropping an oversized single-instance request" in caplog.text
    assert received == []
    assert _deliver_one(qtbot, backend, listening, "--new-chat").new_chat is True


def test_a_second_server_cannot_listen(backend: Backend, listening: AnyServer) -> None:
    second = backend.module.SingleInstanceServer()
    try:
        assert second.listen() is False
        assert second.is_listening() is False
    finally:
        second.close()
    assert listening.is_listening()
    assert Path(listening.address).exists()


def test_the_loser_of_a_race_forwards_to_the_winner(
    qtbot: QtBot, backend: Backend, listening: AnyServer
) -> None:
    signal = listening.request_received
    with qtbot.waitSignal(signal, timeout=20_000) as blocker:
        proc = _python(RACE_LOSER, backend.name)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert json.loads(out) == {"server": False, "sends": [False, True], "listens": [False]}
    assert blocker.args == [InstanceRequest(new_chat=True)]


def _leave_a_stale_socket(path: Path) -> None:
    """What a killed instance leaves: the socket file, with nobody listening."""
    path.parent.mkdir(mode=0o700, exist_ok=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))
    dead.listen(1)
    dead.close()
    assert path.exists()


def test_a_stale_socket_is_taken_over(qtbot: QtBot, backend: Backend) -> None:
    path = backend.socket_file(server_name())
    _leave_a_stale_socket(path)
    server = backend.module.claim_or_forward(InstanceRequest())
    assert server is not None
    try:
        assert server.is_listening()
        assert server.address == str(path)
        assert _deliver_one(qtbot, backend, server, "--quick-prompt").quick_prompt is True
    finally:
        server.close()


def test_claim_forwards_to_a_running_instance(qtbot: QtBot, backend: Backend) -> None:
    # The running instance is another process: this one must not block it.
    host = _python(
        textwrap.dedent(
            """
            import importlib, sys
            from PySide6.QtCore import QCoreApplication
            backend = importlib.import_module(sys.argv[1])
            app = QCoreApplication([])
            server = backend.claim_or_forward(backend.InstanceRequest())
            server.request_received.connect(lambda r: (print(r.files), app.quit()))
            print("listening", flush=True)
            app.exec()
            server.close()
            """
        ),
        backend.name,
    )
    try:
        assert host.stdout is not None
        assert host.stdout.readline().strip() == "listening"
        request = InstanceRequest(files=("/x/y.png",))
        assert backend.module.claim_or_forward(request) is None
        out, err = host.communicate(timeout=20)
    finally:
        if host.poll() is None:
            host.kill()
            host.communicate()
    assert host.returncode == 0, err
    assert out.strip() == "('/x/y.png',)"


def test_close_removes_the_socket_file(backend: Backend) -> None:
    server = backend.module.SingleInstanceServer()
    assert server.listen()
    address = Path(server.address)
    assert address.exists()
    server.close()
    assert not server.is_listening()
    assert not address.exists()
    assert backend.module.send_to_running(InstanceRequest()) is False
