"""Rendered Markdown inside a QTextDocument: safe resources, streamed updates.

QtGui only (no widgets). The streaming path follows the measurements in
PERF_NOTES: finished blocks are inserted once, the open tail block is
replaced on every flush, so the cost per flush does not grow with the answer.
"""

from __future__ import annotations

import time
from collections import deque
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


# Finished text rendered and inserted in one go while catching up with a burst:
# small enough to stay well inside a frame, big enough to amortise an insert.
CHUNK_CHARS = 1024
# A backlog up to this size is inserted at once (the usual flush of a stream).
BURST_CHARS = 3072
# Queued text handed to the splitter per step (a paste of a long text, a long
# message built progressively).
FEED_CHARS = 4096

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
        self._unfed: deque[str] = deque()  # appended text the splitter has not seen
        self._backlog: deque[str] = deque()  # finished blocks not in the document yet
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
        self._unfed.clear()
        self._backlog.clear()
        self.document.setHtml(self._renderer.render(text))
        # The split into finished blocks and tail is only worked out if more
        # text arrives: most messages set here never change again.
        self._in_sync = False
        self._dirty = False

    def set_text_progressively(self, text: str) -> None:
        """Like :meth:`set_text`, but the document is built by :meth:`flush`:
        with a budget, a long message appears over a few frames."""
        self._text_parts = [text] if text else []
        self._restart()
        if text:
            self._unfed.append(text)
        else:
            self.document.setHtml("")
            self._dirty = False

    def append(self, delta: str) -> None:
        """Queue *delta*; call :meth:`flush` (at most once a frame) to show it."""
        if not delta:
            return
        if not self._in_sync:
            self._text_parts = [self.text]
            self._restart()
            self._unfed.append(self._text_parts[0])
        self._text_parts.append(delta)
        self._unfed.append(delta)
        self._dirty = True

    def _restart(self) -> None:
        """Forget the split; the next flush rebuilds the document from its first block."""
        self._splitter = BlockSplitter()
        self._unfed.clear()
        self._backlog.clear()
        self._has_committed = False
        self._committed_end = 0
        self._in_sync = True
        self._dirty = True

    @property
    def dirty(self) -> bool:
        """Text was appended (or a budgeted flush left some) that is not shown yet."""
        return self._dirty

    def flush(self, budget_s: float | None = None) -> None:
        """Show the appended text.

        With *budget_s* (seconds of this thread's CPU), stop once the budget is
        spent and stay :attr:`dirty`: a burst (or a long message) is then shown
        over several calls instead of stalling one. Each call does at least one
        step; the open tail is rendered once every finished block is in.
        """
        if not self._dirty:
            return
        started = time.thread_time()
        worked = False
        # No beginEditBlock(): inside one, Qt misplaces the block after a table.
        cursor: QTextCursor | None = None
        while self._backlog or self._unfed:
            if worked and budget_s is not None and self._spent(started, budget_s):
                return  # the rest on the next flush
            if not self._backlog:
                self._feed_some()
                # Feeding alone shows nothing: go on to render what it finished.
                worked = not self._backlog
                continue
            worked = True
            html = self._renderer.render(self._take_chunk())
            if not self._has_committed:
                # The first finished blocks: a plain setHtml, then the usual path.
                self.document.setHtml(html)
                self._has_committed = True
                cursor = QTextCursor(self.document)  # the tail went with setHtml
            else:
                if cursor is None:
                    cursor = QTextCursor(self.document)
                    self._remove_tail(cursor)
                self._insert_at_end(cursor, html)
            self._committed_end = self._end_position()
        if worked and budget_s is not None and self._spent(started, budget_s):
            return  # the tail on the next flush
        self._dirty = False
        tail_html = self._renderer.render(self._splitter.tail)
        if not self._has_committed:
            self.document.setHtml(tail_html)
            return
        if cursor is None:
            cursor = QTextCursor(self.document)
            self._remove_tail(cursor)
        if tail_html:
            self._insert_at_end(cursor, tail_html)

    def _feed_some(self) -> None:
        """Hand the splitter about FEED_CHARS of queued text (each feed re-parses
        the open block: a long text fed at once would make one long step)."""
        room = FEED_CHARS
        while self._unfed and room > 0:
            piece = self._unfed.popleft()
            if len(piece) > room:
                self._unfed.appendleft(piece[room:])
                piece = piece[:room]
            self._splitter.feed(piece)
            room -= len(piece)
        self._backlog.extend(self._splitter.take_finished_blocks())

    @staticmethod
    def _spent(started: float, budget_s: float) -> bool:
        return time.thread_time() - started > budget_s

    def _take_chunk(self) -> str:
        """Finished blocks from the backlog: all of them when they are few (one
        insert, as each insert costs more the longer the document), else about
        CHUNK_CHARS (at least one block) so a burst is spread over frames."""
        if sum(len(block) for block in self._backlog) <= BURST_CHARS:
            chunk = "".join(self._backlog)
            self._backlog.clear()
            return chunk
        parts = [self._backlog.popleft()]
        size = len(parts[0])
        while self._backlog and size + len(self._backlog[0]) <= CHUNK_CHARS:
            block = self._backlog.popleft()
            parts.append(block)
            size += len(block)
        return "".join(parts)

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
