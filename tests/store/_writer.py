"""A history writer run as a child process by the durability and concurrency tests.

``python -m tests.store._writer DB MODE SEED [COUNT]``

Every line it prints on stdout is printed *after* the change it describes was
committed, so the parent may check each reported fact after killing it:

* ``M <message id>``              a message exists;
* ``U <message id> <text length>`` the message's stored text is at least that long.

Modes: ``stream`` loops forever (conversations, user turns, streamed replies via
StreamingWriter); ``burst`` appends COUNT messages as fast as possible, mixing
reads and searches, then prints ``DONE``.  A ``GO`` file next to DB, when the
parent creates one, releases writers started together.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from desktop_app.store import HistoryStore, StreamingWriter, user_steps

WORDS = [
    "güneş",
    "ılık",
    "İstanbul",
    "rüzgâr",
    "deniz",
    "kahve",
    "river",
    "mountain",
    "cloud",
    "answer",
    "step",
    "token",
]


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + ". "


def stream(store: HistoryStore, rng: random.Random) -> None:
    conv = store.create_conversation(_sentence(rng, 3))
    while True:
        if rng.random() < 0.2:
            conv = store.create_conversation(_sentence(rng, 3))
        user = store.append_message(conv.id, "user", steps=user_steps(_sentence(rng, 8)))
        _say(f"M {user.id}")
        reply = store.append_message(conv.id, "model", status="sending")
        _say(f"M {reply.id}")
        writer = StreamingWriter(store, reply.id, interval=0.0)
        steps: list[dict[str, object]] = [
            {"type": "thought", "signature": "c2ln", "summary": []},
            {"type": "model_output", "content": [{"type": "text", "text": ""}]},
        ]
        text = ""
        for i in range(rng.randint(3, 12)):
            text += _sentence(rng, 4)
            steps[1] = {"type": "model_output", "content": [{"type": "text", "text": text}]}
            writer.update(steps, step_stopped=i % 4 == 3)
            _say(f"U {reply.id} {len(text)}")
        writer.finish("complete", usage={"total_tokens": len(text)})
        _say(f"U {reply.id} {len(text)}")


def burst(store: HistoryStore, rng: random.Random, count: int) -> None:
    conv = store.create_conversation(f"burst {rng.random()}")
    for i in range(count):
        msg = store.append_message(conv.id, "user", text=_sentence(rng, 6))
        _say(f"M {msg.id}")
        if i % 10 == 0:
            store.search(rng.choice(WORDS))
            store.list_conversations(limit=20)
        if i % 7 == 0:
            store.rename_conversation(conv.id, f"burst {i}")
    _say("DONE")


def main() -> None:
    db, mode, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    go = db.with_name("GO")
    with HistoryStore.open(db) as store:
        _say("READY")
        while mode == "burst" and not go.exists():
            time.sleep(0.001)
        if mode == "stream":
            stream(store, rng)
        else:
            burst(store, rng, int(sys.argv[4]))


if __name__ == "__main__":
    main()
