"""Markdown to safe, QTextDocument-friendly HTML; incremental for streams. No widgets.

The pure part (:mod:`markdown`, :mod:`splitter`, :mod:`highlight`, :mod:`palette`)
has no Qt import; :mod:`document` adds the QtGui side (a document that never
fetches resources, and the streaming updater).

The names below are imported on first use: the main window paints before
markdown-it and pygments are loaded (`benchmarks/bench_startup.py`), and
``render.palette`` alone stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app._lazy import lazy_exports

if TYPE_CHECKING:
    from desktop_app.render.highlight import warm_lexers
    from desktop_app.render.markdown import (
        SAFE_LINK_SCHEMES,
        CodeBlock,
        MarkdownRenderer,
        code_blocks,
        is_safe_link,
        render_markdown,
        warm_renderers,
    )
    from desktop_app.render.palette import DARK, LIGHT, Palette, palette_for
    from desktop_app.render.splitter import BlockSplitter

_LAZY = {
    "DARK": "desktop_app.render.palette",
    "LIGHT": "desktop_app.render.palette",
    "SAFE_LINK_SCHEMES": "desktop_app.render.markdown",
    "BlockSplitter": "desktop_app.render.splitter",
    "CodeBlock": "desktop_app.render.markdown",
    "MarkdownRenderer": "desktop_app.render.markdown",
    "Palette": "desktop_app.render.palette",
    "code_blocks": "desktop_app.render.markdown",
    "is_safe_link": "desktop_app.render.markdown",
    "palette_for": "desktop_app.render.palette",
    "render_markdown": "desktop_app.render.markdown",
    "warm_lexers": "desktop_app.render.highlight",
    "warm_renderers": "desktop_app.render.markdown",
}

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
    "warm_renderers",
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals(), __all__)
