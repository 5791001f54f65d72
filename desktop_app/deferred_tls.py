"""Start asyncio without OpenSSL; give it TLS back before the first connection.

``import asyncio`` imports :mod:`ssl` for its optional native TLS, which maps and
initialises OpenSSL: ≈4.5 MiB of an idle window's memory, a tenth of what it adds
to a bare ``QMainWindow``, spent before anything goes over the network (if it
ever does: the app can be opened just to read history). The app imports asyncio
through :func:`import_asyncio_without_tls`, and every API client calls
:func:`ensure_asyncio_tls` when it is created (:class:`desktop_app.api.GeminiClient`),
so TLS is whole again before the first request. httpx does its TLS through anyio's
own ``ssl.MemoryBIO`` streams, which never depended on asyncio's copy; restoring it
keeps ``loop.start_tls`` and ``create_connection(ssl=...)`` working for any other
code all the same.

asyncio (3.11–3.13) keeps ``ssl`` as a module global in three modules, set to
``None`` when the import fails; ``sslproto`` also derives ``SSLAgainErrors`` from it.
``tests/test_deferred_tls.py`` checks both halves in fresh interpreters.
"""

from __future__ import annotations

import sys

__all__ = ["ASYNCIO_TLS_MODULES", "ensure_asyncio_tls", "import_asyncio_without_tls"]

ASYNCIO_TLS_MODULES = ("asyncio.base_events", "asyncio.selector_events", "asyncio.sslproto")


def import_asyncio_without_tls() -> bool:
    """Import asyncio with :mod:`ssl` held back; ``True`` if it was held back.

    Does nothing when asyncio or ssl is already loaded (tests, the command line).
    """
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        return False
    sys.modules["ssl"] = None  # type: ignore[assignment]  # asyncio's try/except ImportError
    try:
        import asyncio  # noqa: F401
    finally:
        del sys.modules["ssl"]
    return True


def ensure_asyncio_tls() -> None:
    """Hand :mod:`ssl` to the asyncio modules that started without it (cheap if done)."""
    if all(getattr(sys.modules.get(name), "ssl", True) is not None for name in ASYNCIO_TLS_MODULES):
        return
    import ssl

    for name in ASYNCIO_TLS_MODULES:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "ssl", ssl) is None:
            module.ssl = ssl  # type: ignore[attr-defined]
    sslproto = sys.modules.get("asyncio.sslproto")
    if sslproto is not None and not hasattr(sslproto, "SSLAgainErrors"):
        sslproto.SSLAgainErrors = (ssl.SSLWantReadError, ssl.SSLSyscallError)  # type: ignore[attr-defined]
