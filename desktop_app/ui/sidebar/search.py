"""Live full-text search: a debounced box, results with highlighted snippets.

The query runs in a worker thread (``asyncio.to_thread``) so a 500k-message
history never stalls the UI; only the latest query's results are shown.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import MATCH_END, MATCH_START, SearchHit

#: ``search(query)`` -> ranked hits; runs in a worker thread.
SearchFunction = Callable[[str], Sequence[SearchHit]]

_Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 2
TITLE_ROLE = Qt.ItemDataRole.UserRole + 3
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4  # with the index's match markers
# Lines of snippet under the title; a longer snippet ends with "…".
SNIPPET_LINES = 2
ROW_PADDING = 4
DEBOUNCE_MS = 180


def _escape(text: str) -> str:
    # Imported on use: html.entities is a large table an idle window does not need.
    from html import escape

    return escape(text)


def snippet_html(snippet: str, limit: int | None = None) -> str:
    """Escape the (untrusted) snippet, then turn the match markers into <b>.

    With *limit*, only its first *limit* visible characters are kept, followed by "…".
    """
    text = snippet.replace("\n", " ")
    if limit is None or limit >= len(snippet_plain(text)):
        return _escape(text).replace(MATCH_START, "<b>").replace(MATCH_END, "</b>")
    parts: list[str] = []
    shown = 0
    bold = False
    for char in text:
        if char == MATCH_START:
            bold = True
            parts.append("<b>")
        elif char == MATCH_END:
            bold = False
            parts.append("</b>")
        elif shown < limit:
            parts.append(_escape(char))
            shown += 1
        else:
            break
    if bold:
        parts.append("</b>")
    return "".join(parts).rstrip() + "…"


def matched_term(snippet: str, fallback: str) -> str:
    """The first word the index matched, as written in the message ("güneş" for "gunes"),
    so the transcript can highlight it; *fallback* when the snippet marks none."""
    start = snippet.find(MATCH_START)
    end = snippet.find(MATCH_END, start + 1)
    if start < 0 or end < 0:
        return fallback
    return snippet[start + len(MATCH_START) : end] or fallback


def snippet_plain(snippet: str) -> str:
    return snippet.replace(MATCH_START, "").replace(MATCH_END, "")


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        title = hit.title or self.tr("New chat")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{title}\n{snippet_plain(hit.snippet)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr("{title}: {snippet}").format(
                title=title, snippet=snippet_plain(hit.snippet)
            )
        if role == SNIPPET_HTML_ROLE:
            return f"<b>{_escape(title)}</b><br>{snippet_html(hit.snippet)}"
        if role == TITLE_ROLE:
            return title
        if role == SNIPPET_ROLE:
            return hit.snippet
        if role == HIT_ROLE:
            return hit
        return None

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None


class SnippetDelegate(QStyledItemDelegate):
    """Paints a result as a bold title (one line) over at most :data:`SNIPPET_LINES`
    lines of snippet with its matches in bold; what does not fit is elided with "…".

    Every row has the same height (no document layout in ``sizeHint``, so fifty
    results cost nothing to lay out); ``paint`` lays out only the rows shown.
    """

    def snippet_document(self, option: QStyleOptionViewItem, index: _Index) -> QTextDocument:
        """The snippet as painted under the title: at most SNIPPET_LINES lines."""
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setTextWidth(max(50, option.rect.width() - 2 * ROW_PADDING))
        snippet = str(index.data(SNIPPET_ROLE) or "")
        doc.setHtml(snippet_html(snippet))
        cut = _cut_after_lines(doc, SNIPPET_LINES)
        while cut is not None and cut > 0:
            # Elide: keep what fits, then make room for the "…" if it wrapped again.
            doc.setHtml(snippet_html(snippet, cut))
            if _cut_after_lines(doc, SNIPPET_LINES) is None:
                break
            cut -= max(2, cut // 20)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        opt = QStyleOptionViewItem(option)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = option.palette.color(role)
        rect = option.rect.adjusted(ROW_PADDING, ROW_PADDING // 2, -ROW_PADDING, 0)
        painter.save()
        painter.setClipRect(option.rect)
        title_font = QFont(option.font)
        title_font.setBold(True)
        metrics = QFontMetrics(title_font)
        title = metrics.elidedText(
            str(index.data(TITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.setFont(title_font)
        painter.setPen(color)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title,
        )
        doc = self.snippet_document(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, color)
        painter.translate(rect.left(), rect.top() + metrics.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title_font = QFont(option.font)
        title_font.setBold(True)
        title = QFontMetrics(title_font).height()
        lines = QFontMetrics(option.font).lineSpacing() * SNIPPET_LINES
        return QSize(max(50, option.rect.width()), title + lines + 2 * ROW_PADDING)


def _cut_after_lines(doc: QTextDocument, lines: int) -> int | None:
    """Where the text must be cut to fit in *lines* lines (None: it fits already)."""
    doc.size()  # lays the document out
    block = doc.firstBlock()
    layout = block.layout()
    if doc.blockCount() > 1 or layout is None:
        return None
    if layout.lineCount() <= lines:
        return None
    last = layout.lineAt(lines - 1)
    return max(0, last.textStart() + last.textLength() - 1)


class _SearchLineEdit(QLineEdit):
    """Down moves into the results; Enter opens the first one."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """The search box and, while it holds a query, the result list.

    Signals:
        hit_activated(int, int, str): conversation id, message id (-1 for a title
            match) and the matched word as written there, to open the conversation
            scrolled to the match and highlight it.
        active_changed(bool): results are shown (True) or the box was cleared.
        searched(str, int): a query finished with this many hits (for tests/status).
    """

    hit_activated = Signal(int, int, str)
    active_changed = Signal(bool)
    searched = Signal(str, int)

    def __init__(self, search: SearchFunction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._generation = 0
        self._task: asyncio.Task[None] | None = None
        self.line_edit = _SearchLineEdit(self)
        self.line_edit.setObjectName("searchBox")
        self.line_edit.setPlaceholderText(self.tr("Search conversations (Ctrl+K)"))
        self.line_edit.setAccessibleName(self.tr("Search conversations"))
        self.line_edit.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results = QListView(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setModel(self.model)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setWordWrap(True)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.results, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.line_edit.textChanged.connect(self._on_text_changed)
        self.line_edit.returnPressed.connect(self._activate_first)
        self.line_edit.move_down.connect(self._focus_results)
        self._debounce.timeout.connect(self.search_now)
        self.results.activated.connect(self._on_activated)
        self.results.clicked.connect(self._on_activated)

    def query(self) -> str:
        return self.line_edit.text().strip()

    def is_active(self) -> bool:
        return bool(self.query())

    def focus_box(self) -> None:
        self.line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line_edit.selectAll()

    def clear(self) -> None:
        self.line_edit.clear()

    def _on_text_changed(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
            return
        self._debounce.stop()
        self._generation += 1  # results of a query still running are now stale
        self._cancel()
        self.model.set_hits([])
        self.results.hide()
        self.active_changed.emit(False)

    def _cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    def search_now(self) -> None:
        query = self.query()
        if not query:
            return
        self._generation += 1
        self._cancel()
        self._task = asyncio.ensure_future(self._run(query, self._generation))

    async def _run(self, query: str, generation: int) -> None:
        try:
            hits = await asyncio.to_thread(self._search, query)
        except asyncio.CancelledError:
            raise
        except Exception:  # a malformed query must not break typing
            hits = []
        if generation != self._generation:
            return  # the user typed on: these results are stale
        self.model.set_hits(hits)
        self.results.show()
        self.active_changed.emit(True)
        self.searched.emit(query, len(hits))

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results.setCurrentIndex(self.model.index(0))

    def _activate_first(self) -> None:
        if self.model.rowCount():
            self._on_activated(self.model.index(0))

    def _on_activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row())
        if hit is not None:
            mid = hit.message_id if hit.message_id is not None else -1
            self.hit_activated.emit(
                hit.conversation_id, mid, matched_term(hit.snippet, self.query())
            )

    def shutdown(self) -> None:
        self._debounce.stop()
        self._generation += 1
        with contextlib.suppress(RuntimeError):
            self._cancel()
