"""Resilience through the real process: drops, refusals, errors, Ctrl-C and kill -9."""

from __future__ import annotations

import select
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core import INTERRUPTED_MESSAGE
from desktop_app.store import HistoryStore
from tests.cli.conftest import CLI, RunCli
from tests.fake_gemini import FakeGemini, Fault

Store = Callable[[], HistoryStore]


def _start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
    )


def _first_output(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> bytes:
    """Block until the answer has started streaming to stdout."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "no output from gemdesk ask"
    return proc.stdout.read1(65536)


def test_dropped_stream_prints_every_character_once(
    run_cli: RunCli, fake_gemini: FakeGemini, history: Store
) -> None:
    fake_gemini.add_fault(Fault("drop", after=9))
    result = run_cli("ask", "/markdown 3000")
    assert result.returncode == 0, result.stderr
    (record,) = fake_gemini.interactions.values()
    text = record.output_text
    assert result.stdout == (text if text.endswith("\n") else text + "\n")
    with history() as store:
        (conv,) = store.list_conversations()
        assert store.active_path(conv.id)[-1].text == record.output_text


def test_refused_previous_id_then_stateless(run_cli: RunCli, fake_gemini: FakeGemini) -> None:
    assert run_cli("ask", "I have 2 dogs in my house.").returncode == 0
    fake_gemini.expire_interaction(next(iter(fake_gemini.interactions)))
    second = run_cli("ask", "-c", "How many paws are in my house?")
    assert second.returncode == 0, second.stderr
    assert "That makes 8 paws." in second.stdout
    assert "note:" not in second.stderr
    fake_gemini.add_fault(Fault("previous_expired"))
    third = run_cli("ask", "-c", "I also have 1 cat. How many paws?")
    assert third.returncode == 0, third.stderr
    assert "That makes 12 paws." in third.stdout
    assert "gemdesk: note: " in third.stderr
    assert "stateless mode" in third.stderr
    fourth = run_cli("ask", "-c", "Paws?")
    assert "That makes 12 paws." in fourth.stdout
    last = fake_gemini.requests_to("/interactions", method="POST")[-1].json
    assert last["store"] is False


def test_rate_limit_is_retried_and_errors_exit_3(
    run_cli: RunCli, fake_gemini: FakeGemini, history: Store
) -> None:
    fake_gemini.add_fault(Fault("http_error", status=429, retry_after="0"))
    assert run_cli("ask", "Hello").returncode == 0
    fake_gemini.add_fault(
        Fault("http_error", status=400, dialect="interactions", message="Model is overloaded.")
    )
    failed = run_cli("ask", "Hello again")
    assert failed.returncode == 3
    assert "gemdesk: The server rejected the request: Model is overloaded." in failed.stderr
    with history() as store:
        conv = store.list_conversations()[0]
        path = store.active_path(conv.id)
        assert [m.status for m in path] == ["complete", "error"]
        assert path[0].text == "Hello again"  # the prompt is kept


def test_ctrl_c_keeps_the_partial_answer_as_stopped(
    cli_env: dict[str, str], fake_gemini: FakeGemini, history: Store, tmp_path: Path
) -> None:
    fake_gemini.add_fault(Fault("stall", after=10, seconds=6.0))
    proc = _start(["ask", "/markdown 4000"], cli_env, tmp_path)
    shown = _first_output(proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"stopped; the partial answer was saved" in err
    with history() as store:
        (conv,) = store.list_conversations()
        answer = store.active_path(conv.id)[-1]
    assert answer.status == "stopped"
    assert answer.text
    assert (shown + out).decode().startswith(answer.text)


@pytest.mark.parametrize("stateless", [False, True], ids=["stored", "store-false"])
def test_kill_9_mid_stream_then_recovery(
    stateless: bool,
    cli_env: dict[str, str],
    run_cli: RunCli,
    fake_gemini: FakeGemini,
    history: Store,
    tmp_path: Path,
) -> None:
    fake_gemini.add_fault(Fault("stall", after=10, seconds=6.0))
    args = ["ask", *(["--stateless"] if stateless else []), "/markdown 4000"]
    proc = _start(args, cli_env, tmp_path)
    _first_output(proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with history() as store:
        (conv,) = store.list_conversations()
        answer = store.active_path(conv.id)[-1]
        assert answer.status in ("sending", "streaming")

    # The next start settles it before doing anything else.
    result = run_cli("history", "show", str(conv.id))
    assert result.returncode == 0, result.stderr
    with history() as store:
        recovered = store.get_message(answer.id)
    if stateless:
        assert "was marked incomplete" in result.stderr
        assert recovered.status == "incomplete"
        assert recovered.error == INTERRUPTED_MESSAGE
    else:
        (record,) = fake_gemini.interactions.values()
        assert "was completed from the server" in result.stderr
        assert recovered.status == "complete"
        assert recovered.text == record.output_text
        assert recovered.usage == record.usage
    # Nothing left to recover on the start after.
    assert "interrupted answer" not in run_cli("history", "list").stderr
