"""The rest of the SDK surface against the emulator: get/cancel/delete, models, files, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from google import genai
from google.genai import errors
from google.genai._interactions import (
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)

from tests.conformance.conftest import sdk_client
from tests.conformance.test_source_examples import MODEL, make_png
from tests.fake_gemini import FakeGemini, Fault
from tests.fake_gemini.catalog import MODELS


@pytest.fixture(scope="session")
def _no_retry_client(_fake_gemini_server: FakeGemini) -> Iterator[genai.Client]:
    sdk = sdk_client(_fake_gemini_server, retry_options={"attempts": 1})
    yield sdk
    sdk.close()


@pytest.fixture
def no_retry(_no_retry_client: genai.Client, fake_gemini: FakeGemini) -> genai.Client:
    return _no_retry_client


def text_of(stream: object) -> str:
    return "".join(
        e.delta.text
        for e in stream  # type: ignore[attr-defined]
        if e.event_type == "step.delta" and e.delta.type == "text"
    )


# -- interactions: get / cancel / delete -----------------------------------------------


def test_get_returns_whole_timeline(client: genai.Client, fake_gemini: FakeGemini) -> None:
    created = client.interactions.create(model=MODEL, input="Hello there")
    fetched = client.interactions.get(created.id)

    assert [s.type for s in created.steps] == ["model_output"]
    assert [s.type for s in fetched.steps] == ["user_input", "model_output"]
    assert fetched.steps[0].content[0].text == "Hello there"
    assert fetched.steps[-1].content[0].text == created.steps[-1].content[0].text
    assert fetched.status == "completed"
    get_request = fake_gemini.requests[-1]
    assert get_request.method == "GET"
    assert get_request.query == {"stream": "false"}


def test_get_include_input(client: genai.Client) -> None:
    created = client.interactions.create(model=MODEL, input="Hello there")
    fetched = client.interactions.get(created.id, include_input=True)

    assert fetched.input == "Hello there"


def test_get_stream_resumes_after_last_event_id(client: genai.Client) -> None:
    created = client.interactions.create(model=MODEL, input="Explain how AI works")
    events = list(client.interactions.get(created.id, stream=True))
    ids = [e.event_id for e in events]
    resumed = list(client.interactions.get(created.id, stream=True, last_event_id=ids[4]))

    assert events[0].event_type == "interaction.created"
    assert events[-1].event_type == "interaction.completed"
    assert len(set(ids)) == len(ids)
    assert [e.event_id for e in resumed] == ids[5:]


def test_background_cancel(client: genai.Client, fake_gemini: FakeGemini) -> None:
    created = client.interactions.create(model=MODEL, input="Long task", background=True)
    cancelled = client.interactions.cancel(created.id)

    assert created.status == "in_progress"
    assert cancelled.status == "cancelled"
    assert client.interactions.get(created.id).status == "cancelled"
    assert fake_gemini.requests[1].path.endswith(f"/interactions/{created.id}/cancel")


def test_background_completes_after_polls(client: genai.Client, fake_gemini: FakeGemini) -> None:
    fake_gemini.set_background_polls(2)
    created = client.interactions.create(model=MODEL, input="Long task", background=True)
    statuses = [client.interactions.get(created.id).status for _ in range(3)]

    assert statuses == ["in_progress", "in_progress", "completed"]
    assert client.interactions.get(created.id).steps[-1].content[0].text.endswith("Long task")


def test_cancel_foreground_is_rejected(no_retry: genai.Client) -> None:
    created = no_retry.interactions.create(model=MODEL, input="Quick")
    with pytest.raises(BadRequestError):
        no_retry.interactions.cancel(created.id)


def test_delete(client: genai.Client, no_retry: genai.Client, fake_gemini: FakeGemini) -> None:
    created = client.interactions.create(model=MODEL, input="Forget me")

    assert client.interactions.delete(created.id) is None
    assert created.id not in fake_gemini.interactions
    with pytest.raises(NotFoundError):
        no_retry.interactions.get(created.id)


def test_v1_default_path_works(fake_gemini: FakeGemini) -> None:
    sdk = genai.Client(api_key=fake_gemini.api_key, http_options={"base_url": fake_gemini.base_url})
    try:
        interaction = sdk.interactions.create(model=MODEL, input="v1?")
    finally:
        sdk.close()
    assert interaction.status == "completed"
    assert fake_gemini.requests[0].path == "/v1/interactions"


# -- models ----------------------------------------------------------------------------


def test_models_list_follows_pages(client: genai.Client, fake_gemini: FakeGemini) -> None:
    names = [m.name for m in client.models.list(config={"page_size": 2})]

    assert names == [m["name"] for m in MODELS]
    pages = fake_gemini.requests_to("/models")
    assert len(pages) == (len(MODELS) + 1) // 2
    assert pages[0].query == {"pageSize": "2"}
    assert "pageToken" in pages[1].query


# -- files -----------------------------------------------------------------------------


def test_files_get_list_delete(
    client: genai.Client, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    make_png(tmp_path / "a.png")
    (tmp_path / "notes.txt").write_text("x" * 300)
    png = client.files.upload(file=str(tmp_path / "a.png"))
    txt = client.files.upload(file=str(tmp_path / "notes.txt"), config={"display_name": "Notes"})

    assert txt.size_bytes == 300
    assert txt.display_name == "Notes"
    assert txt.expiration_time is not None
    assert txt.create_time is not None
    assert (txt.expiration_time - txt.create_time).total_seconds() == 48 * 3600
    fetched = client.files.get(name=png.name)
    assert fetched.sha256_hash == fake_gemini.files[png.name].json()["sha256Hash"]
    listed = [f.name for f in client.files.list(config={"page_size": 1})]
    assert listed == [png.name, txt.name]
    client.files.delete(name=png.name)
    assert list(fake_gemini.files) == [txt.name]
    with pytest.raises(errors.ClientError) as caught:
        client.files.get(name=png.name)
    assert caught.value.code == 403


def test_files_list_empty(client: genai.Client, fake_gemini: FakeGemini) -> None:
    assert list(client.files.list()) == []
    assert fake_gemini.requests[-1].path == "/v1beta/files"


def test_expired_file_is_403(client: genai.Client, fake_gemini: FakeGemini, tmp_path: Path) -> None:
    make_png(tmp_path / "a.png")
    uploaded = client.files.upload(file=str(tmp_path / "a.png"))
    assert uploaded.name is not None
    fake_gemini.expire_file(uploaded.name)

    with pytest.raises(errors.ClientError) as caught:
        client.files.get(name=uploaded.name)
    assert caught.value.code == 403
    assert caught.value.status == "PERMISSION_DENIED"


def test_video_goes_processing_then_active(
    client: genai.Client, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(1000))
    uploaded = client.files.upload(file=str(tmp_path / "clip.mp4"))
    assert uploaded.name is not None

    states = [client.files.get(name=uploaded.name).state for _ in range(2)]
    assert uploaded.state == "PROCESSING"
    assert states == ["PROCESSING", "ACTIVE"]


def test_upload_in_several_chunks(
    client: genai.Client, fake_gemini: FakeGemini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from google.genai import _api_client

    monkeypatch.setattr(_api_client, "CHUNK_SIZE", 128)
    (tmp_path / "notes.txt").write_bytes(bytes(range(256)) + b"tail")
    uploaded = client.files.upload(file=str(tmp_path / "notes.txt"))

    chunks = [r for r in fake_gemini.requests if "upload_id" in r.query]
    assert [c.headers["x-goog-upload-offset"] for c in chunks] == ["0", "128", "256"]
    assert [c.headers["x-goog-upload-command"] for c in chunks][-1] == "upload, finalize"
    assert all("x-goog-api-key" not in c.headers for c in chunks)
    assert uploaded.size_bytes == 260


# -- errors ----------------------------------------------------------------------------


def test_unknown_previous_interaction_is_404(no_retry: genai.Client) -> None:
    with pytest.raises(NotFoundError) as caught:
        no_retry.interactions.create(model=MODEL, input="Hi", previous_interaction_id="nope")
    assert caught.value.status_code == 404


def test_store_false_is_not_chainable(no_retry: genai.Client) -> None:
    first = no_retry.interactions.create(model=MODEL, input="I have 2 dogs.", store=False)
    with pytest.raises(NotFoundError):
        no_retry.interactions.create(model=MODEL, input="Paws?", previous_interaction_id=first.id)


def test_expired_previous_interaction_is_404(
    no_retry: genai.Client, fake_gemini: FakeGemini
) -> None:
    first = no_retry.interactions.create(model=MODEL, input="I have 2 dogs.")
    fake_gemini.expire_interaction(first.id)
    with pytest.raises(NotFoundError):
        no_retry.interactions.create(model=MODEL, input="Paws?", previous_interaction_id=first.id)


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault("http_error", status=429, times=0, retry_after="0"), RateLimitError),
        (Fault("http_error", status=500, times=0), InternalServerError),
        (Fault("http_error", status=503, times=0, dialect="text"), InternalServerError),
        (Fault("http_error", status=400, times=0, dialect="interactions"), BadRequestError),
        (Fault("http_error", status=404, times=0, dialect="interactions"), NotFoundError),
    ],
)
def test_error_mapping(
    no_retry: genai.Client, fake_gemini: FakeGemini, fault: Fault, error: type[Exception]
) -> None:
    fake_gemini.add_fault(fault)
    with pytest.raises(error) as caught:
        no_retry.interactions.create(model=MODEL, input="Hi")
    assert caught.value.status_code == fault.status  # type: ignore[attr-defined]


def test_429_with_retry_after_ms_is_retried(client: genai.Client, fake_gemini: FakeGemini) -> None:
    fault = fake_gemini.add_fault(Fault("http_error", status=429, retry_after_ms=5))
    interaction = client.interactions.create(model=MODEL, input="Hi")

    assert interaction.status == "completed"
    assert fault.hits == 1
    assert len(fake_gemini.requests) == 2


def test_invalid_key_is_400_api_key_invalid(fake_gemini: FakeGemini) -> None:
    sdk = genai.Client(
        api_key="invalid-key",
        http_options={
            "base_url": fake_gemini.base_url,
            "api_version": "v1beta",
            "retry_options": {"attempts": 1},
        },
    )
    try:
        with pytest.raises(BadRequestError) as caught:
            sdk.interactions.create(model=MODEL, input="Hi")
    finally:
        sdk.close()
    body = caught.value.body
    assert isinstance(body, dict)
    assert body["error"]["details"][0]["reason"] == "API_KEY_INVALID"


def test_sse_error_event_is_yielded(client: genai.Client, fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("sse_error", after=4, code="resource_exhausted", message="quota"))
    events = list(client.interactions.create(model=MODEL, input="Hi", stream=True))

    assert [e.event_type for e in events][-1] == "error"
    assert events[-1].error.code == "resource_exhausted"
    assert len(events) == 5


# -- streaming details -----------------------------------------------------------------


def test_step_start_carrying_text_is_visible(client: genai.Client, fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("step_start_text"))
    starts: list[str] = []
    deltas: list[str] = []
    for event in client.interactions.create(model=MODEL, input="Hi", stream=True):
        if event.event_type == "step.start" and event.step.type == "model_output":
            starts.append(event.step.content[0].text)
        elif event.event_type == "step.delta" and event.delta.type == "text":
            deltas.append(event.delta.text)

    assert len(starts) == 1
    assert starts[0]
    assert starts[0] + "".join(deltas) == "I can see 1 user turn(s).\nYou said: Hi"


def test_unknown_event_and_delta_types_do_not_break_the_sdk(
    client: genai.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("unknown_event", after=2))
    fake_gemini.add_fault(Fault("unknown_delta", after=5))
    text = text_of(client.interactions.create(model=MODEL, input="Hi", stream=True))

    assert text == "I can see 1 user turn(s).\nYou said: Hi"
    (record,) = fake_gemini.interactions.values()
    kinds = [e["event_type"] for e in record.events]
    assert "interaction.mystery_update" in kinds
    assert any(e.get("delta", {}).get("type") == "hologram" for e in record.events)


def test_thought_summary_and_signature_stream(client: genai.Client) -> None:
    events = list(
        client.interactions.create(
            model=MODEL,
            input="Hi",
            stream=True,
            generation_config={"thinking_level": "high", "thinking_summaries": "auto"},
        )
    )
    deltas = [e.delta for e in events if e.event_type == "step.delta" and e.index == 0]

    assert [d.type for d in deltas][-1] == "thought_signature"
    summary = "".join(d.content.text for d in deltas if d.type == "thought_summary")
    assert summary.startswith("**Counting the turns**")
    assert len([d for d in deltas if d.type == "thought_summary"]) >= 2


def test_max_output_tokens_gives_incomplete(client: genai.Client) -> None:
    interaction = client.interactions.create(
        model=MODEL, input="Tell me a long story", generation_config={"max_output_tokens": 5}
    )

    assert interaction.status == "incomplete"
    assert len(interaction.steps[-1].content[0].text) == 20


def test_markdown_command_streams_many_small_deltas(client: genai.Client) -> None:
    deltas = [
        e.delta.text
        for e in client.interactions.create(model=MODEL, input="/markdown 3000", stream=True)
        if e.event_type == "step.delta" and e.delta.type == "text"
    ]
    text = "".join(deltas)

    assert len(text) == 3000
    assert all(5 <= len(d) <= 40 for d in deltas[:-1])
    for marker in ("## ", "```python", "```javascript", "| Sütun", "- ", "ş", "İ"):
        assert marker in text


# -- continuation ----------------------------------------------------------------------


def test_drop_after_checkpoint_is_continued_by_the_sdk(
    client: genai.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("drop", after=6, checkpoint=True))
    text = text_of(
        client.interactions.create(model=MODEL, input="Explain how AI works", stream=True)
    )

    assert text == "I can see 1 user turn(s).\nYou said: Explain how AI works"
    creates = fake_gemini.requests_to("/interactions", "POST")
    assert len(creates) == 2
    hop = creates[1].json
    assert "input" not in hop
    assert hop["continuation_token"].startswith("ckpt_")
    first_id = next(iter(fake_gemini.interactions))
    assert hop["previous_interaction_id"] == first_id
    # The interaction itself completed server-side: GET has the whole answer too.
    assert fake_gemini.interactions[first_id].output_text == text


def test_truncated_stream_is_silently_taken_as_finished_by_the_sdk(
    client: genai.Client, fake_gemini: FakeGemini
) -> None:
    # The trap of protocol §0.7, reproduced: this is why our client treats it as a drop.
    fake_gemini.add_fault(Fault("truncate", after=6))
    events = list(
        client.interactions.create(model=MODEL, input="Explain how AI works", stream=True)
    )

    assert len(events) == 6
    assert "interaction.completed" not in {e.event_type for e in events}
    assert len(fake_gemini.requests) == 1


def test_requires_continuation_is_merged_by_the_sdk(
    client: genai.Client, fake_gemini: FakeGemini
) -> None:
    whole = client.interactions.create(model=MODEL, input="Explain how AI works")
    fake_gemini.add_fault(Fault("requires_continuation"))
    interaction = client.interactions.create(model=MODEL, input="Explain how AI works")

    assert interaction.status == "completed"
    assert interaction.output_text == "I can see 1 user turn(s).\nYou said: Explain how AI works"
    assert len(fake_gemini.requests_to("/interactions", "POST")) == 3
    # The SDK sums the hops' usage: each hop reports its own part, so nothing counts twice.
    assert interaction.usage is not None
    assert whole.usage is not None
    assert interaction.usage.total_tokens == whole.usage.total_tokens
    assert interaction.usage.total_input_tokens == whole.usage.total_input_tokens
    assert interaction.usage.total_output_tokens == whole.usage.total_output_tokens


def test_streamed_requires_continuation_hops_are_concatenated(
    client: genai.Client, fake_gemini: FakeGemini
) -> None:
    fake_gemini.add_fault(Fault("requires_continuation"))
    events = list(
        client.interactions.create(model=MODEL, input="Explain how AI works", stream=True)
    )
    completed = [e.interaction.status for e in events if e.event_type == "interaction.completed"]
    text = "".join(
        e.delta.text for e in events if e.event_type == "step.delta" and e.delta.type == "text"
    )

    assert completed == ["requires_continuation", "completed"]
    assert text == "I can see 1 user turn(s).\nYou said: Explain how AI works"


def test_stateless_replay_with_thoughts_keeps_signatures(
    client: genai.Client, fake_gemini: FakeGemini
) -> None:
    config = {"thinking_level": "low", "thinking_summaries": "auto"}
    history: list[dict[str, object]] = [
        {"type": "user_input", "content": [{"type": "text", "text": "I have 3 cats."}]}
    ]
    first = client.interactions.create(
        model=MODEL, store=False, input=history, generation_config=config
    )
    history += [step.model_dump() for step in first.steps]
    history.append({"type": "user_input", "content": [{"type": "text", "text": "Paws?"}]})
    second = client.interactions.create(
        model=MODEL, store=False, input=history, generation_config=config
    )

    assert [s.type for s in first.steps] == ["thought", "model_output"]
    assert "That makes 12 paws." in second.output_text
    replayed = fake_gemini.requests[1].json["input"][1]
    assert replayed["signature"] == first.steps[0].signature


def test_citations_reach_the_sdk(client: genai.Client) -> None:
    unary = client.interactions.create(model=MODEL, input="Sources? /cite")
    events = list(client.interactions.create(model=MODEL, input="Sources? /cite", stream=True))
    deltas = [e.delta for e in events if e.event_type == "step.delta"]

    (citation,) = unary.steps[-1].content[0].annotations
    assert citation.type == "url_citation"
    assert citation.url == "https://example.com/fake-gemini/source"
    assert citation.end_index == len("I can see 1 user turn(s).")
    assert deltas[-1].type == "text_annotation_delta"
    assert deltas[-1].annotations == [citation]
