"""Interactions endpoints: create (JSON / SSE), get (JSON / SSE resume), cancel, delete."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from typing import Any

from . import model as fake_model
from .events import build_events, fold_steps, write_stream
from .faults import Fault
from .state import ContinuationRecord, InteractionRecord, State, utcnow
from .validation import validate_create_body
from .wire import HttpError, Receive, Send, send_json

Json = dict[str, Any]

STEP_TYPES = frozenset(
    {
        "user_input",
        "model_output",
        "thought",
        "function_call",
        "function_result",
        "code_execution_call",
        "code_execution_result",
        "file_search_call",
        "file_search_result",
        "google_maps_call",
        "google_maps_result",
        "google_search_call",
        "google_search_result",
        "mcp_server_tool_call",
        "mcp_server_tool_result",
        "processing_call",
        "processing_result",
        "retrieval_call",
        "retrieval_result",
        "url_context_call",
        "url_context_result",
    }
)
TRANSPORT_KINDS = frozenset({"drop", "truncate", "stall", "malformed_event"})
CONTENT_KINDS = frozenset(
    {"step_start_text", "status_variant", "unknown_event", "unknown_delta", "sse_error"}
)


def invalid(message: str) -> HttpError:
    return HttpError(400, message, dialect="interactions", code="invalid_request")


def not_found(message: str = "Interaction not found.") -> HttpError:
    return HttpError(404, message, dialect="interactions", code="not_found")


def _content_block(block: Any) -> Json:
    if isinstance(block, str):
        return {"type": "text", "text": block}
    if not isinstance(block, dict):
        raise invalid("Each content block must be an object.")
    if "type" not in block and "text" in block:
        return {"type": "text", **block}
    return dict(block)


def normalize_input(raw: Any) -> list[Json]:
    """The four accepted ``input`` forms, as steps (§2.2)."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return [{"type": "user_input", "content": [{"type": "text", "text": raw}]}]
    if isinstance(raw, dict):
        return [{"type": "user_input", "content": [_content_block(raw)]}]
    if isinstance(raw, list):
        if raw and all(isinstance(i, dict) and i.get("type") in STEP_TYPES for i in raw):
            return [copy.deepcopy(i) for i in raw]
        return [{"type": "user_input", "content": [_content_block(b) for b in raw]}]
    raise invalid("input must be a string, a content block or a list.")


def _check_replayed_thoughts(steps: Sequence[Json]) -> None:
    for step in steps:
        if step.get("type") == "thought" and not fake_model.signature_is_valid(
            step.get("signature")
        ):
            raise invalid("Thought signature is not valid: replay thought steps unchanged.")


def _check_files(state: State, steps: Sequence[Json]) -> None:
    for step in steps:
        for block in fake_model.step_media(step):
            uri = block.get("uri")
            if not isinstance(uri, str) or "/files/" not in uri:
                continue
            file = state.file_by_uri(uri)
            file_id = uri.rsplit("/files/", 1)[1]
            if file is None or file.expired:
                raise HttpError(
                    403,
                    f"You do not have permission to access the File {file_id} or it may not exist.",
                )
            if file.state != "ACTIVE":
                raise HttpError(
                    400,
                    f"The File {file_id} is not in an ACTIVE state and usage is not allowed.",
                    code="FAILED_PRECONDITION",
                )


def _split_for_continuation(steps: list[Json]) -> tuple[list[Json], list[Json]]:
    """Cut the answer in the middle of its text: (first hop, what is still owed)."""
    for i, step in enumerate(steps):
        if step.get("type") != "model_output":
            continue
        text = "".join(b.get("text", "") for b in step.get("content") or [])
        half = len(text) // 2
        first = [
            *steps[:i],
            {"type": "model_output", "content": [{"type": "text", "text": text[:half]}]},
        ]
        rest = [
            {"type": "model_output", "content": [{"type": "text", "text": text[half:]}]},
            *steps[i + 1 :],
        ]
        return first, rest
    return steps, []


