"""Lazy re-exports for package ``__init__`` modules.

A package lists which submodule defines each public name; the submodule is
imported on first access. This keeps ``from desktop_app.core import Engine``
working while ``import desktop_app.core`` stays cheap (start-up time: the first
paint must not wait for httpx, markdown-it or pygments).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any


def lazy_exports(
    package: str,
    names: Mapping[str, str],
    namespace: MutableMapping[str, Any],
    public: Sequence[str],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` for *names* (name -> defining module)."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(public)

    return __getattr__, __dir__
