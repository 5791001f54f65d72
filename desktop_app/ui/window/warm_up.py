"""One-time costs paid in a worker thread when the user starts a message, not mid-answer.

The first code fence of a language loads its pygments lexer (6-48 ms each, plus
shiboken's import hook), and the first request imports anyio's socket and TLS
modules; paid on the GUI thread during the first streamed answer, these showed up
as a stall of several hundred milliseconds. A message sent before the warm-up is
over waits for it (``ConversationController.start_after``) instead of importing
the rest on the GUI thread.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

# Imported on first use: the document renderer and the message widgets (the first
# message shown), the engine's connection helpers, and httpx/httpcore/anyio on the
# first connection.
_LAZY_MODULES = (
    "desktop_app.render.document",
    "desktop_app.render.splitter",
    "desktop_app.ui.transcript.message_widget",
    "desktop_app.core.connection",
    "desktop_app.core.engine",
    "anyio._core._sockets",
    "anyio.streams.tls",
    "anyio._backends._asyncio",
    "httpcore._async.http11",
    "httpcore._async.connection_pool",
)


def warm_caches() -> None:
    """Load lexers, styles and lazily imported modules (run via ``asyncio.to_thread``)."""
    from desktop_app.render.highlight import warm_lexers
    from desktop_app.render.markdown import MarkdownRenderer
    from desktop_app.render.palette import LIGHT

    try:
        warm_lexers()
        # markdown-it and the renderer compile many regexes on first use (re caches them
        # process-wide); a private instance, so the shared one is never used off-thread.
        MarkdownRenderer(LIGHT).render(
            "# t\n\n- a\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx\n```\n"
        )
    except Exception:  # warming must never break start-up
        log.debug("warming the renderer failed", exc_info=True)
    for name in _LAZY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            log.debug("could not pre-import %s", name)
