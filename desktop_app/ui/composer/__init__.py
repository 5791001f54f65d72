"""The composer: prompt field, attachment chips, Send/Stop, persistent drafts."""

from desktop_app.ui.composer.attachments import (
    AttachmentChip,
    AttachmentValidator,
    PendingAttachment,
    default_validator,
)
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.composer.drafts import NEW_CONVERSATION, Draft, DraftStore
from desktop_app.ui.composer.prompt_edit import PromptEdit, SendKey

__all__ = [
    "NEW_CONVERSATION",
    "AttachmentChip",
    "AttachmentValidator",
    "Composer",
    "Draft",
    "DraftStore",
    "PendingAttachment",
    "PromptEdit",
    "SendKey",
    "default_validator",
]
