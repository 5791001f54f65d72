"""The status bar: model, connection state, token usage (last answer and conversation)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


class ConnectionState(StrEnum):
    UNKNOWN = "unknown"
    CONNECTED = "connected"
    BUSY = "busy"
    OFFLINE = "offline"
    NO_KEY = "no_key"


def _count(usage: Mapping[str, object] | None, *names: str) -> int:
    if not usage:
        return 0
    total = 0
    for name in names:
        value = usage.get(name)
        if isinstance(value, int | float):
            total += int(value)
    return total


def usage_totals(usage: Mapping[str, object] | None) -> tuple[int, int]:
    """(input, output) tokens of an API ``usage`` dict; thoughts count as output."""
    inp = _count(usage, "total_input_tokens", "input_tokens")
    out = _count(usage, "total_output_tokens", "output_tokens") + _count(
        usage, "total_thought_tokens", "thought_tokens"
    )
    return inp, out


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel(self)
        self.model_label.setAccessibleName(self.tr("Model"))
        self.connection_label = QLabel(self)
        self.connection_label.setAccessibleName(self.tr("Connection"))
        self.usage_label = QLabel(self)
        self.usage_label.setAccessibleName(self.tr("Token usage"))
        for label in (self.usage_label, self.model_label, self.connection_label):
            label.setContentsMargins(8, 0, 8, 0)  # the three read as separate fields
            self.addPermanentWidget(label)
        self._last: tuple[int, int] = (0, 0)
        self._total: tuple[int, int] = (0, 0)
        self.set_connection(ConnectionState.UNKNOWN)
        self.set_model("")
        self._render_usage()

    def set_model(self, model: str) -> None:
        self.model_label.setText(model or self.tr("No model"))
        self.model_label.setToolTip(self.tr("Model of this conversation"))

    def set_connection(self, state: ConnectionState, detail: str = "") -> None:
        text = {
            ConnectionState.UNKNOWN: self.tr("Not connected yet"),
            ConnectionState.CONNECTED: self.tr("Connected"),
            ConnectionState.BUSY: self.tr("Answering…"),
            ConnectionState.OFFLINE: self.tr("Offline"),
            ConnectionState.NO_KEY: self.tr("No API key"),
        }[state]
        self.connection_label.setText(text)
        self.connection_label.setToolTip(detail or text)
        self.connection_label.setProperty("state", state.value)

    def set_usage(
        self,
        last: Mapping[str, object] | None,
        conversation: Mapping[str, object] | None = None,
        *,
        conversation_totals: tuple[int, int] | None = None,
    ) -> None:
        self._last = usage_totals(last)
        if conversation_totals is not None:
            self._total = conversation_totals
        else:
            self._total = usage_totals(conversation)
        self._render_usage()

    def usage(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return self._last, self._total

    def _render_usage(self) -> None:
        (li, lo), (ti, to) = self._last, self._total
        self.usage_label.setText(
            self.tr("Last answer: {li} in / {lo} out · Conversation: {ti} in / {to} out").format(
                li=f"{li:,}", lo=f"{lo:,}", ti=f"{ti:,}", to=f"{to:,}"
            )
        )
