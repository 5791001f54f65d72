"""The per-conversation settings panel: edits, presets, model list live and cached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.credentials import KeyStorage, save_api_key
from desktop_app.core.preferences import (
    ModelCache,
    ModelInfo,
    Preferences,
    load_preferences,
    save_preferences,
)
from desktop_app.core.presets import Preset, PresetLibrary
from desktop_app.core.settings import ConversationSettings, GenerationSettings, Mode
from desktop_app.ui.conversation_settings import ConversationSettingsPanel
from tests.fake_gemini.server import FakeGemini
from tests.ui.conftest import QasyncRunner

OLD = datetime(2026, 1, 1, tzinfo=UTC)
CACHED = ModelCache(
    (ModelInfo("cached-model-a", "Cached A"), ModelInfo("cached-model-b", "Cached B")), OLD
)


@pytest.fixture
def presets(tmp_path: Path) -> PresetLibrary:
    library = PresetLibrary(tmp_path / "presets.json")
    library.save(
        Preset(
            "Reviewer",
            model="cached-model-b",
            system_instruction="Review code.",
            generation=GenerationSettings(thinking_level="high", temperature=0.2),
        )
    )
    return library


def _panel(
    qtbot: QtBot,
    presets: PresetLibrary,
    settings: ConversationSettings | None = None,
    prefs: Preferences | None = None,
) -> ConversationSettingsPanel:
    panel = ConversationSettingsPanel(
        settings=settings or ConversationSettings(model="cached-model-a"),
        preferences=prefs or Preferences(model_cache=CACHED),
        presets=presets,
    )
    qtbot.addWidget(panel)
    return panel


def test_shows_the_settings_it_was_given(qtbot: QtBot, presets: PresetLibrary) -> None:
    settings = ConversationSettings(
        model="cached-model-b",
        system_instruction="Be brief.",
        generation=GenerationSettings(
            thinking_level="low", thinking_summaries="auto", top_p=0.5, max_output_tokens=100
        ),
        mode=Mode.STATELESS,
    )
    panel = _panel(qtbot, presets, settings)
    assert panel.model_combo.model_id() == "cached-model-b"
    assert panel.system_instruction.toPlainText() == "Be brief."
    assert panel.mode_combo.currentData() == "stateless"
    assert panel.generation_editor.settings() == settings.generation
    assert panel.settings() == settings
    assert panel.model_combo.count() == 2  # from the cache, without any network


def test_each_edit_emits_the_new_settings(qtbot: QtBot, presets: PresetLibrary) -> None:
    panel = _panel(qtbot, presets)
    editor = panel.generation_editor
    with qtbot.waitSignal(panel.settings_changed) as changed:
        editor.thinking_level.setCurrentIndex(editor.thinking_level.findData("medium"))
    assert changed.args[0].generation.thinking_level == "medium"
    with qtbot.waitSignal(panel.settings_changed) as changed:
        editor.temperature.setValue(1.5)
    assert changed.args[0].generation.temperature == 1.5
    with qtbot.waitSignal(panel.settings_changed) as changed:
        editor.thinking_summaries.setCurrentIndex(editor.thinking_summaries.findData("none"))
    assert changed.args[0].generation.thinking_summaries == "none"
    with qtbot.waitSignal(panel.settings_changed) as changed:
        panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("stateless"))
    assert changed.args[0].mode is Mode.STATELESS
    with qtbot.waitSignal(panel.settings_changed) as changed:
        panel.model_combo.setCurrentIndex(panel.model_combo.findData("cached-model-b"))
    final = changed.args[0]
    assert final.model == "cached-model-b"
    assert final.generation.to_api() == {
        "thinking_level": "medium",
        "thinking_summaries": "none",
        "temperature": 1.5,
    }
    assert panel.settings() == final


def test_typed_model_id_is_accepted(qtbot: QtBot, presets: PresetLibrary) -> None:
    panel = _panel(qtbot, presets)
    panel.show()
    panel.model_combo.setFocus()
    panel.model_combo.lineEdit().selectAll()
    qtbot.keyClicks(panel.model_combo.lineEdit(), "models/brand-new-model")
    with qtbot.waitSignal(panel.settings_changed) as changed:
        qtbot.keyClick(panel.model_combo.lineEdit(), Qt.Key.Key_Return)
    assert changed.args[0].model == "brand-new-model"


def test_system_instruction_is_debounced_and_flushable(
    qtbot: QtBot, presets: PresetLibrary
) -> None:
    panel = _panel(qtbot, presets)
    seen: list[ConversationSettings] = []
    panel.settings_changed.connect(seen.append)
    panel.show()
    qtbot.keyClicks(panel.system_instruction, "Answer in Turkish.")
    assert seen == []  # not one emission per keystroke
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen[0].system_instruction == "Answer in Turkish."
    qtbot.keyClicks(panel.system_instruction, " Always.")
    panel.flush()
    assert seen[-1].system_instruction == "Answer in Turkish. Always."
    assert len(seen) == 2


def test_switching_conversation_does_not_emit(qtbot: QtBot, presets: PresetLibrary) -> None:
    panel = _panel(qtbot, presets)
    other = ConversationSettings(model="cached-model-b", system_instruction="Other chat.")
    with qtbot.assertNotEmitted(panel.settings_changed, wait=500):
        panel.set_settings(other)
    assert panel.settings() == other
    assert panel.system_instruction.toPlainText() == "Other chat."


def test_preset_fills_everything_and_editing_leaves_it(
    qtbot: QtBot, presets: PresetLibrary
) -> None:
    panel = _panel(qtbot, presets, ConversationSettings(model="cached-model-a", chain_refusals=1))
    index = panel.preset_combo.findData("Reviewer")
    assert index > 0
    assert panel.preset_combo.findData("Deep thinking") > 0  # built-ins are listed too
    with qtbot.waitSignal(panel.settings_changed) as changed:
        panel.preset_combo.setCurrentIndex(index)
        panel.preset_combo.activated.emit(index)
    chosen = changed.args[0]
    assert chosen.preset == "Reviewer"
    assert chosen.model == "cached-model-b"
    assert chosen.system_instruction == "Review code."
    assert chosen.generation.thinking_level == "high"
    assert chosen.mode is Mode.STATEFUL  # the mode is the conversation's, not the preset's
    assert chosen.chain_refusals == 1
    assert panel.system_instruction.toPlainText() == "Review code."
    assert panel.model_combo.model_id() == "cached-model-b"

    with qtbot.waitSignal(panel.settings_changed) as edited:
        panel.generation_editor.temperature.setValue(0.9)
    assert edited.args[0].preset is None
    assert panel.preset_combo.currentIndex() == 0  # shows "Custom"


def test_refresh_lists_models_and_caches_them(
    qtbot: QtBot, presets: PresetLibrary, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    save_api_key(fake_gemini.api_key, storage=KeyStorage.KEYCHAIN)
    prefs = Preferences(base_url=fake_gemini.base_url, model_cache=CACHED)
    save_preferences(prefs)
    panel = _panel(qtbot, presets, prefs=prefs)
    (cache,) = aio.wait_signal(panel.models_refreshed, panel.refresh_models)
    assert "gemini-3-flash-preview" in cache.ids()
    assert panel.model_combo.findData("gemini-3-flash-preview") >= 0
    assert panel.model_combo.model_id() == "cached-model-a"  # the choice is kept
    stored = load_preferences()
    assert stored.model_cache.ids() == cache.ids()
    assert stored.model_cache.fetched_at is not None
    assert stored.base_url == fake_gemini.base_url  # other fields untouched


def test_stale_cache_refreshes_when_shown(
    qtbot: QtBot, presets: PresetLibrary, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    save_api_key(fake_gemini.api_key, storage=KeyStorage.SESSION)
    prefs = Preferences(base_url=fake_gemini.base_url, model_cache=CACHED)
    panel = _panel(qtbot, presets, prefs=prefs)
    aio.wait_signal(panel.models_refreshed, panel.show)
    fresh = load_preferences().model_cache
    assert fresh.fetched_at is not None
    assert datetime.now(UTC) - fresh.fetched_at < timedelta(minutes=5)


def test_offline_shows_the_cache(
    qtbot: QtBot, presets: PresetLibrary, aio: QasyncRunner, unused_tcp_port: int
) -> None:
    save_api_key("AIzaSyOFFLINE-0123456789abcdefghijklmno", storage=KeyStorage.KEYCHAIN)
    prefs = Preferences(base_url=f"http://127.0.0.1:{unused_tcp_port}", model_cache=CACHED)
    panel = _panel(qtbot, presets, prefs=prefs)
    aio.wait_signal(panel.fetcher.failed, panel.refresh_models)
    assert [panel.model_combo.itemData(i) for i in range(panel.model_combo.count())] == [
        "cached-model-a",
        "cached-model-b",
    ]
    assert "Offline" in panel.models_status.text()
    assert panel.refresh_button.isEnabled()


def test_refresh_without_a_key_says_so(qtbot: QtBot, presets: PresetLibrary) -> None:
    panel = _panel(qtbot, presets)
    panel.refresh_models()
    assert "API key" in panel.models_status.text()
    assert not panel.fetcher.running


def test_controls_have_accessible_names(qtbot: QtBot, presets: PresetLibrary) -> None:
    panel = _panel(qtbot, presets)
    for widget in (
        panel.preset_combo,
        panel.model_combo,
        panel.refresh_button,
        panel.mode_combo,
        panel.system_instruction,
        panel.generation_editor.thinking_level,
        panel.generation_editor.thinking_summaries,
        panel.generation_editor.temperature,
        panel.generation_editor.top_p,
        panel.generation_editor.max_output_tokens,
    ):
        assert widget.accessibleName(), widget
