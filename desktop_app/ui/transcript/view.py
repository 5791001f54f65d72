"""The transcript: a lazily laid-out, scrollable list of messages.

Messages start as placeholders of estimated height; those near the viewport
are built when they scroll into view. Streamed deltas are buffered and shown
at most once per frame (16 ms) by one timer for the whole view.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QScrollArea, QTextEdit, QVBoxLayout, QWidget

from desktop_app.render.highlight import COMMON_LANGUAGES, warm_lexer
from desktop_app.render.palette import palette_for
from desktop_app.ui.transcript.links import LinkOpener, is_openable, open_in_system_browser
from desktop_app.ui.transcript.message import MessageId, MessageStatus, TranscriptMessage

if TYPE_CHECKING:
    from desktop_app.ui.transcript.message_widget import MessageWidget

FRAME_MS = 16
MAX_FRAME_MS = 250
# CPU spent inserting finished blocks per frame when a burst arrives; the rest
# waits for the next frame (the open tail is rendered once the burst is in).
FLUSH_BUDGET_MS = 8
# Build messages this far (in viewport heights) above and below the visible area,
# and release the built ones beyond RELEASE_DISTANCE (memory stays bounded).
LOOKAROUND = 1.0
RELEASE_DISTANCE = 6
# CPU spent building messages per turn of the event loop, beyond the first one.
BUILD_BUDGET_MS = 8
WARM_INTERVAL_MS = 100
# Final states: uploads that were under way for the answer are over.
_SETTLED = frozenset(
    {MessageStatus.COMPLETE, MessageStatus.STOPPED, MessageStatus.INCOMPLETE, MessageStatus.ERROR}
)


class TranscriptView(QWidget):
    """Shows a conversation; the owner does the work behind every action.

    Signals:
        retry_requested(object): message id whose generation should be retried.
        regenerate_requested(object): model message id to regenerate.
        edit_requested(object): user message id to edit.
        branch_requested(object, int): message id, -1 or +1 for ‹ / ›.
        branch_to_new_conversation_requested(object): message id.
        link_activated(QUrl): an http/https/mailto link was clicked (and opened).
    """

    retry_requested = Signal(object)
    regenerate_requested = Signal(object)
    edit_requested = Signal(object)
    branch_requested = Signal(object, int)
    branch_to_new_conversation_requested = Signal(object)
    link_activated = Signal(QUrl)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        dark: bool = False,
        link_opener: LinkOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self._palette = palette_for(dark)
        self._link_opener: LinkOpener = link_opener or open_in_system_browser
        self._widgets: dict[MessageId, MessageWidget] = {}
        self._order: list[MessageWidget] = []
        self._dirty: set[MessageId] = set()
        self._follow_bottom = True

        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("transcriptScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        # A scroll bar that comes and goes changes the width, and every width
        # change lays all shown messages out again.
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._container = QWidget()
        self._container.setObjectName("transcriptContainer")
        self._column = QVBoxLayout(self._container)
        self._column.setContentsMargins(8, 8, 8, 8)
        self._column.setSpacing(6)
        self._column.addStretch(1)
        self._scroll.setWidget(self._container)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)

        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FRAME_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._lazy_timer = QTimer(self)
        self._lazy_timer.setSingleShot(True)
        self._lazy_timer.setInterval(0)
        self._lazy_timer.timeout.connect(self._materialize_visible)
        # Once started (start_warming), the renderers, then the common lexers,
        # one per idle tick.
        self._renderers_warm = False
        self._lexers_to_warm = list(COMMON_LANGUAGES)
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(WARM_INTERVAL_MS)
        self._warm_timer.timeout.connect(self._warm_next_lexer)
        self._connect_signals()

    def _connect_signals(self) -> None:
        bar = self._scroll.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # -- content -------------------------------------------------------------

    def set_messages(self, messages: Sequence[TranscriptMessage]) -> None:
        """Show a whole conversation (replaces what was shown), scrolled to its end."""
        self.clear()
        width = self._content_width()
        for message in messages:
            self._add_widget(message, width)
        self._follow_bottom = True
        self._materialize_tail()
        self._lazy_timer.start()

    def append_message(self, message: TranscriptMessage, *, build_now: bool = True) -> None:
        """Add *message* at the end, built now; with *build_now* False, on the next
        turn of the event loop (a placeholder keeps what is streamed into it), so two
        messages appended together are not built in one long callback."""
        widget = self._add_widget(message, self._content_width())
        if build_now:
            self._sync_geometry()
            self._materialize(widget)
        self._lazy_timer.start()

    def update_message(self, message: TranscriptMessage) -> None:
        """Replace a message's whole content and state (e.g. after an edit)."""
        widget = self._widgets.get(message.id)
        if widget is None:
            self.append_message(message)
            return
        self._dirty.discard(message.id)
        widget.set_message(message)
        if widget.pending:  # rebuilt progressively (a long message)
            self._schedule_flush(message.id)
        if message.status in _SETTLED:
            self._settle_uploads(widget)

    def set_status(self, message_id: MessageId, status: MessageStatus) -> None:
        """Only the state of a message changed: cheaper than update_message (no rebuild)."""
        widget = self._widgets.get(message_id)
        if widget is None:
            return
        widget.set_status(MessageStatus(status))
        if widget.message.status in _SETTLED:
            self._settle_uploads(widget)

    def remove_message(self, message_id: MessageId) -> None:
        widget = self._widgets.pop(message_id, None)
        if widget is None:
            return
        self._dirty.discard(message_id)
        self._order.remove(widget)
        self._column.removeWidget(widget)
        widget.deleteLater()

    def clear(self) -> None:
        self._flush_timer.stop()
        self._dirty.clear()
        for widget in self._order:
            self._column.removeWidget(widget)
            widget.deleteLater()
        self._order.clear()
        self._widgets.clear()

    def message(self, message_id: MessageId) -> TranscriptMessage | None:
        """The message as currently shown (streamed text included)."""
        widget = self._widgets.get(message_id)
        return widget.message if widget is not None else None

    def message_ids(self) -> list[MessageId]:
        return [widget.message_id for widget in self._order]

    def message_widget(self, message_id: MessageId) -> MessageWidget | None:
        return self._widgets.get(message_id)

    # -- streaming -------------------------------------------------------------

    def append_delta(self, message_id: MessageId, text: str) -> None:
        widget = self._widgets.get(message_id)
        if widget is not None and text:
            widget.append_text(text)
            self._schedule_flush(message_id)

    def append_thought_delta(self, message_id: MessageId, text: str) -> None:
        widget = self._widgets.get(message_id)
        if widget is not None and text:
            widget.append_thoughts(text)
            self._schedule_flush(message_id)

    def finish_message(
        self,
        message_id: MessageId,
        status: MessageStatus = MessageStatus.COMPLETE,
        *,
        error: str = "",
        usage: Mapping[str, int] | None = None,
    ) -> None:
        widget = self._widgets.get(message_id)
        if widget is None:
            return
        self._dirty.discard(message_id)
        widget.finish(MessageStatus(status), error, usage)
        self._settle_uploads(widget)

    # -- uploads -----------------------------------------------------------------

    def set_attachment_progress(
        self, message_id: MessageId, name: str, fraction: float | None
    ) -> None:
        """Upload progress of attachment *name* of user message *message_id* (chip bar)."""
        widget = self._widgets.get(message_id)
        if widget is not None:
            widget.set_attachment_progress(name, fraction)

    def set_upload_progress(self, message_id: MessageId, files: int, fraction: float) -> None:
        """The answer *message_id* waits for *files* uploads, *fraction* of them sent."""
        widget = self._widgets.get(message_id)
        if widget is not None:
            widget.set_upload_summary(files, fraction)

    def _settle_uploads(self, answer: MessageWidget) -> None:
        """The answer ended: its question's chips show no upload progress any more."""
        index = self._order.index(answer) if answer in self._order else -1
        if index > 0 and self._order[index - 1].message.is_user:
            self._order[index - 1].clear_attachment_progress()

    def flush_pending(self) -> None:
        """Render buffered deltas now (all of them) instead of at the next frame."""
        self._flush_timer.stop()
        self._flush(unlimited=True)

    def _schedule_flush(self, message_id: MessageId) -> None:
        self._dirty.add(message_id)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self, unlimited: bool = False) -> None:
        started = time.thread_time()  # CPU: another process' load must not slow us
        dirty, self._dirty = self._dirty, set()
        top = self._scroll.verticalScrollBar().value()
        bottom = top + self._scroll.viewport().height()
        widgets = [w for w in (self._widgets.get(i) for i in dirty) if w is not None]
        # One budget for all: the visible (then the nearest) messages first.
        widgets.sort(key=lambda w: max(0, top - (w.y() + w.height()), w.y() - bottom))
        above: list[tuple[MessageWidget, int]] = []
        for widget in widgets:
            budget = None
            if not unlimited:
                budget = FLUSH_BUDGET_MS / 1000 - (time.thread_time() - started)
                if budget <= 0 and widget is not widgets[0]:
                    self._dirty.add(widget.message_id)
                    continue
            if widget.y() + widget.height() <= top:
                above.append((widget, widget.height()))
            if widget.flush(budget):
                self._dirty.add(widget.message_id)  # a burst: the rest next frame
        if above and not self._follow_bottom:
            # Growing above the view: keep what is shown still.
            self._sync_geometry()
            shift = sum(widget.height() - height for widget, height in above)
            if shift:
                bar = self._scroll.verticalScrollBar()
                bar.setValue(bar.value() + shift)
        # A huge open block (a 5,000-row table still arriving) makes each render
        # slow: then render less often, so the UI keeps most of its time.
        elapsed_ms = (time.thread_time() - started) * 1000
        self._flush_timer.setInterval(int(min(MAX_FRAME_MS, max(FRAME_MS, 3 * elapsed_ms))))
        if self._dirty:
            self._flush_timer.start()

    def is_behind(self) -> bool:
        """Whether streamed text handed over is not all shown yet (a producer can
        wait: a burst then reaches the transcript at the pace it can show it)."""
        return bool(self._dirty)

    # -- navigation ------------------------------------------------------------

    def scroll_to_message(self, message_id: MessageId, highlight: str | None = None) -> bool:
        """Bring a message into view; with *highlight*, mark and show its first match."""
        widget = self._widgets.get(message_id)
        if widget is None:
            return False
        widget.materialize()
        widget.flush()  # all of it now: the match is looked up and scrolled to
        self._dirty.discard(message_id)
        self._sync_geometry()
        y = widget.y()
        for other in self._order:
            if other is not widget and other.body is not None:
                other.body.setExtraSelections([])
        if highlight and widget.body is not None:
            selections = self._highlight(widget.body, highlight)
            widget.body.setExtraSelections(selections)
            if selections:
                rect = widget.body.cursorRect(selections[0].cursor)
                y += widget.body.y() + rect.top() - self._scroll.viewport().height() // 3
        self._follow_bottom = False
        self._scroll.verticalScrollBar().setValue(max(0, y))
        self._lazy_timer.start()
        return True

    def scroll_to_bottom(self) -> None:
        self._follow_bottom = True
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _highlight(self, body: QTextEdit, term: str) -> list[QTextEdit.ExtraSelection]:
        selections: list[QTextEdit.ExtraSelection] = []
        document = body.document()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd33d" if self._palette.name != "dark" else "#9e6a03"))
        cursor = document.find(term, 0)
        while not cursor.isNull() and len(selections) < 500:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(cursor)
            selection.format = fmt
            selections.append(selection)
            cursor = document.find(term, cursor, QTextDocument.FindFlag(0))
        return selections

    # -- theme and links ---------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        palette = palette_for(dark)
        if palette == self._palette:
            return
        self._palette = palette
        for widget in self._order:
            widget.set_palette(palette)

    def is_dark(self) -> bool:
        return self._palette.name == "dark"

    def set_link_opener(self, opener: LinkOpener) -> None:
        self._link_opener = opener

    def _on_link_clicked(self, url: QUrl) -> None:
        if not is_openable(url):
            return
        self._link_opener(url)
        self.link_activated.emit(url)

    def start_warming(self) -> None:
        """Load the renderers, then the common lexers, one per idle tick (the window
        calls this once the user starts composing or opens a conversation)."""
        if self._lexers_to_warm and not self._warm_timer.isActive():
            self._warm_timer.start()

    def _warm_next_lexer(self) -> None:
        if self._flush_timer.isActive() or self._lazy_timer.isActive():
            return  # busy: try again on the next tick
        if not self._renderers_warm:
            # Imported here: markdown-it is not needed for the first paint.
            from desktop_app.render.markdown import warm_renderers

            self._renderers_warm = True
            warm_renderers()
        elif self._lexers_to_warm:
            warm_lexer(self._lexers_to_warm.pop(0))
        else:
            self._warm_timer.stop()

    # -- lazy layout -------------------------------------------------------------

    def _add_widget(self, message: TranscriptMessage, width: int) -> MessageWidget:
        if message.id in self._widgets:
            raise ValueError(f"duplicate message id {message.id!r}")
        # Loaded with the first message: markdown-it is not needed for the first paint.
        from desktop_app.ui.transcript.message_widget import MessageWidget

        widget = MessageWidget(message, self._palette, width, self._container)
        widget.retry_requested.connect(self.retry_requested)
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.edit_requested.connect(self.edit_requested)
        widget.branch_requested.connect(self.branch_requested)
        widget.branch_to_new_conversation_requested.connect(
            self.branch_to_new_conversation_requested
        )
        widget.link_clicked.connect(self._on_link_clicked)
        self._column.insertWidget(self._column.count() - 1, widget)
        widget.show()  # now, not via the layout's queued show: geometry is needed at once
        self._widgets[message.id] = widget
        self._order.append(widget)
        return widget

    def _content_width(self) -> int:
        return max(200, self._scroll.viewport().width() - 16)

    def _materialize_tail(self) -> None:
        """Build the last screenful before the first paint (the view opens at the end)."""
        self._sync_geometry()  # placeholders get their real width first
        budget = self._scroll.viewport().height() * (1 + LOOKAROUND)
        for widget in reversed(self._order):
            if budget <= 0:
                break
            budget -= widget.maximumHeight()  # the placeholder's estimate
            self._materialize(widget)

    def _materialize(self, widget: MessageWidget) -> None:
        widget.materialize()
        if widget.pending:  # a long message: its body is built over the next frames
            self._schedule_flush(widget.message_id)

    def _sync_geometry(self) -> None:
        """Lay the column out now so widget positions are real (no event loop spin)."""
        self._column.activate()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _materialize_visible(self) -> None:
        """Build what is in or near the view (nearest first, a few ms per turn of the
        event loop so scrolling stays smooth) and release what is far away."""
        self._sync_geometry()
        bar = self._scroll.verticalScrollBar()
        viewport = self._scroll.viewport().height()
        top, bottom = bar.value(), bar.value() + viewport
        near_top, near_bottom = top - viewport * LOOKAROUND, bottom + viewport * LOOKAROUND

        def distance(widget: MessageWidget) -> int:
            y = widget.y()
            return max(0, top - (y + widget.height()), y - bottom)

        wanted = [
            widget
            for widget in self._order
            if not widget.is_materialized
            and widget.y() + widget.height() >= near_top
            and widget.y() <= near_bottom
        ]
        wanted.sort(key=distance)
        started = time.thread_time()
        shift = 0
        for count, widget in enumerate(wanted):
            if count and (time.thread_time() - started) * 1000 > BUILD_BUDGET_MS:
                self._lazy_timer.start()  # the rest on the next turn
                break
            y, height = widget.y(), widget.height()
            self._materialize(widget)
            if y + height <= top:  # above the view: keep what is shown still
                self._sync_geometry()
                shift += widget.height() - height
        if shift and not self._follow_bottom:
            bar.setValue(bar.value() + shift)
        far = viewport * RELEASE_DISTANCE
        for widget in self._order:
            if widget.is_materialized and (
                widget.y() + widget.height() < top - far or widget.y() > bottom + far
            ):
                widget.release()

    def _on_scrolled(self, value: int) -> None:
        bar = self._scroll.verticalScrollBar()
        self._follow_bottom = value >= bar.maximum() - 4
        self._lazy_timer.start()

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow_bottom:
            self._scroll.verticalScrollBar().setValue(maximum)
