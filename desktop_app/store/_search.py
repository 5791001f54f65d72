"""Search helpers: snippets with match markers, built from the original text.

The FTS5 index is contentless (it only holds folded tokens), so snippets are
cut from the stored text here.  A term such as ``gunes`` becomes a regular
expression whose letters accept every case/diacritic variant (``[gGğĞ…]``),
which finds "Güneş" at C speed without folding whole documents in Python.
"""

from __future__ import annotations

import functools
import re

from ._folding import fold_token
from ._models import MATCH_END, MATCH_START

_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*"
SNIPPET_CHARS = 180
_LEAD_CHARS = 60


@functools.cache
def _variants() -> dict[str, str]:
    groups: dict[str, set[str]] = {}
    ranges = [(0x20, 0x250), (0x1E00, 0x1F00), (0x370, 0x530)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            folded = fold_token(ch)
            if len(folded) == 1:
                groups.setdefault(folded, {folded}).add(ch)
    return {k: "".join(sorted(v)) for k, v in groups.items()}


def _char_class(ch: str) -> str:
    chars = set(_variants().get(ch, ch)) | {ch, ch.upper()}
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" + _COMBINING


@functools.lru_cache(maxsize=256)
def term_pattern(terms: tuple[tuple[str, bool], ...]) -> re.Pattern[str]:
    alternatives = []
    for word, prefix in terms:
        body = "".join(_char_class(ch) for ch in word)
        tail = r"\w*" if prefix else r"(?!\w)"
        alternatives.append(body + tail)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def make_snippet(text: str, terms: tuple[tuple[str, bool], ...], width: int = SNIPPET_CHARS) -> str:
    """A window of *text* around the first match, matches wrapped in markers."""
    if not terms:
        return text[:width]
    pattern = term_pattern(terms)
    first = pattern.search(text)
    if first is None:
        start = 0
    else:
        start = max(0, first.start() - _LEAD_CHARS)
        if start > 0:
            space = text.rfind(" ", 0, start)
            if space >= 0 and start - space < 20:
                start = space + 1
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        if 0 <= space - end < 20:
            end = space
    window = text[start:end]
    marked = pattern.sub(lambda m: MATCH_START + m.group() + MATCH_END, window)
    marked = " ".join(marked.split())  # newlines and runs of spaces read badly in a list
    return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")
