"""One-time costs paid in a worker thread after the first paint, not mid-answer.

The first code fence of a language loads its pygments lexer (6-48 ms each, plus
shiboken's import hook), and the first request imports anyio's socket and TLS
modules; paid on the GUI thread during the first streamed answer, these showed up
as a stall of several hundred milliseconds.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

# Imported lazily by httpx/httpcore/anyio on the first connection.
_NETWORK_MODULES = (
    "anyio._core._sockets",
    "anyio.streams.tls",
    "anyio._backends._asyncio",
    "httpcore._async.http11",
    "httpcore._async.connection_pool",
)


def warm_caches() -> None:
    """Load lexers, styles and lazily imported modules (run via ``asyncio.to_thread``)."""
    from desktop_app.render.highlight import warm_lexers

    try:
        warm_lexers()
    except Exception:  # a missing lexer must never break start-up
        log.debug("warming lexers failed", exc_info=True)
    for name in _NETWORK_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            log.debug("could not pre-import %s", name)
