"""Hypothesis strategies for random Markdown and random ways to stream it."""

from __future__ import annotations

import random

from hypothesis import strategies as st

# Lines and fragments that exercise every block construct and its corner cases
# (setext underlines, table delimiter rows, lazy continuations, empty items...).
PIECES = [
    "# heading\n", "## Başlık ığüşöç\n", "para text\n", "more text ", "\n", "\n\n",
    "- item\n", "  - nested\n", "1. first\n", "2) second\n", "- \n", "-\n", "* * *\n",
    "> quote\n", ">\n", "> > deeper\n", "```python\n", "```\n", "~~~\n", "```\n```\n",
    "def f(x):\n    return x\n", "    indented code\n", "| a | b |\n", "|---|:-:|\n",
    "| 1 | 2 |\n", "|\n", "text\n| a |\n|-|\n", "---\n", "===\n", "#\n",
    "*em* **strong** `code` ~~gone~~ ", "[link](https://example.com) ",
    "https://example.org/path ", "<https://auto.link> ", "![img](http://x/y.png) ",
    "[js](javascript:alert(1)) ", "<script>alert(1)</script>", "<img src=x>",
    "\t", "\r\n", "\r", "\\", "&amp; &#x41; ", "\u202e", "\x01", "x", " ", "|", "`", "*",
    "-", ">", "#", ">" * 60 + " too deep\n", "- " * 30 + "deep list\n",
]  # fmt: skip

CHARS = [*list("ab #->*`|~_[]()!\n\n\n\t1.:/\\"), "```", "    ", "ğüşİ", "http://"]

markdown_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.lists(st.sampled_from(CHARS), max_size=80).map("".join),
)


def split_points(text: str, rnd: random.Random, longest: int = 12) -> list[str]:
    """*text* cut into deltas of 1..longest characters."""
    deltas = []
    i = 0
    while i < len(text):
        j = min(len(text), i + rnd.randint(1, longest))
        deltas.append(text[i:j])
        i = j
    return deltas
