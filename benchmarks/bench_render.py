"""Streaming a long answer into the transcript, against the limit and two naive ways.

Offscreen Qt. A Markdown answer (headings, lists, code fences, a table, Turkish
text) is streamed as ~3,000 deltas of 5–40 characters per 60 KB, one delta per
millisecond at most (~25 KB/s, faster than any model streams), with the event
loop run after every delta, into:

- the limit: plain text appended to a QTextEdit with ``QTextCursor.insertText``;
- naive 1: ``QTextEdit.setMarkdown(whole text)`` per delta;
- naive 2: markdown-it + pygments → ``setHtml(whole text)`` per delta;
- ours: the real ``TranscriptView`` (``append_delta``, ≤ 1 render per 16 ms).

Every way runs in its own process, so each peak RSS is its own. Ours and the
limit are repeated at 15, 60 and 240 KB (median of ``--runs`` interleaved runs);
the naive ways are quadratic and run once, at 60 KB (~1.5 and ~3 minutes of CPU)
— or, with ``--quick``, on a 15 KB prefix with the 60 KB figure extrapolated
(×16, quadratic), which the output says.

A second part opens a ~100k-token conversation in the transcript (time to the
first painted frame, RSS above idle) and scrolls it from the end to the start.

``--check`` asserts: at 60 KB ours ≤ 3× the limit's CPU and ≥ 20× faster than
the faster naive way; ours' worst single update < 16 ms (the main thread's CPU
time, median over runs of each run's worst: wall time is printed too, but on
shared cores it mostly measures other processes); ours' CPU per KB at 240 KB
≤ 1.2× that at 15 KB; the long conversation opens in < 300 ms and costs
< 100 MB above idle.

    python benchmarks/bench_render.py [--quick] [--runs N] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES_KB = (15, 60, 240)
NAIVE_KB = 60
QUICK_PREFIX_KB = 15
WINDOW = (900, 700)
# One delta per millisecond at most: ~25 KB/s, several times a fast model's rate.
PACE_S = 0.001

TURKISH = (
    "Çalışma ağacındaki değişiklikleri gözden geçirdikten sonra, ığdır ve şırnak "
    "örneklerinde gösterildiği gibi, büyük-küçük harf dönüşümü İ/ı ve I/i için "
    "özel kurallar gerektirir. Öğrenciler ödevlerini çoğunlukla akşamüstü teslim eder. "
)
PYTHON = '''def fibonacci(n: int) -> list[int]:
    """Return the first n Fibonacci numbers."""
    numbers = [0, 1]
    while len(numbers) < n:
        numbers.append(numbers[-1] + numbers[-2])
    return numbers[:n]


class Cache(dict):
    def __missing__(self, key):
        value = self[key] = fibonacci(key)
        return value
'''
JAVASCRIPT = """async function fetchAll(urls) {
  const results = await Promise.all(urls.map((u) => fetch(u).then((r) => r.json())));
  return results.filter(Boolean).map(({ id, name }) => `${id}: ${name}`);
}
"""
BASH = """set -euo pipefail
for file in *.log; do
  grep -c "ERROR" "$file" || true
