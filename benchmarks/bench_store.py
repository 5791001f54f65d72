"""History store benchmark: SQLite store vs one JSON file per conversation.

Builds a synthetic history (default 10,000 conversations x 50 messages, realistic
lengths, ~20 % Turkish), then measures in the same run, for the store and for
a naive baseline that keeps each conversation in its own JSON file:

* open the store;
* list the first 100 conversations (pinned first, then last activity);
* open one 50-message conversation;
* full-text search, top 50;
* append a message.

``--check`` asserts: list < 20 ms, open < 20 ms, search < 50 ms (median over the
query set), append p99 < 5 ms, and list and search each >= 10x faster than the
baseline.  ``--conversations N`` makes a quick run; ``--dir D`` keeps (and with
``--reuse``, reuses) the generated data.

    python benchmarks/bench_store.py [--conversations 10000] [--check]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.store import HistoryStore
from desktop_app.store._folding import fold_for_index

ENGLISH = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "this",
    "are",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "you",
    "one",
    "were",
    "all",
    "we",
    "when",
    "your",
    "can",
    "there",
    "use",
    "each",
    "how",
    "said",
    "if",
    "will",
    "about",
    "many",
    "then",
    "them",
    "these",
    "so",
    "some",
    "would",
    "make",
    "like",
    "into",
    "time",
    "has",
    "look",
    "two",
    "more",
    "write",
    "see",
    "number",
    "way",
    "could",
    "people",
    "than",
    "first",
    "water",
    "been",
    "call",
    "who",
    "oil",
    "its",
    "now",
    "find",
    "long",
    "down",
    "day",
    "did",
    "get",
    "come",
    "made",
    "may",
    "part",
    "function",
    "python",
    "error",
    "server",
    "request",
    "response",
    "model",
    "token",
    "stream",
    "database",
    "query",
    "index",
    "cache",
    "memory",
    "thread",
    "async",
    "await",
    "window",
    "widget",
    "button",
    "layout",
    "file",
    "upload",
    "download",
    "image",
    "video",
    "audio",
    "network",
    "socket",
    "timeout",
    "retry",
    "header",
    "json",
    "schema",
    "migration",
    "backup",
    "restore",
    "config",
    "setting",
    "preference",
    "keyboard",
    "shortcut",
    "theme",
    "dark",
    "light",
    "kubernetes",
    "docker",
    "container",
    "cluster",
    "deploy",
    "pipeline",
    "commit",
    "branch",
    "merge",
    "rebase",
    "review",
    "recipe",
    "travel",
    "budget",
    "invoice",
    "contract",
    "meeting",
    "agenda",
    "summary",
    "translate",
    "explain",
    "example",
    "algorithm",
    "complexity",
    "recursion",
    "graph",
    "tree",
    "sort",
    "search",
    "binary",
    "hash",
    "table",
    "vector",
    "matrix",
]
TURKISH = [
    "ve",
    "bir",
    "bu",
    "da",
    "için",
    "ile",
    "çok",
    "daha",
    "gibi",
    "olarak",
    "sonra",
    "kadar",
    "ancak",
    "şimdi",
    "güneş",
    "ılık",
    "hava",
    "deniz",
    "İstanbul",
    "İzmir",
    "Ankara",
    "yağmur",
    "rüzgâr",
    "kahve",
    "çay",
    "şeker",
    "çiçek",
    "ağaç",
    "göl",
    "dağ",
    "öğrenci",
    "öğretmen",
    "kitap",
    "defter",
    "kalem",
    "bilgisayar",
    "yazılım",
    "sunucu",
    "veritabanı",
    "sorgu",
    "dizin",
    "önbellek",
    "bellek",
    "iş",
    "parçacığı",
    "pencere",
    "düğme",
    "dosya",
    "yükleme",
    "indirme",
    "görüntü",
    "ses",
    "ağ",
    "zaman",
    "aşımı",
    "başlık",
    "şema",
    "taşıma",
    "yedek",
    "geri",
    "yükleme",
    "ayar",
    "tercih",
    "klavye",
    "kısayol",
    "tema",
    "karanlık",
    "aydınlık",
    "ılıman",
    "güzel",
    "büyük",
    "küçük",
    "yeni",
    "eski",
    "hızlı",
    "yavaş",
    "doğru",
    "yanlış",
    "soru",
    "cevap",
    "örnek",
    "açıklama",
    "çeviri",
    "özet",
    "toplantı",
    "gündem",
    "sözleşme",
    "fatura",
    "bütçe",
    "seyahat",
    "tarif",
    "Iğdır",
    "Şanlıurfa",
    "Muğla",
]
SYLLABLES = [
    "ka",
    "le",
    "mo",
    "ri",
    "tu",
    "pa",
    "ne",
    "si",
    "vo",
    "da",
    "lu",
    "ke",
    "ma",
    "ro",
    "bi",
    "te",
    "no",
    "sa",
    "fe",
    "gu",
]


def _vocabulary(rng: random.Random, base: list[str], size: int) -> list[str]:
    words = list(dict.fromkeys(base))
    while len(words) < size:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return words


def _sentences(rng: random.Random, vocab: list[str], count: int) -> list[str]:
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]  # Zipf
    cum = list(_accumulate(weights))
    out = []
    for _ in range(count):
        words = rng.choices(vocab, cum_weights=cum, k=rng.randint(6, 18))
        out.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
    return out


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


class Generator:
    """Deterministic synthetic conversations (plain dicts, shared by both stores)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.en = _sentences(rng, _vocabulary(rng, ENGLISH, 20_000), 60_000)
        self.tr = _sentences(rng, _vocabulary(rng, TURKISH, 8_000), 30_000)
        self.signature = base64.b64encode(rng.randbytes(180)).decode()

    def text(self, pool: list[str], chars: int) -> str:
        parts: list[str] = []
        size = 0
        while size < chars:
            s = self.rng.choice(pool)
            parts.append(s)
            size += len(s) + 1
        return " ".join(parts)

    def conversation(self, index: int, messages: int, now_ms: int) -> dict[str, Any]:
        rng = self.rng
        pool = self.tr if rng.random() < 0.2 else self.en
        start = now_ms - rng.randint(0, 730 * 86_400_000)
        t = start
        msgs = []
        for i in range(messages):
            t += rng.randint(5_000, 600_000)
            if i % 2 == 0:
                text = self.text(pool, int(rng.lognormvariate(5.0, 0.8)) + 10)
                steps: list[dict[str, Any]] = [
                    {"type": "user_input", "content": [{"type": "text", "text": text}]}
                ]
                role = "user"
            else:
                text = self.text(pool, int(rng.lognormvariate(6.6, 0.7)) + 40)
                steps = [
                    {
                        "type": "thought",
                        "signature": self.signature,
                        "summary": [{"type": "text", "text": self.text(pool, 120)}],
                    },
                    {"type": "model_output", "content": [{"type": "text", "text": text}]},
                ]
                role = "model"
            msgs.append({"role": role, "steps": steps, "text": text, "created": t})
        return {
            "title": self.text(pool, 30)[:60],
            "pinned": rng.random() < 0.02,
            "archived": rng.random() < 0.05,
            "folder": rng.randrange(8) if rng.random() < 0.3 else None,
            "created": start,
            "updated": t,
            "model": "gemini-3-flash-preview",
            "messages": msgs,
        }


