"""Emulator self-tests over raw httpx: SSE framing, resume, faults, keys, validation."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.fake_gemini import FakeGemini, Fault
from tests.fake_gemini.faults import parse_fault_spec

MODEL = "gemini-3-flash-preview"
ANSWER = "I can see 1 user turn(s).\nYou said: Explain how AI works"


@pytest.fixture
def http(fake_gemini: FakeGemini) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=fake_gemini.base_url,
        headers={"x-goog-api-key": fake_gemini.api_key, "user-agent": "emulator-self-test"},
        timeout=httpx.Timeout(10, read=5),
    ) as client:
        yield client


def parse_sse(raw: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a complete SSE body (blank-line separated blocks)."""
    frames = []
    for block in raw.split("\n\n"):
        if not block.strip():
            continue
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        frames.append((lines["event"], lines["data"]))
    return frames


def stream_body(http: httpx.Client, body: dict[str, object], **kwargs: object) -> str:
    with http.stream("POST", "/v1beta/interactions", json=body, **kwargs) as response:  # type: ignore[arg-type]
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return response.read().decode()


def read_until_broken(response: httpx.Response) -> str:
    """Everything that arrived before the connection broke (it must break)."""
    received = bytearray()

    def drain() -> None:
        for piece in response.iter_bytes():
            received.extend(piece)

    with pytest.raises(httpx.TransportError):
        drain()
    return received.decode()


def texts(events: list[dict[str, object]]) -> str:
    return "".join(
        e["delta"]["text"]  # type: ignore[index]
        for e in events
        if e["event_type"] == "step.delta" and e["delta"]["type"] == "text"  # type: ignore[index]
    )


def test_sse_framing(http: httpx.Client) -> None:
    raw = stream_body(http, {"model": MODEL, "input": "Explain how AI works", "stream": True})
    frames = parse_sse(raw)

    assert frames[-1] == ("done", "[DONE]")
    events = [json.loads(data) for _, data in frames[:-1]]
    assert all(name == e["event_type"] for (name, _), e in zip(frames, events, strict=False))
    assert [e["event_type"] for e in events[:3]] == [
        "interaction.created",
        "interaction.status_update",
        "step.start",
    ]
    assert events[-1]["event_type"] == "interaction.completed"
    assert "steps" not in events[-1]["interaction"]
    assert events[-1]["interaction"]["usage"]["total_tokens"] > 0
    assert all(e.get("event_id") for e in events)
    assert len({e["event_id"] for e in events}) == len(events)
    assert texts(events) == ANSWER
    for event in events:
        if event["event_type"] == "step.delta":
            assert 1 <= len(event["delta"]["text"]) <= 40


def test_alt_sse_is_ignored_and_v1_works(http: httpx.Client) -> None:
    unary = http.post(
        "/v1/interactions", params={"alt": "sse"}, json={"model": MODEL, "input": "Hi"}
    )
    assert unary.headers["content-type"] == "application/json"
    assert unary.json()["object"] == "interaction"


def test_post_returns_output_steps_get_returns_timeline(http: httpx.Client) -> None:
    created = http.post("/v1beta/interactions", json={"model": MODEL, "input": "Hi"}).json()
    fetched = http.get(f"/v1beta/interactions/{created['id']}").json()

    assert [s["type"] for s in created["steps"]] == ["model_output"]
    assert [s["type"] for s in fetched["steps"]] == ["user_input", "model_output"]
    assert created["created"].endswith("Z")


def test_drop_without_checkpoint_then_get_resume_replays_exactly_the_rest(
    http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("drop", after=7))
    body = {"model": MODEL, "input": "Explain how AI works", "stream": True}
    with http.stream("POST", "/v1beta/interactions", json=body) as response:
        partial = read_until_broken(response)
    got = [json.loads(d) for _, d in parse_sse(partial)]
    assert len(got) == 7
    assert not any("continuation_token" in e for e in got)

    last = got[-1]["event_id"]
    interaction_id = got[0]["interaction"]["id"]
    rest = http.get(
        f"/v1beta/interactions/{interaction_id}",
        params={"stream": "true", "last_event_id": last},
    )
    frames = parse_sse(rest.text)
    more = [json.loads(d) for _, d in frames[:-1]]

    assert frames[-1] == ("done", "[DONE]")
    assert texts(got + more) == ANSWER
    assert [e["event_id"] for e in got + more] == [
        e["event_id"] for e in fake_gemini.interactions[interaction_id].events
    ]


