"""The transcript widget: user and model messages, streamed answers, per-message actions.

Public API (stable; the main window and the quick prompt embed it)::

    view = TranscriptView(parent, dark=False, link_opener=None)
    view.set_messages([TranscriptMessage(...), ...])   # open a conversation
    view.append_message(msg); view.update_message(msg); view.remove_message(id)
    view.append_delta(id, text); view.append_thought_delta(id, text)  # ≤ 1 render/16 ms
    view.finish_message(id, MessageStatus.COMPLETE, error="", usage={...})
    view.set_attachment_progress(user_id, "name.pdf", 0.4)  # chip bar; None hides it
    view.set_upload_progress(answer_id, files=2, fraction=0.45)  # "Uploading 2 files… 45 %"
    view.scroll_to_message(id, highlight="term"); view.scroll_to_bottom()
    view.clear(); view.set_dark(True); view.message(id) -> TranscriptMessage | None

Signals: retry_requested(id), regenerate_requested(id), edit_requested(id),
branch_requested(id, delta), branch_to_new_conversation_requested(id),
link_activated(QUrl) (http/https/mailto only, after the opener was called).
Copying (Markdown, plain text, each code block) is handled inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app._lazy import lazy_exports

if TYPE_CHECKING:
    from desktop_app.ui.transcript.links import OPENABLE_SCHEMES, LinkOpener, is_openable
    from desktop_app.ui.transcript.message import (
        MessageId,
        MessageStatus,
        TranscriptAttachment,
        TranscriptMessage,
    )
    from desktop_app.ui.transcript.view import TranscriptView

# Imported on first use: the message types (used by the window and the quick prompt
# before anything is shown) do not pull in the view, markdown-it or pygments.
_LAZY = {
    "OPENABLE_SCHEMES": "desktop_app.ui.transcript.links",
    "LinkOpener": "desktop_app.ui.transcript.links",
    "MessageId": "desktop_app.ui.transcript.message",
    "MessageStatus": "desktop_app.ui.transcript.message",
    "TranscriptAttachment": "desktop_app.ui.transcript.message",
    "TranscriptMessage": "desktop_app.ui.transcript.message",
    "TranscriptView": "desktop_app.ui.transcript.view",
    "is_openable": "desktop_app.ui.transcript.links",
}

__all__ = [
    "OPENABLE_SCHEMES",
    "LinkOpener",
    "MessageId",
    "MessageStatus",
    "TranscriptAttachment",
    "TranscriptMessage",
    "TranscriptView",
    "is_openable",
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals(), __all__)
