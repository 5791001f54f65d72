"""The keyboard shortcuts, declared once: the window's actions and Help → Keyboard shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import translate_noop


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str  # the action's attribute name on MainWindow
    keys: tuple[str, ...]  # portable QKeySequence strings
    label: str  # untranslated (marked for the catalogue); shown through label()


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("new_chat", ("Ctrl+N",), translate_noop("Shortcuts", "New chat")),
    Shortcut("focus_search", ("Ctrl+K",), translate_noop("Shortcuts", "Search conversations")),
    Shortcut(
        "send", ("Ctrl+Return", "Ctrl+Enter"), translate_noop("Shortcuts", "Send the message")
    ),
    Shortcut("stop", ("Esc",), translate_noop("Shortcuts", "Stop the answer")),
    Shortcut(
        "copy_last_answer", ("Ctrl+Shift+C",), translate_noop("Shortcuts", "Copy the last answer")
    ),
    Shortcut("preferences", ("Ctrl+,",), translate_noop("Shortcuts", "Preferences")),
    Shortcut("export", ("Ctrl+Shift+E",), translate_noop("Shortcuts", "Export the conversation")),
    Shortcut("next_conversation", ("Ctrl+Tab",), translate_noop("Shortcuts", "Next conversation")),
    Shortcut(
        "previous_conversation",
        ("Ctrl+Shift+Tab", "Ctrl+Backtab"),
        translate_noop("Shortcuts", "Previous conversation"),
    ),
    Shortcut("rename", ("F2",), translate_noop("Shortcuts", "Rename the conversation")),
)


def key_sequences(shortcut: Shortcut) -> list[QKeySequence]:
    return [QKeySequence(k) for k in shortcut.keys]


def label(shortcut: Shortcut) -> str:
    return QCoreApplication.translate("Shortcuts", shortcut.label)


class ShortcutsDialog(QDialog):
    """A read-only table of every shortcut (Help → Keyboard shortcuts)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setAccessibleName(self.tr("Shortcut list"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, shortcut in enumerate(SHORTCUTS):
            keys = key_sequences(shortcut)[0].toString(QKeySequence.SequenceFormat.NativeText)
            self.table.setItem(row, 0, QTableWidgetItem(label(shortcut)))
            item = QTableWidgetItem(keys)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 1, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(420, 380)
