"""Cyclic garbage is collected from the GUI thread's timer, not wherever it allocates."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from desktop_app.ui.gui_gc import GuiThreadCollector


class _Cycle:
    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_cycles_are_finalised_on_the_gui_thread(qtbot: QtBot) -> None:
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        seen: list[str] = []

        def allocate() -> None:
            for _ in range(5):
                _Cycle(seen)
            # Plenty of allocations in a worker: with automatic collection one of
            # them could trigger the collection here.
            junk = [[i] for i in range(50_000)]
            del junk

        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert seen == []
        # Live allocations push generation 0 over its threshold, so a collection is due.
        keep = [[i] for i in range(gc.get_threshold()[0] * 2)]
        qtbot.waitUntil(lambda: len(seen) == 5, timeout=5000)
        assert set(seen) == {threading.main_thread().name}
        del keep
    finally:
        collector.stop()
    assert gc.isenabled()
