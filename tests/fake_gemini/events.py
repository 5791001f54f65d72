"""SSE events: building an interaction's event log, folding events, writing streams."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Sequence
from typing import Any

from .faults import Fault
from .model import split_deltas
from .state import InteractionRecord, iso_seconds
from .wire import Receive, Send, break_connection

Json = dict[str, Any]

DONE_FRAME = b"event: done\ndata: [DONE]\n\n"
MALFORMED_FRAME = b'event: step.delta\ndata: {"event_type": "step.delta", "index"\n\n'


def event_id(record_id: str, n: int) -> str:
    """Opaque ids with ``+``, ``/`` and ``=`` in them, like real ones: clients must encode."""
    return f"evt_{n:04d}+{record_id[-6:]}/x="


def _partial_interaction(record: InteractionRecord, status: str) -> Json:
    return {
        "id": record.id,
        "object": "interaction",
        "model": record.model,
        "status": status,
        "created": iso_seconds(record.created),
        "updated": iso_seconds(record.updated),
    }


def step_events(index: int, step: Json, *, start_with_text: bool) -> list[Json]:
    """step.start / step.delta* / step.stop for one output step."""
    kind = step.get("type")
    start: Json = {"type": kind}
    deltas: list[Json] = []
    if kind == "model_output":
        text = "".join(
            b.get("text", "") for b in step.get("content") or [] if b.get("type") == "text"
        )
        chunks = split_deltas(text)
        if start_with_text and chunks:
            start["content"] = [{"type": "text", "text": chunks.pop(0)}]
        deltas = [{"type": "text", "text": chunk} for chunk in chunks]
        annotations = [a for b in step.get("content") or [] for a in b.get("annotations") or []]
        if annotations:
            deltas.append({"type": "text_annotation_delta", "annotations": annotations})
    elif kind == "thought":
        summary = "".join(b.get("text", "") for b in step.get("summary") or [])
        chunks = split_deltas(summary)
        if start_with_text and chunks:
            start["summary"] = [{"type": "text", "text": chunks.pop(0)}]
        deltas = [
            {"type": "thought_summary", "content": {"type": "text", "text": chunk}}
            for chunk in chunks
        ]
        if step.get("signature"):
            deltas.append({"type": "thought_signature", "signature": step["signature"]})
    else:
        start = copy.deepcopy(step)
    events: list[Json] = [{"event_type": "step.start", "index": index, "step": start}]
    events += [{"event_type": "step.delta", "index": index, "delta": d} for d in deltas]
    events.append({"event_type": "step.stop", "index": index})
    return events


def build_events(
    record: InteractionRecord,
    *,
    steps: Sequence[Json],
    status: str,
    usage: Json,
    continuation_token: str | None,
    content_faults: Sequence[Fault] = (),
    checkpoint: tuple[int, str] | None = None,
) -> list[Json]:
    """The canonical event log of one interaction (what a full stream carries).

    Content faults (``step_start_text``, ``unknown_event``, ``unknown_delta``,
    ``sse_error`` and a ``drop`` with ``checkpoint``) are part of the log, so a
    GET resume replays exactly what the live stream would have carried.
    """
    kinds = {f.kind for f in content_faults}
    events: list[Json] = [
        {
            "event_type": "interaction.created",
            "interaction": _partial_interaction(record, "in_progress"),
        },
        {
            "event_type": "interaction.status_update",
            "interaction_id": record.id,
            "status": "in_progress",
        },
    ]
    for index, step in enumerate(steps):
        events += step_events(index, step, start_with_text="step_start_text" in kinds)
    completed = _partial_interaction(record, status)
    completed["usage"] = usage
    if continuation_token:
        completed["continuation_token"] = continuation_token
    events.append({"event_type": "interaction.completed", "interaction": completed})

    if "status_variant" in kinds:
        events[1]["event_type"] = "interaction.in_progress"
    for fault in content_faults:
        at = max(0, min(fault.after, len(events) - 1))
        if fault.kind == "unknown_event":
            events.insert(
                at,
                {
                    "event_type": "interaction.mystery_update",
                    "interaction_id": record.id,
                    "hint": 42,
                },
            )
        elif fault.kind == "unknown_delta":
            index = _open_step_index(events[:at])
            events.insert(
                at,
                {
                    "event_type": "step.delta",
                    "index": index,
                    "delta": {"type": "hologram", "payload": "ignore me"},
                },
            )
        elif fault.kind == "sse_error":
            events[at:] = [
                {
                    "event_type": "error",
                    "error": {
                        "code": fault.code or "internal_error",
                        "message": fault.message or "The model stopped unexpectedly.",
                    },
                }
            ]
    if checkpoint is not None:
        at, token = checkpoint
        at = max(0, min(at, len(events) - 1))
        events.insert(
            at,
            {
                "event_type": "interaction.status_update",
                "interaction_id": record.id,
                "status": "in_progress",
                "continuation_token": token,
            },
        )
    for n, event in enumerate(events, start=1):
        event["event_id"] = event_id(record.id, n)
    return events


def _open_step_index(events: Sequence[Json]) -> int:
    index = 0
    for event in events:
        if event["event_type"] == "step.start":
            index = int(event["index"])
    return index


def fold_steps(events: Sequence[Json], *, step_types: dict[int, str] | None = None) -> list[Json]:
    """Rebuild output steps from events (§4.5); ``step_types`` fills in missing starts."""
    steps: dict[int, Json] = {}
    for event in events:
        kind = event.get("event_type")
        if kind not in {"step.start", "step.delta"}:
            continue
        index = int(event["index"])
        if kind == "step.start":
            steps[index] = copy.deepcopy(event["step"])
            continue
        step = steps.setdefault(index, {"type": (step_types or {}).get(index, "model_output")})
        delta = event["delta"]
        if delta.get("type") == "text":
            content = step.setdefault("content", [])
            if content and content[-1].get("type") == "text":
                content[-1]["text"] += delta["text"]
            else:
                content.append({"type": "text", "text": delta["text"]})
        elif delta.get("type") == "thought_summary":
            summary = step.setdefault("summary", [])
            block = delta["content"]
            if summary and summary[-1].get("type") == "text" and block.get("type") == "text":
                summary[-1]["text"] += block["text"]
            else:
                summary.append(dict(block))
        elif delta.get("type") == "thought_signature":
            step["signature"] = delta["signature"]
        elif delta.get("type") == "text_annotation_delta":
            content = step.setdefault("content", [])
            if not content:
                content.append({"type": "text", "text": ""})
            content[-1].setdefault("annotations", []).extend(delta["annotations"])
    return [steps[i] for i in sorted(steps)]


def frame(event: Json) -> bytes:
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event['event_type']}\ndata: {data}\n\n".encode()


async def write_stream(
    send: Send,
    receive: Receive,
    events: Sequence[Json],
    transport_faults: Sequence[Fault],
) -> None:
    """Send ``events`` as SSE, honouring drop / truncate / stall / malformed_event faults.

    A drop returns without finishing the HTTP response: the server closes the
    connection mid-body, which the client sees as an incomplete chunked read. A
    truncate ends the response properly (a clean EOF) but without a terminal event.
    """
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"),
                (b"cache-control", b"no-cache"),
            ],
        }
    )
    disconnected = asyncio.Event()

    async def watch() -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                disconnected.set()
                return

    watcher = asyncio.create_task(watch())
    try:
        sent = 0
        for event in [*events, None]:
            for fault in transport_faults:
                if fault.after != sent:
                    continue
                if fault.kind == "drop":
                    break_connection()
                    return
                if fault.kind == "truncate":
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
                if fault.kind == "stall":
                    try:
                        await asyncio.wait_for(disconnected.wait(), fault.seconds)
                    except TimeoutError:
                        pass
                elif fault.kind == "malformed_event":
                    await send(
                        {
                            "type": "http.response.body",
                            "body": MALFORMED_FRAME,
                            "more_body": True,
                        }
                    )
            if disconnected.is_set():
                return
            if event is None:
                break
            await send({"type": "http.response.body", "body": frame(event), "more_body": True})
            sent += 1
        terminal = bool(events) and events[-1]["event_type"] == "error"
        await send(
            {
                "type": "http.response.body",
                "body": b"" if terminal else DONE_FRAME,
                "more_body": False,
            }
        )
    finally:
        watcher.cancel()
        try:
            await watcher
        except asyncio.CancelledError:
            pass
