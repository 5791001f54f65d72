"""Keep PySide6's import hook from holding the source of every module in memory.

Once PySide6 is loaded, its ``__feature__`` import hook asks, for each module that
imports anything, whether that module mentions "PySide6" — by calling
``inspect.getsource(module)``. That goes through :mod:`linecache`, which keeps the
lines of every such file for the life of the process: ≈4 MiB of strings for
Gemdesk's start-up imports (asyncio, sqlite3, our widgets, …), about a tenth of the
window's idle memory above a bare ``QMainWindow``.

:func:`spare_linecache` swaps in the same test done by reading the file once
(same answer: a module without a readable ``.py`` source counts as not using
PySide6, as before). It touches a private PySide6 function, so it checks the
function exists and leaves things alone otherwise; ``tests/ui`` checks that the
replacement gives the original's answers and stays installed.
"""

from __future__ import annotations

import linecache
import logging
import sys
from types import ModuleType

__all__ = ["ORIGINAL_ATTR", "mod_uses_pyside", "spare_linecache"]

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"
# Where the replaced function is kept (the tests compare answers with it).
ORIGINAL_ATTR = "_gemdesk_original_mod_uses_pyside"


def mod_uses_pyside(module: ModuleType) -> bool:
    """Whether *module*'s source mentions PySide6, read without caching it."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or source-less (e.g. a frozen bundle)
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def spare_linecache() -> bool:
    """Install :func:`mod_uses_pyside` in PySide6's hook; ``True`` if it is in place."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6's feature hook not found; module sources stay cached")
        return False
    current = feature._mod_uses_pyside
    if current is not mod_uses_pyside:
        setattr(feature, ORIGINAL_ATTR, current)
        setattr(feature, "_mod_uses_pyside", mod_uses_pyside)  # noqa: B010
        # What the hook read before the swap (PySide6's own imports); reloaded on demand.
        linecache.clearcache()
    return True