done | sort -n | tail -5
"""
JSON = """{
  "model": "gemini-3-flash-preview",
  "generation_config": {"temperature": 0.7, "thinking_level": "low"},
  "tools": [{"type": "google_search"}]
}
"""
CODE = (("python", PYTHON), ("javascript", JAVASCRIPT), ("bash", BASH), ("json", JSON))


def make_answer(kb: int) -> str:
    """A deterministic Markdown answer of about *kb* kilobytes (UTF-8)."""
    parts: list[str] = []
    size = 0
    section = 0
    while size < kb * 1024:
        section += 1
        language, code = CODE[section % len(CODE)]
        chunk = [
            f"## {section}. Bölüm: ayrıntılar ve örnekler\n\n",
            TURKISH * 2 + "**Önemli:** `değer` ve *vurgu* ile ~~eski~~ yeni.\n\n",
            "- Birinci madde, kısa bir açıklama\n- İkinci madde: [bağlantı](https://example.com/x)\n"
            "  - iç içe madde\n- Üçüncü madde\n\n",
        ]
        if section % 2 == 0:
            chunk.append(f"```{language}\n{code}```\n\n")
        if section % 6 == 3:
            rows = "".join(
                f"| satır {i} | {i * 7} | {'evet' if i % 2 else 'hayır'} |\n" for i in range(8)
            )
            chunk.append("| Ad | Değer | Durum |\n|:--|--:|:-:|\n" + rows + "\n")
        if section % 4 == 1:
            chunk.append("> Alıntı: " + TURKISH + "\n\n1. bir\n2. iki\n3. üç\n\n")
        text = "".join(chunk)
        parts.append(text)
        size += len(text.encode())
    return "".join(parts)


def make_deltas(text: str, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    deltas = []
    i = 0
    while i < len(text):
        n = rnd.randint(5, 40)
        deltas.append(text[i : i + n])
        i += n
    return deltas


# -- child process: one measurement ---------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _summary(cpu: float, wall: float, updates: list[float], kb: float) -> dict[str, Any]:
    ordered = sorted(updates)
    return {
        "cpu_s": cpu,
        "wall_s": wall,
        "kb": kb,
        "updates": len(updates),
        "p50_ms": 1000 * ordered[len(ordered) // 2],
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "max_ms": 1000 * ordered[-1],
        "peak_rss_mb": _peak_rss_mb(),
    }


def child_stream(way: str, kb: int, prefix_kb: int | None) -> dict[str, Any]:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication, QTextEdit

    app = QApplication.instance() or QApplication([])
    text = make_answer(kb)
    if prefix_kb is not None:
        text = text[: prefix_kb * 1024]
    deltas = make_deltas(text)

    if way == "ours":
        from desktop_app.render import warm_lexers, warm_renderers
        from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView

        view = TranscriptView()
        view.resize(*WINDOW)
        view.show()
        view.set_messages([TranscriptMessage(id="q", role="user", text="Bir soru?")])
        app.processEvents()
        warm_renderers()  # what the view does when idle after the first paint
        warm_lexers()
        view.append_message(TranscriptMessage(id="a", role="model", status=MessageStatus.STREAMING))
        app.processEvents()

        def feed(delta: str) -> None:
            view.append_delta("a", delta)

        def finish() -> None:
            view.flush_pending()
            view.finish_message("a", MessageStatus.COMPLETE)

        def shown() -> str:
            widget = view.message_widget("a")
            assert widget is not None
            return widget.plain_text()
    else:
        edit = QTextEdit()
        edit.setReadOnly(True)
        edit.resize(*WINDOW)
        edit.show()
        app.processEvents()
        received: list[str] = []
        if way == "limit":
            cursor = QTextCursor(edit.document())

            def feed(delta: str) -> None:
                cursor.insertText(delta)
        elif way == "naive_markdown":

            def feed(delta: str) -> None:
                received.append(delta)
                edit.setMarkdown("".join(received))
        elif way == "naive_html":
            from desktop_app.render.markdown import render_markdown

            def feed(delta: str) -> None:
                received.append(delta)
                edit.document().setHtml(render_markdown("".join(received)))
        else:
            raise SystemExit(f"unknown way {way}")

        def finish() -> None:
            pass

        def shown() -> str:
            return edit.toPlainText()

    app.processEvents()
    updates: list[float] = []
    update_cpu: list[float] = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    due = wall0
    for delta in deltas:
        start, start_cpu = time.perf_counter(), time.thread_time()
        feed(delta)
        app.processEvents()  # timers that came due (our 16 ms render) run here
        end = time.perf_counter()
        updates.append(end - start)
        update_cpu.append(time.thread_time() - start_cpu)
        # Deltas arrive PACE_S apart (or as soon as the previous one is done);
        # sleeping, not spinning, so idle time costs no CPU.
        due = max(due + PACE_S, end)
        time.sleep(max(0.0, due - time.perf_counter()))
    start, start_cpu = time.perf_counter(), time.thread_time()
    finish()
    app.processEvents()
    updates.append(time.perf_counter() - start)
    update_cpu.append(time.thread_time() - start_cpu)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    result = _summary(cpu, wall, updates, len(text.encode()) / 1024)
    ordered_cpu = sorted(update_cpu)
    result["cpu_p99_ms"] = 1000 * ordered_cpu[int(len(ordered_cpu) * 0.99)]
    result["cpu_max_ms"] = 1000 * ordered_cpu[-1]
    result["deltas"] = len(deltas)
    result["shown_chars"] = len(shown())
    return result


def _idle(app: Any, seconds: float) -> None:
    """Run the event loop for *seconds* without spinning."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    del app


def make_conversation(tokens: int = 100_000) -> list[tuple[str, str]]:
    """(role, text) pairs worth about *tokens* tokens (≈ 4 characters each)."""
    answer_sizes = (1, 2, 3, 5, 8)
    messages: list[tuple[str, str]] = []
    chars = 0
    turn = 0
    while chars < tokens * 4:
        question = f"Soru {turn}: " + TURKISH[: 60 + (turn * 37) % 200]
        answer = make_answer(answer_sizes[turn % len(answer_sizes)])
        messages += [("user", question), ("model", answer)]
        chars += len(question) + len(answer)
        turn += 1
    return messages