def test_truncate_ends_the_body_cleanly_without_a_terminal_event(
    http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("truncate", after=5))
    body = {"model": MODEL, "input": "Explain how AI works", "stream": True}
    raw = stream_body(http, body)  # reads to the end: no transport error, unlike a drop
    got = [json.loads(d) for _, d in parse_sse(raw)]

    assert len(got) == 5
    assert {e["event_type"] for e in got}.isdisjoint({"interaction.completed", "error"})
    interaction_id = got[0]["interaction"]["id"]
    rest = http.get(
        f"/v1beta/interactions/{interaction_id}",
        params={"stream": "true", "last_event_id": got[-1]["event_id"]},
    )
    more = [json.loads(d) for _, d in parse_sse(rest.text)[:-1]]
    assert texts(got + more) == ANSWER
    assert fake_gemini.server_errors == []


def test_unencoded_event_id_is_not_found(http: httpx.Client) -> None:
    created = http.post("/v1beta/interactions", json={"model": MODEL, "input": "Hi"}).json()
    events = [
        json.loads(d)
        for _, d in parse_sse(
            http.get(f"/v1beta/interactions/{created['id']}", params={"stream": "true"}).text
        )[:-1]
    ]
    event_id = events[2]["event_id"]
    assert "+" in event_id

    raw = http.get(f"/v1beta/interactions/{created['id']}?stream=true&last_event_id={event_id}")
    assert raw.status_code == 400


def test_drop_with_checkpoint_and_continuation_create(http: httpx.Client) -> None:
    body = {"model": MODEL, "input": "Explain how AI works", "stream": True}
    with http.stream(
        "POST",
        "/v1beta/interactions",
        json=body,
        headers={"x-fake-fault": "drop,after=5,checkpoint=true"},
    ) as response:
        got = [json.loads(d) for _, d in parse_sse(read_until_broken(response))]
    checkpoint = got[-1]
    assert checkpoint["event_type"] == "interaction.status_update"
    assert len(got) == 6

    hop = stream_body(
        http,
        {
            "model": MODEL,
            "stream": True,
            "continuation_token": checkpoint["continuation_token"],
            "previous_interaction_id": got[0]["interaction"]["id"],
        },
    )
    more = [json.loads(d) for _, d in parse_sse(hop)[:-1]]
    assert more[0]["interaction"]["id"] != got[0]["interaction"]["id"]
    assert texts(got) + texts(more) == ANSWER


def test_stall_sends_nothing_for_a_while(http: httpx.Client) -> None:
    body = {"model": MODEL, "input": "Hi", "stream": True}
    with http.stream(
        "POST",
        "/v1beta/interactions",
        json=body,
        headers={"x-fake-fault": "stall,after=3,seconds=0.3"},
    ) as response:
        lines = response.iter_lines()
        before = [next(lines) for _ in range(9)]  # 3 events x 3 lines
        started = time.monotonic()
        after = next(lines)
        waited = time.monotonic() - started
        rest = list(lines)
    assert before[-1] == ""
    assert after.startswith("event: ")
    assert waited >= 0.25
    assert rest[-2:] == ["data: [DONE]", ""]


def test_stall_longer_than_the_client_read_timeout(http: httpx.Client) -> None:
    body = {"model": MODEL, "input": "Hi", "stream": True}
    with (
        http.stream(
            "POST",
            "/v1beta/interactions",
            json=body,
            headers={"x-fake-fault": "stall,after=2,seconds=5"},
            timeout=httpx.Timeout(5, read=0.3),
        ) as response,
        pytest.raises(httpx.ReadTimeout),
    ):
        for _ in response.iter_bytes():
            pass


def test_malformed_event(http: httpx.Client) -> None:
    raw = stream_body(
        http,
        {"model": MODEL, "input": "Hi", "stream": True},
        headers={"x-fake-fault": "malformed_event,after=4"},
    )
    frames = parse_sse(raw)
    bad = [data for _, data in frames if data != "[DONE]" and not data.endswith("}")]
    assert len(bad) == 1
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad[0])


def test_header_spec_hits_once_so_a_retry_passes(http: httpx.Client) -> None:
    headers = {"x-fake-fault": "http_error,status=429,retry_after=2"}
    first = http.post("/v1beta/interactions", json={"model": MODEL, "input": "Hi"}, headers=headers)
    second = http.post(
        "/v1beta/interactions", json={"model": MODEL, "input": "Hi"}, headers=headers
    )

    assert first.status_code == 429
    assert first.headers["retry-after"] == "2"
    assert first.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert second.status_code == 200


