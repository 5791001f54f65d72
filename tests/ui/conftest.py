"""Fixtures for widget tests that run coroutines on a qasync loop.

``qtbot.waitSignal`` alone does not drive coroutines scheduled on qasync (the loop is
not "running" for asyncio, so httpx and ``asyncio.to_thread`` cannot work). The
``qloop`` fixture owns a ``qasync.QEventLoop`` set as the current loop for the test;
the helpers run it:

- ``run(qloop, seconds)``: spin the loop for a while;
- ``run_until(qloop, predicate, timeout=...)``: spin until ``predicate()`` is true;
- ``aio`` (a :class:`QasyncRunner` on the same loop): ``aio.run(coro)``,
  ``aio.wait_until(predicate)``, ``aio.pause(seconds)`` and
  ``aio.wait_signal(signal, action)`` — connect, call *action*, spin until the
  signal fires, return its arguments.

At teardown every task still pending is cancelled and awaited, async generators are
shut down and the loop is closed, so no socket or loop leaks into the next test.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QApplication

from desktop_app.ui.controller import install_asyncgen_hooks

T = TypeVar("T")

DEFAULT_TIMEOUT = 15.0


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    # qasync does not install asyncio's async-generator hooks; without them httpx's
    # abandoned byte streams are finalized by the GC outside the loop.
    old_hooks = install_asyncgen_hooks(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.set_event_loop(None)
        sys.set_asyncgen_hooks(*old_hooks)
        # Collect cyclic garbage (widgets of this test) here, on the GUI thread: left
        # to chance, a worker thread's allocation would run the collector and destroy
        # QObjects from that thread ("Timers cannot be stopped from another thread").
        gc.collect()


def run(loop: qasync.QEventLoop, seconds: float) -> None:
    """Spin Qt + asyncio for *seconds*."""
    loop.run_until_complete(asyncio.sleep(seconds))


def run_until(
    loop: qasync.QEventLoop,
    predicate: Callable[[], bool],
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = 0.01,
) -> None:
    """Spin Qt + asyncio until ``predicate()`` holds; fail the test after *timeout*."""

    async def poll() -> None:
        # Polling is the point: the predicate reads widget state that has no event.
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(interval)

    try:
        loop.run_until_complete(asyncio.wait_for(poll(), timeout))
    except TimeoutError:
        pytest.fail(f"condition not reached within {timeout} s", pytrace=False)


class QasyncRunner:
    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = DEFAULT_TIMEOUT) -> T:
        """Run the Qt + asyncio loop until *coro* is done."""
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))

    def wait_until(self, predicate: Callable[[], bool], timeout: float = DEFAULT_TIMEOUT) -> None:
        """Spin until ``predicate()`` holds; fail the test after *timeout*."""
        run_until(self.loop, predicate, timeout)

    def pause(self, seconds: float) -> None:
        """Spin for *seconds* (to show that something does NOT happen)."""
        run(self.loop, seconds)

    def wait_signal(
        self,
        signal: SignalInstance,
        action: Callable[[], object] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> tuple[Any, ...]:
        """Connect to *signal*, call *action*, run the loop until the signal fires."""
        future: asyncio.Future[tuple[Any, ...]] = self.loop.create_future()

        def on_signal(*args: Any) -> None:
            if not future.done():
                future.set_result(args)

        signal.connect(on_signal)
        try:
            if action is not None:
                action()
            return self.run(_await(future), timeout)
        finally:
            signal.disconnect(on_signal)


async def _await(future: asyncio.Future[T]) -> T:
    return await future


@pytest.fixture
def aio(qloop: qasync.QEventLoop) -> QasyncRunner:
    return QasyncRunner(qloop)
