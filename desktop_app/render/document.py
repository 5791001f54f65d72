"""Rendered Markdown inside a QTextDocument: safe resources, streamed updates.

QtGui only (no widgets). The streaming path follows the measurements in
PERF_NOTES: finished blocks are inserted once, the open tail block is
replaced on every flush, so the cost per flush does not grow with the answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)

from desktop_app.render.markdown import renderer_for
from desktop_app.render.palette import LIGHT, Palette
from desktop_app.render.splitter import BlockSplitter

# Throw-away paragraphs around each inserted fragment: inserting merges the
# fragment's first block into the block at the cursor and its last block into
# what follows the cursor, losing their heading/list/code/rule formats.
# Merging these instead, then deleting them, keeps every real block intact.
_SACRIFICE = "<p>\u2063</p>"


_PROBE_TABLE = "<table><tr><td>T</td></tr></table>"


def _follows_table_directly(html: str) -> bool:
    """Whether setHtml puts *html*'s first block right after a preceding table.

    It does for a paragraph but keeps an empty block before a <pre> or
    another table; ask Qt rather than keep a list of its rules.
    """
    probe = QTextDocument()
    probe.setHtml(_PROBE_TABLE + html)
    frames = probe.rootFrame().childFrames()
    if not frames:
        return False
    block = probe.findBlock(frames[0].lastPosition() + 1)
    return block.isValid() and bool(block.text())


def _restore_formats(
    cursor: QTextCursor, block_format: QTextBlockFormat, char_format: QTextCharFormat
) -> None:
    # Each format change is a document edit (relayout, signals): skip no-ops.
    if cursor.blockFormat() != block_format:
        cursor.setBlockFormat(block_format)
    if cursor.blockCharFormat() != char_format:
        cursor.setBlockCharFormat(char_format)


class SafeTextDocument(QTextDocument):
    """A document that never fetches anything: no http, no file:, no qrc.

    Resources registered with :meth:`addResource` (attachment thumbnails) are
    still found; QTextDocument looks in that cache before calling here.
    """

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None


class StreamingDocument:
    """Keeps a QTextDocument equal to the render of a growing Markdown text."""

    def __init__(self, document: QTextDocument, palette: Palette = LIGHT) -> None:
        self.document = document
        self._renderer = renderer_for(palette)
        self._splitter = BlockSplitter()
        self._text_parts: list[str] = []
        self._committed_end = 0  # document position where the open tail starts
        self._has_committed = False
        self._in_sync = True
        self._dirty = False

    @property
    def text(self) -> str:
        return "".join(self._text_parts)

    @property
    def palette(self) -> Palette:
        return self._renderer.palette

    def set_palette(self, palette: Palette) -> None:
        if palette != self._renderer.palette:
            self._renderer = renderer_for(palette)
            self.set_text(self.text)

    def set_text(self, text: str) -> None:
        """Render *text* at once (a finished message, a restart, a theme change)."""
        self._text_parts = [text] if text else []
        self.document.setHtml(self._renderer.render(text))
        # The split into finished blocks and tail is only worked out if more
        # text arrives: most messages set here never change again.
        self._in_sync = False
        self._dirty = False

    def append(self, delta: str) -> None:
        """Queue *delta*; call :meth:`flush` (at most once a frame) to show it."""
        if not delta:
            return
        if not self._in_sync:
            self._resync()
        self._text_parts.append(delta)
        self._splitter.feed(delta)
        self._dirty = True

    def _resync(self) -> None:
        text = self.text
        self._splitter = BlockSplitter()
        self._splitter.feed(text)
        self._has_committed = False
        self._committed_end = 0
        self._in_sync = True
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        finished = self._splitter.take_finished()
        tail_html = self._renderer.render(self._splitter.tail)
        if not self._has_committed:
            if not finished:
                self.document.setHtml(tail_html)
                return
            # The first finished blocks: a plain setHtml, then the usual path.
            self.document.setHtml(self._renderer.render(finished))
            self._has_committed = True
            self._committed_end = self._end_position()
            finished = ""
        # No beginEditBlock(): inside one, Qt misplaces the block after a table.
        cursor = QTextCursor(self.document)
        self._remove_tail(cursor)
        if finished:
            self._insert_at_end(cursor, self._renderer.render(finished))
            self._committed_end = self._end_position()
        if tail_html:
            self._insert_at_end(cursor, tail_html)

    # -- document edits ------------------------------------------------------

    def _end_position(self) -> int:
        return self.document.characterCount() - 1

    def _remove_tail(self, cursor: QTextCursor) -> None:
        end = self._end_position()
        if end > self._committed_end:
            cursor.setPosition(self._committed_end)
            # Removing the committed block's separator hands it the tail's
            # last formats (Qt keeps the second block's): restore its own.
            block_format = cursor.blockFormat()
            char_format = cursor.blockCharFormat()
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            _restore_formats(cursor, block_format, char_format)

    def _insert_at_end(self, cursor: QTextCursor, html: str) -> None:
        start = self._end_position()
        cursor.setPosition(start)
        # Merging the sacrifice can rewrite the committed block's formats
        # (an <hr> loses its rule): remember them and put them back.
        block_format = cursor.blockFormat()
        char_format = cursor.blockCharFormat()
        after_table = self._is_empty_block_after_table(cursor)
        # Parsed by setHtml, not insertHtml: the two importers disagree on
        # corner cases (an <hr> in a quote gains an empty block via insertHtml).
        staging = QTextDocument()
        staging.setHtml(_SACRIFICE + html + _SACRIFICE)
        cursor.insertFragment(QTextDocumentFragment(staging))
        # Deleting the trailing sacrifice with its separator gives the last real
        # block the sacrifice's formats (Qt keeps the second block's): restore them.
        end = self._end_position()
        cursor.setPosition(end - 2)
        if cursor.currentTable() is not None:
            # After a table Qt keeps a block of its own anyway: empty it, keep it.
            cursor.setPosition(end - 1)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setBlockFormat(QTextBlockFormat())
            cursor.setBlockCharFormat(QTextCharFormat())
        else:
            last_block_format = cursor.blockFormat()
            last_char_format = cursor.blockCharFormat()
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            _restore_formats(cursor, last_block_format, last_char_format)
        if after_table and _follows_table_directly(html):
            # setHtml makes the block after a table the first block of what
            # follows it: drop our empty one (its successor keeps its formats).
            cursor.setPosition(start)
            cursor.setPosition(start + 2, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            return
        cursor.setPosition(start)
        cursor.setPosition(start + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        _restore_formats(cursor, block_format, char_format)

    def _in_table(self, position: int) -> bool:
        cursor = QTextCursor(self.document)
        cursor.setPosition(min(position, self._end_position()))
        return cursor.currentTable() is not None

    def _is_empty_block_after_table(self, cursor: QTextCursor) -> bool:
        position = cursor.position()
        return position > 0 and not cursor.block().text() and self._in_table(position - 1)
