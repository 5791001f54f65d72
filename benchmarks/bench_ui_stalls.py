"""Event-loop stalls of the real main window under load, and memory over a long session.

    python benchmarks/bench_ui_stalls.py [--messages 500000] [--answers 200]
                                         [--upload-mb 500] [--check]

A QTimer probe ticking every 5 ms on the GUI thread records the gaps between its
ticks; a gap minus the interval is a stall (the UI could not paint or react). The
window (real store, real engine, real HTTP to ``python -m tests.fake_gemini`` in a
separate process) is measured while it:

1. idles (the baseline, measured in the same run);
2. streams a 100 KB Markdown answer;
3. uploads a 500 MB file (sparse PDF; copied into the store and sent to the Files API);
4. searches a history of ``--messages`` messages (built once through the store's
   ``import_json`` and cached in the temp dir), typing several queries;
5. switches back and forth between two ~100k-token conversations;

then streams ``--answers`` answers (each in a new chat) and reports RSS growth
after a warm-up. ``--check``: every stall < 50 ms and growth < 30 MB.

The whole scenario runs as one coroutine inside one running loop, as the app does;
the scripted user's separate actions (new chat, drop a file, type, press Enter)
are separate turns of the loop, as real input events are.

Finding the cause of a stall: ``--only stream,answers`` runs some phases;
``--trace`` samples the GUI thread's stack (and kernel state) during stalls longer
than ``--trace-ms``; ``--events`` times every top-level Qt event and asyncio callback
and lists what filled the longest gaps (wall and CPU time: a long gap with little
CPU is another process or the disk); ``--profile`` runs cProfile over the answers.
These change the timings they observe; the figures to keep are from plain runs.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import cProfile
import gc
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STALL_LIMIT_MS = 50.0
RSS_GROWTH_LIMIT = 30 * 1024 * 1024
PROBE_MS = 5
STEP_TIMEOUT_S = 600.0
WORDS = [
    "güneş",
    "ışık",
    "deniz",
    "rüzgâr",
    "kitap",
    "şehir",
    "yol",
    "bulut",
    "dağ",
    "nehir",
    "istanbul",
    "ılık",
    "çiçek",
    "lighthouse",
    "harbour",
    "signal",
    "window",
    "engine",
    "stream",
    "answer",
    "thread",
    "garden",
    "river",
    "tide",
    "compass",
    "lantern",
    "market",
    "bridge",
    "station",
    "orbit",
    "python",
    "kernel",
    "vector",
]


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# ----------------------------------------------------------------------------- probe


class StallProbe:
    """Measures the longest gap between ticks of a fast QTimer, per named phase."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self._gaps: list[float] = []
        self.long_gaps: list[tuple[float, float, str]] = []  # (end, ms, phase), for --events
        self.results: dict[str, tuple[float, float, int]] = {}

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000 - PROBE_MS
        self._gaps.append(gap)
        if gap >= 25:
            self.long_gaps.append((now, gap, self.current))
        self._last = now

    current = ""

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.current = _phase[0] = name
        self._gaps = []
        collections: list[tuple[int, float]] = []  # (generation, ms): shown, not judged
        gc_started = [0.0]

        def on_gc(stage: str, info: dict[str, int]) -> None:
            if stage == "start":
                gc_started[0] = time.perf_counter()
            else:
                collections.append(
                    (info["generation"], (time.perf_counter() - gc_started[0]) * 1000)
                )

        gc.callbacks.append(on_gc)
        self._last = time.perf_counter()
        self.timer.start()
        try:
            yield
        finally:
            self._tick()
            self.timer.stop()
            gc.callbacks.remove(on_gc)
            if collections:
                generation, longest = max(collections, key=lambda c: c[1])
                print(
                    f"    {len(collections)} garbage collections, the longest "
                    f"{longest:.1f} ms (generation {generation})"
                )
            gaps = sorted(max(0.0, g) for g in self._gaps)
            worst = gaps[-1] if gaps else 0.0
            p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
            self.results[name] = (worst, p99, len(gaps))
            _phase[0] = ""
            print(
                f"  {name:<34} max stall {worst:7.1f} ms   p99 {p99:6.1f} ms   ({len(gaps)} ticks)"
            )


