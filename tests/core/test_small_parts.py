"""Titles, usage sums and the MIME sniffer on arbitrary bytes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.mime import detect_mime_from_bytes, is_supported
from desktop_app.core.title import clean_title, fallback_title
from desktop_app.core.usage import UsageTotals, add_usage, usage_of


def test_clean_title() -> None:
    assert clean_title('"Dogs, paws and houses"\n\nMore text') == "Dogs, paws and houses"
    assert clean_title("Title: **Counting paws in a house today, for real**") == (
        "Counting paws in a house today"
    )
    assert clean_title("\n  \n# İstanbul'da güneşli bir gün.\n") == "İstanbul'da güneşli bir gün"
    assert clean_title("") == ""


def test_fallback_title() -> None:
    assert fallback_title("How does AI work?") == "How does AI work?"
    assert fallback_title("one two three four five six seven") == "one two three four five six…"
    assert fallback_title("   ", ("organ.jpg",)) == "organ.jpg"
    assert fallback_title("") == "New conversation"


def test_usage_sums() -> None:
    one = {"total_input_tokens": 7, "total_output_tokens": 16, "total_thought_tokens": 4}
    two = {"total_input_tokens": 3, "total_output_tokens": 1, "total_tokens": 9}
    totals = add_usage(add_usage(UsageTotals(), one), two)
    assert totals.as_dict() == {"input": 10, "output": 17, "thought": 4, "cached": 0, "total": 36}
    assert usage_of(None) == UsageTotals()
    assert usage_of({"total_input_tokens": "5", "total_output_tokens": True}).input == 5


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048), st.text(max_size=20))
def test_sniffer_never_fails(data: bytes, name: str) -> None:
    mime = detect_mime_from_bytes(data, name)
    assert "/" in mime
    assert isinstance(is_supported(mime), bool)
