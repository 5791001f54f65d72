"""Every translated string is one lupdate can extract: a literal at the call site.

``self.tr(text)`` or ``QCoreApplication.translate("Ctx", text)`` with a variable
looks up a string that lupdate never saw, unless the module marks it where it is
written with ``translate_noop("Ctx", "...")`` (or Qt's ``QT_TRANSLATE_NOOP``).
A helper such as ``def _tr(text): return translate("Ctx", text)`` is the usual
way to lose strings this way.
"""

from __future__ import annotations

import ast

from tests.i18n.catalogue import SOURCES

MARKERS = {"translate_noop", "QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3"}
# The one lookup of a variable text on purpose: ui/i18n.display() translates the
# desktop_app.text templates, which lupdate extracts where translate_noop declares
# them (test_error_sentences.py checks that every one of them is in the catalogue).
TEMPLATE_LOOKUPS = {("ui/i18n.py", "QCoreApplication.translate(found.context, found.source)")}


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _qt_translate(call: ast.Call) -> bool:
    """``QCoreApplication.translate(ctx, text)`` or a bare ``translate(...)``; not
    ``str.translate(table)`` nor ``QPainter.translate(dx, dy)``."""
    func = call.func
    if isinstance(func, ast.Name):
        return True
    receiver = func.value if isinstance(func, ast.Attribute) else None
    return (isinstance(receiver, ast.Name) and receiver.id.endswith("Application")) or (
        _literal(call.args[0]) is not None
    )


def dynamic_lookups(source: str, filename: str) -> list[str]:
    """Translation calls whose text lupdate cannot see, in one module."""
    calls = [n for n in ast.walk(ast.parse(source, filename)) if isinstance(n, ast.Call)]
    marked = {
        _literal(c.args[0])
        for c in calls
        if _name(c) in MARKERS and c.args and _literal(c.args[0]) is not None
    }
    found = []
    for call in calls:
        name = _name(call)
        if name == "tr" and call.args:
            context, text = None, call.args[0]
        elif name == "translate" and len(call.args) >= 2 and _qt_translate(call):
            context, text = _literal(call.args[0]), call.args[1]
        else:
            continue
        if _literal(text) is not None:
            continue
        if context is not None and context in marked:
            continue  # strings marked with translate_noop(context, ...) in this module
        if (filename.removeprefix("desktop_app/"), ast.unparse(call)) in TEMPLATE_LOOKUPS:
            continue
        found.append(f"{filename}:{call.lineno}: {ast.unparse(call)}")
    return found


def test_every_lookup_is_of_a_string_lupdate_extracts() -> None:
    found = [
        problem
        for path in sorted(SOURCES.rglob("*.py"))
        for problem in dynamic_lookups(
            path.read_text(encoding="utf-8"), str(path.relative_to(SOURCES.parent))
        )
    ]
    assert not found, "lupdate cannot see these strings:\n" + "\n".join(found)


def test_helpers_and_unmarked_variables_are_reported() -> None:
    helper = 'def _tr(text):\n    return QCoreApplication.translate("Transcript", text)\n'
    assert len(dynamic_lookups(helper, "a.py")) == 1
    assert len(dynamic_lookups('x = self.tr(f"{n} files")\n', "b.py")) == 1
    marked = (
        'L = translate_noop("Shortcuts", "New chat")\nQCoreApplication.translate("Shortcuts", L)\n'
    )
    assert dynamic_lookups(marked, "c.py") == []
    assert dynamic_lookups('self.tr("Send")\ntext.translate(TABLE)\n', "d.py") == []
    assert dynamic_lookups("painter.translate(rect.left(), rect.top())\n", "e.py") == []
    assert len(dynamic_lookups('app.translate("Ctx", text)\n', "f.py")) == 1
    # The template lookup is allowed in ui/i18n.py only.
    lookup = "QCoreApplication.translate(found.context, found.source)\n"
    assert dynamic_lookups(lookup, "desktop_app/ui/i18n.py") == []
    assert len(dynamic_lookups(lookup, "desktop_app/ui/other.py")) == 1
