"""`LANG=tr_TR.UTF-8` with the "system" language preference gives a Turkish UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from desktop_app.core.preferences import Language, load_preferences, save_preferences
from tests.i18n.catalogue import ROOT
from tests.i18n.widget_text import TurkishCatalogue, plain


def _probe(lang: str, language: Language = Language.SYSTEM) -> dict[str, Any]:
    save_preferences(load_preferences().replace(language=language))
    env = {k: v for k, v in os.environ.items() if k not in {"LC_ALL", "LC_MESSAGES", "LANGUAGE"}}
    env |= {
        "LANG": lang,
        "QT_QPA_PLATFORM": "offscreen",
        # The probe never touches the real keychain (no key: the first-run state).
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.i18n.ui_probe"],
        cwd=ROOT,
        env=env,  # GEMDESK_BASEDIR: the test's isolated profile
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def catalogue() -> TurkishCatalogue:
    return TurkishCatalogue()


def test_a_turkish_system_gets_a_turkish_ui(catalogue: TurkishCatalogue) -> None:
    english = _probe("en_US.UTF-8")
    turkish = _probe("tr_TR.UTF-8")
    assert english["language"] == "en"
    assert turkish["language"] == "tr"
    assert english["menus"] == ["&File", "&Edit", "&View", "&Help"]
    assert turkish["menus"] == ["&Dosya", "Dü&zen", "&Görünüm", "&Yardım"]
    assert "Gönder" in turkish["buttons"]
    assert sorted(turkish["standard_buttons"]) == ["Tamam", "İptal"]  # Qt's own catalogue
    for part in ("menus", "actions", "buttons", "first_run"):
        assert len(turkish[part]) == len(english[part]) > 0, part
        for en, tr in zip(english[part], turkish[part], strict=True):
            assert catalogue.is_translated(tr), f"{part}: {tr!r} is not Turkish"
            if any(c.isalpha() for c in plain(en)) and en not in {"Gemdesk", "Gemini"}:
                assert plain(tr) != plain(en), f"{part}: {en!r} was not translated"


def test_the_preference_overrides_the_system_language() -> None:
    # (Turkish chosen on an English system: tests/i18n/test_language.py, in process.)
    english = _probe("tr_TR.UTF-8", Language.EN)
    assert english["language"] == "en"
    assert english["menus"] == ["&File", "&Edit", "&View", "&Help"]
    assert sorted(english["standard_buttons"]) == ["Cancel", "OK"]
