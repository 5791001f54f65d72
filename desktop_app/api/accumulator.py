"""Fold stream events into the ``steps`` list a non-streaming POST returns (protocol §4.5).

This is what makes stateless replay work for streamed turns: the folded steps (thought
signatures included, untouched) are appended to the local history exactly as a unary
response's ``steps`` would be.
"""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

from desktop_app.api.events import (
    ErrorEvent,
    InteractionCompleted,
    InteractionCreated,
    InteractionStatusUpdate,
    StepDelta,
    StepStart,
    StepStop,
    StreamEvent,
)
from desktop_app.api.interaction import Interaction, sum_usage

__all__ = ["StepAccumulator"]

log = logging.getLogger(__name__)

_DELTA_PARENT = {
    "text": "model_output",
    "text_annotation_delta": "model_output",
    "media": "model_output",
    "thought_summary": "thought",
    "thought_signature": "thought",
    "arguments_delta": "function_call",
}


class StepAccumulator:
    """Feed every event of one turn (all continuation hops included) to :meth:`feed`.

    Attributes are live: read ``text`` while streaming, ``steps`` at the end.
    A continuation hop (a new ``interaction.created`` with another id) restarts
    ``index`` at 0 on the wire; its steps are appended after the previous hop's.
    """

    def __init__(self) -> None:
        self._steps: dict[int, dict[str, Any]] = {}
        self._arguments: dict[int, str] = {}
        # Text blocks being streamed into: pieces are joined on read, not per delta
        # (str + str on a dict value copies the whole text: quadratic on long answers).
        self._pending: dict[int, tuple[dict[str, Any], list[str]]] = {}
        self._offset = 0
        self._hop_ids: list[str] = []
        self.interaction_id: str | None = None
        self.status: str | None = None
        # Each hop reports its own usage (latest wins within a hop); the turn's is the sum.
        self._hop_usage: dict[str, dict[str, Any]] = {}
        self.continuation_token: str | None = None
        self.error: ErrorEvent | None = None
        self.completed = False
        self.last_interaction: dict[str, Any] = {}

    # -- reading ---------------------------------------------------------------------

    def _flush(self) -> None:
        for block, pieces in self._pending.values():
            if len(pieces) > 1:
                joined = "".join(pieces)
                pieces[:] = [joined]
                block["text"] = joined
        # Keep the entries: the next delta usually extends the same block.

    @property
    def steps(self) -> list[dict[str, Any]]:
        """The output steps so far, in order (a deep copy; safe to store or send)."""
        self._flush()
        return [copy.deepcopy(self._steps[i]) for i in sorted(self._steps)]

    @property
    def text(self) -> str:
        """All ``model_output`` text so far, concatenated."""
        self._flush()
        return "".join(
            _block_texts(step.get("content"))
            for _, step in sorted(self._steps.items())
            if step.get("type") == "model_output"
        )

    @property
    def thought_summaries(self) -> str:
        """All thought summary text so far (steps separated by a blank line)."""
        self._flush()
        parts = [
            _block_texts(step.get("summary"))
            for _, step in sorted(self._steps.items())
            if step.get("type") == "thought"
        ]
        return "\n\n".join(p for p in parts if p)

    @property
    def usage(self) -> dict[str, Any] | None:
        """The turn's usage: the single hop's as sent, or every hop's added up."""
        if not self._hop_usage:
            return None
        if len(self._hop_usage) == 1:
            return next(iter(self._hop_usage.values()))
        return sum_usage(self._hop_usage.values())

    @property
    def interaction_ids(self) -> list[str]:
        """Every hop's interaction id, oldest first."""
        return list(self._hop_ids)

    def to_interaction(self) -> Interaction:
        """The turn as an :class:`Interaction`, shaped like a unary POST response."""
        raw: dict[str, Any] = {k: v for k, v in self.last_interaction.items() if k != "steps"}
        raw["id"] = self.interaction_id or raw.get("id", "")
        raw["status"] = self.status or raw.get("status", "")
        raw["steps"] = self.steps
        usage = self.usage
        if usage is not None:
            raw["usage"] = copy.deepcopy(usage)
        return Interaction(raw)

    # -- folding ---------------------------------------------------------------------

    def feed(self, event: StreamEvent) -> None:
        if not (isinstance(event, StepDelta) and event.kind == "text"):
            self._flush()
        if isinstance(event, InteractionCreated):
            self._on_created(event)
        elif isinstance(event, InteractionStatusUpdate):
            if event.status:
                self.status = event.status
            if event.continuation_token:
                self.continuation_token = event.continuation_token
            if event.usage is not None:
                self._hop_usage[self.interaction_id or ""] = event.usage
        elif isinstance(event, StepStart):
            self._steps[self._offset + event.index] = copy.deepcopy(event.step)
        elif isinstance(event, StepDelta):
            self._on_delta(event)
        elif isinstance(event, StepStop):
            self._on_stop(event)
        elif isinstance(event, InteractionCompleted):
            self._merge_interaction(event.interaction)
            if event.status:
                self.status = event.status
            if event.usage is not None:
                self._hop_usage[self.interaction_id or ""] = event.usage
            self.continuation_token = event.continuation_token
            self.completed = event.status != "requires_continuation"
        elif isinstance(event, ErrorEvent):
            self.error = event
            self.status = "failed"

    def _on_created(self, event: InteractionCreated) -> None:
        new_id = event.interaction_id
        if new_id and self._hop_ids and new_id != self._hop_ids[-1]:
            self._offset = (max(self._steps) + 1) if self._steps else 0
        if new_id and (not self._hop_ids or new_id != self._hop_ids[-1]):
            self._hop_ids.append(new_id)
        if new_id:
            self.interaction_id = new_id
        if event.status:
            self.status = event.status
        self._merge_interaction(event.interaction)

    def _merge_interaction(self, partial: dict[str, Any]) -> None:
        for key, value in partial.items():
            if key != "steps":
                self.last_interaction[key] = copy.deepcopy(value)

    def _step_for(self, index: int, kind: str) -> dict[str, Any]:
        key = self._offset + index
        step = self._steps.get(key)
        if step is None:  # a delta without its step.start: infer the parent type
            step = {"type": _DELTA_PARENT.get(kind, "model_output")}
            self._steps[key] = step
        return step

    def _append_text(self, content: list[dict[str, Any]], text: str) -> None:
        if content and _is_text(content[-1]):
            block = content[-1]
            entry = self._pending.get(id(block))
            if entry is None or entry[0] is not block:
                entry = (block, [str(block.get("text", ""))])
                self._pending[id(block)] = entry
            entry[1].append(text)  # block["text"] is brought up to date by _flush()
        else:
            block = {"type": "text", "text": text}
            content.append(block)
            self._pending[id(block)] = (block, [text])

    def _on_delta(self, event: StepDelta) -> None:
        delta = event.delta
        if event.kind == "unknown":
            log.debug("ignoring unknown delta type %r", event.delta_type)
            return
        step = self._step_for(event.index, event.kind)
        if event.kind == "text":
            text = delta.get("text")
            self._append_text(_list(step, "content"), text if isinstance(text, str) else "")
        elif event.kind == "thought_summary":
            block = delta.get("content")
            if isinstance(block, dict):
                summary = _list(step, "summary")
                if block.get("type", "text") == "text" and summary and _is_text(summary[-1]):
                    summary[-1]["text"] = str(summary[-1].get("text", "")) + str(
                        block.get("text", "")
                    )
                else:
                    summary.append(copy.deepcopy(block))
        elif event.kind == "thought_signature":
            if event.signature is not None:
                step["signature"] = event.signature
        elif event.kind == "text_annotation_delta":
            annotations = delta.get("annotations")
            if isinstance(annotations, list):
                content = _list(step, "content")
                if not content or not _is_text(content[-1]):
                    content.append({"type": "text", "text": ""})
                target = content[-1].setdefault("annotations", [])
                target.extend(copy.deepcopy(annotations))
        elif event.kind == "media":
            block = {k: copy.deepcopy(v) for k, v in delta.items()}
            block["type"] = event.delta_type
            _list(step, "content").append(block)
        elif event.kind == "arguments_delta":
            piece = delta.get("arguments") or delta.get("partial_arguments") or ""
            key = self._offset + event.index
            self._arguments[key] = self._arguments.get(key, "") + str(piece)

    def _on_stop(self, event: StepStop) -> None:
        key = self._offset + event.index
        pending = self._arguments.pop(key, None)
        if pending is not None and key in self._steps:
            try:
                self._steps[key]["arguments"] = json.loads(pending) if pending else {}
            except ValueError:
                self._steps[key]["arguments"] = pending


def _list(step: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = step.get(key)
    if not isinstance(value, list):
        value = []
        step[key] = value
    return value


def _is_text(block: Any) -> bool:
    return isinstance(block, dict) and block.get("type", "text") == "text" and "text" in block


def _block_texts(blocks: Any) -> str:
    if not isinstance(blocks, list):
        return ""
    return "".join(
        str(b.get("text", "")) for b in blocks if isinstance(b, dict) and b.get("type") == "text"
    )
