"""asyncio started without OpenSSL gets TLS back before the first API client exists.

Each check runs in a fresh interpreter: this test process has loaded ssl long ago.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_asyncio_starts_without_ssl_and_ssl_still_imports_later() -> None:
    out = run_fresh(
        """
        import sys
        from desktop_app.deferred_tls import import_asyncio_without_tls
        assert import_asyncio_without_tls() is True
        import asyncio.sslproto, asyncio.base_events, asyncio.selector_events
        assert "ssl" not in sys.modules and "_ssl" not in sys.modules
        assert asyncio.sslproto.ssl is None and asyncio.base_events.ssl is None
        assert import_asyncio_without_tls() is False  # asyncio is loaded: nothing to do
        import ssl
        assert ssl.create_default_context() is not None
        print("ok")
        """
    )
    assert out == "ok"


def test_ensure_asyncio_tls_gives_asyncio_a_working_tls() -> None:
    # A plain-text server: asyncio's own TLS (sslproto) must start the handshake and
    # fail as TLS fails, not with "ssl module not available" or an AttributeError.
    out = run_fresh(
        """
        import sys
        from desktop_app.deferred_tls import ensure_asyncio_tls, import_asyncio_without_tls
        assert import_asyncio_without_tls()
        import asyncio
        ensure_asyncio_tls()
        import ssl
        from asyncio import base_events, selector_events, sslproto
        assert base_events.ssl is ssl and selector_events.ssl is ssl and sslproto.ssl is ssl
        assert sslproto.SSLAgainErrors == (ssl.SSLWantReadError, ssl.SSLSyscallError)

        async def main():
            async def plain(reader, writer):
                writer.write(b"HTTP/1.1 400 Bad Request\\r\\n\\r\\n" * 8)
                await writer.drain()
                writer.close()

            server = await asyncio.start_server(plain, "127.0.0.1", 0)
            port = server.sockets[0].getsockname()[1]
            try:
                await asyncio.open_connection(
                    "127.0.0.1", port, ssl=ssl.create_default_context(),
                    server_hostname="localhost",
                )
            except (ssl.SSLError, ConnectionResetError) as exc:
                print("tls ran:", type(exc).__name__)
            finally:
                server.close()
                await server.wait_closed()

        asyncio.run(main())
        """
    )
    assert out.startswith("tls ran:"), out


def test_an_api_client_restores_tls() -> None:
    out = run_fresh(
        """
        from desktop_app.deferred_tls import import_asyncio_without_tls
        assert import_asyncio_without_tls()
        import asyncio
        import asyncio.sslproto
        assert asyncio.sslproto.ssl is None
        from desktop_app.api import GeminiClient

        async def main():
            client = GeminiClient("test-key-not-sent", base_url="http://127.0.0.1:9")
            await client.aclose()

        asyncio.run(main())
        print(asyncio.sslproto.ssl is not None)
        """
    )
    assert out == "True"


def test_restoring_is_harmless_when_asyncio_had_ssl_all_along() -> None:
    out = run_fresh(
        """
        import asyncio, ssl
        from asyncio import sslproto
        from desktop_app.deferred_tls import ensure_asyncio_tls
        before = sslproto.SSLAgainErrors
        ensure_asyncio_tls()
        print(sslproto.ssl is ssl and sslproto.SSLAgainErrors is before)
        """
    )
    assert out == "True"
