"""Preferences: defaults, round trip, atomic writes, migrations, damaged files."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop_app import paths
from desktop_app.core.preferences import (
    GOOGLE_BASE_URL,
    SCHEMA_VERSION,
    Language,
    ModelCache,
    ModelInfo,
    Preferences,
    SendKey,
    Theme,
    load_preferences,
    migrate,
    normalise_base_url,
    save_preferences,
)
from desktop_app.core.settings import DEFAULT_MODEL, GenerationSettings, Mode


def _everything_changed() -> Preferences:
    return Preferences(
        base_url="http://127.0.0.1:8765",
        default_model="gemini-3-pro-preview",
        generation=GenerationSettings(
            thinking_level="high",
            thinking_summaries="auto",
            temperature=0.7,
            top_p=0.9,
            max_output_tokens=4096,
        ),
        stateful=False,
        send_key=SendKey.CTRL_ENTER,
        theme=Theme.DARK,
        language=Language.TR,
        close_to_tray=True,
        quick_prompt_prefill_clipboard=True,
        model_cache=ModelCache(
            (ModelInfo("gemini-3-flash-preview", "Gemini 3 Flash"), ModelInfo("x-model")),
            datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        ),
    )


def test_defaults_without_a_file() -> None:
    prefs = load_preferences()
    assert prefs == Preferences()
    assert prefs.default_model == DEFAULT_MODEL == "gemini-3-flash-preview"
    assert prefs.send_key is SendKey.ENTER
    assert prefs.theme is Theme.SYSTEM
    assert prefs.language is Language.SYSTEM
    assert prefs.close_to_tray is False
    assert prefs.quick_prompt_prefill_clipboard is False
    assert prefs.stateful is True
    assert prefs.generation.to_api() == {}
    assert not paths.settings_path().exists()  # loading never creates the file


def test_round_trip_of_every_field() -> None:
    prefs = _everything_changed()
    save_preferences(prefs)
    assert load_preferences() == prefs
    data = json.loads(paths.settings_path().read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["send_key"] == "ctrl_enter"
    assert data["model_cache"]["fetched_at"] == "2026-01-02T03:04:05+00:00"
    # Every dataclass field is persisted (a new field without serialisation fails here).
    assert set(data) - {"schema_version"} == set(Preferences.__dataclass_fields__)


def test_conversation_defaults_follow_preferences() -> None:
    prefs = _everything_changed()
    conv = prefs.conversation_defaults()
    assert conv.model == "gemini-3-pro-preview"
    assert conv.mode is Mode.STATELESS
    assert conv.generation.to_api() == {
        "thinking_level": "high",
        "thinking_summaries": "auto",
        "temperature": 0.7,
        "top_p": 0.9,
        "max_output_tokens": 4096,
    }
    assert Preferences().conversation_defaults().mode is Mode.STATEFUL


def test_atomic_write_leaves_no_temp_files_and_replaces() -> None:
    save_preferences(Preferences(theme=Theme.LIGHT))
    save_preferences(Preferences(theme=Theme.DARK))
    names = sorted(p.name for p in paths.settings_path().parent.iterdir())
    assert names == ["settings.json"]
    assert load_preferences().theme is Theme.DARK


def test_failed_write_keeps_the_previous_file(monkeypatch: pytest.MonkeyPatch) -> None:
    save_preferences(Preferences(theme=Theme.LIGHT))
    before = paths.settings_path().read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", broken_replace)
        with pytest.raises(OSError):
            save_preferences(Preferences(theme=Theme.DARK))
    assert paths.settings_path().read_bytes() == before
    assert sorted(p.name for p in paths.settings_path().parent.iterdir()) == ["settings.json"]


def test_corrupt_json_is_moved_aside_and_defaults_used() -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"theme": "dark", ', encoding="utf-8")
    assert load_preferences() == Preferences()
    assert not path.exists()
    aside = [p for p in path.parent.iterdir() if p.name.startswith("settings.json.corrupt-")]
    assert len(aside) == 1
    assert aside[0].read_text(encoding="utf-8") == '{"theme": "dark", '


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"theme": "purple"}, "theme"),
        ({"send_key": 3}, "send_key"),
        ({"close_to_tray": "yes"}, "close_to_tray"),
        ({"base_url": "ftp://example.com"}, "base_url"),
        ({"default_model": ""}, "default_model"),
        ({"model_cache": [1, 2]}, "model_cache"),
    ],
)
def test_one_bad_value_only_resets_that_field(patch: dict[str, Any], field: str) -> None:
    good = _everything_changed()
    data = good.to_json() | patch
    _write_raw(data)
    loaded = load_preferences()
    assert getattr(loaded, field) == getattr(Preferences(), field)
    for other in Preferences.__dataclass_fields__:
        if other != field:
            assert getattr(loaded, other) == getattr(good, other), other


@pytest.mark.parametrize(
    ("key", "value"),
    [("temperature", 2.5), ("top_p", -0.1), ("max_output_tokens", 0), ("thinking_summaries", "x")],
)
def test_out_of_range_generation_values_fall_back(key: str, value: object) -> None:
    data = _everything_changed().to_json()
    data["generation"][key] = value
    _write_raw(data)
    loaded = load_preferences()
    assert getattr(loaded.generation, key) is None
    good = _everything_changed().generation
    for other in ("thinking_level", "thinking_summaries", "temperature", "top_p"):
        if other != key:
            assert getattr(loaded.generation, other) == getattr(good, other)
    assert loaded.theme is Theme.DARK


def test_unversioned_file_is_migrated_and_unknown_keys_ignored() -> None:
    _write_raw({"theme": "light", "future_thing": 1, "api_key": "should-be-ignored"})
    loaded = load_preferences()
    assert loaded.theme is Theme.LIGHT
    save_preferences(loaded)
    text = paths.settings_path().read_text(encoding="utf-8")
    assert "should-be-ignored" not in text
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


def test_migrations_run_in_order() -> None:
    calls: list[int] = []

    def v1_to_v2(d: dict[str, Any]) -> dict[str, Any]:
        calls.append(1)
        d["dark_mode"] = d.pop("night", False)
        return d

    def v2_to_v3(d: dict[str, Any]) -> dict[str, Any]:
        calls.append(2)
        d["theme"] = "dark" if d.pop("dark_mode") else "light"
        return d

    out = migrate(
        {"schema_version": 1, "night": True},
        migrations={1: v1_to_v2, 2: v2_to_v3},
        target=3,
    )
    assert calls == [1, 2]
    assert out == {"schema_version": 3, "theme": "dark"}
    with pytest.raises(ValueError):
        migrate({"schema_version": 0}, migrations={}, target=1)


def test_newer_schema_is_read_not_rejected() -> None:
    _write_raw({"schema_version": SCHEMA_VERSION + 5, "theme": "dark"})
    assert load_preferences().theme is Theme.DARK


def test_base_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Preferences().effective_base_url() == GOOGLE_BASE_URL
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", "http://127.0.0.1:9/ ")
    assert Preferences().effective_base_url() == "http://127.0.0.1:9"
    prefs = Preferences(base_url="https://proxy.example/v")
    # The variable set for this run wins over the saved preference.
    assert prefs.effective_base_url() == "http://127.0.0.1:9"
    monkeypatch.delenv("GOOGLE_GEMINI_BASE_URL")
    assert prefs.effective_base_url() == "https://proxy.example/v"
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", "not a url")
    assert Preferences().effective_base_url() == GOOGLE_BASE_URL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("  ", None),
        ("http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
        ("https://example.com/gemini/", "https://example.com/gemini"),
    ],
)
def test_normalise_base_url(text: str | None, expected: str | None) -> None:
    assert normalise_base_url(text) == expected


@pytest.mark.parametrize(
    "bad", ["example.com", "file:///etc", "https://u:p@host", "https://h/?key=1", "http://"]
)
def test_normalise_base_url_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise_base_url(bad)


def test_model_cache_helpers() -> None:
    cache = ModelCache.now([ModelInfo("a", "Model A"), ModelInfo("b")])
    assert cache.ids() == ["a", "b"]
    assert [m.label for m in cache.models] == ["Model A", "b"]
    assert cache.fetched_at is not None
    assert cache.fetched_at.tzinfo is not None


def test_models_prefix_is_stripped_from_default_model() -> None:
    _write_raw({"schema_version": 1, "default_model": "models/gemini-x"})
    assert load_preferences().default_model == "gemini-x"


def _write_raw(data: dict[str, Any]) -> Path:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
