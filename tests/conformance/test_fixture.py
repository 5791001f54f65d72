"""The fixture itself: fresh state per test, and the teardown check on our client's bodies."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

from tests.fake_gemini import FakeGemini
from tests.fake_gemini.process import emulator_process

REPO = Path(__file__).resolve().parents[2]

INNER = textwrap.dedent(
    """
    import httpx

    BAD = {"model": "m", "input": "x", "generation_config": {"temprature": 1}}
    GOOD = {"model": "m", "input": "x"}


    def post(fake, body, agent):
        return httpx.post(
            fake.base_url + "/v1beta/interactions",
            json=body,
            headers={"x-goog-api-key": fake.api_key, "user-agent": agent},
            timeout=60,
        )


    def test_our_client_sends_an_unknown_field(fake_gemini):
        assert post(fake_gemini, BAD, "gemdesk/0.1.0").status_code == 400


    def test_someone_else_sends_an_unknown_field(fake_gemini):
        assert post(fake_gemini, BAD, "curl/8").status_code == 400


    def test_our_client_sends_a_valid_body(fake_gemini):
        assert post(fake_gemini, GOOD, "gemdesk/0.1.0").status_code == 200
    """
)


def test_teardown_fails_only_for_our_clients_violations(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(INNER)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.fake_gemini.pytest_plugin",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_inner.py"),
        ],
        cwd=REPO,
        # Only our plugin: third-party ones (Qt, hypothesis, ...) just slow the start.
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert "3 passed, 1 error" in result.stdout, result.stdout + result.stderr
    assert "ERROR at teardown of test_our_client_sends_an_unknown_field" in result.stdout
    assert "generation_config.temprature: unknown field" in result.stdout


def test_state_is_fresh_per_test_first(fake_gemini: FakeGemini) -> None:
    httpx.get(f"{fake_gemini.base_url}/v1beta/models", headers={"x-goog-api-key": "k"})
    assert len(fake_gemini.requests) == 1


def test_state_is_fresh_per_test_second(fake_gemini: FakeGemini) -> None:
    assert fake_gemini.requests == []
    assert fake_gemini.interactions == {}


def test_standalone_server_takes_faults_from_the_command_line() -> None:
    with (
        emulator_process("http_error,status=503,path=/models", args=("--no-validate",)) as url,
        httpx.Client(base_url=url, headers={"x-goog-api-key": "demo"}) as http,
    ):
        first = http.get("/v1beta/models")
        second = http.get("/v1beta/models")

    assert url.startswith("http://127.0.0.1:")
    assert first.status_code == 503
    assert second.status_code == 200
