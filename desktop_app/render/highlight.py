"""Fenced code → Qt rich-text spans with inline colours (Qt ignores CSS classes).

Lexer lookups are cached, failures included: a failed pygments lookup costs
≈33 ms the first time and the first use of a lexer 6–48 ms, so callers never
look one up for an incomplete fence line and :func:`warm_lexers` preloads the
common ones when the app is idle.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from desktop_app.render.palette import Palette

if TYPE_CHECKING:
    from pygments.lexer import Lexer
    from pygments.token import _TokenType

COMMON_LANGUAGES = (
    "python",
    "javascript",
    "typescript",
    "bash",
    "json",
    "html",
    "css",
    "c",
    "cpp",
    "java",
    "go",
    "rust",
    "sql",
    "yaml",
)


@lru_cache(maxsize=256)
def lexer_for(language: str) -> Lexer | None:
    """The lexer for a fence's info word, or None (never guessed from content)."""
    # pygments loads on the first lookup, not with the window (bench_startup.py).
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    name = language.strip().lower()
    if not name or len(name) > 40:
        return None
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=8)
def _style_map(style_name: str) -> dict[_TokenType, str]:
    from pygments.styles import get_style_by_name

    style = get_style_by_name(style_name)
    css: dict[_TokenType, str] = {}
    for token_type, spec in style:
        parts = []
        if spec["color"]:
            parts.append(f"color:#{spec['color']}")
        if spec["bold"]:
            parts.append("font-weight:bold")
        if spec["italic"]:
            parts.append("font-style:italic")
        css[token_type] = ";".join(parts)
    return css


def _css_for(token_type: _TokenType, styles: dict[_TokenType, str]) -> str:
    current: _TokenType | None = token_type
    while current is not None:
        if current in styles:
            return styles[current]
        current = current.parent
    return ""


def highlight_lines(code: str, language: str, palette: Palette) -> list[str] | None:
    """Escaped HTML of each line of *code* with colour spans; None when no lexer matches.

    Spans never cross a line end, so each line can be handled on its own.
    """
    lexer = lexer_for(language)
    if lexer is None:
        return None
    from html import escape  # with the first highlight (html.entities is a large table)

    styles = _style_map(palette.pygments_style)
    lines: list[str] = []
    line: list[str] = []
    for token_type, value in lexer.get_tokens(code):
        css = _css_for(token_type, styles)
        pieces = value.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                lines.append("".join(line))
                line = []
            if piece:
                text = escape(piece, quote=False)
                line.append(f'<span style="{css}">{text}</span>' if css else text)
    lines.append("".join(line))
    return lines


def warm_lexer(language: str) -> None:
    """Load one lexer and compile all its rules (its first use costs 6–48 ms)."""
    lexer = lexer_for(language)
    if lexer is not None:
        for _ in lexer.get_tokens("x = 1\n"):
            pass


def warm_lexers(languages: tuple[str, ...] = COMMON_LANGUAGES) -> None:
    """Load the common lexers and both styles so the first code fence doesn't stall."""
    from desktop_app.render.palette import DARK, LIGHT

    for palette in (LIGHT, DARK):
        _style_map(palette.pygments_style)
    for language in languages:
        warm_lexer(language)
