"""The first-run panel: where to get a key, paste, Test, Save, custom endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.core import credentials
from desktop_app.core.credentials import KeySource, ResolvedKey, session_keys
from desktop_app.core.preferences import load_preferences
from desktop_app.ui.first_run import AI_STUDIO_URL, FirstRunPanel
from tests.conftest import MemoryKeyring
from tests.fake_gemini.server import FakeGemini
from tests.ui.conftest import QasyncRunner

SECRET = "AIzaSyFIRST-run-key-0123456789abcdefghij"


@pytest.fixture(autouse=True)
def _fresh_session_key() -> Iterator[None]:
    session_keys.clear()
    yield
    session_keys.clear()


@pytest.fixture
def panel(qtbot: QtBot) -> FirstRunPanel:
    widget = FirstRunPanel()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_says_where_to_get_a_key(panel: FirstRunPanel) -> None:
    texts = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert AI_STUDIO_URL == "https://aistudio.google.com/apikey"
    assert f'href="{AI_STUDIO_URL}"' in texts
    assert "Google AI Studio" in texts
    assert not panel.base_url_edit.isEnabled()  # custom endpoint is opt-in


def test_save_stores_in_keychain_and_emits_key_ready(
    panel: FirstRunPanel, qtbot: QtBot, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    qtbot.keyClicks(panel.key_entry.key_edit, SECRET)
    with qtbot.waitSignal(panel.key_ready) as ready:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    (resolved,) = ready.args
    assert isinstance(resolved, ResolvedKey)
    assert resolved.source is KeySource.KEYRING
    assert resolved.value == SECRET
    assert memory_keyring.entries == {("gemdesk", "api-key"): SECRET}
    assert panel.key_entry.key_edit.text() == ""
    leaked = [p for p in tmp_path.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaked == []


def test_empty_key_is_refused_inline(panel: FirstRunPanel, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(panel.key_ready):
        assert not panel.save()
    assert "Paste" in panel.key_entry.status_label.text()
    qtbot.keyClicks(panel.key_entry.key_edit, "two words")
    with qtbot.assertNotEmitted(panel.key_ready):
        assert not panel.save()
    assert "does not look like" in panel.key_entry.status_label.text()
    assert panel.key_entry.key_edit.text() == "two words"  # nothing typed is lost


def test_without_keychain_defaults_to_this_session(qtbot: QtBot) -> None:
    keyring.set_keyring(fail.Keyring())
    panel = FirstRunPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.key_entry.no_keychain_label.isVisible()
    qtbot.keyClicks(panel.key_entry.key_edit, SECRET)
    with qtbot.waitSignal(panel.key_ready) as ready:
        panel.save()
    assert ready.args[0].source is KeySource.SESSION
    assert not credentials.key_file_path().exists()


def test_custom_endpoint_test_and_save(
    panel: FirstRunPanel, qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    qtbot.mouseClick(panel.custom_endpoint_check, Qt.MouseButton.LeftButton)
    assert panel.base_url_edit.isEnabled()
    qtbot.keyClicks(panel.base_url_edit, "not a url")
    assert panel.base_url_error.isVisible()
    qtbot.keyClicks(panel.key_entry.key_edit, fake_gemini.api_key)
    assert not panel.save()  # the endpoint is invalid
    assert credentials.resolve_api_key() is None

    panel.base_url_edit.setText(fake_gemini.base_url + "/")
    assert not panel.base_url_error.isVisible()
    (cache,) = aio.wait_signal(
        panel.key_entry.test_succeeded,
        lambda: qtbot.mouseClick(panel.key_entry.test_button, Qt.MouseButton.LeftButton),
    )
    assert cache.models
    assert fake_gemini.requests_to("/models", "GET")

    with qtbot.waitSignal(panel.key_ready), qtbot.waitSignal(panel.preferences_saved):
        panel.save()
    prefs = load_preferences()
    assert prefs.base_url == fake_gemini.base_url
    assert prefs.effective_base_url() == fake_gemini.base_url
    assert prefs.model_cache.ids() == cache.ids()


def test_invalid_key_test_shows_the_reason(
    panel: FirstRunPanel, qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    panel.custom_endpoint_check.setChecked(True)
    panel.base_url_edit.setText(fake_gemini.base_url)
    qtbot.keyClicks(panel.key_entry.key_edit, "invalid-0123456789")
    (message,) = aio.wait_signal(panel.key_entry.test_failed, panel.key_entry.run_test)
    assert "refused" in message
    assert panel.key_entry.status_label.text() == message


def test_keyboard_only_flow(panel: FirstRunPanel, qtbot: QtBot) -> None:
    panel.setFocus()
    assert panel.key_entry.key_edit.hasFocus() or panel.focusProxy() is panel.key_entry.key_edit
    qtbot.keyClicks(panel.key_entry.key_edit, SECRET)
    panel.save_button.setFocus()
    with qtbot.waitSignal(panel.key_ready):
        qtbot.keyClick(panel.save_button, Qt.Key.Key_Space)


def test_every_control_has_an_accessible_name(panel: FirstRunPanel) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

    unnamed = [
        type(w).__name__
        for w in panel.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit)
        and not w.accessibleName()
        and not isinstance(w.parent(), QLineEdit)  # Qt's own clear button inside a field
    ]
    assert unnamed == []
