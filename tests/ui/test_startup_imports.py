"""What the first paint must not import (benchmarks/bench_startup.py measures the time).

Each check runs in a fresh interpreter: the test process has imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

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
