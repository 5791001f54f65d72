"""Preferences (Ctrl+,): API key, endpoint, defaults for new chats, appearance, behaviour.

Usage from the main window::

    dialog = PreferencesDialog(self, theme_manager=self.theme)
    dialog.preferences_saved.connect(self._on_preferences_saved)
    dialog.api_key_changed.connect(self._on_api_key_changed)
    dialog.open()
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import credentials
from desktop_app.core.credentials import CredentialError, InvalidKeyError, KeySource
from desktop_app.core.preferences import (
    Language,
    ModelCache,
    Preferences,
    SendKey,
    Theme,
    load_preferences,
    normalise_base_url,
    save_preferences,
)
from desktop_app.ui.key_entry import KeyEntry
from desktop_app.ui.model_fetch import ListModels
from desktop_app.ui.settings_widgets import GenerationEditor, ModelCombo
from desktop_app.ui.theme import ThemeManager

__all__ = ["PreferencesDialog"]

log = logging.getLogger(__name__)


class PreferencesDialog(QDialog):
    """The Preferences window; OK and Apply save, Cancel discards.

    Signals:
        preferences_saved(object): the saved :class:`Preferences`.
        api_key_changed(): a key was saved or removed (rebuild the API client).
    """

    preferences_saved = Signal(object)
    api_key_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        preferences: Preferences | None = None,
        theme_manager: ThemeManager | None = None,
        list_models: ListModels | None = None,
        keychain_available: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.setAccessibleName(self.tr("Preferences"))
        self.setObjectName("PreferencesDialog")
        self._prefs = preferences if preferences is not None else load_preferences()
        self._theme_manager = theme_manager
        self._model_cache = self._prefs.model_cache

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Preference pages"))
        self.tabs.addTab(
            self._build_account_page(list_models, keychain_available), self.tr("&Account")
        )
        self.tabs.addTab(self._build_defaults_page(), self.tr("&New chats"))
        self.tabs.addTab(self._build_appearance_page(), self.tr("A&ppearance"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        for which, name in (
            (QDialogButtonBox.StandardButton.Ok, self.tr("Save and close")),
            (QDialogButtonBox.StandardButton.Cancel, self.tr("Discard changes")),
            (QDialogButtonBox.StandardButton.Apply, self.tr("Save")),
        ):
            self.buttons.button(which).setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self._load_into_widgets(self._prefs)
        self._refresh_key_status()
        self._connect_signals()

    # -- pages ----------------------------------------------------------------------------

    def _build_account_page(
        self, list_models: ListModels | None, keychain_available: bool | None
    ) -> QWidget:
        page = QWidget(self)
        key_box = QGroupBox(self.tr("Gemini API key"), page)
        self.env_notice = QLabel(key_box)
        self.env_notice.setWordWrap(True)
        self.env_notice.setAccessibleName(self.tr("Environment key notice"))
        self.key_status = QLabel(key_box)
        self.key_status.setWordWrap(True)
        self.key_status.setAccessibleName(self.tr("Saved key status"))
        self.key_entry = KeyEntry(
            key_box, list_models=list_models, keychain_available=keychain_available
        )
        self.remove_key_button = QPushButton(self.tr("&Remove saved key"), key_box)
        self.remove_key_button.setAccessibleName(self.tr("Remove the saved API key"))
        get_key = QLabel(
            self.tr('Get a key from <a href="{url}">Google AI Studio</a>.').format(
                url="https://aistudio.google.com/apikey"
            ),
            key_box,
        )
        get_key.setTextFormat(Qt.TextFormat.RichText)
        get_key.setOpenExternalLinks(True)
        get_key.setAccessibleName(self.tr("Where to get an API key"))
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(self.env_notice)
        key_layout.addWidget(self.key_status)
        key_layout.addWidget(self.key_entry)
        remove_row = QHBoxLayout()
        remove_row.addWidget(get_key, 1)
        remove_row.addWidget(self.remove_key_button)
        key_layout.addLayout(remove_row)

        endpoint_box = QGroupBox(self.tr("Endpoint"), page)
        self.base_url_edit = QLineEdit(endpoint_box)
        self.base_url_edit.setAccessibleName(self.tr("API endpoint address"))
        self.base_url_edit.setPlaceholderText(Preferences().effective_base_url())
        self.base_url_error = QLabel(endpoint_box)
        self.base_url_error.setAccessibleName(self.tr("Endpoint error"))
        self.base_url_error.setStyleSheet("color: #c62828;")
        self.base_url_error.setVisible(False)
        hint = QLabel(
            self.tr(
                "Leave empty to use Google's servers (or GOOGLE_GEMINI_BASE_URL when it is "
                "set). Use a custom address for a proxy or a local emulator."
            ),
            endpoint_box,
        )
        hint.setWordWrap(True)
        endpoint_layout = QFormLayout(endpoint_box)
        endpoint_layout.addRow(self.tr("&Base URL:"), self.base_url_edit)
        endpoint_layout.addRow(self.base_url_error)
        endpoint_layout.addRow(hint)

        layout = QVBoxLayout(page)
        layout.addWidget(key_box)
        layout.addWidget(endpoint_box)
        layout.addStretch(1)
        return page

    def _build_defaults_page(self) -> QWidget:
        page = QWidget(self)
        self.model_combo = ModelCombo(page)
        self.model_combo.setAccessibleName(self.tr("Default model"))
        self.generation_editor = GenerationEditor(page)
        self.stateful_combo = QComboBox(page)
        self.stateful_combo.setAccessibleName(self.tr("Default conversation mode"))
        self.stateful_combo.addItem(self.tr("Stateful (the server keeps the history)"), True)
        self.stateful_combo.addItem(
            self.tr("Stateless (nothing stored on the server; history resent)"), False
        )
        form = QFormLayout()
        form.addRow(self.tr("Default &model:"), self.model_combo)
        form.addRow(self.tr("Conversation m&ode:"), self.stateful_combo)
        layout = QVBoxLayout(page)
        note = QLabel(self.tr("These settings apply to new conversations."), page)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.generation_editor)
        layout.addStretch(1)
        return page

    def _build_appearance_page(self) -> QWidget:
        page = QWidget(self)
        self.send_key_combo = QComboBox(page)
        self.send_key_combo.setAccessibleName(self.tr("Send key"))
        self.send_key_combo.addItem(
            self.tr("Enter sends, Shift+Enter starts a new line"), SendKey.ENTER.value
        )
        self.send_key_combo.addItem(
            self.tr("Ctrl+Enter sends, Enter starts a new line"), SendKey.CTRL_ENTER.value
        )
        self.theme_combo = QComboBox(page)
        self.theme_combo.setAccessibleName(self.tr("Theme"))
        self.theme_combo.addItem(self.tr("Follow the system"), Theme.SYSTEM.value)
        self.theme_combo.addItem(self.tr("Light"), Theme.LIGHT.value)
        self.theme_combo.addItem(self.tr("Dark"), Theme.DARK.value)
        self.language_combo = QComboBox(page)
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.addItem(self.tr("System language"), Language.SYSTEM.value)
        # Language names are written in their own language on purpose.
        self.language_combo.addItem("English", Language.EN.value)
        self.language_combo.addItem("Türkçe", Language.TR.value)
        self.language_note = QLabel(self.tr("A new language applies after a restart."), page)
        self.language_note.setAccessibleName(self.tr("Language note"))
        self.close_to_tray_check = QCheckBox(
            self.tr("Closing the window keeps Gemdesk in the system &tray"), page
        )
        self.close_to_tray_check.setAccessibleName(self.tr("Close to tray"))
        self.prefill_clipboard_check = QCheckBox(
            self.tr("Quick prompt starts with the &clipboard text"), page
        )
        self.prefill_clipboard_check.setAccessibleName(
            self.tr("Prefill the quick prompt from the clipboard")
        )
        form = QFormLayout(page)
        form.addRow(self.tr("&Send with:"), self.send_key_combo)
        form.addRow(self.tr("T&heme:"), self.theme_combo)
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow(self.language_note)
        form.addRow(self.close_to_tray_check)
        form.addRow(self.prefill_clipboard_check)
        return page

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.remove_key_button.clicked.connect(self._remove_key)
        self.base_url_edit.textChanged.connect(self._on_base_url_edited)
        self.key_entry.test_succeeded.connect(self._on_models_listed)
        self.language_combo.currentIndexChanged.connect(self._update_language_note)

    # -- load / collect -------------------------------------------------------------------

    def _load_into_widgets(self, prefs: Preferences) -> None:
        self.base_url_edit.setText(prefs.base_url or "")
        self._on_base_url_edited()
        self.model_combo.set_models(prefs.model_cache, prefs.default_model)
        self.generation_editor.set_settings(prefs.generation)
        _select(self.stateful_combo, prefs.stateful)
        _select(self.send_key_combo, prefs.send_key.value)
        _select(self.theme_combo, prefs.theme.value)
        _select(self.language_combo, prefs.language.value)
        self.close_to_tray_check.setChecked(prefs.close_to_tray)
        self.prefill_clipboard_check.setChecked(prefs.quick_prompt_prefill_clipboard)
        self._update_language_note()

    def collected(self) -> Preferences:
        """The preferences as shown; raises ``ValueError`` for an invalid endpoint."""
        return self._prefs.replace(
            base_url=normalise_base_url(self.base_url_edit.text()),
            default_model=self.model_combo.model_id() or self._prefs.default_model,
            generation=self.generation_editor.settings(),
            stateful=bool(self.stateful_combo.currentData()),
            send_key=SendKey(self.send_key_combo.currentData()),
            theme=Theme(self.theme_combo.currentData()),
            language=Language(self.language_combo.currentData()),
            close_to_tray=self.close_to_tray_check.isChecked(),
            quick_prompt_prefill_clipboard=self.prefill_clipboard_check.isChecked(),
            model_cache=self._model_cache,
        )

    @property
    def preferences(self) -> Preferences:
        """The last saved (or initially loaded) preferences."""
        return self._prefs

    # -- actions --------------------------------------------------------------------------

    def apply(self) -> bool:
        """Save everything; on a problem show it inline and return False."""
        try:
            prefs = self.collected()
        except ValueError:
            self.tabs.setCurrentIndex(0)
            self.base_url_edit.setFocus()
            return False
        try:
            saved_key = self.key_entry.save()
        except InvalidKeyError as exc:
            self.tabs.setCurrentIndex(0)
            self.key_entry.show_status(self.key_entry.invalid_key_text(exc), error=True)
            return False
        except CredentialError as exc:
            self.tabs.setCurrentIndex(0)
            self.key_entry.show_status(self._storage_error_text(exc), error=True)
            return False
        try:
            save_preferences(prefs)
        except OSError as exc:
            log.warning("saving preferences failed: %s", exc.strerror)
            self.key_entry.show_status(
                self.tr("Could not save the preferences: {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                ),
                error=True,
            )
            return False
        self._prefs = prefs
        if self._theme_manager is not None:
            self._theme_manager.set_theme(prefs.theme)
        if saved_key is not None:
            self.key_entry.show_status(self._saved_text(saved_key.source))
            self._refresh_key_status()
            self.api_key_changed.emit()
        self.preferences_saved.emit(prefs)
        return True

    def accept(self) -> None:
        if self.apply():
            self.key_entry.fetcher.cancel()
            super().accept()

    def reject(self) -> None:
        self.key_entry.fetcher.cancel()
        super().reject()

    def _remove_key(self) -> None:
        try:
            credentials.delete_api_key()
        except CredentialError as exc:
            self.key_entry.show_status(self._storage_error_text(exc), error=True)
            return
        self._refresh_key_status()
        self.key_entry.show_status(self.tr("The saved key was removed."))
        self.api_key_changed.emit()

    # -- slots ----------------------------------------------------------------------------

    def _on_base_url_edited(self) -> None:
        try:
            url = normalise_base_url(self.base_url_edit.text())
        except ValueError:
            self.base_url_error.setText(
                self.tr("Enter an http:// or https:// address without a query or user name.")
            )
            self.base_url_error.setVisible(True)
            self.key_entry.set_base_url("")
            return
        self.base_url_error.setVisible(False)
        self.key_entry.set_base_url(self._prefs.replace(base_url=url).effective_base_url())

    def _on_models_listed(self, cache: ModelCache) -> None:
        self._model_cache = cache
        self.model_combo.set_models(cache, self.model_combo.model_id())

    def _update_language_note(self) -> None:
        changed = self.language_combo.currentData() != self._prefs.language.value
        font = self.language_note.font()
        font.setBold(changed)
        self.language_note.setFont(font)

    def _refresh_key_status(self) -> None:
        env_var = credentials.env_key_variable()
        self.env_notice.setVisible(env_var is not None)
        if env_var is not None:
            self.env_notice.setText(
                self.tr(
                    "The environment variable {name} is set, so Gemdesk uses that key. "
                    "A key saved here is used only when {name} is not set."
                ).format(name=env_var)
            )
        resolved = credentials.resolve_api_key(include_env=False)
        if resolved is None:
            text = self.tr("No key is saved in Gemdesk.")
        elif resolved.source is KeySource.KEYRING:
            text = self.tr("A key ending in {hint} is saved in the system keychain.")
        elif resolved.source is KeySource.SESSION:
            text = self.tr("A key ending in {hint} is kept for this session only.")
        else:
            text = self.tr("A key ending in {hint} is saved in a plain-text file ({path}).")
        hint = resolved.key.masked() if resolved is not None else ""
        self.key_status.setText(text.format(hint=hint, path=str(credentials.key_file_path())))
        self.remove_key_button.setEnabled(resolved is not None)

    def _saved_text(self, source: KeySource) -> str:
        if source is KeySource.KEYRING:
            return self.tr("The key was saved in the system keychain.")
        if source is KeySource.FILE:
            return self.tr("The key was saved in a plain-text file readable only by you.")
        return self.tr("The key will be used until Gemdesk quits.")

    def _storage_error_text(self, exc: CredentialError) -> str:
        if isinstance(exc, credentials.KeychainUnavailableError):
            return self.tr(
                "The system keychain could not store the key. Choose “This session only” "
                "or a plain-text file."
            )
        return self.tr("The key file could not be written or removed. Check the permissions.")


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))
