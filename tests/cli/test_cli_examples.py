"""Every example of the source page, through `gemdesk ask`; history and models commands."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app.store import HistoryStore
from tests.cli.conftest import RunCli
from tests.fake_gemini import FakeGemini

Store = Callable[[], HistoryStore]


def turns(fake: FakeGemini) -> list[dict[str, object]]:
    return [
        r.json
        for r in fake.requests_to("/interactions", method="POST")
        if isinstance(r.json, dict) and r.json.get("stream")
    ]


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_basic_example(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    out = ok(run_cli("ask", "How does AI work?"))
    assert out == "I can see 1 user turn(s).\nYou said: How does AI work?\n"
    (body,) = turns(fake_gemini)
    assert body == {
        "model": "gemini-3-flash-preview",
        "input": "How does AI work?",
        "store": True,
        "stream": True,
    }
    request = fake_gemini.requests_to("/interactions", method="POST")[0]
    assert request.headers["x-goog-api-key"] == fake_gemini.api_key
    assert request.headers["api-revision"] == "2026-05-20"


def test_thinking_example(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    out = ok(run_cli("ask", "--thinking", "low", "How does AI work?"))
    assert "Generation settings: thinking_level=low." in out
    assert turns(fake_gemini)[0]["generation_config"] == {"thinking_level": "low"}


def test_thinking_summaries_go_to_stderr(run_cli: RunCli) -> None:
    result = run_cli("ask", "--thinking", "low", "--show-thinking", "How does AI work?")
    assert "Counting the turns" in result.stderr
    assert "Counting the turns" not in ok(result)


def test_system_instruction_example(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    out = ok(run_cli("ask", "-s", "You are a cat. Your name is Neko.", "Hello there"))
    assert "System instruction: You are a cat. Your name is Neko." in out
    assert turns(fake_gemini)[0]["system_instruction"] == "You are a cat. Your name is Neko."


def test_temperature_example(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    out = ok(run_cli("ask", "--temperature", "0.1", "Explain how AI works"))
    assert "Generation settings: temperature=0.1." in out
    assert turns(fake_gemini)[0]["generation_config"] == {"temperature": 0.1}


def test_every_generation_flag(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    ok(
        run_cli(
            "ask",
            "--top-p",
            "0.5",
            "--max-tokens",
            "900",
            "--seed",
            "42",
            "--stop",
            "END",
            "-m",
            "gemini-3-pro-preview",
            "Hi",
        )
    )
    body = turns(fake_gemini)[0]
    assert body["model"] == "gemini-3-pro-preview"
    assert body["generation_config"] == {
        "top_p": 0.5,
        "max_output_tokens": 900,
        "stop_sequences": ["END"],
        "seed": 42,
    }


def test_image_example_uploads_through_the_files_api(
    run_cli: RunCli, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    organ = tmp_path / "organ.jpg"  # big enough not to travel inline
    organ.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(700_000) + b"\xff\xd9")
    out = ok(run_cli("ask", "-a", str(organ), "Tell me about this instrument"))
    (file,) = fake_gemini.files.values()
    assert f"Attachment 1: image, image/jpeg, uri {file.uri}, {organ.stat().st_size} bytes." in out
    assert turns(fake_gemini)[0]["input"] == [
        {
            "type": "user_input",
            "content": [
                {"type": "text", "text": "Tell me about this instrument"},
                {"type": "image", "uri": file.uri, "mime_type": "image/jpeg"},
            ],
        }
    ]


def test_multi_turn_examples(run_cli: RunCli, fake_gemini: FakeGemini, history: Store) -> None:
    ok(run_cli("ask", "I have 2 dogs in my house."))
    out = ok(run_cli("ask", "-c", "How many paws are in my house?"))
    assert "That makes 8 paws." in out
    first_id = next(iter(fake_gemini.interactions))
    assert turns(fake_gemini)[1]["previous_interaction_id"] == first_id
    with history() as store:
        (conv,) = store.list_conversations()
        assert len(store.active_path(conv.id)) == 4
    # --continue ID, and stdin as the prompt
    again = ok(run_cli("ask", "--continue", str(conv.id), stdin="And paws now?\n"))
    assert "I can see 3 user turn(s)." in again


def test_stateless_example(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    ok(run_cli("ask", "--stateless", "--thinking", "low", "I have 2 dogs in my house."))
    out = ok(run_cli("ask", "-c", "How many paws are in my house?"))
    assert "I can see 2 user turn(s)." in out
    assert "That makes 8 paws." in out
    one, two = turns(fake_gemini)
    assert one["store"] is False
    assert two["store"] is False
    assert [s["type"] for s in two["input"]] == [
        "user_input",
        "thought",
        "model_output",
        "user_input",
    ]
    assert not fake_gemini.interactions


def test_json_prints_the_final_interaction(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    out = ok(run_cli("ask", "--json", "How does AI work?"))
    interaction = json.loads(out)
    (record,) = fake_gemini.interactions.values()
    assert interaction["id"] == record.id
    assert interaction["status"] == "completed"
    assert interaction["steps"][-1]["content"][0]["text"] == record.output_text
    assert interaction["usage"] == record.usage


def test_history_commands(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("ask", "Güneş ılık, İstanbul güzel."))
    ok(run_cli("ask", "Second conversation"))
    listing = ok(run_cli("history", "list")).splitlines()
    assert len(listing) == 2
    assert "I can see 1 user turn(s)" in listing[0]
    rows = json.loads(ok(run_cli("history", "list", "--json")))
    first = min(r["id"] for r in rows)
    shown = ok(run_cli("history", "show", str(first)))
    assert "Güneş ılık, İstanbul güzel." in shown
    assert "## Gemini" in shown
    found = ok(run_cli("history", "search", "gunes"))
    assert f"{first}#" in found
    assert "[Güneş]" in found
    target = tmp_path / "out.html"
    ok(run_cli("history", "export", str(first), "--format", "html", "-o", str(target)))
    assert "İstanbul" in target.read_text(encoding="utf-8")
    document = json.loads(ok(run_cli("history", "export", str(first), "--format", "json")))
    assert document["conversation"]["title"] if "conversation" in document else document
    ok(run_cli("history", "rm", str(first)))
    assert len(ok(run_cli("history", "list")).splitlines()) == 1
    missing = run_cli("history", "show", str(first))
    assert missing.returncode == 3
    assert "does not exist" in missing.stderr


def test_models(run_cli: RunCli) -> None:
    out = ok(run_cli("models"))
    assert out.splitlines()[0].startswith("gemini-3-flash-preview")
    assert json.loads(ok(run_cli("models", "--json")))[0]["name"].startswith("models/")


def test_dispatched_from_the_gemdesk_entry_point(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "ask", "Hello there"],
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("You said: Hello there\n")


def test_cli_never_imports_qt(cli_env: dict[str, str], tmp_path: Path) -> None:
    code = (
        "import sys; from desktop_app import cli; "
        "rc = cli.main(['ask', 'Hello']); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
    assert "You said: Hello" in result.stdout


def test_new_conversations_start_from_the_preferences(
    run_cli: RunCli, fake_gemini: FakeGemini
) -> None:
    from desktop_app.core import GenerationSettings
    from desktop_app.core.preferences import Preferences, save_preferences

    save_preferences(
        Preferences(
            default_model="gemini-3-pro-preview",
            generation=GenerationSettings(thinking_level="high"),
            stateful=False,
        )
    )
    ok(run_cli("ask", "Hi"))
    ok(run_cli("ask", "--preset", "Quick answer", "Hi"))
    first, second = turns(fake_gemini)
    assert first["model"] == "gemini-3-pro-preview"
    assert first["store"] is False
    assert first["generation_config"] == {"thinking_level": "high"}
    assert second["generation_config"] == {"thinking_level": "minimal"}  # the preset wins
    assert second["store"] is False  # ...but not over the preferred mode
