"""The sidebar: New chat, live search, folders, pinned-first paged conversation list."""

from desktop_app.ui.sidebar.conversation_model import (
    CONVERSATIONS_MIME,
    ConversationListModel,
    ConversationRoles,
)
from desktop_app.ui.sidebar.folders import FolderList
from desktop_app.ui.sidebar.search import SearchPanel, SearchResultsModel
from desktop_app.ui.sidebar.sidebar import Sidebar

__all__ = [
    "CONVERSATIONS_MIME",
    "ConversationListModel",
    "ConversationRoles",
    "FolderList",
    "SearchPanel",
    "SearchResultsModel",
    "Sidebar",
]
