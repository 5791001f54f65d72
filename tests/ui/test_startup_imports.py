"""What the first paint must not import (benchmarks/bench_startup.py measures the time).

Each check runs in a fresh interpreter: the test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(code: str, watched: list[str]) -> list[str]:
    """The modules of *watched* that are in ``sys.modules`` after running *code*."""
    script = textwrap.dedent(code) + (
        f"\nimport json, sys\nprint(json.dumps([m for m in {watched!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_transcript_view_and_palette_load_without_markdown_it_or_pygments() -> None:
    code = """
        import desktop_app.render.palette
        import desktop_app.ui.transcript.message
        from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView
        from desktop_app.render import DARK, palette_for
    """
    assert loaded_after(code, ["markdown_it", "pygments", "linkify_it"]) == []


def test_rendering_still_loads_on_first_use() -> None:
    code = """
        from desktop_app.render import render_markdown
        render_markdown("```python\\nx = 1\\n```")
    """
    assert loaded_after(code, ["markdown_it", "pygments"]) == ["markdown_it", "pygments"]


def test_httpx_command_line_client_is_never_imported() -> None:
    code = """
        from desktop_app.app import skip_httpx_command_line
        skip_httpx_command_line()
        import httpx
        assert httpx.AsyncClient is not None
        assert sys.modules["httpx._main"] is None
    """
    assert loaded_after("import sys\n" + textwrap.dedent(code), ["click", "rich"]) == []


def test_shell_module_does_not_load_the_quick_prompt_or_crash_dialog() -> None:
    code = """
        import desktop_app.ui.shell
    """
    watched = ["desktop_app.ui.quick_prompt", "desktop_app.ui.crash_dialog"]
    assert loaded_after(code, watched) == []


APP_RUN = """
import json, sys
from PySide6.QtCore import QTimer
import desktop_app.ui.launch as launch

seen = {}
paint_now = launch.paint_now


def record_at_paint(window, *args):
    paint_now(window, *args)
    seen["paint"] = sorted(sys.modules)
    # PySide6 creates the Qt namespace (~100 enums, ~25 ms) on its first use.
    seen["qt_namespace_at_paint"] = "Qt" in vars(sys.modules["PySide6.QtCore"])
    seen["built_at_paint"] = window.is_built()


launch.paint_now = record_at_paint
import desktop_app.deferred_tls as deferred_tls

without_tls = deferred_tls.import_asyncio_without_tls


def patch_shell_once_asyncio_loads():
    # The shell is imported after the paint (asyncio comes with it): patch it then.
    held_back = without_tls()
    from desktop_app.ui import shell

    start = shell.Shell.start

    def start_then_quit(self, request):
        start(self, request)

        def done():
            seen["idle"] = sorted(sys.modules)
            seen["built"] = self.window.is_built()
            self.request_quit()

        QTimer.singleShot(300, done)

    shell.Shell.start = start_then_quit
    return held_back


deferred_tls.import_asyncio_without_tls = patch_shell_once_asyncio_loads
from desktop_app.app import main

code = main([])
print(json.dumps(seen))
sys.exit(code)
"""


def run_app(tmp_path: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "GEMDESK_BASEDIR": str(tmp_path / "profile"),
        "GEMINI_API_KEY": "startup-test-key-not-sent",
        "GOOGLE_GEMINI_BASE_URL": "http://127.0.0.1:9",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", APP_RUN],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_first_paint_comes_before_asyncio_the_store_and_the_widgets(tmp_path: Path) -> None:
    seen = run_app(tmp_path)
    assert seen["built_at_paint"] is False  # the outline painted, the widgets came after
    assert seen["qt_namespace_at_paint"] is False
    at_paint = set(seen["paint"])
    heavy = {
        "asyncio",
        "qasync",
        "sqlite3",
        "ssl",
        "_hashlib",
        "desktop_app.store",
        "desktop_app.ui.sidebar",
        "desktop_app.ui.composer",
        "desktop_app.ui.transcript",
        "desktop_app.ui.shell",
    }
    assert at_paint & heavy == set()
    assert seen["built"] is True
    assert {"asyncio", "sqlite3", "desktop_app.ui.sidebar"} <= set(seen["idle"])


def test_an_idle_window_loads_no_network_tls_or_renderer(tmp_path: Path) -> None:
    """Nothing is sent at start, so httpx, OpenSSL and markdown-it wait for first use."""
    idle = set(run_app(tmp_path)["idle"])
    assert (
        idle & {"httpx", "ssl", "_ssl", "_hashlib", "markdown_it", "pygments", "filetype"} == set()
    )
