"""A window setting that changes often (the open conversation), saved off the GUI thread.

Every ``QSettings.setValue`` makes QSettings rewrite its file on the next turn of
the event loop, through QSaveFile and a lock file, both fdatasync'ed: a few ms on
a quiet disk, 167 ms seen by ``benchmarks/bench_ui_stalls.py`` while other writes
were being flushed. Calling ``QSettings.sync`` from a Python thread does not help:
PySide6 keeps the GIL during the call. So the value goes to a QSettings object
living in a QThread of its own; QSettings writes from that thread's event loop,
in C++, without the GIL. Changes are coalesced: the newest value is handed over
once it has stayed for *delay_ms*.

:meth:`DeferredSetting.flush` (at shutdown) stops the thread after the write in
progress and hands the newest value to the window's own QSettings, which the
window then syncs as before.
"""

from __future__ import annotations

import atexit

from PySide6.QtCore import QObject, QSettings, Qt, QThread, QTimer, Signal, Slot

DEFAULT_DELAY_MS = 1000
_UNSET = object()

# Writer threads still running: referenced here so that none is destroyed while it
# runs (Qt aborts), and stopped at exit should a window never have been closed.
_running: set[QThread] = set()


def _stop(thread: QThread) -> None:
    thread.quit()
    thread.wait()
    _running.discard(thread)


@atexit.register
def _stop_all() -> None:
    for thread in list(_running):
        _stop(thread)


class _Writer(QObject):
    """Lives in the writer thread; so does its QSettings, which syncs there."""

    def __init__(self, file_name: str, file_format: QSettings.Format) -> None:
        super().__init__()
        self._file_name = file_name
        self._format = file_format
        self._settings: QSettings | None = None

    @Slot(str, object)
    def write(self, key: str, value: object) -> None:
        if self._settings is None:
            # Created in this thread, as its child: it lives, syncs and dies here.
            self._settings = QSettings(self._file_name, self._format, self)
        self._settings.setValue(key, value)


class DeferredSetting(QObject):
    """*key* of *settings*, written from a thread of its own *delay_ms* after it changed.

    Signals:
        write_requested(str, object): to the writer thread (internal).
    """

    write_requested = Signal(str, object)

    def __init__(
        self,
        settings: QSettings,
        key: str,
        parent: QObject | None = None,
        *,
        delay_ms: int = DEFAULT_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._key = key
        self._pending: object = _UNSET
        self._written: object = settings.value(key)
        self._thread: QThread | None = None
        self._writer: _Writer | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._hand_over)

    def set(self, value: object) -> None:
        """Remember *value*; it is written once it has stayed for the delay."""
        self._pending = value
        self._timer.start()

    def value(self) -> object:
        """The newest value, written or not."""
        return self._written if self._pending is _UNSET else self._pending

    def is_pending(self) -> bool:
        """A value is waiting for the delay to pass."""
        return self._pending is not _UNSET

    def flush(self) -> None:
        """Stop the writer thread and give the newest value to *settings* (the
        caller syncs it, e.g. at shutdown)."""
        self._timer.stop()
        if self._thread is not None:
            _stop(self._thread)  # a write in progress ends first: it can't land later
            self._thread = self._writer = None
        value = self.value()
        self._pending = _UNSET
        self._written = value
        if value is not None:
            self._settings.setValue(self._key, value)

    def _hand_over(self) -> None:
        if self._pending is _UNSET:
            return
        value, self._pending = self._pending, _UNSET
        if str(value) == str(self._written):
            return
        self._written = value
        self._writer_thread()
        self.write_requested.emit(self._key, value)

    def _writer_thread(self) -> None:
        if self._thread is not None:
            return
        thread = QThread()
        thread.setObjectName("settings-writer")
        writer = _Writer(self._settings.fileName(), self._settings.format())
        writer.moveToThread(thread)
        # Deleted in its thread as it ends (its QSettings syncs what is left then).
        thread.finished.connect(writer.deleteLater)
        self.write_requested.connect(writer.write, Qt.ConnectionType.QueuedConnection)
        _running.add(thread)
        thread.start()
        self._thread, self._writer = thread, writer
