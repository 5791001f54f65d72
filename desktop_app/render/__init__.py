"""Markdown to safe, QTextDocument-friendly HTML; incremental for streams. No widgets.

The pure part (:mod:`markdown`, :mod:`splitter`, :mod:`highlight`, :mod:`palette`)
has no Qt import; :mod:`document` adds the QtGui side (a document that never
fetches resources, and the streaming updater).
"""

from desktop_app.render.highlight import warm_lexers
from desktop_app.render.markdown import (
    SAFE_LINK_SCHEMES,
    CodeBlock,
    MarkdownRenderer,
    code_blocks,
    is_safe_link,
    render_markdown,
)
from desktop_app.render.palette import DARK, LIGHT, Palette, palette_for
from desktop_app.render.splitter import BlockSplitter

__all__ = [
    "DARK",
    "LIGHT",
    "SAFE_LINK_SCHEMES",
    "BlockSplitter",
    "CodeBlock",
    "MarkdownRenderer",
    "Palette",
    "code_blocks",
    "is_safe_link",
    "palette_for",
    "render_markdown",
    "warm_lexers",
]