# --------------------------------------------------------------------------- build


def build(root: Path, conversations: int, messages: int, seed: int) -> None:
    gen = Generator(seed)
    now = 1_790_000_000_000
    db_path = root / "store" / "history.sqlite3"
    json_dir = root / "json"
    json_dir.mkdir(parents=True)
    store = HistoryStore.open(db_path)
    conn = store._db.conn  # bulk load: one executemany per batch, in one transaction each
    folder_ids = [store.create_folder(f"Folder {i}").id for i in range(8)]
    settings = json.dumps({"model": "gemini-3-flash-preview", "stateful": True})
    started = time.perf_counter()
    next_mid = 1
    batch = 250
    for first in range(0, conversations, batch):
        convs, msgs, fts, files = [], [], [], []
        for cid in range(first + 1, min(first + batch, conversations) + 1):
            conv = gen.conversation(cid, messages, now)
            parent = None
            for m in conv["messages"]:
                steps_json = json.dumps(m["steps"], ensure_ascii=False, separators=(",", ":"))
                thoughts = m["steps"][0].get("summary", [{}])[0].get("text", "")
                msgs.append(
                    (
                        next_mid,
                        cid,
                        parent,
                        m["role"],
                        steps_json,
                        m["text"],
                        thoughts if m["role"] == "model" else "",
                        "complete",
                        m["created"],
                        m["created"],
                    )
                )
                fts.append((next_mid, "", fold_for_index(m["text"])))
                parent = next_mid
                next_mid += 1
            folder = None if conv["folder"] is None else folder_ids[conv["folder"]]
            convs.append(
                (
                    cid,
                    conv["title"],
                    folder,
                    int(conv["pinned"]),
                    int(conv["archived"]),
                    conv["created"],
                    conv["updated"],
                    settings,
                    parent,
                )
            )
            fts.append((-cid, fold_for_index(conv["title"]), ""))
            files.append((cid, conv))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO conversations(id, title, folder_id, pinned, archived, created, updated,"
            " settings, active_leaf_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            convs,
        )
        conn.executemany(
            "INSERT INTO messages(id, conversation_id, parent_id, role, steps, text, thoughts,"
            " status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            msgs,
        )
        conn.executemany("INSERT INTO search_index(rowid, title, body) VALUES (?, ?, ?)", fts)
        conn.execute("COMMIT")
        for cid, conv in files:
            (json_dir / f"{cid}.json").write_text(json.dumps(conv, ensure_ascii=False))
        done = min(first + batch, conversations)
        if done % 2000 == 0 or done == conversations:
            rate = done / (time.perf_counter() - started)
            print(f"  built {done}/{conversations} conversations ({rate:.0f}/s)", flush=True)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    (root / "config.json").write_text(
        json.dumps({"conversations": conversations, "messages": messages, "seed": seed})
    )


