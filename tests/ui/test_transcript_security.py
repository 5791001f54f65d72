"""Untrusted model output in the transcript: shown as text, nothing fetched, no crash.

A local HTTP server counts every request: not one may arrive, whatever the
model writes and even if HTML reaches a document by another way. Pathological
inputs run in a child process under a generous timeout (a bound, not a timing).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView

ROOT = Path(__file__).resolve().parents[2]


class CountingServer:
    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CountingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def server() -> Iterator[CountingServer]:
    with CountingServer() as running:
        yield running


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    widget = TranscriptView(link_opener=lambda url: pytest.fail(f"opened {url}"))
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def hostile(base: str) -> str:
    return (
        f'<script src="{base}/script.js">alert(1)</script>\n\n'
        f'<img src="{base}/raw.png"> <img src=file:///etc/passwd>\n\n'
        f"![remote]({base}/markdown.png) ![local](file:///etc/passwd)\n\n"
        f'<link rel="stylesheet" href="{base}/style.css">\n'
        f"<style>@import url({base}/import.css);\n"
        f"body {{ background: url({base}/bg.png) }}</style>\n\n"
        f'<iframe src="{base}/frame"></iframe> <object data="{base}/object"></object>\n\n'
        f'[js](javascript:alert(document.cookie)) <a href="javascript:x()">raw js</a>\n\n'
        f"| a |\n|---|\n| <img src={base}/cell.png> |\n"
    )


def test_hostile_markdown_is_text_and_fetches_nothing(
    view: TranscriptView, qtbot: QtBot, server: CountingServer
) -> None:
    text = hostile(server.url)
    view.set_messages([TranscriptMessage(id=1, role="model", text=text)])
    view.append_message(TranscriptMessage(id=2, role="model", status=MessageStatus.STREAMING))
    for start in range(0, len(text), 9):
        view.append_delta(2, text[start : start + 9])
    view.finish_message(2)
    view.set_dark(True)
    qtbot.wait(300)
    assert server.hits == []
    for message_id in (1, 2):
        widget = view.message_widget(message_id)
        assert widget is not None
        assert widget.body is not None
        shown = widget.body.toPlainText()
        assert "<script" in shown
        assert "<img src=file:///etc/passwd>" in shown
        html = widget.body.toHtml()
        assert "<img" not in html
        assert 'href="javascript' not in html
        assert 'href="file' not in html


def test_html_that_reaches_a_document_anyway_fetches_nothing(
    view: TranscriptView, qtbot: QtBot, server: CountingServer
) -> None:
    view.append_message(TranscriptMessage(id=1, role="model", text="x"))
    widget = view.message_widget(1)
    assert widget is not None
    assert widget.body is not None
    body = widget.body
    body.setHtml(
        f'<img src="{server.url}/a.png"><img src="file:///etc/passwd">'
        f'<table background="{server.url}/t.png"><tr><td>x</td></tr></table>'
    )
    qtbot.wait(300)
    assert server.hits == []
    image = QTextDocument.ResourceType.ImageResource.value
    assert body.document().resource(image, QUrl("file:///etc/passwd")) is None
    assert body.document().resource(image, QUrl(f"{server.url}/a.png")) is None
    assert body.loadResource(image, QUrl("file:///etc/passwd")) is None
    assert "root:" not in body.toPlainText()


STRESS = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView

    CASES = {
        "script": "<script>alert('x')</script>",
        "long_line": "word " * 2_000_000,
        "long_word": "x" * 10_000_000,
        "table": "| n | v |\\n|---|---|\\n" + "".join(f"| {i} | v{i} |\\n" for i in range(5000)),
        "nested_lists": "".join("  " * i + "- item\\n" for i in range(2000)),
        "nested_quotes": ">" * 20000 + " deep\\n",
        "nested_brackets": "[" * 5000 + "x" + "]" * 5000,
        "controls": "".join(chr(c) for c in range(32))
        + "\\u202eevil\\u202c\\u2066\\u2069\\x7f\\u0000",
    }
    view = TranscriptView()
    view.resize(800, 600)
    view.show()
    results = {}
    for name, text in CASES.items():
        view.set_messages([TranscriptMessage(id=name, role="model", text=text)])
        app.processEvents()
        view.append_message(
            TranscriptMessage(id="s", role="model", status=MessageStatus.STREAMING)
        )
        step = max(1, len(text) // 4)
        for start in range(0, len(text), step):
            view.append_delta("s", text[start:start + step])
            view.flush_pending()
            app.processEvents()
        view.finish_message("s")
        app.processEvents()
        shown = {}
        for key in (name, "s"):
            widget = view.message_widget(key)
            widget.materialize()
            shown[key] = {
                "plain": widget.plain_text()[:300] + "…" + widget.plain_text()[-300:],
                "length": len(widget.body.toPlainText()),
                "truncated": widget.truncated_label.isVisibleTo(widget),
                "tables": sum(1 for f in widget.body.document().rootFrame().childFrames()),
            }
        results[name] = shown
    print(json.dumps(results))
    """
)


def test_pathological_output_renders_as_text_in_bounded_time() -> None:
    out = subprocess.run(
        [sys.executable, "-c", STRESS],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    results = json.loads(out.stdout.strip().splitlines()[-1])
    for name, shown in results.items():
        full, streamed = shown[name], shown["s"]
        assert full["plain"] == streamed["plain"], name
        assert full["truncated"] == streamed["truncated"], name
    script = "<script>alert('x')</script>"
    assert results["script"]["script"]["plain"] == f"{script}…{script}"
    for name in ("long_line", "long_word"):
        assert results[name][name]["truncated"]
        assert 290_000 < results[name][name]["length"] < 310_000
    assert not results["table"]["table"]["truncated"]
    assert results["table"]["table"]["tables"] == 1
    assert results["nested_quotes"]["nested_quotes"]["plain"].endswith("deep")
    assert "item" in results["nested_lists"]["nested_lists"]["plain"]
    controls = results["controls"]["controls"]["plain"]
    assert "⟨U+202E⟩" in controls
    assert "⟨U+2066⟩" in controls
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in controls)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in controls)
