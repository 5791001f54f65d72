"""Plain text derived from API ``steps`` (for display, search and exports)."""

from __future__ import annotations

from typing import Any

_TEXT_STEPS = frozenset({"user_input", "model_output"})


def _block_text(blocks: Any) -> str:
    if not isinstance(blocks, list):
        return ""
    return "".join(
        str(b.get("text", ""))
        for b in blocks
        if isinstance(b, dict) and b.get("type", "text") == "text"
    )


def derive_text(steps: list[dict[str, Any]]) -> str:
    """Text of every ``user_input`` / ``model_output`` step, steps separated by a blank line."""
    parts = [
        _block_text(step.get("content"))
        for step in steps
        if isinstance(step, dict) and step.get("type") in _TEXT_STEPS
    ]
    return "\n\n".join(p for p in parts if p)


def derive_thoughts(steps: list[dict[str, Any]]) -> str:
    """Concatenated thought summaries (empty when the model sent none)."""
    parts = [
        _block_text(step.get("summary"))
        for step in steps
        if isinstance(step, dict) and step.get("type") == "thought"
    ]
    return "\n\n".join(p for p in parts if p)


def user_steps(text: str) -> list[dict[str, Any]]:
    """The steps of a plain-text user turn: ``[{"type": "user_input", "content": [...]}]``."""
    return [{"type": "user_input", "content": [{"type": "text", "text": text}]}]
