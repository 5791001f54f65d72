"""Editors shared by Preferences (defaults) and the conversation settings panel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from desktop_app.core.preferences import ModelCache
from desktop_app.core.settings import THINKING_LEVELS, THINKING_SUMMARIES, GenerationSettings

__all__ = ["GenerationEditor", "ModelCombo"]

_STEP = 0.05


class ModelCombo(QComboBox):
    """An editable model picker filled from the cached model list.

    The user may type an id the list does not know (a new model, a custom endpoint).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(self.tr("Model"))
        self.setToolTip(self.tr("The model that answers; you may also type a model id."))

    def set_models(self, cache: ModelCache, current: str) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            for model in cache.models:
                label = model.id
                if model.display_name and model.display_name != model.id:
                    label = f"{model.display_name} ({model.id})"
                self.addItem(label, model.id)
            self.set_model_id(current)
        finally:
            self.blockSignals(False)

    def set_model_id(self, model_id: str) -> None:
        index = self.findData(model_id)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(model_id)

    def model_id(self) -> str:
        text = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == text:
            return str(self.itemData(index))
        return text.removeprefix("models/")


class _OptionalDouble(QDoubleSpinBox):
    """A spin box whose lowest position means "model default" (``None``)."""

    def __init__(self, low: float, high: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)
        self.setSingleStep(_STEP)
        self.setRange(low - _STEP, high)
        self.setSpecialValueText(self.tr("Model default"))
        self.setValue(self.minimum())

    def optional_value(self) -> float | None:
        return None if self.value() <= self.minimum() + 1e-9 else round(self.value(), 2)

    def set_optional_value(self, value: float | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class _OptionalInt(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 1_000_000)
        self.setSingleStep(256)
        self.setSpecialValueText(self.tr("Model default"))

    def optional_value(self) -> int | None:
        return self.value() or None

    def set_optional_value(self, value: int | None) -> None:
        self.setValue(value or 0)


class GenerationEditor(QWidget):
    """Thinking level, thinking summaries, temperature, top-p, max output tokens.

    Fields the editor does not show (stop sequences, seed) are carried through
    untouched.

    Signals:
        changed(object): the edited :class:`GenerationSettings`.
    """

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = GenerationSettings()
        self.thinking_level = QComboBox(self)
        self.thinking_level.addItem(self.tr("Model default"), None)
        names = {
            "minimal": self.tr("Minimal"),
            "low": self.tr("Low"),
            "medium": self.tr("Medium"),
            "high": self.tr("High"),
            "xhigh": self.tr("Extra high"),
        }
        for level in THINKING_LEVELS:
            self.thinking_level.addItem(names.get(level, level), level)
        self.thinking_summaries = QComboBox(self)
        self.thinking_summaries.addItem(self.tr("Model default"), None)
        summary_names = {"auto": self.tr("Show summaries"), "none": self.tr("Hide summaries")}
        for mode in THINKING_SUMMARIES:
            self.thinking_summaries.addItem(summary_names.get(mode, mode), mode)
        self.temperature = _OptionalDouble(0.0, 2.0, self)
        self.top_p = _OptionalDouble(0.0, 1.0, self)
        self.max_output_tokens = _OptionalInt(self)

        self.thinking_level.setAccessibleName(self.tr("Thinking level"))
        self.thinking_summaries.setAccessibleName(self.tr("Thinking summaries"))
        self.temperature.setAccessibleName(self.tr("Temperature"))
        self.top_p.setAccessibleName(self.tr("Top-p"))
        self.max_output_tokens.setAccessibleName(self.tr("Maximum output tokens"))
        self.max_output_tokens.setToolTip(
            self.tr("A hard cap that includes thinking; the answer stops when it is reached.")
        )

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Thinking level:"), self.thinking_level)
        form.addRow(self.tr("Thinking s&ummaries:"), self.thinking_summaries)
        form.addRow(self.tr("T&emperature:"), self.temperature)
        form.addRow(self.tr("Top-&p:"), self.top_p)
        form.addRow(self.tr("Max output t&okens:"), self.max_output_tokens)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.thinking_level.currentIndexChanged.connect(self._emit)
        self.thinking_summaries.currentIndexChanged.connect(self._emit)
        self.temperature.valueChanged.connect(self._emit)
        self.top_p.valueChanged.connect(self._emit)
        self.max_output_tokens.valueChanged.connect(self._emit)

    def settings(self) -> GenerationSettings:
        level = self.thinking_level.currentData()
        summaries = self.thinking_summaries.currentData()
        return GenerationSettings(
            thinking_level=level if isinstance(level, str) else None,
            thinking_summaries=summaries if isinstance(summaries, str) else None,
            temperature=self.temperature.optional_value(),
            top_p=self.top_p.optional_value(),
            max_output_tokens=self.max_output_tokens.optional_value(),
            stop_sequences=self._base.stop_sequences,
            seed=self._base.seed,
        )

    def set_settings(self, settings: GenerationSettings) -> None:
        """Show *settings* without emitting :attr:`changed`."""
        self._base = settings
        widgets = (
            self.thinking_level,
            self.thinking_summaries,
            self.temperature,
            self.top_p,
            self.max_output_tokens,
        )
        for w in widgets:
            w.blockSignals(True)
        try:
            _select_data(self.thinking_level, settings.thinking_level)
            _select_data(self.thinking_summaries, settings.thinking_summaries)
            self.temperature.set_optional_value(settings.temperature)
            self.top_p.set_optional_value(settings.top_p)
            self.max_output_tokens.set_optional_value(settings.max_output_tokens)
        finally:
            for w in widgets:
                w.blockSignals(False)

    def _emit(self) -> None:
        self.changed.emit(self.settings())


def _select_data(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value)
    if index < 0 and value is not None:
        combo.addItem(value, value)  # an upstream level this build does not know yet
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
