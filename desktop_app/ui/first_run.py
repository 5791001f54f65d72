"""The panel shown instead of the transcript while no API key is available."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.credentials import CredentialError, InvalidKeyError
from desktop_app.core.preferences import (
    ModelCache,
    Preferences,
    load_preferences,
    normalise_base_url,
    save_preferences,
)
from desktop_app.ui.key_entry import KeyEntry
from desktop_app.ui.model_fetch import ListModels

__all__ = ["AI_STUDIO_URL", "FirstRunPanel"]

log = logging.getLogger(__name__)

AI_STUDIO_URL = "https://aistudio.google.com/apikey"


class FirstRunPanel(QWidget):
    """Welcome text, where to get a key, paste field, Test, Save, custom endpoint.

    Signals:
        key_ready(object): the :class:`ResolvedKey` just saved; the window swaps this
            panel for the transcript.
        preferences_saved(object): the :class:`Preferences` (endpoint, model cache).
    """

    key_ready = Signal(object)
    preferences_saved = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        preferences: Preferences | None = None,
        list_models: ListModels | None = None,
        keychain_available: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunPanel")
        self.setAccessibleName(self.tr("Set up Gemdesk"))
        self._prefs = preferences if preferences is not None else load_preferences()
        self._model_cache: ModelCache | None = None

        title = QLabel(self.tr("Welcome to Gemdesk"), self)
        title.setAccessibleName(self.tr("Welcome"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "Gemdesk talks to Google's Gemini with your own API key. "
                'You can create one for free in <a href="{url}">Google AI Studio</a> '
                "({url}): sign in, choose “Create API key”, copy it, and paste it below."
            ).format(url=AI_STUDIO_URL),
            self,
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setOpenExternalLinks(True)
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("Where to get an API key"))
        intro.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        self.key_entry = KeyEntry(
            self, list_models=list_models, keychain_available=keychain_available
        )

        self.custom_endpoint_check = QCheckBox(self.tr("Use a custom &endpoint"), self)
        self.custom_endpoint_check.setAccessibleName(self.tr("Use a custom endpoint"))
        self.base_url_edit = QLineEdit(self)
        self.base_url_edit.setAccessibleName(self.tr("Custom endpoint address"))
        self.base_url_edit.setPlaceholderText("http://127.0.0.1:8765")
        self.base_url_error = QLabel(self)
        self.base_url_error.setAccessibleName(self.tr("Endpoint error"))
        self.base_url_error.setStyleSheet("color: #c62828;")
        endpoint_row = QHBoxLayout()
        endpoint_row.addWidget(self.custom_endpoint_check)
        endpoint_row.addWidget(self.base_url_edit, 1)

        self.save_button = QPushButton(self.tr("&Save and start"), self)
        self.save_button.setAccessibleName(self.tr("Save the key and start"))
        self.save_button.setDefault(True)

        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addWidget(self.key_entry)
        inner.addLayout(endpoint_row)
        inner.addWidget(self.base_url_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        inner.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        if self._prefs.base_url:
            self.custom_endpoint_check.setChecked(True)
            self.base_url_edit.setText(self._prefs.base_url)
        self._connect_signals()
        self._on_endpoint_changed()
        self.setTabOrder(self.key_entry.key_edit, self.key_entry.show_button)
        self.setTabOrder(self.key_entry.show_button, self.key_entry.test_button)
        self.setTabOrder(self.key_entry.test_button, self.key_entry.keychain_radio)
        self.setTabOrder(self.key_entry.file_radio, self.custom_endpoint_check)
        self.setTabOrder(self.custom_endpoint_check, self.base_url_edit)
        self.setTabOrder(self.base_url_edit, self.save_button)
        self.setFocusProxy(self.key_entry.key_edit)

    def _connect_signals(self) -> None:
        self.custom_endpoint_check.toggled.connect(self._on_endpoint_changed)
        self.base_url_edit.textChanged.connect(self._on_endpoint_changed)
        self.save_button.clicked.connect(self.save)
        self.key_entry.test_succeeded.connect(self._on_models_listed)

    def _custom_base_url(self) -> str | None:
        """The endpoint the user typed (``None`` when unchecked); ValueError if invalid."""
        if not self.custom_endpoint_check.isChecked():
            return None
        return normalise_base_url(self.base_url_edit.text())

    def _on_endpoint_changed(self) -> None:
        self.base_url_edit.setEnabled(self.custom_endpoint_check.isChecked())
        try:
            url = self._custom_base_url()
        except ValueError:
            self.base_url_error.setText(self.tr("Enter an http:// or https:// address."))
            self.base_url_error.setVisible(True)
            self.key_entry.set_base_url("")
            return
        self.base_url_error.setVisible(False)
        self.key_entry.set_base_url(self._prefs.replace(base_url=url).effective_base_url())

    def _on_models_listed(self, cache: ModelCache) -> None:
        self._model_cache = cache

    def save(self) -> bool:
        """Save the key (and the endpoint) and emit :attr:`key_ready`; False on a problem."""
        try:
            base_url = self._custom_base_url()
        except ValueError:
            self.base_url_edit.setFocus()
            return False
        try:
            if self.key_entry.typed_key() is None:
                self.key_entry.show_status(self.tr("Paste your API key first."), error=True)
                self.key_entry.key_edit.setFocus()
                return False
            resolved = self.key_entry.save()
        except InvalidKeyError as exc:
            self.key_entry.show_status(self.key_entry.invalid_key_text(exc), error=True)
            return False
        except CredentialError:
            self.key_entry.show_status(
                self.tr(
                    "The key could not be stored there. Choose “This session only” "
                    "or a plain-text file."
                ),
                error=True,
            )
            return False
        assert resolved is not None  # the field was not blank
        prefs = self._prefs.replace(base_url=base_url)
        if self._model_cache is not None:
            prefs = prefs.replace(model_cache=self._model_cache)
        if prefs != self._prefs:
            try:
                save_preferences(prefs)
            except OSError as exc:  # the key is saved; the endpoint can be set later
                log.warning("saving preferences failed: %s", exc.strerror)
            else:
                self._prefs = prefs
                self.preferences_saved.emit(prefs)
        self.key_entry.fetcher.cancel()
        self.key_ready.emit(resolved)
        return True

    def send_blocked_reason(self) -> str:
        """What the composer says while this panel waits for a key."""
        return self.tr("Save an API key above to start chatting. Your draft is kept.")

    @property
    def preferences(self) -> Preferences:
        return self._prefs
