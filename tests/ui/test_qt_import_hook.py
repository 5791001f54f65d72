"""PySide6's import hook must answer as before without keeping module sources cached."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6 import QtCore  # noqa: F401  (loads the hook under test)

from desktop_app.ui import qt_import_hook


def _write_module(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_answers_like_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feature = sys.modules["shibokensupport.feature"]
    original = getattr(feature, qt_import_hook.ORIGINAL_ATTR, feature._mod_uses_pyside)
    assert original is not qt_import_hook.mod_uses_pyside
    monkeypatch.syspath_prepend(str(tmp_path))
    _write_module(tmp_path, "gd_hook_uses", "from PySide6 import QtCore\nX = QtCore.Qt\n")
    _write_module(tmp_path, "gd_hook_plain", "import json\nY = json.dumps\n")
    uses = importlib.import_module("gd_hook_uses")
    plain = importlib.import_module("gd_hook_plain")
    try:
        for module in (uses, plain, json, sys):
            assert qt_import_hook.mod_uses_pyside(module) == original(module), module
        assert qt_import_hook.mod_uses_pyside(uses) is True
        assert qt_import_hook.mod_uses_pyside(plain) is False
    finally:
        sys.modules.pop("gd_hook_uses", None)
        sys.modules.pop("gd_hook_plain", None)


def test_imports_after_the_swap_leave_linecache_alone(tmp_path: Path) -> None:
    # A fresh interpreter: the swap must happen before the imports it protects.
    module = _write_module(tmp_path, "gd_hook_probe", "import PySide6\nVALUE = 1\n")
    script = textwrap.dedent(
        f"""
        import linecache, sys
        sys.path.insert(0, {str(tmp_path)!r})
        from PySide6 import QtCore
        from desktop_app.ui.qt_import_hook import spare_linecache
        assert spare_linecache()
        import gd_hook_probe
        feature = sys.modules["shibokensupport.feature"]
        assert feature.pyside_feature_dict.get("gd_hook_probe") == 0, feature.pyside_feature_dict
        assert {str(module)!r} not in linecache.cache, "source cached"
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_without_the_swap_the_source_is_cached(tmp_path: Path) -> None:
    """The reason the module exists: PySide6's own hook keeps every importer's source."""
    module = _write_module(tmp_path, "gd_hook_probe2", "import json\nVALUE = 2\n")
    script = textwrap.dedent(
        f"""
        import linecache, sys
        sys.path.insert(0, {str(tmp_path)!r})
        from PySide6 import QtCore
        import gd_hook_probe2
        print({str(module)!r} in linecache.cache)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_spare_linecache_is_idempotent() -> None:
    assert qt_import_hook.spare_linecache()
    assert qt_import_hook.spare_linecache()
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is qt_import_hook.mod_uses_pyside
    assert getattr(feature, qt_import_hook.ORIGINAL_ATTR) is not qt_import_hook.mod_uses_pyside
