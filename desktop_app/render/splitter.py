"""Split a growing Markdown text into finished top-level blocks and an open tail.

A top-level block is finished once a later top-level block has started on a
*complete* line: CommonMark closes blocks line by line and never reopens one.
(The partial last line is left out of the decision: "|-" may be a table's
delimiter row until "x" arrives.) Link reference definitions, the one
construct that acts backwards, are disabled in :mod:`markdown`. Rendering the
finished chunks one by one, then the tail, therefore gives the same HTML as
rendering the whole text at once; the property tests check exactly that.
"""

from __future__ import annotations

from itertools import pairwise

from markdown_it import MarkdownIt

from desktop_app.render.markdown import shared_block_parser


class BlockSplitter:
    """Accumulates deltas; hands out finished chunks once, keeps the open tail.

    Only the open tail is re-parsed on :meth:`take_finished`, so the cost of a
    stream stays linear in its length as long as single blocks stay small.
    """

    def __init__(self, parser: MarkdownIt | None = None) -> None:
        self._md = parser or shared_block_parser()
        self._tail = ""
        self._held_cr = False  # a "\r" that may be the first half of "\r\n"
        self._committed_len = 0

    @property
    def tail(self) -> str:
        """The text not yet handed out as finished (normalised line endings)."""
        return self._tail + ("\n" if self._held_cr else "")

    @property
    def committed_length(self) -> int:
        return self._committed_len

    def feed(self, delta: str) -> None:
        if not delta:
            return
        if self._held_cr:
            delta = "\r" + delta
            self._held_cr = False
        if delta.endswith("\r"):
            delta = delta[:-1]
            self._held_cr = True
        if "\r" in delta:
            delta = delta.replace("\r\n", "\n").replace("\r", "\n")
        self._tail += delta

    def take_finished(self) -> str:
        """Remove and return the finished blocks at the head of the tail ("" if none)."""
        return "".join(self.take_finished_blocks())

    def take_finished_blocks(self) -> list[str]:
        """Like :meth:`take_finished`, one string per top-level block.

        Each boundary is a cut the stream could have made had the text arrived
        only up to it, so rendering the blocks one by one (or in any grouping)
        gives the same HTML: a big batch can be shown over several frames.
        """
        tail = self.tail
        complete = tail[: tail.rfind("\n") + 1]
        if not complete:
            return []
        starts = [
            token.map[0]
            for token in self._md.parse(complete)
            if token.level == 0 and token.nesting >= 0 and token.map is not None
        ]
        if len(starts) < 2:
            return []
        offsets = _offsets_of_lines(complete, starts)
        cut = offsets[-1]
        # Blank lines before the first block belong to it.
        bounds = [0, *sorted({o for o in offsets[1:-1] if 0 < o < cut}), cut]
        blocks = [self._tail[a:b] for a, b in pairwise(bounds) if b > a]
        self._tail = self._tail[cut:]
        self._committed_len += cut
        return blocks


def _offsets_of_lines(text: str, lines: list[int]) -> list[int]:
    """Character offsets of the starts of *lines* (ascending line numbers)."""
    offsets = []
    offset = 0
    line = 0
    for target in lines:
        while line < target:
            offset = text.index("\n", offset) + 1
            line += 1
        offsets.append(offset)
    return offsets
