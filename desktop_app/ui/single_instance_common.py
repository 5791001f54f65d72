"""What both single-instance backends share: the request, its wire line, the name, the claim.

Wire format (one line, UTF-8): ``{"v": 1, "quick_prompt": bool,
"new_chat": bool, "files": [absolute paths]}``, answered by ``ok\\n``.
No Qt here: the backends (:mod:`.single_instance_posix`,
:mod:`.single_instance_qt`) bring the sockets.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from desktop_app import paths

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
ACK = b"ok\n"
MAX_REQUEST_BYTES = 1 << 20
CONNECT_TIMEOUT_MS = 1500
REPLY_TIMEOUT_MS = 5000
# listen, forward, remove a stale socket; three rounds cover a crash plus a race.
CLAIM_ATTEMPTS = 3


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


def parse_request(line: bytes) -> InstanceRequest | None:
    """The request on *line* (without its newline), or None after logging why not."""
    if len(line) > MAX_REQUEST_BYTES:
        log.warning("dropping an oversized single-instance request")
        return None
    try:
        return InstanceRequest.from_line(line)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        log.warning("ignoring a malformed single-instance request: %s", type(exc).__name__)
        return None


def log_request(request: InstanceRequest) -> None:
    # The end-to-end tests wait for this line.
    log.info(
        "request from another launch: quick_prompt=%s new_chat=%s files=%d",
        request.quick_prompt,
        request.new_chat,
        len(request.files),
    )


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


class Server(Protocol):
    def listen(self) -> bool: ...

    def close(self) -> None: ...

    def deleteLater(self) -> None: ...  # Qt's name


ServerT = TypeVar("ServerT", bound=Server)


def claim(
    request: InstanceRequest,
    name: str,
    *,
    send: Callable[[InstanceRequest, str], bool],
    make_server: Callable[[str], ServerT],
    remove_stale: Callable[[str], None],
) -> ServerT | None:
    """Become the instance (returns the listening server) or hand *request* to it (None).

    Two launches racing: the loser's ``listen`` fails and its next ``send``
    reaches the winner. A socket left by a crashed instance answers nobody and
    is removed before the next ``listen``.
    """
    if send(request, name):
        return None
    server = make_server(name)
    for attempt in range(CLAIM_ATTEMPTS):
        if attempt:
            remove_stale(name)
        if server.listen():
            return server
        if send(request, name):
            server.close()
            server.deleteLater()
            return None
    server.close()
    server.deleteLater()
    raise RuntimeError(f"cannot listen on the local socket {name!r}")
