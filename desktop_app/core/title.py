"""Conversation titles: a cheap model call, or the prompt's first words."""

from __future__ import annotations

import re
from typing import Any

from desktop_app.core.settings import ConversationSettings

__all__ = ["MAX_TITLE_WORDS", "clean_title", "fallback_title", "title_request"]

MAX_TITLE_WORDS = 6
_PROMPT_CHARS = 2000
_STRIP = "\"'`*_#“”‘’«»「」 \t.,:;!-"


def title_request(settings: ConversationSettings, prompt: str, answer: str) -> dict[str, Any]:
    """A ``store=false`` request with minimal thinking that asks for a short title."""
    excerpt = prompt.strip()[:_PROMPT_CHARS]
    reply = answer.strip()[:500]
    text = (
        f"Write a title of at most {MAX_TITLE_WORDS} words for a conversation that starts "
        "with the message below. Reply with the title only, no quotes.\n\n"
        f"Message: {excerpt}"
    )
    if reply:
        text += f"\n\nBeginning of the reply: {reply}"
    return {
        "model": settings.model,
        "input": text,
        "store": False,
        "generation_config": {"thinking_level": "minimal"},
    }


def clean_title(raw: str) -> str:
    """First non-empty line, without quotes or Markdown, cut to six words."""
    for line in raw.splitlines():
        line = re.sub(r"^(title|başlık)\s*:\s*", "", line.strip(), flags=re.IGNORECASE)
        line = line.strip(_STRIP)
        if line:
            words = line.split()
            return " ".join(words[:MAX_TITLE_WORDS]).strip(_STRIP)
    return ""


def fallback_title(prompt: str, attachment_names: tuple[str, ...] = ()) -> str:
    words = prompt.split()
    if words:
        title = " ".join(words[:MAX_TITLE_WORDS])
        return title + ("…" if len(words) > MAX_TITLE_WORDS else "")
    if attachment_names:
        return attachment_names[0]
    return "New conversation"
