"""Text folding shared by indexing and querying, plus safe FTS5 query building.

SQLite's ``unicode61 remove_diacritics 2`` tokenizer already folds case and
diacritics ("güneş" -> "gunes", "İ" -> "i"), but it keeps the Turkish dotless
"ı" as a letter of its own, so "ılık" would never meet "ILIK".  We map it to
"i" before text reaches the index and before a query reaches MATCH.  The
mapping is one code point for one code point, cheap (``str.translate``) and
deterministic, which matters: a contentless FTS5 table needs the exact same
folded text again to delete a row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

_INDEX_FOLD = str.maketrans({"ı": "i"})


def fold_for_index(text: str) -> str:
    """The text handed to the FTS5 tokenizer (rows and queries alike)."""
    # str.replace runs in C; str.translate with a dict table is ~20x slower on long
    # answers, and this runs on every streaming save.
    return text.replace("ı", "i")


def fold_token(token: str) -> str:
    """Python-side fold of one word, approximating what the tokenizer produces.

    Used to find matches again when building snippets from the original text.
    """
    decomposed = unicodedata.normalize("NFD", token.translate(_INDEX_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.lower().translate(_INDEX_FOLD))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def iter_words(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` spans of the words of *text* (letters, digits and their marks)."""
    start = -1
    for i, ch in enumerate(text):
        if _is_word_char(ch):
            if start < 0:
                start = i
        elif start >= 0:
            yield start, i
            start = -1
    if start >= 0:
        yield start, len(text)


def query_terms(query: str) -> list[tuple[str, bool]]:
    """Words of a user query as ``(folded word, is_prefix)``; syntax is ignored.

    Quotes, parentheses, ``AND``/``OR``/``NOT``/``NEAR``, column filters and
    stray ``*`` are all treated as plain text: only word characters survive,
    and a ``*`` directly after a word asks for a prefix match.
    """
    terms: list[tuple[str, bool]] = []
    for start, end in iter_words(query):
        prefix = query[end : end + 1] == "*"
        word = fold_token(query[start:end])
        if word:
            terms.append((word, prefix))
    return terms


def fts_match_expression(terms: list[tuple[str, bool]]) -> str:
    """An FTS5 MATCH string: every term quoted (never parsed as syntax), all required."""
    parts = []
    for word, prefix in terms:
        quoted = '"' + word.replace('"', '""') + '"'
        parts.append(quoted + " *" if prefix else quoted)
    return " AND ".join(parts)
