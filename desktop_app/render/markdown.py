"""Markdown → HTML in QTextDocument's rich-text subset. Pure Python, no Qt.

Model output is untrusted: raw HTML is disabled (markdown-it escapes it and it
shows as text), images are never emitted as ``<img>`` (a link to them at most,
so nothing is fetched), and control or bidi-override characters are made
visible instead of being interpreted.

Link reference definitions (``[x]: url``) are disabled: they act at a
distance on earlier text, which an incremental render of a stream cannot
honour; they show as text with the URL linkified.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from desktop_app.render.highlight import highlight_lines
from desktop_app.render.palette import LIGHT, Palette

_FILLER = "&nbsp;"
SAFE_LINK_SCHEMES = ("http:", "https:", "mailto:")

# C0 controls (but tab/newline) become their visible "control pictures";
# bidi embeddings/overrides/isolates become a visible marker (Trojan Source).
_VISIBLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({c: f"⟨U+{c:04X}⟩" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_VISIBLE.update({0x2028: " ", 0x2029: " ", 0x200E: "⟨LRM⟩", 0x200F: "⟨RLM⟩", 0x061C: "⟨ALM⟩"})
_VISIBLE_TABLE = str.maketrans(_VISIBLE)


def make_visible(text: str) -> str:
    """Control and bidi-override characters as visible glyphs."""
    return text.translate(_VISIBLE_TABLE)


_LONG_RUN = re.compile(r"[^\s\u200b]{80}(?=[^\s\u200b])")


def breakable(text: str) -> str:
    """Add zero-width spaces inside very long words: Qt wraps an unbreakable
    run in quadratic time (1 MB of "x" takes minutes), with them in linear."""
    if len(text) < 80:
        return text
    return _LONG_RUN.sub(lambda match: match.group(0) + "\u200b", text)


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_LINK_SCHEMES)


def _drop_unsafe_links(state: StateCore) -> None:
    """Links other than http/https/mailto keep their text but stop being links."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        kept: list[Token] = []
        dropped_levels: list[int] = []
        for child in token.children:
            if child.type == "link_open" and not is_safe_link(str(child.attrGet("href") or "")):
                dropped_levels.append(child.level)
                continue
            if child.type == "link_close" and dropped_levels and dropped_levels[-1] == child.level:
                dropped_levels.pop()
                continue
            kept.append(child)
        token.children = kept


def _base_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    # Deeper than this is shown as source text (see _render_too_deep); 50 keeps
    # markdown-it's recursion far from Python's limit.
    md.options["maxNesting"] = 50
    md.enable(["table", "strikethrough", "linkify"])
    md.disable("reference")
    md.core.ruler.push("drop_unsafe_links", _drop_unsafe_links)
    if md.linkify is not None:  # only scheme:// links, no "file.py" taken for a domain
        md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    return md


def block_parser() -> MarkdownIt:
    """The same grammar with only block rules: cheap structure for the splitter."""
    md = _base_parser()
    md.core.ruler.enableOnly(["normalize", "block"])
    return md


