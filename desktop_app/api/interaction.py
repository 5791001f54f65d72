"""The Interaction resource: the raw JSON, kept losslessly, with typed accessors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["TERMINAL_STATUSES", "Interaction", "output_text", "sum_usage"]

# Statuses after which nothing more happens to an interaction (requires_action waits for us).
TERMINAL_STATUSES = frozenset(
    {"completed", "failed", "cancelled", "incomplete", "budget_exceeded", "requires_action"}
)


@dataclass(frozen=True, slots=True)
class Interaction:
    """A thin view over the Interaction JSON.

    ``raw`` is exactly what the server sent (the history stores it as-is); every
    property reads from it.
    """

    raw: dict[str, Any]

    @property
    def id(self) -> str:
        value = self.raw.get("id")
        return value if isinstance(value, str) else ""

    @property
    def status(self) -> str:
        value = self.raw.get("status")
        return value if isinstance(value, str) else ""

    @property
    def model(self) -> str | None:
        value = self.raw.get("model")
        return value if isinstance(value, str) else None

    @property
    def steps(self) -> list[dict[str, Any]]:
        """The steps as raw dicts (POST: output steps only; GET: the whole timeline)."""
        steps = self.raw.get("steps")
        if not isinstance(steps, list):
            return []
        return [s for s in steps if isinstance(s, dict)]

    @property
    def usage(self) -> dict[str, Any] | None:
        value = self.raw.get("usage")
        return value if isinstance(value, dict) else None

    @property
    def continuation_token(self) -> str | None:
        value = self.raw.get("continuation_token")
        return value if isinstance(value, str) and value else None

    @property
    def output_text(self) -> str:
        """The SDK's ``output_text`` rule (protocol §3.6)."""
        return output_text(self.steps)

    def __repr__(self) -> str:
        return f"Interaction(id={self.id!r}, status={self.status!r}, steps={len(self.steps)})"


def output_text(steps: Iterable[dict[str, Any]]) -> str:
    """Walk backwards: stop at ``user_input``, skip ``thought``, collect the text blocks of
    trailing ``model_output`` steps, stop at the first non-text block or other step once
    collecting started; join in forward order."""
    parts: list[str] = []
    collecting = False
    for step in reversed(list(steps)):
        kind = step.get("type")
        if kind == "user_input":
            break
        if kind == "thought":
            continue
        if kind != "model_output":
            if collecting:
                break
            continue
        content = step.get("content")
        blocks = content if isinstance(content, list) else []
        stop = False
        for block in reversed(blocks):
            if isinstance(block, dict) and block.get("type") == "text":
                text = block.get("text")
                parts.append(text if isinstance(text, str) else "")
                collecting = True
            elif collecting:
                stop = True
                break
        if stop:
            break
    return "".join(reversed(parts))


def sum_usage(usages: Iterable[Any]) -> dict[str, Any]:
    """The usage of a turn made of several hops, each reporting only its own part (§4.8).

    Integer counters are added; ``*_by_modality`` lists are added per modality; other
    values are taken from the first hop that has them. Non-dict entries are skipped.
    """
    total: dict[str, Any] = {}
    for usage in usages:
        if not isinstance(usage, dict):
            continue
        for key, value in usage.items():
            previous = total.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                total[key] = (previous if isinstance(previous, int) else 0) + value
            elif key.endswith("_by_modality") and isinstance(value, list):
                total[key] = _add_modalities(previous if isinstance(previous, list) else [], value)
            elif key not in total:
                total[key] = value
    return total


def _add_modalities(into: list[Any], more: list[Any]) -> list[Any]:
    merged = [dict(item) if isinstance(item, dict) else item for item in into]
    for item in more:
        if not isinstance(item, dict):
            continue
        tokens = item.get("tokens")
        match = next(
            (
                m
                for m in merged
                if isinstance(m, dict) and m.get("modality") == item.get("modality")
            ),
            None,
        )
        if match is not None and isinstance(tokens, int) and isinstance(match.get("tokens"), int):
            match["tokens"] += tokens
        elif match is None:
            merged.append(dict(item))
    return merged
