"""Sentences from below the UI (api/store/core errors, refusals, notices) reach the
screen in Turkish: they travel as desktop_app.text.Text and ui.i18n.display()
translates them where they are shown; English read back from the history is
recognised and translated too.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.api.client import GeminiClient
from desktop_app.api.errors import InvalidRequestError, RateLimitError
from desktop_app.api.retry import RetryPolicy
from desktop_app.core.attachments import format_size
from desktop_app.core.engine import Engine
from desktop_app.core.preferences import Language
from desktop_app.store import HistoryStore
from desktop_app.text import Text, templates
from desktop_app.ui.composer import DraftStore
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.i18n import (
    TEMPLATE_MODULES,
    display,
    display_error,
    install_translator,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.transcript.message_widget import MessageWidget
from tests.fake_gemini import FakeGemini, Fault
from tests.i18n.catalogue import SOURCES, read_ts
from tests.ui.conftest import QasyncRunner

# Where Qt-free code declares its sentences with desktop_app.text.translate_noop.
MODEL_LAYERS = ("api", "store", "core")
RATE_LIMIT_TR = "İstek sınırına ya da kotaya ulaşıldı; 3 sn sonra yeniden deneyin."


def _declared() -> set[tuple[str, str]]:
    """(context, source) of every translate_noop call in api/, store/ and core/."""
    found: set[tuple[str, str]] = set()
    for layer in MODEL_LAYERS:
        for path in sorted((SOURCES / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                if node.func.id != "translate_noop":
                    continue
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                where = f"{path}:{node.lineno}: translate_noop needs two string literals"
                assert len(args) == 2, where
                assert all(isinstance(a, str) for a in args), where
                found.add((str(args[0]), str(args[1])))
    return found


def _import_model_layers() -> None:
    for layer in MODEL_LAYERS:
        package = importlib.import_module(f"desktop_app.{layer}")
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(info.name)


# -- the catalogue -----------------------------------------------------------------------


def test_every_sentence_below_the_ui_is_in_the_catalogue_and_translated() -> None:
    declared = _declared()
    assert len(declared) > 50
    shipped = {(m.context, m.source): m for m in read_ts() if not m.comment and not m.numerus}
    missing = sorted(
        f"[{context}] {source!r}"
        for context, source in declared
        if (context, source) not in shipped or not shipped[(context, source)].finished
    )
    assert not missing, (
        "not (or not yet) translated; run `make translations` and translate:\n" + "\n".join(missing)
    )


def test_every_sentence_is_registered_on_import_so_stored_english_is_recognised() -> None:
    # A template built inside a function would be unknown until first used: an error
    # stored in English by an earlier run could then not be translated back.
    _import_model_layers()
    registered = {(t.context, t.source) for t in templates()}
    assert not sorted(_declared() - registered)


def test_display_imports_every_module_that_declares_sentences() -> None:
    # In a fresh interpreter, as when the conversation opened at start-up shows an
    # error stored by an earlier run before the engine was ever imported.
    script = (
        "import json, sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from desktop_app.core.preferences import Language\n"
        "from desktop_app.ui import i18n\n"
        "from desktop_app.text import templates\n"
        "app = QCoreApplication([])\n"
        "i18n.install_translator(app, Language.TR)\n"
        "before = 'desktop_app.core.engine' in sys.modules\n"
        "shown = i18n.display('Rate limit or quota reached; try again in 3 s.')\n"
        "found = [[t.context, t.source] for t in templates()]\n"
        "json.dump({'before': before, 'shown': shown, 'templates': found}, sys.stdout)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    report = json.loads(done.stdout)
    assert report["before"] is False  # i18n alone does not pull the engine in
    assert report["shown"] == RATE_LIMIT_TR
    registered = {(c, s) for c, s in report["templates"]}
    assert not sorted(_declared() - registered), f"extend {TEMPLATE_MODULES}"


def test_the_shipped_catalogue_says_every_sentence_in_turkish(turkish: QApplication) -> None:
    untranslated = [
        f"[{context}] {source!r}"
        for context, source in sorted(_declared())
        if QCoreApplication.translate(context, source) in ("", source)
    ]
    assert not untranslated, "\n".join(untranslated)


# -- display() ---------------------------------------------------------------------------


def test_api_errors_are_said_in_turkish(turkish: QApplication) -> None:
    assert display(RateLimitError("quota", retry_after=3).human_text()) == RATE_LIMIT_TR
    assert display_error(RateLimitError("quota", retry_after=600)) == (
        "İstek sınırına ya da kotaya ulaşıldı; 10 dk sonra yeniden deneyin."
    )
    # The server's own words are an argument: kept as they are.
    assert display_error(InvalidRequestError("top_p must be <= 1")) == (
        "Sunucu isteği reddetti: top_p must be <= 1"
    )


def test_text_arguments_are_translated_too(turkish: QApplication) -> None:
    refused = Text(
        "Attachments",
        "{name} is {size}; attachments can be at most {limit}.",
        {"name": "clip", "size": format_size(10), "limit": "2.0 GB"},
    )
    assert refused == "clip is 10 bytes; attachments can be at most 2.0 GB."
    assert display(refused) == "clip çok büyük (10 bayt); ekler en fazla 2.0 GB olabilir."


def test_english_read_back_from_the_history_is_recognised(turkish: QApplication) -> None:
    _import_model_layers()
    assert display("Gemdesk closed before this answer finished. Retry to ask again.") == (
        "Gemdesk bu yanıt tamamlanmadan kapandı. "
        "Soruyu yeniden sormak için Yeniden dene düğmesine basın."
    )
    assert display("Rate limit or quota reached; try again in 3 s.") == RATE_LIMIT_TR
    assert display("/tmp/a b.pdf: no such file.") == "/tmp/a b.pdf: böyle bir dosya yok."
    # Anything else is shown as it is.
    assert display("The model answered in English.") == "The model answered in English."
    assert display("") == ""


def test_without_a_translator_the_english_is_shown(english_afterwards: QApplication) -> None:
    text = RateLimitError("quota", retry_after=3).human_text()
    assert display(text) == "Rate limit or quota reached; try again in 3 s."
    assert type(display(text)) is str


# -- on screen, with the emulator --------------------------------------------------------


@pytest.fixture
def aio(qloop: qasync.QEventLoop) -> QasyncRunner:
    return QasyncRunner(qloop)


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    turkish: QApplication, aio: QasyncRunner, qtbot: QtBot, fake_gemini: FakeGemini
) -> Iterator[WindowFactory]:
    store = HistoryStore.open()
    opened: list[tuple[MainWindow, GeminiClient]] = []

    def make(api_key: str | None = None) -> MainWindow:
        client = GeminiClient(
            api_key or fake_gemini.api_key,
            base_url=fake_gemini.base_url,
            retry=RetryPolicy.no_retries(),
        )
        engine = Engine(store, client, generate_titles=False)
        main = MainWindow(store=store, engine=engine, drafts=DraftStore())
        qtbot.addWidget(main)
        main.show()
        aio.pause(0.01)
        opened.append((main, client))
        return main

    yield make
    for main, client in opened:
        main.close()
        aio.run(main.controller.wait_idle())
        aio.run(client.aclose())
    aio.pause(0.05)
    store.close()


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


def _send(window: MainWindow, qtbot: QtBot, aio: QasyncRunner, text: str) -> None:
    window.composer.prompt.setFocus()
    window.composer.set_text(text)
    qtbot.keyClick(window.composer.prompt, Qt.Key.Key_Return)
    aio.wait_until(lambda: not window.controller.busy_conversations())
    aio.wait_until(lambda: not window.is_painting())
    aio.pause(0.05)  # the final state is applied once the pacer drained


def _last_answer(window: MainWindow) -> MessageWidget:
    answers = [m for m in window.shown_messages() if m.role == "model"]
    assert answers
    widget = window.transcript.message_widget(answers[-1].id)
    assert widget is not None
    widget.materialize()
    return widget


def test_a_rate_limit_from_the_server_is_shown_in_turkish_then_and_after_reopening(
    window: MainWindow, qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(
        Fault("http_error", status=429, retry_after="3", path="/interactions$", method="POST")
    )
    _send(window, qtbot, aio, "Merhaba")
    failed = _last_answer(window)
    assert RATE_LIMIT_TR in failed.status_text()
    assert "Rate limit" not in failed.status_text()
    cid = window.current_conversation()
    assert cid is not None
    # The history keeps English (the CLI shows it; another language may read it later)…
    stored = window.store.active_path(cid)[-1]
    assert stored.error == "Rate limit or quota reached; try again in 3 s."

    # …and a conversation opened from the history says it in Turkish again.
    window.new_chat()
    aio.wait_until(lambda: not window.shown_messages())
    loaded: list[int] = []
    window.conversation_loaded.connect(loaded.append)
    window.open_conversation(cid)
    aio.wait_until(lambda: loaded == [cid])
    reopened = _last_answer(window)
    assert reopened.message.id == stored.id
    assert RATE_LIMIT_TR in reopened.status_text()


def test_a_bad_key_is_explained_in_turkish(
    make_window: WindowFactory, qtbot: QtBot, aio: QasyncRunner, fake_gemini: FakeGemini
) -> None:
    # The emulator answers a key starting with "invalid" with 400 API_KEY_INVALID.
    window = make_window(api_key="invalid-key-for-this-test")
    _send(window, qtbot, aio, "Merhaba")
    assert fake_gemini.requests[-1].path.endswith("/interactions")
    status = _last_answer(window).status_text()
    assert "API anahtarı eksik ya da geçersiz. Tercihler bölümünden denetleyin." in status
    assert "API key" not in status


def _png(path: Path) -> Path:
    image = QImage(20, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(path), "PNG")  # type: ignore[call-overload]
    return path


def test_a_file_gone_before_sending_is_refused_in_turkish(
    window: MainWindow, qtbot: QtBot, aio: QasyncRunner, tmp_path: Path
) -> None:
    gone = _png(tmp_path / "gone.png")
    assert window.composer.add_files([gone])
    gone.unlink()
    _send(window, qtbot, aio, "Bu resimde ne var?")
    assert window.error_bar.message() == f"{gone}: böyle bir dosya yok."


def test_the_refused_attachment_banner_follows_the_language(
    english_afterwards: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.pdf"
    folder = tmp_path / "photos"
    folder.mkdir()

    def banner() -> str:
        composer = Composer(drafts=DraftStore())
        qtbot.addWidget(composer)
        assert composer.add_files([missing, folder]) == []
        area = composer.attachment_area
        assert area.has_errors()
        return area.error_label.text()

    english = banner()
    assert install_translator(english_afterwards, Language.TR) is Language.TR
    turkish = banner()
    assert "missing.pdf" in turkish
    assert "photos" in turkish
    assert turkish != english
    # Nothing of the English reasons is left.
    english_words = set(english.replace("missing.pdf", "").replace("photos", "").split())
    assert not english_words & set(turkish.split()) - {":", "-"}
