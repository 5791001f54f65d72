"""Backoff arithmetic of RetryPolicy (protocol §5.3)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api import RetryPolicy


def test_exponential_from_half_a_second_capped_at_eight() -> None:
    policy = RetryPolicy(jitter=lambda: 1.0)
    assert [policy.backoff(n) for n in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


@given(n=st.integers(min_value=0, max_value=30), factor=st.floats(min_value=0.75, max_value=1.0))
def test_jitter_keeps_waits_within_bounds(n: int, factor: float) -> None:
    wait = RetryPolicy(jitter=lambda: factor).backoff(n)
    assert 0.375 <= wait <= 8.0


def test_default_jitter_is_in_the_sdk_range() -> None:
    policy = RetryPolicy()
    waits = [policy.backoff(0) for _ in range(200)]
    assert all(0.375 <= w <= 0.5 for w in waits)
    assert len(set(waits)) > 1


def test_retry_after_replaces_the_backoff_and_huge_values_stop_retrying() -> None:
    policy = RetryPolicy(jitter=lambda: 1.0, max_retry_after=60)
    assert policy.delay(0, 3.0) == 3.0
    assert policy.delay(3, 0.0) == 4.0  # a zero Retry-After is ignored, like the SDK
    assert policy.delay(0, None) == 0.5
    assert policy.delay(0, 3600.0) is None


def test_retryable_statuses() -> None:
    retryable = [s for s in range(400, 600) if RetryPolicy.is_retryable_status(s)]
    assert retryable[:3] == [408, 409, 429]
    assert retryable[3:] == list(range(500, 600))
