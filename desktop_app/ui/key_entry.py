"""The API-key field with its storage choice and Test button (Preferences and first run)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import credentials
from desktop_app.core.credentials import ApiKey, InvalidKeyError, KeyStorage, ResolvedKey
from desktop_app.core.preferences import ModelCache
from desktop_app.ui.model_fetch import ListModels, ModelFetcher

__all__ = ["KeyEntry"]


class KeyEntry(QWidget):
    """Paste field, where-to-keep-it choice, Test button and a status line.

    The caller keeps the endpoint to test against current with :meth:`set_base_url`
    (the endpoint field lives elsewhere on the page; ``""`` means it is invalid).

    Signals:
        test_succeeded(object): a :class:`ModelCache` listed with the key under test.
        test_failed(str): a translated sentence.
    """

    test_succeeded = Signal(object)
    test_failed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        list_models: ListModels | None = None,
        keychain_available: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._keychain = (
            credentials.keychain_available() if keychain_available is None else keychain_available
        )
        self._base_url: str = ""
        self.fetcher = ModelFetcher(self, list_models=list_models)

        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste your Gemini API key"))
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.key_edit.setClearButtonEnabled(True)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setCheckable(True)
        self.show_button.setAccessibleName(self.tr("Show the API key"))
        self.test_button = QPushButton(self.tr("&Test key"), self)
        self.test_button.setAccessibleName(self.tr("Test the API key by listing models"))

        self.keychain_radio = QRadioButton(self.tr("System &keychain (recommended)"), self)
        self.session_radio = QRadioButton(self.tr("This &session only (forgotten on exit)"), self)
        self.file_radio = QRadioButton(
            self.tr("Plain-text &file readable only by you (0600)"),
            self,
        )
        self.keychain_radio.setAccessibleName(self.tr("Keep the key in the system keychain"))
        self.session_radio.setAccessibleName(self.tr("Keep the key for this session only"))
        self.file_radio.setAccessibleName(self.tr("Keep the key in a plain-text file"))
        self.file_radio.setToolTip(
            self.tr(
                "The key is written unencrypted to a file only your user account can read. "
                "Anyone with access to your account or your backups can read it."
            )
        )
        self.storage_group = QButtonGroup(self)
        for radio in (self.keychain_radio, self.session_radio, self.file_radio):
            self.storage_group.addButton(radio)
        self.no_keychain_label = QLabel(
            self.tr(
                "No system keychain is available, so the key cannot be stored securely. "
                "Keep it for this session only, or explicitly choose a plain-text file."
            ),
            self,
        )
        self.no_keychain_label.setWordWrap(True)
        self.no_keychain_label.setAccessibleName(self.tr("Keychain unavailable"))
        self.keychain_radio.setEnabled(self._keychain)
        self.no_keychain_label.setVisible(not self._keychain)
        (self.keychain_radio if self._keychain else self.session_radio).setChecked(True)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Key test result"))

        row = QHBoxLayout()
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.no_keychain_label)
        layout.addWidget(self.keychain_radio)
        layout.addWidget(self.session_radio)
        layout.addWidget(self.file_radio)
        layout.addWidget(self.status_label)
        self.setTabOrder(self.key_edit, self.show_button)
        self.setTabOrder(self.show_button, self.test_button)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.show_button.toggled.connect(self._on_show_toggled)
        self.test_button.clicked.connect(self.run_test)
        self.key_edit.returnPressed.connect(self.run_test)
        self.fetcher.started.connect(self._on_test_started)
        self.fetcher.succeeded.connect(self._on_test_succeeded)
        self.fetcher.failed.connect(self._on_test_failed)
        self.fetcher.finished.connect(self._on_test_finished)

    # -- state ----------------------------------------------------------------------------

    @property
    def keychain_available(self) -> bool:
        return self._keychain

    def set_base_url(self, base_url: str) -> None:
        self._base_url = base_url

    def typed_key(self) -> ApiKey | None:
        """The pasted key, or ``None`` when the field is blank. Raises InvalidKeyError."""
        text = self.key_edit.text()
        return ApiKey(text) if text.strip() else None

    def storage(self) -> KeyStorage:
        if self.file_radio.isChecked():
            return KeyStorage.PLAIN_FILE
        if self.session_radio.isChecked() or not self._keychain:
            return KeyStorage.SESSION
        return KeyStorage.KEYCHAIN

    def set_storage(self, storage: KeyStorage) -> None:
        if storage is KeyStorage.KEYCHAIN and not self._keychain:
            storage = KeyStorage.SESSION
        {
            KeyStorage.KEYCHAIN: self.keychain_radio,
            KeyStorage.SESSION: self.session_radio,
            KeyStorage.PLAIN_FILE: self.file_radio,
        }[storage].setChecked(True)

    def save(self) -> ResolvedKey | None:
        """Store the typed key where the user chose; ``None`` if the field is blank.

        Raises :class:`credentials.CredentialError` (message safe to show).
        """
        key = self.typed_key()
        if key is None:
            return None
        resolved = credentials.save_api_key(key, storage=self.storage())
        self.key_edit.clear()
        return resolved

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("error", error)
        self.status_label.setStyleSheet("color: #c62828;" if error else "")

    # -- Test key -------------------------------------------------------------------------

    def run_test(self) -> None:
        """List models with the typed key (else the saved one) against the base URL."""
        try:
            key = self.typed_key()
        except InvalidKeyError as exc:
            self.show_status(self.invalid_key_text(exc), error=True)
            return
        if key is None:
            resolved = credentials.resolve_api_key()
            if resolved is None:
                self.show_status(self.tr("Paste a key first."), error=True)
                return
            key = resolved.key
        if not self._base_url:
            self.show_status(self.tr("The endpoint address is not valid."), error=True)
            return
        self.fetcher.fetch(key.reveal(), self._base_url)

    def invalid_key_text(self, exc: InvalidKeyError) -> str:
        del exc  # English text from core; say it in the user's language instead
        return self.tr("That does not look like an API key (empty, or it contains spaces).")

    def _on_show_toggled(self, shown: bool) -> None:
        self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _on_test_started(self) -> None:
        self.test_button.setEnabled(False)
        self.show_status(self.tr("Testing the key…"))

    def _on_test_succeeded(self, cache: ModelCache) -> None:
        count = len(cache.models)
        self.show_status(self.tr("The key works: %n model(s) available.", "", count))
        self.test_succeeded.emit(cache)

    def _on_test_failed(self, message: str) -> None:
        self.show_status(message, error=True)
        self.test_failed.emit(message)

    def _on_test_finished(self) -> None:
        self.test_button.setEnabled(True)
