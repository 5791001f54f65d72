"""Where the key and the profile come from, an answer cut at --max-tokens, Markdown export."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.credentials import KEYRING_SERVICE, KEYRING_USERNAME
from desktop_app.store import HistoryStore
from tests.cli.conftest import RunCli
from tests.fake_gemini import FakeGemini

Store = Callable[[], HistoryStore]
REPO = Path(__file__).resolve().parents[2]


def _without_env_keys(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in ("GEMINI_API_KEY", "GOOGLE_API_KEY")}


def test_google_api_key_is_used_when_gemini_api_key_is_absent(
    run_cli: RunCli, cli_env: dict[str, str], fake_gemini: FakeGemini
) -> None:
    env = {**_without_env_keys(cli_env), "GOOGLE_API_KEY": "google-style-key"}
    result = run_cli("ask", "Hello there", env=env)
    assert result.returncode == 0, result.stderr
    (request,) = fake_gemini.requests_to("/interactions", method="POST")[:1]
    assert request.headers["x-goog-api-key"] == "google-style-key"
    assert "key=" not in str(request.query)


def test_gemini_api_key_wins_over_google_api_key(
    run_cli: RunCli, cli_env: dict[str, str], fake_gemini: FakeGemini
) -> None:
    env = {**cli_env, "GEMINI_API_KEY": "gemini-key", "GOOGLE_API_KEY": "google-key"}
    assert run_cli("models", env=env).returncode == 0
    assert fake_gemini.requests[0].headers["x-goog-api-key"] == "gemini-key"


def test_key_from_the_keychain_the_gui_writes(
    run_cli: RunCli, cli_env: dict[str, str], fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    keychain = tmp_path / "keychain.json"
    keychain.write_text(json.dumps({f"{KEYRING_SERVICE}/{KEYRING_USERNAME}": "keychain-key"}))
    env = {
        **_without_env_keys(cli_env),
        "PYTHON_KEYRING_BACKEND": "tests.cli.file_keyring.FileKeyring",
        "GEMDESK_TEST_KEYRING": str(keychain),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), cli_env.get("PYTHONPATH")])),
    }
    result = run_cli("ask", "Hello there", env=env)
    assert result.returncode == 0, result.stderr
    assert fake_gemini.requests[0].headers["x-goog-api-key"] == "keychain-key"
    keychain.write_text("{}")
    missing = run_cli("ask", "Hello there", env=env)
    assert missing.returncode == 3
    assert "no API key" in missing.stderr


def test_answer_cut_at_max_tokens_is_shown_saved_and_exits_0(
    run_cli: RunCli, fake_gemini: FakeGemini, history: Store
) -> None:
    result = run_cli("ask", "--max-tokens", "20", "/markdown 2000")
    assert result.returncode == 0, result.stderr
    (record,) = fake_gemini.interactions.values()
    assert record.status == "incomplete"
    assert len(record.output_text) == 80
    assert result.stdout == record.output_text + "\n"
    assert result.stderr.startswith("gemdesk: warning: The answer was cut short")
    assert "saved as incomplete" in result.stderr
    with history() as store:
        (conv,) = store.list_conversations()
        answer = store.active_path(conv.id)[-1]
    assert (answer.status, answer.text) == ("incomplete", record.output_text)
    as_json = run_cli("ask", "--json", "-c", "--max-tokens", "20", "/markdown 2000")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["status"] == "incomplete"


def test_other_incomplete_answers_still_exit_3(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    from tests.fake_gemini import Fault

    fake_gemini.add_fault(Fault("sse_error", after=6, code="internal", message="boom"))
    result = run_cli("ask", "/markdown 2000")
    assert result.returncode == 3
    assert "warning" not in result.stderr


def test_export_markdown(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("ask", "Güneş ılık, İstanbul güzel.").returncode == 0
    out = run_cli("history", "export", "1", "--format", "md")
    assert out.returncode == 0, out.stderr
    assert "Güneş ılık, İstanbul güzel." in out.stdout
    assert "You said: Güneş ılık, İstanbul güzel." in out.stdout
    assert out.stdout.lstrip().startswith("#")
    target = tmp_path / "conversation.md"
    assert run_cli("history", "export", "1", "--format", "md", "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == out.stdout


def test_profile_follows_the_xdg_variables(
    run_cli: RunCli, cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in cli_env.items() if k != "GEMDESK_BASEDIR"}
    env.update(
        XDG_DATA_HOME=str(tmp_path / "xdg-data-2"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config-2"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache-2"),
        XDG_STATE_HOME=str(tmp_path / "xdg-state-2"),
    )
    assert run_cli("ask", "Hello there", env=env).returncode == 0
    databases = list((tmp_path / "xdg-data-2").rglob("*.sqlite3"))
    assert [p.relative_to(tmp_path / "xdg-data-2").parts[0] for p in databases] == ["gemdesk"]
    listing = run_cli("history", "list", env=env)
    assert "I can see 1 user turn(s)" in listing.stdout


def test_continued_conversations_resend_their_settings(
    run_cli: RunCli, fake_gemini: FakeGemini
) -> None:
    first = run_cli("ask", "-s", "You are a cat.", "--thinking", "low", "I have 2 dogs.")
    assert first.returncode == 0, first.stderr
    second = run_cli("ask", "-c", "How many paws?")
    assert second.returncode == 0, second.stderr
    assert "System instruction: You are a cat." in second.stdout
    bodies = [
        r.json
        for r in fake_gemini.requests_to("/interactions", method="POST")
        if r.json.get("stream")
    ]
    assert bodies[1]["previous_interaction_id"] == next(iter(fake_gemini.interactions))
    for body in bodies:
        assert body["system_instruction"] == "You are a cat."
        assert body["generation_config"] == {"thinking_level": "low"}
