"""Translators installed by a test are removed after it: other tests expect English."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from desktop_app.core.preferences import Language
from desktop_app.ui.i18n import install_translator, remove_translators


@pytest.fixture
def english_afterwards(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    remove_translators(qapp)


@pytest.fixture
def turkish(english_afterwards: QApplication) -> QApplication:
    assert install_translator(english_afterwards, Language.TR) is Language.TR
    return english_afterwards


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """A qasync loop for widgets that schedule start-up work (history listing)."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
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
