"""Crash safety and multi-process writing, with real processes and real files."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.store import HistoryStore

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


def _spawn(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store._writer", str(db), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line == "READY\n", line + (proc.stderr.read() if proc.stderr else "")


def _facts(output: str) -> tuple[set[int], dict[int, int]]:
    """Committed message ids and minimum text lengths from complete stdout lines."""
    messages: set[int] = set()
    lengths: dict[int, int] = {}
    lines = output.split("\n")[:-1]  # the last piece may be a line cut by the kill
    for line in lines:
        kind, *rest = line.split()
        if kind == "M":
            messages.add(int(rest[0]))
        elif kind == "U":
            mid, length = int(rest[0]), int(rest[1])
            lengths[mid] = max(lengths.get(mid, 0), length)
    return messages, lengths


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_committed(db_path: Path) -> None:
    rng = random.Random(20261130)
    db_path.parent.mkdir(parents=True)
    committed: set[int] = set()
    min_length: dict[int, int] = {}
    killed_while_writing = 0
    for round_no in range(KILLS):
        proc = _spawn(db_path, "stream", str(round_no))
        try:
            if round_no % 5 == 0:
                # Now and then kill during start-up (opening, WAL recovery).
                time.sleep(rng.uniform(0.0, 0.15))
            else:
                _wait_ready(proc)
                time.sleep(rng.uniform(0.005, 0.12))
                killed_while_writing += 1
        finally:
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, err
        messages, lengths = _facts(out)
        committed |= messages
        for mid, length in lengths.items():
            min_length[mid] = max(min_length.get(mid, 0), length)

    assert killed_while_writing >= 40
    assert len(committed) > 100  # the writers really wrote between kills
    with HistoryStore.open(db_path) as store:
        assert store.recovered_from_corruption is None
        assert store.check_integrity()
        for mid in sorted(committed):
            message = store.get_message(mid)
            assert len(message.text) >= min_length.get(mid, 0), mid
    # An independent connection agrees, and the FTS index is consistent.
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 0)")
    finally:
        conn.close()


@pytest.mark.slow
def test_two_processes_writing_at_once_never_see_locked(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    HistoryStore.open(db_path).close()
    count = 150
    procs = [_spawn(db_path, "burst", str(seed), str(count)) for seed in (1, 2)]
    try:
        for proc in procs:
            _wait_ready(proc)
        (db_path.parent / "GO").touch()
        results = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    ids: set[int] = set()
    for proc, (out, err) in zip(procs, results, strict=True):
        assert "locked" not in err.lower()
        assert proc.returncode == 0, err
        assert out.rstrip().endswith("DONE")
        messages, _ = _facts(out)
        assert len(messages) == count
        ids |= messages
    assert len(ids) == 2 * count
    with HistoryStore.open(db_path) as store:
        assert store.count_conversations() == 2
        for cid in (c.id for c in store.list_conversations()):
            assert len(store.messages(cid)) == count
        assert store.check_integrity()
