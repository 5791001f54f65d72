"""The per-conversation settings side panel: preset, model, generation, instruction, mode.

The panel edits a :class:`ConversationSettings` value and emits it; the main window
persists it through the engine/store. The model list comes from the preferences'
cache (shown at once, and offline) and is refreshed from the server when stale.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import credentials
from desktop_app.core.preferences import (
    ModelCache,
    Preferences,
    load_preferences,
    save_preferences,
)
from desktop_app.core.presets import Preset, PresetLibrary
from desktop_app.core.settings import ConversationSettings, Mode
from desktop_app.ui.i18n import translate_noop
from desktop_app.ui.model_fetch import ListModels, ModelFetcher
from desktop_app.ui.settings_widgets import GenerationEditor, ModelCombo

__all__ = ["MODEL_CACHE_MAX_AGE", "ConversationSettingsPanel"]

log = logging.getLogger(__name__)

MODEL_CACHE_MAX_AGE = timedelta(hours=12)
_TYPING_DEBOUNCE_MS = 400


# The names of desktop_app.core.presets.BUILTIN_PRESETS, marked for the catalogue.
_BUILTIN_PRESET_NAMES = (
    translate_noop("Presets", "Default"),
    translate_noop("Presets", "Quick answer"),
    translate_noop("Presets", "Deep thinking"),
)


class ConversationSettingsPanel(QWidget):
    """Side panel editing one conversation's settings.

    Signals:
        settings_changed(object): the edited :class:`ConversationSettings`.
        models_refreshed(object): a fresh :class:`ModelCache` (already saved to preferences).
    """

    settings_changed = Signal(object)
    models_refreshed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: ConversationSettings | None = None,
        preferences: Preferences | None = None,
        presets: PresetLibrary | None = None,
        list_models: ListModels | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConversationSettingsPanel")
        self.setAccessibleName(self.tr("Conversation settings"))
        self._prefs = preferences if preferences is not None else load_preferences()
        self._presets = presets if presets is not None else PresetLibrary()
        self._settings = settings if settings is not None else self._prefs.conversation_defaults()
        self._cache = self._prefs.model_cache
        self._auto_refreshed = False
        self.fetcher = ModelFetcher(self, list_models=list_models)

        self.preset_combo = QComboBox(self)
        self.preset_combo.setAccessibleName(self.tr("Preset"))
        self.model_combo = ModelCombo(self)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh the model list"))
        self.models_status = QLabel(self)
        self.models_status.setWordWrap(True)
        self.models_status.setAccessibleName(self.tr("Model list status"))
        self.generation_editor = GenerationEditor(self)
        self.system_instruction = QPlainTextEdit(self)
        self.system_instruction.setAccessibleName(self.tr("System instruction"))
        self.system_instruction.setPlaceholderText(
            self.tr("Optional: how the model should behave in this conversation")
        )
        self.system_instruction.setTabChangesFocus(True)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setAccessibleName(self.tr("Conversation mode"))
        self.mode_combo.addItem(self.tr("Stateful (server keeps history)"), Mode.STATEFUL.value)
        self.mode_combo.addItem(
            self.tr("Stateless (nothing stored on the server)"), Mode.STATELESS.value
        )
        self.mode_combo.setToolTip(
            self.tr(
                "Stateful chains turns on the server with previous_interaction_id. "
                "Stateless sends the whole history each turn with store=false."
            )
        )
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(_TYPING_DEBOUNCE_MS)

        model_row = QHBoxLayout()
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.refresh_button)
        form = QFormLayout()
        form.addRow(self.tr("&Preset:"), self.preset_combo)
        # A row holding a layout gets no buddy by itself: without one the "&" shows.
        model_label = QLabel(self.tr("&Model:"), self)
        model_label.setBuddy(self.model_combo)
        form.addRow(model_label, model_row)
        form.addRow(self.models_status)
        form.addRow(self.tr("M&ode:"), self.mode_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.generation_editor)
        instruction_label = QLabel(self.tr("S&ystem instruction:"), self)
        instruction_label.setBuddy(self.system_instruction)
        layout.addWidget(instruction_label)
        layout.addWidget(self.system_instruction, 1)

        self._fill_presets()
        self.model_combo.set_models(self._cache, self._settings.model)
        self._show_settings(self._settings)
        self._show_cache_status()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.preset_combo.activated.connect(self._on_preset_chosen)
        self.model_combo.currentIndexChanged.connect(self._on_edited)
        line_edit = self.model_combo.lineEdit()
        if line_edit is not None:  # editable combo: a typed model id counts on Enter/leave
            line_edit.editingFinished.connect(self._on_edited)
        self.generation_editor.changed.connect(self._on_edited)
        self.mode_combo.currentIndexChanged.connect(self._on_edited)
        self.system_instruction.textChanged.connect(self._typing_timer.start)
        self._typing_timer.timeout.connect(self._on_edited)
        self.refresh_button.clicked.connect(self.refresh_models)
        self.fetcher.started.connect(self._on_fetch_started)
        self.fetcher.succeeded.connect(self._on_models_listed)
        self.fetcher.failed.connect(self._on_fetch_failed)
        self.fetcher.finished.connect(lambda: self.refresh_button.setEnabled(True))

    # -- public API -----------------------------------------------------------------------

    def settings(self) -> ConversationSettings:
        return self._settings

    def set_settings(self, settings: ConversationSettings) -> None:
        """Show another conversation's settings (no :attr:`settings_changed`)."""
        self._typing_timer.stop()
        self._settings = settings
        self._show_settings(settings)

    def set_model_cache(self, cache: ModelCache) -> None:
        self._cache = cache
        self.model_combo.blockSignals(True)
        self.model_combo.set_models(cache, self._settings.model)
        self.model_combo.blockSignals(False)
        self._show_cache_status()

    def flush(self) -> None:
        """Emit a pending system-instruction edit now (before a send or a switch)."""
        if self._typing_timer.isActive():
            self._typing_timer.stop()
            self._on_edited()

    def refresh_models(self) -> None:
        resolved = credentials.resolve_api_key()
        if resolved is None:
            self.models_status.setText(self.tr("Add an API key to load the model list."))
            return
        self.fetcher.fetch(resolved.value, self._prefs.effective_base_url())

    # -- internals ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._auto_refreshed and self._cache_is_stale():
            self._auto_refreshed = True
            self.refresh_models()

    def _cache_is_stale(self) -> bool:
        fetched = self._cache.fetched_at
        return fetched is None or datetime.now(UTC) - fetched > MODEL_CACHE_MAX_AGE

    def _fill_presets(self) -> None:
        self.preset_combo.clear()
        self.preset_combo.addItem(self.tr("Custom"), None)
        for preset in self._presets.all():
            # Built-in names come out of the catalogue; the user's own match no entry.
            self.preset_combo.addItem(
                QCoreApplication.translate("Presets", preset.name), preset.name
            )

    def _show_settings(self, s: ConversationSettings) -> None:
        widgets = (self.preset_combo, self.model_combo, self.mode_combo, self.system_instruction)
        for w in widgets:
            w.blockSignals(True)
        try:
            index = self.preset_combo.findData(s.preset) if s.preset else 0
            if index < 0:  # a preset that was deleted since: keep showing its name
                self.preset_combo.addItem(s.preset or "", s.preset)
                index = self.preset_combo.count() - 1
            self.preset_combo.setCurrentIndex(index)
            self.model_combo.set_model_id(s.model)
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(s.mode.value))
            if self.system_instruction.toPlainText() != s.system_instruction:
                self.system_instruction.setPlainText(s.system_instruction)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.generation_editor.set_settings(s.generation)

    def _collect(self) -> ConversationSettings:
        model = self.model_combo.model_id() or self._settings.model
        edited = self._settings.with_changes(
            model=model,
            system_instruction=self.system_instruction.toPlainText(),
            generation=self.generation_editor.settings(),
            mode=Mode(self.mode_combo.currentData()),
        )
        preset = self._presets.get(edited.preset) if edited.preset else None
        if preset is not None and not _matches(preset, edited):
            edited = edited.with_changes(preset=None)  # edited away from the preset
        return edited

    def _on_edited(self) -> None:
        edited = self._collect()
        if edited == self._settings:
            return
        self._settings = edited
        if edited.preset is None and self.preset_combo.currentIndex() != 0:
            self.preset_combo.setCurrentIndex(0)
        self.settings_changed.emit(edited)

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if not isinstance(name, str):
            edited = self._settings.with_changes(preset=None)
        else:
            preset = self._presets.get(name)
            if preset is None:
                return
            edited = preset.settings(self._settings.mode).with_changes(
                chain_refusals=self._settings.chain_refusals
            )
        if edited == self._settings:
            return
        self._settings = edited
        self._show_settings(edited)
        self.settings_changed.emit(edited)

    def _on_fetch_started(self) -> None:
        self.refresh_button.setEnabled(False)
        self.models_status.setText(self.tr("Loading the model list…"))

    def _on_models_listed(self, cache: ModelCache) -> None:
        self.set_model_cache(cache)
        try:
            latest = load_preferences()  # another window may have changed other fields
            self._prefs = latest.replace(model_cache=cache)
            save_preferences(self._prefs)
        except OSError as exc:
            log.warning("could not cache the model list: %s", exc.strerror)
        self.models_refreshed.emit(cache)

    def _on_fetch_failed(self, message: str) -> None:
        if self._cache.models:
            self.models_status.setText(
                self.tr("Offline? Showing the model list from {when}. ({reason})").format(
                    when=self._fetched_text(), reason=message
                )
            )
        else:
            self.models_status.setText(
                self.tr("The model list could not be loaded: {reason}").format(reason=message)
            )

    def _show_cache_status(self) -> None:
        if self._cache.fetched_at is None:
            self.models_status.setText(self.tr("The model list has not been loaded yet."))
        else:
            self.models_status.setText(
                self.tr("%n model(s), list from {when}.", "", len(self._cache.models)).format(
                    when=self._fetched_text()
                )
            )

    def _fetched_text(self) -> str:
        fetched = self._cache.fetched_at
        if fetched is None:
            return self.tr("an unknown date")
        when = QDateTime.fromSecsSinceEpoch(int(fetched.timestamp())).toLocalTime()
        return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def _matches(preset: Preset, settings: ConversationSettings) -> bool:
    return (
        preset.model == settings.model
        and preset.system_instruction == settings.system_instruction
        and preset.generation == settings.generation
    )