async def create(
    state: State,
    body: Any,
    faults: Sequence[Fault],
    send: Send,
    receive: Receive,
    violation: str | None,
) -> None:
    if violation is not None:
        raise invalid(f"Invalid request body: {violation}")
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object.")
    if "agent" in body or "agent_config" in body:
        raise invalid("The emulator only runs model interactions.")
    model_id = body.get("model")
    if not isinstance(model_id, str) or not model_id:
        raise invalid("model is required.")
    store = body.get("store", True) is not False
    background = bool(body.get("background", False))
    stream = bool(body.get("stream", False))
    if background and not store:
        raise invalid("background=true requires store=true.")
    kinds = {f.kind for f in faults}

    previous: InteractionRecord | None = None
    prev_id = body.get("previous_interaction_id")
    if prev_id is not None:
        previous = state.interactions.get(str(prev_id))
        if previous is None or previous.expired or "previous_expired" in kinds:
            raise not_found(f"Interaction {prev_id} not found or expired.")

    continuation: ContinuationRecord | None = None
    token = body.get("continuation_token")
    if token is not None:
        continuation = state.continuations.get(str(token))
        if continuation is None:
            raise invalid("Invalid or expired continuation_token.")

    input_steps = normalize_input(body.get("input"))
    _check_replayed_thoughts(input_steps)
    _check_files(state, input_steps)
    if not input_steps and continuation is None:
        raise invalid("input is required.")

    history = previous.visible_steps if previous is not None else []
    if continuation is not None:
        steps, status, usage = (
            list(continuation.remaining_steps),
            continuation.status,
            continuation.usage,
        )
    else:
        config = body.get("generation_config") or {}
        result = fake_model.answer(
            fake_model.ModelRequest(
                steps=[*history, *input_steps],
                system_instruction=body.get("system_instruction"),
                generation_config=config if isinstance(config, dict) else {},
                file_lookup=lambda uri: f.json() if (f := state.file_by_uri(uri)) else None,
            )
        )
        steps, status, usage = result.steps, result.status, result.usage

    now = utcnow()
    record = InteractionRecord(
        id=state.new_interaction_id(),
        model=model_id,
        status="in_progress" if background else status,
        created=now,
        updated=now,
        stored=store,
        background=background,
        request={k: v for k, v in body.items() if k != "stream"},
        input_steps=input_steps,
        history=history,
        previous_interaction_id=str(prev_id) if prev_id is not None else None,
    )

    continuation_token: str | None = None
    if "requires_continuation" in kinds:
        first, rest = _split_for_continuation(steps)
        if rest:
            continuation_token = f"tok_{record.id[-8:]}_{state.next_number()}"
            usage, rest_usage = fake_model.split_usage(usage, first)
            state.continuations[continuation_token] = ContinuationRecord(
                origin_id=record.id, remaining_steps=rest, status=status, usage=rest_usage
            )
            steps, status = first, "requires_continuation"
            if not background:
                record.status = status

    content_faults = [f for f in faults if f.kind in CONTENT_KINDS]
    transport_faults = [f for f in faults if f.kind in TRANSPORT_KINDS]
    checkpoint: tuple[int, str] | None = None
    for fault in transport_faults:
        if fault.kind == "drop" and fault.checkpoint:
            checkpoint = (fault.after, f"ckpt_{record.id[-8:]}_{state.next_number()}")
    events = build_events(
        record,
        steps=steps,
        status=status,
        usage=usage,
        continuation_token=continuation_token,
        content_faults=content_faults,
        checkpoint=checkpoint,
    )
    if any(e["event_type"] == "error" for e in events):
        # The run failed mid-way: only what was streamed before the error exists.
        status = "failed"
        step_types = {i: str(s.get("type")) for i, s in enumerate(steps)}
        steps = fold_steps(events, step_types=step_types)
        if not background:
            record.status = status
    if checkpoint is not None:
        at = next(i for i, e in enumerate(events) if e.get("continuation_token") == checkpoint[1])
        step_types = {i: str(s.get("type")) for i, s in enumerate(steps)}
        # The origin completes server-side with the whole usage; a continuation from
        # the checkpoint reports only the output it adds.
        _, rest_usage = fake_model.split_usage(usage, fold_steps(events[:at]))
        state.continuations[checkpoint[1]] = ContinuationRecord(
            origin_id=record.id,
            remaining_steps=fold_steps(events[at + 1 :], step_types=step_types),
            status=status,
            usage=rest_usage,
        )
        transport_faults = [
            dataclasses.replace(f, after=at + 1) if f.kind == "drop" and f.checkpoint else f
            for f in transport_faults
        ]
    record.events = events
    record.continuation_token = continuation_token
    record.usage = usage if not background else {}
    if background:
        record.pending = (steps, status, usage)
    else:
        record.output_steps = steps

    with state.lock:
        (state.interactions if store else state.unstored)[record.id] = record

    if stream:
        await write_stream(send, receive, events, transport_faults)
    else:
        await send_json(send, record.resource(with_timeline=False))


def _finish_background(record: InteractionRecord) -> None:
    if record.pending is not None:
        record.output_steps, record.status, record.usage = record.pending
        record.pending = None
        record.updated = utcnow()


def _lookup(state: State, interaction_id: str) -> InteractionRecord:
    record = state.interactions.get(interaction_id)
    if record is None or record.expired:
        raise not_found(f"Interaction {interaction_id} not found.")
    return record


async def get(
    state: State,
    interaction_id: str,
    query: dict[str, str],
    faults: Sequence[Fault],
    send: Send,
    receive: Receive,
) -> None:
    record = _lookup(state, interaction_id)
    stream = query.get("stream", "false").lower() == "true"
    if stream:
        _finish_background(record)
        events = record.events
        last = query.get("last_event_id")
        if last is not None:
            ids = [e.get("event_id") for e in events]
            if last not in ids:
                raise invalid(f"Unknown last_event_id {last!r}.")
            events = events[ids.index(last) + 1 :]
        transport = [
            dataclasses.replace(f, checkpoint=False) for f in faults if f.kind in TRANSPORT_KINDS
        ]
        await write_stream(send, receive, events, transport)
        return
    if record.pending is not None:
        record.polls += 1
        if record.polls > state.background_polls:
            _finish_background(record)
    include_input = query.get("include_input", "false").lower() == "true"
    await send_json(send, record.resource(with_timeline=True, include_input=include_input))


async def cancel(state: State, interaction_id: str, send: Send) -> None:
    record = _lookup(state, interaction_id)
    if not record.background:
        raise invalid("Only background interactions can be cancelled.")
    if record.pending is None:
        raise invalid(f"Interaction {interaction_id} is already {record.status}.")
    record.pending = None
    record.status = "cancelled"
    record.updated = utcnow()
    record.events = [
        record.events[0],
        {
            "event_type": "interaction.status_update",
            "interaction_id": record.id,
            "status": "cancelled",
            "event_id": record.events[1]["event_id"],
        },
    ]
    await send_json(send, record.resource(with_timeline=False))


async def delete(state: State, interaction_id: str, send: Send) -> None:
    _lookup(state, interaction_id)
    with state.lock:
        del state.interactions[interaction_id]
    await send_json(send, {})


def check_body(state: State, body: Any) -> str | None:
    """A schema violation description (recorded and answered 400), or None."""
    if not state.validate_requests:
        return None
    return validate_create_body(body)


__all__ = ["cancel", "check_body", "create", "delete", "get", "normalize_input"]