class QtHtmlRenderer(RendererHTML):
    """markdown-it's HTML renderer, adapted to what QTextDocument understands."""

    def __init__(self, parser: Any = None) -> None:
        super().__init__(parser)
        self.palette: Palette = LIGHT

    def _code(self, code: str, language: str) -> str:
        if code.endswith("\n"):
            code = code[:-1]
        # An empty body means the fence line may still be arriving ("```pyt"):
        # don't pay for a lexer lookup of a half-typed name.
        lines = highlight_lines(code, language, self.palette) if code and language else None
        if lines is None:
            lines = [html.escape(line, quote=False) for line in code.split("\n")]
        # Qt eats a <pre>'s leading newline and drops whitespace-only ones:
        # an empty line holds a no-break space so every line stays a line.
        body = "\n".join(line or _FILLER for line in lines)
        return f'<pre style="background-color:{self.palette.code_background}">{body}</pre>\n'

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        return self._code(token.content, language)

    def code_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._code(tokens[idx].content, "")

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return html.escape(breakable(tokens[idx].content), quote=False)

    def code_inline(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        code = html.escape(breakable(tokens[idx].content), quote=False)
        return f'<code style="background-color:{self.palette.inline_code_background}">{code}</code>'

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        # Never an <img>: that would make Qt fetch it. Show the alt text, linked if safe.
        token = tokens[idx]
        alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
        label = f"[{alt or 'image'}]"
        src = str(token.attrGet("src") or "")
        if is_safe_link(src):
            return f'<a href="{html.escape(src)}">{label}</a>'
        return label

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        color = self.palette.table_border
        return (
            f'<table border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse:collapse;border-color:{color}">\n'
        )

    def _cell(self, tag: str, token: Token) -> str:
        style = str(token.attrGet("style") or "")
        align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
        return f'<{tag} align="{align}">' if align in ("left", "center", "right") else f"<{tag}>"

    # Qt drops an empty element in mid-document but keeps it as the last block,
    # so an empty item/heading/quote would render differently depending on
    # what follows: give each one a no-break space (a space in plain text).

    def heading_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        empty = idx > 0 and tokens[idx - 1].type == "inline" and not tokens[idx - 1].content
        return (_FILLER if empty else "") + self.renderToken(tokens, idx, options, env)

    def list_item_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        empty = tokens[idx - 1].type == "list_item_open"
        return (_FILLER if empty else "") + self.renderToken(tokens, idx, options, env)

    def blockquote_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        empty = tokens[idx - 1].type == "blockquote_open"
        return (f"<p>{_FILLER}</p>" if empty else "") + self.renderToken(tokens, idx, options, env)

    def th_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self.heading_close(tokens, idx, options, env)

    def td_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # An empty last cell also changes where Qt puts the block after a table.
        return self.heading_close(tokens, idx, options, env)

    def th_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self._cell("th", tokens[idx])

    def td_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self._cell("td", tokens[idx])


@dataclass(frozen=True, slots=True)
class CodeBlock:
    language: str
    code: str


def code_blocks(text: str) -> list[CodeBlock]:
    """The fenced and indented code blocks of *text*, in order (for "Copy code")."""
    blocks = []
    for token in _block_only.parse(text):
        if token.type in ("fence", "code_block"):
            info = token.info.strip().split(maxsplit=1)
            code = token.content[:-1] if token.content.endswith("\n") else token.content
            blocks.append(CodeBlock(info[0] if info else "", code))
    return blocks


class MarkdownRenderer:
    """Markdown text → Qt rich-text HTML for one palette."""

    def __init__(self, palette: Palette = LIGHT) -> None:
        self._md = _base_parser()
        self._md.renderer = QtHtmlRenderer(self._md)
        self.palette = palette

    @property
    def palette(self) -> Palette:
        return self._palette

    @palette.setter
    def palette(self, palette: Palette) -> None:
        self._palette = palette
        renderer = self._md.renderer
        assert isinstance(renderer, QtHtmlRenderer)
        renderer.palette = palette

    def render(self, text: str) -> str:
        env: dict[str, Any] = {}
        tokens = self._md.parse(text, env)
        limit = self._md.options["maxNesting"] - 1
        if any(token.level >= limit for token in tokens):
            html = self._render_too_deep(text, tokens, env, limit)
        else:
            html = self._md.renderer.render(tokens, self._md.options, env)
        # No whitespace after the last block: Qt would turn it into a trailing space.
        return make_visible(html).rstrip()

    def _render_too_deep(
        self, text: str, tokens: Sequence[Token], env: dict[str, Any], limit: int
    ) -> str:
        """markdown-it silently drops what is nested deeper than maxNesting: show
        such top-level blocks as their source text instead (per block, so a
        streamed render stays identical to a full one)."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        out: list[str] = []
        start = 0
        while start < len(tokens):
            end = start
            if tokens[start].nesting == 1:  # find the matching close at level 0
                while not (tokens[end].level == 0 and tokens[end].nesting == -1):
                    end += 1
            group = tokens[start : end + 1]
            first_map = tokens[start].map
            if first_map is not None and any(token.level >= limit for token in group):
                source = lines[first_map[0] : first_map[1]]
                escaped = "<br />".join(html.escape(breakable(line)) for line in source)
                out.append(f"<p>{escaped}</p>\n")
            else:
                out.append(self._md.renderer.render(group, self._md.options, env))
            start = end + 1
        return "".join(out)


_block_only = block_parser()
_default: dict[str, MarkdownRenderer] = {}


def renderer_for(palette: Palette) -> MarkdownRenderer:
    """The shared renderer of *palette* (building one compiles many regexes)."""
    renderer = _default.get(palette.name)
    if renderer is None:
        renderer = _default[palette.name] = MarkdownRenderer(palette)
    return renderer


def shared_block_parser() -> MarkdownIt:
    return _block_only


def render_markdown(text: str, palette: Palette = LIGHT) -> str:
    """Render *text* at once (a finished message, or the reference for a stream)."""
    return renderer_for(palette).render(text)


# Every construct once, so first-use costs (linkify's lazy regexes: ≈20 ms)
# are paid while the app is idle, not in the middle of a stream.
_WARM_SAMPLE = (
    "# h\n\npara *em* **b** ~~s~~ `c` [l](https://example.com/x) https://example.org/y\n\n"
    "- a\n  1. b\n\n> q\n\n| a | b |\n|:-|-:|\n| 1 | |\n\n---\n\n```\ncode\n```\n"
    "![i](https://example.com/i.png) [partial](https:"
)


def warm_renderers() -> None:
    from desktop_app.render.palette import DARK

    for palette in (LIGHT, DARK):
        renderer_for(palette).render(_WARM_SAMPLE)
    code_blocks(_WARM_SAMPLE)
