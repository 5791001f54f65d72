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
