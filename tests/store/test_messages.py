"""The message tree, streaming updates and crash-recovery queries."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from desktop_app.store import (
    HistoryStore,
    NotFoundError,
    StreamingWriter,
    derive_text,
    derive_thoughts,
    user_steps,
)

THOUGHT = {
    "type": "thought",
    "signature": "EpoGCpcGAXLI2nyo+/==",
    "summary": [{"type": "text", "text": "**Thinking** about it."}],
}


def _output(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "model_output", "content": [{"type": "text", "text": text, **extra}]}


def test_steps_are_stored_losslessly(store: HistoryStore) -> None:
    conv = store.create_conversation()
    steps = [
        THOUGHT,
        {"type": "function_call", "id": "fc_1", "name": "w", "arguments": {"loc": "İzmir"}},
        {"type": "function_result", "call_id": "fc_1", "name": "w", "result": "Sunny"},
        _output(
            "Paris.",
            annotations=[{"type": "url_citation", "url": "https://x", "start_index": 0}],
        ),
        {"type": "future_step", "payload": {"nested": [1, 2.5, None, True]}},
    ]
    msg = store.append_message(
        conv.id,
        "model",
        steps=steps,
        interaction_id="v1_abc",
        model="gemini-3-flash-preview",
        usage={"total_tokens": 27, "input_tokens_by_modality": [{"modality": "text"}]},
    )
    again = store.get_message(msg.id)
    assert again.steps == steps
    assert again.text == "Paris."
    assert again.thoughts == "**Thinking** about it."
    assert again.interaction_id == "v1_abc"
    assert again.usage == {"total_tokens": 27, "input_tokens_by_modality": [{"modality": "text"}]}
    assert again.status == "complete"


def test_derived_text() -> None:
    assert derive_text(user_steps("hi")) == "hi"
    assert derive_text([THOUGHT, _output("a"), _output("b")]) == "a\n\nb"
    assert derive_text([{"type": "model_output", "error": {"code": 3}}]) == ""
    assert derive_thoughts([THOUGHT, {"type": "thought", "signature": "x"}]) == (
        "**Thinking** about it."
    )


def test_tree_branches_and_active_path(store: HistoryStore) -> None:
    conv = store.create_conversation()
    q1 = store.append_message(conv.id, "user", text="q1")
    a1 = store.append_message(conv.id, "model", text="a1")
    q2 = store.append_message(conv.id, "user", text="q2")
    assert q1.parent_id is None
    assert a1.parent_id == q1.id
    assert q2.parent_id == a1.id
    assert [m.text for m in store.active_path(conv.id)] == ["q1", "a1", "q2"]
    # Regenerate the answer to q1: a sibling branch becomes active.
    a1b = store.append_message(conv.id, "model", text="a1b", parent_id=q1.id)
    assert [m.text for m in store.active_path(conv.id)] == ["q1", "a1b"]
    assert [m.id for m in store.siblings(a1.id)] == [a1.id, a1b.id]
    assert [m.id for m in store.children(q1.id)] == [a1.id, a1b.id]
    assert store.latest_leaf(a1.id) == q2.id
    store.set_active_leaf(conv.id, store.latest_leaf(a1.id))
    assert [m.text for m in store.active_path(conv.id)] == ["q1", "a1", "q2"]
    # An edited first question is a second root.
    q1b = store.append_message(conv.id, "user", text="q1b", parent_id=None)
    assert [m.id for m in store.roots(conv.id)] == [q1.id, q1b.id]
    assert [m.id for m in store.siblings(q1.id)] == [q1.id, q1b.id]
    assert [m.text for m in store.active_path(conv.id)] == ["q1b"]
    # make_active=False leaves the transcript alone.
    store.append_message(conv.id, "model", text="side", parent_id=q1.id, make_active=False)
    assert [m.text for m in store.active_path(conv.id)] == ["q1b"]
    assert len(store.messages(conv.id)) == 6


def test_parent_must_belong_to_the_conversation(store: HistoryStore) -> None:
    a = store.create_conversation()
    b = store.create_conversation()
    ma = store.append_message(a.id, "user", text="x")
    with pytest.raises(NotFoundError):
        store.append_message(b.id, "model", text="y", parent_id=ma.id)
    with pytest.raises(NotFoundError):
        store.set_active_leaf(b.id, ma.id)
    assert store.messages(b.id) == []


def test_delete_message_removes_subtree_and_moves_active_leaf(store: HistoryStore) -> None:
    conv = store.create_conversation()
    q = store.append_message(conv.id, "user", text="question")
    a = store.append_message(conv.id, "model", text="answer unique")
    store.append_message(conv.id, "user", text="follow-up")
    store.delete_message(a.id)
    assert [m.id for m in store.active_path(conv.id)] == [q.id]
    assert store.search("unique") == []
    assert [m.id for m in store.messages(conv.id)] == [q.id]


def test_streaming_updates_and_finish(store: HistoryStore) -> None:
    conv = store.create_conversation()
    store.append_message(conv.id, "user", steps=user_steps("count"))
    reply = store.append_message(conv.id, "model", status="sending")
    before = store.get_conversation(conv.id).updated
    store.update_streaming(reply.id, steps=[THOUGHT, _output("1, 2,")], interaction_id="v1_x")
    partial = store.get_message(reply.id)
    assert partial.status == "streaming"
    assert partial.text == "1, 2,"
    assert partial.interaction_id == "v1_x"
    assert [h.message_id for h in store.search("2")] == [reply.id]
    final = store.finish_message(
        reply.id, "complete", steps=[THOUGHT, _output("1, 2, 3")], usage={"total_tokens": 5}
    )
    assert final.text == "1, 2, 3"
    assert final.usage == {"total_tokens": 5}
    assert final.interaction_id == "v1_x"
    assert store.get_conversation(conv.id).updated >= before
    store.set_status(reply.id, "error", error="quota exceeded")
    failed = store.get_message(reply.id)
    assert failed.status == "error"
    assert failed.error == "quota exceeded"
    assert failed.text == "1, 2, 3"


def test_messages_in_state_finds_interrupted_ones(store: HistoryStore) -> None:
    conv = store.create_conversation()
    done = store.append_message(conv.id, "user", text="q")
    sending = store.append_message(conv.id, "model", status="sending")
    streaming = store.append_message(conv.id, "model", status="streaming", parent_id=done.id)
    found = store.messages_in_state()
    assert [m.id for m in found] == [sending.id, streaming.id]
    assert store.messages_in_state(["complete"])[0].id == done.id
    assert store.messages_in_state(idle_for=timedelta(hours=1)) == []


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_streaming_writer_throttles_and_flushes_on_step_stop(store: HistoryStore) -> None:
    conv = store.create_conversation()
    reply = store.append_message(conv.id, "model", status="sending")
    clock = FakeClock()
    writer = StreamingWriter(store, reply.id, clock=clock)
    steps = [_output("a")]
    assert writer.update(steps) is False  # 0 s since the last save
    assert store.get_message(reply.id).text == ""
    steps[0]["content"][0]["text"] = "ab"  # the writer kept a copy of "a"
    clock.now += 0.2
    assert writer.update(steps) is False
    clock.now += 0.31
    assert writer.update([_output("abc")]) is True
    assert store.get_message(reply.id).text == "abc"
    clock.now += 0.01
    assert writer.update([THOUGHT], step_stopped=True) is True
    assert store.get_message(reply.id).steps == [THOUGHT]
    clock.now += 0.01
    writer.update([_output("pending")])
    final = writer.finish("stopped")
    assert final.status == "stopped"
    assert final.text == "pending"
    assert writer.saves == 2


def test_streaming_writer_timer_saves_within_interval(store: HistoryStore) -> None:
    conv = store.create_conversation()
    reply = store.append_message(conv.id, "model", status="sending")

    async def scenario() -> tuple[str, str]:
        writer = StreamingWriter(store, reply.id, interval=0.05, loop=asyncio.get_running_loop())
        writer.update([_output("first")], step_stopped=True)
        writer.update([_output("second")])  # too soon: scheduled, not written
        right_after = store.get_message(reply.id).text
        await asyncio.sleep(0.3)
        later = store.get_message(reply.id).text
        writer.finish("complete")
        return right_after, later

    right_after, later = asyncio.run(scenario())
    assert right_after == "first"
    assert later == "second"


def test_streaming_writer_reports_a_failed_timer_flush(store: HistoryStore) -> None:
    conv = store.create_conversation()
    reply = store.append_message(conv.id, "model", status="sending")

    async def scenario() -> None:
        writer = StreamingWriter(store, reply.id, interval=0.02, loop=asyncio.get_running_loop())
        writer.update([_output("a")], step_stopped=True)
        store.delete_message(reply.id)  # e.g. the user deleted the conversation meanwhile
        writer.update([_output("ab")])
        await asyncio.sleep(0.2)
        with pytest.raises(NotFoundError):
            writer.update([_output("abc")])

    asyncio.run(scenario())
