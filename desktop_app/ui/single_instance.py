"""One Gemdesk per user and profile, over a local socket.

The first process listens on a local socket whose name is derived from the
user and the profile's config directory (so test profiles and ``--basedir``
runs never meet). A later launch connects, sends its request as one JSON
line, waits for the ``ok`` acknowledgement and exits 0; the first process
turns the request into a signal.

Two backends with one API: an AF_UNIX socket in a private directory on Linux
and macOS (:mod:`.single_instance_posix`, no QtNetwork before the first
paint), QLocalServer's named pipe on Windows (:mod:`.single_instance_qt`).
"""

from __future__ import annotations

import sys

from desktop_app.ui.single_instance_common import (
    ACK,
    CONNECT_TIMEOUT_MS,
    MAX_REQUEST_BYTES,
    PROTOCOL_VERSION,
    REPLY_TIMEOUT_MS,
    InstanceRequest,
    server_name,
)

if sys.platform == "win32":
    from desktop_app.ui.single_instance_qt import (
        SingleInstanceServer,
        claim_or_forward,
        send_to_running,
    )
else:
    from desktop_app.ui.single_instance_posix import (
        SingleInstanceServer,
        claim_or_forward,
        send_to_running,
    )

__all__ = [
    "ACK",
    "CONNECT_TIMEOUT_MS",
    "MAX_REQUEST_BYTES",
    "PROTOCOL_VERSION",
    "REPLY_TIMEOUT_MS",
    "InstanceRequest",
    "SingleInstanceServer",
    "claim_or_forward",
    "send_to_running",
    "server_name",
]
