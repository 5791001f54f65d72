"""The conversation engine shared by the GUI and the command line. No Qt.

Public surface (everything else in this package is an implementation detail)::

    Engine(store, client)                       conversations over one store + client
      .recover_interrupted() -> [RecoveredMessage]   once at start-up
      .new_conversation(settings=None, preset=None, title="", quick=False) -> ConversationSession
      .open_conversation(id) / .latest_conversation() / .forget(id)
      .branch_to_new_conversation(conversation_id, message_id)      (async)
      .list_models(chat_only=True)                                   (async)
      .set_client(client) / .client / .presets (PresetLibrary)

    ConversationSession                         one conversation
      .send(text, attachments) / .regenerate(mid) / .retry(mid) / .edit(mid, text)
            -> AsyncIterator[EngineEvent]   (ends after Done, maybe a TitleChanged)
      .stop()  .busy  .path()  .siblings(mid)  .select_sibling(mid)
      .settings  .update_settings(s)  .set_mode(Mode)  .apply_preset(p)
      .usage_totals() (async)  .rename(title)  .branch_to_new_conversation(mid) (async)

Events: TurnStarted, StatusChanged, UploadProgress, TextDelta, ThoughtDelta,
UsageUpdated, Notice, TitleChanged, ErrorOccurred, Done.
Errors: EngineError > InputError > AttachmentError; NotFoundError; BusyError;
ConfigurationError. Attachments are checked with validate_file / validate_bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app._lazy import lazy_exports

if TYPE_CHECKING:
    from desktop_app.core.attachments import (
        INLINE_IMAGE_LIMIT,
        MAX_FILE_BYTES,
        AttachmentSource,
        validate_bytes,
        validate_file,
    )
    from desktop_app.core.engine import INTERRUPTED_MESSAGE, Engine, RecoveredMessage
    from desktop_app.core.errors import (
        AttachmentError,
        BusyError,
        ConfigurationError,
        EngineError,
        InputError,
        NotFoundError,
    )
    from desktop_app.core.events import (
        Done,
        EngineEvent,
        ErrorOccurred,
        Notice,
        StatusChanged,
        TextDelta,
        ThoughtDelta,
        TitleChanged,
        TurnStarted,
        UploadProgress,
        UsageUpdated,
    )
    from desktop_app.core.presets import BUILTIN_PRESETS, Preset, PresetLibrary
    from desktop_app.core.session import AttachmentInput, ConversationSession
    from desktop_app.core.settings import (
        DEFAULT_MODEL,
        THINKING_LEVELS,
        ConversationSettings,
        GenerationSettings,
        Mode,
    )
    from desktop_app.core.usage import UsageTotals

# Imported on first use: `gemdesk ask` refuses a bad attachment without loading the
# HTTP client or the database layer.
_LAZY = {
    "AttachmentError": "desktop_app.core.errors",
    "AttachmentInput": "desktop_app.core.session",
    "AttachmentSource": "desktop_app.core.attachments",
    "BUILTIN_PRESETS": "desktop_app.core.presets",
    "BusyError": "desktop_app.core.errors",
    "ConfigurationError": "desktop_app.core.errors",
    "ConversationSession": "desktop_app.core.session",
    "ConversationSettings": "desktop_app.core.settings",
    "DEFAULT_MODEL": "desktop_app.core.settings",
    "Done": "desktop_app.core.events",
    "Engine": "desktop_app.core.engine",
    "EngineError": "desktop_app.core.errors",
    "EngineEvent": "desktop_app.core.events",
    "ErrorOccurred": "desktop_app.core.events",
    "GenerationSettings": "desktop_app.core.settings",
    "INLINE_IMAGE_LIMIT": "desktop_app.core.attachments",
    "INTERRUPTED_MESSAGE": "desktop_app.core.engine",
    "InputError": "desktop_app.core.errors",
    "MAX_FILE_BYTES": "desktop_app.core.attachments",
    "Mode": "desktop_app.core.settings",
    "NotFoundError": "desktop_app.core.errors",
    "Notice": "desktop_app.core.events",
    "Preset": "desktop_app.core.presets",
    "PresetLibrary": "desktop_app.core.presets",
    "RecoveredMessage": "desktop_app.core.engine",
    "StatusChanged": "desktop_app.core.events",
    "THINKING_LEVELS": "desktop_app.core.settings",
    "TextDelta": "desktop_app.core.events",
    "ThoughtDelta": "desktop_app.core.events",
    "TitleChanged": "desktop_app.core.events",
    "TurnStarted": "desktop_app.core.events",
    "UploadProgress": "desktop_app.core.events",
    "UsageTotals": "desktop_app.core.usage",
    "UsageUpdated": "desktop_app.core.events",
    "validate_bytes": "desktop_app.core.attachments",
    "validate_file": "desktop_app.core.attachments",
}

__all__ = [
    "BUILTIN_PRESETS",
    "DEFAULT_MODEL",
    "INLINE_IMAGE_LIMIT",
    "INTERRUPTED_MESSAGE",
    "MAX_FILE_BYTES",
    "THINKING_LEVELS",
    "AttachmentError",
    "AttachmentInput",
    "AttachmentSource",
    "BusyError",
    "ConfigurationError",
    "ConversationSession",
    "ConversationSettings",
    "Done",
    "Engine",
    "EngineError",
    "EngineEvent",
    "ErrorOccurred",
    "GenerationSettings",
    "InputError",
    "Mode",
    "NotFoundError",
    "Notice",
    "Preset",
    "PresetLibrary",
    "RecoveredMessage",
    "StatusChanged",
    "TextDelta",
    "ThoughtDelta",
    "TitleChanged",
    "TurnStarted",
    "UploadProgress",
    "UsageTotals",
    "UsageUpdated",
    "validate_bytes",
    "validate_file",
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals(), __all__)