# --------------------------------------------------------------- the JSON baseline


def _strip_accent(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base.lower() or ch


# A fair baseline: folding at C speed (str.translate), not a Python loop per character.
_FOLD = str.maketrans({chr(cp): _strip_accent(chr(cp)) for cp in range(0xC0, 0x250)} | {"ı": "i"})


def _fold(text: str) -> str:
    return text.translate(_FOLD).lower()


class JsonBaseline:
    """The naive design: every conversation is one JSON file, nothing else."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _all(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for entry in os.scandir(self.root):
            yield int(entry.name[:-5]), json.loads(Path(entry.path).read_text())

    def list_first(self, n: int) -> list[int]:
        rows = [
            (not conv["pinned"], -conv["updated"], cid)
            for cid, conv in self._all()
            if not conv["archived"]
        ]
        rows.sort()
        return [r[2] for r in rows[:n]]

    def open_conversation(self, cid: int) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.root / f"{cid}.json").read_text())
        return data

    def search(self, query: str, limit: int) -> list[tuple[int, int]]:
        terms = _fold(query).split()
        hits = []
        for cid, conv in self._all():
            for i, m in enumerate(conv["messages"]):
                folded = _fold(m["text"])
                if all(t in folded for t in terms):
                    score = sum(folded.count(t) for t in terms)
                    hits.append((-score, -m["created"], cid, i))
        hits.sort()
        return [(h[2], h[3]) for h in hits[:limit]]

    def append(self, cid: int, message: dict[str, Any]) -> None:
        path = self.root / f"{cid}.json"
        conv = json.loads(path.read_text())
        conv["messages"].append(message)
        conv["updated"] = message["created"]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(conv, ensure_ascii=False))
        os.replace(tmp, path)


# ------------------------------------------------------------------------- measure


def timed(fn: Callable[[], Any], runs: int, pause: float = 0.0) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
        if pause:
            time.sleep(pause)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def fmt(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):9.3f} ms  p99 {p(values, 0.99):9.3f} ms"
        f"  max {max(values):9.3f} ms  (n={len(values)})"
    )


QUERIES = [
    "kubernetes deploy",
    "güneş",
    "istanbul",
    "ILIK hava",
    "migration backup",
    "şema taşıma",
    "recursion",
    "kahve çay",
    "timeout retry",
    "Iğdır",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="where to build (kept); default: a temp dir")
    parser.add_argument("--reuse", action="store_true", help="reuse data already in --dir")
    parser.add_argument("--check", action="store_true", help="assert the targets")
    args = parser.parse_args()

    root = args.dir or Path(tempfile.mkdtemp(prefix="gemdesk-bench-"))
    config = {"conversations": args.conversations, "messages": args.messages, "seed": args.seed}
    cfg_file = root / "config.json"
    reuse = args.reuse and cfg_file.exists() and json.loads(cfg_file.read_text()) == config
    try:
        if not reuse:
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True)
            print(f"Building {args.conversations} x {args.messages} messages in {root} ...")
            t0 = time.perf_counter()
            build(root, args.conversations, args.messages, args.seed)
            print(f"  build took {time.perf_counter() - t0:.1f} s")
        return measure(root, args)
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)


def measure(root: Path, args: argparse.Namespace) -> int:
    db_path = root / "store" / "history.sqlite3"
    db_size = sum(f.stat().st_size for f in db_path.parent.glob("history.sqlite3*"))
    json_size = sum(e.stat().st_size for e in os.scandir(root / "json"))
    total_messages = args.conversations * args.messages
    print(
        f"\nHistory: {args.conversations} conversations, {total_messages} messages; "
        f"SQLite {db_size / 1e6:.0f} MB, JSON files {json_size / 1e6:.0f} MB"
    )
    rng = random.Random(7)
    baseline = JsonBaseline(root / "json")
    results: dict[str, float] = {}

    # Open: a new process start, store opened and closed.
    open_times = timed(lambda: HistoryStore.open(db_path).close(), 30)
    print(f"open store                 {fmt(open_times)}")
    results["open"] = statistics.median(open_times)

    store = HistoryStore.open(db_path)
    try:
        store.list_conversations(limit=100)  # warm the page cache like a running app
        list_times = timed(lambda: store.list_conversations(limit=100), 50)
        print(f"list first 100             {fmt(list_times)}")
        t0 = time.perf_counter()
        base_list = baseline.list_first(100)
        base_list_ms = (time.perf_counter() - t0) * 1000
        print(f"list first 100   (JSON)    {base_list_ms:9.1f} ms (one run)")
        store_list = [c.id for c in store.list_conversations(limit=100)]
        assert store_list == base_list, "store and baseline disagree on the list"
        results["list"] = statistics.median(list_times)
        results["list_ratio"] = base_list_ms / results["list"]

        ids = [rng.randint(1, args.conversations) for _ in range(50)]
        it = iter(ids * 2)
        open_conv = timed(lambda: (store.get_conversation(c := next(it)), store.active_path(c)), 50)
        print(f"open a conversation        {fmt(open_conv)}")
        it2 = iter(ids)
        base_open = timed(lambda: baseline.open_conversation(next(it2)), 50)
        print(f"open a conversation (JSON) {fmt(base_open)}")
        assert len(store.active_path(ids[0])) == args.messages
        results["open_conversation"] = statistics.median(open_conv)

        medians = []
        for q in QUERIES:
            store.search(q)
            times = timed(lambda q=q: store.search(q, 50), 5)
            hits = len(store.search(q, 50))
            medians.append(statistics.median(times))
            print(f"search {q!r:22} {fmt(times)}  hits {hits}")
        print(
            f"search (median over queries) {statistics.median(medians):7.3f} ms, "
            f"worst query {max(medians):.3f} ms"
        )
        # For reference: ranking every match instead of the newest SEARCH_WINDOW ones.
        for q in ("güneş", "timeout retry"):
            exact = timed(lambda q=q: store.search(q, 50, window=None), 3)
            print(f"search {q!r:22} exact   {fmt(exact)}  (window=None, not checked)")
        t0 = time.perf_counter()
        base_hits = baseline.search(QUERIES[0], 50)
        base_search_ms = (time.perf_counter() - t0) * 1000
        print(
            f"search {QUERIES[0]!r:22} (JSON) {base_search_ms:9.1f} ms (one run), "
            f"hits {len(base_hits)}"
        )
        results["search"] = statistics.median(medians)
        results["search_ratio"] = base_search_ms / results["search"]

        # Appends go to conversations made for the purpose and removed afterwards,
        # so that --reuse runs keep the store and the JSON files in step.
        gen = Generator(99)
        texts = [gen.text(gen.en, 300) for _ in range(50)]
        own = [store.create_conversation(f"bench append {i}").id for i in range(10)]
        tick = iter(range(10**9))

        def append_one() -> None:
            i = next(tick)
            store.append_message(own[i % 10], "user", text=texts[i % 50])

        # Paced like a busy user (and long enough for background WAL checkpoints to
        # run during the measurement, as they would in the app).
        checkpoints = store._db._checkpointer.checkpoints
        append_times = timed(append_one, 1000, pause=0.003)
        checkpoints = store._db._checkpointer.checkpoints - checkpoints
        print(f"append a message           {fmt(append_times)}  ({checkpoints} checkpoints ran)")
        for cid in own:
            store.delete_conversation(cid)

        json_dir = root / "json"
        copies = []
        for n, source in enumerate(rng.sample(range(1, args.conversations + 1), 10)):
            copy = json_dir / f"{10**9 + n}.json"
            shutil.copyfile(json_dir / f"{source}.json", copy)
            copies.append(10**9 + n)
        tick2 = iter(range(10**9))

        def base_append() -> None:
            i = next(tick2)
            baseline.append(copies[i % 10], {"role": "user", "text": texts[i % 50], "created": i})

        base_append_times = timed(base_append, 200, pause=0.003)
        print(f"append a message (JSON)    {fmt(base_append_times)}")
        for cid in copies:
            (json_dir / f"{cid}.json").unlink()
        results["append_p99"] = p(append_times, 0.99)
    finally:
        store.close()

    print(
        f"\nSummary: open {results['open']:.2f} ms | list {results['list']:.2f} ms "
        f"({results['list_ratio']:.0f}x JSON) | open conversation "
        f"{results['open_conversation']:.2f} ms | search {results['search']:.2f} ms "
        f"({results['search_ratio']:.0f}x JSON) | append p99 {results['append_p99']:.2f} ms"
    )
    if args.check:
        failures = []
        checks = [
            ("list < 20 ms", results["list"] < 20),
            ("open < 20 ms", results["open"] < 20),
            ("open conversation < 20 ms", results["open_conversation"] < 20),
            ("search < 50 ms", results["search"] < 50),
            ("append p99 < 5 ms", results["append_p99"] < 5),
            ("list >= 10x JSON", results["list_ratio"] >= 10),
            ("search >= 10x JSON", results["search_ratio"] >= 10),
        ]
        for name, ok in checks:
            print(f"  [{'ok' if ok else 'FAIL'}] {name}")
            if not ok:
                failures.append(name)
        if failures:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
