"""Bad input: a clear message, exit 3, nothing sent and nothing lost. Usage errors: exit 2."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.store import HistoryStore
from tests.cli.conftest import RunCli
from tests.core import media_samples
from tests.fake_gemini import FakeGemini

Store = Callable[[], HistoryStore]

# Without CAP_DAC_OVERRIDE even root gets EACCES on a mode-000 file.
DROP_DAC = (
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
)


def _snapshot(open_store: Store) -> list[tuple[int, str, str]]:
    with open_store() as store:
        return [
            (m.id, m.status, m.text)
            for c in store.list_conversations(archived=None)
            for m in store.messages(c.id)
        ]


def test_bad_inputs_are_refused_before_anything_is_sent(
    run_cli: RunCli, fake_gemini: FakeGemini, history: Store, tmp_path: Path
) -> None:
    assert run_cli("ask", "I have 2 dogs in my house.").returncode == 0
    before = _snapshot(history)
    requests = len(fake_gemini.requests)

    empty = tmp_path / "empty.txt"
    empty.touch()
    archive = tmp_path / "data.zip"
    archive.write_bytes(media_samples.zip_archive())
    sparse = tmp_path / "huge.mp4"
    with sparse.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    locked = tmp_path / "secret.pdf"
    locked.write_bytes(media_samples.pdf())
    locked.chmod(0)
    weird = os.fsencode(tmp_path) + b"/r\xe9sum\xe9.txt"
    with open(weird, "wb") as handle:
        handle.write(b"plain text\n")
    as_root = os.geteuid() == 0
    if as_root:
        assert shutil.which("setpriv"), "setpriv (util-linux) is needed to test unreadable files"

    cases: list[tuple[str, tuple[str | bytes, ...], str, tuple[str, ...]]] = [
        ("missing", ("-a", str(tmp_path / "nope.png"), "look"), "nope.png: no such file", ()),
        ("directory", ("-a", str(tmp_path), "look"), "is a folder", ()),
        ("zero bytes", ("-a", str(empty), "look"), "empty.txt is empty (0 bytes)", ()),
        (
            "unsupported",
            ("-a", str(archive), "look"),
            "unsupported file type (application/zip)",
            (),
        ),
        ("3 GB sparse", ("-a", str(sparse), "look"), "is 3.0 GB; files can be at most 2.0 GB", ()),
        (
            "unreadable",
            ("-a", str(locked), "look"),
            "secret.pdf: permission denied",
            DROP_DAC if as_root else (),
        ),
        ("non-UTF-8 name", ("-a", weird, "look"), "the file name is not valid UTF-8", ()),
        ("empty prompt", ("",), "the prompt is empty", ()),
        ("blank stdin", (), "the prompt is empty", ()),
    ]
    for name, args, message, prefix in cases:
        result = run_cli("ask", "-c", *args, prefix=prefix, stdin="  \n")
        assert result.returncode == 3, (name, result.stderr)
        assert message in result.stderr, (name, result.stderr)
        assert result.stderr.startswith("gemdesk: "), (name, result.stderr)
        assert "Traceback" not in result.stderr, name
        assert len(fake_gemini.requests) == requests, f"{name}: something was sent"
    assert _snapshot(history) == before  # nothing lost, nothing added


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "--temperature", "5", "hi"),
        ("ask", "--max-tokens", "zero", "hi"),
        ("ask", "-c", "--continue", "3", "hi"),
        ("history", "show", "abc"),
        ("history",),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(run_cli: RunCli, args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(("gemdesk", "usage"))
    assert "Traceback" not in result.stderr


def test_missing_and_invalid_keys(
    run_cli: RunCli, cli_env: dict[str, str], fake_gemini: FakeGemini
) -> None:
    no_key = {k: v for k, v in cli_env.items() if k != "GEMINI_API_KEY"}
    result = run_cli("ask", "hi", env=no_key)
    assert result.returncode == 3
    assert "no API key: set GEMINI_API_KEY" in result.stderr
    assert fake_gemini.requests == []
    bad = run_cli("ask", "hi", env={**cli_env, "GEMINI_API_KEY": "invalid-key-123"})
    assert bad.returncode == 3
    assert "The API key is missing or not valid" in bad.stderr
    assert "invalid-key-123" not in bad.stderr + bad.stdout
    assert len(fake_gemini.requests) == 1  # an auth error is not retried


def test_unknown_conversation_and_preset(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    result = run_cli("ask", "--continue", "99", "hi")
    assert result.returncode == 3
    assert "Conversation 99 does not exist." in result.stderr
    preset = run_cli("ask", "--preset", "Nope", "hi")
    assert preset.returncode == 3
    assert "no preset named 'Nope'" in preset.stderr
    assert fake_gemini.requests == []


def test_help_and_version(run_cli: RunCli) -> None:
    assert run_cli("--help").returncode == 0
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("gemdesk ")
    result: subprocess.CompletedProcess[str] = run_cli("ask", "--help")
    assert "--stateless" in result.stdout


def test_unwritable_profile_is_a_clear_error(
    run_cli: RunCli, cli_env: dict[str, str], fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    locked = tmp_path / "locked-profile"
    locked.mkdir()
    locked.chmod(0o500)
    env = {**cli_env, "GEMDESK_BASEDIR": str(locked)}
    prefix = DROP_DAC if os.geteuid() == 0 else ()
    result = run_cli("ask", "Hello", env=env, prefix=prefix)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("gemdesk: ")
    assert "Traceback" not in result.stderr
    assert fake_gemini.requests == []
    listing = run_cli("history", "list", env=env, prefix=prefix)
    assert listing.returncode == 3
    assert "Traceback" not in listing.stderr


def test_no_prompt_on_a_terminal_is_a_usage_error(
    cli_env: dict[str, str], fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    from tests.cli.conftest import CLI

    leader, follower = os.openpty()  # stdin is a terminal: nothing to read a prompt from
    try:
        result = subprocess.run(
            [*CLI, "ask"],
            stdin=follower,
            capture_output=True,
            text=True,
            env=cli_env,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2, result.stderr
    assert "give a PROMPT, or pipe one on stdin" in result.stderr
    assert fake_gemini.requests == []
