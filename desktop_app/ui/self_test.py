"""``gemdesk --self-test``: prove a build can start, without touching the user's profile.

Creates a profile in a temporary directory, opens (creates) the history and
writes to it, loads the Turkish catalogues (ours and Qt's), renders a Markdown
sample into a document, builds the main window, and exits 0; on any failure it
names the step, prints the error and exits 1. ``make package-check`` runs it inside the bundle.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SAMPLE_MARKDOWN = """\
# Self-test

Some **bold**, some *italic*, `inline code` and a [link](https://example.com).

| Column | Value |
|--------|-------|
| a      | 1     |

```python
def hello() -> str:
    return "world"
```
"""


# (context, text) of a string in Qt's qtbase catalogue: the standard "Cancel" button.
QT_PROBE = ("QPlatformTheme", "Cancel")


def _step_history(keep: list[object]) -> str:
    from desktop_app.store import HistoryStore, user_steps

    with HistoryStore.open() as store:
        conversation = store.create_conversation("Self-test")
        store.append_message(conversation.id, "user", steps=user_steps("ping"))
        store.append_message(conversation.id, "model", text="pong")
        path = store.active_path(conversation.id)
        if [m.role for m in path] != ["user", "model"]:
            raise RuntimeError(f"unexpected history path: {[m.role for m in path]}")
        if not store.check_integrity():
            raise RuntimeError("integrity check failed")
        return str(store.path)


def _step_markdown(keep: list[object]) -> str:
    from desktop_app.render.document import SafeTextDocument, StreamingDocument
    from desktop_app.render.markdown import render_markdown

    html = render_markdown(SAMPLE_MARKDOWN)
    for needle in ("<h1>", "<strong>", "<table", "<pre", "<a href="):
        if needle not in html:
            raise RuntimeError(f"the rendered HTML lacks {needle}")
    document = SafeTextDocument()
    streaming = StreamingDocument(document)
    for i in range(0, len(SAMPLE_MARKDOWN), 7):
        streaming.append(SAMPLE_MARKDOWN[i : i + 7])
        streaming.flush()
    if "return" not in document.toPlainText():
        raise RuntimeError("the streamed document lost the code block")
    return f"{len(html)} bytes of HTML"


def _step_qt(keep: list[object]) -> str:
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    # Documents and fonts need the application object before anything renders;
    # *keep* holds it: PySide destroys an application nobody references.
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gemdesk"])
    keep.append(app)
    return f"Qt {qVersion()}, platform {QApplication.platformName()}"


def _step_translations(keep: list[object]) -> str:
    """The Turkish catalogues load: Gemdesk's own and Qt's (standard buttons)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from desktop_app.core.preferences import Language
    from desktop_app.ui.i18n import install_translator, remove_translators

    app = QCoreApplication.instance()
    assert app is not None
    try:
        if install_translator(app, Language.TR) is not Language.TR:
            raise RuntimeError("Gemdesk's Turkish catalogue (gemdesk_tr.qm) did not load")
        ours = QCoreApplication.translate("MainWindow", "&New chat")
        if ours == "&New chat":
            raise RuntimeError("Gemdesk's Turkish catalogue translates nothing")
        # A string of Qt's own catalogue, asked of the installed translators (not through
        # a literal lookup: lupdate would copy it into ours).
        qt = next(filter(None, (t.translate(*QT_PROBE) for t in app.findChildren(QTranslator))), "")
        if not qt:
            raise RuntimeError("Qt's Turkish catalogue (qtbase_tr.qm) is missing")
    finally:
        remove_translators(app)
    return f"Turkish: {ours!r}, Qt: {qt!r}"


def _step_window(keep: list[object]) -> str:
    import qasync
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tray import app_icon

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            window = MainWindow()
            window.setWindowIcon(app_icon())
            window.show()
            # Let deferred start-up work (history listing, first paint) run.
            loop.run_until_complete(asyncio.sleep(0.2))
            title = window.windowTitle()
            window.close()
            window.deleteLater()
            # Let the window's cancelled and closing tasks finish before the loop goes.
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            if pending:
                loop.run_until_complete(asyncio.wait(pending, timeout=5))
    finally:
        asyncio.set_event_loop(None)
    return f"window {title!r}"


STEPS: list[tuple[str, Callable[[list[object]], str]]] = [
    ("history", _step_history),
    ("qt", _step_qt),
    ("translations", _step_translations),
    ("markdown", _step_markdown),
    ("main window", _step_window),
]


def run_self_test() -> int:
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    from desktop_app import __version__, paths

    # Never read or write the user's real keychain.
    keyring.set_keyring(NullKeyring())  # type: ignore[no-untyped-call]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"gemdesk {__version__} self-test")  # noqa: T201
    step = "profile"
    try:
        with tempfile.TemporaryDirectory(prefix="gemdesk-self-test-") as tmp:
            paths.set_base_dir(Path(tmp))
            keep: list[object] = []
            try:
                for directory in (paths.config_dir(), paths.data_dir(), paths.log_dir()):
                    directory.mkdir(parents=True, exist_ok=True)
                print(f"ok   profile in {tmp}")  # noqa: T201
                for step, run in STEPS:
                    detail = run(keep)
                    print(f"ok   {step}: {detail}")  # noqa: T201
            finally:
                paths.set_base_dir(None)
    except Exception as exc:
        print(  # noqa: T201
            f"gemdesk self-test FAILED at {step}: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )
        return 1
    print("self-test passed")  # noqa: T201
    return 0
