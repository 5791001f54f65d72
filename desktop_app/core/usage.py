"""Token usage: per answer as the API reports it, summed per conversation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["UsageTotals", "add_usage", "usage_of"]


@dataclass(frozen=True, slots=True)
class UsageTotals:
    input: int = 0
    output: int = 0
    thought: int = 0
    cached: int = 0
    total: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "input": self.input,
            "output": self.output,
            "thought": self.thought,
            "cached": self.cached,
            "total": self.total,
        }


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0


def usage_of(usage: Mapping[str, Any] | None) -> UsageTotals:
    """One answer's ``usage`` object as totals (missing fields count as 0)."""
    if not usage:
        return UsageTotals()
    input_tokens = _int(usage.get("total_input_tokens"))
    output_tokens = _int(usage.get("total_output_tokens"))
    thought_tokens = _int(usage.get("total_thought_tokens"))
    total = _int(usage.get("total_tokens")) or input_tokens + output_tokens + thought_tokens
    return UsageTotals(
        input=input_tokens,
        output=output_tokens,
        thought=thought_tokens,
        cached=_int(usage.get("total_cached_tokens")),
        total=total,
    )


def add_usage(totals: UsageTotals, usage: Mapping[str, Any] | None) -> UsageTotals:
    one = usage_of(usage)
    return UsageTotals(
        input=totals.input + one.input,
        output=totals.output + one.output,
        thought=totals.thought + one.thought,
        cached=totals.cached + one.cached,
        total=totals.total + one.total,
    )
