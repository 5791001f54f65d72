"""Unsent drafts (text + attachments) per conversation, kept in a small JSON file.

The file lives in ``paths.data_dir()/drafts.json``; pasted image data is saved next
to it in ``drafts/`` so a draft's attachments are plain files that survive a restart.

Drafts change with every sent message (moved to the new conversation's id, saved,
discarded), and a file write on the GUI thread can wait on the disk for tens of
milliseconds while other writes are flushed (measured by
``benchmarks/bench_ui_stalls.py``). So the JSON is serialised here, on the caller's
thread, and written atomically (temp file + rename) by a short-lived background
thread; writes that queue up meanwhile are coalesced into the latest one. Reading
the file (a new :class:`DraftStore`) first waits for pending writes of that path,
and the thread is not a daemon, so the interpreter finishes the write before it
exits.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app import paths

log = logging.getLogger(__name__)

NEW_CONVERSATION = "new"  # the key of the draft for a conversation not created yet


@dataclass
class DraftAttachment:
    path: str
    name: str
    size: int
    mime: str


@dataclass
class Draft:
    text: str = ""
    attachments: list[DraftAttachment] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.text.strip() and not self.attachments


def drafts_path() -> Path:
    return paths.data_dir() / "drafts.json"


def pasted_dir() -> Path:
    return paths.data_dir() / "drafts"


def new_pasted_path(suffix: str = ".png") -> Path:
    folder = pasted_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"pasted-{uuid.uuid4().hex[:12]}{suffix}"


class DraftStore:
    """Drafts keyed by conversation id (``NEW_CONVERSATION`` for an unsaved chat)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or drafts_path()
        self._writer = writer_for(self._path)
        self._drafts: dict[str, Draft] = self._load()

    def flush(self) -> None:
        """Wait until every change made so far is in the file."""
        self._writer.flush()

    def _load(self) -> dict[str, Draft]:
        self._writer.flush()  # another store of this file may still be writing
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        drafts: dict[str, Draft] = {}
        if not isinstance(raw, dict):
            return drafts
        for key, value in raw.get("drafts", {}).items():
            try:
                drafts[str(key)] = _draft_from_json(value)
            except (KeyError, TypeError, ValueError):
                continue  # one bad entry must not lose the others
        return drafts

    def get(self, key: str) -> Draft:
        draft = self._drafts.get(key)
        if draft is None:
            return Draft()
        return Draft(draft.text, list(draft.attachments))

    def keys(self) -> list[str]:
        return list(self._drafts)

    def put(self, key: str, draft: Draft) -> None:
        if draft.is_empty():
            if self._drafts.pop(key, None) is not None:
                self._save()
            return
        self._drafts[key] = Draft(draft.text, list(draft.attachments))
        self._save()

    def discard(self, key: str) -> None:
        """Forget a sent draft (its pasted files stay: the message may still need them)."""
        draft = self._drafts.pop(key, None)
        if draft is None:
            return
        self._save()

    def move(self, old: str, new: str) -> None:
        draft = self._drafts.pop(old, None)
        if draft is not None:
            self._drafts[new] = draft
            self._save()

    def _save(self) -> None:
        data: dict[str, Any] = {
            "version": 1,
            "drafts": {
                key: {
                    "text": d.text,
                    "attachments": [a.__dict__ for a in d.attachments],
                }
                for key, d in self._drafts.items()
            },
        }
        self._writer.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))


class FileWriter:
    """Writes the latest content given for one file, atomically, off the caller's thread.

    :meth:`write` only records the bytes and makes sure a writer thread runs; the
    thread writes whatever is newest, so a burst of changes costs one or two
    writes. A failed write is logged (a read-only profile must not stop typing;
    the drafts stay in memory).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._pending: bytes | None = None
        self._running = False

    def write(self, data: bytes) -> None:
        with self._lock:
            self._pending = data
            if self._running:
                return  # the running thread picks it up
            self._running = True
        # Not a daemon: a draft saved just before quitting still reaches the disk.
        threading.Thread(target=self._run, name="drafts-writer", daemon=False).start()

    def flush(self) -> None:
        """Block until nothing is pending or being written."""
        with self._lock:
            while self._running:
                self._done.wait()

    def _run(self) -> None:
        while True:
            with self._lock:
                data, self._pending = self._pending, None
                if data is None:
                    self._running = False
                    self._done.notify_all()
                    return
            try:
                _write_atomically(self.path, data)
            except OSError:
                log.warning("the drafts could not be saved to %s", self.path, exc_info=True)


_writers: dict[Path, FileWriter] = {}
_writers_lock = threading.Lock()


def writer_for(path: Path) -> FileWriter:
    """The one writer of *path* in this process (stores of one file share it, so a
    store reads what another one wrote)."""
    key = path.absolute()
    with _writers_lock:
        writer = _writers.get(key)
        if writer is None:
            writer = _writers[key] = FileWriter(key)
        return writer


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".drafts-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _draft_from_json(value: Any) -> Draft:
    attachments = [
        DraftAttachment(
            path=str(a["path"]), name=str(a["name"]), size=int(a["size"]), mime=str(a["mime"])
        )
        for a in value.get("attachments", [])
    ]
    return Draft(text=str(value.get("text", "")), attachments=attachments)
