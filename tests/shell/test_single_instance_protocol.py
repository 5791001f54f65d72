"""The local-socket protocol between a later launch and the running instance."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app import paths
from desktop_app.ui.single_instance import (
    InstanceRequest,
    SingleInstanceServer,
    send_to_running,
    server_name,
)

CLIENT = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QCoreApplication
    from desktop_app.ui.single_instance import InstanceRequest, send_to_running
    app = QCoreApplication([])
    request = InstanceRequest.from_args(
        quick_prompt="--quick-prompt" in sys.argv,
        new_chat="--new-chat" in sys.argv,
        files=[a for a in sys.argv[1:] if not a.startswith("--")],
    )
    print("delivered" if send_to_running(request) else "nobody")
    """
)


def _client(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLIENT, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.getcwd()},
    )


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


def test_nobody_listening(qapp: object) -> None:
    assert send_to_running(InstanceRequest()) is False


def test_a_later_launch_delivers_its_files(qtbot: QtBot, tmp_path: Path) -> None:
    server = SingleInstanceServer()
    assert server.listen()
    try:
        with qtbot.waitSignal(server.request_received, timeout=20_000) as blocker:
            proc = _client("--new-chat", "photo.png", cwd=tmp_path)
        out, err = proc.communicate(timeout=20)
    finally:
        server.close()
    assert proc.returncode == 0, err
    assert out.strip() == "delivered"
    request = blocker.args[0]
    assert isinstance(request, InstanceRequest)
    assert request.new_chat is True
    assert request.quick_prompt is False
    # Resolved against the launching process's directory, not the server's.
    assert request.files == (str(tmp_path / "photo.png"),)


def test_garbage_is_refused_and_the_server_keeps_working(qtbot: QtBot) -> None:
    from PySide6.QtNetwork import QLocalSocket

    server = SingleInstanceServer()
    assert server.listen()
    received: list[InstanceRequest] = []
    server.request_received.connect(received.append)
    try:
        bad = QLocalSocket()
        bad.connectToServer(server.name)
        assert bad.waitForConnected(2000)
        bad.write(b"this is not json\n")
        bad.flush()
        qtbot.waitUntil(lambda: bad.state() == QLocalSocket.LocalSocketState.UnconnectedState)
        bad.deleteLater()
        with qtbot.waitSignal(server.request_received, timeout=20_000):
            proc = _client("--quick-prompt")
        out, _ = proc.communicate(timeout=20)
    finally:
        server.close()
    assert out.strip() == "delivered"
    assert [r.quick_prompt for r in received] == [True]
