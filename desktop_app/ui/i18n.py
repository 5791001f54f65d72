"""The UI language: pick it, load its catalogues, install them on the application.

English is the source language: it needs no catalogue. Turkish ships as
``desktop_app/resources/translations/gemdesk_tr.qm``, compiled by ``make
translations`` from ``resources/translations/gemdesk_tr.ts`` and kept in git so
that ``pip install .``, wheels and the PyInstaller bundle carry it without Qt's
tools at build time (``tests/i18n`` fails when it is stale).

:func:`install_translator` runs once, right after the ``QApplication`` exists
and before any widget is built: widgets translate their strings when they are
created, so a change of the language preference applies after a restart.

Sentences from below the UI (api/store/core errors, refusals, notices) arrive in
English as :class:`~desktop_app.text.Text`; :func:`display` and :func:`display_error`
say them in the UI's language where they are shown.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.core.preferences import Language, load_preferences
from desktop_app.text import Text, describe, recognise

__all__ = [
    "CATALOGUE",
    "QM_DIR",
    "TEMPLATE_MODULES",
    "catalogue_path",
    "current_language",
    "display",
    "display_error",
    "install_translator",
    "remove_translators",
    "resolve_language",
    "translate_noop",
]

log = logging.getLogger(__name__)

CATALOGUE = "gemdesk"
# Package data, next to the code: found the same way in a checkout, a wheel and a bundle.
QM_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

# Importing these registers every desktop_app.text template of api/, store/ and core/
# (tests/i18n checks it in a fresh interpreter): English read back from the history can
# be recognised before the engine was ever used in this process.
TEMPLATE_MODULES = ("desktop_app.core.engine", "desktop_app.store")

# Languages with a catalogue (or the source language); "system" resolves to one of them.
_AVAILABLE = {"en": Language.EN, "tr": Language.TR}
_QT_LOCALES = {
    Language.EN: QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
    Language.TR: QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey),
}
# Marks our translators among the application's children, so a second call replaces them.
_TRANSLATOR_NAME = "gemdesk-translator"
_LANGUAGE_PROPERTY = "gemdeskLanguage"


def resolve_language(preference: Language, system: QLocale | None = None) -> Language:
    """The language to show: the preference, or the first of the OS's we have."""
    if preference is not Language.SYSTEM:
        return preference
    locale = QLocale.system() if system is None else system
    # uiLanguages is the user's ordered list (LANGUAGE, LC_MESSAGES, LANG on Linux).
    for tag in locale.uiLanguages():
        found = _AVAILABLE.get(tag.replace("_", "-").split("-")[0].lower())
        if found is not None:
            return found
    return Language.EN


def translate_noop(context: str, text: str) -> str:
    """Mark *text* for the catalogue without translating it: a typed ``QT_TRANSLATE_NOOP``.

    For strings declared at import time, before any translator is installed; show
    them with ``QCoreApplication.translate(context, text)``. ``make translations``
    tells lupdate that this name marks a string.
    """
    return text


def display(text: str) -> str:
    """*text* in the UI's language.

    A :class:`Text` is looked up in the catalogue and its arguments filled in (those
    that are :class:`Text` translated too). A plain English sentence, e.g. an error
    read back from the history database, is first matched against the registered
    templates; one that matches none is shown as it is.
    """
    if not text:
        return ""  # most messages have no error: no template search for them
    if isinstance(text, Text) and text.context:
        found: Text | None = text
    else:
        found = recognise(text)
        if found is None and _import_templates():
            found = recognise(text)
    if found is None:
        return str(text)
    # The one lookup with a variable text: the templates are extracted where
    # desktop_app.text.translate_noop declares them (tests/i18n checks they all are).
    translated = QCoreApplication.translate(found.context, found.source)
    if not found.args:
        return translated
    args = {k: display(v) if isinstance(v, Text) else v for k, v in found.args.items()}
    try:
        return translated.format_map(args)
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %r has broken placeholders", found.source)
        return str(found)


def _import_templates() -> bool:
    """Import what declares the templates not known yet; False if there was nothing.

    Only on demand: the engine (and httpx) are not imported at start-up.
    """
    missing = [name for name in TEMPLATE_MODULES if name not in sys.modules]
    for name in missing:
        importlib.import_module(name)
    return bool(missing)


def display_error(exc: BaseException) -> str:
    """The sentence for a person about *exc* (api, core or store error), translated."""
    return display(describe(exc))


def catalogue_path(language: Language) -> Path:
    """Where the compiled catalogue of *language* lives (it may not exist)."""
    return QM_DIR / f"{CATALOGUE}_{language.value}.qm"


def install_translator(app: QCoreApplication, language: Language | None = None) -> Language:
    """Install Gemdesk's and Qt's catalogues for *language* (default: the preference).

    Returns the language now in effect: English when the catalogue is missing.
    Calling it again replaces the translators it installed before.
    """
    chosen = resolve_language(load_preferences().language if language is None else language)
    remove_translators(app)
    if chosen is not Language.EN:
        ours = _load(app, QM_DIR, CATALOGUE, chosen)
        if ours is None:
            log.warning("no %s catalogue in %s; the UI stays in English", chosen.value, QM_DIR)
            chosen = Language.EN
        else:
            # Qt's own strings: standard dialog buttons, line-edit context menus.
            qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
            if _load(app, qt_dir, "qtbase", chosen) is None:
                log.info("Qt ships no qtbase catalogue for %s", chosen.value)
    app.setProperty(_LANGUAGE_PROPERTY, chosen.value)
    log.info("UI language: %s", chosen.value)
    return chosen


def remove_translators(app: QCoreApplication) -> None:
    """Uninstall what :func:`install_translator` installed (tests; a language switch)."""
    for translator in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setParent(None)
    app.setProperty(_LANGUAGE_PROPERTY, None)


def current_language(app: QCoreApplication) -> Language:
    """The language :func:`install_translator` put in effect (English before it ran)."""
    value = app.property(_LANGUAGE_PROPERTY)
    return Language(value) if value in _AVAILABLE else Language.EN


def _load(
    app: QCoreApplication, directory: Path, name: str, language: Language
) -> QTranslator | None:
    translator = QTranslator()
    if not translator.load(_QT_LOCALES[language], name, "_", str(directory)):
        return None
    translator.setObjectName(_TRANSLATOR_NAME)
    translator.setParent(app)  # the application keeps it alive
    app.installTranslator(translator)
    return translator
