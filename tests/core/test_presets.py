"""Presets: built-ins, user presets on disk, and starting a conversation from one."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.presets import BUILTIN_PRESETS, Preset, PresetLibrary
from desktop_app.core.settings import GenerationSettings, Mode


def test_builtins_then_user_presets(tmp_path: Path) -> None:
    library = PresetLibrary(tmp_path / "presets.json")
    assert [p.name for p in library.all()] == [p.name for p in BUILTIN_PRESETS]
    cat = Preset(
        "Cat",
        model="gemini-3-pro-preview",
        system_instruction="You are a cat.",
        generation=GenerationSettings(temperature=0.2),
    )
    library.save(cat)
    again = PresetLibrary(tmp_path / "presets.json")
    assert again.get("Cat") == cat
    settings = cat.settings(Mode.STATELESS)
    assert (settings.model, settings.preset, settings.mode) == (
        "gemini-3-pro-preview",
        "Cat",
        Mode.STATELESS,
    )
    assert again.delete("Cat") is True
    assert again.get("Cat") is None
    assert again.delete("Cat") is False


def test_user_preset_overrides_a_builtin(tmp_path: Path) -> None:
    library = PresetLibrary(tmp_path / "presets.json")
    library.save(Preset("Default", system_instruction="Be brief."))
    defaults = [p for p in library.all() if p.name == "Default"]
    assert len(defaults) == 1
    assert defaults[0].system_instruction == "Be brief."


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "presets.json"
    path.write_text("{not json", encoding="utf-8")
    library = PresetLibrary(path)
    assert library.user_presets() == []
    assert not path.exists()
    assert len(list(tmp_path.glob("presets.json.corrupt-*"))) == 1
