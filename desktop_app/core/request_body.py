"""Building ``POST /interactions`` bodies for stateful and stateless turns.

Pure functions over plain dicts, so every rule of the protocol lives in one place:

* ``system_instruction`` and ``generation_config`` are interaction-scoped: they are
  sent on every turn, chained or not;
* stateful turns send the new user turn and ``previous_interaction_id``;
* stateless turns (``store: false``) send the whole step history; model steps go
  back exactly as received — thought signatures untouched, nothing reordered.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop_app.core.settings import ConversationSettings

__all__ = [
    "build_body",
    "text_of_steps",
    "thoughts_of_steps",
    "user_input_step",
    "user_turn_input",
]

Step = dict[str, Any]


def user_input_step(text: str, blocks: Sequence[Mapping[str, Any]] = ()) -> Step:
    """One user turn as a ``user_input`` step: the text first, then the attachments."""
    content: list[dict[str, Any]] = []
    if text:
        content.append({"type": "text", "text": text})
    content.extend(dict(block) for block in blocks)
    return {"type": "user_input", "content": content}


def user_turn_input(step: Step) -> str | list[Step]:
    """The ``input`` for a chained turn: a bare string for plain text, else the step."""
    content = step.get("content") or []
    if len(content) == 1 and content[0].get("type") == "text":
        return str(content[0]["text"])
    return [step]


def build_body(
    settings: ConversationSettings,
    input_: str | list[Step],
    *,
    store: bool,
    previous_interaction_id: str | None = None,
    stream: bool = True,
) -> dict[str, Any]:
    if previous_interaction_id is not None and not store:
        raise ValueError("a store=false turn cannot chain a previous interaction")
    body: dict[str, Any] = {"model": settings.model, "input": input_}
    if settings.system_instruction:
        body["system_instruction"] = settings.system_instruction
    config = settings.generation.to_api()
    if config:
        body["generation_config"] = config
    # store defaults to true server-side; say it explicitly either way.
    body["store"] = store
    if previous_interaction_id is not None:
        body["previous_interaction_id"] = previous_interaction_id
    if stream:
        body["stream"] = True
    return body


def replayable(steps: Iterable[Step], *, complete: bool) -> list[Step]:
    """Model steps to resend in a stateless history.

    A complete answer goes back verbatim. From a stopped or failed one we keep what is
    whole: thoughts that got their signature, and output that has content.
    """
    out: list[Step] = []
    for step in steps:
        if complete:
            out.append(copy.deepcopy(step))
            continue
        kind = step.get("type")
        if kind == "thought" and not step.get("signature"):
            continue
        if kind == "model_output" and not step.get("content"):
            continue
        if kind in ("function_call",) and step.get("arguments") is None:
            continue
        out.append(copy.deepcopy(step))
    return out


def text_of_steps(steps: Iterable[Mapping[str, Any]]) -> str:
    """The answer's visible text: every text block of every ``model_output`` step."""
    parts: list[str] = []
    for step in steps:
        if step.get("type") != "model_output":
            continue
        for block in step.get("content") or ():
            if block.get("type") == "text" and block.get("text"):
                parts.append(str(block["text"]))
    return "".join(parts)


def thoughts_of_steps(steps: Iterable[Mapping[str, Any]]) -> str:
    parts: list[str] = []
    for step in steps:
        if step.get("type") != "thought":
            continue
        for block in step.get("summary") or ():
            if block.get("type") == "text" and block.get("text"):
                parts.append(str(block["text"]))
    return "\n\n".join(parts)
