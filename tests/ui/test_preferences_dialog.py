"""The Preferences dialog: key storage, env notice, no keychain, Test key, other settings."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app import logging_setup, paths
from desktop_app.core import credentials
from desktop_app.core.credentials import KeySource, KeyStorage, session_keys
from desktop_app.core.preferences import (
    Language,
    ModelCache,
    ModelInfo,
    Preferences,
    SendKey,
    Theme,
    load_preferences,
    save_preferences,
)
from desktop_app.store import HistoryStore
from desktop_app.ui.preferences_dialog import PreferencesDialog
from desktop_app.ui.theme import ThemeManager, is_dark_palette
from tests.conftest import MemoryKeyring
from tests.fake_gemini.server import FakeGemini
from tests.ui.conftest import QasyncRunner

SECRET = "AIzaSyPREFS-secret-key-0123456789abcdefg"


@pytest.fixture(autouse=True)
def _fresh_session_key() -> Iterator[None]:
    session_keys.clear()
    yield
    session_keys.clear()


@pytest.fixture
def dialog(qtbot: QtBot) -> PreferencesDialog:
    widget = PreferencesDialog()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _apply_button(d: PreferencesDialog) -> QWidget:
    return d.buttons.button(QDialogButtonBox.StandardButton.Apply)


def _files_containing(root: Path, needle: str) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and needle.encode() in path.read_bytes():
            hits.append(path)
    return hits


def test_key_goes_to_the_keychain_and_nowhere_else(
    qtbot: QtBot,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    log_file = logging_setup.setup_logging(verbose=True)
    # The history database is open, as in the app, while the key is saved.
    history = HistoryStore.open()
    try:
        history.create_conversation("Before the key")
        dialog = PreferencesDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.key_entry.keychain_radio.isChecked()
        qtbot.keyClicks(dialog.key_entry.key_edit, SECRET)
        with qtbot.waitSignal(dialog.api_key_changed):
            qtbot.mouseClick(_apply_button(dialog), Qt.MouseButton.LeftButton)
        # The app also keeps window state in QSettings; the key must not be there.
        settings = QSettings()
        settings.setValue("probe", "written")
        settings.sync()
        settings_values = [str(settings.value(k)) for k in settings.allKeys()]
        settings_file = Path(settings.fileName())
        history.create_conversation("After the key")
    finally:
        history.close()
        logging_setup.shutdown_logging()

    assert memory_keyring.entries == {("gemdesk", "api-key"): SECRET}
    resolved = credentials.resolve_api_key()
    assert resolved is not None
    assert resolved.source is KeySource.KEYRING
    assert dialog.key_entry.key_edit.text() == ""  # not kept in the widget either
    assert SECRET[-4:] in dialog.key_status.text()
    assert SECRET not in dialog.key_status.text()

    assert paths.settings_path().exists()
    assert paths.database_path().exists()
    assert log_file.exists()
    assert not any(SECRET in v for v in settings_values)
    if settings_file.exists():
        assert SECRET.encode() not in settings_file.read_bytes()
    # Every file the test produced: profile (settings, logs, any database), XDG dirs.
    assert _files_containing(tmp_path, SECRET) == []
    assert SECRET not in caplog.text


def test_env_key_is_announced(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "env-key-0123456789")
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.env_notice.isVisible()
    assert "GEMINI_API_KEY" in dialog.env_notice.text()
    assert "env-key" not in dialog.env_notice.text()
    assert not dialog.remove_key_button.isEnabled()


def test_env_key_notice_still_shows_the_stored_key(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials.save_api_key(SECRET, storage=KeyStorage.KEYCHAIN)
    monkeypatch.setenv("GOOGLE_API_KEY", "env-key-0123456789")
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert "GOOGLE_API_KEY" in dialog.env_notice.text()
    assert "keychain" in dialog.key_status.text()
    assert SECRET[-4:] in dialog.key_status.text()
    assert dialog.remove_key_button.isEnabled()


def test_no_env_notice_without_env_key(dialog: PreferencesDialog) -> None:
    assert not dialog.env_notice.isVisible()
    assert "No key" in dialog.key_status.text()


def test_without_keychain_offers_session_and_explicit_file(qtbot: QtBot) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    entry = dialog.key_entry
    assert entry.no_keychain_label.isVisible()
    assert not entry.keychain_radio.isEnabled()
    assert entry.session_radio.isChecked()  # the safe default, never the file

    qtbot.keyClicks(entry.key_edit, SECRET)
    assert dialog.apply()
    resolved = credentials.resolve_api_key()
    assert resolved is not None
    assert resolved.source is KeySource.SESSION
    assert not credentials.key_file_path().exists()

    # Only an explicit choice writes the plain file, and then 0600.
    entry.file_radio.setChecked(True)
    qtbot.keyClicks(entry.key_edit, SECRET)
    assert dialog.apply()
    path = credentials.key_file_path()
    assert path.read_text(encoding="ascii").strip() == SECRET
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "plain-text file" in dialog.key_status.text()


def test_keychain_failure_keeps_dialog_open_with_a_message(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = PreferencesDialog(keychain_available=True)
    qtbot.addWidget(dialog)
    dialog.show()
    keyring.set_keyring(fail.Keyring())  # the keychain went away after opening
    qtbot.keyClicks(dialog.key_entry.key_edit, SECRET)
    dialog.accept()
    assert dialog.isVisible()
    assert "keychain" in dialog.key_entry.status_label.text()
    assert SECRET not in dialog.key_entry.status_label.text()
    assert dialog.key_entry.key_edit.text() == SECRET  # nothing typed is lost


def test_remove_saved_key(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    credentials.save_api_key(SECRET, storage=KeyStorage.KEYCHAIN)
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    assert dialog.remove_key_button.isEnabled()
    with qtbot.waitSignal(dialog.api_key_changed):
        qtbot.mouseClick(dialog.remove_key_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.entries == {}
    assert credentials.resolve_api_key() is None
    assert not dialog.remove_key_button.isEnabled()


def test_test_key_lists_models_from_the_emulator(
    qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.base_url_edit.setText(fake_gemini.base_url)
    qtbot.keyClicks(dialog.key_entry.key_edit, fake_gemini.api_key)
    (cache,) = aio.wait_signal(
        dialog.key_entry.test_succeeded,
        lambda: qtbot.mouseClick(dialog.key_entry.test_button, Qt.MouseButton.LeftButton),
    )
    assert isinstance(cache, ModelCache)
    assert "gemini-3-flash-preview" in cache.ids()
    assert f"works: {len(cache.models)} model" in dialog.key_entry.status_label.text()
    assert dialog.key_entry.test_button.isEnabled()
    assert dialog.model_combo.findData("gemini-3-flash-preview") >= 0
    listed = fake_gemini.requests_to("/models", "GET")
    assert listed
    assert all(fake_gemini.api_key not in r.path for r in listed)  # header only
    # Testing saves nothing; Apply stores the key and the fresh model list.
    assert credentials.resolve_api_key() is None
    assert dialog.apply()
    assert load_preferences().model_cache.ids() == cache.ids()
    assert load_preferences().base_url == fake_gemini.base_url


def test_test_key_reports_an_invalid_key(
    qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.base_url_edit.setText(fake_gemini.base_url)
    bad = "invalid-key-for-the-test-0123"
    qtbot.keyClicks(dialog.key_entry.key_edit, bad)
    (message,) = aio.wait_signal(dialog.key_entry.test_failed, dialog.key_entry.run_test)
    assert "refused" in message
    assert bad not in message
    assert dialog.key_entry.status_label.text() == message
    assert dialog.key_entry.test_button.isEnabled()


def test_test_key_reports_an_unreachable_endpoint(
    qtbot: QtBot, aio: QasyncRunner, unused_tcp_port: int
) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.base_url_edit.setText(f"http://127.0.0.1:{unused_tcp_port}")
    qtbot.keyClicks(dialog.key_entry.key_edit, SECRET)
    (message,) = aio.wait_signal(dialog.key_entry.test_failed, dialog.key_entry.run_test)
    assert "reach" in message


def test_test_key_uses_the_saved_key_when_the_field_is_blank(
    qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    credentials.save_api_key(fake_gemini.api_key, storage=KeyStorage.KEYCHAIN)
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.base_url_edit.setText(fake_gemini.base_url)
    aio.wait_signal(dialog.key_entry.test_succeeded, dialog.key_entry.run_test)


def test_invalid_base_url_blocks_saving(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    dialog.tabs.setCurrentIndex(2)
    dialog.base_url_edit.setText("ftp://example.com")
    assert not dialog.base_url_error.isHidden()
    assert not dialog.apply()
    assert dialog.tabs.currentIndex() == 0
    assert not paths.settings_path().exists()
    dialog.base_url_edit.setText("http://127.0.0.1:8765/")
    assert dialog.base_url_error.isHidden()
    assert dialog.apply()
    assert load_preferences().base_url == "http://127.0.0.1:8765"


def test_every_setting_round_trips(qtbot: QtBot) -> None:
    start = Preferences(model_cache=ModelCache.now([ModelInfo("gemini-3-pro-preview", "Pro")]))
    save_preferences(start)
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.model_combo.set_model_id("gemini-3-pro-preview")
    dialog.generation_editor.thinking_level.setCurrentIndex(
        dialog.generation_editor.thinking_level.findData("high")
    )
    dialog.generation_editor.temperature.setValue(0.4)
    dialog.generation_editor.max_output_tokens.setValue(2048)
    dialog.stateful_combo.setCurrentIndex(dialog.stateful_combo.findData(False))
    dialog.send_key_combo.setCurrentIndex(dialog.send_key_combo.findData("ctrl_enter"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("tr"))
    dialog.close_to_tray_check.setChecked(True)
    dialog.prefill_clipboard_check.setChecked(True)
    assert dialog.language_note.font().bold()  # "applies after a restart" is stressed
    with qtbot.waitSignal(dialog.preferences_saved) as saved:
        dialog.accept()
    assert not dialog.isVisible()
    prefs = load_preferences()
    assert saved.args == [prefs]
    assert prefs.default_model == "gemini-3-pro-preview"
    assert prefs.generation.thinking_level == "high"
    assert prefs.generation.temperature == 0.4
    assert prefs.generation.max_output_tokens == 2048
    assert prefs.generation.top_p is None
    assert prefs.stateful is False
    assert prefs.send_key is SendKey.CTRL_ENTER
    assert prefs.language is Language.TR
    assert prefs.close_to_tray
    assert prefs.quick_prompt_prefill_clipboard
    assert prefs.model_cache == start.model_cache
    assert "api" not in json.dumps(prefs.to_json()).lower().replace("api_version", "")


def test_cancel_discards(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    dialog.close_to_tray_check.setChecked(True)
    qtbot.keyClicks(dialog.key_entry.key_edit, SECRET)
    dialog.reject()
    assert not paths.settings_path().exists()
    assert credentials.resolve_api_key() is None


def test_theme_choice_applies_through_the_manager(qtbot: QtBot, qapp: QApplication) -> None:
    original = QPalette(qapp.palette())
    manager = ThemeManager(Theme.LIGHT)
    try:
        dialog = PreferencesDialog(theme_manager=manager)
        qtbot.addWidget(dialog)
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        with qtbot.waitSignal(manager.dark_changed) as flipped:
            assert dialog.apply()
        assert flipped.args == [True]
        assert is_dark_palette(qapp.palette())
        assert load_preferences().theme is Theme.DARK
    finally:
        manager.close()
        qapp.setPalette(original)


def test_every_control_has_an_accessible_name(dialog: PreferencesDialog) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit)
    unnamed = [
        f"{type(w).__name__}:{w.objectName()}"
        for w in dialog.findChildren(QWidget)
        if isinstance(w, kinds)
        and not w.accessibleName()
        and not (isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox))
        and not (isinstance(w, QLineEdit) and isinstance(w.parent(), QAbstractSpinBox))
        and not (isinstance(w, QAbstractButton) and not w.text() and not w.isVisibleTo(dialog))
    ]
    assert unnamed == []