class StallTracer:
    """--trace: a watchdog thread samples the GUI thread's stack during long stalls.

    Samples (every millisecond while the probe is late by more than the threshold)
    are grouped into episodes, one per stall; the report lists the longest episodes
    with the distinct Gemdesk/Qt frames seen in each, and the GUI thread's kernel
    state per sample (R running, S waiting: for the GIL, a lock or I/O).
    """

    def __init__(self, probe: StallProbe, threshold_ms: float = 30.0) -> None:
        import threading

        self.probe = probe
        self.threshold = threshold_ms / 1000
        self.samples: dict[str, int] = {}
        # episode start (the probe's last tick) -> [(offset ms, state, frames), ...]
        self.episodes: dict[float, list[tuple[float, str, str]]] = {}
        self._phase_of: dict[float, str] = {}
        self._main = threading.get_ident()
        self._main_native = threading.get_native_id()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _state(self) -> str:
        try:
            with open(f"/proc/self/task/{self._main_native}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            return "?"

    def _run(self) -> None:
        import threading
        import traceback

        while not self._stop.wait(0.001):
            if not self.probe.timer.isActive():
                continue
            last = self.probe._last
            late = time.perf_counter() - last
            if late <= self.threshold:
                continue
            state = self._state()
            frames = sys._current_frames()
            frame = frames.get(self._main)
            if frame is None:
                continue
            summary = traceback.extract_stack(frame)
            ours = [
                f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in summary
                if "desktop_app/" in f.filename or "qasync" in f.filename
            ]
            compact = " > ".join(ours[-4:]) or "(Qt / event loop)"
            self.episodes.setdefault(last, []).append((late * 1000, state, compact))
            self._phase_of[last] = self.probe.current
            stack = "".join(traceback.format_list(summary[-12:]))
            others = [
                "".join(traceback.format_stack(f)[-3:])
                for ident, f in frames.items()
                if ident not in (self._main, threading.get_ident())
            ]
            busy = [o for o in others if "queue.py" not in o and "_db.py" not in o]
            stack = f"[{self.probe.current}] state {state}\n{stack}"
            if busy:
                stack += "\n  [busy threads]\n" + "\n".join(busy)
            self.samples[stack] = self.samples.get(stack, 0) + 1

    def report(self) -> None:
        self._stop.set()
        self._thread.join(1)
        print("\nlongest stall episodes (ms since the last probe tick, GUI thread state, frames):")
        longest = sorted(self.episodes.items(), key=lambda kv: -kv[1][-1][0])[:12]
        for start, samples in longest:
            print(f"\n  [{self._phase_of[start]}] ≥ {samples[-1][0]:.0f} ms")
            previous = ""
            for offset, state, frames in samples:
                line = f"{state} {frames}"
                if line != previous:
                    print(f"    {offset:6.1f}  {line}")
                    previous = line
        top = sorted(self.samples.items(), key=lambda kv: -kv[1])[:6]
        for stack, count in top:
            print(f"\n--- {count} samples (x1 ms) in stalls:\n{stack}")


def _timed_application(argv: list[str]) -> Any:
    """--events: a QApplication that times each top-level event it delivers.

    A qasync timer event runs an asyncio callback (a task step, a call_soon); its
    name is taken from the handle so the log says which coroutine was slow.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    def describe(receiver: QObject, event: QEvent) -> str:
        what = f"{event.type().name} -> {type(receiver).__name__}"
        name = receiver.objectName()
        if name:
            what += f"({name})"
        parent = receiver.parent()
        if parent is not None:
            what += f" of {type(parent).__name__}"
        return what

    class TimedApplication(QApplication):
        depth = 0
        threshold_ms = 10.0
        log: ClassVar[list[tuple[float, str]]] = []
        nested: ClassVar[list[str]] = []  # events ≥ 2 ms inside the current top-level one
        # (end, wall ms, cpu ms, what) of every top-level event of 1 ms or more
        timeline: ClassVar[list[tuple[float, float, float, str]]] = []

        def notify(self, receiver: QObject, event: QEvent) -> bool:
            TimedApplication.depth += 1
            started = time.perf_counter()
            cpu_started = time.thread_time()
            try:
                return super().notify(receiver, event)
            finally:
                TimedApplication.depth -= 1
                took = (time.perf_counter() - started) * 1000
                cpu = (time.thread_time() - cpu_started) * 1000
                depth = TimedApplication.depth
                if depth and depth <= 3 and took >= 2 and _phase[0]:
                    TimedApplication.nested.append(
                        f"{'  ' * depth}{took:5.1f} ms {describe(receiver, event)}"
                    )
                if depth == 0 and took >= 1 and _phase[0]:
                    TimedApplication.timeline.append(
                        (
                            time.perf_counter(),
                            took,
                            cpu,
                            describe(receiver, event) + _last_handle[0],
                        )
                    )
                if depth == 0:
                    if took >= TimedApplication.threshold_ms and _phase[0]:
                        what = (
                            f"(cpu {cpu:4.1f}) [{_phase[0]}] "
                            f"{describe(receiver, event)}{_last_handle[0]}"
                        )
                        inner = TimedApplication.nested[-8:]
                        if inner:
                            what += "\n            " + "\n            ".join(inner)
                        TimedApplication.log.append((took, what))
                    _last_handle[0] = ""
                    TimedApplication.nested = []

    return TimedApplication(argv)


_last_handle = [""]
_phase = [""]  # the probe's phase, for --events


def _name_handles() -> None:
    """--events: remember the asyncio callback each qasync timer event runs."""
    from asyncio import events, tasks

    # The pure-Python Task: its step callback is a bound method naming the coroutine.
    tasks.Task = tasks._PyTask  # type: ignore[attr-defined,misc]
    original = events.Handle._run

    def run(self: events.Handle) -> None:
        callback = getattr(self, "_callback", None)
        owner = getattr(callback, "__self__", None)
        coro = getattr(owner, "get_coro", None)
        label = getattr(callback, "__qualname__", repr(callback))
        if coro is not None:
            label = getattr(coro(), "__qualname__", label)
        started = time.perf_counter()
        original(self)
        took = (time.perf_counter() - started) * 1000
        _last_handle[0] += f" [{label} {took:.0f} ms]" if took >= 2 else ""

    events.Handle._run = run  # type: ignore[method-assign]


# ----------------------------------------------------------------------------- data


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _markdown(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        kind = rng.random()
        if kind < 0.1:
            block = f"## {_sentence(rng, 4)}"
        elif kind < 0.2:
            body = "\n".join(
                f"    value_{i} = compute({i}, {rng.randint(1, 99)})" for i in range(8)
            )
            block = f"```python\ndef step():\n{body}\n    return value_0\n```"
        elif kind < 0.3:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} |" for _ in range(5))
            block = f"| name | count |\n|---|---|\n{rows}"
        elif kind < 0.45:
            block = "\n".join(f"- {_sentence(rng, 8)}" for _ in range(4))
        else:
            block = " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(4))
        parts.append(block)
        total += len(block) + 2
    return "\n\n".join(parts)[:size]


def _template(store: Any, pairs: int) -> dict[str, Any]:
    from desktop_app.store import user_steps

    conv = store.create_conversation("template")
    for i in range(pairs):
        store.append_message(conv.id, "user", steps=user_steps(f"q{i}"))
        store.append_message(conv.id, "model", text=f"a{i}")
    document = store.export_json(conv.id)
    store.delete_conversation(conv.id)
    return dict(document)


def _fill(document: dict[str, Any], title: str, texts: list[str]) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    doc["conversation"]["title"] = title
    for message, text in zip(doc["messages"], texts, strict=True):
        message["text"] = text
        if message["role"] == "user":
            message["steps"] = [{"type": "user_input", "content": [{"type": "text", "text": text}]}]
        else:
            message["steps"] = [
                {"type": "model_output", "content": [{"type": "text", "text": text}]}
            ]
    return doc


def build_history(db_path: Path, messages: int) -> None:
    """Many 50-message conversations through the store's public import, once."""
    from desktop_app.store import HistoryStore

    per_conv = 50
    conversations = max(1, messages // per_conv)
    rng = random.Random(7)
    started = time.perf_counter()
    with HistoryStore.open(db_path) as store:
        template = _template(store, per_conv // 2)
        for i in range(conversations):
            texts = [
                _sentence(rng, rng.randint(6, 14))
                if k % 2 == 0
                else " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 6)))
                for k in range(per_conv)
            ]
            store.import_json(_fill(template, _sentence(rng, 4)[:50], texts))
            if (i + 1) % 1000 == 0:
                rate = (i + 1) / (time.perf_counter() - started)
                print(f"  built {i + 1}/{conversations} conversations ({rate:.0f}/s)", flush=True)
        long_template = _template(store, 40)
        for name in ("Long conversation A", "Long conversation B"):
            # 80 messages of ~5 KB: ~400 KB of Markdown, ~100k tokens.
            texts = [
                _sentence(rng, 12) if k % 2 == 0 else _markdown(rng, 10_000) for k in range(80)
            ]
            store.import_json(_fill(long_template, name, texts))


# ----------------------------------------------------------------------------- emulator


@contextmanager
def emulator() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_gemini", "--port", "0", "--no-validate"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if not match:
            raise RuntimeError(f"emulator did not start: {line!r}")
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


# ----------------------------------------------------------------------------- run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--upload-mb", type=int, default=500)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--trace", action="store_true", help="sample stacks during stalls")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the answers phase and print the costliest Gemdesk functions",
    )
    parser.add_argument(
        "--events",
        action="store_true",
        help="log every top-level Qt event (and asyncio callback) slower than --trace-ms",
    )
    parser.add_argument(
        "--trace-ms", type=float, default=30.0, help="--trace: sample gaps longer than this"
    )
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="override sys.setswitchinterval (seconds) to compare GIL settings",
    )
    parser.add_argument(
        "--only", default="", help="comma list of phases: stream,upload,search,switch,answers"
    )
    args = parser.parse_args()

    cache = Path(tempfile.gettempdir()) / f"gemdesk-bench-ui-{args.messages}"
    db_path = cache / "history.sqlite3"
    if not (cache / "done").exists():
        print(f"building a history of {args.messages:,} messages in {cache} (cached)…")
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob("history.sqlite3*"):
            stale.unlink()
        build_history(db_path, args.messages)
        (cache / "done").write_text("ok")

    work = Path(tempfile.mkdtemp(prefix="gemdesk-bench-ui-"))
    from desktop_app import paths

    paths.set_base_dir(work / "profile")
    profile_db = paths.database_path()
    profile_db.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(db_path, profile_db)
        with emulator() as base_url:
            return run(args, base_url, work)
    finally:
        # The profile holds a copy of the history and the stored upload (~0.9 GB).
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, base_url: str, work: Path) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from desktop_app.api.client import GeminiClient
    from desktop_app.core.engine import Engine
    from desktop_app.store import HistoryStore
    from desktop_app.ui.composer import DraftStore
    from desktop_app.ui.controller import install_asyncgen_hooks
    from desktop_app.ui.gui_gc import GuiThreadCollector
    from desktop_app.ui.main_window import MainWindow

    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    print(f"GIL switch interval {sys.getswitchinterval() * 1000:.2f} ms")
    app = QApplication.instance() or (
        _timed_application([sys.argv[0]]) if args.events else QApplication([sys.argv[0]])
    )
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    install_asyncgen_hooks(loop)
    # The app's garbage-collection policy (desktop_app/ui/shell.py does the same).
    collector = GuiThreadCollector(app)
    store = HistoryStore.open()
    client = GeminiClient("bench-key", base_url=base_url)
    engine = Engine(store, client, generate_titles=False)
    engine.inline_image_limit = 0
    window = MainWindow(store=store, engine=engine, drafts=DraftStore())
    window.resize(1100, 750)
    window.show()
    probe = StallProbe()
    tracer = StallTracer(probe, args.trace_ms) if args.trace else None
    if args.events:
        setattr(type(app), "threshold_ms", args.trace_ms)  # noqa: B010
        _name_handles()

    only = set(args.only.split(",")) if args.only else None

    def wanted(name: str) -> bool:
        return only is None or name in only

    async def wait_until(predicate: Callable[[], bool]) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("benchmark step did not finish")
            await asyncio.sleep(0.005)

    async def next_input() -> None:
        """Dropping a file, typing and pressing Enter are separate input events: the
        loop turns between them (as it does between a user's actions; the probe
        measures each handler on its own, not three glued into one callback)."""
        await asyncio.sleep(0)

    async def send(text: str, attachments: list[Path] | None = None) -> None:
        await next_input()
        if attachments:
            window.composer.add_files(attachments)
            await next_input()
        window.composer.set_text(text)
        await next_input()
        window.composer.submit()
        await asyncio.sleep(0.01)
        await wait_until(
            lambda: not window.controller.busy_conversations() and not window.is_painting()
        )

    async def scenario() -> int:
        """Every phase inside one running loop, as in the app (shell.py runs one
        ``run_until_complete`` for the whole session). Calling ``run_until_complete``
        per step would be wrong: qasync processes pending Qt events once more after
        each run, with no running loop, and a task stepped there fails with "no
        running event loop" (e.g. the upload's ``asyncio.to_thread`` between chunks)."""
        print(f"history: {store.count_conversations():,} conversations")
        await asyncio.sleep(0.5)
        await wait_until(lambda: gc.get_freeze_count() > 0)  # start-up has settled
        with probe.phase("idle (baseline)"):
            await asyncio.sleep(2.0)

        window.new_chat()
        with probe.phase("stream a 100 KB answer") if wanted("stream") else nullcontext():
            await send("/markdown 102400")
        answer = window.last_answer_text()
        print(f"    streamed {len(answer):,} characters")

        big = work / "big.pdf"
        upload_mb = args.upload_mb if wanted("upload") else 1
        with big.open("wb") as fh:
            fh.write(b"%PDF-1.4\n% benchmark\n")
            fh.truncate(upload_mb * 1024 * 1024)
        window.new_chat()
        progress: list[float] = []
        window.controller.upload_progress.connect(lambda _c, _n, f: progress.append(f))
        with probe.phase(f"upload a {upload_mb} MB file") if wanted("upload") else nullcontext():
            await send("Summarise the attached file.", [big])
        print(f"    {len(progress)} progress updates, last {progress[-1] if progress else 0:.2f}")
        big.unlink()

        if wanted("search"):
            queries = [
                "güneş",
                "lighthouse harbour",
                "istanbul",
                "ılık deniz",
                "kernel vector orbit",
            ]
            finished: list[int] = []
            window.sidebar.search.searched.connect(lambda _q, n: finished.append(n))
            with probe.phase(f"search {args.messages:,} messages"):
                for query in queries:
                    # Typed as a user would (debounced live search), then the search run again.
                    finished.clear()
                    window.sidebar.search.line_edit.setText(query)
                    await wait_until(lambda: bool(finished))
                    finished.clear()
                    window.sidebar.search.search_now()
                    await wait_until(lambda: bool(finished))
            window.sidebar.search.clear()

        if wanted("switch"):
            long_ids = [
                c.id
                for c in store.list_conversations(limit=10_000)
                if c.title.startswith("Long conversation")
            ][:2]
            loaded: list[int] = []
            window.conversation_loaded.connect(loaded.append)
            with probe.phase("switch two 100k-token conversations"):
                for i in range(6):
                    target = long_ids[i % 2]
                    loaded.clear()
                    window.open_conversation(target)
                    await wait_until(lambda t=target: t in loaded)  # type: ignore[misc]
                    await asyncio.sleep(0.3)  # let lazy layout and painting finish
            print(f"    shown messages per conversation: {len(window.shown_messages())}")

        answers = args.answers if wanted("answers") else 0
        warmup = min(10, answers)
        rss_start = 0
        profiler = cProfile.Profile() if args.profile else None
        with probe.phase(f"stream {answers} answers") if answers else nullcontext():
            if profiler is not None:
                profiler.enable()
            for i in range(answers):
                window.new_chat()
                await send(f"/markdown {1500 + (i % 5) * 300}")
                if i + 1 == warmup:
                    gc.collect()
                    rss_start = rss_bytes()
            if profiler is not None:
                profiler.disable()
                stats = pstats.Stats(profiler)
                stats.sort_stats("cumulative").print_stats("desktop_app|PySide6|qasync", 45)
                stats.print_callees("_on_turn_started|_on_send_requested|new_chat")
        gc.collect()
        await asyncio.sleep(0.5)
        if not answers:
            return 0
        rss_end = rss_bytes()
        growth = rss_end - rss_start
        print(
            f"  RSS after {warmup} answers {rss_start / 2**20:.1f} MB, after {answers}: "
            f"{rss_end / 2**20:.1f} MB, growth {growth / 2**20:+.1f} MB"
        )
        return growth

    growth = loop.run_until_complete(scenario())

    window.close()
    loop.run_until_complete(window.controller.wait_idle())
    loop.run_until_complete(client.aclose())
    store.close()
    probe.timer.stop()
    collector.stop()
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()  # joins qasync's executor threads (else Qt aborts at exit)

    if tracer is not None:
        tracer.report()
    slow_events = getattr(type(app), "log", None)
    if slow_events is not None:
        print(f"\nslowest top-level Qt events (≥ {args.trace_ms:.0f} ms):")
        for took, what in sorted(slow_events, key=lambda kv: -kv[0])[:25]:
            print(f"  {took:6.1f} ms  {what}")
        timeline = getattr(type(app), "timeline", [])
        print("\nthe longest probe gaps and the events of 1 ms or more that filled them:")
        for end, gap, phase in sorted(probe.long_gaps, key=lambda g: -g[1])[:10]:
            print(f"  {gap:5.1f} ms in [{phase}]")
            start = end - (gap + PROBE_MS) / 1000
            for event_end, took, cpu, what in timeline:
                if start - 0.001 <= event_end <= end + 0.001:
                    print(f"      {took:5.1f} ms (cpu {cpu:4.1f})  {what}")
    baseline = probe.results["idle (baseline)"][0]
    print("\nsummary (max stall, ratio to idle baseline):")
    failures: list[str] = []
    for name, (worst, _p99, _n) in probe.results.items():
        ratio = worst / baseline if baseline > 0 else float("inf")
        print(f"  {name:<34} {worst:7.1f} ms  ×{ratio:5.1f}")
        if worst >= STALL_LIMIT_MS:
            failures.append(f"{name}: {worst:.1f} ms ≥ {STALL_LIMIT_MS:.0f} ms")
    if growth >= RSS_GROWTH_LIMIT:
        failures.append(f"RSS growth {growth / 2**20:.1f} MB ≥ 30 MB")
    if args.check and failures:
        print("\nCHECK FAILED:\n  " + "\n  ".join(failures))
        return 1
    if args.check:
        print("\ncheck passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
