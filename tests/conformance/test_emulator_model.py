"""The deterministic model and its helpers, as pure functions."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st

from tests.fake_gemini.markdown import long_markdown
from tests.fake_gemini.model import (
    ModelRequest,
    answer,
    signature_is_valid,
    split_deltas,
)


def user(text: str) -> dict[str, object]:
    return {"type": "user_input", "content": [{"type": "text", "text": text}]}


@given(st.text(min_size=2, max_size=400))
def test_split_deltas_is_lossless_with_small_pieces(text: str) -> None:
    pieces = split_deltas(text)

    assert "".join(pieces) == text
    assert len(pieces) >= 2
    assert all(1 <= len(p) <= 40 for p in pieces)
    assert pieces == split_deltas(text)


@given(st.integers(min_value=0, max_value=20_000))
def test_markdown_has_the_exact_size(size: int) -> None:
    assert len(long_markdown(size)) == size


def test_markdown_has_every_kind_of_block() -> None:
    text = long_markdown(5000)

    for marker in ("## Bölüm", "```python", "```javascript", "```bash", "```rust", "|:---", "> "):
        assert marker in text
    assert set("şğıİöüç") <= set(text)
    assert text.count("```") % 2 == 0


def test_paws_are_counted_from_visible_turns_only() -> None:
    full = answer(ModelRequest(steps=[user("I have 2 dogs and one cat."), user("Paws?")]))
    lost = answer(ModelRequest(steps=[user("Paws?")]))

    assert full.text.splitlines()[:3] == [
        "I can see 2 user turn(s).",
        "You told me: I have 2 dogs and one cat.",
        "That makes 12 paws.",
    ]
    assert lost.text.splitlines()[:2] == [
        "I can see 1 user turn(s).",
        "I don't know how many animals you have.",
    ]


def test_attachments_are_described() -> None:
    data = base64.b64encode(b"12345").decode()
    step = {
        "type": "user_input",
        "content": [
            {"type": "text", "text": "Look"},
            {"type": "image", "data": data, "mime_type": "image/png"},
            {
                "type": "document",
                "uri": "https://example.com/a.pdf",
                "mime_type": "application/pdf",
            },
        ],
    }
    result = answer(ModelRequest(steps=[step]))

    assert "Attachment 1: image, image/png, inline data, 5 bytes." in result.text
    assert "Attachment 2: document, application/pdf, uri https://example.com/a.pdf." in result.text
    assert result.usage["input_tokens_by_modality"] == [
        {"modality": "text", "tokens": 1},
        {"modality": "image", "tokens": 258},
        {"modality": "document", "tokens": 258},
    ]


def test_thinking_rules() -> None:
    def steps(config: dict[str, object]) -> list[dict[str, object]]:
        return answer(ModelRequest(steps=[user("Hi")], generation_config=config)).steps

    assert [s["type"] for s in steps({})] == ["model_output"]
    assert [s["type"] for s in steps({"thinking_level": "minimal"})] == ["model_output"]
    quiet = steps({"thinking_level": "low"})[0]
    loud = steps({"thinking_level": "high", "thinking_summaries": "auto"})[0]
    assert "summary" not in quiet
    assert signature_is_valid(quiet["signature"])
    assert loud["summary"][0]["text"].startswith("**Counting the turns**")  # type: ignore[index]


def test_usage_and_incomplete() -> None:
    config = {"thinking_level": "low", "max_output_tokens": 40}
    result = answer(ModelRequest(steps=[user("/markdown 1000")], generation_config=config))
    usage = result.usage
    output = result.steps[-1]["content"][0]["text"]  # type: ignore[index]

    assert result.status == "incomplete"
    assert len(output) == (40 - usage["total_thought_tokens"]) * 4
    assert usage["total_tokens"] == (
        usage["total_input_tokens"] + usage["total_output_tokens"] + usage["total_thought_tokens"]
    )
