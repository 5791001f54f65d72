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

__all__ = [
    "AttachmentError",
    "BusyError",
    "ConfigurationError",
    "EngineError",
    "InputError",
    "NotFoundError",
]


class EngineError(Exception):
    """Base class; ``str(exc)`` is a message fit to show as is."""

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
