"""When and how long to wait before trying a request again (protocol §5.3)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy"]

Sleep = Callable[[float], Awaitable[None]]

RETRYABLE_STATUSES = frozenset({408, 409, 429})


def _default_jitter() -> float:
    # The SDK multiplies each backoff by a factor in (0.75, 1.0].
    return 1.0 - random.random() * 0.25


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, honouring the server's ``Retry-After``.

    ``delay(n)`` for the n-th retry (0-based) is ``initial_delay * exp_base**n`` capped at
    ``max_delay`` and multiplied by ``jitter()``. A server-given ``Retry-After`` replaces
    it as-is; if that exceeds ``max_retry_after`` the request is not retried at all (the
    caller gets the error with its ``retry_after`` and can tell the user).

    ``sleep`` and ``jitter`` are injectable so tests stay fast and can assert the waits;
    the same ``sleep`` paces stream resumes and file-state polling.
    """

    max_retries: int = 4
    initial_delay: float = 0.5
    max_delay: float = 8.0
    exp_base: float = 2.0
    max_retry_after: float = 60.0
    sleep: Sleep = field(default=asyncio.sleep, compare=False)
    jitter: Callable[[], float] = field(default=_default_jitter, compare=False)

    @staticmethod
    def is_retryable_status(status: int) -> bool:
        return status in RETRYABLE_STATUSES or status >= 500

    def backoff(self, retry_number: int) -> float:
        """The computed wait before retry ``retry_number`` (0-based), jitter included."""
        base = min(self.max_delay, self.initial_delay * self.exp_base**retry_number)
        return base * self.jitter()

    def delay(self, retry_number: int, retry_after: float | None = None) -> float | None:
        """The wait before retry ``retry_number``, or ``None`` when the server asks too much."""
        if retry_after is not None and retry_after > 0:
            if retry_after > self.max_retry_after:
                return None
            return retry_after
        return self.backoff(retry_number)

    @classmethod
    def no_retries(cls) -> RetryPolicy:
        return cls(max_retries=0)
