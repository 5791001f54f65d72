"""The incremental SSE decoder on hostile byte streams (protocol §4.1, appendix A)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.api.sse import DONE, MalformedData, SSEDecoder, aiter_payloads, decode_payload

TURKISH = "Çalışkan öğrenciler ğüşıöç İstanbul’da — “şık” 🐈 naïve"


def decode_all(chunks: Iterable[bytes]) -> list[object]:
    decoder = SSEDecoder()
    events = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.close())
    payloads = [decode_payload(e) for e in events]
    return [p for p in payloads if p is not None]


def splits(data: bytes) -> Iterable[list[bytes]]:
    """The stream in one piece, then cut in two at every position, then byte by byte."""
    yield [data]
    for i in range(1, len(data)):
        yield [data[:i], data[i:]]
    yield [data[i : i + 1] for i in range(len(data))]


def frame(obj: dict[str, object], *, nl: str = "\n", event: bool = True) -> str:
    head = f"event: {obj['event_type']}{nl}" if event else ""
    return f"{head}data: {json.dumps(obj, ensure_ascii=False)}{nl}{nl}"


DELTA = {
    "event_type": "step.delta",
    "event_id": "evt_3",
    "index": 1,
    "delta": {"type": "text", "text": TURKISH},
}
CREATED = {"event_type": "interaction.created", "event_id": "evt_0", "interaction": {"id": "v1_a"}}


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_every_split_of_a_stream_gives_the_same_events(nl: str) -> None:
    text = frame(CREATED, nl=nl) + frame(DELTA, nl=nl) + f"event: done{nl}data: [DONE]{nl}{nl}"
    data = text.encode("utf-8")
    expected = [CREATED, DELTA, DONE]
    for chunks in splits(data):
        assert decode_all(chunks) == expected


def test_split_inside_every_multibyte_character() -> None:
    data = frame(DELTA).encode("utf-8")
    multibyte_positions = [i for i, b in enumerate(data) if b & 0xC0 == 0x80]
    assert len(multibyte_positions) > 20  # the fixture really has split points inside characters
    for i in multibyte_positions:
        assert decode_all([data[:i], data[i:]]) == [DELTA]


def test_crlf_split_between_cr_and_lf_does_not_end_the_event_early() -> None:
    # JSON split over two data: lines; a CR/LF cut in the middle must not make a blank line.
    text = 'data: {"event_type": "step.delta",\r\ndata: "index": 0}\r\n\r\n'
    data = text.encode()
    cr = data.index(b"\r")
    assert decode_all([data[: cr + 1], data[cr + 1 :]]) == [
        {"event_type": "step.delta", "index": 0}
    ]


def test_comments_missing_event_lines_and_data_without_space() -> None:
    text = (
        ": keep-alive\n"
        ":another comment\n"
        'data:{"event_type":"step.stop","index":0}\n'
        "\n"
        "data: [DONE]\n\n"
    )
    assert decode_all([text.encode()]) == [{"event_type": "step.stop", "index": 0}, DONE]


def test_multi_line_data_is_joined_with_newlines() -> None:
    text = 'event: x\ndata: {"a":\ndata: "b\\nc"}\n\n'
    assert decode_all([text.encode()]) == [{"a": "b\nc"}]


def test_retry_only_and_id_only_blocks_are_skipped() -> None:
    text = 'retry: 3000\n\nid: 7\n\ndata: {"event_type":"step.stop"}\n\n'
    assert decode_all([text.encode()]) == [{"event_type": "step.stop"}]


def test_leading_bom_is_dropped_even_when_split() -> None:
    data = "\ufeff".encode() + frame(CREATED).encode()
    for chunks in splits(data[:8]):
        assert decode_all([*chunks, data[8:]]) == [CREATED]


def test_unfinished_block_at_eof_is_discarded() -> None:
    data = (frame(CREATED) + 'data: {"event_type":"step.delta"}\n').encode()
    assert decode_all([data]) == [CREATED]
    # ...but a lone CR at EOF is a complete line end, so a blank line there finishes it.
    assert decode_all([data + b"\r"]) == [CREATED, {"event_type": "step.delta"}]


def test_malformed_json_and_non_objects_are_reported_not_raised() -> None:
    text = "event: step.delta\ndata: {not json\n\ndata: [1, 2]\n\n"
    result = decode_all([text.encode()])
    assert result == [MalformedData("step.delta", "{not json"), MalformedData("message", "[1, 2]")]


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    data = b'data: {"t": "\xff\xfe"}\n\n'
    assert decode_all([data]) == [{"t": "\ufffd\ufffd"}]


@pytest.mark.asyncio
async def test_aiter_payloads_reads_an_async_byte_stream() -> None:
    data = (frame(CREATED) + frame(DELTA) + "data: [DONE]\n\n").encode()

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), 7):
            yield data[i : i + 7]

    assert [p async for p in aiter_payloads(chunks())] == [CREATED, DELTA, DONE]


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(_text, min_size=1, max_size=6),
    nl=st.sampled_from(["\n", "\r\n", "\r"]),
    with_event=st.booleans(),
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12),
)
def test_any_stream_any_cut(texts: list[str], nl: str, with_event: bool, cuts: list[int]) -> None:
    objs = [
        {"event_type": "step.delta", "event_id": f"e{i}", "delta": {"type": "text", "text": t}}
        for i, t in enumerate(texts)
    ]
    data = (
        ":hello"
        + nl
        + "".join(frame(o, nl=nl, event=with_event) for o in objs)
        + "data: [DONE]"
        + nl
        + nl
    ).encode("utf-8")
    points = sorted({c % (len(data) + 1) for c in cuts})
    chunks = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    assert decode_all(c for c in chunks if c) == [*objs, DONE]
