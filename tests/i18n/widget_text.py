"""Every string a widget tree shows (or reads out to a screen reader), and whether it is Turkish."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import (
    QAbstractItemModel,
    QLibraryInfo,
    QLocale,
    QModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tests.i18n.catalogue import PLACEHOLDER, TAG, read_ts

# Shown as is in every language: names, formats, units, identifiers.
UNTRANSLATED = frozenset(
    {"Gemdesk", "Gemini", "Top-p", "Top-&p:", "Python", "PySide6", "Qt", "Markdown", "JSON", "HTML"}
    # Language names are written in their own language in a language picker.
    | {"English", "Türkçe"}
)
# Not words: model ids, URLs, paths, versions, key sequences, numbers and symbols.
UNTRANSLATED_PATTERNS = (
    re.compile(r"(models/)?gemini-[\w.-]+"),
    re.compile(r"[^()]*\((models/)?gemini-[\w.-]+\)"),  # "display name (model id)" from the server
    re.compile(r"https?://\S+"),
    re.compile(r"[/~]\S*"),
    re.compile(r"v?\d+(\.\d+)*([-+.]\w+)*"),
    re.compile(r"((Ctrl|Shift|Alt|Meta|Esc|F\d+|Return|Enter|Tab|Backtab)[+,]?)+"),
    re.compile(r"[^\w]*"),  # no letter or digit at all: "‹", "⋯", "×"
)


# Strings Qt's own widgets show, translated by Qt's qtbase catalogue (not ours).
QT_SOURCES = [
    ("QPlatformTheme", text)
    for text in (
        "OK",
        "Save",
        "Save All",
        "Open",
        "&Yes",
        "Yes to &All",
        "&No",
        "N&o to All",
        "Abort",
        "Retry",
        "Ignore",
        "Close",
        "Cancel",
        "Discard",
        "Help",
        "Apply",
        "Reset",
        "Restore Defaults",
        "Don't Save",
        "Close without Saving",
    )
] + [
    ("QTabBar", "Scroll Left"),
    ("QTabBar", "Scroll Right"),
    ("QDockWidget", "Float"),
    ("QDockWidget", "Undocks and re-attaches the dock widget"),
    ("QDockWidget", "Close"),
    ("QDockWidget", "Closes the dock widget"),
]


def plain(text: str) -> str:
    """Comparable form: no mnemonic ampersands, no trailing ellipsis (Qt strips both)."""
    text = re.sub(r"&(.)", r"\1", text)
    return re.sub(r"(\.\.\.|…)$", "", text.strip())


def _template(translation: str) -> re.Pattern[str] | None:
    """A regex for a translation with placeholders, if enough literal text is left to tell."""
    literal = PLACEHOLDER.sub("", TAG.sub("", translation))
    if sum(c.isalpha() for c in literal) < 3:
        return None
    parts = PLACEHOLDER.split(plain(translation))
    return re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL)


class TurkishCatalogue:
    """Decides whether a string on screen came out of the Turkish catalogue."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.templates: list[re.Pattern[str]] = []
        for message in read_ts():
            for translation in message.translations:
                if PLACEHOLDER.search(translation):
                    pattern = _template(translation)
                    if pattern is not None:
                        self.templates.append(pattern)
                else:
                    self.exact.add(plain(translation))
        qt = QTranslator()
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(QLocale.Language.Turkish), "qtbase", "_", directory):
            self.exact.update(plain(qt.translate(c, t) or t) for c, t in QT_SOURCES)

    def is_translated(self, text: str) -> bool:
        text = text.strip()
        if not text or text in UNTRANSLATED or plain(text) in {plain(u) for u in UNTRANSLATED}:
            return True
        if any(p.fullmatch(text) for p in UNTRANSLATED_PATTERNS):
            return True
        candidate = plain(text)
        if candidate in self.exact or any(t.fullmatch(candidate) for t in self.templates):
            return True
        # Rich text built from translated pieces (or from the user's words): each piece.
        pieces = [
            p for p in (html.unescape(p).strip() for p in TAG.sub("\0", text).split("\0")) if p
        ]
        if TAG.search(text) and pieces:
            return all(self.is_translated(p) for p in pieces)
        return False


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '-'})"


def _model_texts(model: QAbstractItemModel, limit: int = 50) -> Iterator[tuple[str, str]]:
    for row in range(min(model.rowCount(QModelIndex()), limit)):
        index = model.index(row, 0, QModelIndex())
        for role, what in (
            (Qt.ItemDataRole.DisplayRole, "item"),
            (Qt.ItemDataRole.ToolTipRole, "item tooltip"),
        ):
            value = model.data(index, role)
            if isinstance(value, str):
                yield what, value
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model (columnCount is private in PySide)
        columns = 0
    for column in range(columns):
        value = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(value, str):
            yield "header", value


def _action_texts(actions: Iterable[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        if action.isSeparator():
            continue
        label = f"{where} > action({action.objectName() or action.text()})"
        yield f"{label}.text", action.text()
        yield f"{label}.toolTip", action.toolTip()
        yield f"{label}.statusTip", action.statusTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from widget_texts(menu)


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every user-visible string of *root* and its descendants."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = _name(widget)
        if widget.isWindow() or isinstance(widget, QMenu):
            yield f"{where}.windowTitle", widget.windowTitle()
        if isinstance(widget, QMenu):
            yield f"{where}.title", widget.title()
        for attribute in (
            "toolTip",
            "statusTip",
            "whatsThis",
            "accessibleName",
            "accessibleDescription",
        ):
            yield f"{where}.{attribute}", getattr(widget, attribute)()
        if isinstance(widget, QLabel | QAbstractButton):
            yield f"{where}.text", widget.text()
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield f"{where}.placeholderText", widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            yield f"{where}.title", widget.title()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{where}.item[{i}]", widget.itemText(i)
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{where}.tab[{i}]", widget.tabText(i)
                yield f"{where}.tabToolTip[{i}]", widget.tabToolTip(i)
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            yield f"{where}.specialValueText", widget.specialValueText()
            yield f"{where}.suffix", widget.suffix().strip()
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget.parent(), QComboBox):
            model = widget.model()
            if model is not None:
                for what, text in _model_texts(model):
                    yield f"{where}.{what}", text
        if isinstance(widget, QAbstractSpinBox):
            continue  # its line edit holds a number
        yield from _action_texts(widget.actions(), where)


def untranslated(roots: Iterable[QWidget], catalogue: TurkishCatalogue) -> list[str]:
    """The strings under *roots* that did not come out Turkish, with where they are."""
    seen: set[tuple[str, str]] = set()
    problems = []
    for root in roots:
        for where, text in widget_texts(root):
            if (where, text) in seen or catalogue.is_translated(text):
                continue
            seen.add((where, text))
            problems.append(f"{where}: {text!r}")
    return problems