def child_long() -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from desktop_app.ui.transcript import TranscriptMessage, TranscriptView

    view = TranscriptView()
    view.resize(*WINDOW)
    view.show()
    view.set_messages([TranscriptMessage(id=-1, role="user", text="warm-up")])
    app.processEvents()
    view.clear()
    app.processEvents()
    pairs = make_conversation()
    messages = [
        TranscriptMessage(id=index, role=role, text=text)
        for index, (role, text) in enumerate(pairs)
    ]
    idle_rss = _rss_mb()
    cpu0, start = time.process_time(), time.perf_counter()
    view.set_messages(messages)
    app.processEvents()  # lays out and paints the first frame
    open_s = time.perf_counter() - start
    open_cpu = time.process_time() - cpu0
    opened_rss = _rss_mb()
    _idle(app, 2.0)  # the user reads for a moment; the view warms lexers meanwhile

    from PySide6.QtWidgets import QScrollArea

    scroll = view.findChild(QScrollArea, "transcriptScroll")
    assert scroll is not None
    scrollbar = scroll.verticalScrollBar()
    step = max(1, scroll.viewport().height() // 3)
    steps: list[float] = []
    steps_cpu: list[float] = []
    while scrollbar.value() > scrollbar.minimum():
        t0, c0 = time.perf_counter(), time.thread_time()
        scrollbar.setValue(scrollbar.value() - step)
        app.processEvents()
        steps.append(time.perf_counter() - t0)
        steps_cpu.append(time.thread_time() - c0)
        _idle(app, 0.016)  # one scroll step per frame
    ordered = sorted(steps) or [0.0]
    ordered_cpu = sorted(steps_cpu) or [0.0]
    return {
        "messages": len(messages),
        "chars": sum(len(m.text) for m in messages),
        "open_ms": 1000 * open_s,
        "open_cpu_ms": 1000 * open_cpu,
        "rss_above_idle_mb": opened_rss - idle_rss,
        "rss_after_scroll_above_idle_mb": _rss_mb() - idle_rss,
        "scroll_steps": len(steps),
        "scroll_p50_ms": 1000 * ordered[len(ordered) // 2],
        "scroll_p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "scroll_max_ms": 1000 * ordered[-1],
        "scroll_cpu_p99_ms": 1000
        * ordered_cpu[min(len(ordered_cpu) - 1, int(len(ordered_cpu) * 0.99))],
        "scroll_cpu_max_ms": 1000 * ordered_cpu[-1],
    }


# -- parent: orchestration and report -----------------------------------------------


def run_child(*args: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("cpu_s", "wall_s", "p50_ms", "p99_ms", "max_ms", "cpu_p99_ms", "cpu_max_ms")
    keys += ("peak_rss_mb",)
    merged = dict(runs[0])
    for key in keys:
        merged[key] = statistics.median(run[key] for run in runs)
    merged["max_ms_worst_run"] = max(run["max_ms"] for run in runs)
    return merged


def row(label: str, r: dict[str, Any], limit_cpu: float | None = None) -> str:
    ratio = f"{r['cpu_s'] / limit_cpu:6.1f}×" if limit_cpu else "       "
    return (
        f"{label:<34} {r['kb']:6.0f} KB {r['cpu_s']:8.2f} s {ratio}  "
        f"p50 {r['p50_ms']:6.2f}  p99 {r['p99_ms']:6.2f}  max {r['max_ms']:7.2f} ms wall  "
        f"(p99 {r['cpu_p99_ms']:5.2f}  max {r['cpu_max_ms']:6.2f} ms CPU)  "
        f"peak RSS {r['peak_rss_mb']:5.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="assert the targets")
    parser.add_argument("--quick", action="store_true", help="naive ways on a prefix, extrapolated")
    parser.add_argument(
        "--runs", type=int, default=3, help="interleaved runs of ours and the limit"
    )
    parser.add_argument("--skip-naive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        sys.path.insert(0, str(ROOT))
        if args.child[0] == "long":
            result = child_long()
        else:
            way, kb = args.child[0], int(args.child[1])
            prefix = int(args.child[2]) if len(args.child) > 2 else None
            result = child_stream(way, kb, prefix)
        print(json.dumps(result))
        return 0

    text = make_answer(60)
    print(
        f"answer: {len(text.encode()) / 1024:.0f} KB, {len(make_deltas(text))} deltas of 5–40 "
        f"chars, {text.count('```') // 2} code fences, {text.count('| Ad |')} tables; "
        f"≥ {PACE_S * 1000:g} ms apart, event loop run after every delta; "
        f"{args.runs} interleaved runs (medians)"
    )
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for _ in range(args.runs):
        for kb in SIZES_KB:
            for way in ("limit", "ours"):
                results.setdefault((way, kb), []).append(run_child(way, str(kb)))
    med = {key: median_of(runs) for key, runs in results.items()}

    print(
        "\nstreaming                            size   CPU total  × limit  per update: wall "
        "time, and the main thread's CPU time (other processes' load excluded)"
    )
    for kb in SIZES_KB:
        limit = med[("limit", kb)]
        print(row("limit: insertText", limit, limit["cpu_s"]))
        print(row("ours: TranscriptView", med[("ours", kb)], limit["cpu_s"]))

    naive: dict[str, dict[str, Any]] = {}
    if not args.skip_naive:
        for way, label in (
            ("naive_markdown", "naive: setMarkdown(whole)"),
            ("naive_html", "naive: markdown-it→setHtml(whole)"),
        ):
            if args.quick:
                measured = run_child(way, str(NAIVE_KB), str(QUICK_PREFIX_KB))
                factor = (NAIVE_KB / QUICK_PREFIX_KB) ** 2
                naive[way] = dict(measured, cpu_s=measured["cpu_s"] * factor, kb=NAIVE_KB)
                print(
                    row(label, measured, med[("limit", NAIVE_KB)]["cpu_s"] / factor**0.5)
                    + f"  (measured on a {QUICK_PREFIX_KB} KB prefix)"
                )
                print(
                    f"{'':<34} {NAIVE_KB:6.0f} KB {naive[way]['cpu_s']:8.2f} s "
                    f"{naive[way]['cpu_s'] / med[('limit', NAIVE_KB)]['cpu_s']:6.1f}×  "
                    f"EXTRAPOLATED ×{factor:.0f} (quadratic), not measured"
                )
            else:
                naive[way] = run_child(way, str(NAIVE_KB))
                print(row(label, naive[way], med[("limit", NAIVE_KB)]["cpu_s"]))

    long = run_child("long")
    print(
        f"\nlong conversation: {long['messages']} messages, {long['chars'] / 1024:.0f} KB "
        f"(≈{long['chars'] // 4:,} tokens): opened and painted in {long['open_ms']:.0f} ms "
        f"({long['open_cpu_ms']:.0f} ms CPU), {long['rss_above_idle_mb']:.1f} MB above idle "
        f"({long['rss_after_scroll_above_idle_mb']:.1f} MB after scrolling through); "
        f"scrolled end→start in {long['scroll_steps']} steps: p50 {long['scroll_p50_ms']:.1f} "
        f"p99 {long['scroll_p99_ms']:.1f} max {long['scroll_max_ms']:.1f} ms wall, "
        f"p99 {long['scroll_cpu_p99_ms']:.1f} max {long['scroll_cpu_max_ms']:.1f} ms CPU"
    )

    ours60, limit60 = med[("ours", 60)], med[("limit", 60)]
    per_kb = {kb: med[("ours", kb)]["cpu_s"] / med[("ours", kb)]["kb"] for kb in SIZES_KB}
    worst = max(med[("ours", kb)]["max_ms"] for kb in SIZES_KB)
    worst_cpu = max(med[("ours", kb)]["cpu_max_ms"] for kb in SIZES_KB)
    checks = [
        (
            f"ours ≤ 3× the limit's CPU at 60 KB ({ours60['cpu_s'] / limit60['cpu_s']:.2f}×)",
            ours60["cpu_s"] <= 3 * limit60["cpu_s"],
        ),
        (
            f"worst single update of ours < 16 ms of main-thread CPU ({worst_cpu:.1f} ms; "
            f"wall {worst:.1f} ms incl. time other processes held the shared cores)",
            worst_cpu < 16,
        ),
        (
            f"CPU per KB at 240 KB ≤ 1.2× that at 15 KB ({per_kb[240] / per_kb[15]:.2f}×)",
            per_kb[240] <= 1.2 * per_kb[15],
        ),
        (f"long conversation opens in < 300 ms ({long['open_ms']:.0f} ms)", long["open_ms"] < 300),
        (
            f"long conversation < 100 MB above idle ({long['rss_above_idle_mb']:.1f} MB)",
            long["rss_above_idle_mb"] < 100,
        ),
    ]
    if naive:
        fastest = min(r["cpu_s"] for r in naive.values())
        note = " (extrapolated)" if args.quick else ""
        checks.insert(
            1,
            (
                f"ours ≥ 20× faster than the faster naive way{note} "
                f"({fastest / ours60['cpu_s']:.0f}×)",
                fastest >= 20 * ours60["cpu_s"],
            ),
        )
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if args.check and not all(ok for _, ok in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
