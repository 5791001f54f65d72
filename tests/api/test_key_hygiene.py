"""The API key stays in the x-goog-api-key header: never in URLs, reprs, logs or errors.

Every test of this package also runs under the ``no_key_leaks`` guard (conftest.py);
these tests pin the guard itself and the places a key could slip out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import aclosing
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app.api import ApiConnectionError, ApiError, GeminiClient, RetryPolicy, StepDelta
from tests.api.conftest import UNIT_KEY, texts_of
from tests.api.log_guard import guarded, server_errors
from tests.fake_gemini.faults import Fault
from tests.fake_gemini.server import FakeGemini
from tests.fake_gemini.wire import INCOMPLETE_RESPONSE

MakeClient = Callable[..., GeminiClient]


def test_the_guard_sees_secrets_hidden_in_exception_chains() -> None:
    # (A key of the guard's own list here would fail this very test: it did, once.)
    secret = "not-a-guarded-secret-7731"
    exc = ApiError("outer")
    exc.__cause__ = ValueError(f"inner {secret}")
    assert any(secret in text for text in texts_of(exc))


def test_reprs_never_show_the_key() -> None:
    client = GeminiClient(UNIT_KEY, base_url="http://127.0.0.1:9", http=httpx.AsyncClient())
    for text in (repr(client), str(client), repr(vars(client)), repr(client._t)):
        assert UNIT_KEY not in text


@pytest.mark.asyncio
async def test_connection_failures_name_the_path_only(caplog: pytest.LogCaptureFixture) -> None:
    policy = RetryPolicy(max_retries=1, sleep=_no_sleep, jitter=lambda: 1.0)
    # Port 9 (discard) on localhost is closed: a real refused connection.
    async with GeminiClient(UNIT_KEY, base_url="http://127.0.0.1:9", retry=policy) as client:
        with pytest.raises(ApiConnectionError) as info:
            await client.create({"model": "m", "input": "x"})
    assert str(info.value) == "ConnectError while talking to /v1beta/interactions"
    assert "retry 1/1" in caplog.text


async def _no_sleep(_seconds: float) -> None:
    return None


@pytest.mark.asyncio
async def test_debug_logs_of_a_whole_session_carry_no_key(
    fake_gemini: FakeGemini,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "a.txt"
    path.write_text("hello")
    async with make_client() as client:
        await client.list_models()
        info = await client.upload_file(path, mime_type="text/plain")
        interaction = await client.create({"model": "gemini-3-flash-preview", "input": "Hi"})
        await client.get(interaction.id)
        await client.delete_file(info.name)
    assert caplog.records  # httpx/httpcore debug output was captured...
    assert fake_gemini.api_key not in caplog.text  # ...and none of it shows the key
    assert all(fake_gemini.api_key not in r.path + str(r.query) for r in fake_gemini.requests)


@pytest.mark.asyncio
async def test_closing_a_stream_early_releases_the_connection(
    fake_gemini: FakeGemini, make_client: MakeClient
) -> None:
    body = {"model": "gemini-3-flash-preview", "input": "/markdown 4000", "stream": True}
    async with make_client(
        http=httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
    ) as client:
        try:
            for _ in range(3):  # with one pooled connection, a leak would hang the 2nd round
                async with aclosing(client.stream(body)) as events:
                    async for event in events:
                        if isinstance(event, StepDelta):
                            break
            assert (await client.create({"model": "gemini-3-flash-preview", "input": "x"})).id
        finally:
            await client._http.aclose()


def _log_from_a_thread(text: str) -> None:
    thread = threading.Thread(target=lambda: logging.getLogger("x").info(text))
    thread.start()
    thread.join()


def test_the_guard_bites_on_a_key_in_any_log_record_or_client_repr(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The guard reads the records of the test's own phases (a teardown-only read once
    # made it see nothing), from any thread, and the reprs of every client built.
    with pytest.raises(AssertionError, match="leaked"), guarded(caplog, monkeypatch):
        _log_from_a_thread(f"k={UNIT_KEY}")
    caplog.clear()

    class Leaky(GeminiClient):
        leak = True

        def __repr__(self) -> str:
            return f"Leaky({UNIT_KEY})" if self.leak else "Leaky()"

    with pytest.raises(AssertionError, match="leaked"), guarded(caplog, monkeypatch):
        Leaky(UNIT_KEY, base_url="http://127.0.0.1:9")
    Leaky.leak = False  # the outer guard (autouse) sees this client too


def test_a_deliberate_break_is_not_logged_but_an_unfinished_answer_is(
    fake_gemini: FakeGemini,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = {"x-goog-api-key": fake_gemini.api_key}
    body = {"model": "gemini-3-flash-preview", "input": "Hi", "stream": True}
    with httpx.Client(base_url=fake_gemini.base_url, headers=headers) as http:
        fake_gemini.add_fault(Fault(kind="drop", after=3))
        with (
            pytest.raises(httpx.RemoteProtocolError),
            http.stream("POST", "/v1beta/interactions", json=body) as response,
        ):
            response.read()
        assert server_errors(caplog.records) == []  # a drop fault breaks the connection quietly
        assert fake_gemini.server_errors == []

        # A handler that forgets to finish its answer is an emulator bug: it must show.
        async def half_answer(send: Any, _body: Any, **_kw: Any) -> None:
            await send({"type": "http.response.start", "status": 200, "headers": []})

        monkeypatch.setattr("tests.fake_gemini.app.send_json", half_answer)
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/v1beta/models")
    assert server_errors(caplog.records) == [INCOMPLETE_RESPONSE]
    assert fake_gemini.server_errors == [INCOMPLETE_RESPONSE]
    with (
        pytest.raises(AssertionError, match="the emulator logged errors"),
        guarded(caplog, monkeypatch),
    ):
        pass
    # Seen and checked: keep the autouse guard and the fixture from failing this test.
    caplog.clear()
    fake_gemini.server_errors.clear()
