"""Listing models off the UI thread's back: Test key, and the model pickers' refresh.

One request at a time per :class:`ModelFetcher`; a newer request cancels the older
one so a slow, stale answer is never shown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop_app.core.preferences import ModelCache, ModelInfo
from desktop_app.ui.i18n import display_error

__all__ = ["ListModels", "ModelFetcher", "describe_error", "list_models_with_key", "spawn"]

log = logging.getLogger(__name__)


class _ApiModel(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def can_generate(self) -> bool: ...


# (api_key, base_url) -> models. Injected in tests; the default talks to the server.
ListModels = Callable[[str, str], Awaitable[Sequence[_ApiModel]]]


async def list_models_with_key(api_key: str, base_url: str) -> Sequence[_ApiModel]:
    """``GET /models`` with a short-lived client (keys under test are not the app's yet)."""
    # Deferred: not needed for the first paint.
    from desktop_app.core import connection

    return await connection.list_models_with_key(api_key, base_url)


def spawn(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Schedule *coro* on the current (qasync) loop from a Qt slot."""
    return asyncio.get_event_loop().create_task(coro)


def describe_error(exc: BaseException) -> str:
    """A translated sentence for the user; never contains the key."""
    from desktop_app.core.connection import api_errors as errors

    # Literal calls: lupdate cannot see through a helper function.
    translate = QCoreApplication.translate
    if isinstance(exc, errors.AuthenticationError):
        return translate(
            "ModelFetcher", "The server refused this API key. Check that it was copied completely."
        )
    if isinstance(exc, errors.PermissionDeniedError):
        return translate("ModelFetcher", "This API key is not allowed to list models.")
    if isinstance(exc, errors.ApiTimeoutError):
        return translate("ModelFetcher", "The server took too long to answer.")
    if isinstance(exc, errors.ApiConnectionError):
        return translate(
            "ModelFetcher",
            "Could not reach the server. Check the network and the endpoint address.",
        )
    if isinstance(exc, errors.RateLimitError):
        return translate("ModelFetcher", "Rate limit reached; wait a moment and try again.")
    if isinstance(exc, errors.ApiError):
        return display_error(exc)
    return translate("ModelFetcher", "Listing models failed unexpectedly ({name}).").format(
        name=type(exc).__name__
    )


class ModelFetcher(QObject):
    """Runs ``list_models`` on the qasync loop and reports through signals.

    Signals:
        started(): a request began.
        succeeded(object): a :class:`ModelCache` with the models usable for chat.
        failed(str): a translated sentence saying what went wrong.
        finished(): the request ended, whatever the outcome (not emitted when superseded).
    """

    started = Signal()
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None, *, list_models: ListModels | None = None):
        super().__init__(parent)
        self._list_models = list_models or list_models_with_key
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def task(self) -> asyncio.Task[None] | None:
        return self._task

    def fetch(self, api_key: str, base_url: str) -> asyncio.Task[None]:
        self.cancel()
        self._task = spawn(self._run(api_key, base_url))
        self.started.emit()
        return self._task

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def _run(self, api_key: str, base_url: str) -> None:
        me = asyncio.current_task()
        try:
            models = await self._list_models(api_key, base_url)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if self._task is me:
                log.info("listing models failed: %s", type(exc).__name__)
                self.failed.emit(describe_error(exc))
                self.finished.emit()
            return
        if self._task is not me:
            return  # superseded: a newer request owns the UI now
        usable = [ModelInfo(m.id, m.display_name) for m in models if m.can_generate]
        self.succeeded.emit(ModelCache.now(sorted(usable, key=lambda m: m.id)))
        self.finished.emit()
