"""Local conversation history in SQLite (no Qt).

Public surface (everything else is private)::

    store = HistoryStore.open()          # paths.database_path(); migrates, repairs
    if store.recovered_from_corruption:  # tell the user where the old file went
        ...
    conv = store.create_conversation("Title", settings=ConversationSettings(model=...))
    user = store.append_message(conv.id, "user", steps=user_steps("Hello"))
    reply = store.append_message(conv.id, "model", status="sending")
    writer = StreamingWriter(store, reply.id, loop=asyncio.get_running_loop())
    writer.update(steps, step_stopped=True); writer.finish("complete", usage=usage)
    store.active_path(conv.id); await asyncio.to_thread(store.search, "güneş")

Every method is synchronous.  Each docstring says "UI thread" (an indexed
single-row operation: cheap) or "to_thread" (grows with the data: call it via
``asyncio.to_thread``).  One store may be shared by the UI thread and worker
threads.  Errors the user must hear about are :class:`StoreError` subclasses
whose ``str()`` is a complete, human sentence.
"""

from ._errors import (
    CorruptDatabaseError,
    DiskFullError,
    ImportFormatError,
    NewerSchemaError,
    NotFoundError,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
)
from ._export import dump_json
from ._models import (
    ALL_STATUSES,
    IN_FLIGHT_STATUSES,
    MATCH_END,
    MATCH_START,
    Attachment,
    Conversation,
    ConversationSettings,
    Folder,
    FolderFilter,
    Message,
    MessageStatus,
    Role,
    SearchHit,
)
from ._schema import SCHEMA_VERSION
from ._steps import derive_text, derive_thoughts, user_steps
from ._store import SEARCH_WINDOW, HistoryStore
from ._streaming import SAVE_INTERVAL_S, StreamingWriter

__all__ = [
    "ALL_STATUSES",
    "IN_FLIGHT_STATUSES",
    "MATCH_END",
    "MATCH_START",
    "SAVE_INTERVAL_S",
    "SCHEMA_VERSION",
    "SEARCH_WINDOW",
    "Attachment",
    "Conversation",
    "ConversationSettings",
    "CorruptDatabaseError",
    "DiskFullError",
    "Folder",
    "FolderFilter",
    "HistoryStore",
    "ImportFormatError",
    "Message",
    "MessageStatus",
    "NewerSchemaError",
    "NotFoundError",
    "Role",
    "SearchHit",
    "StoreBusyError",
    "StoreError",
    "StoreUnavailableError",
    "StreamingWriter",
    "derive_text",
    "derive_thoughts",
    "dump_json",
    "user_steps",
]