def test_model_name_fault(http: httpx.Client) -> None:
    body = {"model": "fault:http_error,status=503,dialect=interactions,times=2", "input": "Hi"}
    statuses = [http.post("/v1beta/interactions", json=body).status_code for _ in range(3)]

    assert statuses == [503, 503, 200]


def test_retry_after_ms_and_path_filter(http: httpx.Client, fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("http_error", status=500, path="/models", retry_after_ms=1500))

    assert http.post("/v1beta/interactions", json={"model": MODEL, "input": "Hi"}).is_success
    failed = http.get("/v1beta/models")
    assert failed.status_code == 500
    assert failed.headers["retry-after-ms"] == "1500"
    assert http.get("/v1beta/models").is_success


def test_bad_fault_header_is_400(http: httpx.Client) -> None:
    response = http.post(
        "/v1beta/interactions",
        json={"model": MODEL, "input": "Hi"},
        headers={"x-fake-fault": "meteor_strike"},
    )
    assert response.status_code == 400


def test_fault_spec_syntax() -> None:
    faults = parse_fault_spec("http_error,status=429,retry_after=1;drop,after=5,checkpoint=true")

    assert faults == [
        Fault("http_error", status=429, retry_after="1"),
        Fault("drop", after=5, checkpoint=True),
    ]


def test_missing_and_invalid_keys(fake_gemini: FakeGemini) -> None:
    with httpx.Client(base_url=fake_gemini.base_url) as anonymous:
        missing = anonymous.post("/v1beta/interactions", json={"model": MODEL, "input": "Hi"})
        invalid = anonymous.get("/v1beta/models", headers={"x-goog-api-key": "INVALID-key"})
        by_query = anonymous.get("/v1beta/models", params={"key": "k"})

    assert missing.status_code == 403
    assert missing.json()["error"]["status"] == "PERMISSION_DENIED"
    assert invalid.status_code == 400
    assert invalid.json()["error"]["details"][0]["reason"] == "API_KEY_INVALID"
    assert by_query.status_code == 200


def test_validation_rejects_unknown_fields(http: httpx.Client, fake_gemini: FakeGemini) -> None:
    response = http.post(
        "/v1beta/interactions",
        json={"model": MODEL, "input": "Hi", "generation_config": {"temprature": 1}},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
    (violation,) = fake_gemini.violations
    assert "generation_config.temprature" in (violation.violation or "")
    fake_gemini.requests.clear()  # not our client; keep the teardown check quiet anyway


def test_replayed_thought_with_edited_signature_is_rejected(http: httpx.Client) -> None:
    history = [
        {"type": "user_input", "content": [{"type": "text", "text": "Hi"}]},
        {"type": "thought", "signature": "c2lnLWFiYw=="},
        {"type": "model_output", "content": [{"type": "text", "text": "Hello"}]},
        {"type": "user_input", "content": [{"type": "text", "text": "Again"}]},
    ]
    response = http.post(
        "/v1beta/interactions", json={"model": MODEL, "store": False, "input": history}
    )
    assert response.status_code == 400


def test_background_requires_store(http: httpx.Client) -> None:
    response = http.post(
        "/v1beta/interactions",
        json={"model": MODEL, "input": "Hi", "background": True, "store": False},
    )
    assert response.status_code == 400


def test_delay_fault_holds_the_whole_answer(http: httpx.Client, fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("delay", seconds=2, path="/models"))

    with pytest.raises(httpx.ReadTimeout):
        http.get("/v1beta/models", timeout=httpx.Timeout(5, read=0.2))
    assert http.get("/v1beta/models").is_success


def test_api_revision_is_checked_when_sent(http: httpx.Client) -> None:
    body = {"model": MODEL, "input": "Hi"}
    good = http.post("/v1beta/interactions", json=body, headers={"Api-Revision": "2026-05-20"})
    legacy = http.post("/v1beta/interactions", json=body, headers={"Api-Revision": "2026-05-07"})

    assert good.status_code == 200
    assert legacy.status_code == 400


def test_sse_error_leaves_a_failed_interaction_with_partial_output(
    http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("sse_error", after=5))
    raw = stream_body(http, {"model": MODEL, "input": "Explain how AI works", "stream": True})
    events = [json.loads(d) for _, d in parse_sse(raw)]
    fetched = http.get(f"/v1beta/interactions/{events[0]['interaction']['id']}").json()

    assert events[-1]["event_type"] == "error"
    assert "[DONE]" not in raw
    assert fetched["status"] == "failed"
    assert fetched["steps"][-1]["content"][0]["text"] == texts(events)
