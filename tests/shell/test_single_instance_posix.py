"""The AF_UNIX backend: where the socket lives, who may reach it, and what it does not import."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.ui.single_instance import InstanceRequest, server_name
from desktop_app.ui.single_instance_posix import (
    MAX_SOCKET_PATH_BYTES,
    SingleInstanceServer,
    claim_or_forward,
    socket_path,
)

LEAF = f"gemdesk-{os.getuid()}"


def _short_private_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="gd-", dir="/tmp"))  # short: AF_UNIX paths


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = _short_private_dir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(directory))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def temp_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """TMPDIR, with no usable XDG_RUNTIME_DIR (as on macOS)."""
    directory = _short_private_dir()
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(directory))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_socket_and_directory_are_private(qapp: object, runtime_dir: Path) -> None:
    server = SingleInstanceServer()
    assert server.listen()
    try:
        address = Path(server.address)
        assert address == runtime_dir / "gemdesk" / server_name()
        assert stat.S_ISSOCK(os.lstat(address).st_mode)
        assert _mode(address) == 0o600
        assert _mode(address.parent) == 0o700
        assert os.lstat(address.parent).st_uid == os.getuid()
        assert os.listdir(address.parent) == [address.name]  # no lock files left around
    finally:
        server.close()


def test_without_a_runtime_dir_a_private_temp_subdirectory(qapp: object, temp_dir: Path) -> None:
    server = SingleInstanceServer()
    assert server.listen()
    try:
        address = Path(server.address)
        assert address.parent == temp_dir / LEAF
        assert _mode(address.parent) == 0o700
        assert _mode(address) == 0o600
    finally:
        server.close()


def test_a_runtime_dir_others_can_enter_is_not_used(
    monkeypatch: pytest.MonkeyPatch, runtime_dir: Path, temp_dir: Path
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))  # temp_dir had removed it
    assert socket_path("x", create=False) == runtime_dir / "gemdesk" / "x"
    runtime_dir.chmod(0o755)
    assert socket_path("x", create=False) == temp_dir / LEAF / "x"


def test_a_loose_directory_of_ours_is_tightened(qapp: object, temp_dir: Path) -> None:
    (temp_dir / LEAF).mkdir(mode=0o755)
    (temp_dir / LEAF).chmod(0o755)
    server = SingleInstanceServer()
    assert server.listen()
    server.close()
    assert _mode(temp_dir / LEAF) == 0o700


def test_a_symlinked_directory_is_refused(temp_dir: Path) -> None:
    elsewhere = temp_dir / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (temp_dir / LEAF).symlink_to(elsewhere)
    path = socket_path("x", create=False)
    assert path is not None
    # On to the next candidate, /tmp/gemdesk-<uid>; the link is never followed.
    assert path.parent == Path("/tmp") / LEAF
    assert list(elsewhere.iterdir()) == []


def test_a_temp_dir_too_long_for_af_unix_falls_back_to_tmp(
    monkeypatch: pytest.MonkeyPatch, temp_dir: Path
) -> None:
    deep = temp_dir / ("d" * 90)
    deep.mkdir()
    monkeypatch.setenv("TMPDIR", str(deep))
    name = server_name()
    assert len(os.fsencode(deep / LEAF / name)) > MAX_SOCKET_PATH_BYTES
    assert socket_path(name, create=False) == Path("/tmp") / LEAF / name


def test_a_socket_of_ours_that_refuses_is_replaced_not_a_live_one(
    qapp: object, runtime_dir: Path
) -> None:
    path = socket_path(server_name(), create=True)
    assert path is not None
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))
    dead.close()  # a crashed instance: the file stays, nobody listens
    first = claim_or_forward(InstanceRequest())
    assert first is not None
    try:
        assert first.is_listening()
        second = SingleInstanceServer()
        assert second.listen() is False  # the live socket stays in place
        second.close()
        assert first.address == str(path)
        assert path.exists()
    finally:
        first.close()
    assert not path.exists()


def test_close_leaves_a_successor_s_socket_alone(qapp: object, runtime_dir: Path) -> None:
    old = SingleInstanceServer()
    assert old.listen()
    path = Path(old.address)
    path.unlink()  # as if another launch had judged it stale and taken over
    successor = SingleInstanceServer()
    assert successor.listen()
    try:
        old.close()
        assert path.exists()
        assert successor.is_listening()
    finally:
        successor.close()
    assert not path.exists()


def test_the_posix_path_never_imports_qtnetwork(runtime_dir: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QCoreApplication
        import desktop_app.ui.single_instance as single_instance
        app = QCoreApplication([])
        request = single_instance.InstanceRequest(new_chat=True)
        assert single_instance.send_to_running(request) is False
        server = single_instance.claim_or_forward(request)
        assert server is not None and server.is_listening()
        server.close()
        print(" ".join(sorted(m for m in sys.modules if m.startswith("PySide6."))))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.getcwd()},
    )
    assert out.returncode == 0, out.stderr
    modules = out.stdout.split()
    assert "PySide6.QtCore" in modules
    assert "PySide6.QtNetwork" not in modules
