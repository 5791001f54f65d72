"""Files API over real HTTP: chunked and resumed uploads, processing, expiry, listing."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.api import (
    DEFAULT_CHUNK_SIZE,
    ApiTimeoutError,
    FileProcessingError,
    GeminiClient,
    InvalidRequestError,
    PermissionDeniedError,
)
from tests.api.conftest import SleepRecorder
from tests.fake_gemini.faults import Fault
from tests.fake_gemini.server import FakeGemini

MakeClient = Callable[..., GeminiClient]
CHUNK = 256 * 1024


def make_file(path: Path, size: int) -> Path:
    """Deterministic, non-repeating content so a misplaced chunk changes the hash."""
    with path.open("wb") as fh:
        block = 0
        while fh.tell() < size:
            fh.write(hashlib.sha256(block.to_bytes(8, "big")).digest() * 128)
            block += 1
        fh.truncate(size)
    return path


def sha256_b64(path: Path) -> str:
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


@pytest.mark.asyncio
async def test_upload_in_several_chunks_reports_progress(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    path = make_file(tmp_path / "notes.txt", 3 * CHUNK + 1234)
    progress: list[tuple[int, int]] = []
    async with make_client() as client:
        info = await client.upload_file(
            path,
            mime_type="text/plain",
            display_name="My notes",
            progress=lambda sent, total: progress.append((sent, total)),
            chunk_size=CHUNK,
        )
    size = path.stat().st_size
    assert progress == [(CHUNK, size), (2 * CHUNK, size), (3 * CHUNK, size), (size, size)]
    assert (info.size_bytes, info.mime_type, info.display_name, info.state) == (
        size,
        "text/plain",
        "My notes",
        "ACTIVE",
    )
    assert info.raw["sha256Hash"] == sha256_b64(path)
    assert info.name.startswith("files/")
    assert info.expiration_time is not None
    assert timedelta(hours=47) < info.expiration_time - datetime.now(UTC) <= timedelta(hours=48)
    start, *chunks = fake_gemini.requests
    assert start.path == "/upload/v1beta/files"
    assert start.headers["x-goog-upload-command"] == "start"
    assert start.headers["x-goog-upload-header-content-length"] == str(size)
    assert start.headers["x-goog-upload-header-content-type"] == "text/plain"
    assert [c.headers["x-goog-upload-command"] for c in chunks] == ["upload"] * 3 + [
        "upload, finalize"
    ]
    assert [int(c.headers["x-goog-upload-offset"]) for c in chunks] == [
        0,
        CHUNK,
        2 * CHUNK,
        3 * CHUNK,
    ]
    assert all("x-goog-api-key" not in c.headers for c in chunks)
    # What reached the server, read from the socket (not what the headers claim).
    assert [c.body_size for c in chunks] == [CHUNK, CHUNK, CHUNK, 1234]


@pytest.mark.asyncio
async def test_upload_bigger_than_one_default_chunk(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    path = make_file(tmp_path / "big.bin", DEFAULT_CHUNK_SIZE + 100_000)
    async with make_client() as client:
        info = await client.upload_file(path, mime_type="application/pdf")
    assert info.size_bytes == path.stat().st_size
    assert info.raw["sha256Hash"] == sha256_b64(path)
    sizes = [int(r.headers["content-length"]) for r in fake_gemini.requests[1:]]
    assert sizes == [DEFAULT_CHUNK_SIZE, 100_000]
    assert [r.body_size for r in fake_gemini.requests[1:]] == sizes


@pytest.mark.asyncio
async def test_empty_file_is_one_finalize(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    async with make_client() as client:
        info = await client.upload_file(path, mime_type="text/plain")
    assert info.size_bytes == 0
    assert fake_gemini.requests[-1].headers["x-goog-upload-command"] == "upload, finalize"


@pytest.mark.asyncio
@pytest.mark.parametrize("chunk_size", [CHUNK, 4 * CHUNK])
async def test_upload_broken_at_half_resumes_from_the_server_offset(
    fake_gemini: FakeGemini,
    make_client: MakeClient,
    sleeps: SleepRecorder,
    tmp_path: Path,
    chunk_size: int,
) -> None:
    path = make_file(tmp_path / "clip.bin", 4 * CHUNK)
    size = path.stat().st_size
    cut = size // 2 + 1000
    fake_gemini.add_fault(Fault(kind="upload_break", at_byte=cut))
    progress: list[int] = []
    async with make_client() as client:
        info = await client.upload_file(
            path,
            mime_type="application/octet-stream",
            chunk_size=chunk_size,
            progress=lambda sent, _total: progress.append(sent),
        )
    assert info.size_bytes == size
    assert info.raw["sha256Hash"] == sha256_b64(path)
    commands = [r.headers.get("x-goog-upload-command") for r in fake_gemini.requests]
    queries = commands.count("query")
    assert queries >= 1
    after_query = fake_gemini.requests[commands.index("query") + 1]
    assert int(after_query.headers["x-goog-upload-offset"]) == cut
    assert progress[-1] == size
    assert cut in progress
    # Every byte after the cut was sent again, none before it (the server's offset).
    chunks = [r for r in fake_gemini.requests if "upload" in r.headers["x-goog-upload-command"]]
    broken = chunks[commands.index("query") - 2]
    assert broken.body_size >= cut % chunk_size  # at least what the server kept of it
    assert sum(r.body_size for r in chunks) - broken.body_size == size - cut % chunk_size
    assert sleeps.waits == [0.5 * 2**n for n in range(queries)]  # one backoff per break


@pytest.mark.asyncio
async def test_video_goes_from_processing_to_active(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, tmp_path: Path
) -> None:
    fake_gemini.set_processing_polls(3)
    path = make_file(tmp_path / "clip.mp4", 5000)
    async with make_client() as client:
        info = await client.upload_file(path, mime_type="video/mp4")
        assert info.state == "PROCESSING"
        active = await client.wait_until_active(info.name, poll_interval=0.5)
    assert active.state == "ACTIVE"
    assert active.raw["videoMetadata"] == {"videoDuration": "12s"}
    assert sleeps.waits == [0.5, 1.0, 2.0]


@pytest.mark.asyncio
async def test_failed_processing_raises(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    fake_gemini.add_fault(Fault(kind="file_failed"))
    path = make_file(tmp_path / "bad.mp4", 100)
    async with make_client() as client:
        info = await client.upload_file(path, mime_type="video/mp4")
        with pytest.raises(FileProcessingError, match="could not be processed"):
            await client.wait_until_active(info.name)


@pytest.mark.asyncio
async def test_wait_until_active_gives_up_after_timeout(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, tmp_path: Path
) -> None:
    fake_gemini.set_processing_polls(1000)
    path = make_file(tmp_path / "long.mp4", 100)
    async with make_client() as client:
        info = await client.upload_file(path, mime_type="video/mp4")
        with pytest.raises(ApiTimeoutError, match="still PROCESSING"):
            await client.wait_until_active(info.name, timeout=20)
    assert sleeps.waits == [1.0, 2.0, 4.0, 8.0]  # the next 10 s wait would pass 20 s


@pytest.mark.asyncio
async def test_get_list_delete_and_expiry(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    async with make_client() as client:
        uploaded = [
            await client.upload_file(
                make_file(tmp_path / f"f{i}.txt", 10 + i), mime_type="text/plain"
            )
            for i in range(12)
        ]
        listed = await client.list_files(page_size=5)
        assert sorted(f.name for f in listed) == sorted(f.name for f in uploaded)
        assert len(fake_gemini.requests_to("/v1beta/files", "GET")) == 3  # 5 + 5 + 2
        first = uploaded[0]
        for ref in (first.name, first.name.removeprefix("files/"), first.uri):
            assert (await client.get_file(ref)).name == first.name
        await client.delete_file(first.name)
        with pytest.raises(PermissionDeniedError):
            await client.get_file(first.name)
        fake_gemini.expire_file(uploaded[1].name)
        with pytest.raises(PermissionDeniedError) as info:
            await client.get_file(uploaded[1].name)
        assert "may not exist" in info.value.message
        assert len(await client.list_files()) == 10
    for ref in (first.name, uploaded[1].name):
        assert ref not in fake_gemini.files or fake_gemini.state.files[ref[6:]].expired


@pytest.mark.asyncio
async def test_expired_or_unready_file_in_a_turn_is_refused_without_retries(
    fake_gemini: FakeGemini, make_client: MakeClient, sleeps: SleepRecorder, tmp_path: Path
) -> None:
    def turn(uri: str, mime: str) -> dict[str, object]:
        return {
            "model": "gemini-3-flash-preview",
            "input": [
                {"type": "text", "text": "What is it?"},
                {"type": "image", "uri": uri, "mime_type": mime},
            ],
        }

    async with make_client() as client:
        image = await client.upload_file(make_file(tmp_path / "a.png", 50), mime_type="image/png")
        fake_gemini.expire_file(image.name)
        with pytest.raises(PermissionDeniedError, match="may not exist"):
            await client.create(turn(image.uri, "image/png"))
        video = await client.upload_file(make_file(tmp_path / "v.mp4", 50), mime_type="video/mp4")
        with pytest.raises(InvalidRequestError, match="not in an ACTIVE state"):
            await client.create(turn(video.uri, "video/mp4"))
        fake_gemini.add_fault(Fault(kind="file_expired"))
        with pytest.raises(PermissionDeniedError):
            await client.get_file(video.name)
    assert sleeps.waits == []


@pytest.mark.asyncio
async def test_missing_file_fails_before_any_request(
    fake_gemini: FakeGemini, make_client: MakeClient, tmp_path: Path
) -> None:
    async with make_client() as client:
        with pytest.raises(FileNotFoundError):
            await client.upload_file(tmp_path / "nope.txt", mime_type="text/plain")
    assert fake_gemini.requests == []
