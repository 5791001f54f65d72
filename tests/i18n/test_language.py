"""Choosing the UI language and installing Gemdesk's and Qt's catalogues."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.core.preferences import Language, load_preferences, save_preferences
from desktop_app.ui import i18n
from desktop_app.ui.i18n import (
    current_language,
    install_translator,
    remove_translators,
    resolve_language,
)


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("tr_TR", Language.TR),
        ("tr_CY", Language.TR),
        ("en_GB", Language.EN),
        ("de_DE", Language.EN),  # no German catalogue: the source language
        ("C", Language.EN),
    ],
)
def test_system_preference_follows_the_os_locale(system: str, expected: Language) -> None:
    assert resolve_language(Language.SYSTEM, QLocale(system)) is expected


@pytest.mark.parametrize("choice", [Language.EN, Language.TR])
def test_an_explicit_choice_overrides_the_os_locale(choice: Language) -> None:
    for system in ("tr_TR", "en_US", "ja_JP"):
        assert resolve_language(choice, QLocale(system)) is choice


def _ours(app: QApplication) -> list[QTranslator]:
    return app.findChildren(QTranslator)


def _buttons(buttons: QDialogButtonBox.StandardButton) -> list[str]:
    box = QDialogButtonBox(buttons)
    try:
        return sorted(b.text() for b in box.buttons())
    finally:
        box.deleteLater()


def test_turkish_translates_our_strings_and_qts_buttons(english_afterwards: QApplication) -> None:
    app = english_afterwards
    both = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    assert _buttons(both) == ["Cancel", "OK"]
    assert install_translator(app, Language.TR) is Language.TR
    assert current_language(app) is Language.TR
    assert QCoreApplication.translate("MainWindow", "&File") == "&Dosya"
    assert QCoreApplication.translate("Composer", "Send") == "Gönder"
    assert _buttons(both) == ["Tamam", "İptal"]  # qtbase_tr
    assert len(_ours(app)) == 2

    # Again (e.g. a second start-up path): replaced, not stacked.
    install_translator(app, Language.TR)
    assert len(_ours(app)) == 2

    remove_translators(app)
    assert _ours(app) == []
    assert current_language(app) is Language.EN
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert _buttons(both) == ["Cancel", "OK"]


def test_the_saved_preference_is_used_by_default(english_afterwards: QApplication) -> None:
    app = english_afterwards
    save_preferences(load_preferences().replace(language=Language.TR))
    assert install_translator(app) is Language.TR
    assert QCoreApplication.translate("Tray", "Quit") == "Çık"

    save_preferences(load_preferences().replace(language=Language.EN))
    assert install_translator(app) is Language.EN
    assert _ours(app) == []
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"


def test_a_missing_catalogue_leaves_the_ui_in_english(
    english_afterwards: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(i18n, "QM_DIR", tmp_path)  # an installation without the .qm
    with caplog.at_level(logging.WARNING, logger=i18n.__name__):
        assert install_translator(english_afterwards, Language.TR) is Language.EN
    assert "stays in English" in caplog.text
    assert _ours(english_afterwards) == []
    assert current_language(english_afterwards) is Language.EN
