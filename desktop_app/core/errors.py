"""Errors the engine reports to people.

::

    EngineError                 every error carries a short human message
     ├── InputError             bad user input, refused before anything is sent
     │    └── AttachmentError   a file that cannot be attached (missing, too big, ...)
     ├── NotFoundError          a conversation or message id that does not exist
     ├── BusyError              a turn is already running in this conversation
     └── ConfigurationError     no API key, unusable endpoint
"""

from __future__ import annotations

from desktop_app.text import Text

__all__ = [
    "AttachmentError",
    "BusyError",
    "ConfigurationError",
    "EngineError",
    "InputError",
    "NotFoundError",
]


class EngineError(Exception):
    """Base class; ``str(exc)`` is a message fit to show as is (English).

    Raised with a :class:`~desktop_app.text.Text`, it keeps it for the UI to translate.
    """

    def human_text(self) -> Text:
        message = self.args[0] if len(self.args) == 1 else None
        return message if isinstance(message, Text) else Text.verbatim(str(self))

    def human_message(self) -> str:
        return str(self)


class InputError(EngineError):
    pass


class AttachmentError(InputError):
    pass


class NotFoundError(EngineError):
    pass


class BusyError(EngineError):
    pass


class ConfigurationError(EngineError):
    pass
