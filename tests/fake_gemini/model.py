"""The deterministic "model": its answer is a pure function of what it was sent.

See the package docstring for the answer format. Everything here is plain data in,
plain data out (dict steps as on the wire), so it is easy to test on its own.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .markdown import long_markdown

Json = dict[str, Any]

MEDIA_TYPES = ("image", "audio", "video", "document")
MEDIA_TOKENS = 258
THOUGHT_MULTIPLIER = {"low": 1, "medium": 2, "high": 3, "xhigh": 4}
SIGNATURE_PREFIX = b"fake-sig:"

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_LEGS = {
    "dog": 4,
    "cat": 4,
    "horse": 4,
    "cow": 4,
    "rabbit": 4,
    "hamster": 4,
    "bird": 2,
    "chicken": 2,
    "duck": 2,
    "parrot": 2,
}
_NUMBER = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_HAS_NUMBER = re.compile(r"\b" + _NUMBER + r"\b", re.IGNORECASE)
_ANIMALS = re.compile(
    r"\b" + _NUMBER + r"\s+(" + "|".join(_LEGS) + r")s?\b",
    re.IGNORECASE,
)
_MARKDOWN_CMD = re.compile(r"^\s*/markdown(?:\s+(\d+))?", re.IGNORECASE)
_ECHO_CMD = re.compile(r"^\s*/echo(?:\s|$)", re.IGNORECASE)
_CITE_CMD = re.compile(r"(?:^|\s)/cite\b", re.IGNORECASE)


def tokens(text: str) -> int:
    """Token estimate: one token per 4 characters (rounded up)."""
    return math.ceil(len(text) / 4)


def split_deltas(text: str) -> list[str]:
    """Cut text into chunks of 5-40 characters, seeded by the text itself (deterministic).

    Any text of two or more characters gives at least two chunks.
    """
    if not text:
        return []
    rng = random.Random(zlib.crc32(text.encode("utf-8")))
    chunks: list[str] = []
    i = 0
    while i < len(text):
        n = rng.randint(5, 40)
        chunks.append(text[i : i + n])
        i += n
    if len(chunks) == 1 and len(text) >= 2:
        half = len(text) // 2
        chunks = [text[:half], text[half:]]
    return chunks


def make_signature(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:24]
    return base64.b64encode(SIGNATURE_PREFIX + digest).decode("ascii")


def signature_is_valid(signature: object) -> bool:
    """A replayed thought signature must be one the emulator issued, byte for byte."""
    if not isinstance(signature, str):
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    return raw.startswith(SIGNATURE_PREFIX) and len(raw) == len(SIGNATURE_PREFIX) + 24


def step_texts(step: Mapping[str, Any]) -> list[str]:
    content = step.get("content")
    if not isinstance(content, list):
        return []
    return [
        str(block.get("text", ""))
        for block in content
        if isinstance(block, dict) and block.get("type", "text") == "text"
    ]


def step_media(step: Mapping[str, Any]) -> list[Json]:
    content = step.get("content")
    if not isinstance(content, list):
        return []
    return [b for b in content if isinstance(b, dict) and b.get("type") in MEDIA_TYPES]


@dataclass
class ModelRequest:
    """What the model sees: every visible step, the newest user turn last."""

    steps: list[Json]
    system_instruction: str | None = None
    generation_config: Json = field(default_factory=dict)
    # uri -> File JSON for files known to the emulator (to report their size).
    file_lookup: Callable[[str], Json | None] = lambda _uri: None


@dataclass
class ModelAnswer:
    steps: list[Json]
    status: str
    usage: Json
    # The full (untruncated) answer text and thought summary, for tests.
    text: str
    thought_summary: str | None


def thinking_level(config: Mapping[str, Any]) -> str | None:
    """Thinking is on when thinking_level is set and is not "minimal"."""
    level = config.get("thinking_level")
    if not isinstance(level, str) or level == "minimal":
        return None
    return level


def _format_setting(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def _count_paws(texts: list[str]) -> int | None:
    total = 0
    found = False
    for text in texts:
        for number, animal in _ANIMALS.findall(text):
            count = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
            total += count * _LEGS[animal.lower()]
            found = True
    return total if found else None


def _describe_media(index: int, block: Json, request: ModelRequest) -> str:
    kind = str(block.get("type"))
    mime = block.get("mime_type") or "unknown mime type"
    if block.get("uri"):
        uri = str(block["uri"])
        info = request.file_lookup(uri)
        size = f", {info['sizeBytes']} bytes" if info and "sizeBytes" in info else ""
        return f"Attachment {index}: {kind}, {mime}, uri {uri}{size}."
    data = block.get("data")
    if isinstance(data, str):
        try:
            size_bytes = len(base64.b64decode(data, validate=False))
        except ValueError:
            size_bytes = 0
        return f"Attachment {index}: {kind}, {mime}, inline data, {size_bytes} bytes."
    return f"Attachment {index}: {kind}, {mime}, no data."


def _current_text(request: ModelRequest) -> str:
    user_steps = [s for s in request.steps if s.get("type") == "user_input"]
    return "\n".join(step_texts(user_steps[-1])) if user_steps else ""


def compose_text(request: ModelRequest) -> str:
    """The answer text (before any max_output_tokens cut)."""
    user_steps = [s for s in request.steps if s.get("type") == "user_input"]
    current = user_steps[-1] if user_steps else {"type": "user_input", "content": []}
    current_text = "\n".join(step_texts(current))
    earlier_texts = ["\n".join(step_texts(s)) for s in user_steps[:-1]]

    markdown = _MARKDOWN_CMD.match(current_text)
    if markdown:
        return long_markdown(int(markdown.group(1) or 4000))
    if _ECHO_CMD.match(current_text):
        return _ECHO_CMD.sub("", current_text, count=1)

    lines = [f"I can see {len(user_steps)} user turn(s)."]
    lines += [f"You told me: {t}" for t in earlier_texts if _HAS_NUMBER.search(t)]
    if re.search(r"\bpaws?\b", current_text, re.IGNORECASE):
        paws = _count_paws([*earlier_texts, current_text])
        if paws is None:
            lines.append("I don't know how many animals you have.")
        else:
            lines.append(f"That makes {paws} paws.")
    if request.system_instruction:
        lines.append(f"System instruction: {request.system_instruction}")
    if request.generation_config:
        settings = ", ".join(
            f"{key}={_format_setting(value)}"
            for key, value in sorted(request.generation_config.items())
        )
        lines.append(f"Generation settings: {settings}.")
    for index, block in enumerate(step_media(current), start=1):
        lines.append(_describe_media(index, block, request))
    lines.append(f"You said: {current_text}")
    return "\n".join(lines)


def _input_usage(request: ModelRequest) -> tuple[int, list[Json]]:
    by_modality: dict[str, int] = {"text": tokens(request.system_instruction or "")}
    for step in request.steps:
        for text in step_texts(step):
            by_modality["text"] += tokens(text)
        for block in step_media(step):
            modality = str(block["type"])
            by_modality[modality] = by_modality.get(modality, 0) + MEDIA_TOKENS
    listed = [{"modality": m, "tokens": n} for m, n in by_modality.items() if n or m == "text"]
    return sum(by_modality.values()), listed


def answer(request: ModelRequest) -> ModelAnswer:
    """Run the model: output steps, status and usage."""
    config = request.generation_config
    full_text = compose_text(request)
    level = thinking_level(config)
    user_turns = sum(1 for s in request.steps if s.get("type") == "user_input")

    steps: list[Json] = []
    summary: str | None = None
    thought_tokens = 0
    if level is not None:
        summary = (
            f"**Counting the turns**\n\nI can see {user_turns} user turn(s); "
            f"thinking level {level}. I will answer the newest one plainly."
        )
        thought_tokens = tokens(summary) * THOUGHT_MULTIPLIER.get(level, 2)
        thought: Json = {"type": "thought", "signature": make_signature(level, summary, full_text)}
        if config.get("thinking_summaries") == "auto":
            thought["summary"] = [{"type": "text", "text": summary}]
        steps.append(thought)

    text = full_text
    status = "completed"
    limit = config.get("max_output_tokens")
    if isinstance(limit, int) and not isinstance(limit, bool):
        room = max(0, limit - thought_tokens)
        if tokens(full_text) > room:
            text = full_text[: room * 4]
            status = "incomplete"
    if text:
        block: Json = {"type": "text", "text": text}
        if _CITE_CMD.search(_current_text(request)):
            # Cite the first line (indices are UTF-8 byte offsets).
            first_line = text.split("\n", 1)[0]
            block["annotations"] = [
                {
                    "type": "url_citation",
                    "url": "https://example.com/fake-gemini/source",
                    "title": "Fake Gemini source",
                    "start_index": 0,
                    "end_index": len(first_line.encode("utf-8")),
                }
            ]
        steps.append({"type": "model_output", "content": [block]})

    input_tokens, input_by_modality = _input_usage(request)
    output_tokens = tokens(text)
    usage: Json = {
        "input_tokens_by_modality": input_by_modality,
        "output_tokens_by_modality": [{"modality": "text", "tokens": output_tokens}],
        "total_input_tokens": input_tokens,
        "total_output_tokens": output_tokens,
        "total_thought_tokens": thought_tokens,
        "total_cached_tokens": 0,
        "total_tool_use_tokens": 0,
        "total_tokens": input_tokens + output_tokens + thought_tokens,
    }
    return ModelAnswer(
        steps=steps, status=status, usage=usage, text=full_text, thought_summary=summary
    )


def split_usage(usage: Json, first: list[Json]) -> tuple[Json, Json]:
    """Usage of an answer cut after the steps ``first``: (first hop's, the next hop's).

    Each hop reports only its own part: the first the input, the thinking and the
    output it produced; the next only the remaining output. The two add up exactly
    to ``usage``, so a client summing its hops (as the SDK's merge does) gets the
    whole answer's usage, and one reading a single hop never counts twice.
    """
    produced = sum(
        tokens(text)
        for step in first
        if step.get("type") == "model_output"
        for text in step_texts(step)
    )
    total_output = int(usage.get("total_output_tokens", 0))
    head_output = min(total_output, produced)
    rest = total_output - head_output
    head = dict(usage)
    head["output_tokens_by_modality"] = [{"modality": "text", "tokens": head_output}]
    head["total_output_tokens"] = head_output
    head["total_tokens"] = int(usage.get("total_tokens", 0)) - rest
    tail: Json = {
        "input_tokens_by_modality": [],
        "output_tokens_by_modality": [{"modality": "text", "tokens": rest}],
        "total_input_tokens": 0,
        "total_output_tokens": rest,
        "total_thought_tokens": 0,
        "total_cached_tokens": 0,
        "total_tool_use_tokens": 0,
        "total_tokens": rest,
    }
    return head, tail
