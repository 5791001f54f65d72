"""Errors the history store raises.

::

    StoreError                     anything the user may need to be told about
    ├── StoreUnavailableError      data directory or file cannot be opened or written
    ├── DiskFullError              the disk (or quota) is full; nothing stored was lost
    ├── CorruptDatabaseError       the file is damaged beyond what open() could repair
    ├── NewerSchemaError           the file was written by a newer Gemdesk
    ├── StoreBusyError             another process held the write lock for too long
    ├── NotFoundError              a conversation, folder, message or attachment id is unknown
    └── ImportFormatError          a JSON export/archive that cannot be imported

``str(error)`` is a complete sentence meant for the user.  Programming errors
(bad SQL, wrong arguments) are *not* wrapped and surface as ordinary
exceptions.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class: a condition of the user's machine or data, not a bug."""


class StoreUnavailableError(StoreError):
    """The database or its directory cannot be created, opened or written."""


class DiskFullError(StoreError):
    """The disk is full; the failed write was rolled back, earlier data is intact."""


class CorruptDatabaseError(StoreError):
    """The database file is damaged (found after open, so it was not moved aside)."""


class NewerSchemaError(StoreError):
    """The database was created by a newer Gemdesk; it is left untouched."""


class StoreBusyError(StoreError):
    """Another process kept the database locked longer than the retry budget."""


class NotFoundError(StoreError, LookupError):
    """An id that does not (or no longer) exist(s)."""


class ImportFormatError(StoreError, ValueError):
    """The data to import is not a Gemdesk export this version understands."""
