"""Sentences for people, written in English below the UI and translated in it.

api/, store/ and core/ cannot call Qt's ``translate()`` (they are Qt-free), yet their
error messages and notices reach the screen. They build a :class:`Text` instead: a
``str`` holding the English sentence, which is what the CLI, the logs and ``str(exc)``
see, that also remembers the catalogue entry it came from, so that
:func:`desktop_app.ui.i18n.display` can say it in the UI's language::

    _EMPTY = translate_noop("Attachments", "{name} is empty (0 bytes).")
    ...
    raise AttachmentError(_EMPTY.format(name=shown))  # == "notes.txt is empty (0 bytes)."

``make translations`` tells lupdate that ``translate_noop(context, source)`` marks a
string (``QT_TRANSLATE_NOOP``), so the English template lands in the catalogue under
*context*. Declare templates at module level: importing the module registers them,
which is what lets :func:`recognise` turn an English sentence read back from the
history database into its :class:`Text` again (errors are stored as plain English).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["Text", "describe", "recognise", "templates", "translate_noop"]


class Text(str):
    """An English sentence (the ``str`` value) and how to translate it.

    ``context`` and ``source`` name the catalogue entry, ``args`` fill its named
    ``{placeholders}``; an argument may itself be a :class:`Text` (translated too).
    ``context == ""`` marks text that is not in the catalogue (shown as it is).
    """

    context: str
    source: str
    args: Mapping[str, object]

    def __new__(cls, context: str, source: str, args: Mapping[str, object] | None = None) -> Text:
        frozen: Mapping[str, object] = MappingProxyType(dict(args or {}))
        self = super().__new__(cls, source.format_map(frozen) if frozen else source)
        object.__setattr__(self, "context", context)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "args", frozen)
        return self

    @classmethod
    def verbatim(cls, text: str) -> Text:
        """Text that no catalogue knows (a server's own message): shown unchanged."""
        return cls("", str(text))

    def format(self, *args: object, **kwargs: object) -> Text:
        """The template with its named placeholders filled: still a :class:`Text`."""
        if args:
            raise TypeError("Text.format() takes named arguments only")
        return Text(self.context, self.source, {**self.args, **kwargs})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Text is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Text is immutable (cannot delete {name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.context, self.source, dict(self.args)))


def describe(exc: BaseException) -> Text:
    """What to tell a person about *exc*: its ``human_text()``, the :class:`Text` it
    was raised with (store errors), or else its ``str()`` as is."""
    human = getattr(exc, "human_text", None)
    if callable(human):
        found = human()
        if isinstance(found, Text):
            return found
    message = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(message, Text):
        return message
    return Text.verbatim(str(exc))


# (context, source) -> template, filled as modules declaring templates are imported.
_TEMPLATES: dict[tuple[str, str], Text] = {}
_patterns: list[tuple[Text, re.Pattern[str]]] = []
_patterns_for = 0  # how many templates _patterns was built from


def translate_noop(context: str, source: str) -> Text:
    """Mark *source* for the catalogue under *context*; the template as a :class:`Text`."""
    template = Text(context, source)
    _TEMPLATES.setdefault((context, source), template)
    return template


def templates() -> list[Text]:
    """Every template registered so far (by the modules imported so far)."""
    return list(_TEMPLATES.values())


def recognise(english: str) -> Text | None:
    """The :class:`Text` whose English is *english*, from the registered templates.

    For sentences that lost their :class:`Text` on the way (stored in the history
    database, passed through ``str()``). The template with the most fixed text wins;
    ``None`` when no template produces exactly *english*.
    """
    if isinstance(english, Text) and english.context:
        return english
    for template, pattern in _compiled():
        match = pattern.fullmatch(english)
        if match is None:
            continue
        found = (
            Text(template.context, template.source, match.groupdict())
            if match.re.groups
            else template
        )
        if found == english:  # a format spec could make the round trip differ
            return found
    return None


def _compiled() -> list[tuple[Text, re.Pattern[str]]]:
    global _patterns, _patterns_for
    if _patterns_for != len(_TEMPLATES):
        # A snapshot: the UI recognises stored errors in a worker thread while the
        # GUI thread may still import (and so register) templates.
        current = tuple(_TEMPLATES.values())
        built: list[tuple[int, Text, re.Pattern[str]]] = []
        for template in current:
            compiled = _pattern(template.source)
            if compiled is not None:
                built.append((compiled[0], template, compiled[1]))
        built.sort(key=lambda item: -item[0])
        _patterns = [(template, pattern) for _, template, pattern in built]
        _patterns_for = len(current)
    return _patterns


def _pattern(source: str) -> tuple[int, re.Pattern[str]] | None:
    """A regex matching what *source* formats to, and its count of fixed characters."""
    parts: list[str] = []
    seen: set[str] = set()
    fixed = 0
    for literal, field, _spec, _conversion in string.Formatter().parse(source):
        parts.append(re.escape(literal))
        fixed += len(literal)
        if field is None:
            continue
        if not field.isidentifier():
            return None  # positional or attribute fields: not used by our templates
        parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
        seen.add(field)
    if fixed == 0:
        return None  # "{message}" alone would claim every sentence
    return fixed, re.compile("".join(parts), re.DOTALL)
